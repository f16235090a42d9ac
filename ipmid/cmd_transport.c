/* cmd_transport.c: transport commands (IPMI v2.0 ch. 23, 26): LAN and SOL configuration. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "rbuf.h"
#include "pdmsg.h"
#include "cmd.h"

#define PARAM_REVISION		0x11

/* LAN configuration parameters (table 23-4) */
enum {
	LAN_INPROG = 0, LAN_AUTH_SUPPORT = 1, LAN_AUTH_ENABLES = 2,
	LAN_IP = 3, LAN_IP_SRC = 4, LAN_MAC = 5, LAN_MASK = 6,
	LAN_IP_HDR = 7, LAN_ARP_CTL = 10, LAN_ARP_INTERVAL = 11,
	LAN_GW = 12, LAN_GW_MAC = 13, LAN_BGW = 14, LAN_BGW_MAC = 15,
	LAN_COMMUNITY = 16, LAN_VLAN = 20, LAN_VLAN_PRIO = 21,
	LAN_SUITE_COUNT = 22, LAN_SUITES = 23, LAN_SUITE_PRIV = 24,
	LAN_BAD_PW = 26, LAN_PORT1 = 8, LAN_PORT2 = 9,
	/* IPv6 (IPMI v2.0 errata / IPv6 addendum): IPv4 only here */
	LAN_V6_SUPPORT = 50, LAN_V6_ENABLES = 51, LAN_V6_STATUS = 55,
	LAN_V6_STATIC = 56, LAN_V6_DYNAMIC = 59, LAN_V6_ROUTER_CTL = 64,
	LAN_V6_R1_IP = 65, LAN_V6_R1_MAC = 66, LAN_V6_R1_PLEN = 67,
	LAN_V6_R1_PREFIX = 68, LAN_V6_R2_IP = 69, LAN_V6_R2_MAC = 70,
	LAN_V6_R2_PLEN = 71, LAN_V6_R2_PREFIX = 72
};

/* Serial/Modem configuration parameters (table 25-4) kept here */
enum {
	SER_INPROG = 0, SER_AUTH_SUPPORT = 1, SER_AUTH_ENABLES = 2,
	SER_CONN_MODE = 3, SER_IDLE = 4, SER_CALLBACK = 5, SER_TERM = 6,
	SER_COMM = 7, SER_BLACKOUT = 14, SER_RETRY = 18
};

/* SOL configuration parameters (table 26-5) */
enum {
	SOL_INPROG = 0, SOL_ENABLE = 1, SOL_AUTH = 2, SOL_ACCUM = 3,
	SOL_RETRY = 4, SOL_NV_RATE = 5, SOL_V_RATE = 6, SOL_CHANNEL = 7,
	SOL_PORT = 8
};

#define AUTH_MD5		0x04
#define AUTH_STRAIGHT		0x10

static int
mac_parse(const char *s, uint8_t mac[6])
{
	unsigned int	b[6];
	int		i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3],
	    &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static uint8_t
auth_types(const struct ipmid *ipmid)
{
	if (!ipmid->conf.ipmi15)
		return 0;
	return ipmid->conf.ipmi15_password ? AUTH_MD5 | AUTH_STRAIGHT :
	    AUTH_MD5;
}

/*
 * Checks shared by Get/Set LAN (tables 23-2, 23-3) and SOL (26-3, 26-4)
 * Configuration Parameters: a get is exactly channel, param, set, block;
 * a set is channel, param and at least one data byte.  Bit 7 of a get's
 * channel byte asks for the revision only; a set has no such bit.
 * Answers a bad request itself and returns -1.
 */
static int
param_req_check(struct ipmid *ipmid, struct ipmi_call *call, int get)
{
	if (get ? call->len != 4 : call->len < 3) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return -1;
	}
	if (cmd_channel(call->req[0]) == -1 ||
	    (call->req[0] & (get ? 0x70 : 0xF0)) != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return -1;
	}
	return 0;
}

