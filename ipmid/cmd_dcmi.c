/* cmd_dcmi.c: DCMI 1.5 (group extension DCh): capabilities, power reading, power limit. */
/* SPDX-License-Identifier: ISC */

#include <string.h>
#include <time.h>

#include "log.h"
#include "util.h"
#include "rbuf.h"
#include "pdmsg.h"
#include "cmd.h"

#define DCMI_GROUP		0xDC
#define DCMI_MAJOR		0x01
#define DCMI_MINOR		0x05
#define DCMI_PARAM_REV		0x02
/* Get Power Limit: "no active set power limit" */
#define DCMI_NO_LIMIT		0x80
#define DCMI_LIMIT_RANGE	0x84 /* Set Power Limit: limit out of range */
#define DCMI_SEL_ENTRIES	1024

static void
dcmi_reply(struct ipmid *ipmid, struct ipmi_call *call, uint8_t cc,
    const uint8_t *d, size_t n)
{
	uint8_t	out[32];

	out[0] = DCMI_GROUP;
	if (n > sizeof(out) - 1)
		n = sizeof(out) - 1;
	if (n > 0)
		memcpy(&out[1], d, n);
	ipmi_reply(ipmid, call, cc, out, n + 1);
}

/*
 * Get DCMI Capability Info (DCMI 1.5 table 6-2/6-3): DCh, version 1.5,
 * parameter revision 2, data.  Byte layouts as ipmitool and FreeIPMI
 * decode them.
 */
