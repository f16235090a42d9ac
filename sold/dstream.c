/* dstream.c: Docker attach stream demux (8-byte frames, no TTY). */
/* SPDX-License-Identifier: ISC */

#include <string.h>

#include "dstream.h"
#include "rbuf.h"
#include "util.h"

void
dstream_init(struct dstream *d)
{
	memset(d, 0, sizeof(*d));
}

int
dstream_feed(struct dstream *d, const uint8_t *in, size_t len, uint8_t *out,
    size_t *outlen)
{
	struct rbuf	rb;
	uint32_t	flen;
	size_t		i = 0, o = 0, n;

	*outlen = 0;
	while (i < len) {
		if (d->left > 0) {
			n = len - i < d->left ? len - i : d->left;
			memcpy(out + o, in + i, n);
			o += n;
			i += n;
			d->left -= n;
			continue;
		}
		n = DSTREAM_HEAD - d->hlen;
		if (n > len - i)
			n = len - i;
		memcpy(d->head + d->hlen, in + i, n);
		d->hlen += n;
		i += n;
		if (d->hlen < DSTREAM_HEAD)
			break;
		d->hlen = 0;
		rbuf_init(&rb, d->head, DSTREAM_HEAD);
		/* cannot fail: 8 bytes held */
		if (rbuf_get_u8(&rb, &d->type) == -1 ||
		    rbuf_skip(&rb, 3) == -1 ||
		    rbuf_get_u32_be(&rb, &flen) == -1)
			return BMC_ESHORT;
		if (d->type > DSTREAM_TYPE_MAX || d->head[1] != 0 ||
		    d->head[2] != 0 || d->head[3] != 0) {
			*outlen = o;
			return BMC_EPROTO;
		}
		d->left = flen;
	}
	*outlen = o;
	return 0;
}
