/* docker.c: the docker backend on the Engine API client (engine.h): actions, inspect, events, attach (glue). */
/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "log.h"
#include "sock.h"
#include "util.h"
#include "engine.h"
#include "powerd.h"
#include "facts.h"

#define DK_TIMEOUT_MS		30000
#define DK_ATTACH_TIMEOUT_MS	10000
#define DK_PATH_MAX		512
#define DK_PRE_KEEP		10.0	/* s an untaken boot attach is kept */
/*
 * A stopping dockerd stops its containers (each within its stop
 * timeout, 15 s in all by default) before its events stream ends: a
 * container seen stopping this long before the stream ended counts as
 * on for the restore policy when the engine returns.
 */
#define DK_SHUTDOWN_WINDOW	20.0

enum dk_step {
	DK_IDLE, DK_START, DK_KILL, DK_STOP, DK_RESET_KILL, DK_RESET_START,
	DK_CYCLE_KILL, DK_CYCLE_START, DK_NMI
};

/*
 * One per distinct engine (address and TLS files): its own connection,
 * version and events stream, so one engine away leaves the others be.
 */
struct dengine {
	struct pd	*pd;
	struct engine	*e;
	const char	*addr;		/* the lab's or pd's */
	char *const	*tls;		/* the lab's, [LAB_TLS_N] */
	int		 lost;		/* the stream went down */
};

struct dengines {
	struct dengine	*v;
	size_t		 n;
};

struct dsrv {
	struct pd_srv	*s;
	struct dengine	*eng;
	int		 step;
	ev_timer	 tm;		/* the pause of a power cycle */
	struct pd_wait	*con_w;		/* a console attach under way */
	int		 inspecting;
	int		 again;		/* inspect once more when it returns */
	/* the first inspect: apply the policy */
	int		 initial;
	int		 warned;
	/* the state file said on (policy previous) */
	int		 was_on;
	double		 ext_off;	/* ev_now of a stop behind our back */
	/*
	 * The attach taken before powerd's last start: it holds the boot
	 * output from the first byte for the next console taker.
	 */
	int		 pre_fd;
	ev_timer	 pre_tm;	/* closes it when nobody takes it */
};

static void	dk_inspect(struct dsrv *);
static void	dk_call(struct dsrv *, int step, const char *method,
		    const char *what, long timeout_ms);
static void	dk_start_attached(struct dsrv *, int step);
static void	pre_close(struct dsrv *);

/* the server's engine address: its own docker-socket, else the global */
static const char *
dk_addr(const struct pd *pd, const struct lab_server *c)
{
	return c->docker_socket != NULL ? c->docker_socket : pd->docker_sock;
}

/* its TLS files: its own when it names any, else the global ones */
static char *const *
dk_tls(const struct pd *pd, const struct lab_server *c)
{
	int	i;

	for (i = 0; i < LAB_TLS_N; i++)
		if (c->docker_tls[i] != NULL)
			return c->docker_tls;
	return pd->lab.docker_tls;
}

static int
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static struct dengine *
dk_engine_of(struct pd *pd, const struct lab_server *c)
{
	struct dengines	*all = pd->docker;
	const char	*addr = dk_addr(pd, c);
	char *const	*tls = dk_tls(pd, c);
	size_t		 i;
	int		 j;

	for (i = 0; all != NULL && i < all->n; i++) {
		if (strcmp(all->v[i].addr, addr) != 0)
			continue;
		for (j = 0; j < LAB_TLS_N; j++)
			if (!same_str(all->v[i].tls[j], tls[j]))
				break;
		if (j == LAB_TLS_N)
			return &all->v[i];
	}
	return NULL;
}

static struct dsrv *
dk_of(struct pd_srv *s)
{
	return s->be_data;
}

static void
dk_finish(struct dsrv *d, const char *err, const char *msg)
{
	d->step = DK_IDLE;
	pd_wait_done(d->s->busy, err, msg, -1);
	pd_sync_all(d->s->pd);
}

/* start ok: 204, or 304 when already running */
static int
ok_status(int step, int status)
{
	switch (step) {
	case DK_START:
	case DK_RESET_START:
	case DK_CYCLE_START:
		return status == 204 || status == 304;
	case DK_STOP:
		return status == 204 || status == 304;
	case DK_KILL:
	case DK_RESET_KILL:
	case DK_CYCLE_KILL:
		return status == 204 || status == 409;	/* 409: not running */
	case DK_NMI:
		return status == 204 || status == 409;
	}
	return 0;
}

