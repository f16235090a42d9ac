/* ops.c: the powerd ops of doc/protocol.md, applied to the model. */
/* SPDX-License-Identifier: ISC */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "powerd.h"
#include "req.h"
#include "sensors.h"

struct ctx {
	struct pd		*pd;
	struct pd_conn		*conn;
	const cJSON		*req;
	struct pd_req		 r;
	struct pd_srv		*s;
	const char		*by;
	int			 origin;
	int			 unsaved;	/* synced() failed: undo */
};

static cJSON *
err(struct ctx *x, const char *tok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static cJSON *
err(struct ctx *x, const char *tok, const char *fmt, ...)
{
	char	msg[256];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pdmsg_error(x->r.id, tok, "%s", msg);
}

static cJSON *
ok(struct ctx *x)
{
	return pdmsg_reply(x->r.id, 1);
}

/* A mutating op: persist first, then acknowledge. */
static cJSON *
synced(struct ctx *x, cJSON *reply)
{
	if (reply == NULL || x->s == NULL || pd_sync(x->s) == 0)
		return reply;
	cJSON_Delete(reply);
	x->unsaved = 1;
	return err(x, "engine", "state could not be saved");
}

static const cJSON *
field(struct ctx *x, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(x->req, k);
}

/* -1 absent, else the string; *bad set when present but not a string */
static const char *
fstr(struct ctx *x, const char *k, int *bad)
{
	const cJSON	*v = field(x, k);

	if (v == NULL)
		return NULL;
	if (!cJSON_IsString(v)) {
		*bad = 1;
		return NULL;
	}
	return v->valuestring;
}

static int
fnum(struct ctx *x, const char *k, double min, double max, double *out,
    int *bad)
{
	const cJSON	*v = field(x, k);

	if (v == NULL)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < min ||
	    v->valuedouble > max || isnan(v->valuedouble)) {
		*bad = 1;
		return 0;
	}
	*out = v->valuedouble;
	return 1;
}

static int
fbool(struct ctx *x, const char *k, int *out, int *bad)
{
	const cJSON	*v = field(x, k);

	if (v == NULL)
		return 0;
	if (!cJSON_IsBool(v)) {
		*bad = 1;
		return 0;
	}
	*out = cJSON_IsTrue(v);
	return 1;
}

static double
ident_remaining(const struct pd_srv *s)
{
	double	r;

	if (s->ident != 1 || s->ident_until == 0)
		return 0;
	r = s->ident_until - ev_now(s->pd->loop);
	return r > 0 ? ceil(r) : 0;
}

static cJSON *
ident_json(const struct pd_srv *s)
{
	static const char *st[] = { "off", "blink", "on" };
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "state", st[s->ident]);
	cJSON_AddNumberToObject(o, "remaining", ident_remaining(s));
	return o;
}

static cJSON *
media_json(const struct pd_srv *s)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddBoolToObject(o, "inserted", s->st.media.inserted);
	cJSON_AddStringToObject(o, "image", s->st.media.image);
	cJSON_AddBoolToObject(o, "write_protected",
	    s->st.media.write_protected);
	cJSON_AddStringToObject(o, "connected_via", "URI");
	return o;
}

static cJSON *
plimit_json(const struct pd_srv *s)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddBoolToObject(o, "active", s->st.plimit.active);
	cJSON_AddNumberToObject(o, "limit_w", s->st.plimit.limit_w);
	cJSON_AddNumberToObject(o, "correction_ms", s->st.plimit.correction_ms);
	cJSON_AddNumberToObject(o, "sampling_s", s->st.plimit.sampling_s);
	cJSON_AddStringToObject(o, "exception",
	    pd_plexc_str(s->st.plimit.exception));
	return o;
}

static void
add(cJSON *o, const char *k, cJSON *v)
{
	if (v != NULL)
		cJSON_AddItemToObject(o, k, v);
}

static cJSON *
emit_new(struct pd_srv *s, const char *what)
{
	cJSON	*ev = cJSON_CreateObject();

	if (ev == NULL)
		return NULL;
	cJSON_AddNumberToObject(ev, "v", PD_PROTO_VERSION);
	cJSON_AddStringToObject(ev, "event", what);
	cJSON_AddStringToObject(ev, "server", s->cfg->id);
	return ev;
}

static cJSON *
op_hello(struct ctx *x)
{
	cJSON	*r = ok(x);

	if (r == NULL)
		return NULL;
	cJSON_AddStringToObject(r, "version", PD_VERSION);
	cJSON_AddNumberToObject(r, "proto", PD_PROTO_VERSION);
	cJSON_AddNumberToObject(r, "servers", (double)x->pd->nsrv);
	return r;
}

static cJSON *
op_list(struct ctx *x)
{
	cJSON	*r = ok(x), *a, *o;
	size_t	 i;

	if (r == NULL || (a = cJSON_AddArrayToObject(r, "servers")) == NULL)
		goto fail;
	for (i = 0; i < x->pd->nsrv; i++) {
		if ((o = cJSON_CreateObject()) == NULL)
			goto fail;
		cJSON_AddItemToArray(a, o);
		cJSON_AddStringToObject(o, "id", x->pd->srv[i].cfg->id);
		cJSON_AddStringToObject(o, "name", x->pd->srv[i].cfg->name);
		cJSON_AddStringToObject(o, "backend",
		    lab_backend_str(x->pd->srv[i].cfg->backend));
		cJSON_AddStringToObject(o, "power",
		    pd_power_str(x->pd->srv[i].power));
	}
	return r;
fail:
	cJSON_Delete(r);
	return NULL;
}

