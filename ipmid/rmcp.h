/* rmcp.h: pure codec for RMCP/ASF, IPMI 1.5 and 2.0 (RMCP+) session wrappers and LAN messages. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_RMCP_H
#define BMC_RMCP_H

#include <stddef.h>
#include <stdint.h>

#include "rbuf.h"

/*
 * IPMI_MAX_PKT: the largest datagram ipmid reads or writes.  An RMCP+
 * packet carrying a full IPMI_MSG_MAX message with AES padding, IV and a
 * 16-byte AuthCode stays under 400 bytes; anything bigger is dropped
 * unread (MSG_TRUNC).
 */
#define IPMI_MAX_PKT		1024

/* RMCP header (IPMI v2.0 §13.1.3, ASF 2.0 §3.2.2.1). */
#define RMCP_VERSION_1		0x06
#define RMCP_SEQ_NOACK		0xFF
#define RMCP_CLASS_ASF		0x06
#define RMCP_CLASS_IPMI		0x07
#define RMCP_HDR_LEN		4

/* ASF presence ping/pong (ASF 2.0 §3.2.4.1-3). */
#define ASF_IANA		4542
#define ASF_TYPE_PING		0x80
#define ASF_TYPE_PONG		0x40

/* Session header authentication types (IPMI v2.0 §13.6). */
#define IPMI_AUTH_NONE		0x00
#define IPMI_AUTH_MD2		0x01
#define IPMI_AUTH_MD5		0x02
#define IPMI_AUTH_PASSWORD	0x04
#define IPMI_AUTH_OEM		0x05
#define IPMI_AUTH_RMCPP		0x06

/* RMCP+ payload types (IPMI v2.0 table 13-16). */
#define RMCPP_PT_IPMI		0x00
#define RMCPP_PT_SOL		0x01
#define RMCPP_PT_OEM		0x02
#define RMCPP_PT_OPEN_REQ	0x10
#define RMCPP_PT_OPEN_RSP	0x11
#define RMCPP_PT_RAKP1		0x12
#define RMCPP_PT_RAKP2		0x13
#define RMCPP_PT_RAKP3		0x14
#define RMCPP_PT_RAKP4		0x15
#define RMCPP_PT_ENC		0x80
#define RMCPP_PT_AUTH		0x40
#define RMCPP_NEXT_HDR		0x07

#define IPMI_LANMSG_MIN		7	/* rsAddr netFn chk1 rqAddr rqSeq cmd chk2 */
#define IPMI_BMC_ADDR		0x20
#define IPMI_REMOTE_SWID	0x81

struct rmcp_hdr {
	uint8_t		 version;
	uint8_t		 seq;
	uint8_t		 class;		/* low 5 bits; bit 7 = ACK */
	const uint8_t	*body;		/* points into the datagram */
	size_t		 bodylen;
};

/* IPMI 1.5 session wrapper (IPMI v2.0 table 13-8). */
struct rmcp_s15 {
	uint8_t		 authtype;
	uint32_t	 seq;
	uint32_t	 sid;
	const uint8_t	*authcode;	/* 16 bytes, NULL when authtype NONE */
	const uint8_t	*msg;		/* the IPMI LAN message */
	size_t		 msglen;
};

/* IPMI 2.0 / RMCP+ session wrapper (IPMI v2.0 table 13-8, 13.28.4). */
struct rmcp_s20 {
	uint8_t		 ptype;		/* payload type, bits 5:0 */
	int		 enc;		/* bit 7: payload encrypted */
	int		 auth;		/* bit 6: payload authenticated */
	uint32_t	 sid;
	uint32_t	 seq;
	const uint8_t	*payload;
	size_t		 plen;
	const uint8_t	*trailer;	/* bytes after the payload */
	size_t		 tlen;
	const uint8_t	*start;		/* AuthType byte: integrity covers from here */
};

/* An IPMI LAN request or response message (IPMI v2.0 §13.8). */
struct ipmi_lanmsg {
	uint8_t		 rsaddr;
	uint8_t		 netfn;
	uint8_t		 rslun;
	uint8_t		 rqaddr;
	uint8_t		 rqseq;
	uint8_t		 rqlun;
	uint8_t		 cmd;
	const uint8_t	*data;
	size_t		 len;
};

uint8_t	rmcp_csum(const uint8_t *, size_t);

/* Parsers: 0 or BMC_ESHORT / BMC_EPROTO / BMC_ETOOLONG.  Never log. */
int	rmcp_parse(const uint8_t *, size_t, struct rmcp_hdr *);
/* ASF body: a presence ping gives its message tag. */
int	rmcp_asf_ping(const uint8_t *, size_t, uint8_t *tag);
int	rmcp_parse_s15(const uint8_t *, size_t, struct rmcp_s15 *);
int	rmcp_parse_s20(const uint8_t *, size_t, struct rmcp_s20 *);
/*
 * Split an RMCP+ integrity trailer (pad 0xFF…, pad length, next header
 * 0x07, AuthCode of aclen bytes).  *authed_len is the number of bytes from
 * s->start the AuthCode covers.
 */
int	rmcp_s20_trailer(const struct rmcp_s20 *, size_t aclen,
	    const uint8_t **authcode, size_t *authed_len);
int	rmcp_parse_msg(const uint8_t *, size_t, struct ipmi_lanmsg *);

/* Writers into a wbuf; errors are sticky in wb->err. */
void	rmcp_put_hdr(struct wbuf *, uint8_t class);
void	rmcp_put_pong(struct wbuf *, uint8_t tag);
/* A response message to req: completion code then data. */
void	rmcp_put_rsp(struct wbuf *, const struct ipmi_lanmsg *req, uint8_t cc,
	    const void *data, size_t len);
/* Integrity pad so that [start, end) + pad + 2 is a multiple of 4. */
size_t	rmcp_s20_padlen(size_t covered);

#endif
