/* 1001-rmcp.c: the RMCP/IPMI codec against captured ipmitool/FreeIPMI packets, every truncation. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <string.h>

#include "rbuf.h"
#include "util.h"
#include "../../ipmid/rmcp.h"
#include "../tap.h"

/* rmcpping: RMCP(06 00 ff 06) ASF IANA 4542, ping 0x80, tag 0xCA, 0, len 0 */
static const uint8_t ping[] = {
	0x06, 0x00, 0xff, 0x06, 0x00, 0x00, 0x11, 0xbe, 0x80, 0xca, 0x00, 0x00
};

/* ipmitool lanplus, first packet: Get Channel Auth Caps (8E 04) in 1.5 framing */
static const uint8_t authcaps[] = {
	0x06, 0x00, 0xff, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x09, 0x20, 0x18, 0xc8, 0x81, 0x00, 0x38, 0x8e, 0x04, 0xb5
};

/* ipmitool -C 3: Open Session Request, tag 0, priv ADMIN, console SID a4a3a2a1 */
static const uint8_t opensess[] = {
	0x06, 0x00, 0xff, 0x07, 0x06, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x20, 0x00,
	0x00, 0x04, 0x00, 0x00, 0xa1, 0xa2, 0xa3, 0xa4,
	0x00, 0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00
};

/* an authenticated RMCP+ IPMI packet: payload 8 bytes, pad 2, 12-byte AuthCode */
static const uint8_t authed[] = {
	0x06, 0x00, 0xff, 0x07,
	0x06, 0x40, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x00, 0x00, 0x08, 0x00,
	0x20, 0x18, 0xc8, 0x81, 0x04, 0x01, 0x7a, 0x00,
	0xff, 0xff, 0x02, 0x07,
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab
};

static int
parse_all(const uint8_t *p, size_t len)
{
	struct rmcp_hdr		h;
	struct rmcp_s15		s15;
	struct rmcp_s20		s20;
	struct ipmi_lanmsg	m;
	const uint8_t		*ac;
	size_t			 cov;
	uint8_t			 tag;
	int			 rv;

	if ((rv = rmcp_parse(p, len, &h)) != 0)
		return rv;
	if (h.class == RMCP_CLASS_ASF)
		return rmcp_asf_ping(h.body, h.bodylen, &tag);
	if (h.bodylen > 0 && h.body[0] == IPMI_AUTH_RMCPP) {
		if ((rv = rmcp_parse_s20(h.body, h.bodylen, &s20)) != 0)
			return rv;
		if (s20.auth && (rv = rmcp_s20_trailer(&s20, 12, &ac, &cov)) != 0)
			return rv;
		if (s20.ptype == RMCPP_PT_IPMI)
			return rmcp_parse_msg(s20.payload, s20.plen, &m);
		return s20.plen == 32 ? 0 : BMC_ESHORT;
	}
	if ((rv = rmcp_parse_s15(h.body, h.bodylen, &s15)) != 0)
		return rv;
	return rmcp_parse_msg(s15.msg, s15.msglen, &m);
}

static void
truncations(const char *name, const uint8_t *p, size_t len)
{
	size_t	n;
	int	bad = 0;

	for (n = 0; n < len; n++)
		if (parse_all(p, n) == 0) {
			diag("%s: truncated to %zu bytes parsed", name, n);
			bad++;
		}
	ok(bad == 0, "%s: every truncation 0..%zu fails", name, len - 1);
	is_int(parse_all(p, len), 0, name);
}