static cJSON *
op_status(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	cJSON		*r = ok(x);

	if (r == NULL)
		return NULL;
	cJSON_AddStringToObject(r, "power", pd_power_str(s->power));
	add(r, "boot", pd_boot_json(s));
	add(r, "identify", ident_json(s));
	cJSON_AddStringToObject(r, "policy", lab_policy_str(s->st.policy));
	cJSON_AddNumberToObject(r, "last_reset", (double)s->st.last_reset);
	cJSON_AddStringToObject(r, "restart_cause",
	    pd_cause_str(s->st.restart_cause));
	cJSON_AddNumberToObject(r, "poh_minutes", (double)pd_poh_minutes(s));
	add(r, "media", media_json(s));
	add(r, "power_limit", plimit_json(s));
	return r;
}

static cJSON *
op_power(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	struct pd_wait	*w;
	const char	*cs;
	int		 act = x->r.action, wait = 1, bad = 0, cause;
	cJSON		*r;

	if (act == 6)			/* diag */
		act = PD_ACT_NMI;
	fbool(x, "wait", &wait, &bad);
	cs = fstr(x, "cause", &bad);
	if (bad)
		return err(x, "bad-request", "bad \"wait\" or \"cause\"");
	cause = PD_CAUSE_CHASSIS;
	if (cs != NULL && (cause = pd_cause_parse(cs)) == -1)
		return err(x, "unknown-action", "unknown cause \"%.32s\"", cs);
	if (s->busy != NULL)
		return err(x, "busy", "%s: a power action is in progress",
		    s->cfg->id);
	/* persist first: an action is not started that could not be saved */
	if (pd_save_now(s) == -1)
		return err(x, "engine", "state could not be saved");
	if ((w = pd_wait_new(wait ? x->conn : NULL, x->r.id, PD_OP_POWER,
	    s)) == NULL)
		return err(x, "engine", "out of memory");
	s->busy = w;
	/* the backend reads these for SEL messages and the restart cause */
	strlcpy(s->act_by, x->by != NULL ? x->by : "powerd",
	    sizeof(s->act_by));
	s->act_cause = cause;
	log_debug("%s: power %s by %s", s->cfg->id, pd_act_str(act),
	    x->by != NULL ? x->by : "?");
	s->be->power(s, act, w);
	if (wait)
		return NULL;		/* pd_wait_done replied or will */
	if ((r = ok(x)) != NULL)
		cJSON_AddStringToObject(r, "power", pd_power_str(s->power));
	return synced(x, r);
}

static cJSON *
op_boot(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	struct pd_boot	 b = s->st.boot;
	const char	*t, *e, *m, *u;
	int		 bad = 0;
	char		 msg[SEL_MSG_MAX + 1];
	cJSON		*r;

	if (x->r.action == 1) {
		t = fstr(x, "target", &bad);
		e = fstr(x, "enabled", &bad);
		m = fstr(x, "mode", &bad);
		u = fstr(x, "uefi_target", &bad);
		if (bad)
			return err(x, "bad-request",
			    "boot: fields are strings");
		if (t != NULL && (b.target = pd_boot_target_parse(t)) == -1)
			return err(x, "unknown-action", "unknown boot target "
			    "\"%.32s\"", t);
		if (e != NULL && (b.enabled = pd_boot_enabled_parse(e)) == -1)
			return err(x, "unknown-action", "unknown enabled "
			    "\"%.32s\"", e);
		if (m != NULL && (b.mode = pd_boot_mode_parse(m)) == -1)
			return err(x, "unknown-action", "unknown mode "
			    "\"%.32s\"", m);
		if (u != NULL && strlcpy(b.uefi_target, u,
		    sizeof(b.uefi_target)) >= sizeof(b.uefi_target))
			return err(x, "bad-request", "uefi_target too long");
		if (e == NULL && t != NULL) {
			/* a target alone: override once, none: disable */
			if (b.target == PD_BOOT_NONE)
				b.enabled = PD_BOOTEN_DISABLED;
			else if (b.enabled == PD_BOOTEN_DISABLED)
				b.enabled = PD_BOOTEN_ONCE;
		}
		if (b.enabled == PD_BOOTEN_DISABLED)
			b.target = PD_BOOT_NONE;
		if (memcmp(&b, &s->st.boot, sizeof(b)) != 0) {
			s->st.boot = b;
			snprintf(msg, sizeof(msg), "Boot override: %s, %s, %s "
			    "(by %s)", pd_boot_target_str(b.target),
			    pd_boot_enabled_str(b.enabled),
			    pd_boot_mode_str(b.mode), x->by != NULL ? x->by :
			    "powerd");
			/* System Event 00h: system reconfigured */
			pd_sel_event(s, SEL_ST_SYSTEM_EVENT, SEL_SN_SYSTEM,
			    SEL_DIR_ASSERT, 0x00, SEL_SEV_OK, x->origin, msg);
			pd_dirty(s);
			pd_boot_emit(s);
		}
	}
	if ((r = ok(x)) != NULL)
		add(r, "boot", pd_boot_json(s));
	return synced(x, r);
}

