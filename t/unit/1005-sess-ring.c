/* 1005-sess-ring.c: aggregated mode's shared Open Session ring keeps servers apart; lazy slots. */
/* SPDX-License-Identifier: ISC */

/*
 * Two servers' tables share one ring of Open Session records, as in ipmid
 * -M.  An Open Session answered by server A gives a BMC session id that
 * only A's table accepts in RAKP 1: B answers "invalid session id", as a
 * separate ipmid would.  Slots exist only while a handshake or session
 * does.
 */

#include <sys/socket.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "util.h"
#include "../../ipmid/ipmid.h"
#include "../../ipmid/config.h"
#include "../../ipmid/rmcp.h"
#include "../../ipmid/sess.h"
#include "../tap.h"

struct cap {
	uint8_t		 buf[IPMI_MAX_PKT];
	size_t		 len;
	int		 n;
};

static void
capture(void *arg, const struct sess_peer *p, const uint8_t *b, size_t len)
{
	struct cap	*c = arg;

	(void)p;
	if (len > sizeof(c->buf))
		len = sizeof(c->buf);
	memcpy(c->buf, b, len);
	c->len = len;
	c->n++;
}

/* An unauthenticated RMCP+ packet of payload type pt. */
static size_t
pkt(uint8_t *b, uint8_t pt, const uint8_t *pl, size_t plen)
{
	static const uint8_t	hdr[] = { 0x06, 0x00, 0xFF, 0x07, 0x06 };

	memcpy(b, hdr, sizeof(hdr));
	b[5] = pt;
	memset(b + 6, 0, 8);			/* session id, sequence */
	b[14] = (uint8_t)(plen & 0xFF);
	b[15] = (uint8_t)(plen >> 8);
	memcpy(b + 16, pl, plen);
	return 16 + plen;
}

/* Open Session for suite 3; the BMC session id of the answer, 0 if none. */
static uint32_t
open_session(struct ipmid *d, struct cap *c, const struct sess_peer *peer)
{
	uint8_t		 pl[32] = {
		0x01, 0x04, 0, 0, 0x44, 0x33, 0x22, 0x11,
		0x00, 0, 0, 0x08, 0x01, 0, 0, 0,
		0x01, 0, 0, 0x08, 0x01, 0, 0, 0,
		0x02, 0, 0, 0x08, 0x01, 0, 0, 0,
	}, b[64];
	size_t		 n = pkt(b, RMCPP_PT_OPEN_REQ, pl, sizeof(pl));
	const uint8_t	*r;

	c->n = 0;
	sess_input(d, b, n, peer, 1.0);
	if (c->n != 1 || c->len < 16 + 12 || c->buf[5] != RMCPP_PT_OPEN_RSP)
		return 0;
	r = c->buf + 16;
	if (r[1] != 0)
		return 0;
	return (uint32_t)r[8] | (uint32_t)r[9] << 8 | (uint32_t)r[10] << 16 |
	    (uint32_t)r[11] << 24;
}

/* RAKP 1 for admin on sid; the status of RAKP 2, -1 if none came. */
static int
rakp1(struct ipmid *d, struct cap *c, const struct sess_peer *peer,
    uint32_t sid)
{
	uint8_t	pl[28 + 5], b[80];
	size_t	n;

	memset(pl, 0, sizeof(pl));
	pl[0] = 0x02;
	pl[4] = sid & 0xFF;
	pl[5] = (sid >> 8) & 0xFF;
	pl[6] = (sid >> 16) & 0xFF;
	pl[7] = sid >> 24;
	memset(pl + 8, 0xA5, 16);		/* Rm */
	pl[24] = 0x14;				/* admin, name-only lookup */
	pl[27] = 5;
	memcpy(pl + 28, "admin", 5);
	n = pkt(b, RMCPP_PT_RAKP1, pl, sizeof(pl));
	c->n = 0;
	sess_input(d, b, n, peer, 1.1);
	if (c->n != 1 || c->len < 16 + 2 || c->buf[5] != RMCPP_PT_RAKP2)
		return -1;
	return c->buf[16 + 1];
}

static void
server(struct ipmid *d, const char *id)
{
	struct config_extra	x;

	memset(d, 0, sizeof(*d));
	config_defaults(&d->conf, &x);
	strlcpy(d->conf.server, id, sizeof(d->conf.server));
	d->users[2].used = 1;
	d->users[2].id = 2;
	d->users[2].enabled = 1;
	d->users[2].priv = IPMI_PRIV_ADMIN;
	memcpy(d->users[2].name, "admin", 5);
	d->users[2].namelen = 5;
	memcpy(d->users[2].pass, "password", 8);
	d->users[2].passlen = 8;
	d->have_users = 1;
}

int
main(void)
{
	static struct ipmid	a, b;
	struct sess_ring	*ring;
	struct cap		ca, cb;
	struct sess_peer	peer;
	uint32_t		sa, sb;

	memset(&peer, 0, sizeof(peer));
	peer.sslen = sizeof(struct sockaddr_in);
	peer.ss.ss_family = AF_INET;
	server(&a, "srvA");
	server(&b, "srvB");
	ok((ring = sess_ring_new()) != NULL, "shared ring");
	ok((a.sessions = sess_new_lazy(32, capture, &ca, ring)) != NULL &&
	    (b.sessions = sess_new_lazy(32, capture, &cb, ring)) != NULL,
	    "two lazy tables on it");
	ok(!sess_busy(a.sessions) && !sess_busy(b.sessions),
	    "no slots before any handshake");

	ok((sa = open_session(&a, &ca, &peer)) != 0, "A: Open Session answered");
	ok((sb = open_session(&b, &cb, &peer)) != 0, "B: Open Session answered");
	ok(sa != sb, "distinct session ids");
	is_int(rakp1(&b, &cb, &peer, sa), 0x02,
	    "A's handshake on B's table: RAKP 2 invalid session id");
	is_int(rakp1(&a, &ca, &peer, sa), 0x00, "A's handshake on A's table goes on");
	ok(sess_busy(a.sessions), "A holds a slot past RAKP 1");
	is_int(rakp1(&a, &ca, &peer, sb), 0x02,
	    "B's handshake on A's table: invalid session id");
	is_int(rakp1(&b, &cb, &peer, sb), 0x00, "B's own goes on");

	/* both handshakes lapse: the slots go back */
	sess_sweep(&a, 100.0);
	sess_sweep(&b, 100.0);
	ok(!sess_busy(a.sessions) && !sess_busy(b.sessions),
	    "slots given back once no session is left");
	is_int(sess_ring_sweep(ring, 100.0), 0, "ring empty after expiry");
	ok((sa = open_session(&a, &ca, &peer)) != 0, "A: a new Open Session");
	is_int(sess_ring_sweep(ring, 2.0), 1, "one live record");
	sess_free(a.sessions);
	is_int(sess_ring_sweep(ring, 2.0), 0, "freeing A clears A's records");
	sess_free(b.sessions);
	sess_ring_free(ring);
	return done_testing();
}
