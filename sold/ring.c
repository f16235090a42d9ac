/* ring.c: the console ring buffer: one writer, one read position per client. */
/* SPDX-License-Identifier: ISC */

#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "util.h"

int
ring_init(struct ring *r, size_t size)
{
	memset(r, 0, sizeof(*r));
	if (size < RING_SIZE_MIN || size > RING_SIZE_MAX)
		return BMC_EINVAL;
	if ((r->buf = malloc(size)) == NULL)
		return BMC_ENOMEM;
	r->size = size;
	return 0;
}

void
ring_free(struct ring *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

void
ring_write(struct ring *r, const void *data, size_t len)
{
	const uint8_t	*p = data;
	size_t		 off, n;

	if (len > r->size) {		/* only the tail can survive */
		r->head += len - r->size;
		p += len - r->size;
		len = r->size;
	}
	off = r->head % r->size;
	n = r->size - off;
	if (n > len)
		n = len;
	memcpy(r->buf + off, p, n);
	if (len > n)
		memcpy(r->buf, p + n, len - n);
	r->head += len;
}

size_t
ring_held(const struct ring *r)
{
	return r->head < r->size ? (size_t)r->head : r->size;
}

void
ring_reader_init(const struct ring *r, struct ring_reader *rd,
    uint64_t history)
{
	uint64_t	held = ring_held(r);

	rd->pos = r->head - (history < held ? history : held);
}

uint64_t
ring_lag(const struct ring *r, const struct ring_reader *rd)
{
	return r->head - rd->pos;
}

int
ring_overrun(const struct ring *r, const struct ring_reader *rd)
{
	return r->head - rd->pos > r->size;
}

int
ring_peek(const struct ring *r, const struct ring_reader *rd,
    struct ring_seg seg[2])
{
	uint64_t	lag = r->head - rd->pos;
	size_t		off, n;

	if (lag > r->size)
		return BMC_ERANGE;
	if (lag == 0)
		return 0;
	off = rd->pos % r->size;
	n = r->size - off;
	seg[0].p = r->buf + off;
	if (n >= lag) {
		seg[0].len = lag;
		return 1;
	}
	seg[0].len = n;
	seg[1].p = r->buf;
	seg[1].len = lag - n;
	return 2;
}

void
ring_commit(const struct ring *r, struct ring_reader *rd, size_t n)
{
	uint64_t	lag = r->head - rd->pos;

	rd->pos += n < lag ? n : lag;
}

long
ring_read(const struct ring *r, struct ring_reader *rd, void *dst, size_t max)
{
	struct ring_seg	 seg[2];
	uint8_t		*d = dst;
	size_t		 got = 0, n;
	int		 i, nseg;

	if ((nseg = ring_peek(r, rd, seg)) < 0)
		return nseg;
	for (i = 0; i < nseg && got < max; i++) {
		n = seg[i].len < max - got ? seg[i].len : max - got;
		memcpy(d + got, seg[i].p, n);
		got += n;
	}
	ring_commit(r, rd, got);
	return (long)got;
}

uint64_t
ring_skip(const struct ring *r, struct ring_reader *rd)
{
	uint64_t	lost = 0;

	if (r->head - rd->pos > r->size) {
		lost = r->head - r->size - rd->pos;
		rd->pos = r->head - r->size;
	}
	return lost;
}