static void
ident_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct pd_srv	*s = (struct pd_srv *)((char *)w -
	    offsetof(struct pd_srv, ident_tm));
	cJSON		*ev;

	UNUSED(loop);
	UNUSED(revents);
	s->ident = 0;
	s->ident_until = 0;
	if ((ev = emit_new(s, "identify")) != NULL) {
		add(ev, "identify", ident_json(s));
		pd_emit(s->pd, s->cfg->id, ev);
	}
}

static cJSON *
op_identify(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	const char	*st;
	double		 secs = 15;
	int		 bad = 0, have;
	cJSON		*r, *ev;

	if (x->r.action == 1) {
		st = fstr(x, "state", &bad);
		have = fnum(x, "seconds", 0, 255 * 255, &secs, &bad);
		if (bad || st == NULL)
			return err(x, "bad-request", "identify set needs "
			    "\"state\" (and a numeric \"seconds\")");
		ev_timer_stop(x->pd->loop, &s->ident_tm);
		s->ident_until = 0;
		if (strcmp(st, "off") == 0)
			s->ident = 0;
		else if (strcmp(st, "on") == 0)
			s->ident = 2;
		else if (strcmp(st, "blink") == 0) {
			s->ident = 1;
			if (!have)
				secs = 15;
			/* Redfish Blinking: until told otherwise */
			if (cJSON_IsTrue(field(x, "forever")))
				;
			else if (secs > 0) {
				s->ident_until = ev_now(x->pd->loop) + secs;
				ev_timer_init(&s->ident_tm, ident_tm_cb, secs,
				    0.);
				ev_timer_start(x->pd->loop, &s->ident_tm);
			} else
				s->ident = 0;	/* IPMI interval 0: off */
		} else
			return err(x, "unknown-action", "unknown identify "
			    "state \"%.32s\"", st);
		if ((ev = emit_new(s, "identify")) != NULL) {
			add(ev, "identify", ident_json(s));
			pd_emit(x->pd, s->cfg->id, ev);
		}
	}
	if ((r = ok(x)) != NULL)
		add(r, "identify", ident_json(s));
	return r;
}

static cJSON *
op_policy(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	const char	*p;
	int		 bad = 0, v;
	cJSON		*r;

	if (x->r.action == 1) {
		p = fstr(x, "policy", &bad);
		if (bad || p == NULL)
			return err(x, "bad-request", "policy set needs "
			    "\"policy\"");
		if ((v = lab_policy_parse(p)) == -1)
			return err(x, "unknown-action", "unknown policy "
			    "\"%.32s\"", p);
		if (v != s->st.policy) {
			s->st.policy = v;
			pd_dirty(s);
		}
	}
	if ((r = ok(x)) != NULL)
		cJSON_AddStringToObject(r, "policy",
		    lab_policy_str(s->st.policy));
	return synced(x, r);
}