static void
dcmi_caps(struct ipmid *ipmid, struct ipmi_call *call)
{
	uint8_t	 out[16];
	size_t	 n = 3;

	if (call->len != 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	out[0] = DCMI_MAJOR;
	out[1] = DCMI_MINOR;
	out[2] = DCMI_PARAM_REV;
	switch (call->req[1]) {
	case 1:		/* supported capabilities */
		/* identification, SEL, chassis power, temperature */
		out[n++] = 0x0F;
		out[n++] = 0x01;	/* power management */
		out[n++] = 0x18;	/* out-of-band primary LAN, SOL */
		break;
	case 2:		/* mandatory platform attributes */
		out[n++] = DCMI_SEL_ENTRIES & 0xFF;
		/* rollover */
		out[n++] = ((DCMI_SEL_ENTRIES >> 8) & 0x0F) | 0x80;
		out[n++] = 0x01;	/* identification: GUID */
		out[n++] = 0x07; /* inlet, processor, baseboard temperatures */
		out[n++] = 0x01;	/* sampling every second */
		break;
	case 3:		/* optional platform attributes */
		out[n++] = 0x40; /* power management device: the BMC (20h) */
		out[n++] = 0x01;	/* channel 0, revision 1 */
		break;
	case 4:		/* manageability access attributes */
		out[n++] = IPMI_LAN_CHANNEL;
		out[n++] = 0xFF;	/* no secondary LAN */
		out[n++] = 0xFF;	/* no serial */
		break;
	case 5:		/* enhanced power statistics: no rolling averages */
		out[n++] = 0;
		break;
	default:
		dcmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	dcmi_reply(ipmid, call, IPMI_CC_OK, out, n);
}

/*
 * Get Power Reading (DCMI table 6-16): current, minimum, maximum, average
 * (W, LE16), timestamp LE32, reporting period ms LE32, state (bit 6
 * active).  The current value is the first "power" sensor; the
 * statistics cover the readings taken since ipmid started.
 */
static void
reading_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct sdr_sensor	 s;
	const cJSON		*o;
	uint8_t			 out[17];
	struct wbuf		 wb = WBUF_INIT(out, sizeof(out));
	double			 w = -1, period;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(r, "sensors")) {
		if (sdr_parse_sensor(o, &s) == 0 && s.unit == 6 && s.present) {
			w = s.reading;
			break;
		}
	}
	if (w < 0) {
		dcmi_reply(ipmid, call, IPMI_CC_NOT_SUPPORTED_STATE, NULL, 0);
		return;
	}
	if (w > 0xFFFF)
		w = 0xFFFF;
	if (cs->pw_n == 0) {
		cs->pw_min = cs->pw_max = w;
		cs->pw_since = ev_now(ipmid->loop);
	}
	if (w < cs->pw_min)
		cs->pw_min = w;
	if (w > cs->pw_max)
		cs->pw_max = w;
	cs->pw_sum += w;
	cs->pw_n++;
	period = (ev_now(ipmid->loop) - cs->pw_since) * 1000.0;
	if (period < 1000)
		period = 1000;
	if (period > 0xFFFFFFFF)
		period = 0xFFFFFFFF;
	wbuf_put_u16_le(&wb, (uint16_t)(w + 0.5));
	wbuf_put_u16_le(&wb, (uint16_t)(cs->pw_min + 0.5));
	wbuf_put_u16_le(&wb, (uint16_t)(cs->pw_max + 0.5));
	wbuf_put_u16_le(&wb, (uint16_t)(cs->pw_sum / cs->pw_n + 0.5));
	wbuf_put_u32_le(&wb, (uint32_t)time(NULL));
	wbuf_put_u32_le(&wb, (uint32_t)period);
	wbuf_put_u8(&wb, 0x40);
	dcmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
dcmi_reading(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 4) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (call->req[1] != 0x01) {	/* only system power statistics */
		dcmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sensors", NULL), reading_done);
}

/* exception actions (DCMI table 6-18) */
static uint8_t
action_code(const char *s)
{
	if (strcmp(s, "off") == 0)
		return 0x01;
	if (strcmp(s, "log") == 0)
		return 0x11;
	return 0x00;
}

static const char *
action_tok(uint8_t a)
{
	switch (a) {
	case 0x00:
		return "none";
	case 0x01:
		return "off";
	case 0x11:
		return "log";
	default:
		return NULL;
	}
}

/*
 * Get Power Limit (table 6-18): DCh, 2 reserved, exception action, limit
 * W LE16, correction ms LE32, 2 reserved, sampling s LE16.  An inactive
 * limit answers 80h with the data (ipmitool prints both).
 */
static void
glimit_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	const cJSON	*pl;
	uint8_t		 out[13];
	struct wbuf	 wb = WBUF_INIT(out, sizeof(out));
	double		 v;

	pl = cJSON_GetObjectItemCaseSensitive(r, "power_limit");
	wbuf_put_u16_le(&wb, 0);
	wbuf_put_u8(&wb, action_code(pdmsg_str(pl, "exception", "none")));
	v = pdmsg_num(pl, "limit_w", 0);
	wbuf_put_u16_le(&wb, v >= 0 && v <= 0xFFFF ? (uint16_t)v : 0);
	v = pdmsg_num(pl, "correction_ms", 0);
	wbuf_put_u32_le(&wb, v >= 0 && v <= 0xFFFFFFFF ? (uint32_t)v : 0);
	wbuf_put_u16_le(&wb, 0);
	v = pdmsg_num(pl, "sampling_s", 0);
	wbuf_put_u16_le(&wb, v >= 0 && v <= 0xFFFF ? (uint16_t)v : 0);
	dcmi_reply(ipmid, call, pdmsg_bool(pl, "active", 0) ? IPMI_CC_OK :
	    DCMI_NO_LIMIT, out, wb.len);
}

static void
dcmi_get_limit(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 3) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "powerlimit", "get"), glimit_done);
}

static void
dcmi_ok_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	UNUSED(r);
	dcmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

/*
 * Set Power Limit (table 6-19), 15 bytes as Get's reply plus one reserved byte
 */