static void
cycle_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct dsrv	*d = (struct dsrv *)((char *)w - offsetof(struct dsrv,
	    tm));

	UNUSED(loop);
	UNUSED(revents);
	pd_power_moving(d->s, PD_PWR_POWERING_ON, d->s->act_by);
	dk_start_attached(d, DK_CYCLE_START);
}

static void
action_cb(void *arg, int status, const char *body, size_t len,
    const char *errmsg)
{
	struct dsrv	*d = arg;
	struct pd_srv	*s = d->s;
	char		 msg[300];
	int		 origin = pd_origin_of(s->act_by);

	UNUSED(body);
	UNUSED(len);
	if (!ok_status(d->step, status)) {
		if (status == -1)
			snprintf(msg, sizeof(msg), "docker: %s",
			    errmsg != NULL && errmsg[0] != '\0' ? errmsg :
			    "cannot connect to the engine");
		else
			snprintf(msg, sizeof(msg), "docker: %d %s", status,
			    errmsg != NULL ? errmsg : "");
		log_warnx("%s: %s", s->cfg->id, msg);
		if (s->power == PD_PWR_POWERING_ON ||
		    s->power == PD_PWR_POWERING_OFF)
			s->power = s->st.power;
		if (d->step == DK_START || d->step == DK_RESET_START ||
		    d->step == DK_CYCLE_START)
			pre_close(d);
		dk_finish(d, status == -1 && errmsg != NULL &&
		    strstr(errmsg, "imed out") != NULL ? "timeout" : "engine",
		    msg);
		dk_inspect(d);
		return;
	}
	switch (d->step) {
	case DK_START:
	case DK_CYCLE_START:
		pd_power_settled(s, PD_PWR_ON, origin, s->act_by,
		    s->act_cause);
		break;
	case DK_KILL:
	case DK_STOP:
		pd_power_settled(s, PD_PWR_OFF, origin, s->act_by,
		    PD_CAUSE_UNKNOWN);
		break;
	case DK_RESET_KILL:
		dk_start_attached(d, DK_RESET_START);
		return;
	case DK_RESET_START:
		/* the container restarted: a reset, not two transitions */
		s->power = PD_PWR_ON;
		if (s->st.power != PD_PWR_ON)
			pd_power_settled(s, PD_PWR_ON, origin, s->act_by,
			    s->act_cause);
		else
			pd_reset_done(s, origin, s->act_by, s->act_cause);
		break;
	case DK_CYCLE_KILL:
		pd_power_settled(s, PD_PWR_OFF, origin, s->act_by,
		    PD_CAUSE_UNKNOWN);
		ev_timer_set(&d->tm, (double)s->cfg->delay_ms[LAB_DLY_CYCLE] /
		    1000.0, 0.);
		ev_timer_start(s->pd->loop, &d->tm);
		pd_sync_all(s->pd);
		return;
	case DK_NMI:
		if (status == 204)
			pd_nmi_done(s, origin, s->act_by);
		break;
	}
	dk_finish(d, NULL, NULL);
}

/* POST /containers/<name>/<what>: the name comes from the lab file only */
static void
dk_call(struct dsrv *d, int step, const char *method, const char *what,
    long timeout_ms)
{
	struct pd_srv	*s = d->s;
	char		 name[LAB_STR_MAX * 3 + 1], path[DK_PATH_MAX];

	d->step = step;
	if (engine_escape(s->cfg->container, name, sizeof(name)) == -1 ||
	    (size_t)snprintf(path, sizeof(path), "/containers/%s/%s", name,
	    what) >= sizeof(path) || d->eng == NULL ||
	    engine_request(d->eng->e, method, path, NULL, timeout_ms,
	    action_cb, d) == -1)
		dk_finish(d, "engine", "cannot queue the Engine request");
}

static void
pre_close(struct dsrv *d)
{
	ev_timer_stop(d->s->pd->loop, &d->pre_tm);
	if (d->pre_fd != -1)
		close(d->pre_fd);
	d->pre_fd = -1;
}

static void
pre_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct dsrv	*d = (struct dsrv *)((char *)w - offsetof(struct dsrv,
	    pre_tm));

	UNUSED(loop);
	UNUSED(revents);
	pre_close(d);
}