static cJSON *
op_sel(struct ctx *x)
{
	struct pd_srv		*s = x->s;
	struct sel		*sel = &s->st.sel;
	const struct sel_entry	*e;
	const char		*rec, *msg, *sv;
	uint8_t			 raw[SEL_REC_LEN];
	double			 start = 0, count = LAB_SEL_MAX, id = 0, t;
	int			 bad = 0, sev = SEL_SEV_OK;
	size_t			 i;
	cJSON			*r = NULL, *a, *j, *ev;

	switch (x->r.action) {
	case 0:		/* info */
		if ((r = ok(x)) == NULL)
			return NULL;
		cJSON_AddNumberToObject(r, "count", (double)sel->count);
		cJSON_AddNumberToObject(r, "max", (double)sel->max);
		cJSON_AddNumberToObject(r, "free",
		    (double)sel_free_bytes(sel));
		cJSON_AddNumberToObject(r, "last_add", (double)sel->last_add);
		cJSON_AddNumberToObject(r, "last_erase",
		    (double)sel->last_erase);
		cJSON_AddBoolToObject(r, "overflow", sel->overflow);
		return r;
	case 1:		/* list */
		fnum(x, "start", 0, 1e9, &start, &bad);
		fnum(x, "count", 0, 1e9, &count, &bad);
		if (bad)
			return err(x, "bad-request", "bad start or count");
		if ((r = ok(x)) == NULL)
			return NULL;
		cJSON_AddNumberToObject(r, "total", (double)sel->count);
		if ((a = cJSON_AddArrayToObject(r, "entries")) == NULL)
			goto fail;
		for (i = (size_t)start; i < sel->count &&
		    i < (size_t)start + (size_t)count; i++) {
			if ((j = pd_sel_entry_json(sel_at(sel, i))) == NULL)
				goto fail;
			cJSON_AddItemToArray(a, j);
		}
		return r;
	case 2:		/* get */
		/* "id" is the envelope's: the entry is "entry_id" (a bare
		 * "id" is accepted from clients that send no envelope id) */
		if ((!fnum(x, "entry_id", 0, 65535, &id, &bad) &&
		    !fnum(x, "id", 0, 65535, &id, &bad)) || bad)
			return err(x, "bad-request", "sel get needs "
			    "\"entry_id\"");
		if ((e = sel_get(sel, (unsigned)id)) == NULL)
			return err(x, "not-found", "no SEL entry %u",
			    (unsigned)id);
		if ((r = ok(x)) != NULL)
			add(r, "entry", pd_sel_entry_json(e));
		return r;
	case 3:		/* add */
		rec = fstr(x, "record", &bad);
		msg = fstr(x, "message", &bad);
		sv = fstr(x, "severity", &bad);
		if (bad || (rec == NULL && msg == NULL))
			return err(x, "bad-request", "sel add needs \"record\" "
			    "(32 hex) or \"message\"");
		if (sv != NULL && (sev = sel_sev_parse(sv)) == -1)
			return err(x, "bad-request", "bad severity");
		if (rec != NULL) {
			if (strlen(rec) != SEL_REC_LEN * 2 ||
			    util_hex_decode(rec, raw, sizeof(raw)) !=
			    SEL_REC_LEN)
				return err(x, "bad-request", "record must be "
				    "32 hex digits");
			if (msg != NULL && strlen(msg) > SEL_MSG_MAX)
				return err(x, "bad-request", "message too "
				    "long");
			e = sel_add_raw(sel, pd_now(), raw, sev, x->origin,
			    msg);
		} else {
			if (strlen(msg) == 0 || strlen(msg) > SEL_MSG_MAX)
				return err(x, "bad-request", "message must be "
				    "1-%d bytes", SEL_MSG_MAX);
			e = sel_add_text(sel, pd_now(), msg, sev, x->origin);
		}
		if (e == NULL)
			return err(x, "engine", "out of memory");
		pd_dirty(s);
		pd_sel_emit(s, e);
		/* "id" echoes the request: the new entry is "entry_id" */
		if ((r = ok(x)) != NULL)
			cJSON_AddNumberToObject(r, "entry_id", e->id);
		return synced(x, r);
	case 4:		/* clear */
		if ((e = sel_clear(sel, pd_now(), x->origin)) == NULL)
			return err(x, "engine", "out of memory");
		pd_dirty(s);
		if ((ev = emit_new(s, "sel")) != NULL) {
			cJSON_AddBoolToObject(ev, "cleared", 1);
			pd_emit(x->pd, s->cfg->id, ev);
		}
		pd_sel_emit(s, e);
		if ((r = ok(x)) != NULL)
			cJSON_AddNumberToObject(r, "last_erase",
			    (double)sel->last_erase);
		return synced(x, r);
	case 5:		/* time-get */
		if ((r = ok(x)) != NULL)
			cJSON_AddNumberToObject(r, "time",
			    (double)sel_clock(sel, pd_now()));
		return r;
	case 6:		/* time-set */
		if (!fnum(x, "time", 0, 4294967295.0, &t, &bad) || bad)
			return err(x, "bad-request", "time-set needs \"time\"");
		sel->offset = (int64_t)t - pd_now();
		pd_dirty(s);
		if ((r = ok(x)) != NULL)
			cJSON_AddNumberToObject(r, "time",
			    (double)sel_clock(sel, pd_now()));
		return synced(x, r);
	}
	return err(x, "unknown-action", "sel");
fail:
	cJSON_Delete(r);
	return NULL;
}

static cJSON *
op_sensors(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	struct sensor	 sn[SENSORS_MAX];
	cJSON		*r = ok(x), *a, *o, *t;
	int		 n, i, k;

	if (r == NULL || (a = cJSON_AddArrayToObject(r, "sensors")) == NULL)
		goto fail;
	n = sensors_read(s->cfg->cpus, s->st.hw.nfan, s->st.power == PD_PWR_ON,
	    ev_now(x->pd->loop) - s->power_changed, x->pd->seed++, sn);
	for (i = 0; i < n; i++) {
		if ((o = cJSON_CreateObject()) == NULL)
			goto fail;
		cJSON_AddItemToArray(a, o);
		cJSON_AddNumberToObject(o, "num", sn[i].num);
		cJSON_AddStringToObject(o, "name", sn[i].name);
		cJSON_AddStringToObject(o, "type", sensor_type_str(sn[i].type));
		cJSON_AddStringToObject(o, "unit", sensor_unit_str(sn[i].type));
		cJSON_AddNumberToObject(o, "reading", sn[i].reading);
		cJSON_AddStringToObject(o, "status",
		    sensor_status_str(sn[i].status));
		if ((t = cJSON_AddObjectToObject(o, "thresholds")) == NULL)
			goto fail;
		for (k = 0; k < THR_N; k++)
			if (sn[i].has_thr & (1 << k))
				cJSON_AddNumberToObject(t, sensor_thr_str(k),
				    sn[i].thr[k]);
	}
	return r;
fail:
	cJSON_Delete(r);
	return NULL;
}

static cJSON *
op_powerlimit(struct ctx *x)
{
	struct pd_srv		*s = x->s;
	struct pd_plimit	 p = s->st.plimit;
	const char		*e;
	double			 v;
	int			 bad = 0;
	cJSON			*r;

	if (x->r.action == 1) {
		if (fnum(x, "limit_w", 0, 65535, &v, &bad))
			p.limit_w = (int)v;
		if (fnum(x, "correction_ms", 0, 4294967295.0, &v, &bad))
			p.correction_ms = (int)v;
		if (fnum(x, "sampling_s", 0, 65535, &v, &bad))
			p.sampling_s = (int)v;
		fbool(x, "active", &p.active, &bad);
		e = fstr(x, "exception", &bad);
		if (bad)
			return err(x, "bad-request", "bad power limit field");
		if (e != NULL && (p.exception = pd_plexc_parse(e)) == -1)
			return err(x, "unknown-action", "unknown exception "
			    "action \"%.32s\"", e);
	} else if (x->r.action == 2) {
		if (!fbool(x, "active", &p.active, &bad) || bad)
			return err(x, "bad-request", "activate needs "
			    "\"active\"");
	}
	if (memcmp(&p, &s->st.plimit, sizeof(p)) != 0) {
		s->st.plimit = p;
		pd_dirty(s);
	}
	if ((r = ok(x)) != NULL)
		add(r, "power_limit", plimit_json(s));
	return synced(x, r);
}

