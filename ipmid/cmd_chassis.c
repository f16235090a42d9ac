/* cmd_chassis.c: chassis commands (IPMI v2.0 ch. 28): status, control, identify, boot options. */
/* SPDX-License-Identifier: ISC */

#include <string.h>

#include "log.h"
#include "util.h"
#include "rbuf.h"
#include "pdmsg.h"
#include "cmd.h"

#define BOOT_PARAM_INPROG	0
#define BOOT_PARAM_CLEAR	3
#define BOOT_PARAM_ACK		4
#define BOOT_PARAM_FLAGS	5
#define BOOT_PARAM_VERSION	0x01

static const char *const policy_tok[] = {
	"always-off", "previous", "always-on"
};

static int
policy_code(const char *s)
{
	size_t	i;

	for (i = 0; i < nitems(policy_tok); i++)
		if (strcmp(s, policy_tok[i]) == 0)
			return (int)i;
	return 3;			/* unknown */
}

/* Get System Restart Cause (table 28-11) codes for powerd's tokens */
static uint8_t
restart_code(const char *s)
{
	static const struct {
		const char	*tok;
		uint8_t		 code;
	} map[] = {
		{ "chassis-control", 0x01 }, { "reset-button", 0x02 },
		{ "power-button", 0x03 }, { "watchdog", 0x04 },
		{ "oem", 0x05 }, { "always-on-restore", 0x06 },
		{ "previous-restore", 0x07 }, { "soft-reset", 0x0A },
		{ "os", 0x0A },
	};
	size_t	i;

	for (i = 0; i < nitems(map); i++)
		if (strcmp(s, map[i].tok) == 0)
			return map[i].code;
	return 0x00;
}

/*
 * Get Chassis Capabilities: flags (diag interrupt), FRU/SDR/SEL/SM addresses:
 * all the BMC.
 */
static void
chassis_caps(struct ipmid *ipmid, struct ipmi_call *call)
{
	static const uint8_t	caps[5] = { 0x04, 0x20, 0x20, 0x20, 0x20 };

	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, caps, sizeof(caps));
}

/*
 * Get Chassis Status (table 28-3): current power state (bit 0 on, 6:5
 * restore policy), last power event (bit 4 "on via IPMI command"), misc
 * (bit 6 identify supported, 5:4 identify state), front panel (none).
 */
static void
chassis_status_done(struct ipmid *ipmid, struct ipmi_call *call,
    const cJSON *r)
{
	const cJSON	*idf;
	const char	*pw, *st;
	uint8_t		 out[4] = { 0 };

	pw = pdmsg_str(r, "power", "unknown");
	if (strcmp(pw, "unknown") == 0) {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_SUPPORTED_STATE, NULL, 0);
		return;
	}
	if (strcmp(pw, "on") == 0 || strcmp(pw, "powering-off") == 0)
		out[0] |= 0x01;
	out[0] |= policy_code(pdmsg_str(r, "policy", "")) << 5;
	if (strcmp(pdmsg_str(r, "restart_cause", ""), "chassis-control") == 0)
		out[1] |= 0x10;
	out[2] = 0x40;
	idf = cJSON_GetObjectItemCaseSensitive(r, "identify");
	st = pdmsg_str(idf, "state", "off");
	if (strcmp(st, "blink") == 0)
		out[2] |= 0x10;
	else if (strcmp(st, "on") == 0)
		out[2] |= 0x20;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
chassis_status(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "status", NULL),
	    chassis_status_done);
}

