/* rmcp.c: pure codec for RMCP/ASF, IPMI 1.5 and 2.0 session wrappers and LAN messages. */
/* SPDX-License-Identifier: ISC */

#include <stddef.h>
#include <stdint.h>

#include "rbuf.h"
#include "util.h"
#include "rmcp.h"

/* Two's complement checksum (IPMI v2.0 §13.8): the sum with it is 0. */
uint8_t
rmcp_csum(const uint8_t *p, size_t n)
{
	uint8_t	 s = 0;

	while (n-- > 0)
		s += *p++;
	return (uint8_t)-s;
}

/* RMCP header: version(1) reserved(1) seq(1) class(1); ASF 2.0 §3.2.2.1. */
int
rmcp_parse(const uint8_t *pkt, size_t len, struct rmcp_hdr *h)
{
	struct rbuf	rb = RBUF_INIT(pkt, len);
	uint8_t		class;

	if (rbuf_get_u8(&rb, &h->version) == -1 || rbuf_skip(&rb, 1) == -1 ||
	    rbuf_get_u8(&rb, &h->seq) == -1 || rbuf_get_u8(&rb, &class) == -1)
		return BMC_ESHORT;
	if (h->version != RMCP_VERSION_1)
		return BMC_EPROTO;
	h->class = class;
	h->body = rbuf_ptr(&rb);
	h->bodylen = rbuf_left(&rb);
	return 0;
}

/*
 * ASF message: IANA(4, BE) type(1) tag(1) reserved(1) data len(1);
 * a presence ping has no data.  ASF 2.0 §3.2.4.1.
 */
int
rmcp_asf_ping(const uint8_t *p, size_t len, uint8_t *tag)
{
	struct rbuf	rb = RBUF_INIT(p, len);
	uint32_t	iana;
	uint8_t		type, dlen;

	if (rbuf_get_u32_be(&rb, &iana) == -1 || rbuf_get_u8(&rb, &type) == -1 ||
	    rbuf_get_u8(&rb, tag) == -1 || rbuf_skip(&rb, 1) == -1 ||
	    rbuf_get_u8(&rb, &dlen) == -1)
		return BMC_ESHORT;
	if (iana != ASF_IANA || type != ASF_TYPE_PING)
		return BMC_EPROTO;
	return 0;
}

/*
 * IPMI 1.5 session header: authtype(1) seq(4) sid(4) [authcode(16) unless
 * authtype NONE] msglen(1) message.  IPMI v2.0 table 13-8.
 */
int
rmcp_parse_s15(const uint8_t *p, size_t len, struct rmcp_s15 *s)
{
	struct rbuf	rb = RBUF_INIT(p, len);
	uint8_t		mlen;

	if (rbuf_get_u8(&rb, &s->authtype) == -1 ||
	    rbuf_get_u32_le(&rb, &s->seq) == -1 ||
	    rbuf_get_u32_le(&rb, &s->sid) == -1)
		return BMC_ESHORT;
	if (s->authtype == IPMI_AUTH_RMCPP)
		return BMC_EPROTO;
	s->authcode = NULL;
	if (s->authtype != IPMI_AUTH_NONE &&
	    (s->authcode = rbuf_get_ptr(&rb, 16)) == NULL)
		return BMC_ESHORT;
	if (rbuf_get_u8(&rb, &mlen) == -1 ||
	    (s->msg = rbuf_get_ptr(&rb, mlen)) == NULL)
		return BMC_ESHORT;
	s->msglen = mlen;
	/* a trailing legacy pad byte is allowed, nothing more */
	if (rbuf_left(&rb) > 1)
		return BMC_EPROTO;
	return 0;
}

/*
 * RMCP+ session header: authtype 0x06(1) payload type(1) [OEM IANA(4)
 * payload id(2) for type 2] sid(4) seq(4) payload length(2) payload, then
 * the integrity trailer when authenticated.  IPMI v2.0 table 13-8.
 */
int
rmcp_parse_s20(const uint8_t *p, size_t len, struct rmcp_s20 *s)
{
	struct rbuf	rb = RBUF_INIT(p, len);
	uint8_t		at, pt;
	uint16_t	plen;

	s->start = p;
	if (rbuf_get_u8(&rb, &at) == -1 || rbuf_get_u8(&rb, &pt) == -1)
		return BMC_ESHORT;
	if (at != IPMI_AUTH_RMCPP)
		return BMC_EPROTO;
	s->enc = (pt & RMCPP_PT_ENC) != 0;
	s->auth = (pt & RMCPP_PT_AUTH) != 0;
	s->ptype = pt & 0x3F;
	if (s->ptype == RMCPP_PT_OEM)
		return BMC_EPROTO;	/* no OEM payloads here */
	if (rbuf_get_u32_le(&rb, &s->sid) == -1 ||
	    rbuf_get_u32_le(&rb, &s->seq) == -1 ||
	    rbuf_get_u16_le(&rb, &plen) == -1)
		return BMC_ESHORT;
	if (plen > IPMI_MAX_PKT)
		return BMC_ETOOLONG;
	if ((s->payload = rbuf_get_ptr(&rb, plen)) == NULL)
		return BMC_ESHORT;
	s->plen = plen;
	s->trailer = rbuf_ptr(&rb);
	s->tlen = rbuf_left(&rb);
	if (!s->auth && s->tlen != 0)
		return BMC_EPROTO;
	return 0;
}

