/* cmd.c: the command table, privilege checks, dispatch and powerd round trips. */
/* SPDX-License-Identifier: ISC */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "util.h"
#include "evpdc.h"
#include "pdmsg.h"
#include "cmd.h"

/* One request to powerd in flight, for a call or for ourselves (watchdog). */
struct cmd_pending {
	struct cmd_pending	*next;
	struct cmd_pending	*prev;
	struct ipmid		*ipmid;
	struct ipmi_call	*call;		/* NULL: internal */
	cmd_pd_done		*done;
	int			 any;		/* done() sees failures too */
	cmd_pd_cb		*cb;
	void			*arg;
	long			 handle;
};

static const struct cmd_entry *const cmd_tabs[] = {
	cmd_app_tab, cmd_chassis_tab, cmd_storage_tab, cmd_sensor_tab,
	cmd_transport_tab, NULL
};

static const struct cmd_entry *
cmd_lookup(uint8_t netfn, uint8_t cmd)
{
	const struct cmd_entry	*const *t, *e;

	if (netfn == IPMI_NETFN_GROUP) {
		for (e = cmd_dcmi_tab; e->fn != NULL; e++)
			if (e->cmd == cmd)
				return e;
		return NULL;
	}
	for (t = cmd_tabs; *t != NULL; t++)
		for (e = *t; e->fn != NULL; e++)
			if (e->netfn == netfn && e->cmd == cmd)
				return e;
	return NULL;
}

int
cmd_priv(uint8_t netfn, uint8_t cmd)
{
	const struct cmd_entry	*e;

	if ((e = cmd_lookup(netfn & ~1, cmd)) == NULL)
		return -1;
	return e->priv;
}

/*
 * Group extension (netfn 2Ch, IPMI v2.0 table 5-1): the first data byte is
 * the defining body.  Only DCMI (DCh) is ours; PICMG (00h) and VSO (03h),
 * which ipmitool probes after every session activation, get a prompt
 * "invalid command" so it moves on.
 */
#define GROUP_DCMI	0xDC

void
cmd_dispatch(struct ipmid *ipmid, struct ipmi_call *call)
{
	const struct cmd_entry	*e;

	if (call->lun != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_LUN, NULL, 0);
		return;
	}
	if (call->netfn == IPMI_NETFN_GROUP &&
	    (call->len < 1 || call->req[0] != GROUP_DCMI)) {
		ipmi_reply(ipmid, call, call->len < 1 ?
		    IPMI_CC_REQ_LEN_INVALID : IPMI_CC_INVALID_CMD, NULL, 0);
		return;
	}
	if ((e = cmd_lookup(call->netfn, call->cmd)) == NULL) {
		log_debug("netfn %02x cmd %02x: unknown", call->netfn,
		    call->cmd);
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_CMD, NULL, 0);
		return;
	}
	if (call->priv < e->priv) {
		log_debug("netfn %02x cmd %02x: privilege %u < %u",
		    call->netfn, call->cmd, call->priv, e->priv);
		ipmi_reply(ipmid, call, IPMI_CC_INSUFFICIENT_PRIV, NULL, 0);
		return;
	}
	e->fn(ipmid, call);
}

int
cmd_channel(uint8_t b)
{
	b &= 0x0F;
	if (b == IPMI_THIS_CHANNEL || b == IPMI_LAN_CHANNEL)
		return IPMI_LAN_CHANNEL;
	return -1;
}

int
cmd_channel_any(uint8_t b)
{
	if ((b & 0x0F) == IPMI_SERIAL_CHANNEL)
		return IPMI_SERIAL_CHANNEL;
	return cmd_channel(b);
}

void
cmd_reply_u8(struct ipmid *ipmid, struct ipmi_call *call, uint8_t v)
{
	ipmi_reply(ipmid, call, IPMI_CC_OK, &v, 1);
}

