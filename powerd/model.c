/* model.c: powerd's per-server model at run time: transitions, SEL, events, persistence. */
/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"
#include "powerd.h"

static const char *acts[] = { "on", "off", "soft", "reset", "cycle", "nmi" };

const char *
pd_act_str(int a)
{
	return a >= 0 && (size_t)a < nitems(acts) ? acts[a] : "?";
}

int64_t
pd_now(void)
{
	return (int64_t)time(NULL);
}

int
pd_origin_of(const char *by)
{
	int	o;

	if (by == NULL)
		return SEL_ORG_POWERD;
	if ((o = sel_origin_parse(by)) != -1)
		return o;
	if (strcmp(by, "docker") == 0 || strcmp(by, "external") == 0 ||
	    strcmp(by, "exec") == 0)
		return SEL_ORG_ENGINE;
	return SEL_ORG_POWERD;
}

int64_t
pd_poh_minutes(const struct pd_srv *s)
{
	int64_t	ms = s->st.poh_ms;

	if (s->st.power == PD_PWR_ON && s->on_since > 0)
		ms += (int64_t)((ev_now(s->pd->loop) - s->on_since) * 1000.0);
	return ms / 60000;
}

struct pd_srv *
pd_srv_find(struct pd *pd, const char *id)
{
	size_t	i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < pd->nsrv; i++)
		if (strcmp(pd->srv[i].cfg->id, id) == 0)
			return &pd->srv[i];
	return NULL;
}

void
pd_dirty(struct pd_srv *s)
{
	if (s->dirty)
		return;
	s->dirty = 1;
	s->dirty_next = s->pd->dirty;
	s->pd->dirty = s;
}

int
pd_sync(struct pd_srv *s)
{
	struct pd_srv	**pp;
	char		 *txt;
	size_t		  len;
	int		  rv;

	if (!s->dirty)
		return 0;
	if (s->st.power == PD_PWR_ON && s->on_since > 0) {
		/* keep powered-on time current in the file */
		s->st.poh_ms += (int64_t)((ev_now(s->pd->loop) - s->on_since) *
		    1000.0);
		s->on_since = ev_now(s->pd->loop);
	}
	if ((txt = state_encode(&s->st, s->cfg->id, &len)) == NULL) {
		log_warnx("%s: cannot encode state", s->cfg->id);
		return -1;
	}
	rv = util_write_atomic(s->path, txt, len, 0600);
	free(txt);
	if (rv == -1) {
		log_warn("%s: write %s", s->cfg->id, s->path);
		return -1;
	}
	for (pp = &s->pd->dirty; *pp != NULL; pp = &(*pp)->dirty_next)
		if (*pp == s) {
			*pp = s->dirty_next;
			break;
		}
	s->dirty = 0;
	s->dirty_next = NULL;
	return 0;
}

void
pd_sync_all(struct pd *pd)
{
	struct pd_srv	*s, *next;

	for (s = pd->dirty; s != NULL; s = next) {
		next = s->dirty_next;
		if (pd_sync(s) == -1) {
			/* leave it for the next iteration, but not in a loop */
			break;
		}
	}
}

