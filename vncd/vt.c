/* vt.c: a small ANSI terminal emulator (80x25) for serial console text. */
/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "font.h"
#include "util.h"
#include "vt.h"

/* ECMA-48 parameters are clamped here: nothing on screen needs more. */
#define VT_PARAM_MAX	9999

/* DEC special graphics 0x5f-0x7e (VT100 line drawing) as CP437 glyphs. */
static const uint8_t dec_graphics[32] = {
	' ', 0x04, 0xb1, 0x09, 0x0c, 0x0d, 0x0a, 0xf8,	/* _ ` a b c d e f */
	0xf1, 0x0a, 0x0b, 0xd9, 0xbf, 0xda, 0xc0, 0xc5,	/* g h i j k l m n */
	0xc4, 0xc4, 0xc4, 0xc4, '_', 0xc3, 0xb4, 0xc1,	/* o p q r s t u v */
	0xc2, 0xb3, 0xf3, 0xf2, 0xe3, 0xd8, 0x9c, 0xfa	/* w x y z { | } ~ */
};

static void
vt_reset_attrs(struct vt *vt)
{
	vt->fg = VT_DEFAULT_FG;
	vt->bg = VT_DEFAULT_BG;
	vt->attr = 0;
	vt->bold = vt->reverse = 0;
}

static struct vt_cell
vt_blank(const struct vt *vt)
{
	struct vt_cell	c;

	/* erased cells take the current background, as the Linux console */
	c.ch = ' ';
	c.fg = vt->reverse ? vt->bg : vt->fg;
	c.bg = vt->reverse ? vt->fg : vt->bg;
	c.attr = 0;
	return c;
}

void
vt_init(struct vt *vt)
{
	int	y, x;

	memset(vt, 0, sizeof(*vt));
	vt_reset_attrs(vt);
	vt->top = 0;
	vt->bot = VT_ROWS - 1;
	vt->autowrap = 1;
	vt->cursor_on = 1;
	for (y = 0; y < VT_ROWS; y++)
		for (x = 0; x < VT_COLS; x++)
			vt->cell[y][x] = vt_blank(vt);
}

int
vt_take_scroll(struct vt *vt)
{
	int	n = vt->scrolled;

	vt->scrolled = 0;
	return n;
}

static void
vt_clear(struct vt *vt, int y, int x0, int x1)
{
	struct vt_cell	b = vt_blank(vt);
	int		x;

	for (x = x0; x < x1; x++)
		vt->cell[y][x] = b;
}

/* Scroll rows top..bot up by n (new blank rows at the bottom). */
static void
vt_scroll_up(struct vt *vt, int top, int bot, int n)
{
	int	y;

	if (n <= 0)
		return;
	if (n > bot - top + 1)
		n = bot - top + 1;
	memmove(&vt->cell[top][0], &vt->cell[top + n][0],
	    sizeof(vt->cell[0]) * (bot - top + 1 - n));
	for (y = bot - n + 1; y <= bot; y++)
		vt_clear(vt, y, 0, VT_COLS);
	if (top == 0 && bot == VT_ROWS - 1)
		vt->scrolled += n;
}

static void
vt_scroll_down(struct vt *vt, int top, int bot, int n)
{
	int	y;

	if (n <= 0)
		return;
	if (n > bot - top + 1)
		n = bot - top + 1;
	memmove(&vt->cell[top + n][0], &vt->cell[top][0],
	    sizeof(vt->cell[0]) * (bot - top + 1 - n));
	for (y = top; y < top + n; y++)
		vt_clear(vt, y, 0, VT_COLS);
}

static void
vt_linefeed(struct vt *vt)
{
	if (vt->y == vt->bot)
		vt_scroll_up(vt, vt->top, vt->bot, 1);
	else if (vt->y < VT_ROWS - 1)
		vt->y++;
}

