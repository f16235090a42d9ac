/* fb.c: console text -> framebuffer pixels (and the no-signal screen). */
/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <string.h>

#include "fb.h"
#include "font.h"
#include "vt.h"

/* The VGA text-mode palette, as the Linux console draws it. */
const uint32_t fb_palette[16] = {
	FB_RGB(0x00, 0x00, 0x00), FB_RGB(0xaa, 0x00, 0x00),
	FB_RGB(0x00, 0xaa, 0x00), FB_RGB(0xaa, 0x55, 0x00),
	FB_RGB(0x00, 0x00, 0xaa), FB_RGB(0xaa, 0x00, 0xaa),
	FB_RGB(0x00, 0xaa, 0xaa), FB_RGB(0xaa, 0xaa, 0xaa),
	FB_RGB(0x55, 0x55, 0x55), FB_RGB(0xff, 0x55, 0x55),
	FB_RGB(0x55, 0xff, 0x55), FB_RGB(0xff, 0xff, 0x55),
	FB_RGB(0x55, 0x55, 0xff), FB_RGB(0xff, 0x55, 0xff),
	FB_RGB(0x55, 0xff, 0xff), FB_RGB(0xff, 0xff, 0xff)
};

void
fb_init(struct fb *fb, uint32_t *px, int w, int h)
{
	memset(fb, 0, sizeof(*fb));
	fb->px = px;
	fb->w = w;
	fb->h = h;
}

void
fb_invalidate(struct fb *fb)
{
	fb->valid = 0;
}

void
fb_glyph(uint32_t *px, int w, int h, int x, int y, uint8_t ch, uint32_t fg,
    uint32_t bg, int underline)
{
	const uint8_t	*g = font8x16[ch];
	uint32_t	*row;
	int		 r, c;
	uint8_t		 bits;

	if (x < 0 || y < 0 || x > w - FONT_W || y > h - FONT_H)
		return;
	for (r = 0; r < FONT_H; r++) {
		row = px + (size_t)(y + r) * (size_t)w + x;
		bits = g[r];
		if (underline && r == FONT_H - 2)
			bits = 0xff;
		for (c = 0; c < FONT_W; c++)
			row[c] = (bits & (0x80 >> c)) ? fg : bg;
	}
}

static int
cell_eq(const struct vt_cell *a, const struct vt_cell *b)
{
	return a->ch == b->ch && a->fg == b->fg && a->bg == b->bg &&
	    a->attr == b->attr;
}

static void
fb_cell(struct fb *fb, int y, int x, const struct vt_cell *c, int cursor)
{
	uint32_t	fg = fb_palette[c->fg & 15], bg = fb_palette[c->bg & 15];
	uint32_t	*row;
	int		r;

	fb_glyph(fb->px, fb->w, fb->h, x * FONT_W, y * FONT_H, c->ch, fg, bg,
	    c->attr & VT_UNDERLINE);
	if (!cursor)
		return;
	/* the VGA underline cursor: the two bottom scan lines */
	for (r = FONT_H - 2; r < FONT_H; r++) {
		row = fb->px + (size_t)(y * FONT_H + r) * (size_t)fb->w +
		    x * FONT_W;
		for (int i = 0; i < FONT_W; i++)
			row[i] = fg;
	}
}

void
fb_render(struct fb *fb, const struct vt *vt, int scroll, struct fb_update *u)
{
	int	force[VT_ROWS];
	int	x, y, r, cur, oldcur, ncx, ncy, ncon;

	memset(u, 0, sizeof(*u));
	for (y = 0; y < VT_ROWS; y++) {
		force[y] = !fb->valid;
		u->x0[y] = VT_COLS;
		u->x1[y] = 0;
	}
	if (fb->valid && scroll > 0 && scroll < VT_ROWS) {
		/* move the text pixels up, as the viewer's CopyRect will */
		for (r = 0; r < (VT_ROWS - scroll) * FONT_H; r++)
			memmove(fb->px + (size_t)r * (size_t)fb->w,
			    fb->px + (size_t)(r + scroll * FONT_H) *
			    (size_t)fb->w, FB_TEXT_W * sizeof(uint32_t));
		memmove(fb->shadow[0], fb->shadow[scroll],
		    sizeof(fb->shadow[0]) * (size_t)(VT_ROWS - scroll));
		for (y = VT_ROWS - scroll; y < VT_ROWS; y++)
			force[y] = 1;
		/* the old cursor moved with its line: redrawn as oldcur below */
		fb->cy -= scroll;
		if (fb->cy < 0)
			fb->con = 0;		/* scrolled off */
		u->scroll = scroll;
	} else if (scroll >= VT_ROWS) {
		for (y = 0; y < VT_ROWS; y++)
			force[y] = 1;
	}
	ncx = vt->x;
	ncy = vt->y;
	ncon = vt->cursor_on;
	for (y = 0; y < VT_ROWS; y++) {
		for (x = 0; x < VT_COLS; x++) {
			cur = ncon && y == ncy && x == ncx;
			oldcur = fb->valid && fb->con && y == fb->cy &&
			    x == fb->cx;
			if (!force[y] && cur == oldcur &&
			    cell_eq(&fb->shadow[y][x], &vt->cell[y][x]))
				continue;
			fb_cell(fb, y, x, &vt->cell[y][x], cur);
			fb->shadow[y][x] = vt->cell[y][x];
			if (x < u->x0[y])
				u->x0[y] = x;
			if (x + 1 > u->x1[y])
				u->x1[y] = x + 1;
		}
		if (u->x0[y] < u->x1[y])
			u->ndirty++;
	}
	fb->cx = ncx;
	fb->cy = ncy;
	fb->con = ncon;
	fb->valid = 1;
}

void
fb_message(struct fb *fb, const char *const *lines, int nlines)
{
	const uint32_t	 field = FB_RGB(0x10, 0x10, 0x18);
	const uint32_t	 boxbg = FB_RGB(0x20, 0x28, 0x60);
	const uint32_t	 frame = FB_RGB(0xc0, 0xc0, 0xc0);
	const uint32_t	 text = FB_RGB(0xff, 0xff, 0xff);
	size_t		 i, n = 0, len;
	int		 bw, bh, bx, by, x, y, l;

	for (i = 0; i < (size_t)fb->w * (size_t)fb->h; i++)
		fb->px[i] = field;
	if (nlines > 4)
		nlines = 4;
	for (l = 0; l < nlines; l++)
		if ((len = strlen(lines[l])) > n)
			n = len;
	if (n > (size_t)(fb->w / FONT_W - 4))
		n = (size_t)(fb->w / FONT_W - 4);
	bw = (int)(n + 4) * FONT_W;
	bh = (nlines * 2 + 1) * FONT_H;
	bx = (fb->w - bw) / 2;
	by = (fb->h - bh) / 2;
	if (bx < 0 || by < 0)
		goto out;
	for (y = by; y < by + bh; y++)
		for (x = bx; x < bx + bw; x++)
			fb->px[(size_t)y * (size_t)fb->w + x] =
			    (y < by + 2 || y >= by + bh - 2 || x < bx + 2 ||
			    x >= bx + bw - 2) ? frame : boxbg;
	for (l = 0; l < nlines; l++) {
		len = strlen(lines[l]);
		if (len > n)
			len = n;
		x = bx + (bw - (int)len * FONT_W) / 2;
		y = by + (1 + l * 2) * FONT_H;
		for (i = 0; i < len; i++)
			fb_glyph(fb->px, fb->w, fb->h, x + (int)i * FONT_W, y,
			    (uint8_t)lines[l][i], text, boxbg, 0);
	}
out:
	fb->valid = 0;
}
