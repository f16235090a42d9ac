/* 4001-vt.c: vncd's terminal emulator: movement, colours, scroll, wrap, junk. */
/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "../tap.h"
#include "../../vncd/vt.h"

static struct vt	vt;

static void
feed(const char *s)
{
	vt_feed(&vt, s, strlen(s));
}

/* Row y as text (trailing blanks kept), for comparisons. */
static const char *
row(int y)
{
	static char	buf[VT_COLS + 1];
	int		x;

	for (x = 0; x < VT_COLS; x++)
		buf[x] = (char)vt.cell[y][x].ch;
	buf[VT_COLS] = '\0';
	return buf;
}

/* Row y starts with s and the rest is blank. */
static int
row_is(int y, const char *s)
{
	const char	*r = row(y);
	size_t		 n = strlen(s), i;

	if (strncmp(r, s, n) != 0)
		return 0;
	for (i = n; i < VT_COLS; i++)
		if (r[i] != ' ')
			return 0;
	return 1;
}

static void
test_basic(void)
{
	vt_init(&vt);
	feed("hello\r\nworld");
	ok(row_is(0, "hello"), "text on row 0");
	ok(row_is(1, "world"), "CR LF moves to row 1");
	is_int(vt.y, 1, "cursor row");
	is_int(vt.x, 5, "cursor column");
	feed("\bX");
	ok(row_is(1, "worlX"), "backspace then overwrite");
	feed("\tT");
	is_int(vt.x, 9, "tab stops every 8 columns");
	feed("\n");
	is_int(vt.y, 2, "bare LF moves down");
	is_int(vt.x, 9, "bare LF keeps the column");
}

static void
test_movement(void)
{
	vt_init(&vt);
	feed("\033[10;20H*");
	is_int(vt.cell[9][19].ch, '*', "CUP row;col (1-based)");
	feed("\033[H");
	ok(vt.x == 0 && vt.y == 0, "CUP without parameters: home");
	feed("\033[5B\033[3C");
	ok(vt.y == 5 && vt.x == 3, "CUD and CUF");
	feed("\033[2A\033[D");
	ok(vt.y == 3 && vt.x == 2, "CUU and CUB default 1");
	feed("\033[99;99H");
	ok(vt.y == VT_ROWS - 1 && vt.x == VT_COLS - 1, "CUP clamps");
	feed("\033[999A\033[999D");
	ok(vt.y == 0 && vt.x == 0, "moves clamp at the edges");
	feed("\033[12G");
	is_int(vt.x, 11, "CHA");
	feed("\033[7d");
	is_int(vt.y, 6, "VPA");
	feed("\0337\033[20;1H\0338");
	ok(vt.y == 6 && vt.x == 11, "ESC 7 / ESC 8 save and restore");
	feed("\033[s\033[1;1H\033[u");
	ok(vt.y == 6 && vt.x == 11, "CSI s / u");
	feed("\033[1;1H\033M");
	ok(vt.y == 0, "RI at the top stays");
}

static void
test_colours(void)
{
	vt_init(&vt);
	feed("\033[31mR\033[1;32mG\033[0mN\033[44;33mY\033[7mV\033[mD");
	is_int(vt.cell[0][0].fg, VT_RED, "SGR 31 red");
	is_int(vt.cell[0][1].fg, VT_LIGHTGREEN, "SGR 1;32 bright green");
	is_int(vt.cell[0][2].fg, VT_DEFAULT_FG, "SGR 0 resets fg");
	is_int(vt.cell[0][2].bg, VT_DEFAULT_BG, "SGR 0 resets bg");
	is_int(vt.cell[0][3].fg, VT_BROWN, "SGR 33 fg");
	is_int(vt.cell[0][3].bg, VT_BLUE, "SGR 44 bg");
	is_int(vt.cell[0][4].fg, VT_BLUE, "SGR 7 reverse: fg is bg");
	is_int(vt.cell[0][4].bg, VT_BROWN, "SGR 7 reverse: bg is fg");
	is_int(vt.cell[0][5].fg, VT_DEFAULT_FG, "CSI m resets");
	feed("\033[95;100mB\033[38;5;196;48;5;18mX\033[4mU\033[24mu");
	is_int(vt.cell[0][6].fg, VT_LIGHTMAGENTA, "SGR 95 bright fg");
	is_int(vt.cell[0][6].bg, VT_DARKGRAY, "SGR 100 bright bg");
	is_int(vt.cell[0][7].fg, VT_LIGHTRED, "256-colour red folds to light red");
	is_int(vt.cell[0][7].bg, VT_BLUE, "256-colour blue folds to blue");
	ok(vt.cell[0][8].attr & VT_UNDERLINE, "SGR 4 underline");
	ok(!(vt.cell[0][9].attr & VT_UNDERLINE), "SGR 24 ends it");
	feed("\033[0;41m\033[2J");
	is_int(vt.cell[12][40].bg, VT_RED, "erase fills with the current bg");
}

