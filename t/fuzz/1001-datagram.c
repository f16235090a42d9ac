/* 1001-datagram.c: libFuzzer harness: one UDP datagram into the codec and into sess_input(). */
/* SPDX-License-Identifier: ISC */

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rbuf.h"
#include "util.h"
#include "../../ipmid/ipmid.h"
#include "../../ipmid/rmcp.h"
#include "../../ipmid/sess.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t	sent;

static void
fuzz_send(void *arg, const struct sess_peer *peer, const uint8_t *p, size_t n)
{
	(void)arg;
	(void)peer;
	if (n > IPMI_MAX_PKT)
		__builtin_trap();
	sent += n + p[0];
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct ipmid	 d, e;
	static struct sess_ring	*ring;
	static double		 now;
	static const uint8_t	 suites[] = { 1, 2, 3, 15, 16, 17 };
	struct sess_peer	 peer;
	struct rmcp_hdr		 h;
	struct rmcp_s15		 s15;
	struct rmcp_s20		 s20;
	struct ipmi_lanmsg	 m;
	const uint8_t		*ac;
	size_t			 cov;

	if (d.sessions == NULL) {
		memcpy(d.conf.suites, suites, sizeof(suites));
		d.conf.nsuites = sizeof(suites);
		d.conf.ipmi15 = 1;
		d.conf.idle_timeout_s = 60;
		d.users[2].used = d.users[2].enabled = 1;
		d.users[2].id = 2;
		memcpy(d.users[2].name, "admin", 5);
		d.users[2].namelen = 5;
		memcpy(d.users[2].pass, "password", 8);
		d.users[2].passlen = 8;
		d.users[2].priv = IPMI_PRIV_ADMIN;
		if ((d.sessions = sess_new(4, fuzz_send, NULL)) == NULL)
			return 0;
		/* -M: a lazy table on a ring shared with others */
		e = d;
		if ((ring = sess_ring_new()) == NULL ||
		    (e.sessions = sess_new_lazy(4, fuzz_send, NULL, ring)) ==
		    NULL)
			return 0;
	}
	/* the pure parsers alone */
	if (rmcp_parse(data, len, &h) == 0 && h.bodylen > 0) {
		if (h.body[0] == IPMI_AUTH_RMCPP) {
			if (rmcp_parse_s20(h.body, h.bodylen, &s20) == 0) {
				if (s20.auth)
					(void)rmcp_s20_trailer(&s20, 12, &ac,
					    &cov);
				(void)rmcp_parse_msg(s20.payload, s20.plen, &m);
			}
		} else if (rmcp_parse_s15(h.body, h.bodylen, &s15) == 0)
			(void)rmcp_parse_msg(s15.msg, s15.msglen, &m);
	}
	/* and the whole session layer, with time moving on */
	memset(&peer, 0, sizeof(peer));
	peer.ss.ss_family = AF_INET;
	peer.sslen = sizeof(struct sockaddr_in);
	now += 0.25;
	sess_input(&d, data, len, &peer, now);
	sess_sweep(&d, now);
	sess_input(&e, data, len, &peer, now);
	sess_sweep(&e, now);
	(void)sess_ring_sweep(ring, now);
	return 0;
}