static void
reply_ok(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	UNUSED(r);
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

static const char *const control_act[] = {
	"off", "on", "cycle", "reset", "nmi", "soft"
};

/* "wait":false: ipmitool retries after ~1 s and a cycle takes longer */
static cJSON *
control_req(struct ipmid *ipmid, uint8_t c)
{
	cJSON	*req;

	if ((req = cmd_req(ipmid, "power", control_act[c])) != NULL &&
	    (cJSON_AddStringToObject(req, "cause", "chassis-control") ==
	    NULL || cJSON_AddBoolToObject(req, "wait", 0) == NULL)) {
		cJSON_Delete(req);
		req = NULL;
	}
	return req;
}

static int
is_busy(const cJSON *r)
{
	return r != NULL && !pdmsg_ok(r) &&
	    strcmp(pdmsg_str(r, "error", ""), "busy") == 0;
}

static void	defer_next(struct ipmid *);

static void
defer_cb(struct ipmid *ipmid, void *arg, const cJSON *r)
{
	struct cmd_defer	*df = &ipmid->cmd->defer;

	UNUSED(arg);
	df->inflight = 0;
	if (is_busy(r) && ev_now(ipmid->loop) < df->deadline) {
		ev_timer_set(&df->timer, CMD_DEFER_RETRY_S, 0.);
		ev_timer_start(ipmid->loop, &df->timer);
		return;
	}
	if (r == NULL || !pdmsg_ok(r))
		log_warnx("chassis control %s (deferred): %s",
		    control_act[df->act[0]], r == NULL ?
		    "powerd unreachable" : pdmsg_str(r, "message", "failed"));
	df->n--;
	memmove(df->act, df->act + 1, df->n);
	df->deadline = ev_now(ipmid->loop) + CMD_DEFER_S;
	defer_next(ipmid);
}

static void
defer_next(struct ipmid *ipmid)
{
	struct cmd_defer	*df = &ipmid->cmd->defer;
	cJSON			*req;

	if (df->n == 0 || df->inflight)
		return;
	if ((req = control_req(ipmid, df->act[0])) == NULL ||
	    cmd_pd_raw(ipmid, req, defer_cb, NULL) == -1) {
		log_warnx("chassis control: %d deferred actions dropped",
		    df->n);
		df->n = 0;
		return;
	}
	df->inflight = 1;
}

static void
defer_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	defer_next(w->data);
}

static int
defer_push(struct ipmid *ipmid, uint8_t c)
{
	struct cmd_defer	*df = &ipmid->cmd->defer;

	if (df->n == CMD_DEFER_MAX)
		return -1;
	df->act[df->n++] = c;
	if (df->n == 1) {
		df->deadline = ev_now(ipmid->loop) + CMD_DEFER_S;
		ev_timer_set(&df->timer, CMD_DEFER_RETRY_S, 0.);
		ev_timer_start(ipmid->loop, &df->timer);
	}
	return 0;
}

static void
control_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t	cc = IPMI_CC_OK;

	if (is_busy(r)) {
		if (defer_push(ipmid, call->req[0] & 0x0F) == -1)
			cc = IPMI_CC_BUSY;
	} else if (r == NULL || !pdmsg_ok(r))
		cc = cmd_pd_cc(r);
	ipmi_reply(ipmid, call, cc, NULL, 0);
}

/*
 * Chassis Control (table 28-4): byte 1 bits 3:0 down/up/cycle/reset/diag/
 * soft.  While powerd is busy with a transition the action is accepted
 * and queued behind it, in order with any already queued: a BMC takes
 * `ipmipower --reset` then `--pulse` without "busy".
 */
static void
chassis_control(struct ipmid *ipmid, struct ipmi_call *call)
{
	uint8_t	c;

	if (call->len != 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	c = call->req[0] & 0x0F;
	if ((call->req[0] & 0xF0) != 0 || c >= nitems(control_act)) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (ipmid->cmd->defer.n > 0) {
		ipmi_reply(ipmid, call, defer_push(ipmid, c) == -1 ?
		    IPMI_CC_BUSY : IPMI_CC_OK, NULL, 0);
		return;
	}
	cmd_pd_any(ipmid, call, control_req(ipmid, c), control_done);
}

void
cmd_chassis_init(struct ipmid *ipmid)
{
	struct cmd_defer	*df = &ipmid->cmd->defer;

	ev_timer_init(&df->timer, defer_timer, CMD_DEFER_RETRY_S, 0.);
	df->timer.data = ipmid;
}

/* cmd_fini() has cancelled the request in flight */
void
cmd_chassis_fini(struct ipmid *ipmid)
{
	ev_timer_stop(ipmid->loop, &ipmid->cmd->defer.timer);
	ipmid->cmd->defer.n = 0;
}

/*
 * Chassis Identify (table 28-5): [interval s, default 15; 0 = off] [bit 0 force
 * on]
 */
static void
chassis_identify(struct ipmid *ipmid, struct ipmi_call *call)
{
	cJSON		*req;
	const char	*state;
	int		 secs = 15;

	if (call->len > 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (call->len >= 1)
		secs = call->req[0];
	if (call->len == 2 && (call->req[1] & 0xFE) != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (call->len == 2 && (call->req[1] & 0x01)) {
		state = "on";
		secs = 0;
	} else
		state = secs == 0 ? "off" : "blink";
	if ((req = cmd_req(ipmid, "identify", "set")) != NULL &&
	    (cJSON_AddStringToObject(req, "state", state) == NULL ||
	    cJSON_AddNumberToObject(req, "seconds", secs) == NULL)) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, reply_ok);
}

/*
 * Set Power Restore Policy (table 28-8): 0 off, 1 previous, 2 on, 3 no change;
 * reply: supported.
 */
static void
policy_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	UNUSED(r);
	cmd_reply_u8(ipmid, call, 0x07);
}

static void
chassis_policy(struct ipmid *ipmid, struct ipmi_call *call)
{
	cJSON	*req;
	uint8_t	 p;

	if (call->len != 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	p = call->req[0] & 0x07;
	if ((call->req[0] & 0xF8) != 0 || p > 3) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (p == 3) {
		cmd_reply_u8(ipmid, call, 0x07);
		return;
	}
	if ((req = cmd_req(ipmid, "policy", "set")) != NULL &&
	    cJSON_AddStringToObject(req, "policy", policy_tok[p]) == NULL) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, policy_done);
}

/* Get System Restart Cause (table 28-11): cause, channel */
static void
restart_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t	 out[2];

	out[0] = restart_code(pdmsg_str(r, "restart_cause", ""));
	out[1] = IPMI_LAN_CHANNEL;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
chassis_restart(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "status", NULL), restart_done);
}

