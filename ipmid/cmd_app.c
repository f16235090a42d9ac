/* cmd_app.c: application commands (IPMI v2.0 ch. 20-22): device, watchdog, channel, users. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "rbuf.h"
#include "pdmsg.h"
#include "cmd.h"
#include "solparam.h"
#include "users.h"

#define USER_ANONYMOUS		1

/* Get Device ID (table 20-2) */
static void
app_device_id(struct ipmid *ipmid, struct ipmi_call *call)
{
	static const uint8_t	id[15] = {
		0x20,			/* device id */
		0x01,			/* revision; no device SDRs */
		0x00,			/* firmware major 0, device available */
		0x01,			/* firmware minor (BCD): 0.1 */
		0x02,			/* IPMI 2.0 */
		0x8F,		/* chassis, FRU, SEL, SDR repository, sensors */
		0x00, 0x00, 0x00,	/* manufacturer: none (IANA 0) */
		0x01, 0x00,		/* product id */
		0x00, 0x00, 0x00, 0x00	/* aux firmware revision */
	};

	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, id, sizeof(id));
}

/*
 * Get Device GUID / Get System GUID (tables 20-10, 22-15): the inventory's
 * bmc_guid
 */
static void
app_guid(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, ipmid->guid, sizeof(ipmid->guid));
}

/* Get Self Test Results (table 20-4): 55h "no error" */
static void
app_selftest(struct ipmid *ipmid, struct ipmi_call *call)
{
	static const uint8_t	res[2] = { 0x55, 0x00 };

	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, res, sizeof(res));
}

static void
wd_stop(struct ipmid *ipmid)
{
	struct cmd_wdog	*wd = &ipmid->cmd->wd;

	ev_timer_stop(ipmid->loop, &wd->timer);
	wd->running = 0;
}

/*
 * Cold/Warm Reset (20.2, 20.3): the BMC "restarts": volatile state goes
 * back to defaults.  Sessions stay (a real BMC drops them; ipmitool then
 * waits for a reply that never comes).
 */
static void
app_reset(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;

	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cs->sel_rsv++;
	cs->sdr_rsv_base = ++cs->sdr_rsv;
	cs->boot_inprog = 0;
	if (call->cmd == 0x02) {
		wd_stop(ipmid);
		cs->wd.inited = 0;
		cs->wd.use = cs->wd.action = cs->wd.pretimeout = 0;
		cs->wd.expflags = 0;
		cs->wd.initial = 0;
		cs->chan_access[1] = cs->chan_access[0];
		cs->chan_privlim[1] = cs->chan_privlim[0];
		log_info("cold reset requested over ipmi");
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

/* Get ACPI Power State (table 20-9): S0/G0 when on, S5/G2 when off */
static void
acpi_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t		 out[2] = { 0x2A, 0x00 };	/* unknown, D0 */
	const char	*pw = pdmsg_str(r, "power", "unknown");

	if (strcmp(pw, "on") == 0 || strcmp(pw, "powering-off") == 0)
		out[0] = 0x00;
	else if (strcmp(pw, "off") == 0 || strcmp(pw, "powering-on") == 0)
		out[0] = 0x05;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
app_acpi(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "status", NULL), acpi_done);
}