static cJSON *
op_inventory(struct ctx *x)
{
	const struct lab_server	*c = x->s->cfg;
	cJSON			*r, *o, *a;
	char			 guid[33];
	int			 i, k, hw = 1, bad = 0;

	/* "hw":false: the flat fields alone (ipmid's GUID at start) */
	if (fbool(x, "hw", &hw, &bad), bad)
		return err(x, "bad-request", "\"hw\" is true or false");
	if ((r = ok(x)) == NULL || (o = cJSON_AddObjectToObject(r, "inventory")) == NULL)
		goto fail;
	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "uuid", c->uuid);
	cJSON_AddStringToObject(o, "serial", c->serial);
	cJSON_AddStringToObject(o, "manufacturer", c->manufacturer);
	cJSON_AddStringToObject(o, "model", c->model);
	cJSON_AddStringToObject(o, "part", c->part);
	cJSON_AddStringToObject(o, "sku", "");
	cJSON_AddStringToObject(o, "asset_tag", "");
	cJSON_AddStringToObject(o, "bios_version",
	    hw_fw_version(&x->s->st.hw, "BIOS"));
	cJSON_AddStringToObject(o, "bmc_version",
	    hw_fw_version(&x->s->st.hw, "BMC"));
	cJSON_AddStringToObject(o, "backend", lab_backend_str(c->backend));
	if ((a = cJSON_AddArrayToObject(o, "macs")) == NULL)
		goto fail;
	for (i = 0; i < c->nmacs; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(c->macs[i]));
	cJSON_AddStringToObject(o, "bmc_mac", c->bmc_mac);
	cJSON_AddNumberToObject(o, "cpus", c->cpus);
	cJSON_AddNumberToObject(o, "cpu_cores", c->cpu_cores);
	cJSON_AddStringToObject(o, "cpu_model", c->cpu_model);
	cJSON_AddNumberToObject(o, "memory_mib", (double)c->memory_mib);
	cJSON_AddStringToObject(o, "chassis_type", "rack-mount");
	/* the UUID's 16 bytes as IPMI sends them (SMBIOS order, LSB first) */
	for (i = 0, k = 0; c->uuid[i] != '\0' && k < 32; i++)
		if (c->uuid[i] != '-')
			guid[k++] = c->uuid[i];
	guid[k] = '\0';
	{
		char	g[33];
		int	j;

		for (j = 0; j < 16; j++) {
			g[2 * j] = guid[30 - 2 * j];
			g[2 * j + 1] = guid[31 - 2 * j];
		}
		g[32] = '\0';
		cJSON_AddStringToObject(o, "bmc_guid", g);
	}
	if (hw)
		add(o, "hw", hw_json(&x->s->st.hw));
	return r;
fail:
	cJSON_Delete(r);
	return NULL;
}

/* locked now?  An expired lock is cleared. */
static int
acct_locked(struct pd_srv *s, int id)
{
	struct pd_fail	*f = &s->fail[id];

	if (f->locked_until == 0)
		return 0;
	if (f->locked_until > pd_now())
		return 1;
	memset(f, 0, sizeof(*f));
	return 0;
}

static cJSON *
acct_json(struct pd_srv *s, int id, int secret)
{
	const struct pd_state	*st = &s->st;
	cJSON			*o;
	int			 locked = acct_locked(s, id);

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(o, "id", id);
	cJSON_AddStringToObject(o, "name", st->acct[id].name);
	cJSON_AddStringToObject(o, "role", lab_role_str(st->acct[id].role));
	cJSON_AddBoolToObject(o, "enabled", st->acct[id].enabled);
	cJSON_AddBoolToObject(o, "locked", locked);
	/* 0: not locked; -1: until unlocked */
	cJSON_AddNumberToObject(o, "locked_until", !locked ? 0 :
	    s->fail[id].locked_until == INT64_MAX ? -1 :
	    (double)s->fail[id].locked_until);
	if (secret)
		cJSON_AddStringToObject(o, "password", st->acct[id].password);
	return o;
}

static cJSON *
lockout_json(const struct pd_lockout *l)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(o, "threshold", l->threshold);
	cJSON_AddNumberToObject(o, "duration", l->duration);
	cJSON_AddNumberToObject(o, "reset_after", l->reset_after);
	return o;
}

/*
 * A failed login: logged (daemon log and SEL, Session Audit "invalid
 * user name or password"), counted against a known account, which
 * locks once lockout.threshold failures fall within lockout.reset_after.
 */
