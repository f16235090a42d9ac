/* agg.c: aggregated mode (-M): one ipmid serving every server of a servers file. */
/* SPDX-License-Identifier: ISC */

/*
 * Every server gets what a separate ipmid has: its own struct ipmid
 * (configuration, accounts cache, command state, SOL console) and struct
 * net (its UDP listener, the only way in: a datagram's listener names its
 * server).  What is shared holds nothing of one server that another could
 * see: the event loop; per powerd socket one subscription to every
 * server's events, handed to the server its "server" field names, and
 * AGG_PD_CONNS request connections (every request carries its server);
 * the ring of Open Session records (each knows its table); and one sweep
 * timer that runs only while some server has sessions or handshakes.
 * Session slots and the SOL buffers are allocated on first use.
 */

#include <sys/types.h>
#include <sys/resource.h>
#include <malloc.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>

#include "evpdc.h"
#include "log.h"
#include "notify.h"
#include "pdmsg.h"
#include "privdrop.h"
#include "servers.h"
#include "util.h"
#include "ipmid.h"
#include "agg.h"
#include "net.h"
#include "sess.h"
#include "sol.h"
#include "solparam.h"
#include "users.h"

struct agg_pd;

struct agg_srv {
	struct ipmid	 d;
	struct net	 net;
	struct agg_pd	*pd;
};

struct agg_conn {
	struct agg_pd	*pd;
	int		 idx;
};

/* One powerd socket: its subscription and its request connections. */
struct agg_pd {
	struct agg	*a;
	const char	*path;
	struct evpdc	*sub;
	struct evpdc	*req[AGG_PD_CONNS];
	struct agg_conn	 conn[AGG_PD_CONNS];
	int		 nsrv;
};

struct agg {
	struct ev_loop	 *loop;
	struct srvlist	  list;
	struct agg_srv	 *s;
	int		  n;
	int		  nbound;	/* listeners bound so far */
	struct agg_pd	 *pd;
	int		  npd;
	int		 *ht;		/* server index + 1; 0: empty */
	size_t		  htmask;
	struct sess_ring *ring;
	ev_timer	  sweep;
};

static uint32_t
agg_hash(const char *k)
{
	uint32_t	h = 2166136261u;

	while (*k != '\0')
		h = (h ^ (uint8_t)*k++) * 16777619u;
	return h;
}

static int
agg_index(struct agg *a)
{
	size_t	cap = 16, i;
	int	k;

	while (cap < (size_t)a->n * 2)
		cap *= 2;
	if ((a->ht = calloc(cap, sizeof(*a->ht))) == NULL)
		return -1;
	a->htmask = cap - 1;
	for (k = 0; k < a->n; k++) {
		i = agg_hash(a->s[k].d.conf.server) & a->htmask;
		while (a->ht[i] != 0)
			i = (i + 1) & a->htmask;
		a->ht[i] = k + 1;
	}
	return 0;
}

static struct agg_srv *
agg_find(const struct agg *a, const char *id)
{
	size_t	i = agg_hash(id) & a->htmask;

	for (; a->ht[i] != 0; i = (i + 1) & a->htmask)
		if (strcmp(a->s[a->ht[i] - 1].d.conf.server, id) == 0)
			return &a->s[a->ht[i] - 1];
	return NULL;
}

/* A request connection (dis)connected: as net_pd_state for its servers. */
static void
agg_pd_state(void *arg, int connected)
{
	struct agg_conn	*c = arg;
	struct agg	*a = c->pd->a;
	int		 i;

	for (i = 0; i < a->n; i++)
		if (a->s[i].pd == c->pd && a->s[i].d.pd == c->pd->req[c->idx])
			net_pd_state(&a->s[i].d, connected);
}

static void
agg_sub_state(void *arg, int connected)
{
	struct agg_pd	*pd = arg;
	struct agg	*a = pd->a;
	int		 i;

	for (i = 0; i < a->n; i++)
		if (a->s[i].pd == pd)
			net_sub_state(&a->s[i].d, connected);
}

/* An event goes to the server it names, on this powerd; else to all of it. */
static void
agg_pd_event(void *arg, cJSON *ev)
{
	struct agg_pd	*pd = arg;
	struct agg	*a = pd->a;
	struct agg_srv	*s;
	const char	*srv = pdmsg_str(ev, "server", NULL);
	int		 i;

	if (srv != NULL) {
		if ((s = agg_find(a, srv)) != NULL && s->pd == pd)
			net_pd_event(&s->d, ev);
		return;
	}
	for (i = 0; i < a->n; i++)
		if (a->s[i].pd == pd)
			net_pd_event(&a->s[i].d, ev);
}