/* A request for our server, with "by":"ipmi" and an optional action. */
cJSON *
cmd_req(struct ipmid *ipmid, const char *op, const char *action)
{
	cJSON	*r;

	if ((r = pdmsg_request(0, op, ipmid->conf.server)) == NULL)
		return NULL;
	if (cJSON_AddStringToObject(r, "by", "ipmi") == NULL ||
	    (action != NULL &&
	    cJSON_AddStringToObject(r, "action", action) == NULL)) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

/* powerd error token -> completion code */
uint8_t
cmd_pd_cc(const cJSON *reply)
{
	static const struct {
		const char	*tok;
		uint8_t		 cc;
	} map[] = {
		{ "bad-request",	IPMI_CC_INVALID_FIELD },
		{ "unknown-action",	IPMI_CC_INVALID_FIELD },
		{ "not-found",		IPMI_CC_NOT_PRESENT },
		{ "exists",		IPMI_CC_INVALID_FIELD },
		{ "full",		IPMI_CC_NO_SPACE },
		{ "denied",		IPMI_CC_INVALID_FIELD },
		{ "busy",		IPMI_CC_BUSY },
		{ "timeout",		IPMI_CC_TIMEOUT },
		{ "unsupported",	IPMI_CC_NOT_SUPPORTED_STATE },
	};
	const char	*tok;
	size_t		 i;

	if (reply == NULL)
		return IPMI_CC_NOT_SUPPORTED_STATE;
	tok = pdmsg_str(reply, "error", "");
	for (i = 0; i < nitems(map); i++)
		if (strcmp(tok, map[i].tok) == 0)
			return map[i].cc;
	return IPMI_CC_NOT_SUPPORTED_STATE;	/* engine, no-such-server, … */
}

static void
cmd_pending_unlink(struct cmd_state *cs, struct cmd_pending *p)
{
	if (p->prev != NULL)
		p->prev->next = p->next;
	else
		cs->pending = p->next;
	if (p->next != NULL)
		p->next->prev = p->prev;
}

static void
cmd_pd_reply(void *arg, cJSON *reply, int fd)
{
	struct cmd_pending	*p = arg;
	struct ipmid		*ipmid = p->ipmid;

	if (fd != -1)
		close(fd);
	cmd_pending_unlink(ipmid->cmd, p);
	if (p->call == NULL) {
		p->cb(ipmid, p->arg, reply);
	} else if (!p->any && (reply == NULL || !pdmsg_ok(reply))) {
		if (reply != NULL)
			log_debug("powerd: %s: %s",
			    pdmsg_str(reply, "error", "?"),
			    pdmsg_str(reply, "message", ""));
		ipmi_reply(ipmid, p->call, cmd_pd_cc(reply), NULL, 0);
	} else
		p->done(ipmid, p->call, reply);
	free(p);
}

static struct cmd_pending *
cmd_pd_send(struct ipmid *ipmid, cJSON *req, struct cmd_pending *p)
{
	struct cmd_state	*cs = ipmid->cmd;

	if (ipmid->pd == NULL || req == NULL) {
		cJSON_Delete(req);
		free(p);
		return NULL;
	}
	p->ipmid = ipmid;
	if ((p->handle = evpdc_call(ipmid->pd, req, CMD_PD_TIMEOUT_MS,
	    cmd_pd_reply, p)) == -1) {
		free(p);
		return NULL;
	}
	p->prev = NULL;
	p->next = cs->pending;
	if (cs->pending != NULL)
		cs->pending->prev = p;
	cs->pending = p;
	return p;
}

static void
cmd_pd_call(struct ipmid *ipmid, struct ipmi_call *call, cJSON *req,
    cmd_pd_done *done, int any)
{
	struct cmd_pending	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		log_warn("cmd_pd");
		cJSON_Delete(req);
		ipmi_reply(ipmid, call, IPMI_CC_UNSPECIFIED, NULL, 0);
		return;
	}
	p->call = call;
	p->done = done;
	p->any = any;
	if (cmd_pd_send(ipmid, req, p) == NULL)
		ipmi_reply(ipmid, call, IPMI_CC_NOT_SUPPORTED_STATE, NULL, 0);
}

/*
 * Send req (consumed) to powerd on behalf of call.  done() gets an ok
 * reply; an error reply or an unreachable powerd is answered here (0xD5
 * unless the error token says more).
 */
void
cmd_pd(struct ipmid *ipmid, struct ipmi_call *call, cJSON *req,
    cmd_pd_done *done)
{
	cmd_pd_call(ipmid, call, req, done, 0);
}

/* As cmd_pd(), but done() also gets error replies, and NULL if none came. */
void
cmd_pd_any(struct ipmid *ipmid, struct ipmi_call *call, cJSON *req,
    cmd_pd_done *done)
{
	cmd_pd_call(ipmid, call, req, done, 1);
}

/*
 * Internal request: cb(arg, reply or NULL) is called later, unless this returns
 * -1.
 */
int
cmd_pd_raw(struct ipmid *ipmid, cJSON *req, cmd_pd_cb *cb, void *arg)
{
	struct cmd_pending	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		cJSON_Delete(req);
		return -1;
	}
	p->cb = cb;
	p->arg = arg;
	return cmd_pd_send(ipmid, req, p) == NULL ? -1 : 0;
}

int
cmd_init(struct ipmid *ipmid)
{
	struct cmd_state	*cs;

	if ((cs = calloc(1, sizeof(*cs))) == NULL)
		return -1;
	cs->ipmid = ipmid;
	ipmid->cmd = cs;
	cmd_app_init(ipmid);
	cmd_chassis_init(ipmid);
	cmd_transport_init(ipmid);
	return 0;
}

/*
 * Call before the transport frees its sessions: calls still waiting for
 * powerd are answered 0xD5 (ipmi_reply frees them).
 */
void
cmd_fini(struct ipmid *ipmid)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct cmd_pending	*p;

	if (cs == NULL)
		return;
	while ((p = cs->pending) != NULL) {
		cs->pending = p->next;
		if (ipmid->pd != NULL)
			evpdc_cancel(ipmid->pd, p->handle);
		if (p->call != NULL)
			ipmi_reply(ipmid, p->call,
			    IPMI_CC_NOT_SUPPORTED_STATE, NULL, 0);
		free(p);
	}
	cmd_app_fini(ipmid);
	cmd_chassis_fini(ipmid);
	cmd_storage_fini(ipmid);
	free(cs);
	ipmid->cmd = NULL;
}

void
cmd_event(struct ipmid *ipmid, const cJSON *ev)
{
	const char	*what;

	if (ipmid->cmd == NULL || ev == NULL)
		return;
	what = pdmsg_str(ev, "event", "");
	cmd_storage_event(ipmid, what);
}