/* Answer a Get LAN Configuration Parameters request; call->req is 4 bytes. */
static void
lan_get_serve(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct cmd_lan		*l = &cs->lan;
	uint8_t			 out[1 + 20], nib[16];
	struct wbuf		 wb = WBUF_INIT(out, sizeof(out));
	int			 i, n;

	wbuf_put_u8(&wb, PARAM_REVISION);
	switch (call->req[1]) {
	case LAN_INPROG:
		wbuf_put_u8(&wb, l->inprog);
		break;
	case LAN_AUTH_SUPPORT:
		wbuf_put_u8(&wb, auth_types(ipmid));
		break;
	case LAN_AUTH_ENABLES:	/* callback, user, operator, admin, OEM */
		wbuf_put_u8(&wb, 0);
		for (i = 0; i < 3; i++)
			wbuf_put_u8(&wb, auth_types(ipmid));
		wbuf_put_u8(&wb, 0);
		break;
	case LAN_IP:
		wbuf_put_bytes(&wb, l->ip, 4);
		break;
	case LAN_IP_SRC:
		wbuf_put_u8(&wb, l->ipsrc);
		break;
	case LAN_MAC:
		wbuf_put_bytes(&wb, l->mac, 6);
		break;
	case LAN_MASK:
		wbuf_put_bytes(&wb, l->mask, 4);
		break;
	case LAN_IP_HDR:	/* TTL 64, don't fragment, precedence/TOS */
		wbuf_put_u8(&wb, 0x40);
		wbuf_put_u8(&wb, 0x40);
		wbuf_put_u8(&wb, 0x10);
		break;
	case LAN_ARP_CTL:
	case LAN_ARP_INTERVAL:
	case LAN_VLAN_PRIO:
		wbuf_put_u8(&wb, 0);
		break;
	case LAN_GW:
		wbuf_put_bytes(&wb, l->gw, 4);
		break;
	case LAN_GW_MAC:
		wbuf_put_bytes(&wb, l->gwmac, 6);
		break;
	case LAN_BGW:
		wbuf_put_fill(&wb, 0, 4);
		break;
	case LAN_BGW_MAC:
		wbuf_put_fill(&wb, 0, 6);
		break;
	case LAN_COMMUNITY:
		wbuf_put_bytes(&wb, l->community, sizeof(l->community));
		break;
	case LAN_VLAN:			/* bit 15 enable, 11:0 id */
		wbuf_put_u16_le(&wb, l->vlan);
		break;
	case LAN_SUITE_COUNT:
		wbuf_put_u8(&wb, ipmid->conf.nsuites);
		break;
	case LAN_SUITES:
		wbuf_put_u8(&wb, 0);
		n = ipmid->conf.nsuites;
		wbuf_put_bytes(&wb, ipmid->conf.suites, n > 16 ? 16 : n);
		break;
	case LAN_SUITE_PRIV:
		/*
		 * One nibble per cipher suite id 0-15, low nibble first, as
		 * FreeIPMI's ipmi-config reads it and real BMCs answer
		 * ("XaaaXX..." in ipmitool); suites 16 and 17 have no nibble.
		 */
		memset(nib, 0, sizeof(nib));
		for (i = 0; i < ipmid->conf.nsuites; i++)
			if (ipmid->conf.suites[i] < sizeof(nib))
				nib[ipmid->conf.suites[i]] = IPMI_PRIV_ADMIN;
		wbuf_put_u8(&wb, 0);
		for (i = 0; i < (int)sizeof(nib); i += 2)
			wbuf_put_u8(&wb, nib[i] | nib[i + 1] << 4);
		break;
	case LAN_PORT1:			/* the UDP ports ipmid answers on */
		wbuf_put_u16_le(&wb, ipmid->conf.rmcp_port[0]);
		break;
	case LAN_PORT2:
		wbuf_put_u16_le(&wb, ipmid->conf.rmcp_port[1]);
		break;
	case LAN_V6_SUPPORT:		/* no IPv6 */
	case LAN_V6_ENABLES:		/* IPv4 only */
		wbuf_put_u8(&wb, 0);
		break;
	case LAN_V6_STATUS:		/* one static, one dynamic: unused */
		wbuf_put_u8(&wb, 1);
		wbuf_put_u8(&wb, 1);
		wbuf_put_u8(&wb, 0);
		break;
	case LAN_V6_STATIC:		/* selector, source, ::, /0, disabled */
	case LAN_V6_DYNAMIC:
		if (call->req[2] != 0) {
			ipmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
			return;
		}
		wbuf_put_u8(&wb, 0);
		wbuf_put_u8(&wb, 0);
		wbuf_put_fill(&wb, 0, 16);
		wbuf_put_u8(&wb, 0);
		wbuf_put_u8(&wb, 0x01);
		break;
	case LAN_V6_ROUTER_CTL:		/* no static, no dynamic router */
	case LAN_V6_R1_PLEN:
	case LAN_V6_R2_PLEN:
		wbuf_put_u8(&wb, 0);
		break;
	case LAN_V6_R1_IP:
	case LAN_V6_R2_IP:
	case LAN_V6_R1_PREFIX:
	case LAN_V6_R2_PREFIX:
		wbuf_put_fill(&wb, 0, 16);
		break;
	case LAN_V6_R1_MAC:
	case LAN_V6_R2_MAC:
		wbuf_put_fill(&wb, 0, 6);
		break;
	default:
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
lan_mac_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct cmd_lan	*l = &ipmid->cmd->lan;
	const cJSON	*inv;

	inv = cJSON_GetObjectItemCaseSensitive(r, "inventory");
	if (mac_parse(pdmsg_str(inv, "bmc_mac", ""), l->mac) == 0)
		l->have_mac = 1;
	lan_get_serve(ipmid, call);
}

/*
 * Bad Password Threshold (parameter 26): powerd's account lockout, the one
 * Redfish's AccountService shows.  Event message on lockout (always: the
 * SEL gets Session Audit 03h), threshold (0: never), attempt count reset
 * interval and user lockout interval, both 16-bit LS first in 10 s units
 * (a lockout interval of 0 locks until an administrator unlocks; a reset
 * interval of 0, "never reset", is powerd's longest, 86400 s).
 */
#define BADPW_MAX_S	86400

static uint16_t
badpw_units(double s)
{
	return s <= 0 ? 0 : (uint16_t)((s + 9) / 10);
}

static void
badpw_get_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	const cJSON	*l = cJSON_GetObjectItemCaseSensitive(r, "lockout");
	uint8_t		 out[7];
	struct wbuf	 wb = WBUF_INIT(out, sizeof(out));

	wbuf_put_u8(&wb, PARAM_REVISION);
	wbuf_put_u8(&wb, 0x01);
	wbuf_put_u8(&wb, (uint8_t)pdmsg_num(l, "threshold", 0));
	wbuf_put_u16_le(&wb, badpw_units(pdmsg_num(l, "reset_after", 0)));
	wbuf_put_u16_le(&wb, badpw_units(pdmsg_num(l, "duration", 0)));
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
badpw_set_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	(void)r;
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

static void
badpw_set(struct ipmid *ipmid, struct ipmi_call *call, const uint8_t *d,
    size_t n)
{
	unsigned int	 reset, lock;
	cJSON		*req;

	if (n != 6) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	reset = (unsigned int)(d[2] | d[3] << 8) * 10;
	lock = (unsigned int)(d[4] | d[5] << 8) * 10;
	if ((d[0] & 0xFE) != 0 || reset > BADPW_MAX_S || lock > BADPW_MAX_S) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
		return;
	}
	if ((req = cmd_req(ipmid, "accounts", "lockout")) == NULL ||
	    cJSON_AddNumberToObject(req, "threshold", d[1]) == NULL ||
	    cJSON_AddNumberToObject(req, "reset_after", reset == 0 ?
	    BADPW_MAX_S : reset) == NULL ||
	    cJSON_AddNumberToObject(req, "duration", lock) == NULL) {
		cJSON_Delete(req);
		ipmi_reply(ipmid, call, IPMI_CC_UNSPECIFIED, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, req, badpw_set_done);
}

/*
 * Get LAN Configuration Parameters (table 23-3): byte 1 bit 7 revision
 * only, channel; parameter; set selector; block selector.  ipmitool's
 * `lan print` gives up at the first parameter it cannot read (its 80h
 * handling falls through to the error path), so every one it asks for
 * is answered.
 */
static void
lan_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (param_req_check(ipmid, call, 1) == -1)
		return;
	if (call->req[0] & 0x80) {
		cmd_reply_u8(ipmid, call, PARAM_REVISION);
		return;
	}
	if (call->req[1] == LAN_BAD_PW) {
		cmd_pd(ipmid, call, cmd_req(ipmid, "accounts", "lockout"),
		    badpw_get_done);
		return;
	}
	if (call->req[1] == LAN_MAC && !ipmid->cmd->lan.have_mac) {
		cmd_pd(ipmid, call, cmd_req(ipmid, "inventory", NULL),
		    lan_mac_done);
		return;
	}
	lan_get_serve(ipmid, call);
}

