/* model.c: powerd's per-server model at run time: transitions, SEL, events, persistence. */
/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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

static void
undirty(struct pd_srv *s)
{
	struct pd_srv	**pp;

	for (pp = &s->pd->dirty; *pp != NULL; pp = &(*pp)->dirty_next)
		if (*pp == s) {
			*pp = s->dirty_next;
			break;
		}
	s->dirty = 0;
	s->dirty_next = NULL;
}

/*
 * state-fsync no: temp file and rename without fsync.  The page cache
 * survives a kill -9 of powerd (nothing acknowledged is lost), not a
 * crash of the machine.
 */
static int
write_nosync(const char *path, const char *data, size_t len)
{
	char	tmp[LAB_PATH_MAX + 8];
	ssize_t	w;
	int	fd, saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) ==
	    -1)
		return -1;
	while (len > 0) {
		if ((w = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			unlink(tmp);
			errno = saved;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

/*
 * While starting, what powerd writes (the restore policy's doing) was
 * acknowledged to nobody: it need not wait for the disk.
 */
static int
write_state(struct pd_srv *s, const char *path, const char *txt, size_t len)
{
	return s->pd->lab.nofsync || s->pd->starting ?
	    write_nosync(path, txt, len) :
	    util_write_atomic(path, txt, len, 0600);
}

/*
 * The SEL lives in its own log, one line per entry, appended as entries
 * come (a power op then writes two small files, not the whole log).  A
 * clear, or a log grown to twice the SEL size, rewrites it.  *was: the
 * log's size before an append (-1 if none), to take it back.
 */
static int
sync_sel(struct pd_srv *s, off_t *was)
{
	struct sel	*sel = &s->st.sel;
	char		*buf = NULL, *line;
	size_t		 i, n, from, len = 0, cap = 0, l;
	int		 fd = -1, rv = -1, rewrite;
	struct stat	 sb;

	*was = -1;
	if (sel->added == 0 && !sel->cleared && !s->sel_stale)
		return 0;
	rewrite = sel->cleared || s->sel_stale || sel->added > sel->count ||
	    s->sel_lines + sel->added > 2 * sel->max;
	from = rewrite ? 0 : sel->count - sel->added;
	n = sel->count;
	for (i = from; i < n; i++) {
		if ((line = state_sel_line(sel_at(sel, i), &l)) == NULL)
			goto out;
		if (cap - len < l) {
			char	*nb;

			cap = (cap + l) * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(line);
				goto out;
			}
			buf = nb;
		}
		memcpy(buf + len, line, l);
		len += l;
		free(line);
	}
	if (rewrite) {
		if (write_state(s, s->selpath, buf != NULL ? buf : "", len) ==
		    -1)
			goto out;
		s->sel_lines = n;
	} else {
		if ((fd = open(s->selpath, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC, 0600)) == -1 || fstat(fd, &sb) == -1)
			goto out;
		*was = sb.st_size;
		for (i = 0; i < len;) {
			ssize_t	w = write(fd, buf + i, len - i);

			if (w == -1) {
				if (errno == EINTR)
					continue;
				goto undo;
			}
			i += (size_t)w;
		}
		if (!s->pd->lab.nofsync && !s->pd->starting &&
		    fdatasync(fd) == -1)
			goto undo;
		s->sel_lines += n - from;
	}
	sel->added = 0;
	sel->cleared = 0;
	rv = 0;
	goto out;
undo:
	/* never a log line the model does not have */
	if (ftruncate(fd, *was) == -1)
		log_warn("%s: truncate %s", s->cfg->id, s->selpath);
	*was = -1;
out:
	if (rv == -1)
		log_warn("%s: write %s", s->cfg->id, s->selpath);
	if (fd != -1)
		close(fd);
	free(buf);
	return rv;
}

int
pd_sync(struct pd_srv *s)
{
	char		 *txt;
	size_t		  len, added, lines;
	off_t		  was;
	int		  rv, cleared;

	if (!s->dirty)
		return 0;
	if (s->st.power == PD_PWR_ON && s->on_since > 0) {
		/* keep powered-on time current in the file */
		s->st.poh_ms += (int64_t)((ev_now(s->pd->loop) - s->on_since) *
		    1000.0);
		s->on_since = ev_now(s->pd->loop);
	}
	/* the log first: a state file never names entries the log lacks */
	added = s->st.sel.added;
	cleared = s->st.sel.cleared;
	lines = s->sel_lines;
	if (sync_sel(s, &was) == -1)
		return -1;
	if ((txt = state_encode(&s->st, s->cfg->id, 0, &len)) == NULL) {
		log_warnx("%s: cannot encode state", s->cfg->id);
		rv = -1;
	} else {
		rv = write_state(s, s->path, txt, len);
		free(txt);
		if (rv == -1)
			log_warn("%s: write %s", s->cfg->id, s->path);
	}
	if (rv == -1) {
		/* the entries just appended go with the state that failed */
		if (was != -1 && truncate(s->selpath, was) == -1)
			log_warn("%s: truncate %s", s->cfg->id, s->selpath);
		if (was != -1) {
			s->st.sel.added = added;
			s->st.sel.cleared = cleared;
			s->sel_lines = lines;
		} else if (added != 0 || cleared)
			s->sel_stale = 1;
		return -1;
	}
	s->sel_stale = 0;
	undirty(s);
	return 0;
}

/*
 * Before a change the model cannot take back (a power action): the state
 * as it is must be on disk, and the directory must take a new file (an
 * empty one, created and removed: no data, no fsync), so that what
 * follows can be saved too.
 */
int
pd_save_now(struct pd_srv *s)
{
	char	tmp[LAB_PATH_MAX + 8];
	int	fd;

	if (s->dirty)
		return pd_sync(s);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.probe", s->path) >=
	    sizeof(tmp))
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		log_warn("%s: write %s", s->cfg->id, tmp);
		return -1;
	}
	close(fd);
	if (unlink(tmp) == -1) {
		log_warn("%s: unlink %s", s->cfg->id, tmp);
		return -1;
	}
	return 0;
}

