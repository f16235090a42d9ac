/* font.h: the embedded 8x16 console font (CP437 order) and its Unicode map. */
/* SPDX-License-Identifier: ISC */
#ifndef VNCD_FONT_H
#define VNCD_FONT_H

#include <stdint.h>

#define FONT_W	8
#define FONT_H	16

extern const uint8_t	font8x16[256][16];
/* Unicode code points of each CP437 byte (0 for 0x00). */
extern const uint16_t	font_cp437_uni[256];

#endif
