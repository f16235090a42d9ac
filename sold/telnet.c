/* telnet.c: the TCP port's telnet side: negotiation parser and IAC escaping. */
/* SPDX-License-Identifier: ISC */

#include <string.h>

#include "telnet.h"

enum tn_state {
	TN_S_DATA = 0,
	TN_S_IAC,		/* after IAC */
	TN_S_OPT,		/* after IAC WILL/WONT/DO/DONT */
	TN_S_SB,		/* inside IAC SB ... */
	TN_S_SB_IAC		/* IAC inside a subnegotiation */
};

#define BIT_GET(a, o)	(((a)[(o) >> 5] >> ((o) & 31)) & 1)
#define BIT_SET(a, o)	((a)[(o) >> 5] |= 1U << ((o) & 31))
#define BIT_CLR(a, o)	((a)[(o) >> 5] &= ~(1U << ((o) & 31)))

void
telnet_init(struct telnet *t)
{
	memset(t, 0, sizeof(*t));
}

size_t
telnet_offer(struct telnet *t, uint8_t *out)
{
	static const uint8_t	offer[TELNET_OFFER_LEN] = {
		TN_IAC, TN_WILL, TN_OPT_ECHO, TN_IAC, TN_WILL, TN_OPT_SGA
	};

	memcpy(out, offer, sizeof(offer));
	BIT_SET(t->us, TN_OPT_ECHO);
	BIT_SET(t->us, TN_OPT_SGA);
	return sizeof(offer);
}

int
telnet_active(const struct telnet *t)
{
	return t->seen_iac;
}

int
telnet_us(const struct telnet *t, uint8_t opt)
{
	return BIT_GET(t->us, opt);
}

int
telnet_him(const struct telnet *t, uint8_t opt)
{
	return BIT_GET(t->him, opt);
}

/* Options sold will do itself / lets the peer do. */
static int
tn_us_ok(uint8_t opt)
{
	return opt == TN_OPT_ECHO || opt == TN_OPT_SGA || opt == TN_OPT_BINARY;
}

static int
tn_him_ok(uint8_t opt)
{
	return opt == TN_OPT_SGA || opt == TN_OPT_BINARY;
}

static size_t
tn_answer(struct telnet *t, uint8_t verb, uint8_t opt, uint8_t *r)
{
	uint8_t	ans = 0;

	switch (verb) {
	case TN_DO:
		if (BIT_GET(t->us, opt))
			return 0;		/* already on: an ack */
		if (tn_us_ok(opt)) {
			BIT_SET(t->us, opt);
			ans = TN_WILL;
		} else
			ans = TN_WONT;
		break;
	case TN_DONT:
		if (!BIT_GET(t->us, opt))
			return 0;
		BIT_CLR(t->us, opt);
		ans = TN_WONT;
		break;
	case TN_WILL:
		if (BIT_GET(t->him, opt))
			return 0;
		if (tn_him_ok(opt)) {
			BIT_SET(t->him, opt);
			ans = TN_DO;
		} else
			ans = TN_DONT;
		break;
	case TN_WONT:
		if (!BIT_GET(t->him, opt))
			return 0;
		BIT_CLR(t->him, opt);
		ans = TN_DONT;
		break;
	default:
		return 0;
	}
	r[0] = TN_IAC;
	r[1] = ans;
	r[2] = opt;
	return 3;
}

void
telnet_feed(struct telnet *t, const uint8_t *in, size_t len, uint8_t *data,
    size_t *dlen, uint8_t *reply, size_t *rlen)
{
	size_t	i, d = 0, r = 0;
	uint8_t	c;

	for (i = 0; i < len; i++) {
		c = in[i];
		switch (t->state) {
		case TN_S_DATA:
			if (c == TN_IAC) {
				t->state = TN_S_IAC;
				t->seen_iac = 1;
				break;
			}
			if (c == '\0' && t->cr) {	/* CR NUL -> CR */
				t->cr = 0;
				break;
			}
			t->cr = c == '\r';
			data[d++] = c;
			break;
		case TN_S_IAC:
			t->cr = 0;
			if (c == TN_IAC) {		/* escaped 0xFF */
				data[d++] = c;
				t->state = TN_S_DATA;
			} else if (c >= TN_WILL) {
				t->verb = c;
				t->state = TN_S_OPT;
			} else if (c == TN_SB)
				t->state = TN_S_SB;
			else		/* NOP, AYT, BRK, ...: ignored */
				t->state = TN_S_DATA;
			break;
		case TN_S_OPT:
			/*
			 * Three bytes in, at most three out: with the two
			 * spare bytes the caller gives, the answer fits.
			 */
			r += tn_answer(t, t->verb, c, reply + r);
			t->state = TN_S_DATA;
			break;
		case TN_S_SB:
			if (c == TN_IAC)
				t->state = TN_S_SB_IAC;
			break;
		case TN_S_SB_IAC:
			if (c == TN_SE)
				t->state = TN_S_DATA;
			else if (c == TN_IAC)
				t->state = TN_S_SB;
			else {
				/* a command inside SB ends it (RFC 855) */
				t->state = TN_S_IAC;
				i--;
			}
			break;
		}
	}
	*dlen = d;
	*rlen = r;
}

size_t
telnet_escape(const uint8_t *src, size_t srclen, uint8_t *dst, size_t dstcap,
    size_t *used)
{
	size_t	i, o = 0;

	for (i = 0; i < srclen; i++) {
		if (src[i] == TN_IAC) {
			if (dstcap - o < 2)
				break;
			dst[o++] = TN_IAC;
		} else if (dstcap - o < 1)
			break;
		dst[o++] = src[i];
	}
	*used = i;
	return o;
}
