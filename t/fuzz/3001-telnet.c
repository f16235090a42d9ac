/* 3001-telnet.c: libFuzzer: telnet, console header, Docker demux. */
/* SPDX-License-Identifier: ISC */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../sold/conhdr.h"
#include "../../sold/dstream.h"
#include "../../sold/telnet.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The first byte picks the chunk size, so a command or frame split
 * across reads is covered.  Invariants: telnet never writes more than its
 * documented bounds, escaping round-trips through the parser, the header
 * parser never reads past len nor accepts more than CONHDR_MAX bytes, the
 * demux never yields more than it was fed.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct telnet	 t, t2;
	struct dstream	 d;
	uint8_t		*out, *rep, *esc, *back, *rep2;
	size_t		 step, i, n, dl, rl, used, el, bl, total = 0;
	uint64_t	 hist;
	uint8_t		 offer[TELNET_OFFER_LEN];
	int		 r;

	if (size < 1)
		return 0;
	step = 1 + data[0] % 64;
	data++;
	size--;
	out = malloc(size + 1);
	rep = malloc(size + 3);
	esc = malloc(2 * size + 1);
	back = malloc(2 * size + 1);
	rep2 = malloc(2 * size + 3);
	if (out == NULL || rep == NULL || esc == NULL || back == NULL ||
	    rep2 == NULL)
		goto out;

	telnet_init(&t);
	telnet_offer(&t, offer);
	for (i = 0; i < size; i += n) {
		n = size - i < step ? size - i : step;
		telnet_feed(&t, data + i, n, out, &dl, rep, &rl);
		if (dl > n || rl > n + 2)
			abort();
		/* host data escaped for the client parses back to itself */
		el = telnet_escape(out, dl, esc, 2 * dl + 1, &used);
		if (used != dl)
			abort();
		telnet_init(&t2);
		telnet_feed(&t2, esc, el, back, &bl, rep2, &rl);
		if (rl != 0)
			abort();
		/* CR NUL collapses, so compare only when there is none */
		if (memchr(out, '\r', dl) == NULL &&
		    (bl != dl || memcmp(back, out, dl) != 0))
			abort();
	}

	r = conhdr_parse(data, size, &used, &hist);
	if (r == 0 && (used > size || used > CONHDR_MAX))
		abort();
	if (r == BMC_EAGAIN && size >= CONHDR_MAX)
		abort();

	dstream_init(&d);
	for (i = 0; i < size; i += n) {
		n = size - i < step ? size - i : step;
		r = dstream_feed(&d, data + i, n, out, &dl);
		if (dl > n)
			abort();
		total += dl;
		if (r != 0)
			break;
	}
	if (total > size)
		abort();
out:
	free(out);
	free(rep);
	free(esc);
	free(back);
	free(rep2);
	return 0;
}