int
main(void)
{
	struct rmcp_hdr		 h;
	struct rmcp_s15		 s15;
	struct rmcp_s20		 s20;
	struct ipmi_lanmsg	 m;
	struct wbuf		 wb;
	const uint8_t		*ac;
	uint8_t			 out[64], tag, bad[sizeof(authcaps)];
	uint8_t			 data[2] = { 0x01, 0x02 };
	size_t			 cov;
	static const uint8_t	 pong[] = {
		0x06, 0x00, 0xff, 0x06, 0x00, 0x00, 0x11, 0xbe, 0x40, 0xca,
		0x00, 0x10, 0x00, 0x00, 0x11, 0xbe, 0x00, 0x00, 0x00, 0x00,
		0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
	};
	static const uint8_t	 rsp[] = {
		0x81, 0x1c, 0x63, 0x20, 0x00, 0x38, 0x00, 0x01, 0x02, 0xa5
	};

	truncations("asf ping", ping, sizeof(ping));
	truncations("authcaps 1.5", authcaps, sizeof(authcaps));
	truncations("open session", opensess, sizeof(opensess));
	truncations("authenticated 2.0", authed, sizeof(authed));

	is_int(rmcp_parse(ping, sizeof(ping), &h), 0, "ping header");
	is_int(rmcp_asf_ping(h.body, h.bodylen, &tag), 0, "ping body");
	is_int(tag, 0xca, "ping tag");
	wbuf_init(&wb, out, sizeof(out));
	rmcp_put_pong(&wb, tag);
	is_int(wb.len, sizeof(pong), "pong length");
	is_mem(out, pong, sizeof(pong), "pong bytes");

	rmcp_parse(authcaps, sizeof(authcaps), &h);
	is_int(rmcp_parse_s15(h.body, h.bodylen, &s15), 0, "1.5 wrapper");
	is_int(s15.authtype, 0, "authtype none");
	ok(s15.authcode == NULL, "no authcode");
	is_int(rmcp_parse_msg(s15.msg, s15.msglen, &m), 0, "lan message");
	is_int(m.netfn, 6, "netfn app");
	is_int(m.cmd, 0x38, "cmd 38");
	is_int(m.len, 2, "2 data bytes");
	is_int(m.data[0], 0x8e, "data 8e");
	is_int(m.rqaddr, 0x81, "rqaddr");

	wbuf_init(&wb, out, sizeof(out));
	rmcp_put_rsp(&wb, &m, 0, data, 2);
	is_int(wb.len, sizeof(rsp), "response length");
	is_mem(out, rsp, sizeof(rsp), "response bytes and checksums");

	memcpy(bad, authcaps, sizeof(bad));
	bad[sizeof(bad) - 1] ^= 1;
	is_int(parse_all(bad, sizeof(bad)), BMC_EPROTO, "bad checksum 2");
	memcpy(bad, authcaps, sizeof(bad));
	bad[16] ^= 1;
	is_int(parse_all(bad, sizeof(bad)), BMC_EPROTO, "bad checksum 1");
	memcpy(bad, authcaps, sizeof(bad));
	bad[13] = 0xff;
	is_int(parse_all(bad, sizeof(bad)), BMC_ESHORT, "oversize msg length");
	memcpy(bad, authcaps, sizeof(bad));
	bad[0] = 0x05;
	is_int(parse_all(bad, sizeof(bad)), BMC_EPROTO, "RMCP version");

	rmcp_parse(opensess, sizeof(opensess), &h);
	is_int(rmcp_parse_s20(h.body, h.bodylen, &s20), 0, "2.0 wrapper");
	is_int(s20.ptype, RMCPP_PT_OPEN_REQ, "open session payload");
	is_int(s20.plen, 32, "payload 32");
	ok(!s20.auth && !s20.enc, "in clear");

	rmcp_parse(authed, sizeof(authed), &h);
	is_int(rmcp_parse_s20(h.body, h.bodylen, &s20), 0, "authed wrapper");
	is_int(s20.sid, 0x04030201, "sid LE");
	is_int(s20.seq, 5, "seq LE");
	is_int(rmcp_s20_trailer(&s20, 12, &ac, &cov), 0, "trailer");
	is_int(cov, 12 + 8 + 4, "integrity covers header..next header");
	is_int(ac[0], 0xa0, "authcode start");
	is_int(rmcp_s20_trailer(&s20, 16, &ac, &cov) != 0, 1,
	    "wrong authcode length refused");
	is_int(rmcp_s20_padlen(12 + 8), 2, "pad to 4");
	is_int(rmcp_s20_padlen(12 + 10), 0, "no pad");
	is_int(rmcp_csum((const uint8_t *)"\x20\x18", 2), 0xc8, "checksum");
	return done_testing();
}
