/* 3002-telnet.c: sold's telnet parser: negotiation, truncation, junk. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "../../sold/telnet.h"
#include "util.h"

#define IAC	"\xff"
#define WILL	"\xfb"
#define WONT	"\xfc"
#define DO	"\xfd"
#define DONT	"\xfe"
#define SB	"\xfa"
#define SE	"\xf0"

struct out {
	uint8_t	data[4096];
	size_t	dlen;
	uint8_t	reply[4096];
	size_t	rlen;
};

/* Feed in chunks of at most step bytes, collecting all output. */
static void
feed(struct telnet *t, const char *in, size_t len, size_t step, struct out *o)
{
	uint8_t	d[4096], r[4096 + 2];
	size_t	i, n, dl, rl;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < len; i += n) {
		n = len - i < step ? len - i : step;
		telnet_feed(t, (const uint8_t *)in + i, n, d, &dl, r, &rl);
		ok(dl <= n && rl <= n + 2,
		    "step %zu at %zu: output within bounds", step, i);
		memcpy(o->data + o->dlen, d, dl);
		o->dlen += dl;
		memcpy(o->reply + o->rlen, r, rl);
		o->rlen += rl;
	}
}

static int
same(const struct out *o, const char *data, size_t dlen, const char *rep,
    size_t rlen)
{
	return o->dlen == dlen && memcmp(o->data, data, dlen) == 0 &&
	    o->rlen == rlen && memcmp(o->reply, rep, rlen) == 0;
}

int
main(void)
{
	struct telnet	t;
	struct out	o;
	uint8_t		off[TELNET_OFFER_LEN], esc[16], junk[4096];
	size_t		used, n, step, i, dl, rl;
	int		allok;
	/* what Linux telnet sends after our offer, plus data and junk */
	static const char	session[] =
	    IAC DO "\x01" IAC DO "\x03" IAC WILL "\x18" IAC WILL "\x1f"
	    "ls" IAC IAC "x\r\0y\r\n"
	    IAC SB "\x18\x00" "xterm" IAC SE
	    IAC "\xf1" IAC "\xf3" "z"
	    IAC DONT "\x01" IAC DO "\x05" IAC WILL "\x03" IAC WONT "\x03";
	static const char	want_data[] = "ls\xffx\ry\r\nz";
	static const char	want_reply[] =
	    IAC DONT "\x18" IAC DONT "\x1f"
	    IAC WONT "\x01" IAC WONT "\x05" IAC DO "\x03" IAC DONT "\x03";

	telnet_init(&t);
	is_int(telnet_offer(&t, off), TELNET_OFFER_LEN, "offer length");
	is_mem(off, IAC WILL "\x01" IAC WILL "\x03", 6,
	    "offer is WILL ECHO, WILL SGA");
	ok(telnet_us(&t, 1) && telnet_us(&t, 3), "offered options are on");
	ok(!telnet_active(&t), "peer not yet a telnet speaker");

	/* whole session at once and split at every step size */
	for (step = 1; step <= sizeof(session); step++) {
		telnet_init(&t);
		telnet_offer(&t, off);
		feed(&t, session, sizeof(session) - 1, step, &o);
		if (!same(&o, want_data, sizeof(want_data) - 1, want_reply,
		    sizeof(want_reply) - 1)) {
			ok(0, "session split every %zu bytes", step);
			diag("dlen %zu rlen %zu", o.dlen, o.rlen);
		}
	}
	ok(1, "session gives the same data and answers at every split");
	ok(telnet_active(&t), "peer now counts as telnet");
	ok(!telnet_us(&t, 1), "DONT ECHO turned echo off");
	ok(!telnet_him(&t, 3), "WONT SGA after WILL SGA turned it off again");

	/* every truncation of a command: prefix then rest gives the same */
	allok = 1;
	for (n = 0; n < sizeof(session) - 1; n++) {
		struct out	a, b;
		uint8_t		d[4096], r[4098];

		telnet_init(&t);
		telnet_offer(&t, off);
		memset(&a, 0, sizeof(a));
		telnet_feed(&t, (const uint8_t *)session, n, d, &dl, r, &rl);
		memcpy(a.data, d, dl);
		memcpy(a.reply, r, rl);
		a.dlen = dl;
		a.rlen = rl;
		telnet_feed(&t, (const uint8_t *)session + n,
		    sizeof(session) - 1 - n, d, &dl, r, &rl);
		memcpy(a.data + a.dlen, d, dl);
		memcpy(a.reply + a.rlen, r, rl);
		a.dlen += dl;
		a.rlen += rl;
		b = a;
		if (!same(&b, want_data, sizeof(want_data) - 1, want_reply,
		    sizeof(want_reply) - 1))
			allok = 0;
	}
	ok(allok, "every truncation point gives the same result");

	/* requests for the mode in force get no answer (no loops) */
	telnet_init(&t);
	telnet_offer(&t, off);
	feed(&t, IAC DO "\x01" IAC DO "\x01" IAC WONT "\x22", 9, 9, &o);
	ok(same(&o, "", 0, "", 0),
	    "DO for an option on, WONT for one off: silence");

	/* NVT: CR NUL is CR, lone NUL stays */
	telnet_init(&t);
	feed(&t, "a\r\0b\0c", 6, 1, &o);
	ok(same(&o, "a\rb\0c", 5, "", 0), "CR NUL -> CR; other NULs kept");

	/* a command inside a subnegotiation ends it */
	telnet_init(&t);
	feed(&t, IAC SB "\x18" IAC DO "\x05" "q", 7, 2, &o);
	ok(same(&o, "q", 1, IAC WONT "\x05", 3), "IAC DO inside SB is handled");
	/* an unterminated subnegotiation swallows bytes, keeping none */
	telnet_init(&t);
	memset(junk, 'j', sizeof(junk));
	feed(&t, IAC SB, 2, 2, &o);
	feed(&t, (const char *)junk, sizeof(junk), 1000, &o);
	ok(o.dlen == 0 && o.rlen == 0, "bytes inside a long SB are dropped");
	feed(&t, IAC SE "ok", 4, 4, &o);
	ok(same(&o, "ok", 2, "", 0), "IAC SE ends it");

	/* random junk: never more out than in (+2 for replies) */
	telnet_init(&t);
	srandom(7);
	allok = 1;
	for (i = 0; i < 2000; i++) {
		uint8_t	d[64], r[66], in[64];
		size_t	k, len = random() % 64;

		for (k = 0; k < len; k++)
			in[k] = random() % 4 ? 0xf0 + random() % 16 : random();
		telnet_feed(&t, in, len, d, &dl, r, &rl);
		if (dl > len || rl > len + 2)
			allok = 0;
	}
	ok(allok, "2000 random chunks stay within the output bounds");

	/* escaping */
	n = telnet_escape((const uint8_t *)"a\xff" "b", 3, esc, sizeof(esc),
	    &used);
	ok(n == 4 && used == 3 && memcmp(esc, "a\xff\xff" "b", 4) == 0,
	    "IAC doubled");
	n = telnet_escape((const uint8_t *)"a\xff", 2, esc, 2, &used);
	ok(n == 1 && used == 1, "an IAC that does not fit is left for later");
	return done_testing();
}