/* Sessions expire as in each ipmid; the timer stops once none is left. */
static void
agg_sweep_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct agg	*a = (struct agg *)((char *)w -
			    offsetof(struct agg, sweep));
	double		 now = ev_now(loop);
	int		 i, busy = 0;

	(void)revents;
	for (i = 0; i < a->n; i++) {
		if (!sess_busy(a->s[i].d.sessions))
			continue;
		sess_sweep(&a->s[i].d, now);
		busy |= sess_busy(a->s[i].d.sessions);
	}
	if (sess_ring_sweep(a->ring, now) == 0 && !busy) {
		ev_timer_stop(loop, w);
		/* the slots of thousands of sessions, back to the system */
		(void)malloc_trim(0);
	}
}

static void
agg_sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)revents;
	log_debug("signal %d, shutting down", w->signum);
	ev_break(loop, EVBREAK_ALL);
}

/* The servers of file, each with the base configuration; -1 with err. */
static int
agg_load(struct agg *a, const char *file, const struct ipmid_conf *base,
    char *err, size_t errlen)
{
	const struct srvent	*e;
	const char		*path;
	int			 i, k;

	if (servers_load(file, &a->list, err, errlen) == -1)
		return -1;
	if (a->list.n == 0) {
		snprintf(err, errlen, "%s: no servers", file);
		return -1;
	}
	if ((a->s = calloc((size_t)a->list.n, sizeof(*a->s))) == NULL ||
	    (a->pd = calloc((size_t)a->list.n, sizeof(*a->pd))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < a->list.n; i++) {
		e = &a->list.s[i];
		if (e->v[SK_IPMI] == NULL) {
			snprintf(err, errlen, "%s:%d: server %s has no ipmi=",
			    file, e->line, e->id);
			return -1;
		}
		a->s[i].d.conf = *base;
		if (strlcpy(a->s[i].d.conf.server, e->id,
		    sizeof(a->s[i].d.conf.server)) >=
		    sizeof(a->s[i].d.conf.server) ||
		    (e->v[SK_POWERD] != NULL && strlcpy(a->s[i].d.conf.pdsock,
		    e->v[SK_POWERD], sizeof(a->s[i].d.conf.pdsock)) >=
		    sizeof(a->s[i].d.conf.pdsock))) {
			snprintf(err, errlen, "%s:%d: server %s: name or "
			    "powerd= too long", file, e->line, e->id);
			return -1;
		}
		if (e->v[SK_SOL] != NULL && strlen(e->v[SK_SOL]) >= 108) {
			snprintf(err, errlen, "%s:%d: server %s: sol= too long",
			    file, e->line, e->id);
			return -1;
		}
		/* its powerd: the ones so far are few (usually one) */
		path = a->s[i].d.conf.pdsock;
		for (k = 0; k < a->npd; k++)
			if (strcmp(a->pd[k].path, path) == 0)
				break;
		if (k == a->npd) {
			a->pd[k].a = a;
			a->pd[k].path = path;
			a->npd++;
		}
		a->s[i].pd = &a->pd[k];
		a->s[i].d.pd = NULL;
		a->pd[k].nsrv++;
	}
	a->n = a->list.n;
	return agg_index(a) == -1 ? (snprintf(err, errlen, "out of memory"),
	    -1) : 0;
}

/* Raise the soft fd limit to the hard one; -1 if the servers need more. */
static int
agg_fds(const struct agg *a)
{
	return servers_fd_budget(a->n, (long long)a->n * AGG_FDS_SRV +
	    (long long)a->npd * (1 + AGG_PD_CONNS) + AGG_FDS_BASE);
}

static int
agg_bind(struct agg *a)
{
	char	*addr;
	int	 i;

	for (i = 0; i < a->n; i++) {
		addr = a->list.s[i].v[SK_IPMI];
		if (net_bind(&a->s[i].net, &a->s[i].d, &addr, 1) == -1) {
			log_warnx("server %s: cannot listen on %s",
			    a->s[i].d.conf.server, addr);
			return -1;
		}
		a->nbound++;
		a->s[i].net.wake = &a->sweep;
		net_lan_conf(&a->s[i].net, &a->s[i].d.conf);
	}
	return 0;
}

/* Contexts, then the shared powerd connections. */
static int
agg_setup(struct agg *a)
{
	struct agg_srv	*s;
	struct agg_pd	*pd;
	char		 sol[108];
	const char	*v;
	int		 i, k;

	if ((a->ring = sess_ring_new()) == NULL)
		return -1;
	for (i = 0; i < a->n; i++) {
		s = &a->s[i];
		s->d.loop = a->loop;
		s->d.start_time = time(NULL);
		if ((s->d.sessions = sess_new_lazy(s->d.conf.max_sessions,
		    net_send, &s->net, a->ring)) == NULL ||
		    users_init(&s->d) == -1 || cmd_init(&s->d) == -1)
			return -1;
		sess_set_port(s->d.sessions, 0, (uint16_t)net_port(&s->net, 0));
		solparam_set_port(&s->d, (uint16_t)net_port(&s->net, 0));
		if ((v = a->list.s[i].v[SK_SOL]) == NULL) {
			snprintf(sol, sizeof(sol), "/run/bmcsim/sold-%s.sock",
			    s->d.conf.server);
			v = sol;
		}
		if (sol_init(&s->d, v) == -1)
			return -1;
	}
	for (k = 0; k < a->npd; k++) {
		pd = &a->pd[k];
		if ((pd->sub = evpdc_subscribe(a->loop, pd->path, NULL,
		    agg_pd_event, agg_sub_state, pd)) == NULL)
			return -1;
		for (i = 0; i < AGG_PD_CONNS; i++) {
			pd->conn[i].pd = pd;
			pd->conn[i].idx = i;
			if ((pd->req[i] = evpdc_new(a->loop, pd->path,
			    agg_pd_state, &pd->conn[i])) == NULL)
				return -1;
		}
	}
	/* spread the servers of each powerd over its request connections */
	for (i = 0; i < a->n; i++)
		a->s[i].d.pd = a->s[i].pd->req[i % AGG_PD_CONNS];
	return 0;
}

static void
agg_free(struct agg *a)
{
	int	i, k;

	for (i = 0; i < a->nbound; i++)
		net_stop(&a->s[i].net);
	if (a->loop != NULL)
		ev_timer_stop(a->loop, &a->sweep);
	for (i = 0; a->s != NULL && i < a->n; i++) {
		sol_fini(&a->s[i].d);
		cmd_fini(&a->s[i].d);
	}
	for (k = 0; a->pd != NULL && k < a->npd; k++) {
		evpdc_free(a->pd[k].sub);
		for (i = 0; i < AGG_PD_CONNS; i++)
			evpdc_free(a->pd[k].req[i]);
	}
	for (i = 0; a->s != NULL && i < a->n; i++) {
		users_fini(&a->s[i].d);
		sess_free(a->s[i].d.sessions);
	}
	sess_ring_free(a->ring);
	free(a->ht);
	free(a->pd);
	free(a->s);
	servers_free(&a->list);
}

int
agg_main(const char *file, const struct ipmid_conf *base, const char *user,
    uid_t uid, gid_t gid, int noaction, int rdyfd)
{
	static struct agg	 a;
	ev_signal		 sterm, sint;
	char			 err[512], line[256];
	int			 i;

	if (agg_load(&a, file, base, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		agg_free(&a);
		return EXIT_USAGE;
	}
	if (noaction) {
		fprintf(stderr, "configuration OK\n");
		agg_free(&a);
		return 0;
	}
	if (agg_fds(&a) == -1) {
		agg_free(&a);
		return EXIT_RUNTIME;
	}
	signal(SIGPIPE, SIG_IGN);
	a.loop = ev_default_loop(0);
	ev_timer_init(&a.sweep, agg_sweep_cb, NET_SWEEP_S, NET_SWEEP_S);
	if (agg_bind(&a) == -1) {
		agg_free(&a);
		return EXIT_RUNTIME;
	}
	if (user != NULL)
		privdrop(user, uid, gid);
	if (agg_setup(&a) == -1)
		fatal("server contexts");

	ev_signal_init(&sterm, agg_sig_cb, SIGTERM);
	ev_signal_init(&sint, agg_sig_cb, SIGINT);
	ev_signal_start(a.loop, &sterm);
	ev_signal_start(a.loop, &sint);
	signal(SIGHUP, SIG_IGN);
	for (i = 0; i < a.n; i++) {
		net_start(&a.s[i].net);
		log_debug("%s: listening on %s", a.s[i].d.conf.server,
		    a.s[i].net.l[0].addr);
	}
	if (a.n == 1)
		snprintf(line, sizeof(line), "%s: 1 server, %s",
		    a.s[0].d.conf.server, a.s[0].net.l[0].addr);
	else
		snprintf(line, sizeof(line), "%s..%s: %d servers, %s",
		    a.s[0].d.conf.server, a.s[a.n - 1].d.conf.server, a.n,
		    a.s[0].net.l[0].addr);
	log_info("%s", line);
	if (notify_ready(rdyfd, line) == -1)
		log_warn("readiness notification");

	ev_run(a.loop, 0);

	notify_stopping();
	ev_signal_stop(a.loop, &sterm);
	ev_signal_stop(a.loop, &sint);
	agg_free(&a);
	ev_loop_destroy(a.loop);
	return 0;
}