static void
dcmi_set_limit(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct rbuf	 rb = RBUF_INIT(call->req, call->len);
	const char	*act;
	cJSON		*req;
	uint8_t		 a;
	uint16_t	 lim, samp;
	uint32_t	 corr;

	if (call->len != 15 || rbuf_skip(&rb, 4) == -1 ||
	    rbuf_get_u8(&rb, &a) == -1 || rbuf_get_u16_le(&rb, &lim) == -1 ||
	    rbuf_get_u32_le(&rb, &corr) == -1 || rbuf_skip(&rb, 2) == -1 ||
	    rbuf_get_u16_le(&rb, &samp) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if ((act = action_tok(a)) == NULL) {
		dcmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (lim == 0) {
		dcmi_reply(ipmid, call, DCMI_LIMIT_RANGE, NULL, 0);
		return;
	}
	if ((req = cmd_req(ipmid, "powerlimit", "set")) != NULL &&
	    (cJSON_AddNumberToObject(req, "limit_w", lim) == NULL ||
	    cJSON_AddNumberToObject(req, "correction_ms", corr) == NULL ||
	    cJSON_AddNumberToObject(req, "sampling_s", samp) == NULL ||
	    cJSON_AddStringToObject(req, "exception", act) == NULL)) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, dcmi_ok_done);
}

/* Activate/Deactivate Power Limit (table 6-20): DCh, 01h/00h, 2 reserved */
static void
dcmi_activate(struct ipmid *ipmid, struct ipmi_call *call)
{
	cJSON	*req;

	if (call->len != 4) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (call->req[1] > 1) {
		dcmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if ((req = cmd_req(ipmid, "powerlimit", "activate")) != NULL &&
	    cJSON_AddBoolToObject(req, "active", call->req[1]) == NULL) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, dcmi_ok_done);
}

/* netfn is the group extension; cmd_dispatch checked the DCh body code */
/*
 * Get/Set Management Controller Identifier String (DCMI 1.5 6.4.6.1,
 * 6.4.6.2): DCh, offset, count (at most 16) [, data] -> DCh, total length
 * (NUL included) [, data].  The string is at most 63 bytes and a NUL;
 * it starts as the server id and is kept in ipmid (volatile).
 */
#define DCMI_MCI_CHUNK		16

static void
dcmi_mci_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	const char	*s = ipmid->cmd->mci;
	uint8_t		 out[1 + DCMI_MCI_CHUNK];
	size_t		 total = strlen(s) + 1, off, cnt;

	if (call->len != 3) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	off = call->req[1];
	cnt = call->req[2];
	if (cnt > DCMI_MCI_CHUNK || off + cnt > CMD_MCI_MAX) {
		dcmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
		return;
	}
	out[0] = (uint8_t)total;
	memset(&out[1], 0, cnt);
	if (off < total)
		memcpy(&out[1], s + off, total - off < cnt ? total - off : cnt);
	dcmi_reply(ipmid, call, IPMI_CC_OK, out, 1 + cnt);
}

static void
dcmi_mci_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	char		*s = ipmid->cmd->mci;
	char		 tmp[CMD_MCI_MAX];
	size_t		 off, cnt, i;
	uint8_t		 total;

	if (call->len < 3 || call->len != 3 + (size_t)call->req[2]) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	off = call->req[1];
	cnt = call->req[2];
	if (cnt > DCMI_MCI_CHUNK || off + cnt > CMD_MCI_MAX) {
		dcmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
		return;
	}
	/* printable ASCII up to a NUL; a write ending in NUL ends the string */
	for (i = 0; i < cnt && call->req[3 + i] != 0; i++)
		if (call->req[3 + i] < 0x20 || call->req[3 + i] > 0x7E) {
			dcmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD,
			    NULL, 0);
			return;
		}
	memcpy(tmp, s, sizeof(tmp));
	memcpy(tmp + off, &call->req[3], cnt);
	if (i < cnt || off + cnt >= sizeof(tmp))
		tmp[off + i < sizeof(tmp) ? off + i : sizeof(tmp) - 1] = '\0';
	tmp[sizeof(tmp) - 1] = '\0';
	memcpy(s, tmp, CMD_MCI_MAX);
	total = (uint8_t)(strlen(s) + 1);
	dcmi_reply(ipmid, call, IPMI_CC_OK, &total, 1);
}

const struct cmd_entry cmd_dcmi_tab[] = {
	{ IPMI_NETFN_GROUP, 0x01, IPMI_PRIV_USER, dcmi_caps },
	{ IPMI_NETFN_GROUP, 0x02, IPMI_PRIV_USER, dcmi_reading },
	{ IPMI_NETFN_GROUP, 0x03, IPMI_PRIV_OPERATOR, dcmi_get_limit },
	{ IPMI_NETFN_GROUP, 0x04, IPMI_PRIV_ADMIN, dcmi_set_limit },
	{ IPMI_NETFN_GROUP, 0x05, IPMI_PRIV_ADMIN, dcmi_activate },
	{ IPMI_NETFN_GROUP, 0x09, IPMI_PRIV_USER, dcmi_mci_get },
	{ IPMI_NETFN_GROUP, 0x0A, IPMI_PRIV_ADMIN, dcmi_mci_set },
	{ 0, 0, 0, NULL }
};