static void
test_erase(void)
{
	int	i;

	vt_init(&vt);
	for (i = 0; i < 3; i++)
		feed("0123456789\r\n");
	feed("\033[2;5H\033[K");
	ok(row_is(1, "0123"), "EL 0: cursor to end of line");
	feed("\033[1;5H\033[1K");
	ok(row_is(0, "     56789") || strncmp(row(0), "     56789", 10) == 0,
	    "EL 1: start of line to cursor");
	feed("\033[3;3H\033[2K");
	ok(row_is(2, ""), "EL 2: whole line");
	feed("\033[1;1HABCDEFGH\033[1;3H\033[2P");
	ok(strncmp(row(0), "ABEFGH", 6) == 0, "DCH deletes characters");
	feed("\033[1;3H\033[2@");
	ok(strncmp(row(0), "AB  EFGH", 8) == 0, "ICH inserts blanks");
	feed("\033[1;1H\033[3X");
	ok(strncmp(row(0), "    EFGH", 8) == 0, "ECH erases characters");
	feed("\033[5;1Hx\033[1;1H\033[J");
	ok(row_is(0, "") && row_is(4, ""), "ED 0 from home clears all");
	feed("\033[10;1Hbottom\033[5;1Htop\033[5;2H\033[1J");
	ok(row_is(4, "  p") && row_is(9, "bottom"), "ED 1 clears up to cursor");
}

static void
test_scroll(void)
{
	char	line[16];
	int	i;

	vt_init(&vt);
	for (i = 0; i < VT_ROWS + 3; i++) {
		snprintf(line, sizeof(line), "%s%d", i ? "\r\n" : "", i);
		feed(line);
	}
	ok(row_is(0, "3"), "scrolled: first row is line 3");
	ok(row_is(VT_ROWS - 1, "27"), "last row is line 27");
	is_int(vt_take_scroll(&vt), 3, "three full-screen scrolls reported");
	is_int(vt_take_scroll(&vt), 0, "and taken");

	vt_init(&vt);
	feed("\033[1;1Htitle\033[25;1Hstatus\033[2;24r");
	feed("\033[24;1Ha\r\nb\r\nc");
	ok(row_is(0, "title"), "scroll region keeps the top line");
	ok(row_is(VT_ROWS - 1, "status"), "and the bottom line");
	ok(row_is(23, "c") && row_is(22, "b") && row_is(21, "a"),
	    "the region scrolled");
	is_int(vt_take_scroll(&vt), 0, "a region scroll is no CopyRect hint");
	feed("\033[r\033[1;1H\033M");
	ok(row_is(1, "title"), "RI at the top scrolls down");
	feed("\033[3S");
	ok(row_is(0, ""), "SU scrolls up");
	feed("\033[5;1HX\033[5;1H\033[2L");
	ok(row_is(6, "X") && row_is(4, ""), "IL inserts lines");
	feed("\033[5;1H\033[2M");
	ok(row_is(4, "X"), "DL deletes lines");
}