cJSON *
pd_sel_entry_json(const struct sel_entry *e)
{
	cJSON	*o;
	char	 hex[SEL_REC_LEN * 2 + 1];

	util_hex_encode(e->rec, SEL_REC_LEN, hex);
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (cJSON_AddNumberToObject(o, "id", e->id) == NULL ||
	    cJSON_AddNumberToObject(o, "time", e->time) == NULL ||
	    cJSON_AddStringToObject(o, "record", hex) == NULL ||
	    cJSON_AddStringToObject(o, "message", e->msg) == NULL ||
	    cJSON_AddStringToObject(o, "severity", sel_sev_str(e->sev)) ==
	    NULL ||
	    cJSON_AddStringToObject(o, "origin", sel_origin_str(e->origin)) ==
	    NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *
event_new(struct pd_srv *s, const char *what)
{
	cJSON	*ev;

	if ((ev = cJSON_CreateObject()) == NULL)
		return NULL;
	if (cJSON_AddNumberToObject(ev, "v", PD_PROTO_VERSION) == NULL ||
	    cJSON_AddStringToObject(ev, "event", what) == NULL ||
	    cJSON_AddStringToObject(ev, "server", s->cfg->id) == NULL) {
		cJSON_Delete(ev);
		return NULL;
	}
	return ev;
}

void
pd_sel_emit(struct pd_srv *s, const struct sel_entry *e)
{
	cJSON	*ev, *j;

	if (e == NULL || (ev = event_new(s, "sel")) == NULL)
		return;
	if ((j = pd_sel_entry_json(e)) != NULL)
		cJSON_AddItemToObject(ev, "entry", j);
	pd_emit(s->pd, s->cfg->id, ev);
}

const struct sel_entry *
pd_sel_event(struct pd_srv *s, uint8_t stype, uint8_t snum, uint8_t dir,
    uint8_t ed1, int sev, int origin, const char *msg)
{
	const struct sel_entry	*e;

	e = sel_add_event(&s->st.sel, pd_now(), stype, snum, dir, ed1, 0xff,
	    0xff, sev, origin, msg);
	if (e == NULL) {
		log_warnx("%s: SEL: out of memory", s->cfg->id);
		return NULL;
	}
	pd_dirty(s);
	pd_sel_emit(s, e);
	return e;
}

cJSON *
pd_boot_json(const struct pd_srv *s)
{
	cJSON	*b;

	if ((b = cJSON_CreateObject()) == NULL)
		return NULL;
	if (cJSON_AddStringToObject(b, "target",
	    pd_boot_target_str(s->st.boot.target)) == NULL ||
	    cJSON_AddStringToObject(b, "enabled",
	    pd_boot_enabled_str(s->st.boot.enabled)) == NULL ||
	    cJSON_AddStringToObject(b, "mode",
	    pd_boot_mode_str(s->st.boot.mode)) == NULL ||
	    cJSON_AddStringToObject(b, "uefi_target", s->st.boot.uefi_target) ==
	    NULL) {
		cJSON_Delete(b);
		return NULL;
	}
	return b;
}

void
pd_boot_emit(struct pd_srv *s)
{
	cJSON	*ev, *b;

	if ((ev = event_new(s, "boot")) == NULL)
		return;
	if ((b = pd_boot_json(s)) != NULL)
		cJSON_AddItemToObject(ev, "boot", b);
	pd_emit(s->pd, s->cfg->id, ev);
}

static void
power_emit(struct pd_srv *s, int prev, const char *by, int cause)
{
	cJSON	*ev;

	if ((ev = event_new(s, "power")) == NULL)
		return;
	cJSON_AddStringToObject(ev, "power", pd_power_str(s->power));
	cJSON_AddStringToObject(ev, "prev", pd_power_str(prev));
	cJSON_AddStringToObject(ev, "by", by != NULL ? by : "powerd");
	cJSON_AddStringToObject(ev, "cause", pd_cause_str(cause));
	cJSON_AddNumberToObject(ev, "time", (double)pd_now());
	pd_emit(s->pd, s->cfg->id, ev);
}

/* A power-on or reset consumes a "once" boot override. */
static void
consume_once(struct pd_srv *s)
{
	if (s->st.boot.enabled != PD_BOOTEN_ONCE)
		return;
	s->st.boot.enabled = PD_BOOTEN_DISABLED;
	s->st.boot.target = PD_BOOT_NONE;
	pd_dirty(s);
	pd_boot_emit(s);
}

void
pd_power_moving(struct pd_srv *s, int power, const char *by)
{
	int	prev = s->power;

	if (prev == power)
		return;
	s->power = power;
	power_emit(s, prev, by, PD_CAUSE_UNKNOWN);
}

void
pd_power_settled(struct pd_srv *s, int power, int origin, const char *by,
    int cause)
{
	char	msg[SEL_MSG_MAX + 1];
	int	prev = s->power, was = s->st.power;
	double	now = ev_now(s->pd->loop);

	s->power = power;
	if (power != PD_PWR_ON && power != PD_PWR_OFF) {
		if (prev != power)
			power_emit(s, prev, by, cause);
		return;
	}
	if (was == power) {
		/* no transition of the model: never a second SEL entry */
		if (prev != power)
			power_emit(s, prev, by, cause);
		return;
	}
	s->st.power = power;
	s->power_changed = now;
	if (power == PD_PWR_ON) {
		s->on_since = now;
		s->st.last_reset = pd_now();
		s->st.restart_cause = cause;
		consume_once(s);
		snprintf(msg, sizeof(msg), "Power on (%s, by %s)",
		    pd_cause_str(cause), by != NULL ? by : "powerd");
		pd_sel_event(s, SEL_ST_POWER_UNIT, SEL_SN_POWER_UNIT,
		    SEL_DIR_DEASSERT, 0x00, SEL_SEV_OK, origin, msg);
	} else {
		if (s->on_since > 0)
			s->st.poh_ms += (int64_t)((now - s->on_since) * 1000.0);
		s->on_since = 0;
		snprintf(msg, sizeof(msg), "Power off (by %s)",
		    by != NULL ? by : "powerd");
		pd_sel_event(s, SEL_ST_POWER_UNIT, SEL_SN_POWER_UNIT,
		    SEL_DIR_ASSERT, 0x00, SEL_SEV_OK, origin, msg);
	}
	pd_dirty(s);
	log_info("%s: power %s (by %s)", s->cfg->id, pd_power_str(power),
	    by != NULL ? by : "powerd");
	power_emit(s, prev, by, cause);
}

void
pd_reset_done(struct pd_srv *s, int origin, const char *by, int cause)
{
	char	 msg[SEL_MSG_MAX + 1];
	cJSON	*ev;

	s->st.last_reset = pd_now();
	s->st.restart_cause = cause;
	consume_once(s);
	if (origin == SEL_ORG_OS)
		snprintf(msg, sizeof(msg), "System restart by the OS");
	else
		snprintf(msg, sizeof(msg), "System reset (%s, by %s)",
		    pd_cause_str(cause), by != NULL ? by : "powerd");
	/* System Boot Initiated: 01h hard reset, 06h OS-initiated warm reset */
	pd_sel_event(s, SEL_ST_BOOT, SEL_SN_BOOT, SEL_DIR_ASSERT,
	    origin == SEL_ORG_OS ? 0x06 : 0x01, SEL_SEV_OK, origin, msg);
	pd_dirty(s);
	log_info("%s: reset (by %s)", s->cfg->id, by != NULL ? by : "powerd");
	if ((ev = event_new(s, "reset")) != NULL) {
		cJSON_AddNumberToObject(ev, "time", (double)pd_now());
		cJSON_AddStringToObject(ev, "by", by != NULL ? by : "powerd");
		pd_emit(s->pd, s->cfg->id, ev);
	}
}

void
pd_nmi_done(struct pd_srv *s, int origin, const char *by)
{
	char	msg[SEL_MSG_MAX + 1];

	snprintf(msg, sizeof(msg), "Diagnostic interrupt (NMI, by %s)",
	    by != NULL ? by : "powerd");
	pd_sel_event(s, SEL_ST_CRIT_INT, SEL_SN_NMI, SEL_DIR_ASSERT, 0x00,
	    SEL_SEV_CRITICAL, origin, msg);
}

void
pd_os_event(struct pd_srv *s, int reboot)
{
	if (reboot)
		return;		/* pd_reset_done logs the OS warm reset */
	/* OS Stop/Shutdown 03h: OS graceful shutdown */
	pd_sel_event(s, SEL_ST_OS_STOP, SEL_SN_OS, SEL_DIR_ASSERT, 0x03,
	    SEL_SEV_OK, SEL_ORG_OS, "OS graceful shutdown");
}

static int
load_state(struct pd_srv *s)
{
	char	*buf = NULL, err[128];
	size_t	 len;
	int	 rv = -1;

	if (util_read_file(s->path, STATE_FILE_MAX, &buf, &len) == -1) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s", s->path);
		return -1;
	}
	sel_free(&s->st.sel);
	if (state_decode(buf, len, &s->st, err, sizeof(err)) != 0) {
		log_warnx("%s: corrupt state file: %s (move it away to start "
		    "afresh)", s->path, err);
		goto out;
	}
	rv = 1;
out:
	free(buf);
	return rv;
}

static const struct pd_backend *
backend_of(int b)
{
	switch (b) {
	case LAB_BE_DOCKER:
		return &pd_be_docker;
	case LAB_BE_EXEC:
		return &pd_be_exec;
	default:
		return &pd_be_sim;
	}
}

int
pd_servers_init(struct pd *pd)
{
	struct lab_acct	 slots[LAB_ACCT_MAX_ID + 1];
	struct pd_srv	*s;
	size_t		 i;
	int		 r;

	if (mkdir(pd->lab.state_dir, 0700) == -1 && errno != EEXIST) {
		log_warn("state-dir %s", pd->lab.state_dir);
		return -1;
	}
	if ((pd->srv = calloc(pd->lab.nservers, sizeof(*pd->srv))) == NULL) {
		log_warn("calloc");
		return -1;
	}
	for (i = 0; i < pd->lab.nservers; i++) {
		s = &pd->srv[i];
		s->pd = pd;
		s->cfg = &pd->lab.servers[i];
		s->be = backend_of(s->cfg->backend);
		pd->nsrv++;
		lab_accounts(&pd->lab, s->cfg, slots);
		state_init(&s->st, &pd->lab, s->cfg, slots);
		util_zeroize(slots, sizeof(slots));
		if ((size_t)snprintf(s->path, sizeof(s->path), "%s/%s.json",
		    pd->lab.state_dir, s->cfg->id) >= sizeof(s->path)) {
			log_warnx("%s: state path too long", s->cfg->id);
			return -1;
		}
		/* no file yet: the seeded state is written on its first change */
		if ((r = load_state(s)) == -1)
			return -1;
		s->power = s->st.power;
		s->power_changed = ev_now(pd->loop);
		if (s->st.power == PD_PWR_ON)
			s->on_since = ev_now(pd->loop);
	}
	for (i = 0; i < pd->nsrv; i++)
		if (pd->srv[i].be->init(&pd->srv[i]) == -1)
			return -1;
	return 0;
}

void
pd_servers_free(struct pd *pd)
{
	size_t	i;

	for (i = 0; i < pd->nsrv; i++) {
		if (pd->srv[i].busy != NULL) {
			free(pd->srv[i].busy);
			pd->srv[i].busy = NULL;
		}
		pd->srv[i].be->fini(&pd->srv[i]);
		ev_timer_stop(pd->loop, &pd->srv[i].ident_tm);
		state_free(&pd->srv[i].st);
	}
	free(pd->srv);
	pd->srv = NULL;
	pd->nsrv = 0;
}