/* BMC Global Enables (tables 22-2/3): stored only */
static void
app_set_enables(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	ipmid->cmd->global_enables = call->req[0];
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

static void
app_get_enables(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_reply_u8(ipmid, call, ipmid->cmd->global_enables);
}

/*
 * Watchdog timer (IPMI v2.0 ch. 27).  The countdown runs on an ev_timer;
 * on expiry the action goes to powerd with cause "watchdog" and, unless
 * "don't log" is set, a Watchdog 2 event (sensor type 23h, offset = the
 * action) is added to the SEL through powerd.
 */
static void
wd_power_done(struct ipmid *ipmid, void *arg, const cJSON *r)
{
	UNUSED(ipmid);
	UNUSED(arg);
	if (r == NULL || !pdmsg_ok(r))
		log_warnx("watchdog: power action failed: %s",
		    r == NULL ? "powerd unreachable" :
		    pdmsg_str(r, "message", "?"));
}

static void
wd_expire(struct ev_loop *loop, ev_timer *w, int revents)
{
	static const char *const act[] = { NULL, "reset", "off", "cycle" };
	struct ipmid	*ipmid = w->data;
	struct cmd_wdog	*wd = &ipmid->cmd->wd;
	cJSON		*req;
	uint8_t		 rec[16] = { 0 };
	char		 hex[33];
	uint8_t		 a = wd->action & 0x07;

	UNUSED(loop);
	UNUSED(revents);
	wd->running = 0;
	wd->expflags |= 1 << (wd->use & 0x07);
	log_info("watchdog expired, action %u", a);
	if (!(wd->use & 0x80)) {
		/*
		 * IPMI v2.0 table 32-1: id, type 02, time (powerd), gen 20h,
		 * rev 04
		 */
		rec[2] = 0x02;
		rec[7] = 0x20;
		rec[9] = 0x04;
		rec[10] = 0x23;
		rec[11] = CMD_WD_SENSOR;
		rec[12] = 0x6F;
		rec[13] = a < 4 ? a : 0;
		rec[14] = 0xFF;
		rec[15] = 0xFF;
		util_hex_encode(rec, sizeof(rec), hex);
		if ((req = cmd_req(ipmid, "sel", "add")) != NULL &&
		    cJSON_AddStringToObject(req, "record", hex) == NULL) {
			cJSON_Delete(req);
			req = NULL;
		}
		if (req != NULL)
			cmd_pd_raw(ipmid, req, wd_power_done, NULL);
	}
	if (a >= 1 && a <= 3) {
		if ((req = cmd_req(ipmid, "power", act[a])) != NULL &&
		    (cJSON_AddStringToObject(req, "cause", "watchdog") ==
		    NULL || cJSON_AddBoolToObject(req, "wait", 0) == NULL)) {
			cJSON_Delete(req);
			req = NULL;
		}
		if (req == NULL ||
		    cmd_pd_raw(ipmid, req, wd_power_done, NULL) == -1)
			log_warnx("watchdog: powerd unreachable");
	}
}

static void
wd_start(struct ipmid *ipmid)
{
	struct cmd_wdog	*wd = &ipmid->cmd->wd;
	ev_tstamp	 t = wd->initial / 10.0;

	ev_timer_stop(ipmid->loop, &wd->timer);
	ev_timer_set(&wd->timer, t > 0 ? t : 0.001, 0.);
	ev_timer_start(ipmid->loop, &wd->timer);
	wd->deadline = ev_now(ipmid->loop) + t;
	wd->running = 1;
}

/*
 * Set Watchdog Timer (table 27-2): use, actions, pre-timeout, flags clear,
 * countdown LE16
 */
static void
app_wd_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_wdog	*wd = &ipmid->cmd->wd;
	struct rbuf	 rb = RBUF_INIT(call->req, call->len);
	uint8_t		 use, action, pre, clr;
	uint16_t	 init;

	if (call->len != 6 || rbuf_get_u8(&rb, &use) == -1 ||
	    rbuf_get_u8(&rb, &action) == -1 || rbuf_get_u8(&rb, &pre) == -1 ||
	    rbuf_get_u8(&rb, &clr) == -1 || rbuf_get_u16_le(&rb, &init) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if ((use & 0x07) == 0 || (use & 0x07) > 5 || (action & 0x07) > 3 ||
	    ((action >> 4) & 0x07) > 3 || (pre != 0 && pre * 10 > init)) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	wd->use = use & 0x87;
	wd->action = action & 0x77;
	wd->pretimeout = pre;
	wd->expflags &= ~(clr & 0x3E);
	wd->initial = init;
	wd->inited = 1;
	if ((use & 0x40) && wd->running)
		wd_start(ipmid);
	else
		wd_stop(ipmid);
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

/* Get Watchdog Timer (table 27-3) */
static void
app_wd_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_wdog	*wd = &ipmid->cmd->wd;
	uint8_t		 out[8];
	struct wbuf	 wb = WBUF_INIT(out, sizeof(out));
	double		 left = 0;

	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (wd->running) {
		left = (wd->deadline - ev_now(ipmid->loop)) * 10.0;
		if (left < 0)
			left = 0;
	}
	wbuf_put_u8(&wb, wd->use | (wd->running ? 0x40 : 0));
	wbuf_put_u8(&wb, wd->action);
	wbuf_put_u8(&wb, wd->pretimeout);
	wbuf_put_u8(&wb, wd->expflags);
	wbuf_put_u16_le(&wb, wd->initial);
	wbuf_put_u16_le(&wb, (uint16_t)(left + 0.5));
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

/* Reset Watchdog Timer (27.5): 80h if never set */
static void
app_wd_reset(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (!ipmid->cmd->wd.inited) {
		ipmi_reply(ipmid, call, IPMI_CC_WD_UNINITIALISED, NULL, 0);
		return;
	}
	wd_start(ipmid);
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

/*
 * Get Channel Info (table 22-29): channel 1 is 802.3 LAN, IPMB protocol,
 * multi-session; channel 2 a serial/modem (RS-232) channel in basic mode,
 * single-session, that carries no traffic here but is configured as on
 * typical server BMCs; other channel numbers do not exist (CCh).
 */
static void
app_chan_info(struct ipmid *ipmid, struct ipmi_call *call)
{
	uint8_t	 out[9];
	int	 n;

	if (call->len != 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if ((call->req[0] & 0xF0) != 0 || cmd_channel_any(call->req[0]) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	n = sess_count_active(ipmid);
	out[0] = IPMI_LAN_CHANNEL;
	out[1] = 0x04;			/* 802.3 LAN */
	out[2] = 0x01;			/* IPMB-1.0 */
	out[3] = 0x80 | (n > 0x3F ? 0x3F : n);
	if (cmd_channel_any(call->req[0]) == IPMI_SERIAL_CHANNEL) {
		out[0] = IPMI_SERIAL_CHANNEL;
		out[1] = 0x05;		/* asynch. serial/modem (RS-232) */
		out[3] = 0x40;		/* single-session, none active */
	}
	out[4] = 0xF2;			/* IPMI IANA 7154, LE */
	out[5] = 0x1B;
	out[6] = 0x00;
	out[7] = 0x00;
	out[8] = 0x00;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/*
 * Get Channel Access (table 22-28): byte 2 bits 7:6 = 01 non-volatile, 10
 * volatile
 */
static void
app_chan_access_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 out[2];
	int			 which;

	if (call->len != 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	which = call->req[1] >> 6;
	if (cmd_channel_any(call->req[0]) == -1 ||
	    (call->req[0] & 0xF0) != 0 ||
	    (which != 1 && which != 2) || (call->req[1] & 0x3F) != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	out[0] = cs->chan_access[which - 1];
	out[1] = cs->chan_privlim[which - 1];
	if (cmd_channel_any(call->req[0]) == IPMI_SERIAL_CHANNEL) {
		out[0] = cs->ser_access[which - 1];
		out[1] = cs->ser_privlim[which - 1];
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/*
 * Set Channel Access (table 22-27).  Stored and read back; the transport
 * enforces each account's own limit.  XXX #3: channel privilege limit
 * and access mode are not enforced by the transport.
 */
static void
app_chan_access_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 a, p, *acc, *lim;
	int			 wa, wp;

	if (call->len != 3) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	a = call->req[1];
	p = call->req[2];
	wa = a >> 6;
	wp = p >> 6;
	if (cmd_channel_any(call->req[0]) == -1 || wa == 3 || wp == 3 ||
	    (wa != 0 && (a & 0x07) > 3) ||
	    (wp != 0 && ((p & 0x0F) < 1 || (p & 0x0F) > 5))) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	acc = cs->chan_access;
	lim = cs->chan_privlim;
	if (cmd_channel_any(call->req[0]) == IPMI_SERIAL_CHANNEL) {
		acc = cs->ser_access;
		lim = cs->ser_privlim;
	}
	if (wa != 0)
		acc[wa - 1] = a & 0x3F;
	if (wp != 0)
		lim[wp - 1] = p & 0x0F;
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

static const char *
role_of(uint8_t priv)
{
	switch (priv) {
	case IPMI_PRIV_CALLBACK:
		return "callback";
	case IPMI_PRIV_USER:
		return "readonly";
	case IPMI_PRIV_OPERATOR:
		return "operator";
	case IPMI_PRIV_ADMIN:
		return "administrator";
	case IPMI_PRIV_NOACCESS:
		return "no-access";
	default:
		return NULL;
	}
}

static int
user_id_ok(uint8_t id)
{
	return id >= 1 && id <= IPMID_USERS_MAX;
}

/*
 * Get User Access (table 22-32): max ids, enabled count (bits 7:6 of
 * byte 2: the user's own status, 01 enabled / 10 disabled), fixed-name
 * count (the anonymous user 1), and the user's access on the channel.
 * On the serial channel the limit is the account's until Set User Access
 * sets one for that channel (kept here, volatile).
 */
static void
app_user_access_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	const struct ipmid_user	*u;
	uint8_t			 out[4], id, priv;
	int			 i, n = 0, ser;

	if (call->len != 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	id = call->req[1] & 0x3F;
	if (cmd_channel_any(call->req[0]) == -1 || !user_id_ok(id)) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	ser = cmd_channel_any(call->req[0]) == IPMI_SERIAL_CHANNEL;
	for (i = 1; i <= IPMID_USERS_MAX; i++)
		if (ipmid->users[i].used && ipmid->users[i].enabled)
			n++;
	u = &ipmid->users[id];
	out[0] = IPMID_USERS_MAX;
	/* a free slot (and the anonymous user 1) is a disabled one */
	out[1] = n | (u->used && u->enabled ? 0x40 : 0x80);
	out[2] = 1;
	priv = u->priv;
	if (ser && ipmid->cmd->ser_user[id] != 0)
		priv = ipmid->cmd->ser_user[id];
	if (u->used && priv != IPMI_PRIV_NOACCESS)
		/* link auth, IPMI messaging */
		out[3] = 0x30 | (priv & 0x0F);
	else
		out[3] = IPMI_PRIV_NOACCESS;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/*
 * Get User Name (table 22-34): 16 bytes, NUL padded; unused ids read as empty
 */
static void
app_user_name_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	const struct ipmid_user	*u;
	uint8_t			 out[16] = { 0 };
	uint8_t			 id;

	if (call->len != 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	id = call->req[0] & 0x3F;
	if (!user_id_ok(id)) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	u = &ipmid->users[id];
	if (u->used)
		memcpy(out, u->name, u->namelen > 16 ? 16 : u->namelen);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/*
 * After an accounts change: put what powerd answered (and the password
 * this request set) into the cache at once, then refresh it from powerd
 * and answer.  Without the first step the next request of a commit (Set
 * User Password right after Set User Name, as MAAS does) raced the
 * refresh and found no account (CCh).
 */
static void
user_cache(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	const cJSON		*a;
	struct ipmid_user	 u, *c;
	size_t			 n;

	if ((a = cJSON_GetObjectItemCaseSensitive(r, "account")) == NULL) {
		/* Set User Name with an empty name: the slot is free */
		if (call->cmd == 0x45 && call->len == 17 &&
		    call->req[1] == '\0' && user_id_ok(call->req[0] & 0x3F))
			util_zeroize(&ipmid->users[call->req[0] & 0x3F],
			    sizeof(ipmid->users[0]));
		return;
	}
	if (users_parse_account(a, &u) != 0)
		return;
	c = &ipmid->users[u.id];
	if (c->used) {
		memcpy(u.pass, c->pass, sizeof(u.pass));
		u.passlen = c->passlen;
	}
	if (call->cmd == 0x47 && (call->req[1] & 0x03) == 2 &&
	    (call->req[0] & 0x3F) == u.id) {
		n = (call->req[0] & 0x80) ? 20 : 16;
		memset(u.pass, 0, sizeof(u.pass));
		memcpy(u.pass, &call->req[2], n);
		u.passlen = (uint8_t)strlen(u.pass);
	}
	*c = u;
	util_zeroize(&u, sizeof(u));
}

static void
user_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	user_cache(ipmid, call, r);
	users_refresh(ipmid);
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

static cJSON *
user_req(struct ipmid *ipmid, const char *action, uint8_t id)
{
	cJSON	*req;

	/* "account_id": the envelope's "id" is the request's own */
	if ((req = cmd_req(ipmid, "accounts", action)) != NULL &&
	    cJSON_AddNumberToObject(req, "account_id", id) == NULL) {
		cJSON_Delete(req);
		req = NULL;
	}
	return req;
}

/*
 * Set User Access (table 22-31): byte 1 bit 7 change bits 6:4, channel;
 * user id; privilege limit (Fh = no access); [session limit].  The limit
 * is the account's role in powerd.
 */
static void
app_user_access_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	const char	*role;
	cJSON		*req;
	uint8_t		 id;

	if (call->len != 3 && call->len != 4) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	id = call->req[1] & 0x3F;
	role = role_of(call->req[2] & 0x0F);
	if (cmd_channel_any(call->req[0]) == -1 || !user_id_ok(id) ||
	    id == USER_ANONYMOUS || role == NULL || !ipmid->users[id].used) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (cmd_channel_any(call->req[0]) == IPMI_SERIAL_CHANNEL) {
		ipmid->cmd->ser_user[id] = call->req[2] & 0x0F;
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	}
	if ((req = user_req(ipmid, "set", id)) != NULL &&
	    cJSON_AddStringToObject(req, "role", role) == NULL) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, user_done);
}

/*
 * Set User Name (table 22-33): id, 16 bytes NUL padded.  All zeros frees
 * the slot; a name on a free slot creates a disabled account with no
 * access (as on a real BMC: password, privilege and enable follow).
 */
static void
app_user_name_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	char	 name[IPMID_NAME_MAX + 1];
	cJSON	*req = NULL;
	size_t	 n;
	uint8_t	 id;

	if (call->len != 17) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	id = call->req[0] & 0x3F;
	memcpy(name, &call->req[1], IPMID_NAME_MAX);
	name[IPMID_NAME_MAX] = '\0';
	n = strlen(name);
	if (!user_id_ok(id) || id == USER_ANONYMOUS || (n == 0 &&
	    !ipmid->users[id].used) ||
	    memchr(&call->req[1 + n], 0, IPMID_NAME_MAX - n) == NULL) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	/* a name on a free slot creates the account, role no-access */
	if ((req = user_req(ipmid, "set", id)) != NULL &&
	    cJSON_AddStringToObject(req, "name", name) == NULL) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, user_done);
}

/*
 * Set User Password (table 22-35): byte 1 bit 7 = 20-byte form, user id;
 * byte 2 operation: 0 disable, 1 enable, 2 set, 3 test; then the password
 * (16 or 20 bytes; enable/disable may omit it).
 */
static void
app_user_password(struct ipmid *ipmid, struct ipmi_call *call)
{
	const struct ipmid_user	*u;
	char			 pw[IPMID_PASS_MAX + 1];
	cJSON			*req = NULL;
	size_t			 pwlen, n;
	uint8_t			 id, op, cc;

	if (call->len < 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	id = call->req[0] & 0x3F;
	op = call->req[1] & 0x03;
	pwlen = (call->req[0] & 0x80) ? 20 : 16;
	if (call->len != 2 + pwlen && !(op < 2 && call->len == 2)) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (!user_id_ok(id) || id == USER_ANONYMOUS || (call->req[0] & 0x40) ||
	    (call->req[1] & 0xFC) || !ipmid->users[id].used) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	u = &ipmid->users[id];
	memset(pw, 0, sizeof(pw));
	if (call->len > 2)
		memcpy(pw, &call->req[2], pwlen);
	n = strlen(pw);
	switch (op) {
	case 0:
	case 1:
		if ((req = user_req(ipmid, "set", id)) != NULL &&
		    cJSON_AddBoolToObject(req, "enabled", op == 1) == NULL) {
			cJSON_Delete(req);
			req = NULL;
		}
		break;
	case 2:
		if ((req = user_req(ipmid, "set", id)) != NULL &&
		    cJSON_AddStringToObject(req, "password", pw) == NULL) {
			cJSON_Delete(req);
			req = NULL;
		}
		break;
	case 3:
		/* 81h: a 20-byte password tested with the 16-byte form */
		if (pwlen == 16 && u->passlen > 16)
			cc = IPMI_CC_PW_WRONG_SIZE;
		else if (n != u->passlen ||
		    util_ct_memcmp(pw, u->pass, n) != 0)
			cc = IPMI_CC_PW_TEST_FAILED;
		else
			cc = IPMI_CC_OK;
		ipmi_reply(ipmid, call, cc, NULL, 0);
		util_zeroize(pw, sizeof(pw));
		return;
	}
	util_zeroize(pw, sizeof(pw));
	cmd_pd(ipmid, call, req, user_done);
}

/*
 * User payload access (IPMI v2.0 24.6, 24.7): which payloads a user may
 * activate on the channel.  Standard payload byte 1 only (bit 1 = SOL);
 * every account may use SOL until it is disabled here.  Kept in ipmid
 * (volatile) and read by sol.c through solparam_user_sol().
 */
#define PAYLOAD_SOL	0x02

static void
app_payload_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	uint8_t	out[4] = { 0 };
	uint8_t	id;

	if (call->len != 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	id = call->req[1] & 0x3F;
	if (cmd_channel(call->req[0]) == -1 || (call->req[0] & 0xF0) ||
	    !user_id_ok(id)) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (ipmid->users[id].used)
		out[0] = PAYLOAD_SOL & ~ipmid->cmd->payload_off[id];
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/* Set User Payload Access: channel; operation (7:6), user; 4 payload bytes */
static void
app_payload_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 id, op;

	if (call->len != 6) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	id = call->req[1] & 0x3F;
	op = call->req[1] >> 6;
	if (cmd_channel(call->req[0]) == -1 || (call->req[0] & 0xF0) ||
	    !user_id_ok(id) || op > 1 || (call->req[2] & ~PAYLOAD_SOL) ||
	    call->req[3] || call->req[4] || call->req[5]) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (op == 0)
		cs->payload_off[id] &= ~call->req[2];
	else
		cs->payload_off[id] |= call->req[2];
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

int
solparam_user_sol(const struct ipmid *ipmid, uint8_t userid)
{
	if (ipmid->cmd == NULL || userid > IPMID_USERS_MAX)
		return 0;
	return !(ipmid->cmd->payload_off[userid] & PAYLOAD_SOL);
}

/*
 * System Info Parameters (IPMI v2.0 22.14a, table 22-16a): 1 system
 * firmware version (the inventory's bios_version until set), 2 system
 * name, 3 primary OS name, 4 OS name.  Strings are sent in 16-byte sets:
 * set 0 starts with encoding and length, so it carries 14 bytes.
 */
#define SYSINFO_REV	0x11

static void
sysinfo_serve(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 out[2 + 16] = { SYSINFO_REV };
	uint8_t			 p = call->req[1] - 1, set = call->req[2];
	size_t			 off, n;

	out[1] = set;
	if (set == 0) {
		out[2] = cs->sysinfo_enc[p];
		out[3] = cs->sysinfo_len[p];
		n = cs->sysinfo_len[p] < 14 ? cs->sysinfo_len[p] : 14;
		memcpy(&out[4], cs->sysinfo[p], n);
	} else {
		off = 14 + (set - 1) * 16;
		n = off < cs->sysinfo_len[p] ? cs->sysinfo_len[p] - off : 0;
		if (n > 16)
			n = 16;
		memcpy(&out[2], &cs->sysinfo[p][off], n);
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
sysinfo_fw_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct cmd_state	*cs = ipmid->cmd;
	const char		*v;

	v = pdmsg_str(cJSON_GetObjectItemCaseSensitive(r, "inventory"),
	    "bios_version", "");
	if (!cs->sysinfo_set[0]) {
		cs->sysinfo_len[0] = strlen(v) < CMD_SYSINFO_MAX ? strlen(v) :
		    CMD_SYSINFO_MAX;
		memcpy(cs->sysinfo[0], v, cs->sysinfo_len[0]);
		cs->sysinfo_enc[0] = 0;
	}
	sysinfo_serve(ipmid, call);
}

/* Get System Info Parameters: bit 7 revision only; param; set; block */
static void
app_sysinfo_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	uint8_t	out[2] = { SYSINFO_REV, 0 };

	if (call->len != 4) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (call->req[0] & 0x80) {
		cmd_reply_u8(ipmid, call, SYSINFO_REV);
		return;
	}
	if (call->req[1] == 0) {
		out[1] = ipmid->cmd->sysinfo_inprog;
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
		return;
	}
	if (call->req[1] > CMD_SYSINFO_N) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	if (call->req[2] >= CMD_SYSINFO_SETS) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
		return;
	}
	if (call->req[1] == 1 && !ipmid->cmd->sysinfo_set[0]) {
		cmd_pd(ipmid, call, cmd_req(ipmid, "inventory", NULL),
		    sysinfo_fw_done);
		return;
	}
	sysinfo_serve(ipmid, call);
}

/*
 * Set System Info Parameters: param, then set selector and 16 bytes (param 0: 1
 * byte)
 */
static void
app_sysinfo_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 p, set, cc;
	size_t			 off;

	if (call->len < 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (call->req[0] == 0) {
		if (call->len != 2)
			cc = IPMI_CC_REQ_LEN_INVALID;
		else if ((call->req[1] & 0x03) == 0x03)
			cc = IPMI_CC_INVALID_FIELD;
		else {
			if ((call->req[1] & 0x03) != 0x02)
				cs->sysinfo_inprog = call->req[1] & 0x03;
			cc = IPMI_CC_OK;
		}
		ipmi_reply(ipmid, call, cc, NULL, 0);
		return;
	}
	if (call->req[0] > CMD_SYSINFO_N) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_UNSUPPORTED, NULL, 0);
		return;
	}
	if (call->len != 18) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	p = call->req[0] - 1;
	set = call->req[1];
	if (set >= CMD_SYSINFO_SETS || (set == 0 &&
	    ((call->req[2] & 0x0F) > 2 || call->req[3] > CMD_SYSINFO_MAX))) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (set == 0) {
		memset(cs->sysinfo[p], 0, sizeof(cs->sysinfo[p]));
		cs->sysinfo_enc[p] = call->req[2] & 0x0F;
		cs->sysinfo_len[p] = call->req[3];
		memcpy(cs->sysinfo[p], &call->req[4], 14);
	} else {
		off = 14 + (set - 1) * 16;
		memcpy(&cs->sysinfo[p][off], &call->req[2], 16);
	}
	cs->sysinfo_set[p] = 1;
	ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
}

/*
 * Set Channel Security Keys (IPMI v2.0 22.25, table 22-40): channel;
 * operation (0 read, 1 set, 2 lock); key id (0 K_R, 1 K_G); [20-byte
 * key] -> lock status (0: not lockable), [key, when read].  K_G is the
 * one RAKP uses (kg-file) and applies to sessions opened afterwards; K_R
 * is kept and reported only.  Volatile: the configuration file's K_G
 * comes back at restart.
 */
static void
app_chan_keys(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct ipmid_conf	*c = &ipmid->conf;
	uint8_t			 out[21], op, kid, *key;
	size_t			 i;

	if (call->len < 3) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	op = call->req[1] & 0x03;
	kid = call->req[2];
	if (cmd_channel(call->req[0]) == -1 || (call->req[0] & 0xF0) ||
	    (call->req[1] & 0xFC) || op > 1 || kid > 1) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	key = kid == 0 ? ipmid->cmd->kr : c->kg;
	out[0] = 0x00;			/* not lockable */
	if (op == 0) {
		if (call->len != 3) {
			ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID,
			    NULL, 0);
			return;
		}
		memcpy(&out[1], key, 20);
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
		util_zeroize(out, sizeof(out));
		return;
	}
	if (call->len != 3 + 20) {	/* 81h too few bytes, 82h too many */
		ipmi_reply(ipmid, call, call->len < 23 ? 0x81 : 0x82, NULL, 0);
		return;
	}
	memcpy(key, &call->req[3], 20);
	if (kid == 1) {
		for (i = 0; i < 20 && c->kg[i] == 0; i++)
			;
		c->kg_set = i < 20;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, 1);
}

const struct cmd_entry cmd_app_tab[] = {
	{ IPMI_NETFN_APP, 0x01, IPMI_PRIV_USER, app_device_id },
	{ IPMI_NETFN_APP, 0x02, IPMI_PRIV_ADMIN, app_reset },
	{ IPMI_NETFN_APP, 0x03, IPMI_PRIV_ADMIN, app_reset },
	{ IPMI_NETFN_APP, 0x04, IPMI_PRIV_USER, app_selftest },
	{ IPMI_NETFN_APP, 0x07, IPMI_PRIV_USER, app_acpi },
	{ IPMI_NETFN_APP, 0x08, IPMI_PRIV_USER, app_guid },
	{ IPMI_NETFN_APP, 0x22, IPMI_PRIV_OPERATOR, app_wd_reset },
	{ IPMI_NETFN_APP, 0x24, IPMI_PRIV_OPERATOR, app_wd_set },
	{ IPMI_NETFN_APP, 0x25, IPMI_PRIV_USER, app_wd_get },
	{ IPMI_NETFN_APP, 0x2E, IPMI_PRIV_ADMIN, app_set_enables },
	{ IPMI_NETFN_APP, 0x2F, IPMI_PRIV_USER, app_get_enables },
	{ IPMI_NETFN_APP, 0x37, IPMI_PRIV_USER, app_guid },
	{ IPMI_NETFN_APP, 0x40, IPMI_PRIV_ADMIN, app_chan_access_set },
	{ IPMI_NETFN_APP, 0x41, IPMI_PRIV_USER, app_chan_access_get },
	{ IPMI_NETFN_APP, 0x42, IPMI_PRIV_USER, app_chan_info },
	{ IPMI_NETFN_APP, 0x43, IPMI_PRIV_ADMIN, app_user_access_set },
	{ IPMI_NETFN_APP, 0x44, IPMI_PRIV_OPERATOR, app_user_access_get },
	{ IPMI_NETFN_APP, 0x45, IPMI_PRIV_ADMIN, app_user_name_set },
	{ IPMI_NETFN_APP, 0x46, IPMI_PRIV_OPERATOR, app_user_name_get },
	{ IPMI_NETFN_APP, 0x47, IPMI_PRIV_ADMIN, app_user_password },
	{ IPMI_NETFN_APP, 0x4C, IPMI_PRIV_ADMIN, app_payload_set },
	{ IPMI_NETFN_APP, 0x4D, IPMI_PRIV_OPERATOR, app_payload_get },
	{ IPMI_NETFN_APP, 0x56, IPMI_PRIV_ADMIN, app_chan_keys },
	{ IPMI_NETFN_APP, 0x58, IPMI_PRIV_ADMIN, app_sysinfo_set },
	{ IPMI_NETFN_APP, 0x59, IPMI_PRIV_USER, app_sysinfo_get },
	{ 0, 0, 0, NULL }
};

void
cmd_app_init(struct ipmid *ipmid)
{
	struct cmd_state	*cs = ipmid->cmd;

	ev_timer_init(&cs->wd.timer, wd_expire, 1., 0.);
	cs->wd.timer.data = ipmid;
	cs->global_enables = 0x08;		/* SEL logging */
	/* always available, PEF alerting off, auth on; ADMIN limit */
	cs->chan_access[0] = cs->chan_access[1] = 0x22;
	cs->chan_privlim[0] = cs->chan_privlim[1] = IPMI_PRIV_ADMIN;
	/* serial: always available, auth on, PEF alerting off; ADMIN */
	cs->ser_access[0] = cs->ser_access[1] = 0x22;
	cs->ser_privlim[0] = cs->ser_privlim[1] = IPMI_PRIV_ADMIN;
	snprintf(cs->mci, sizeof(cs->mci), "%s", ipmid->conf.server);
}

void
cmd_app_fini(struct ipmid *ipmid)
{
	wd_stop(ipmid);
}