static void
pre_attach_cb(void *arg, int fd, const char *errmsg)
{
	struct dsrv	*d = arg;

	if (fd == -1)
		log_debug("%s: attach before start: %s", d->s->cfg->id,
		    errmsg != NULL ? errmsg : "failed");
	else {
		sock_set_nonblock(fd, 0);
		d->pre_fd = fd;
		ev_timer_set(&d->pre_tm, DK_PRE_KEEP, 0.);
		ev_timer_start(d->s->pd->loop, &d->pre_tm);
	}
	dk_call(d, d->step, "POST", "start", DK_TIMEOUT_MS);
}

/* NAME='value' for sh(1): a ' inside becomes '\'' */
static void
fact(void *arg, const char *name, const char *v)
{
	FILE	*f = arg;

	fprintf(f, "%s='", name);
	for (; *v != '\0'; v++)
		if (*v == '\'')
			fputs("'\\''", f);
		else if (*v != '\n' && *v != '\r')
			fputc(*v, f);
	fputs("'\n", f);
}

/*
 * boot-facts: DIR/<server>.env, sourced by the server image at boot.
 * The same BMCSIM_* as the exec backend passes, the BIOS settings this
 * boot applies and the boot option chosen.  Written to a temporary
 * file and renamed: a reader sees the old facts or the new.  A failure
 * is logged and leaves no stale file.
 */