/*
 * A request changes the model only if the change is saved: pd_txn_begin
 * keeps a copy and holds the events the request emits; pd_txn_end lets
 * them go, or (commit 0: the state could not be saved) puts the copy back
 * and drops them, so that the reply, the live model and the disk agree.
 */
int
pd_txn_begin(struct pd_srv *s, struct pd_txn *t)
{
	memset(t, 0, sizeof(*t));
	t->st = s->st;
	if (sel_copy(&t->st.sel, &s->st.sel) == -1 ||
	    (s->pd->held = cJSON_CreateArray()) == NULL) {
		sel_free(&t->st.sel);
		util_zeroize(&t->st, sizeof(t->st));
		return -1;
	}
	t->s = s;
	t->power = s->power;
	t->dirty = s->dirty;
	t->on_since = s->on_since;
	return 0;
}

void
pd_txn_end(struct pd_txn *t, int commit)
{
	struct pd_srv	*s = t->s;
	struct pd	*pd = s->pd;
	cJSON		*held = pd->held, *ev;
	const char	*srv;

	pd->held = NULL;
	if (commit) {
		sel_free(&t->st.sel);
		while (held != NULL && (ev = cJSON_DetachItemFromArray(held,
		    0)) != NULL) {
			srv = cJSON_GetStringValue(cJSON_GetObjectItem(ev,
			    "server"));
			pd_emit(pd, srv != NULL ? srv : s->cfg->id, ev);
		}
	} else {
		log_warnx("%s: state could not be saved: change undone",
		    s->cfg->id);
		state_free(&s->st);
		s->st = t->st;
		s->power = t->power;
		s->on_since = t->on_since;
		/* a rewritten SEL log must be written again */
		if (!t->dirty && s->dirty && !s->sel_stale)
			undirty(s);
	}
	cJSON_Delete(held);
	util_zeroize(&t->st, sizeof(t->st));
}