size_t
rmcp_s20_padlen(size_t covered)
{
	return (4 - (covered + 2) % 4) % 4;
}

/* Trailer: pad(0-3 x 0xFF) padlen(1) next header 0x07(1) AuthCode(aclen). */
int
rmcp_s20_trailer(const struct rmcp_s20 *s, size_t aclen,
    const uint8_t **authcode, size_t *authed_len)
{
	struct rbuf	 rb = RBUF_INIT(s->trailer, s->tlen);
	const uint8_t	*pad;
	uint8_t		 padlen, nh;
	size_t		 npad, i;

	if (s->tlen < aclen + 2)
		return BMC_ESHORT;
	npad = s->tlen - aclen - 2;
	if (npad > 3)
		return BMC_EPROTO;
	if ((pad = rbuf_get_ptr(&rb, npad)) == NULL ||
	    rbuf_get_u8(&rb, &padlen) == -1 || rbuf_get_u8(&rb, &nh) == -1 ||
	    (*authcode = rbuf_get_ptr(&rb, aclen)) == NULL)
		return BMC_ESHORT;
	if (padlen != npad || nh != RMCPP_NEXT_HDR)
		return BMC_EPROTO;
	for (i = 0; i < npad; i++)
		if (pad[i] != 0xFF)
			return BMC_EPROTO;
	*authed_len = (size_t)(s->trailer - s->start) + npad + 2;
	return 0;
}

/*
 * LAN message: rsAddr(1) netFn/rsLUN(1) chk1(1) rqAddr(1) rqSeq/rqLUN(1)
 * cmd(1) data(n) chk2(1).  IPMI v2.0 §13.8, table 13-4.
 */
int
rmcp_parse_msg(const uint8_t *p, size_t len, struct ipmi_lanmsg *m)
{
	struct rbuf	rb = RBUF_INIT(p, len);
	uint8_t		b, chk;

	if (len < IPMI_LANMSG_MIN)
		return BMC_ESHORT;
	if (rbuf_get_u8(&rb, &m->rsaddr) == -1 || rbuf_get_u8(&rb, &b) == -1 ||
	    rbuf_get_u8(&rb, &chk) == -1)
		return BMC_ESHORT;
	m->netfn = b >> 2;
	m->rslun = b & 3;
	if (rmcp_csum(p, 2) != chk)
		return BMC_EPROTO;
	if (rbuf_get_u8(&rb, &m->rqaddr) == -1 || rbuf_get_u8(&rb, &b) == -1 ||
	    rbuf_get_u8(&rb, &m->cmd) == -1)
		return BMC_ESHORT;
	m->rqseq = b >> 2;
	m->rqlun = b & 3;
	if (rmcp_csum(p + 3, len - 4) != p[len - 1])
		return BMC_EPROTO;
	m->data = rbuf_ptr(&rb);
	m->len = rbuf_left(&rb) - 1;
	return 0;
}

void
rmcp_put_hdr(struct wbuf *wb, uint8_t class)
{
	wbuf_put_u8(wb, RMCP_VERSION_1);
	wbuf_put_u8(wb, 0);
	wbuf_put_u8(wb, RMCP_SEQ_NOACK);
	wbuf_put_u8(wb, class);
}

/*
 * Presence pong (ASF 2.0 §3.2.4.3): IANA, type 0x40, tag, 0, len 16, then
 * IANA(4) OEM(4) supported entities (bit 7: IPMI) supported interactions
 * reserved(6).
 */
void
rmcp_put_pong(struct wbuf *wb, uint8_t tag)
{
	rmcp_put_hdr(wb, RMCP_CLASS_ASF);
	wbuf_put_u32_be(wb, ASF_IANA);
	wbuf_put_u8(wb, ASF_TYPE_PONG);
	wbuf_put_u8(wb, tag);
	wbuf_put_u8(wb, 0);
	wbuf_put_u8(wb, 16);
	wbuf_put_u32_be(wb, ASF_IANA);
	wbuf_put_u32_be(wb, 0);
	wbuf_put_u8(wb, 0x81);		/* IPMI supported, ASF 1.0 */
	wbuf_put_u8(wb, 0x00);
	wbuf_put_fill(wb, 0, 6);
}

void
rmcp_put_rsp(struct wbuf *wb, const struct ipmi_lanmsg *req, uint8_t cc,
    const void *data, size_t len)
{
	uint8_t	*h, *b;
	size_t	 start;

	if ((h = wbuf_reserve(wb, 3)) == NULL)
		return;
	h[0] = req->rqaddr;
	h[1] = (uint8_t)(((req->netfn | 1) << 2) | req->rqlun);
	h[2] = rmcp_csum(h, 2);
	start = wb->len;
	wbuf_put_u8(wb, req->rsaddr);
	wbuf_put_u8(wb, (uint8_t)(req->rqseq << 2 | req->rslun));
	wbuf_put_u8(wb, req->cmd);
	wbuf_put_u8(wb, cc);
	if (len > 0)
		wbuf_put_bytes(wb, data, len);
	if (wb->err)
		return;
	b = wb->p + start;
	wbuf_put_u8(wb, rmcp_csum(b, wb->len - start));
}
