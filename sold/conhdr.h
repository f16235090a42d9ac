/* conhdr.h: the header line a unix-socket client sends (doc/console.md). */
/* SPDX-License-Identifier: ISC */
#ifndef SOLD_CONHDR_H
#define SOLD_CONHDR_H

#include <stddef.h>
#include <stdint.h>

/* "console 1 history=<N>\n", at most CONHDR_MAX bytes with the '\n'. */
#define CONHDR_MAX	128
#define CONHDR_VERSION	1

/*
 * Parse the header at the start of buf.  Returns 0 with *used (bytes of
 * the header, '\n' included; what follows is console input) and *history;
 * BMC_EAGAIN when no '\n' yet; BMC_ETOOLONG when CONHDR_MAX bytes hold no
 * '\n'; BMC_EPROTO when malformed.  Unknown key=value words are ignored.
 * Pure.
 */
int	conhdr_parse(const uint8_t *buf, size_t len, size_t *used,
	    uint64_t *history);

#endif
