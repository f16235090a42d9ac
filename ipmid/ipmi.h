/* ipmi.h: the seam between ipmid's transport (rmcp/sess/net) and its command handlers (cmd_*). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_IPMI_H
#define BMC_IPMI_H

#include <stddef.h>
#include <stdint.h>

struct ipmid;				/* the daemon context, ipmid.h */

#define IPMI_MSG_MAX		256	/* request/response data bytes, after netfn/cmd */

/* Privilege levels (IPMI v2.0 table 22-*, "Requested Maximum Privilege Level"). */
enum ipmi_priv {
	IPMI_PRIV_NONE = 0,		/* sessionless */
	IPMI_PRIV_CALLBACK = 1,
	IPMI_PRIV_USER = 2,
	IPMI_PRIV_OPERATOR = 3,
	IPMI_PRIV_ADMIN = 4,
	IPMI_PRIV_OEM = 5,
	IPMI_PRIV_NOACCESS = 15
};

/* Completion codes (IPMI v2.0 table 5-2). */
#define IPMI_CC_OK		0x00
#define IPMI_CC_BUSY		0xC0
#define IPMI_CC_INVALID_CMD	0xC1
#define IPMI_CC_INVALID_LUN	0xC2
#define IPMI_CC_TIMEOUT		0xC3
#define IPMI_CC_NO_SPACE	0xC4
#define IPMI_CC_RESV_CANCELLED	0xC5
#define IPMI_CC_REQ_TRUNCATED	0xC6
#define IPMI_CC_REQ_LEN_INVALID	0xC7
#define IPMI_CC_REQ_LEN_EXCEEDED 0xC8
#define IPMI_CC_PARAM_OUT_OF_RANGE 0xC9
#define IPMI_CC_CANT_RETURN_BYTES 0xCA
#define IPMI_CC_NOT_PRESENT	0xCB
#define IPMI_CC_INVALID_FIELD	0xCC
#define IPMI_CC_ILLEGAL_CMD	0xCD
#define IPMI_CC_CANT_RESPOND	0xCE
#define IPMI_CC_DUPLICATE	0xCF
#define IPMI_CC_SDR_UPDATE_MODE	0xD0
#define IPMI_CC_FW_UPDATE_MODE	0xD1
#define IPMI_CC_INIT_IN_PROGRESS 0xD2
#define IPMI_CC_DEST_UNAVAIL	0xD3
#define IPMI_CC_INSUFFICIENT_PRIV 0xD4
#define IPMI_CC_NOT_SUPPORTED_STATE 0xD5
#define IPMI_CC_PARAM_ILLEGAL	0xD6
#define IPMI_CC_UNSPECIFIED	0xFF

/* Network functions (requests; the response netfn is netfn | 1). */
#define IPMI_NETFN_CHASSIS	0x00
#define IPMI_NETFN_BRIDGE	0x02
#define IPMI_NETFN_SENSOR	0x04
#define IPMI_NETFN_APP		0x06
#define IPMI_NETFN_FIRMWARE	0x08
#define IPMI_NETFN_STORAGE	0x0A
#define IPMI_NETFN_TRANSPORT	0x0C
#define IPMI_NETFN_GROUP	0x2C	/* DCMI (body code 0xDC), PICMG, VSO */
#define IPMI_NETFN_OEM		0x2E

#define IPMI_LAN_CHANNEL	1	/* our one LAN channel */
#define IPMI_SERIAL_CHANNEL	2	/* the serial/modem channel (no traffic) */
#define IPMI_THIS_CHANNEL	0x0E	/* "the channel this request came on" */

/*
 * One request.  The transport fills it, hands it to cmd_dispatch(), and
 * sends the response when ipmi_reply() is called — synchronously, or later
 * after a powerd round trip.  If the session is gone by then, the reply is
 * dropped.  The data bytes are copied into req[], so the call owns them.
 */
struct ipmi_call {
	uint8_t		 netfn;		/* request netfn (even) */
	uint8_t		 cmd;
	uint8_t		 lun;
	uint8_t		 req[IPMI_MSG_MAX];
	size_t		 len;
	uint8_t		 priv;		/* the session's current privilege; NONE if sessionless */
	uint8_t		 max_priv;	/* the account's limit (min of user and channel) */
	uint8_t		 userid;	/* 0 if sessionless */
	uint32_t	 sid;		/* BMC-side session id, 0 if sessionless */
	int		 v20;		/* came over RMCP+ */
	void		*tctx;		/* the transport's own */
};

/*
 * Command handlers (cmd_*.c): look up netfn/cmd in the command table,
 * enforce its privilege (IPMI_CC_INSUFFICIENT_PRIV), check lengths
 * (0xC7/0xCC) and eventually call ipmi_reply() exactly once.  Unknown
 * commands get IPMI_CC_INVALID_CMD.
 */
void	cmd_dispatch(struct ipmid *, struct ipmi_call *);
/* Minimum privilege of a command, or -1 if unknown (for Set Session Priv checks, logging). */
int	cmd_priv(uint8_t netfn, uint8_t cmd);

/*
 * Provided by the transport: send the response (completion code cc then
 * data) and free the call.  Safe to call after the session closed.
 */
void	ipmi_reply(struct ipmid *, struct ipmi_call *, uint8_t cc,
	    const void *data, size_t len);

#endif