static void
dk_boot_facts(struct dsrv *d, int step)
{
	struct pd_srv		*s = d->s;
	const char		*dir = s->cfg->boot_facts;
	char			 path[LAB_PATH_MAX + LAB_ID_MAX + 8];
	char			 tmp[sizeof(path) + 8];
	FILE			*f;
	int			 fd, err;

	if (dir[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/%s.env", dir, s->cfg->id);
	snprintf(tmp, sizeof(tmp), "%s/.%s.env.tmp", dir, s->cfg->id);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_warn("%s: boot-facts %s", s->cfg->id, tmp);
		if (fd != -1)
			close(fd);
		goto stale;
	}
	facts_boot(s, step == DK_RESET_START ? "reset" :
	    step == DK_CYCLE_START ? "cycle" : "on", fact, f);
	err = fflush(f) == EOF || ferror(f);
	if (fclose(f) == EOF)
		err = 1;
	if (err || rename(tmp, path) == -1) {
		log_warn("%s: boot-facts %s", s->cfg->id, path);
		unlink(tmp);
		goto stale;
	}
	return;
stale:
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("%s: boot-facts %s", s->cfg->id, path);
}

/*
 * Attach, then start.  The engine accepts an attach to a stopped
 * container and streams from the start's first byte; a console taker
 * only re-attaches after the old stream's EOF, too late for a reset's
 * boot output.  The next console request gets this attach.
 */
static void
dk_start_attached(struct dsrv *d, int step)
{
	struct pd_srv	*s = d->s;

	d->step = step;
	pre_close(d);
	dk_boot_facts(d, step);
	if (d->eng == NULL || engine_attach(d->eng->e,
	    s->cfg->container, DK_ATTACH_TIMEOUT_MS, pre_attach_cb, d) == -1)
		dk_call(d, step, "POST", "start", DK_TIMEOUT_MS);
}

static void
dk_power(struct pd_srv *s, int act, struct pd_wait *w)
{
	struct dsrv	*d = dk_of(s);
	char		 what[64], sig[48];

	UNUSED(w);
	switch (act) {
	case PD_ACT_ON:
		pd_power_moving(s, PD_PWR_POWERING_ON, s->act_by);
		dk_start_attached(d, DK_START);
		break;
	case PD_ACT_OFF:
		pd_power_moving(s, PD_PWR_POWERING_OFF, s->act_by);
		dk_call(d, DK_KILL, "POST", "kill", DK_TIMEOUT_MS);
		break;
	case PD_ACT_SOFT:
		snprintf(what, sizeof(what), "stop?t=%d", s->cfg->stop_timeout);
		dk_call(d, DK_STOP, "POST", what,
		    DK_TIMEOUT_MS + s->cfg->stop_timeout * 1000L);
		break;
	case PD_ACT_RESET:
		if (s->st.power == PD_PWR_OFF) {
			dk_finish(d, NULL, NULL);	/* no-op when off */
			break;
		}
		dk_call(d, DK_RESET_KILL, "POST", "kill", DK_TIMEOUT_MS);
		break;
	case PD_ACT_CYCLE:
		if (s->st.power == PD_PWR_OFF) {
			pd_power_moving(s, PD_PWR_POWERING_ON, s->act_by);
			dk_start_attached(d, DK_CYCLE_START);
			break;
		}
		pd_power_moving(s, PD_PWR_POWERING_OFF, s->act_by);
		dk_call(d, DK_CYCLE_KILL, "POST", "kill", DK_TIMEOUT_MS);
		break;
	case PD_ACT_NMI:
		if (engine_escape(s->cfg->nmi_signal, sig, sizeof(sig)) == -1) {
			dk_finish(d, "engine", "bad nmi-signal");
			break;
		}
		snprintf(what, sizeof(what), "kill?signal=%s", sig);
		dk_call(d, DK_NMI, "POST", what, DK_TIMEOUT_MS);
		break;
	}
}

static void
inspect_cb(void *arg, int status, const char *body, size_t len,
    const char *errmsg)
{
	struct dsrv	*d = arg;
	struct pd_srv	*s = d->s;
	cJSON		*o = NULL;
	const cJSON	*st, *run;
	int		 p = PD_PWR_UNKNOWN, initial = d->initial;
	struct pd_wait	*w;

	d->inspecting = 0;
	if (status == 200 && (o = json_parse(body, len, NULL)) != NULL &&
	    (st = cJSON_GetObjectItemCaseSensitive(o, "State")) != NULL &&
	    (run = cJSON_GetObjectItemCaseSensitive(st, "Running")) != NULL &&
	    cJSON_IsBool(run))
		p = cJSON_IsTrue(run) ? PD_PWR_ON : PD_PWR_OFF;
	cJSON_Delete(o);
	if (p == PD_PWR_UNKNOWN && !d->warned) {
		log_warnx("%s: container %s: %s", s->cfg->id,
		    s->cfg->container, status == -1 ? (errmsg != NULL ?
		    errmsg : "engine unreachable") : errmsg != NULL &&
		    errmsg[0] != '\0' ? errmsg : "cannot read its state");
		d->warned = 1;
	} else if (p != PD_PWR_UNKNOWN)
		d->warned = 0;
	if (d->again) {
		d->again = 0;
		dk_inspect(d);
		return;
	}
	if (s->busy != NULL)
		return;		/* the action under way settles the state */
	/* an engine going away still answers: restore once it is back */
	d->initial = initial && d->eng != NULL && d->eng->lost;
	if (d->initial)
		initial = 0;
	if (p == PD_PWR_UNKNOWN) {
		pd_power_settled(s, PD_PWR_UNKNOWN, SEL_ORG_ENGINE, "docker",
		    PD_CAUSE_UNKNOWN);
		if (initial)
			d->initial = 1;	/* apply the policy once it answers */
		return;
	}
	if (p != s->st.power) {
		log_info("%s: container %s %s behind powerd's back",
		    s->cfg->id, s->cfg->container, p == PD_PWR_ON ?
		    "started" : "stopped");
		d->ext_off = p == PD_PWR_OFF ? ev_now(s->pd->loop) : 0.;
	}
	pd_power_settled(s, p, SEL_ORG_ENGINE, "external", PD_CAUSE_UNKNOWN);
	pd_sync_all(s->pd);
	/* AC restore: always-on, or previous when it was on */
	if (initial && p == PD_PWR_OFF && (s->st.policy == LAB_POL_ON ||
	    (s->st.policy == LAB_POL_PREVIOUS && d->was_on))) {
		if ((w = pd_wait_new(NULL, -1, PD_OP_POWER, s)) == NULL)
			return;
		s->busy = w;
		strlcpy(s->act_by, "powerd", sizeof(s->act_by));
		s->act_cause = s->st.policy == LAB_POL_ON ?
		    PD_CAUSE_ALWAYS_ON : PD_CAUSE_PREVIOUS;
		dk_power(s, PD_ACT_ON, w);
	}
}

static void
dk_inspect(struct dsrv *d)
{
	struct pd_srv	*s = d->s;
	char		 name[LAB_STR_MAX * 3 + 1], path[DK_PATH_MAX];

	if (d->inspecting) {
		d->again = 1;
		return;
	}
	if (d->eng == NULL ||
	    engine_escape(s->cfg->container, name, sizeof(name)) == -1)
		return;
	snprintf(path, sizeof(path), "/containers/%s/json", name);
	if (engine_request(d->eng->e, "GET", path, NULL, DK_TIMEOUT_MS,
	    inspect_cb, d) == 0)
		d->inspecting = 1;
}

static void
attach_cb(void *arg, int fd, const char *errmsg)
{
	struct dsrv	*d = arg;
	struct pd_wait	*w = d->con_w;
	char		 msg[300];

	d->con_w = NULL;
	if (fd == -1) {
		snprintf(msg, sizeof(msg), "docker attach: %s",
		    errmsg != NULL ? errmsg : "failed");
		log_warnx("%s: %s", d->s->cfg->id, msg);
		pd_wait_done(w, "engine", msg, -1);
		return;
	}
	sock_set_nonblock(fd, 0);
	pd_wait_done(w, NULL, NULL, fd);
}

static void
dk_console(struct pd_srv *s, struct pd_wait *w)
{
	struct dsrv	*d = dk_of(s);
	int		 fd;

	if (d->pre_fd != -1) {
		/* the attach made before the last start: the boot is in it */
		fd = d->pre_fd;
		d->pre_fd = -1;
		ev_timer_stop(s->pd->loop, &d->pre_tm);
		pd_wait_done(w, NULL, NULL, fd);
		return;
	}
	if (d->con_w != NULL) {
		pd_wait_done(w, "busy", "a console attach is under way", -1);
		return;
	}
	d->con_w = w;
	if (d->eng == NULL || engine_attach(d->eng->e,
	    s->cfg->container, DK_ATTACH_TIMEOUT_MS, attach_cb, d) == -1) {
		d->con_w = NULL;
		pd_wait_done(w, "engine", "cannot queue the attach", -1);
	}
}

static int
dk_init(struct pd_srv *s)
{
	struct dsrv	*d;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		log_warn("calloc");
		return -1;
	}
	s->be_data = d;
	d->s = s;
	d->eng = dk_engine_of(s->pd, s->cfg);
	d->initial = 1;
	ev_timer_init(&d->tm, cycle_tm_cb, 0., 0.);
	ev_timer_init(&d->pre_tm, pre_tm_cb, 0., 0.);
	d->pre_fd = -1;
	d->was_on = s->st.power == PD_PWR_ON;
	s->power = PD_PWR_UNKNOWN;	/* until the engine answers */
	dk_inspect(d);
	return 0;
}

