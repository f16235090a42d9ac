/* dstream.h: Docker attach stream demux (8-byte frames, no TTY). */
/* SPDX-License-Identifier: ISC */
#ifndef SOLD_DSTREAM_H
#define SOLD_DSTREAM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Docker Engine API, "Attach to a container", stream format: without a TTY
 * every chunk is [type(1) 0 0 0 len(4, big-endian)] then len bytes; type is
 * 0 stdin, 1 stdout, 2 stderr.  Frames may be split anywhere between reads.
 */
#define DSTREAM_HEAD	8
#define DSTREAM_TYPE_MAX	2

struct dstream {
	uint8_t		 head[DSTREAM_HEAD];
	size_t		 hlen;		/* header bytes held */
	uint32_t	 left;		/* payload bytes still to come */
	uint8_t		 type;
};

void	dstream_init(struct dstream *);
/*
 * Feed len bytes; the payloads go to out (room for len bytes) and *outlen.
 * Returns 0, or BMC_EPROTO on a bad header (unknown type, reserved bytes
 * not zero): *outlen then holds the payload before it.  Pure.
 */
int	dstream_feed(struct dstream *, const uint8_t *in, size_t len,
	    uint8_t *out, size_t *outlen);

#endif