static void
vt_revindex(struct vt *vt)
{
	if (vt->y == vt->top)
		vt_scroll_down(vt, vt->top, vt->bot, 1);
	else if (vt->y > 0)
		vt->y--;
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void
vt_goto(struct vt *vt, int y, int x)
{
	vt->y = clamp(y, 0, VT_ROWS - 1);
	vt->x = clamp(x, 0, VT_COLS - 1);
	vt->wrapnext = 0;
}

static void
vt_put(struct vt *vt, uint8_t ch)
{
	struct vt_cell	*c;

	if (vt->wrapnext) {
		vt->wrapnext = 0;
		if (vt->autowrap) {
			vt->x = 0;
			vt_linefeed(vt);
		}
	}
	c = &vt->cell[vt->y][vt->x];
	c->ch = ch;
	c->fg = vt->reverse ? vt->bg : vt->fg;
	c->bg = vt->reverse ? vt->fg : vt->bg;
	if (vt->bold && !vt->reverse && c->fg < 8)
		c->fg += 8;
	if (vt->bold && vt->reverse && c->bg < 8)
		c->bg += 8;
	c->attr = vt->attr;
	if (vt->x == VT_COLS - 1)
		vt->wrapnext = 1;
	else
		vt->x++;
}

static uint8_t
vt_cp437(uint32_t u)
{
	int	i;

	if (u >= 0x20 && u < 0x7f)
		return (uint8_t)u;
	for (i = 1; i < 256; i++)
		if (font_cp437_uni[i] == u)
			return (uint8_t)i;
	return '?';
}

static void
vt_print(struct vt *vt, uint32_t u)
{
	if (u >= 0x5f && u <= 0x7e && vt->g[vt->gl])
		vt_put(vt, dec_graphics[u - 0x5f]);
	else
		vt_put(vt, vt_cp437(u));
}

static int
vt_arg(const struct vt *vt, int i, int def)
{
	if (i >= vt->nparam || vt->param[i] == 0)
		return def;
	return vt->param[i];
}

static void
vt_reply(struct vt *vt, const char *s, size_t n)
{
	if (VT_REPLY_MAX - vt->replylen < n)
		return;
	memcpy(vt->reply + vt->replylen, s, n);
	vt->replylen += n;
}

/* xterm's 256-colour cube and grey ramp, folded to the nearest of 16. */
static uint8_t
vt_fold256(int n)
{
	int	r, g, b, hi;

	if (n < 16)
		return (uint8_t)n;
	if (n >= 232)
		return n < 238 ? VT_BLACK : n < 244 ? VT_DARKGRAY :
		    n < 250 ? VT_LIGHTGRAY : VT_WHITE;
	n -= 16;
	r = n / 36;
	g = n / 6 % 6;
	b = n % 6;
	hi = r > 3 || g > 3 || b > 3;
	return (uint8_t)((r > 1 ? 1 : 0) | (g > 1 ? 2 : 0) | (b > 1 ? 4 : 0) |
	    (hi ? 8 : 0));
}

static void
vt_sgr(struct vt *vt)
{
	int	i, p;

	if (vt->nparam == 0) {
		vt_reset_attrs(vt);
		return;
	}
	for (i = 0; i < vt->nparam; i++) {
		p = vt->param[i];
		if (p == 0)
			vt_reset_attrs(vt);
		else if (p == 1)
			vt->bold = 1;
		else if (p == 4)
			vt->attr |= VT_UNDERLINE;
		else if (p == 7)
			vt->reverse = 1;
		else if (p == 22 || p == 21)
			vt->bold = 0;
		else if (p == 24)
			vt->attr &= ~VT_UNDERLINE;
		else if (p == 27)
			vt->reverse = 0;
		else if (p >= 30 && p <= 37)
			vt->fg = (uint8_t)(p - 30);
		else if (p == 39)
			vt->fg = VT_DEFAULT_FG;
		else if (p >= 40 && p <= 47)
			vt->bg = (uint8_t)(p - 40);
		else if (p == 49)
			vt->bg = VT_DEFAULT_BG;
		else if (p >= 90 && p <= 97)
			vt->fg = (uint8_t)(p - 90 + 8);
		else if (p >= 100 && p <= 107)
			vt->bg = (uint8_t)(p - 100 + 8);
		else if ((p == 38 || p == 48) && i + 2 < vt->nparam &&
		    vt->param[i + 1] == 5) {
			if (p == 38)
				vt->fg = vt_fold256(vt->param[i + 2] & 0xff);
			else
				vt->bg = vt_fold256(vt->param[i + 2] & 0xff);
			i += 2;
		} else if ((p == 38 || p == 48) && i + 4 < vt->nparam &&
		    vt->param[i + 1] == 2)
			i += 4;		/* truecolour: keep the current colour */
	}
}

static void
vt_mode(struct vt *vt, int set)
{
	int	i;

	for (i = 0; i < vt->nparam; i++) {
		if (vt->priv != '?')
			continue;
		switch (vt->param[i]) {
		case 1:
			vt->appcursor = set;
			break;
		case 7:
			vt->autowrap = set;
			break;
		case 25:
			vt->cursor_on = set;
			break;
		default:
			break;
		}
	}
}

static void
vt_csi(struct vt *vt, uint8_t f)
{
	char	buf[32];
	int	n, len, top, bot;

	n = vt_arg(vt, 0, 1);
	switch (f) {
	case 'A':
		vt_goto(vt, vt->y - n, vt->x);
		break;
	case 'B':
	case 'e':
		vt_goto(vt, vt->y + n, vt->x);
		break;
	case 'C':
	case 'a':
		vt_goto(vt, vt->y, vt->x + n);
		break;
	case 'D':
		vt_goto(vt, vt->y, vt->x - n);
		break;
	case 'E':
		vt_goto(vt, vt->y + n, 0);
		break;
	case 'F':
		vt_goto(vt, vt->y - n, 0);
		break;
	case 'G':
	case '`':
		vt_goto(vt, vt->y, n - 1);
		break;
	case 'd':
		vt_goto(vt, n - 1, vt->x);
		break;
	case 'H':
	case 'f':
		vt_goto(vt, n - 1, vt_arg(vt, 1, 1) - 1);
		break;
	case 'J':
		switch (vt->nparam ? vt->param[0] : 0) {
		case 0:
			vt_clear(vt, vt->y, vt->x, VT_COLS);
			for (n = vt->y + 1; n < VT_ROWS; n++)
				vt_clear(vt, n, 0, VT_COLS);
			break;
		case 1:
			vt_clear(vt, vt->y, 0, vt->x + 1);
			for (n = 0; n < vt->y; n++)
				vt_clear(vt, n, 0, VT_COLS);
			break;
		case 2:
		case 3:
			for (n = 0; n < VT_ROWS; n++)
				vt_clear(vt, n, 0, VT_COLS);
			break;
		default:
			break;
		}
		break;
	case 'K':
		switch (vt->nparam ? vt->param[0] : 0) {
		case 0:
			vt_clear(vt, vt->y, vt->x, VT_COLS);
			break;
		case 1:
			vt_clear(vt, vt->y, 0, vt->x + 1);
			break;
		case 2:
			vt_clear(vt, vt->y, 0, VT_COLS);
			break;
		default:
			break;
		}
		break;
	case 'X':
		vt_clear(vt, vt->y, vt->x, clamp(vt->x + n, 0, VT_COLS));
		break;
	case 'L':
		if (vt->y >= vt->top && vt->y <= vt->bot)
			vt_scroll_down(vt, vt->y, vt->bot, n);
		vt->x = 0;
		vt->wrapnext = 0;
		break;
	case 'M':
		if (vt->y >= vt->top && vt->y <= vt->bot)
			vt_scroll_up(vt, vt->y, vt->bot, n);
		vt->x = 0;
		vt->wrapnext = 0;
		break;
	case '@':
		n = clamp(n, 0, VT_COLS - vt->x);
		memmove(&vt->cell[vt->y][vt->x + n], &vt->cell[vt->y][vt->x],
		    sizeof(struct vt_cell) * (VT_COLS - vt->x - n));
		vt_clear(vt, vt->y, vt->x, vt->x + n);
		vt->wrapnext = 0;
		break;
	case 'P':
		n = clamp(n, 0, VT_COLS - vt->x);
		memmove(&vt->cell[vt->y][vt->x], &vt->cell[vt->y][vt->x + n],
		    sizeof(struct vt_cell) * (VT_COLS - vt->x - n));
		vt_clear(vt, vt->y, VT_COLS - n, VT_COLS);
		vt->wrapnext = 0;
		break;
	case 'S':
		vt_scroll_up(vt, vt->top, vt->bot, n);
		break;
	case 'T':
		if (vt->priv == 0)
			vt_scroll_down(vt, vt->top, vt->bot, n);
		break;
	case 'r':
		top = vt_arg(vt, 0, 1) - 1;
		bot = vt_arg(vt, 1, VT_ROWS) - 1;
		top = clamp(top, 0, VT_ROWS - 1);
		bot = clamp(bot, 0, VT_ROWS - 1);
		if (top < bot) {
			vt->top = top;
			vt->bot = bot;
			vt_goto(vt, 0, 0);
		}
		break;
	case 's':
		vt->sx = vt->x;
		vt->sy = vt->y;
		break;
	case 'u':
		vt_goto(vt, vt->sy, vt->sx);
		break;
	case 'm':
		vt_sgr(vt);
		break;
	case 'h':
		vt_mode(vt, 1);
		break;
	case 'l':
		vt_mode(vt, 0);
		break;
	case 'n':
		if (vt->priv != 0 || vt->nparam < 1)
			break;
		if (vt->param[0] == 5)
			vt_reply(vt, "\033[0n", 4);
		else if (vt->param[0] == 6) {
			len = snprintf(buf, sizeof(buf), "\033[%d;%dR",
			    vt->y + 1, vt->x + 1);
			if (len > 0 && (size_t)len < sizeof(buf))
				vt_reply(vt, buf, (size_t)len);
		}
		break;
	case 'c':
		if (vt->priv == 0 && vt_arg(vt, 0, 0) == 0)
			vt_reply(vt, "\033[?6c", 5);	/* VT102 */
		break;
	default:
		break;		/* unknown: ignored, as a console does */
	}
}

static void
vt_esc(struct vt *vt, uint8_t c)
{
	switch (c) {
	case '[':
		vt->state = VT_CSI;
		vt->nparam = 0;
		vt->priv = 0;
		memset(vt->param, 0, sizeof(vt->param));
		return;
	case ']':
	case 'P':		/* DCS: skipped like OSC */
	case '_':
	case '^':
		vt->state = VT_OSC;
		return;
	case '(':
	case ')':
		vt->charset_slot = c == ')';
		vt->state = VT_CHARSET;
		return;
	case '#':
	case '%':
		vt->state = VT_IGNORE1;
		return;
	case '7':
		vt->sx = vt->x;
		vt->sy = vt->y;
		vt->sfg = vt->fg;
		vt->sbg = vt->bg;
		vt->sattr = vt->attr;
		vt->sbold = (uint8_t)vt->bold;
		vt->srev = (uint8_t)vt->reverse;
		break;
	case '8':
		vt_goto(vt, vt->sy, vt->sx);
		vt->fg = vt->sfg;
		vt->bg = vt->sbg;
		vt->attr = vt->sattr;
		vt->bold = vt->sbold;
		vt->reverse = vt->srev;
		break;
	case 'D':
		vt_linefeed(vt);
		break;
	case 'E':
		vt->x = 0;
		vt_linefeed(vt);
		break;
	case 'M':
		vt_revindex(vt);
		break;
	case 'c':
		vt_init(vt);
		break;
	default:
		break;		/* ESC = > H Z etc.: nothing to draw */
	}
	vt->state = VT_GROUND;
}

static void
vt_control(struct vt *vt, uint8_t c)
{
	switch (c) {
	case '\b':
		if (vt->x > 0)
			vt->x--;
		vt->wrapnext = 0;
		break;
	case '\t':
		vt_goto(vt, vt->y, (vt->x / 8 + 1) * 8);
		break;
	case '\n':
	case '\v':
	case '\f':
		vt_linefeed(vt);
		vt->wrapnext = 0;
		break;
	case '\r':
		vt->x = 0;
		vt->wrapnext = 0;
		break;
	case 0x0e:		/* SO */
		vt->gl = 1;
		break;
	case 0x0f:		/* SI */
		vt->gl = 0;
		break;
	case 0x1b:
		vt->state = VT_ESC;
		break;
	default:
		break;		/* NUL, BEL, ENQ ...: nothing to draw */
	}
}

static void
vt_byte(struct vt *vt, uint8_t c)
{
	int	i;

	/* CAN and SUB abort a sequence; ESC restarts one (ECMA-48 8.3.20) */
	if (vt->state != VT_GROUND && (c == 0x18 || c == 0x1a)) {
		vt->state = VT_GROUND;
		return;
	}
	switch (vt->state) {
	case VT_ESC:
		if (c == 0x1b)
			return;
		if (c < 0x20) {
			vt_control(vt, c);
			return;
		}
		vt_esc(vt, c);
		return;
	case VT_CSI:
		if (c >= '0' && c <= '9') {
			if (vt->nparam == 0)
				vt->nparam = 1;
			if (vt->nparam <= VT_PARAMS) {
				int *p = &vt->param[vt->nparam - 1];

				*p = *p * 10 + (c - '0');
				if (*p > VT_PARAM_MAX)
					*p = VT_PARAM_MAX;
			}
		} else if (c == ';' || c == ':') {
			if (vt->nparam == 0)
				vt->nparam = 1;
			if (vt->nparam < VT_PARAMS)
				vt->nparam++;
			else
				vt->nparam = VT_PARAMS + 1;	/* overflow */
		} else if (c == '?' || c == '>' || c == '=' || c == '<') {
			vt->priv = c;
		} else if (c >= 0x20 && c <= 0x2f) {
			;		/* intermediates: ignored */
		} else if (c >= 0x40 && c <= 0x7e) {
			if (vt->nparam > VT_PARAMS)
				vt->nparam = VT_PARAMS;
			vt->state = VT_GROUND;
			vt_csi(vt, c);
		} else if (c == 0x1b) {
			vt->state = VT_ESC;
		} else if (c < 0x20) {
			vt_control(vt, c);	/* C0 inside CSI executes */
		} else
			vt->state = VT_GROUND;	/* junk: drop the sequence */
		return;
	case VT_OSC:
		if (c == 0x07)
			vt->state = VT_GROUND;
		else if (c == 0x1b)
			vt->state = VT_OSC_ESC;
		return;
	case VT_OSC_ESC:
		vt->state = c == '\\' ? VT_GROUND : VT_OSC;
		if (c == 0x1b)
			vt->state = VT_OSC_ESC;
		return;
	case VT_CHARSET:
		vt->g[vt->charset_slot] = c == '0';
		vt->state = VT_GROUND;
		return;
	case VT_IGNORE1:
		vt->state = VT_GROUND;
		return;
	case VT_GROUND:
		break;
	}

	if (vt->ucs_left > 0) {
		if ((c & 0xc0) == 0x80) {
			vt->ucs = vt->ucs << 6 | (c & 0x3f);
			vt->ucs_raw[vt->ucs_n++] = c;
			if (--vt->ucs_left > 0)
				return;
			/*
			 * Two bytes that are no CP437 character are more
			 * likely a BIOS's raw CP437 line drawing (C4 BF:
			 * "-+") than text CP437 cannot show anyway.
			 */
			if (vt->ucs_n == 2 && vt_cp437(vt->ucs) == '?') {
				vt_put(vt, vt->ucs_raw[0]);
				vt_put(vt, vt->ucs_raw[1]);
			} else
				vt_print(vt, vt->ucs);
			return;
		}
		/* broken sequence: its bytes were raw CP437 */
		vt->ucs_left = 0;
		for (i = 0; i < vt->ucs_n; i++)
			vt_put(vt, vt->ucs_raw[i]);
	}
	if (c < 0x20)
		vt_control(vt, c);
	else if (c < 0x7f)
		vt_print(vt, c);
	else if (c == 0x7f)
		;			/* DEL: ignored */
	else if (c >= 0xc2 && c <= 0xf4) {
		vt->ucs_raw[0] = c;
		vt->ucs_n = 1;
		vt->ucs_left = c <= 0xdf ? 1 : c <= 0xef ? 2 : 3;
		vt->ucs = c & (c <= 0xdf ? 0x1f : c <= 0xef ? 0x0f : 0x07);
	} else
		vt_put(vt, c);	/* not UTF-8: raw CP437 from a BIOS */
}

void
vt_feed(struct vt *vt, const void *buf, size_t len)
{
	const uint8_t	*p = buf;
	size_t		 i;

	for (i = 0; i < len; i++)
		vt_byte(vt, p[i]);
}

static size_t
put_utf8(uint32_t u, uint8_t *o)
{
	if (u < 0x80) {
		o[0] = (uint8_t)u;
		return 1;
	}
	if (u < 0x800) {
		o[0] = (uint8_t)(0xc0 | u >> 6);
		o[1] = (uint8_t)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		o[0] = (uint8_t)(0xe0 | u >> 12);
		o[1] = (uint8_t)(0x80 | (u >> 6 & 0x3f));
		o[2] = (uint8_t)(0x80 | (u & 0x3f));
		return 3;
	}
	o[0] = (uint8_t)(0xf0 | u >> 18);
	o[1] = (uint8_t)(0x80 | (u >> 12 & 0x3f));
	o[2] = (uint8_t)(0x80 | (u >> 6 & 0x3f));
	o[3] = (uint8_t)(0x80 | (u & 0x3f));
	return 4;
}

/* X11 keysyms (X11/keysymdef.h) for the keys with escape sequences. */
static const struct {
	uint32_t	 sym;
	const char	*seq;		/* "\033[A"; a leading 'O' form for DECCKM */
	int		 cursor;	/* arrow/home/end: ESC O x in DECCKM */
} vt_keys[] = {
	{ 0xff52, "\033[A", 1 }, { 0xff54, "\033[B", 1 },	/* Up Down */
	{ 0xff53, "\033[C", 1 }, { 0xff51, "\033[D", 1 },	/* Right Left */
	{ 0xff97, "\033[A", 1 }, { 0xff99, "\033[B", 1 },	/* KP_ */
	{ 0xff98, "\033[C", 1 }, { 0xff96, "\033[D", 1 },
	{ 0xff50, "\033[H", 1 }, { 0xff57, "\033[F", 1 },	/* Home End */
	{ 0xff63, "\033[2~", 0 }, { 0xffff, "\033[3~", 0 },	/* Ins Del */
	{ 0xff55, "\033[5~", 0 }, { 0xff56, "\033[6~", 0 },	/* PgUp PgDn */
	{ 0xffbe, "\033OP", 0 }, { 0xffbf, "\033OQ", 0 },	/* F1 F2 */
	{ 0xffc0, "\033OR", 0 }, { 0xffc1, "\033OS", 0 },	/* F3 F4 */
	{ 0xffc2, "\033[15~", 0 }, { 0xffc3, "\033[17~", 0 },	/* F5 F6 */
	{ 0xffc4, "\033[18~", 0 }, { 0xffc5, "\033[19~", 0 },	/* F7 F8 */
	{ 0xffc6, "\033[20~", 0 }, { 0xffc7, "\033[21~", 0 },	/* F9 F10 */
	{ 0xffc8, "\033[23~", 0 }, { 0xffc9, "\033[24~", 0 },	/* F11 F12 */
	{ 0xfe20, "\033[Z", 0 },				/* ISO_Left_Tab */
};

size_t
vt_key(const struct vt *vt, uint32_t sym, unsigned mods, uint8_t *out,
    size_t cap)
{
	uint8_t		 b[16];
	size_t		 n = 0, i, l;
	uint32_t	 u = 0;

	for (i = 0; i < nitems(vt_keys); i++) {
		if (vt_keys[i].sym != sym)
			continue;
		l = strlen(vt_keys[i].seq);
		memcpy(b, vt_keys[i].seq, l);
		if (vt_keys[i].cursor && vt->appcursor)
			b[1] = 'O';
		n = l;
		goto done;
	}
	switch (sym) {
	case 0xff0d:		/* Return */
	case 0xff8d:		/* KP_Enter */
		u = '\r';
		break;
	case 0xff08:		/* BackSpace */
		u = 0x7f;
		break;
	case 0xff09:		/* Tab */
		u = '\t';
		break;
	case 0xff1b:		/* Escape */
		u = 0x1b;
		break;
	default:
		if (sym >= 0x20 && sym <= 0x7e)
			u = sym;
		else if (sym >= 0xa0 && sym <= 0xff)
			u = sym;		/* Latin-1 keysyms = code points */
		else if (sym >= 0xffaa && sym <= 0xffb9)
			u = sym - 0xff80;	/* KP_Multiply .. KP_9 */
		else if (sym >= 0x01000100 && sym <= 0x0110ffff)
			u = sym - 0x01000000;	/* Unicode keysyms */
		else
			return 0;		/* modifiers, unknown keys */
		break;
	}
	if (mods & VT_MOD_CTRL) {
		if (u >= 'a' && u <= 'z')
			u -= 0x60;
		else if (u >= '@' && u <= '_')
			u -= 0x40;
		else if (u == ' ' || u == '2')
			u = 0;
		else if (u == '?' || u == '8')
			u = 0x7f;
	}
	n = put_utf8(u, b);
done:
	if (mods & VT_MOD_ALT) {
		if (n + 1 > sizeof(b))
			return 0;
		memmove(b + 1, b, n);
		b[0] = 0x1b;
		n++;
	}
	if (n > cap)
		return 0;
	memcpy(out, b, n);
	return n;
}