static void
dk_fini(struct pd_srv *s)
{
	struct dsrv	*d = dk_of(s);

	if (d == NULL)
		return;
	ev_timer_stop(s->pd->loop, &d->tm);
	pre_close(d);
	/* the engine is gone (no callbacks): the wait is ours to free */
	if (d->con_w != NULL) {
		if (d->con_w->conn != NULL)
			pd_wait_done(d->con_w, "engine", "powerd is stopping",
			    -1);
		else
			free(d->con_w);
	}
	free(d);
	s->be_data = NULL;
}

const struct pd_backend pd_be_docker = {
	"docker", dk_init, dk_fini, dk_power, dk_console
};

/* One events stream per engine, for its containers: start/die noticed. */
static struct pd_srv *
by_container(struct dengine *g, const char *name)
{
	struct pd	*pd = g->pd;
	struct dsrv	*d;
	size_t		 i;

	for (i = 0; i < pd->nsrv; i++)
		if (pd->srv[i].cfg->backend == LAB_BE_DOCKER &&
		    (d = pd->srv[i].be_data) != NULL && d->eng == g &&
		    strcmp(pd->srv[i].cfg->container, name) == 0)
			return &pd->srv[i];
	return NULL;
}

static void
event_cb(void *arg, const cJSON *ev)
{
	struct dengine	*g = arg;
	struct pd_srv	*s;
	const cJSON	*actor, *attrs, *name, *action;

	action = cJSON_GetObjectItemCaseSensitive(ev, "Action");
	actor = cJSON_GetObjectItemCaseSensitive(ev, "Actor");
	attrs = cJSON_GetObjectItemCaseSensitive(actor, "Attributes");
	name = cJSON_GetObjectItemCaseSensitive(attrs, "name");
	if (!cJSON_IsString(action) || !cJSON_IsString(name))
		return;
	if ((s = by_container(g, name->valuestring)) == NULL)
		return;
	log_debug("%s: docker event %s", s->cfg->id, action->valuestring);
	if (strcmp(action->valuestring, "start") == 0 ||
	    strcmp(action->valuestring, "die") == 0 ||
	    strcmp(action->valuestring, "stop") == 0 ||
	    strcmp(action->valuestring, "destroy") == 0)
		dk_inspect(s->be_data);	/* the engine's word, not the event's */
}

/*
 * The stream of one engine went down or came up.  Down: its servers read
 * "unknown" until it answers (their saved state stays as it was), and
 * its return is handled like an AC restore: the power-restore policy
 * applies once its containers can be inspected again.
 */