static void
test_wrap(void)
{
	int	i;

	vt_init(&vt);
	for (i = 0; i < VT_COLS; i++)
		feed("a");
	is_int(vt.y, 0, "80 characters stay on row 0 (deferred wrap)");
	is_int(vt.x, VT_COLS - 1, "cursor on the last column");
	feed("b");
	ok(vt.y == 1 && vt.cell[1][0].ch == 'b', "81st character wraps");
	vt_init(&vt);
	for (i = 0; i < VT_COLS; i++)
		feed("a");
	feed("\r\n");
	ok(vt.y == 1 && vt.x == 0, "CR LF after a full line: no blank line");
	feed("\033[?7l");
	for (i = 0; i < VT_COLS + 5; i++)
		feed("z");
	ok(vt.y == 1 && vt.cell[1][VT_COLS - 1].ch == 'z',
	    "autowrap off: overwrites the last column");
	feed("\033[?7h\033[?25l");
	is_int(vt.cursor_on, 0, "DECTCEM hides the cursor");
	feed("\033[?25h\033[?1h");
	ok(vt.cursor_on && vt.appcursor, "cursor shown, DECCKM set");
}

static void
test_charsets(void)
{
	vt_init(&vt);
	feed("\033(0lqk\033(Bq");
	is_int(vt.cell[0][0].ch, 0xda, "DEC graphics l: top left corner");
	is_int(vt.cell[0][1].ch, 0xc4, "q: horizontal line");
	is_int(vt.cell[0][2].ch, 0xbf, "k: top right corner");
	is_int(vt.cell[0][3].ch, 'q', "ESC ( B back to ASCII");
	feed("\xe2\x94\x80\xc3\xa9\xe2\x82\xac");
	is_int(vt.cell[0][4].ch, 0xc4, "UTF-8 U+2500 -> CP437 0xC4");
	is_int(vt.cell[0][5].ch, 0x82, "UTF-8 e-acute -> CP437 0x82");
	is_int(vt.cell[0][6].ch, '?', "no CP437 glyph -> ?");
	feed("\xb3");
	is_int(vt.cell[0][7].ch, 0xb3, "raw CP437 byte kept (BIOS)");
	feed("\xc3(");
	ok(vt.cell[0][8].ch == 0xc3 && vt.cell[0][9].ch == '(',
	    "broken UTF-8: the lead byte as CP437, then the byte");
	feed("\xda\xc4\xbf");
	ok(vt.cell[0][10].ch == 0xda && vt.cell[0][11].ch == 0xc4 &&
	    vt.cell[0][12].ch == 0xbf, "raw CP437 box corner, line, corner");
	feed("\xe2\x94(");
	ok(vt.cell[0][13].ch == 0xe2 && vt.cell[0][14].ch == 0x94 &&
	    vt.cell[0][15].ch == '(', "broken 3-byte sequence: its bytes raw");
}

static void
test_replies(void)
{
	vt_init(&vt);
	feed("\033[5;10H\033[6n");
	is_mem(vt.reply, "\033[5;10R", 7, "DSR 6: cursor position report");
	vt.replylen = 0;
	feed("\033[c");
	is_mem(vt.reply, "\033[?6c", 5, "DA: VT102");
	vt.replylen = 0;
	feed("\033[5n");
	is_mem(vt.reply, "\033[0n", 4, "DSR 5: ok");
}

static void
test_junk(void)
{
	uint8_t		buf[4096];
	const char	*seqs[] = {
		"\033[", "\033[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19m",
		"\033[99999999999999999999A", "\033]0;title", "\033P1$r",
		"\033(", "\033[?", "\033[;;;;H", "\033[1;", "\033#8",
		"\xe2\x94", "\xff\xfe", "\033[\x01\x02m", "\033\033\033[",
	};
	size_t		i, n;
	unsigned	seed = 4001;

	vt_init(&vt);
	for (i = 0; i < nitems(seqs); i++) {
		feed(seqs[i]);
		feed("\030");		/* CAN: abort whatever is open */
		feed("\r\nok");
	}
	ok(vt.cell[vt.y][0].ch == 'o' && vt.cell[vt.y][1].ch == 'k',
	    "after junk, text prints again");
	feed("\033]0;window title\007after");
	ok(strncmp(row(vt.y) + 2, "after", 5) == 0, "OSC with BEL skipped");
	feed("\r\n\033]2;t\033\\x");
	is_int(vt.cell[vt.y][0].ch, 'x', "OSC with ST skipped");
	feed("\r\n\033[1;3;31;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;34my");
	is_int(vt.cell[vt.y][0].ch, 'y', "too many parameters: no overflow");
	feed("\r\n\033[12;\033[2;5H");
	ok(vt.y == 1 && vt.x == 4, "ESC inside CSI starts a new sequence");

	/* every truncation of every sequence, then random bytes */
	for (i = 0; i < nitems(seqs); i++)
		for (n = 0; n <= strlen(seqs[i]); n++) {
			vt_init(&vt);
			vt_feed(&vt, seqs[i], n);
			feed("\030Z");
		}
	ok(1, "every truncated sequence survived");
	for (i = 0; i < 200; i++) {
		for (n = 0; n < sizeof(buf); n++) {
			seed = seed * 1103515245 + 12345;
			buf[n] = (uint8_t)(seed >> 16);
		}
		vt_feed(&vt, buf, sizeof(buf));
		ok(vt.x >= 0 && vt.x < VT_COLS && vt.y >= 0 && vt.y < VT_ROWS &&
		    vt.replylen <= VT_REPLY_MAX, "random 4 KiB #%zu: cursor in bounds", i) ;
		vt.replylen = 0;
	}
}