static void
login_failed(struct ctx *x, int id, const char *name)
{
	struct pd_srv		*s = x->s;
	const struct pd_lockout	*l = &s->st.lockout;
	struct pd_fail		*f;
	cJSON			*ev;
	char			 who[LAB_ACCT_NAME_MAX + 1], msg[SEL_MSG_MAX + 1];
	const char		*by = x->by != NULL ? x->by : "powerd";
	int64_t			 now = pd_now();
	size_t			 i;

	/* the name is the client's: printable ASCII in logs */
	for (i = 0; name[i] != '\0' && i < sizeof(who) - 1; i++)
		who[i] = name[i] > 0x20 && name[i] < 0x7f ? name[i] : '?';
	who[i] = '\0';
	log_info("%s: failed login as \"%s\" (by %s)", s->cfg->id, who, by);
	snprintf(msg, sizeof(msg), "Login failed for \"%s\" (by %s)", who,
	    by);
	/* Session Audit 02h: invalid user name or password */
	pd_sel_event(s, SEL_ST_SESSION_AUDIT, SEL_SN_SESSION, SEL_DIR_ASSERT,
	    0x02, SEL_SEV_WARNING, x->origin, msg);
	if (id == -1 || l->threshold == 0)
		return;
	f = &s->fail[id];
	if (f->n == 0 || now - f->first >= l->reset_after) {
		f->n = 0;
		f->first = now;
	}
	if (++f->n < l->threshold)
		return;
	f->n = 0;
	f->locked_until = l->duration > 0 ? now + l->duration : INT64_MAX;
	if (l->duration > 0)
		snprintf(msg, sizeof(msg), "Account \"%s\" locked for %d s "
		    "after %d failed logins", s->st.acct[id].name, l->duration,
		    l->threshold);
	else
		snprintf(msg, sizeof(msg), "Account \"%s\" locked after %d "
		    "failed logins", s->st.acct[id].name, l->threshold);
	log_warnx("%s: %s", s->cfg->id, msg);
	/* Session Audit 03h: invalid password disable (locked out) */
	pd_sel_event(s, SEL_ST_SESSION_AUDIT, SEL_SN_SESSION, SEL_DIR_ASSERT,
	    0x03, SEL_SEV_CRITICAL, x->origin, msg);
	/* front ends drop what they remember of the account (ipmid learns
	 * the lock, redfishd forgets remembered Basic logins) */
	if ((ev = emit_new(s, "accounts")) != NULL)
		pd_emit(x->pd, s->cfg->id, ev);
}

/* the account a request names by "id" or "name"; -1 if none */
static int
acct_of(struct ctx *x, int *bad)
{
	double		 id;
	const char	*name;

	if (fnum(x, "account_id", 0, 255, &id, bad))
		return (int)id;
	if ((name = fstr(x, "name", bad)) != NULL)
		return acct_find(&x->s->st, name);
	return -1;
}

