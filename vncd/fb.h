/* fb.h: console text -> framebuffer pixels (and the no-signal screen). */
/* SPDX-License-Identifier: ISC */
#ifndef VNCD_FB_H
#define VNCD_FB_H

#include <stdint.h>

#include "vt.h"

/*
 * Pixels are 32 bits, red in bits 0-7, green 8-15, blue 16-23 (RFB
 * true colour, 32 bpp, depth 24, little-endian: what vncd serves).
 * The text screen is 80x25 cells of 8x16: FB_TEXT_W x FB_TEXT_H pixels
 * at the top left of the framebuffer.  Pure: memory in, memory out.
 */
#define FB_TEXT_W	(VT_COLS * 8)
#define FB_TEXT_H	(VT_ROWS * 16)
#define FB_RGB(r, g, b)	((uint32_t)(r) | (uint32_t)(g) << 8 | (uint32_t)(b) << 16)

extern const uint32_t	fb_palette[16];

struct fb {
	uint32_t	*px;
	int		 w, h;			/* at least FB_TEXT_W x FB_TEXT_H */
	/* what is on screen now, to redraw only changed cells */
	struct vt_cell	 shadow[VT_ROWS][VT_COLS];
	int		 cx, cy, con;		/* cursor drawn at, visible */
	int		 valid;			/* shadow matches px */
};

/* Dirty cells of one render: rows y0..y1-1, per row columns x0..x1-1. */
struct fb_update {
	int	scroll;			/* text rows moved up (CopyRect), 0 none */
	int	x0[VT_ROWS], x1[VT_ROWS];	/* x0 >= x1: row clean */
	int	ndirty;			/* dirty rows */
};

void	fb_init(struct fb *, uint32_t *px, int w, int h);
/* Forget what is on screen: the next fb_render redraws every cell. */
void	fb_invalidate(struct fb *);
/*
 * Draw vt into px.  scroll is vt_take_scroll()'s count: if it is between 1
 * and VT_ROWS-1 and the screen was valid, the pixels are moved up first
 * (u->scroll says so: the caller schedules a CopyRect) and only cells that
 * still differ are redrawn.
 */
void	fb_render(struct fb *, const struct vt *, int scroll, struct fb_update *);
/*
 * Fill the whole framebuffer with the no-signal screen: a dark field and a
 * framed box with up to 4 lines of text centred.  Invalidates the text.
 */
void	fb_message(struct fb *, const char *const *lines, int nlines);
/* One glyph at pixel (x, y), fg on bg (tests and the message screen). */
void	fb_glyph(uint32_t *px, int w, int h, int x, int y, uint8_t ch,
	    uint32_t fg, uint32_t bg, int underline);

#endif