/*
 * Set LAN Configuration Parameters (table 23-2).  Values are kept and read
 * back; ipmid keeps serving on the addresses it was started with.
 */
static void
lan_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_lan	*l = &ipmid->cmd->lan;
	const uint8_t	*d = &call->req[2];
	size_t		 n;
	uint8_t		*dst = NULL;
	size_t		 want = 0;

	if (param_req_check(ipmid, call, 0) == -1)
		return;
	n = call->len - 2;
	switch (call->req[1]) {
	case LAN_INPROG:
		if (n != 1)
			break;
		if ((d[0] & 0x03) == 0x03) {
			ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
			return;
		}
		if ((d[0] & 0x03) != 0x02)
			l->inprog = d[0] & 0x03;
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	case LAN_IP_SRC:
		if (n != 1)
			break;
		if ((d[0] & 0x0F) > 4) {
			ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
			return;
		}
		l->ipsrc = d[0] & 0x0F;
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	case LAN_IP:
		dst = l->ip;
		want = 4;
		break;
	case LAN_MASK:
		dst = l->mask;
		want = 4;
		break;
	case LAN_GW:
		dst = l->gw;
		want = 4;
		break;
	case LAN_GW_MAC:
		dst = l->gwmac;
		want = 6;
		break;
	case LAN_MAC:
		dst = l->mac;
		want = 6;
		l->have_mac = 1;
		break;
	case LAN_COMMUNITY:
		dst = l->community;
		want = sizeof(l->community);
		break;
	case LAN_VLAN:
		if (n != 2)
			break;
		l->vlan = (d[0] | d[1] << 8) & 0x8FFF;
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	case LAN_BAD_PW:
		badpw_set(ipmid, call, d, n);
		return;
	case LAN_V6_ENABLES:		/* IPv4 only: setting that is a no-op */
		if (n != 1)
			break;
		ipmi_reply(ipmid, call, d[0] == 0 ? IPMI_CC_OK :
		    IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	case LAN_PORT1:
	case LAN_PORT2:
	case LAN_V6_ROUTER_CTL:
	case LAN_V6_R1_IP:
	case LAN_V6_R1_MAC:
	case LAN_V6_R1_PLEN:
	case LAN_V6_R1_PREFIX:
	case LAN_V6_R2_IP:
	case LAN_V6_R2_MAC:
	case LAN_V6_R2_PLEN:
	case LAN_V6_R2_PREFIX:
	case LAN_V6_STATIC:
	case LAN_V6_SUPPORT:
	case LAN_V6_STATUS:
	case LAN_AUTH_SUPPORT:
	case LAN_AUTH_ENABLES:
	case LAN_SUITE_COUNT:
	case LAN_SUITES:
	case LAN_SUITE_PRIV:
		/*
		 * XXX #3: auth types and suites come from ipmid's configuration
		 */
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_READ_ONLY, NULL, 0);
		return;
	default:
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	if (dst == NULL || n != want) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	memcpy(dst, d, want);
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

/* Get SOL Configuration Parameters (table 26-4) */
static void
sol_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct solparam	*sp = &ipmid->cmd->sol;
	uint8_t		 out[4];
	struct wbuf	 wb = WBUF_INIT(out, sizeof(out));

	if (param_req_check(ipmid, call, 1) == -1)
		return;
	wbuf_put_u8(&wb, PARAM_REVISION);
	if (call->req[0] & 0x80) {
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
		return;
	}
	switch (call->req[1]) {
	case SOL_INPROG:
		wbuf_put_u8(&wb, sp->inprog);
		break;
	case SOL_ENABLE:
		wbuf_put_u8(&wb, sp->enabled);
		break;
	case SOL_AUTH:
		wbuf_put_u8(&wb, sp->auth);
		break;
	case SOL_ACCUM:
		wbuf_put_u8(&wb, sp->accum_5ms);
		wbuf_put_u8(&wb, sp->send_thresh);
		break;
	case SOL_RETRY:
		wbuf_put_u8(&wb, sp->retry_count);
		wbuf_put_u8(&wb, sp->retry_10ms);
		break;
	case SOL_NV_RATE:
		wbuf_put_u8(&wb, sp->nv_rate);
		break;
	case SOL_V_RATE:
		wbuf_put_u8(&wb, sp->v_rate);
		break;
	case SOL_CHANNEL:
		wbuf_put_u8(&wb, IPMI_LAN_CHANNEL);
		break;
	case SOL_PORT:
		wbuf_put_u16_le(&wb, sp->port);
		break;
	default:
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static int
rate_ok(uint8_t r)
{
	r &= 0x0F;
	return r == 0 || (r >= 6 && r <= 10);
}

/* Set SOL Configuration Parameters (table 26-3) */
static void
sol_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct solparam	*sp = &ipmid->cmd->sol;
	const uint8_t	*d = &call->req[2];
	size_t		 n;
	uint8_t		 cc = IPMI_CC_OK;

	if (param_req_check(ipmid, call, 0) == -1)
		return;
	n = call->len - 2;
	switch (call->req[1]) {
	case SOL_INPROG:
		if (n != 1)
			cc = IPMI_CC_REQ_LEN_INVALID;
		else if ((d[0] & 0x03) == 0x03)
			cc = IPMI_CC_INVALID_FIELD;
		else if ((d[0] & 0x03) != 0x02)
			sp->inprog = d[0] & 0x03;
		break;
	case SOL_ENABLE:
		if (n != 1)
			cc = IPMI_CC_REQ_LEN_INVALID;
		else
			sp->enabled = d[0] & 0x01;
		break;
	case SOL_AUTH:
		if (n != 1)
			cc = IPMI_CC_REQ_LEN_INVALID;
		else if ((d[0] & 0x0F) < IPMI_PRIV_USER ||
		    (d[0] & 0x0F) > IPMI_PRIV_OEM)
			cc = IPMI_CC_INVALID_FIELD;
		else
			sp->auth = d[0] & 0xCF;
		break;
	case SOL_ACCUM:
		if (n != 2)
			cc = IPMI_CC_REQ_LEN_INVALID;
		else if (d[0] == 0)
			cc = IPMI_CC_INVALID_FIELD;
		else {
			sp->accum_5ms = d[0];
			sp->send_thresh = d[1];
		}
		break;
	case SOL_RETRY:
		if (n != 2)
			cc = IPMI_CC_REQ_LEN_INVALID;
		else {
			sp->retry_count = d[0] & 0x07;
			sp->retry_10ms = d[1];
		}
		break;
	case SOL_NV_RATE:
	case SOL_V_RATE:
		if (n != 1)
			cc = IPMI_CC_REQ_LEN_INVALID;
		else if (!rate_ok(d[0]))
			cc = IPMI_CC_INVALID_FIELD;
		else if (call->req[1] == SOL_NV_RATE)
			sp->nv_rate = d[0] & 0x0F;
		else
			sp->v_rate = d[0] & 0x0F;
		break;
	case SOL_CHANNEL:
	case SOL_PORT:
		cc = IPMI_CC_PARAM_READ_ONLY;
		break;
	default:
		cc = IPMI_CC_PARAM_UNSUPPORTED;
		break;
	}
	ipmi_reply(ipmid, call, cc, NULL, 0);
}

/*
 * Get/Set Serial/Modem Configuration (IPMI v2.0 25.2, 25.3) for the
 * serial channel 2: connection mode, session timeouts, IPMI messaging
 * communication settings, page blackout and call retry intervals are kept
 * and read back (no serial traffic is carried); the rest answer 80h.
 * Request and answer shapes are those of the LAN parameters.
 */
static const uint8_t	ser_len[CMD_SER_PARAMS] = {
	[SER_INPROG] = 1, [SER_AUTH_SUPPORT] = 1, [SER_CONN_MODE] = 1,
	[SER_IDLE] = 1, [SER_TERM] = 1, [SER_COMM] = 2, [SER_BLACKOUT] = 1,
	[SER_RETRY] = 1
};

static int
ser_req_check(struct ipmid *ipmid, struct ipmi_call *call, int get)
{
	if (get ? call->len != 4 : call->len < 3) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return -1;
	}
	if ((call->req[0] & 0x0F) != IPMI_SERIAL_CHANNEL ||
	    (call->req[0] & (get ? 0x70 : 0xF0)) != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return -1;
	}
	return 0;
}

