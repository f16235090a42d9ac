/* 3001-ring.c: sold's ring: wraparound, reader positions, overrun, history. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "../../sold/ring.h"
#include "util.h"

#define SZ	4096

static void
fill(uint8_t *p, size_t n, uint64_t start)
{
	size_t	i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)((start + i) * 7 + 3);
}

static int
check(const uint8_t *p, size_t n, uint64_t start)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (p[i] != (uint8_t)((start + i) * 7 + 3))
			return 0;
	return 1;
}

int
main(void)
{
	struct ring		r;
	struct ring_reader	a, b, c, h;
	struct ring_seg		seg[2];
	uint8_t			in[3 * SZ], out[3 * SZ];
	uint64_t		wrote = 0;
	long			got;
	int			nseg, i, okall;

	is_int(ring_init(&r, 100), BMC_EINVAL, "too small a ring is refused");
	is_int(ring_init(&r, SZ), 0, "init");
	is_int(ring_held(&r), 0, "empty ring holds nothing");
	ring_reader_init(&r, &a, 1000);
	is_int(ring_lag(&r, &a), 0, "history on an empty ring is empty");
	is_int(ring_peek(&r, &a, seg), 0, "nothing to peek");

	/* per-reader positions */
	fill(in, 1000, 0);
	ring_write(&r, in, 1000);
	wrote = 1000;
	ring_reader_init(&r, &b, 0);
	ring_reader_init(&r, &h, 300);
	is_int(ring_lag(&r, &a), 1000, "reader a sees all 1000 bytes");
	is_int(ring_lag(&r, &b), 0, "live reader b sees none");
	is_int(ring_lag(&r, &h), 300, "history reader sees the last 300");
	got = ring_read(&r, &h, out, sizeof(out));
	ok(got == 300 && check(out, 300, 700), "history is the newest bytes");
	got = ring_read(&r, &a, out, 400);
	ok(got == 400 && check(out, 400, 0), "a reads 400 of them");
	is_int(ring_lag(&r, &a), 600, "a's position is its own");

	/* wraparound: a segment split in two */
	fill(in, 3500, wrote);
	ring_write(&r, in, 3500);
	wrote += 3500;
	is_int(ring_held(&r), SZ, "full ring holds its size");
	is_int(ring_lag(&r, &b), 3500, "b lags 3500");
	nseg = ring_peek(&r, &b, seg);
	is_int(nseg, 2, "unread bytes across the end come as two segments");
	ok(nseg == 2 && seg[0].len + seg[1].len == 3500 &&
	    seg[1].p == r.buf, "segments cover the lag, second from the start");
	got = ring_read(&r, &b, out, sizeof(out));
	ok(got == 3500 && check(out, 3500, 1000),
	    "wrapped bytes read back in order");

	/* overrun: a stalled reader */
	is_int(ring_lag(&r, &a), 4100, "a is 4100 behind");
	ok(ring_overrun(&r, &a), "a is overrun (lag > size)");
	is_int(ring_peek(&r, &a, seg), BMC_ERANGE, "peek after overrun fails");
	is_int(ring_read(&r, &a, out, 10), BMC_ERANGE,
	    "read after overrun fails");
	is_int(ring_skip(&r, &a), 4, "skip reports the 4 bytes lost");
	is_int(ring_lag(&r, &a), SZ, "skip lands on the oldest byte held");
	got = ring_read(&r, &a, out, sizeof(out));
	ok(got == SZ && check(out, SZ, wrote - SZ),
	    "resynced reader reads the whole ring");
	is_int(ring_skip(&r, &a), 0, "skip on a current reader loses nothing");

	/* a write larger than the ring keeps the tail */
	ring_reader_init(&r, &c, 0);
	fill(in, 3 * SZ, wrote);
	ring_write(&r, in, 3 * SZ);
	wrote += 3 * SZ;
	is_int(r.head, wrote, "head counts every byte");
	ok(ring_overrun(&r, &c), "oversized write overruns a live reader");
	ring_reader_init(&r, &c, SZ);
	got = ring_read(&r, &c, out, sizeof(out));
	ok(got == SZ && check(out, SZ, wrote - SZ),
	    "oversized write: the last size bytes survive");

	/* lag exactly the size is not an overrun */
	ring_reader_init(&r, &c, 0);
	fill(in, SZ, wrote);
	ring_write(&r, in, SZ);
	wrote += SZ;
	ok(!ring_overrun(&r, &c), "lag == size is still readable");
	got = ring_read(&r, &c, out, sizeof(out));
	ok(got == SZ && check(out, SZ, wrote - SZ), "and reads back intact");

	/* many small writes, many wraps, two readers at different paces */
	ring_reader_init(&r, &a, 0);
	ring_reader_init(&r, &b, 0);
	okall = 1;
	for (i = 0; i < 2000; i++) {
		size_t	n = 1 + (i * 37) % 700;

		fill(in, n, wrote);
		ring_write(&r, in, n);
		wrote += n;
		got = ring_read(&r, &a, out, sizeof(out));
		if (got != (long)n || !check(out, n, wrote - n))
			okall = 0;
		if (i % 3 == 2) {
			uint64_t	start = b.pos;

			got = ring_read(&r, &b, out, sizeof(out));
			if (got < 0 || !check(out, got, start))
				okall = 0;
		}
	}
	ok(okall, "2000 writes with wraps: both readers get every byte");

	/* commit never moves past head */
	ring_reader_init(&r, &c, 10);
	ring_commit(&r, &c, 1000);
	is_int(ring_lag(&r, &c), 0, "commit is clamped to the lag");

	ring_free(&r);
	return done_testing();
}
