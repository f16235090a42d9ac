/* sol.h: IPMI Serial over LAN (payload type 1) relayed to sold's console socket. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_SOL_H
#define BMC_SOL_H

#include <stddef.h>
#include <stdint.h>

struct ipmid;
struct ipmi_call;

#define SOL_PKT_MAX	200		/* data bytes per SOL packet, each way */
#define SOL_RX_MAX	65536		/* host output held while the console lags */
#define SOL_TX_MAX	4096		/* console input waiting for sold */

/* SOL payload (IPMI v2.0 table 15-2): seq, ack, accepted count, status, data. */
struct sol_pkt {
	uint8_t		 seq;		/* 1-15; 0 = ACK only */
	uint8_t		 ack;		/* 0 = no ACK */
	uint8_t		 count;		/* characters accepted of the acked packet */
	uint8_t		 status;
	const uint8_t	*data;
	size_t		 len;
};
#define SOL_ST_NACK		0x40	/* both ways */
#define SOL_ST_UNAVAIL		0x20	/* BMC -> console */
#define SOL_ST_DEACTIVATING	0x10
#define SOL_ST_OVERRUN		0x08
#define SOL_ST_BREAK		0x04
#define SOL_CST_BREAK		0x10	/* console -> BMC: generate a break */

/* Pure: 0, BMC_ESHORT or BMC_ETOOLONG. */
int	sol_parse(const uint8_t *, size_t, struct sol_pkt *);
/* Sequence numbers run 1..15. */
uint8_t	sol_next_seq(uint8_t);

/* What the transport tells about the session asking. */
struct sol_sess {
	uint32_t	sid;		/* BMC-side id */
	uint8_t		priv;
	int		conf;		/* session has confidentiality */
	uint16_t	port;		/* UDP port the session uses */
};

int	sol_init(struct ipmid *, const char *sockpath);
void	sol_fini(struct ipmid *);
int	sol_enabled(const struct ipmid *);
/* App 0x48-0x4B for payload type 1. */
void	sol_cmd(struct ipmid *, struct ipmi_call *, const struct sol_sess *);
/* A SOL packet that passed the session's integrity and window checks. */
void	sol_input(struct ipmid *, uint32_t sid, const uint8_t *, size_t);
/* The session closed or timed out: free the payload if it owns it. */
void	sol_session_closed(struct ipmid *, uint32_t sid);

#endif