static void
stream_cb(void *arg, int up)
{
	struct dengine	*g = arg;
	struct pd	*pd = g->pd;
	struct dsrv	*d;
	size_t		 i;

	if (!up) {
		log_warnx("docker engine %s: events stream lost, reconnecting",
		    g->addr);
		/* its servers read unknown until it answers again */
		g->lost = 1;
	} else
		log_info("docker engine %s: events stream up", g->addr);
	/* things may have changed while we were away */
	for (i = 0; i < pd->nsrv; i++) {
		if (pd->srv[i].cfg->backend != LAB_BE_DOCKER ||
		    (d = pd->srv[i].be_data) == NULL || d->eng != g)
			continue;
		if (!up) {
			d->was_on = pd->srv[i].st.power == PD_PWR_ON ||
			    (d->ext_off > 0. && ev_now(pd->loop) - d->ext_off <=
			    DK_SHUTDOWN_WINDOW);
			d->initial = 1;
		}
		dk_inspect(d);
	}
	if (up)
		g->lost = 0;
}

static int
engine_start(struct pd *pd, struct dengine *g)
{
	cJSON	*f = NULL, *a;
	char	*txt = NULL;
	size_t	 i;
	int	 rv = -1;

	if ((g->e = engine_new(pd->loop, g->addr)) == NULL) {
		log_warnx("cannot set up the Docker Engine client for %s",
		    g->addr);
		return -1;
	}
	if (lab_docker_tcp(g->addr) && (g->tls[LAB_TLS_CA] != NULL ||
	    g->tls[LAB_TLS_CERT] != NULL) && engine_set_tls(g->e,
	    g->tls[LAB_TLS_CA], g->tls[LAB_TLS_CERT],
	    g->tls[LAB_TLS_KEY]) == -1) {
		log_warnx("%s: cannot set up TLS", g->addr);
		return -1;
	}
	if ((f = cJSON_CreateObject()) == NULL ||
	    (a = cJSON_AddArrayToObject(f, "type")) == NULL)
		goto out;
	cJSON_AddItemToArray(a, cJSON_CreateString("container"));
	if ((a = cJSON_AddArrayToObject(f, "container")) == NULL)
		goto out;
	for (i = 0; i < pd->lab.nservers; i++)
		if (pd->lab.servers[i].backend == LAB_BE_DOCKER &&
		    dk_engine_of(pd, &pd->lab.servers[i]) == g)
			cJSON_AddItemToArray(a, cJSON_CreateString(
			    pd->lab.servers[i].container));
	if ((txt = cJSON_PrintUnformatted(f)) == NULL ||
	    engine_events(g->e, txt, event_cb, stream_cb, g) == -1)
		goto out;
	log_info("docker backend on %s%s", g->addr, g->tls[LAB_TLS_CA] !=
	    NULL || g->tls[LAB_TLS_CERT] != NULL ? " (TLS)" : "");
	rv = 0;
out:
	cJSON_free(txt);
	cJSON_Delete(f);
	if (rv == -1)
		log_warnx("cannot start the docker events stream");
	return rv;
}

/* One engine per distinct address and TLS files of the docker servers. */
int
pd_docker_start(struct pd *pd)
{
	struct dengines	*all;
	struct dengine	*g;
	size_t		 i;

	if (pd->docker != NULL)
		return 0;
	if ((all = calloc(1, sizeof(*all))) == NULL ||
	    (all->v = calloc(pd->lab.nservers, sizeof(*all->v))) == NULL) {
		free(all);
		log_warn("calloc");
		return -1;
	}
	pd->docker = all;
	for (i = 0; i < pd->lab.nservers; i++) {
		if (pd->lab.servers[i].backend != LAB_BE_DOCKER ||
		    dk_engine_of(pd, &pd->lab.servers[i]) != NULL)
			continue;
		g = &all->v[all->n++];
		g->pd = pd;
		g->addr = dk_addr(pd, &pd->lab.servers[i]);
		g->tls = dk_tls(pd, &pd->lab.servers[i]);
		if (engine_start(pd, g) == -1)
			return -1;
	}
	pd->engine = all->n > 0 ? all->v[0].e : NULL;
	return 0;
}

void
pd_docker_stop(struct pd *pd)
{
	struct dengines	*all = pd->docker;
	size_t		 i;

	if (all == NULL)
		return;
	for (i = 0; i < all->n; i++)
		engine_free(all->v[i].e);
	free(all->v);
	free(all);
	pd->docker = NULL;
	pd->engine = NULL;
}