static cJSON *
op_accounts(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	struct pd_state	*st = &s->st;
	const char	*name, *pw, *rs, *why = "bad-request";
	struct pd_lockout lo;
	struct pd_fail	 fl;
	double		 d;
	int		 bad = 0, id = 0, role = -1, en = -1, secret = 0, i, rv;
	int		 lk = -1;
	cJSON		*r = NULL, *a, *ev;

	switch (x->r.action) {
	case 0:		/* list */
		if (fbool(x, "secret", &secret, &bad), bad)
			return err(x, "bad-request", "bad secret");
		if ((r = ok(x)) == NULL ||
		    (a = cJSON_AddArrayToObject(r, "accounts")) == NULL)
			goto fail;
		for (i = LAB_ACCT_MIN_ID; i <= LAB_ACCT_MAX_ID; i++)
			if (st->acct[i].name[0] != '\0')
				cJSON_AddItemToArray(a, acct_json(s, i,
				    secret));
		cJSON_AddNumberToObject(r, "max", LAB_ACCT_MAX_ID);
		return r;
	case 1:		/* get */
		id = acct_of(x, &bad);
		fbool(x, "secret", &secret, &bad);
		if (bad)
			return err(x, "bad-request", "bad id, name or secret");
		if (id < LAB_ACCT_MIN_ID || id > LAB_ACCT_MAX_ID ||
		    st->acct[id].name[0] == '\0')
			return err(x, "not-found", "no such account");
		if ((r = ok(x)) != NULL)
			add(r, "account", acct_json(s, id, secret));
		return r;
	case 2:		/* verify */
		name = fstr(x, "name", &bad);
		pw = fstr(x, "password", &bad);
		if (bad || name == NULL || pw == NULL)
			return err(x, "bad-request", "verify needs \"name\" "
			    "and \"password\"");
		id = acct_find(st, name);
		{
			char	a1[LAB_ACCT_PASS_MAX + 1], a2[sizeof(a1)];
			int	same;

			memset(a1, 0, sizeof(a1));
			memset(a2, 0, sizeof(a2));
			strlcpy(a1, pw, sizeof(a1));
			if (id != -1)
				strlcpy(a2, st->acct[id].password, sizeof(a2));
			same = util_ct_memcmp(a1, a2, sizeof(a1)) == 0 &&
			    strlen(pw) <= LAB_ACCT_PASS_MAX;
			util_zeroize(a1, sizeof(a1));
			util_zeroize(a2, sizeof(a2));
			/* a locked account: refused, not counted, no SEL */
			if (id != -1 && acct_locked(s, id)) {
				log_info("%s: login as \"%s\" refused: locked",
				    s->cfg->id, st->acct[id].name);
				return err(x, "denied", "bad user name or "
				    "password");
			}
			if (id == -1 || !same || !st->acct[id].enabled) {
				login_failed(x, id, name);
				return err(x, "denied", "bad user name or "
				    "password");
			}
		}
		s->fail[id].n = 0;
		if ((r = ok(x)) != NULL)
			add(r, "account", acct_json(s, id, 0));
		return r;
	case 3:		/* add */
	case 4:		/* set */
		if (fnum(x, "account_id", 0, 255, &d, &bad))
			id = (int)d;
		name = fstr(x, "name", &bad);
		pw = fstr(x, "password", &bad);
		rs = fstr(x, "role", &bad);
		fbool(x, "enabled", &en, &bad);
		/* "locked" can only be cleared (DMTF Locked: false) */
		if (fbool(x, "locked", &lk, &bad) && lk)
			return err(x, "bad-request", "\"locked\" can only be "
			    "set to false");
		if (bad)
			return err(x, "bad-request", "bad account field");
		if (rs != NULL && (role = lab_role_parse(rs)) == -1)
			return err(x, "unknown-action", "unknown role "
			    "\"%.32s\"", rs);
		if (x->r.action == 3) {
			if (name == NULL)
				return err(x, "bad-request", "add needs "
				    "\"name\"");
			rv = acct_add(st, id, name, pw, role == -1 ?
			    LAB_ROLE_READONLY : role, en == -1 ? 1 : en, &why);
		} else {
			/* by name alone: that account, name unchanged */
			if (id == 0 && name != NULL) {
				id = acct_find(st, name);
				name = NULL;
			}
			rv = acct_set(st, id, name, pw, role, en, &why);
		}
		if (rv < 0)
			return err(x, why, "account %s refused (%s)",
			    x->r.action == 3 ? "add" : "set", why);
		pd_dirty(s);
		if ((ev = emit_new(s, "accounts")) != NULL)
			pd_emit(x->pd, s->cfg->id, ev);
		/* a new account, or one unlocked, starts with no failures */
		fl = s->fail[rv];
		if (x->r.action == 3 || lk == 0 || st->acct[rv].name[0] ==
		    '\0')
			memset(&s->fail[rv], 0, sizeof(s->fail[rv]));
		if ((r = ok(x)) != NULL && st->acct[rv].name[0] != '\0')
			add(r, "account", acct_json(s, rv, 0));
		r = synced(x, r);
		if (x->unsaved)
			s->fail[rv] = fl;	/* nothing changed */
		else if (lk == 0 && fl.locked_until != 0)
			log_info("%s: account \"%s\" unlocked (by %s)",
			    s->cfg->id, st->acct[rv].name,
			    x->by != NULL ? x->by : "powerd");
		return r;
	case 5:		/* delete */
		id = acct_of(x, &bad);
		if (bad || id == -1)
			return err(x, id == -1 && !bad ? "not-found" :
			    "bad-request", "delete needs an existing "
			    "\"account_id\" or \"name\"");
		if (acct_delete(st, id, &why) < 0)
			return err(x, why, "account delete refused (%s)", why);
		fl = s->fail[id];
		memset(&s->fail[id], 0, sizeof(s->fail[id]));
		pd_dirty(s);
		if ((ev = emit_new(s, "accounts")) != NULL)
			pd_emit(x->pd, s->cfg->id, ev);
		r = synced(x, ok(x));
		if (x->unsaved)
			s->fail[id] = fl;	/* nothing changed */
		return r;
	case 6:		/* lockout: get, or set with any field */
		lo = st->lockout;
		if (fnum(x, "threshold", 0, 255, &d, &bad)) {
			lo.threshold = (int)d;
			bad |= d != floor(d);
		}
		if (fnum(x, "duration", 0, LAB_LOCKOUT_MAX, &d, &bad)) {
			lo.duration = (int)d;
			bad |= d != floor(d);
		}
		if (fnum(x, "reset_after", 1, LAB_LOCKOUT_MAX, &d, &bad)) {
			lo.reset_after = (int)d;
			bad |= d != floor(d);
		}
		if (bad)
			return err(x, "bad-request", "lockout: threshold "
			    "0-255, duration 0-%d, reset_after 1-%d (s)",
			    LAB_LOCKOUT_MAX, LAB_LOCKOUT_MAX);
		if (memcmp(&lo, &st->lockout, sizeof(lo)) != 0) {
			st->lockout = lo;
			pd_dirty(s);
			log_info("%s: lockout threshold %d, duration %d s, "
			    "reset after %d s (by %s)", s->cfg->id,
			    lo.threshold, lo.duration, lo.reset_after,
			    x->by != NULL ? x->by : "powerd");
		}
		if ((r = ok(x)) != NULL)
			add(r, "lockout", lockout_json(&st->lockout));
		/* a get waits for no disk */
		return field(x, "threshold") == NULL &&
		    field(x, "duration") == NULL &&
		    field(x, "reset_after") == NULL ? r : synced(x, r);
	case 7:		/* login-failed: a front end checked the password */
		name = fstr(x, "name", &bad);
		if (bad || name == NULL)
			return err(x, "bad-request", "login-failed needs "
			    "\"name\"");
		id = acct_find(st, name);
		/* as verify: a locked account's attempts are not counted */
		if (id != -1 && acct_locked(s, id))
			log_info("%s: login as \"%s\" refused: locked",
			    s->cfg->id, st->acct[id].name);
		else
			login_failed(x, id, name);
		if ((r = ok(x)) != NULL && id != -1)
			add(r, "account", acct_json(s, id, 0));
		return r;
	}
fail:
	cJSON_Delete(r);
	return NULL;
}

