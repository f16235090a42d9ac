/* 4002-fb.c: vncd's text renderer: glyph pixels, colours, dirty cells, scroll. */
/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "../tap.h"
#include "../../vncd/fb.h"
#include "../../vncd/vt.h"

#define W	FB_TEXT_W
#define H	FB_TEXT_H

static uint32_t	px[W * H], px2[W * H];
static struct vt vt;
static struct fb fb, fb2;

/* 'A' and 'H' of the VGA 8x16 font (u_vga16), written out independently. */
static const uint8_t glyph_A[16] = {
	0x00, 0x00, 0x10, 0x38, 0x6c, 0xc6, 0xc6, 0xfe,
	0xc6, 0xc6, 0xc6, 0xc6, 0x00, 0x00, 0x00, 0x00
};
static const uint8_t glyph_H[16] = {
	0x00, 0x00, 0xc6, 0xc6, 0xc6, 0xc6, 0xfe, 0xc6,
	0xc6, 0xc6, 0xc6, 0xc6, 0x00, 0x00, 0x00, 0x00
};

static void
feed(const char *s)
{
	vt_feed(&vt, s, strlen(s));
}

/* Does cell (col, row) show glyph g in fg on bg? rows: how many to check. */
static int
cell_shows(const uint32_t *p, int col, int row, const uint8_t *g,
    uint32_t fg, uint32_t bg, int rows)
{
	int	x, y;
	uint32_t want, got;

	for (y = 0; y < rows; y++)
		for (x = 0; x < 8; x++) {
			want = (g[y] & (0x80 >> x)) ? fg : bg;
			got = p[(size_t)(row * 16 + y) * W + col * 8 + x];
			if (got != want) {
				diag("cell %d,%d pixel %d,%d: got %06x want %06x",
				    col, row, x, y, got, want);
				return 0;
			}
		}
	return 1;
}

int
main(void)
{
	struct fb_update	 u;
	const uint32_t		 gray = FB_RGB(0xaa, 0xaa, 0xaa);
	const uint32_t		 black = FB_RGB(0, 0, 0);
	const char		*msg[] = { "No signal", "srv1", "off" };
	char			 line[32];
	int			 i, white;

	is_int(fb_palette[VT_LIGHTGRAY], gray, "palette: light gray aa,aa,aa");
	is_int(fb_palette[VT_YELLOW], FB_RGB(0xff, 0xff, 0x55),
	    "palette: yellow ff,ff,55");

	vt_init(&vt);
	fb_init(&fb, px, W, H);
	feed("AH\033[1;33;44mA\033[0m\033[?25l");
	fb_render(&fb, &vt, vt_take_scroll(&vt), &u);
	ok(cell_shows(px, 0, 0, glyph_A, gray, black, 16),
	    "'A' at 0,0: VGA glyph, light gray on black");
	ok(cell_shows(px, 1, 0, glyph_H, gray, black, 16), "'H' at 1,0");
	ok(cell_shows(px, 2, 0, glyph_A, FB_RGB(0xff, 0xff, 0x55),
	    FB_RGB(0, 0, 0xaa), 16), "bold yellow on blue 'A' at 2,0");
	is_int(u.ndirty, VT_ROWS, "first render: every row dirty");
	ok(u.x0[0] == 0 && u.x1[0] == VT_COLS, "first render: whole rows");
	is_int(u.scroll, 0, "no scroll");

	fb_render(&fb, &vt, vt_take_scroll(&vt), &u);
	is_int(u.ndirty, 0, "nothing changed: nothing dirty");
	feed("\033[5;11HH");
	fb_render(&fb, &vt, vt_take_scroll(&vt), &u);
	is_int(u.ndirty, 1, "one character: one dirty row");
	ok(u.x0[4] == 10 && u.x1[4] == 11, "dirty span is that cell");
	ok(cell_shows(px, 10, 4, glyph_H, gray, black, 16), "and it is drawn");

	/* cursor: the two bottom scan lines of its cell in the fg colour */
	feed("\033[?25h\033[10;1H");
	fb_render(&fb, &vt, vt_take_scroll(&vt), &u);
	ok(px[(size_t)(9 * 16 + 14) * W + 3] == gray &&
	    px[(size_t)(9 * 16 + 15) * W + 3] == gray &&
	    px[(size_t)(9 * 16 + 13) * W + 3] == black, "underline cursor");
	feed("\033[11;1H");
	fb_render(&fb, &vt, vt_take_scroll(&vt), &u);
	ok(px[(size_t)(9 * 16 + 14) * W + 3] == black, "old cursor erased");
	ok(u.x1[9] > u.x0[9] && u.x1[10] > u.x0[10], "both cursor cells dirty");

	/* scrolling: moved pixels plus redrawn cells equal a fresh render */
	vt_init(&vt);
	fb_invalidate(&fb);
	for (i = 0; i < VT_ROWS; i++) {
		snprintf(line, sizeof(line), "%sline %d", i ? "\r\n" : "", i);
		feed(line);
	}
	fb_render(&fb, &vt, vt_take_scroll(&vt), &u);
	feed("\r\nA\r\nH");
	i = vt_take_scroll(&vt);
	is_int(i, 2, "two lines scrolled");
	fb_render(&fb, &vt, i, &u);
	is_int(u.scroll, 2, "render reports the CopyRect");
	ok(u.ndirty <= 4, "few rows redrawn after a scroll (%d)", u.ndirty);
	fb_init(&fb2, px2, W, H);
	fb_render(&fb2, &vt, 0, &u);
	ok(memcmp(px, px2, sizeof(px)) == 0, "scrolled screen equals a fresh render");
	ok(cell_shows(px, 0, VT_ROWS - 1, glyph_H, gray, black, 14),
	    "new bottom line drawn");

	/* a scroll of a whole screen or more is a full redraw */
	for (i = 0; i < VT_ROWS + 5; i++)
		feed("\r\nx");
	fb_render(&fb, &vt, vt_take_scroll(&vt), &u);
	is_int(u.scroll, 0, "scroll >= rows: no CopyRect");
	fb_invalidate(&fb2);
	fb_render(&fb2, &vt, 0, &u);
	ok(memcmp(px, px2, sizeof(px)) == 0, "and the picture is right");

	/* the no-signal screen: not blank, white text in a framed box */
	fb_message(&fb, msg, 3);
	for (i = 0, white = 0; i < W * H; i++)
		white += px[i] == FB_RGB(0xff, 0xff, 0xff);
	ok(white > 100, "no-signal screen has text (%d white pixels)", white);
	ok(px[0] != px[(size_t)(H / 2) * W + W / 2] || white > 0,
	    "no-signal screen is not uniform");
	fb_render(&fb, &vt, 0, &u);
	is_int(u.ndirty, VT_ROWS, "after the message, text redraws in full");

	/* the message fits any framebuffer (proxy mode sizes) */
	fb_init(&fb2, px2, 200, 100);
	fb_message(&fb2, msg, 3);
	ok(px2[0] != 0 || px2[50 * 200 + 100] != 0, "small framebuffer");
	return done_testing();
}
