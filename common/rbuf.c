/* rbuf.c: bounds-checked reading and writing of wire bytes. */
/* SPDX-License-Identifier: ISC */

#include <string.h>

#include "rbuf.h"

void
rbuf_init(struct rbuf *rb, const void *p, size_t len)
{
	rb->p = p;
	rb->len = len;
	rb->off = 0;
}

/* Safe against overflow: off <= len always holds, so len - off cannot wrap. */
static int
rbuf_have(const struct rbuf *rb, size_t n)
{
	return rb->off <= rb->len && rb->len - rb->off >= n;
}

int
rbuf_get_u8(struct rbuf *rb, uint8_t *v)
{
	if (!rbuf_have(rb, 1))
		return -1;
	*v = rb->p[rb->off++];
	return 0;
}

int
rbuf_get_u16_le(struct rbuf *rb, uint16_t *v)
{
	const uint8_t	*p;

	if (!rbuf_have(rb, 2))
		return -1;
	p = rb->p + rb->off;
	*v = (uint16_t)(p[0] | p[1] << 8);
	rb->off += 2;
	return 0;
}

int
rbuf_get_u24_le(struct rbuf *rb, uint32_t *v)
{
	const uint8_t	*p;

	if (!rbuf_have(rb, 3))
		return -1;
	p = rb->p + rb->off;
	*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
	rb->off += 3;
	return 0;
}

int
rbuf_get_u32_le(struct rbuf *rb, uint32_t *v)
{
	const uint8_t	*p;

	if (!rbuf_have(rb, 4))
		return -1;
	p = rb->p + rb->off;
	*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
	rb->off += 4;
	return 0;
}

int
rbuf_get_u16_be(struct rbuf *rb, uint16_t *v)
{
	const uint8_t	*p;

	if (!rbuf_have(rb, 2))
		return -1;
	p = rb->p + rb->off;
	*v = (uint16_t)(p[0] << 8 | p[1]);
	rb->off += 2;
	return 0;
}

int
rbuf_get_u32_be(struct rbuf *rb, uint32_t *v)
{
	const uint8_t	*p;

	if (!rbuf_have(rb, 4))
		return -1;
	p = rb->p + rb->off;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
	rb->off += 4;
	return 0;
}

int
rbuf_get_bytes(struct rbuf *rb, void *out, size_t n)
{
	if (!rbuf_have(rb, n))
		return -1;
	if (n > 0)
		memcpy(out, rb->p + rb->off, n);
	rb->off += n;
	return 0;
}

const uint8_t *
rbuf_get_ptr(struct rbuf *rb, size_t n)
{
	const uint8_t	*p;

	if (!rbuf_have(rb, n))
		return NULL;
	p = rb->p + rb->off;
	rb->off += n;
	return p;
}

int
rbuf_skip(struct rbuf *rb, size_t n)
{
	if (!rbuf_have(rb, n))
		return -1;
	rb->off += n;
	return 0;
}

const uint8_t *
rbuf_ptr(const struct rbuf *rb)
{
	return rb->p + rb->off;
}

size_t
rbuf_left(const struct rbuf *rb)
{
	return rb->off <= rb->len ? rb->len - rb->off : 0;
}

void
wbuf_init(struct wbuf *wb, void *p, size_t cap)
{
	wb->p = p;
	wb->cap = cap;
	wb->len = 0;
	wb->err = 0;
}

uint8_t *
wbuf_reserve(struct wbuf *wb, size_t n)
{
	uint8_t	*p;

	if (wb->err || wb->len > wb->cap || wb->cap - wb->len < n) {
		wb->err = 1;
		return NULL;
	}
	p = wb->p + wb->len;
	wb->len += n;
	return p;
}

void
wbuf_put_u8(struct wbuf *wb, uint8_t v)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, 1)) != NULL)
		p[0] = v;
}

void
wbuf_put_u16_le(struct wbuf *wb, uint16_t v)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, 2)) != NULL) {
		p[0] = v & 0xff;
		p[1] = v >> 8;
	}
}

void
wbuf_put_u24_le(struct wbuf *wb, uint32_t v)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, 3)) != NULL) {
		p[0] = v & 0xff;
		p[1] = (v >> 8) & 0xff;
		p[2] = (v >> 16) & 0xff;
	}
}

void
wbuf_put_u32_le(struct wbuf *wb, uint32_t v)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, 4)) != NULL) {
		p[0] = v & 0xff;
		p[1] = (v >> 8) & 0xff;
		p[2] = (v >> 16) & 0xff;
		p[3] = v >> 24;
	}
}

void
wbuf_put_u16_be(struct wbuf *wb, uint16_t v)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, 2)) != NULL) {
		p[0] = v >> 8;
		p[1] = v & 0xff;
	}
}

void
wbuf_put_u32_be(struct wbuf *wb, uint32_t v)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, 4)) != NULL) {
		p[0] = v >> 24;
		p[1] = (v >> 16) & 0xff;
		p[2] = (v >> 8) & 0xff;
		p[3] = v & 0xff;
	}
}

void
wbuf_put_bytes(struct wbuf *wb, const void *data, size_t n)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, n)) != NULL && n > 0)
		memcpy(p, data, n);
}

void
wbuf_put_fill(struct wbuf *wb, uint8_t c, size_t n)
{
	uint8_t	*p;

	if ((p = wbuf_reserve(wb, n)) != NULL && n > 0)
		memset(p, c, n);
}