static cJSON *
op_media(struct ctx *x)
{
	struct pd_srv	*s = x->s;
	struct pd_media	 m = s->st.media;
	const char	*img;
	int		 bad = 0;
	cJSON		*r, *ev;

	if (x->r.action == 1) {
		img = fstr(x, "image", &bad);
		fbool(x, "write_protected", &m.write_protected, &bad);
		if (bad || img == NULL || img[0] == '\0')
			return err(x, "bad-request", "insert needs \"image\"");
		if (strlcpy(m.image, img, sizeof(m.image)) >= sizeof(m.image))
			return err(x, "bad-request", "image URL too long");
		m.inserted = 1;
	} else if (x->r.action == 2) {
		m.inserted = 0;
		m.image[0] = '\0';
	}
	if (memcmp(&m, &s->st.media, sizeof(m)) != 0) {
		s->st.media = m;
		pd_dirty(s);
		if ((ev = emit_new(s, "media")) != NULL) {
			add(ev, "media", media_json(s));
			pd_emit(x->pd, s->cfg->id, ev);
		}
	}
	if ((r = ok(x)) != NULL)
		add(r, "media", media_json(s));
	return synced(x, r);
}

static cJSON *
op_console(struct ctx *x)
{
	struct pd_wait	*w;

	if ((w = pd_wait_new(x->conn, x->r.id, PD_OP_CONSOLE, x->s)) == NULL)
		return err(x, "engine", "out of memory");
	log_info("%s: console taken by %s", x->s->cfg->id,
	    x->by != NULL ? x->by : "a client");
	x->s->be->console(x->s, w);
	return NULL;
}

/* the actions that change the saved model (op_power has its own way) */
static int
changes(const struct pd_req *r)
{
	switch (r->op) {
	case PD_OP_BOOT:
	case PD_OP_POLICY:
	case PD_OP_POWERLIMIT:
	case PD_OP_MEDIA:
		return r->action >= 1;
	case PD_OP_SEL:
		return r->action == 3 || r->action == 4 || r->action == 6;
	case PD_OP_ACCOUNTS:
		/*
		 * verify, login-failed: failures are counted and logged,
		 * never refused
		 */
		return r->action >= 3 && r->action != 7;
	case PD_OP_HW:
		return r->action >= 1;		/* all but get */
	}
	return 0;
}

static cJSON	*dispatch(struct ctx *, int *);

cJSON *
pd_handle(struct pd *pd, struct pd_conn *conn, cJSON *req, int *subscribe)
{
	struct ctx	 x;
	struct pd_txn	 t;
	const char	*tok;
	char		 msg[200];
	cJSON		*r;

	memset(&x, 0, sizeof(x));
	x.pd = pd;
	x.conn = conn;
	x.req = req;
	if (pd_req_check(req, &x.r, &tok, msg, sizeof(msg)) == -1)
		return pdmsg_error(x.r.id, tok, "%s", msg);
	x.by = x.r.by;
	x.origin = pd_origin_of(x.by);
	if (x.r.server != NULL && (x.s = pd_srv_find(pd, x.r.server)) ==
	    NULL)
		return err(&x, "no-such-server", "%.64s is not configured",
		    x.r.server);
	if (x.s == NULL || !changes(&x.r))
		return dispatch(&x, subscribe);
	if (pd_txn_begin(x.s, &t) == -1)
		return err(&x, "engine", "out of memory");
	r = dispatch(&x, subscribe);
	pd_txn_end(&t, !x.unsaved);
	return r;
}

static cJSON *
dispatch(struct ctx *x, int *subscribe)
{
	switch (x->r.op) {
	case PD_OP_HELLO:
		return op_hello(x);
	case PD_OP_LIST:
		return op_list(x);
	case PD_OP_STATUS:
		return op_status(x);
	case PD_OP_POWER:
		return op_power(x);
	case PD_OP_BOOT:
		return op_boot(x);
	case PD_OP_IDENTIFY:
		return op_identify(x);
	case PD_OP_POLICY:
		return op_policy(x);
	case PD_OP_SEL:
		return op_sel(x);
	case PD_OP_SENSORS:
		return op_sensors(x);
	case PD_OP_POWERLIMIT:
		return op_powerlimit(x);
	case PD_OP_INVENTORY:
		return op_inventory(x);
	case PD_OP_ACCOUNTS:
		return op_accounts(x);
	case PD_OP_MEDIA:
		return op_media(x);
	case PD_OP_CONSOLE:
		return op_console(x);
	case PD_OP_HW:
		return synced(x, pd_hw_op(x->s, x->req, x->r.id, x->r.action,
		    x->by, x->origin));
	case PD_OP_SUBSCRIBE:
		*subscribe = 1;
		pd_conn_subscribe(x->conn, x->s != NULL ? x->s->cfg->id : NULL);
		return ok(x);
	}
	return err(x, "unknown-op", "unknown op");
}