static void
ser_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 out[1 + 5], p;
	size_t			 n;

	if (ser_req_check(ipmid, call, 1) == -1)
		return;
	if (call->req[0] & 0x80) {
		cmd_reply_u8(ipmid, call, PARAM_REVISION);
		return;
	}
	p = call->req[1];
	out[0] = PARAM_REVISION;
	if (p == SER_AUTH_ENABLES) {	/* callback, user, operator, admin, OEM */
		out[1] = 0;
		out[2] = out[3] = out[4] = cs->ser[SER_AUTH_SUPPORT][0];
		out[5] = 0;
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, 6);
		return;
	}
	if (p >= CMD_SER_PARAMS || (n = ser_len[p]) == 0) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	memcpy(&out[1], cs->ser[p], n);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, 1 + n);
}

static void
ser_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	const uint8_t		*d = &call->req[2];
	uint8_t			 p;
	size_t			 n;

	if (ser_req_check(ipmid, call, 0) == -1)
		return;
	p = call->req[1];
	n = call->len - 2;
	if (p == SER_AUTH_SUPPORT || p == SER_AUTH_ENABLES) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_READ_ONLY, NULL, 0);
		return;
	}
	if (p >= CMD_SER_PARAMS || ser_len[p] == 0) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	if (n != ser_len[p]) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	/* in progress: 0 complete, 1 in progress, 2 commit (kept as is) */
	if ((p == SER_INPROG && (d[0] & 0x03) == 0x03) ||
	    (p == SER_COMM && ((d[0] & 0xC0) == 0xC0 ||
	    (d[1] & 0x0F) < 6 || (d[1] & 0x0F) > 10))) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (p == SER_INPROG) {
		if ((d[0] & 0x03) != 0x02)
			cs->ser[p][0] = d[0] & 0x03;
	} else
		memcpy(cs->ser[p], d, n);
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

