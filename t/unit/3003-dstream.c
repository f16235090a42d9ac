/* 3003-dstream.c: sold's Docker attach demux: splits, bad headers. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <string.h>

#include "../tap.h"
#include "../../sold/dstream.h"
#include "util.h"

/* stdout "hello\n", stderr "oops", an empty stdout frame, stdout "!" */
static const uint8_t	stream[] = {
	1, 0, 0, 0, 0, 0, 0, 6, 'h', 'e', 'l', 'l', 'o', '\n',
	2, 0, 0, 0, 0, 0, 0, 4, 'o', 'o', 'p', 's',
	1, 0, 0, 0, 0, 0, 0, 0,
	1, 0, 0, 0, 0, 0, 0, 1, '!'
};
static const char	want[] = "hello\noops!";

int
main(void)
{
	struct dstream	d;
	uint8_t		out[256], o[256];
	size_t		olen, n, i, step, tot;
	int		allok = 1, r;
	static const uint8_t	bad_type[] = {
	    3, 0, 0, 0, 0, 0, 0, 1, 'x' };
	static const uint8_t	bad_res[] = { 1, 0, 9, 0, 0, 0, 0, 1, 'x' };
	static const uint8_t	big[] = {
	    1, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 'a', 'b' };

	dstream_init(&d);
	is_int(dstream_feed(&d, stream, sizeof(stream), out, &olen), 0,
	    "whole stream");
	ok(olen == sizeof(want) - 1 && memcmp(out, want, olen) == 0,
	    "payloads joined");

	for (step = 1; step <= sizeof(stream); step++) {
		dstream_init(&d);
		tot = 0;
		for (i = 0; i < sizeof(stream); i += n) {
			n = sizeof(stream) - i < step ?
			    sizeof(stream) - i : step;
			if (dstream_feed(&d, stream + i, n, o, &olen) != 0 ||
			    olen > n)
				allok = 0;
			memcpy(out + tot, o, olen);
			tot += olen;
		}
		if (tot != sizeof(want) - 1 || memcmp(out, want, tot) != 0)
			allok = 0;
	}
	ok(allok, "split at every step size: same payload");

	/* every truncation: a prefix never yields more than its payload */
	allok = 1;
	for (n = 0; n < sizeof(stream); n++) {
		dstream_init(&d);
		if (dstream_feed(&d, stream, n, out, &olen) != 0 ||
		    olen > sizeof(want) - 1 || memcmp(out, want, olen) != 0)
			allok = 0;
	}
	ok(allok, "every truncation gives a prefix of the payload");

	dstream_init(&d);
	r = dstream_feed(&d, bad_type, sizeof(bad_type), out, &olen);
	is_int(r, BMC_EPROTO, "unknown stream type refused");
	dstream_init(&d);
	r = dstream_feed(&d, stream, 14, out, &olen);
	r = dstream_feed(&d, bad_res, sizeof(bad_res), out, &olen);
	is_int(r, BMC_EPROTO, "non-zero reserved bytes refused");
	is_int(olen, 0, "nothing from the bad frame");
	dstream_init(&d);
	r = dstream_feed(&d, big, sizeof(big), out, &olen);
	ok(r == 0 && olen == 2 && d.left == 0x7fffffff - 2,
	    "huge frame length streams, nothing buffered");
	return done_testing();
}