void
pd_sync_all(struct pd *pd)
{
	struct pd_srv	*s, *next;

	/* after a failure, retry once a second, not at every wake-up */
	if (pd->loop != NULL && !pd->stopping &&
	    ev_now(pd->loop) < pd->sync_retry)
		return;
	for (s = pd->dirty; s != NULL; s = next) {
		next = s->dirty_next;
		if (pd_sync(s) == -1) {
			/* leave it for the next iteration, but not in a loop */
			if (pd->loop != NULL)
				pd->sync_retry = ev_now(pd->loop) + 1.0;
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

/*
 * A power-on or reset applies what the hardware model holds for it and
 * consumes a "once" boot override.
 */
static void
consume_once(struct pd_srv *s)
{
	pd_hw_boot(s);
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

/*
 * Entries of the SEL log.  A torn last line (no newline) was never
 * acknowledged: it is skipped and the log rewritten.
 */
static int
load_sel(struct pd_srv *s)
{
	struct sel		*sel = &s->st.sel;
	struct sel_entry	 se;
	const struct sel_entry	*last;
	char			*buf = NULL, *p, *nl;
	size_t			 len, lineno = 0;
	int			 rv = -1;

	if (util_read_file(s->selpath, STATE_FILE_MAX, &buf, &len) == -1) {
		if (errno == ENOENT)
			return 0;
		log_warn("%s", s->selpath);
		return -1;
	}
	for (p = buf; (nl = memchr(p, '\n', len - (size_t)(p - buf))) != NULL;
	    p = nl + 1) {
		lineno++;
		if (state_sel_parse_line(p, (size_t)(nl - p), &se) != 0 ||
		    sel_restore(sel, &se) != 0) {
			log_warnx("%s:%zu: corrupt SEL log entry (move the "
			    "file away to start afresh)", s->selpath, lineno);
			goto out;
		}
	}
	s->sel_lines = lineno;
	/* a torn tail: rewrite the log before the next append */
	if ((size_t)(p - buf) != len)
		rv = 1;
	else
		rv = 0;
	if ((last = sel_at(sel, sel->count - 1)) != NULL) {
		sel->next_id = last->id >= SEL_ID_MAX ? 1 : last->id + 1;
		if (last->time > sel->last_add)
			sel->last_add = last->time;
	}
out:
	free(buf);
	return rv;
}

static int
load_state(struct pd_srv *s)
{
	char	*buf = NULL, err[128];
	size_t	 len;
	int	 rv = -1, r;

	if (util_read_file(s->path, STATE_FILE_MAX, &buf, &len) == -1) {
		if (errno == ENOENT) {
			/* a log without a state file was never acknowledged */
			s->st.sel.cleared = 1;
			return 0;
		}
		log_warn("%s", s->path);
		return -1;
	}
	sel_free(&s->st.sel);
	if (state_decode(buf, len, &s->st, err, sizeof(err)) != 0) {
		log_warnx("%s: corrupt state file: %s (move it away to start "
		    "afresh)", s->path, err);
		goto out;
	}
	if ((r = load_sel(s)) == -1)
		goto out;
	s->st.sel.added = 0;
	/* torn tail: rewrite at the next sync */
	s->st.sel.cleared = r == 1;
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
		    pd->lab.state_dir, s->cfg->id) >= sizeof(s->path) ||
		    (size_t)snprintf(s->selpath, sizeof(s->selpath),
		    "%s/%s.sel", pd->lab.state_dir, s->cfg->id) >=
		    sizeof(s->selpath)) {
			log_warnx("%s: state path too long", s->cfg->id);
			return -1;
		}
		/* no file yet: the seeded state is written when it changes */
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
