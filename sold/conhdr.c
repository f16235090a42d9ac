/* conhdr.c: the header line a unix-socket client sends (doc/console.md). */
/* SPDX-License-Identifier: ISC */

#include <string.h>

#include "conhdr.h"
#include "util.h"

/* Largest history a client may name; sold clamps it to its ring. */
#define CONHDR_HISTORY_MAX	((uint64_t)1 << 40)

/* Decimal digits only, no sign, no blanks; 0 or BMC_EPROTO. */
static int
conhdr_num(const uint8_t *p, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t	v = 0;
	size_t		i;

	if (n == 0 || n > 20)
		return BMC_EPROTO;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return BMC_EPROTO;
		v = v * 10 + (p[i] - '0');
		if (v > max)
			return BMC_EPROTO;
	}
	*out = v;
	return 0;
}

static int
conhdr_word(const uint8_t *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

int
conhdr_parse(const uint8_t *buf, size_t len, size_t *used, uint64_t *history)
{
	const uint8_t	*nl, *w, *eq;
	size_t		 linelen, i, n, word = 0;
	uint64_t	 ver = 0, hist = 0;

	nl = memchr(buf, '\n', len < CONHDR_MAX ? len : CONHDR_MAX);
	if (nl == NULL)
		return len >= CONHDR_MAX ? BMC_ETOOLONG : BMC_EAGAIN;
	linelen = nl - buf;
	if (linelen > 0 && buf[linelen - 1] == '\r')
		linelen--;
	for (i = 0; i < linelen; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			return BMC_EPROTO;

	for (i = 0; i < linelen; ) {
		while (i < linelen && buf[i] == ' ')
			i++;
		if (i == linelen)
			break;
		w = buf + i;
		while (i < linelen && buf[i] != ' ')
			i++;
		n = buf + i - w;
		switch (word++) {
		case 0:
			if (!conhdr_word(w, n, "console"))
				return BMC_EPROTO;
			break;
		case 1:
			if (conhdr_num(w, n, 1000, &ver) != 0 ||
			    ver != CONHDR_VERSION)
				return BMC_EPROTO;
			break;
		default:
			if ((eq = memchr(w, '=', n)) == NULL)
				return BMC_EPROTO;
			if (conhdr_word(w, eq - w, "history") &&
			    conhdr_num(eq + 1, n - (eq + 1 - w),
			    CONHDR_HISTORY_MAX, &hist) != 0)
				return BMC_EPROTO;
			break;		/* unknown keys are ignored */
		}
	}
	if (word < 2)
		return BMC_EPROTO;
	*used = nl - buf + 1;
	*history = hist;
	return 0;
}