/* Get POH Counter (table 28-12): minutes per count (1), counter LE32 */
static void
poh_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t		 out[5];
	struct wbuf	 wb = WBUF_INIT(out, sizeof(out));
	double		 m;

	m = pdmsg_num(r, "poh_minutes", 0);
	if (m < 0 || m > 4294967295.0)
		m = 0;
	wbuf_put_u8(&wb, 1);
	wbuf_put_u32_le(&wb, (uint32_t)m);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
chassis_poh(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "status", NULL), poh_done);
}

/*
 * Boot flags, parameter 5 (table 28-14).  Byte 1: bit 7 valid, bit 6
 * persistent, bit 5 EFI.  Byte 2 bits 5:2 device selector.  Pure.
 */
static const struct {
	uint8_t		 dev;
	const char	*target;
} boot_dev[] = {
	{ 0x0, "none" }, { 0x1, "pxe" }, { 0x2, "hdd" }, { 0x3, "hdd" },
	{ 0x4, "diags" }, { 0x5, "cd" }, { 0x6, "bios" }, { 0x7, "usb" },
	{ 0x9, "cd" }, { 0xB, "hdd" }, { 0xF, "floppy" },
};

void
cmd_boot_encode(const struct boot_flags *bf, uint8_t out[5])
{
	size_t	i;
	uint8_t	dev = 0;

	memset(out, 0, 5);
	for (i = 0; i < nitems(boot_dev); i++)
		if (strcmp(bf->target, boot_dev[i].target) == 0) {
			dev = boot_dev[i].dev;
			break;
		}
	if (strcmp(bf->enabled, "disabled") != 0)
		out[0] |= 0x80;
	if (strcmp(bf->enabled, "continuous") == 0)
		out[0] |= 0x40;
	if (strcmp(bf->mode, "uefi") == 0)
		out[0] |= 0x20;
	out[1] = dev << 2;
}

int
cmd_boot_decode(const uint8_t in[5], struct boot_flags *bf)
{
	size_t	i;
	uint8_t	dev = (in[1] >> 2) & 0x0F;

	memset(bf, 0, sizeof(*bf));
	for (i = 0; i < nitems(boot_dev); i++)
		if (boot_dev[i].dev == dev)
			break;
	if (i == nitems(boot_dev))
		return BMC_ERANGE;
	strlcpy(bf->target, boot_dev[i].target, sizeof(bf->target));
	strlcpy(bf->mode, (in[0] & 0x20) ? "uefi" : "legacy",
	    sizeof(bf->mode));
	if (!(in[0] & 0x80) || dev == 0) {
		strlcpy(bf->enabled, "disabled", sizeof(bf->enabled));
		strlcpy(bf->target, "none", sizeof(bf->target));
	} else
		strlcpy(bf->enabled, (in[0] & 0x40) ? "continuous" : "once",
		    sizeof(bf->enabled));
	return 0;
}

static void
bootopt_set_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	UNUSED(r);
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

