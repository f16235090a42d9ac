/* vt.h: a small ANSI terminal emulator (80x25) for serial console text. */
/* SPDX-License-Identifier: ISC */
#ifndef VNCD_VT_H
#define VNCD_VT_H

#include <stddef.h>
#include <stdint.h>

/*
 * What a Linux console, a getty and a BIOS setup screen over serial send:
 * C0 controls, ESC 7/8/D/E/M/c, ESC ( ) charset (DEC line drawing), CSI
 * cursor movement (A-H, f, d, G, `), erase (J, K, X), insert/delete (L, M,
 * @, P), scroll (S, T, r), SGR colours (16 colours, bold, reverse,
 * underline, 38/48;5 folded to 16), DECSET 7 (wrap) 25 (cursor) and 1
 * (cursor keys), DSR 5n/6n and DA (answered through vt.reply).  UTF-8 is
 * decoded; what CP437 cannot show becomes '?', except that bytes which
 * are not UTF-8 (or two-byte sequences CP437 has no glyph for) are taken
 * as raw CP437, as legacy BIOS console redirection sends line drawing.
 * Pure: bytes in, cells out.
 */
#define VT_COLS		80
#define VT_ROWS		25
#define VT_PARAMS	16
#define VT_REPLY_MAX	64

enum vt_color {
	VT_BLACK, VT_RED, VT_GREEN, VT_BROWN, VT_BLUE, VT_MAGENTA, VT_CYAN,
	VT_LIGHTGRAY, VT_DARKGRAY, VT_LIGHTRED, VT_LIGHTGREEN, VT_YELLOW,
	VT_LIGHTBLUE, VT_LIGHTMAGENTA, VT_LIGHTCYAN, VT_WHITE
};
#define VT_DEFAULT_FG	VT_LIGHTGRAY
#define VT_DEFAULT_BG	VT_BLACK

#define VT_UNDERLINE	0x01

struct vt_cell {
	uint8_t		ch;		/* CP437 glyph */
	uint8_t		fg;		/* enum vt_color, bold/reverse applied */
	uint8_t		bg;
	uint8_t		attr;		/* VT_UNDERLINE */
};

enum vt_state {
	VT_GROUND, VT_ESC, VT_CSI, VT_OSC, VT_OSC_ESC, VT_CHARSET, VT_IGNORE1
};

struct vt {
	struct vt_cell	 cell[VT_ROWS][VT_COLS];
	int		 x, y;			/* cursor */
	int		 wrapnext;		/* deferred wrap at the last column */
	int		 sx, sy;		/* ESC 7 / CSI s */
	uint8_t		 sfg, sbg, sattr, sbold, srev;
	int		 top, bot;		/* scroll region, inclusive */
	uint8_t		 fg, bg, attr;		/* SGR, before bold/reverse */
	int		 bold, reverse;
	int		 autowrap;
	int		 cursor_on;
	int		 appcursor;		/* DECCKM: arrows send ESC O x */
	int		 g[2];			/* 1: DEC special graphics */
	int		 gl;			/* 0: G0, 1: G1 (SO/SI) */
	int		 charset_slot;
	enum vt_state	 state;
	int		 param[VT_PARAMS];
	int		 nparam;
	int		 priv;			/* '?' or '>' after CSI */
	uint32_t	 ucs;			/* UTF-8 decoding */
	int		 ucs_left;
	uint8_t		 ucs_raw[4];		/* its bytes, for raw CP437 */
	int		 ucs_n;
	/* full-screen scrolls up since vt_take_scroll(): a CopyRect hint */
	int		 scrolled;
	/* bytes the terminal answers (DSR, DA); the caller sends and clears */
	uint8_t		 reply[VT_REPLY_MAX];
	size_t		 replylen;
};

void	vt_init(struct vt *);
void	vt_feed(struct vt *, const void *, size_t);
/* Full-screen scroll count since the last call (then reset to 0). */
int	vt_take_scroll(struct vt *);

/* Modifier bits for vt_key. */
#define VT_MOD_CTRL	0x01
#define VT_MOD_ALT	0x02
#define VT_MOD_SHIFT	0x04

/*
 * X11 keysym pressed with mods -> bytes for the console: printable (UTF-8),
 * Return -> \r, BackSpace -> 0x7f, arrows -> ESC [ A.. (ESC O A.. in
 * application cursor mode), Home/End/Insert/Delete/PgUp/PgDn, F1-F12,
 * Ctrl+letter -> 0x01-0x1a, Alt -> ESC prefix.  Returns the length, 0 for
 * keys that send nothing (modifiers), or 0 if it does not fit in cap.
 */
size_t	vt_key(const struct vt *, uint32_t keysym, unsigned mods,
	    uint8_t *out, size_t cap);

#endif