const struct solparam *
solparam_get(const struct ipmid *ipmid)
{
	return ipmid->cmd == NULL ? NULL : &ipmid->cmd->sol;
}

void
solparam_set_port(struct ipmid *ipmid, uint16_t port)
{
	if (ipmid->cmd != NULL)
		ipmid->cmd->sol.port = port;
}

void
cmd_transport_init(struct ipmid *ipmid)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct cmd_lan		*l = &cs->lan;
	static const uint8_t	 zero[6];

	memcpy(l->ip, ipmid->conf.lan_ip, 4);
	memcpy(l->mask, ipmid->conf.lan_mask, 4);
	memcpy(l->gw, ipmid->conf.lan_gw, 4);
	memcpy(l->mac, ipmid->conf.lan_mac, 6);
	l->have_mac = memcmp(l->mac, zero, 6) != 0;
	l->ipsrc = 0x01;			/* static */
	memcpy(l->community, "public", 6);

	cs->sol.enabled = 1;
	cs->sol.auth = IPMI_PRIV_OPERATOR;
	cs->sol.accum_5ms = 12;
	cs->sol.send_thresh = 96;
	cs->sol.retry_count = 7;
	cs->sol.retry_10ms = 50;
	cs->sol.nv_rate = 0x0A;			/* 115200 */
	cs->sol.v_rate = 0x0A;
	cs->sol.port = 623;

	cs->ser[SER_AUTH_SUPPORT][0] = AUTH_MD5;
	cs->ser[SER_CONN_MODE][0] = 0x81;	/* direct connect, basic mode */
	cs->ser[SER_IDLE][0] = 0;		/* no inactivity timeout */
	cs->ser[SER_TERM][0] = 0x02;		/* close on inactivity */
	/* [7:6] flow control 01 RTS/CTS, [5] DTR hang-up off */
	cs->ser[SER_COMM][0] = 0x40;
	cs->ser[SER_COMM][1] = 0x0A;		/* 115200, as SOL */
}

const struct cmd_entry cmd_transport_tab[] = {
	{ IPMI_NETFN_TRANSPORT, 0x01, IPMI_PRIV_ADMIN, lan_set },
	{ IPMI_NETFN_TRANSPORT, 0x02, IPMI_PRIV_OPERATOR, lan_get },
	{ IPMI_NETFN_TRANSPORT, 0x10, IPMI_PRIV_ADMIN, ser_set },
	{ IPMI_NETFN_TRANSPORT, 0x11, IPMI_PRIV_OPERATOR, ser_get },
	{ IPMI_NETFN_TRANSPORT, 0x21, IPMI_PRIV_ADMIN, sol_set },
	{ IPMI_NETFN_TRANSPORT, 0x22, IPMI_PRIV_USER, sol_get },
	{ 0, 0, 0, NULL }
};
