/* ring.h: the console ring buffer: one writer, one read position per client. */
/* SPDX-License-Identifier: ISC */
#ifndef SOLD_RING_H
#define SOLD_RING_H

#include <stddef.h>
#include <stdint.h>

/*
 * The writer never waits: ring_write always succeeds and overwrites the
 * oldest bytes.  Positions are absolute byte counts since the start
 * (64 bits never wrap), so a reader knows exactly how far behind it is:
 * lag = head - pos.  A reader whose lag exceeds the ring size has lost
 * bytes (overrun); the owner then drops it or resyncs it (ring_skip).
 * Readers are plain values owned by the caller; the ring does not know
 * them, so adding or removing one costs nothing.  Pure: no I/O.
 */
#define RING_SIZE_MIN	4096
#define RING_SIZE_MAX	((size_t)256 * 1024 * 1024)

struct ring {
	uint8_t		*buf;
	size_t		 size;
	uint64_t	 head;		/* bytes ever written */
};

struct ring_reader {
	uint64_t	 pos;		/* next byte this reader wants */
};

struct ring_seg {
	const uint8_t	*p;
	size_t		 len;
};

int		 ring_init(struct ring *, size_t size);
void		 ring_free(struct ring *);
void		 ring_write(struct ring *, const void *, size_t);
/* Bytes still held: min(head, size). */
size_t		 ring_held(const struct ring *);
/* Start a reader history bytes back (clamped to what is held). */
void		 ring_reader_init(const struct ring *, struct ring_reader *,
		    uint64_t history);
uint64_t	 ring_lag(const struct ring *, const struct ring_reader *);
int		 ring_overrun(const struct ring *,
		    const struct ring_reader *);
/*
 * The unread bytes as at most two contiguous segments; returns the number
 * of segments (0 when nothing is unread) or BMC_ERANGE after an overrun.
 */
int		 ring_peek(const struct ring *, const struct ring_reader *,
		    struct ring_seg seg[2]);
/* Mark n bytes read (n <= lag). */
void		 ring_commit(const struct ring *, struct ring_reader *,
		    size_t n);
/* Copy up to max unread bytes to dst and commit them; BMC_ERANGE on overrun. */
long		 ring_read(const struct ring *, struct ring_reader *,
		    void *dst, size_t max);
/* After an overrun: jump to the oldest byte held; returns bytes lost. */
uint64_t	 ring_skip(const struct ring *, struct ring_reader *);

#endif
