/* rbuf.h: bounds-checked reading and writing of wire bytes. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_RBUF_H
#define BMC_RBUF_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reader: every getter checks "len - off < n" and returns -1 (leaving the
 * position unchanged) if the bytes are not there.  Names say the byte order:
 * _le for IPMI, _be for RFB and Docker frames.
 */
struct rbuf {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};
#define RBUF_INIT(ptr, n)	{ (const uint8_t *)(ptr), (n), 0 }

void		 rbuf_init(struct rbuf *, const void *, size_t);
int		 rbuf_get_u8(struct rbuf *, uint8_t *);
int		 rbuf_get_u16_le(struct rbuf *, uint16_t *);
int		 rbuf_get_u24_le(struct rbuf *, uint32_t *);
int		 rbuf_get_u32_le(struct rbuf *, uint32_t *);
int		 rbuf_get_u16_be(struct rbuf *, uint16_t *);
int		 rbuf_get_u32_be(struct rbuf *, uint32_t *);
int		 rbuf_get_bytes(struct rbuf *, void *, size_t);
/* pointer to the next n bytes (no copy) or NULL */
const uint8_t	*rbuf_get_ptr(struct rbuf *, size_t);
int		 rbuf_skip(struct rbuf *, size_t);
const uint8_t	*rbuf_ptr(const struct rbuf *);
size_t		 rbuf_left(const struct rbuf *);

/*
 * Writer into a caller-owned fixed buffer.  Errors are sticky: once a put
 * would overflow, wbuf.err is set and later puts do nothing; check once.
 */
struct wbuf {
	uint8_t		*p;
	size_t		 cap;
	size_t		 len;
	int		 err;
};
#define WBUF_INIT(ptr, n)	{ (uint8_t *)(ptr), (n), 0, 0 }

void		 wbuf_init(struct wbuf *, void *, size_t);
void		 wbuf_put_u8(struct wbuf *, uint8_t);
void		 wbuf_put_u16_le(struct wbuf *, uint16_t);
void		 wbuf_put_u24_le(struct wbuf *, uint32_t);
void		 wbuf_put_u32_le(struct wbuf *, uint32_t);
void		 wbuf_put_u16_be(struct wbuf *, uint16_t);
void		 wbuf_put_u32_be(struct wbuf *, uint32_t);
void		 wbuf_put_bytes(struct wbuf *, const void *, size_t);
void		 wbuf_put_fill(struct wbuf *, uint8_t, size_t);
/* reserve n bytes, return pointer to them (NULL and err set if no room) */
uint8_t		*wbuf_reserve(struct wbuf *, size_t);

#endif