static void
test_keys(void)
{
	uint8_t	b[16];
	size_t	n;

	vt_init(&vt);
	n = vt_key(&vt, 'a', 0, b, sizeof(b));
	ok(n == 1 && b[0] == 'a', "printable");
	n = vt_key(&vt, 0xff0d, 0, b, sizeof(b));
	ok(n == 1 && b[0] == '\r', "Return -> CR");
	n = vt_key(&vt, 0xff08, 0, b, sizeof(b));
	ok(n == 1 && b[0] == 0x7f, "BackSpace -> DEL");
	n = vt_key(&vt, 0xff52, 0, b, sizeof(b));
	ok(n == 3 && memcmp(b, "\033[A", 3) == 0, "Up -> ESC [ A");
	n = vt_key(&vt, 0xff51, 0, b, sizeof(b));
	ok(n == 3 && memcmp(b, "\033[D", 3) == 0, "Left -> ESC [ D");
	feed("\033[?1h");
	n = vt_key(&vt, 0xff54, 0, b, sizeof(b));
	ok(n == 3 && memcmp(b, "\033OB", 3) == 0, "Down in DECCKM -> ESC O B");
	n = vt_key(&vt, 'c', VT_MOD_CTRL, b, sizeof(b));
	ok(n == 1 && b[0] == 3, "Ctrl+c -> ETX");
	n = vt_key(&vt, 'D', VT_MOD_CTRL, b, sizeof(b));
	ok(n == 1 && b[0] == 4, "Ctrl+D -> EOT");
	n = vt_key(&vt, 'x', VT_MOD_ALT, b, sizeof(b));
	ok(n == 2 && b[0] == 0x1b && b[1] == 'x', "Alt+x -> ESC x");
	n = vt_key(&vt, 0xffbe, 0, b, sizeof(b));
	ok(n == 3 && memcmp(b, "\033OP", 3) == 0, "F1 -> ESC O P");
	n = vt_key(&vt, 0xffc9, 0, b, sizeof(b));
	ok(n == 5 && memcmp(b, "\033[24~", 5) == 0, "F12 -> ESC [ 24 ~");
	n = vt_key(&vt, 0xffff, 0, b, sizeof(b));
	ok(n == 4 && memcmp(b, "\033[3~", 4) == 0, "Delete -> ESC [ 3 ~");
	n = vt_key(&vt, 0xe9, 0, b, sizeof(b));
	ok(n == 2 && b[0] == 0xc3 && b[1] == 0xa9, "Latin-1 keysym -> UTF-8");
	n = vt_key(&vt, 0x010020ac, 0, b, sizeof(b));
	ok(n == 3 && memcmp(b, "\xe2\x82\xac", 3) == 0, "Unicode keysym -> UTF-8");
	is_int(vt_key(&vt, 0xffe3, 0, b, sizeof(b)), 0, "Control_L sends nothing");
	is_int(vt_key(&vt, 0xff52, 0, b, 2), 0, "too small a buffer: nothing");
}

int
main(void)
{
	test_basic();
	test_movement();
	test_colours();
	test_erase();
	test_scroll();
	test_wrap();
	test_charsets();
	test_replies();
	test_junk();
	test_keys();
	return done_testing();
}