/* Set System Boot Options (table 28-13): param (bit 7 lock/invalid), data */
static void
chassis_bootopt_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct boot_flags	 bf;
	cJSON			*req;
	uint8_t			 param;
	size_t			 dlen;

	if (call->len < 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	param = call->req[0] & 0x7F;
	dlen = call->len - 1;
	switch (param) {
	case BOOT_PARAM_INPROG:
		if (dlen != 1)
			break;
		if ((call->req[1] & 0x03) == 0x03) {
			ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
			return;
		}
		/*
		 * commit-write (2) is a no-op: every write goes straight to
		 * powerd
		 */
		if ((call->req[1] & 0x03) != 0x02)
			cs->boot_inprog = call->req[1] & 0x03;
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	case BOOT_PARAM_CLEAR:
		if (dlen != 1)
			break;
		cs->boot_clear = call->req[1] & 0x1F;
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	case BOOT_PARAM_ACK:
		if (dlen != 2)
			break;
		/* byte 1 is the write mask for byte 2 */
		cs->boot_ack[1] = (cs->boot_ack[1] & ~call->req[1]) |
		    (call->req[2] & call->req[1]);
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	case BOOT_PARAM_FLAGS:
		if (dlen != 5)
			break;
		if (cmd_boot_decode(&call->req[1], &bf) != 0) {
			ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
			return;
		}
		if ((req = cmd_req(ipmid, "boot", "set")) != NULL &&
		    (cJSON_AddStringToObject(req, "target", bf.target) ==
		    NULL || cJSON_AddStringToObject(req, "enabled",
		    bf.enabled) == NULL ||
		    cJSON_AddStringToObject(req, "mode", bf.mode) == NULL)) {
			cJSON_Delete(req);
			req = NULL;
		}
		cmd_pd(ipmid, call, req, bootopt_set_done);
		return;
	default:
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
}

static void
bootopt_get_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	const cJSON		*b;
	struct boot_flags	 bf;
	uint8_t			 out[7];

	b = cJSON_GetObjectItemCaseSensitive(r, "boot");
	memset(&bf, 0, sizeof(bf));
	strlcpy(bf.target, pdmsg_str(b, "target", "none"), sizeof(bf.target));
	strlcpy(bf.enabled, pdmsg_str(b, "enabled", "disabled"),
	    sizeof(bf.enabled));
	strlcpy(bf.mode, pdmsg_str(b, "mode", "legacy"), sizeof(bf.mode));
	out[0] = BOOT_PARAM_VERSION;
	out[1] = BOOT_PARAM_FLAGS;
	cmd_boot_encode(&bf, &out[2]);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/* Get System Boot Options (table 28-14): param, set selector, block selector */
static void
chassis_bootopt_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 out[4];

	if (call->len != 3) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	out[0] = BOOT_PARAM_VERSION;
	out[1] = call->req[0] & 0x7F;
	switch (call->req[0] & 0x7F) {
	case BOOT_PARAM_INPROG:
		out[2] = cs->boot_inprog;
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, 3);
		return;
	case BOOT_PARAM_CLEAR:
		out[2] = cs->boot_clear;
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, 3);
		return;
	case BOOT_PARAM_ACK:
		out[2] = 0x00;
		out[3] = cs->boot_ack[1];
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, 4);
		return;
	case BOOT_PARAM_FLAGS:
		cmd_pd(ipmid, call, cmd_req(ipmid, "boot", "get"),
		    bootopt_get_done);
		return;
	default:
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
}

const struct cmd_entry cmd_chassis_tab[] = {
	{ IPMI_NETFN_CHASSIS, 0x00, IPMI_PRIV_USER, chassis_caps },
	{ IPMI_NETFN_CHASSIS, 0x01, IPMI_PRIV_USER, chassis_status },
	{ IPMI_NETFN_CHASSIS, 0x02, IPMI_PRIV_OPERATOR, chassis_control },
	{ IPMI_NETFN_CHASSIS, 0x04, IPMI_PRIV_OPERATOR, chassis_identify },
	{ IPMI_NETFN_CHASSIS, 0x06, IPMI_PRIV_OPERATOR, chassis_policy },
	{ IPMI_NETFN_CHASSIS, 0x07, IPMI_PRIV_USER, chassis_restart },
	{ IPMI_NETFN_CHASSIS, 0x08, IPMI_PRIV_OPERATOR, chassis_bootopt_set },
	{ IPMI_NETFN_CHASSIS, 0x09, IPMI_PRIV_OPERATOR, chassis_bootopt_get },
	{ IPMI_NETFN_CHASSIS, 0x0F, IPMI_PRIV_USER, chassis_poh },
	{ 0, 0, 0, NULL }
};
