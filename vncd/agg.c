/* agg.c: vncd -M servers-file: every server of a lab from one process. */
/* SPDX-License-Identifier: ISC */
#include <sys/resource.h>

#include <sys/select.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "log.h"
#include "notify.h"
#include "privdrop.h"
#include "servers.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"

/*
 * Aggregated mode (vncd(8), -M): one struct vncd per server line, each
 * with its own RFB and page listeners, sold connection, terminal model,
 * viewers and (only while viewers are connected) screen and pixels.
 * Shared by all: the loop thread, rfb.c's listener thread polling every
 * RFB socket, one civetweb (web.c) for every page port, and per powerd
 * socket one subscriber and one request connection (power.c).
 *
 * File descriptors per server: the RFB listener, the page listener
 * (ours, then civetweb's: lazyweb.c closes ours as it hands it over),
 * the sold connection; viewers come on top.
 *
 * libvncserver's viewer threads select(2) on their socket: a descriptor
 * at FD_SETSIZE (1024) or above aborts the process (fortify).  So the
 * descriptors that stay, thousands of them, live at 1024 and up
 * (vncd_highfd), and viewers' sockets take the low ones.
 */
#define AGG_FDS_PER_SERVER	3
#define AGG_FDS_BASE		64	/* powerd, pipes, stdio */

struct agg_port {
	int		 port;
	struct vncd	*v;
};

static struct vncd	 *agg_srv;		/* every server, file order */
static struct vncd	**agg_vs;
static int		  agg_n;
static struct vncd	**agg_tab;		/* by id: open addressing */
static size_t		  agg_tabsz;
static struct agg_port	 *agg_ports;		/* page ports, sorted */
static int		  agg_nports;

/* fd moved to FD_SETSIZE or above, for good; fd itself if it cannot be. */
int
vncd_highfd(int fd)
{
	int	nfd;

	if (fd < 0 || fd >= FD_SETSIZE ||
	    (nfd = fcntl(fd, F_DUPFD_CLOEXEC, FD_SETSIZE)) == -1)
		return fd;
	close(fd);
	return nfd;
}

static size_t
agg_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static struct vncd *
agg_find(const char *id)
{
	size_t	i;

	for (i = agg_hash(id) & (agg_tabsz - 1); agg_tab[i] != NULL;
	    i = (i + 1) & (agg_tabsz - 1))
		if (strcmp(agg_tab[i]->server, id) == 0)
			return agg_tab[i];
	return NULL;
}

static int
agg_port_cmp(const void *a, const void *b)
{
	const struct agg_port	*x = a, *y = b;

	return (x->port > y->port) - (x->port < y->port);
}

/*
 * The server a page connection is for: its local port, and where several
 * servers listen on that port (each on its own address) the address the
 * Host header names, as name-based virtual hosting does.
 */
static struct vncd *
agg_web_find(int port, const char *host)
{
	char	h[SOCK_ADDRSTR_MAX], a[SOCK_ADDRSTR_MAX], *p;
	int	lo = 0, hi = agg_nports, i;

	while (lo < hi) {
		i = (lo + hi) / 2;
		if (agg_ports[i].port < port)
			lo = i + 1;
		else
			hi = i;
	}
	if (lo == agg_nports || agg_ports[lo].port != port)
		return NULL;
	if (lo + 1 == agg_nports || agg_ports[lo + 1].port != port)
		return agg_ports[lo].v;
	if (host == NULL || strlen(host) >= sizeof(h))
		return NULL;
	strlcpy(h, host, sizeof(h));
	if (h[0] == '[') {
		if ((p = strchr(h, ']')) == NULL)
			return NULL;
		*p = '\0';
		memmove(h, h + 1, strlen(h));
	} else if ((p = strrchr(h, ':')) != NULL)
		*p = '\0';
	if (strcasecmp(h, "localhost") == 0)
		strlcpy(h, "127.0.0.1", sizeof(h));
	for (i = lo; i < agg_nports && agg_ports[i].port == port; i++) {
		strlcpy(a, agg_ports[i].v->webaddr, sizeof(a));
		if ((p = strrchr(a, ':')) != NULL)
			*p = '\0';
		p = a[0] == '[' ? a + 1 : a;
		if (p != a && p[strlen(p) - 1] == ']')
			p[strlen(p) - 1] = '\0';
		if (strcmp(p, h) == 0)
			return agg_ports[i].v;
	}
	return NULL;
}

static void
agg_sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	UNUSED(revents);
	log_info("signal %d: stopping", w->signum);
	ev_break(loop, EVBREAK_ALL);
}

/* screen=: "host:port" as proxy.c connects to it (libvncclient). */
static int
agg_upstream_ok(const char *s)
{
	const char	*colon = strrchr(s, ':'), *errstr;

	if (colon == NULL || colon == s || (size_t)(colon - s) >= 256)
		return 0;
	(void)strtonum(colon + 1, 1, 65535, &errstr);
	return errstr == NULL;
}

/* The servers of the file, checked; EXIT_USAGE on a bad one. */
static int
agg_setup(struct vncd *t, const char *file, const struct srvlist *l)
{
	const struct srvent	*e;
	struct vncd		*v;
	size_t			 i;
	int			 k, r;

	if (l->n == 0) {
		log_warnx("%s: no servers", file);
		return -1;
	}
	if ((agg_srv = calloc((size_t)l->n, sizeof(*agg_srv))) == NULL ||
	    (agg_vs = calloc((size_t)l->n, sizeof(*agg_vs))) == NULL)
		fatal("servers");
	for (agg_tabsz = 16; agg_tabsz < (size_t)l->n * 2; agg_tabsz *= 2)
		;
	if ((agg_tab = calloc(agg_tabsz, sizeof(*agg_tab))) == NULL)
		fatal("servers");
	for (k = 0; k < l->n; k++) {
		e = &l->s[k];
		v = &agg_srv[k];
		if (e->v[SK_VNC] == NULL) {
			log_warnx("%s:%d: server %s has no vnc= (vncd's RFB "
			    "listener)", file, e->line, e->id);
			return -1;
		}
		/* screen=: proxy mode; -m proxy wants it on every line */
		if (e->v[SK_SCREEN] == NULL && t->mode == VNCD_PROXY) {
			log_warnx("%s:%d: server %s has no screen= (-m proxy: "
			    "its VNC server)", file, e->line, e->id);
			return -1;
		}
		if (e->v[SK_SCREEN] != NULL &&
		    !agg_upstream_ok(e->v[SK_SCREEN])) {
			log_warnx("%s:%d: server %s: screen=%s: want "
			    "host:port", file, e->line, e->id,
			    e->v[SK_SCREEN]);
			return -1;
		}
		v->mode = e->v[SK_SCREEN] != NULL ? VNCD_PROXY : VNCD_CONSOLE;
		v->upstream = e->v[SK_SCREEN];
		v->lazy = 1;
		v->agg = 1;
		v->server = e->id;
		v->listen = e->v[SK_VNC];
		v->websrc = e->v[SK_NOVNC];
		v->soldsock = e->v[SK_SOL];
		v->pdsock = e->v[SK_POWERD] != NULL ? e->v[SK_POWERD] :
		    t->pdsock;
		v->pwfile = t->pwfile;
		v->novnc = t->novnc;
		v->wswait = t->wswait;
		v->history = t->history;
		v->webthreads = t->webthreads;
		v->rfbfd = v->soldfd = v->proxywake = v->webfd = -1;
		strlcpy(v->password, t->password, sizeof(v->password));
		strlcpy(v->desktop, e->id, sizeof(v->desktop));
		if (v->soldsock != NULL)
			r = snprintf(v->soldpath, sizeof(v->soldpath), "%s",
			    v->soldsock);
		else
			r = snprintf(v->soldpath, sizeof(v->soldpath),
			    VNCD_SOLD_DEFAULT, v->server);
		if (r < 0 || (size_t)r >= sizeof(v->soldpath)) {
			log_warnx("%s:%d: sold socket path too long", file,
			    e->line);
			return -1;
		}
		/* anonymous viewers only on loopback, as without -M */
		if (v->password[0] == '\0' && (sock_addr_is_loopback(v->listen,
		    "127.0.0.1") != 1 || (v->websrc != NULL &&
		    sock_addr_is_loopback(v->websrc, "127.0.0.1") != 1))) {
			log_warnx("%s:%d: server %s: not a loopback address: a "
			    "VNC password is required (-P, password-file)",
			    file, e->line, e->id);
			return -1;
		}
		agg_vs[k] = v;
		for (i = agg_hash(v->server) & (agg_tabsz - 1);
		    agg_tab[i] != NULL; i = (i + 1) & (agg_tabsz - 1))
			;
		agg_tab[i] = v;
	}
	agg_n = l->n;
	return 0;
}

/* Soft limit up to the hard one; refuse what it cannot hold. */
static int
agg_fds(int n)
{
	return servers_fd_budget(n, (long long)FD_SETSIZE +
	    (long long)n * AGG_FDS_PER_SERVER + AGG_FDS_BASE);
}

int
agg_main(struct vncd *t, const char *file, int checkonly, const char *user,
    uid_t uid, gid_t gid, int readyfd)
{
	struct srvlist		 l;
	struct ev_loop		*loop = NULL;
	struct vncd		*v;
	ev_signal		 sterm, sint;
	sigset_t		 sigs, oset;
	char			 err[512], ready[3 * SOCK_ADDRSTR_MAX + 64];
	int			 i, j, rc = EXIT_USAGE, started = 0;
	int			 nconsole = 0;

	memset(&l, 0, sizeof(l));
	if (servers_load(file, &l, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		goto out;
	}
	if (agg_setup(t, file, &l) == -1)
		goto out;
	if (checkonly) {
		fprintf(stderr, "configuration OK\n");
		rc = 0;
		goto out;
	}
	rc = EXIT_RUNTIME;
	if (agg_fds(agg_n) == -1)
		goto out;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &oset);
	loop = ev_default_loop(0);
	for (i = 0; i < agg_n; i++) {
		v = agg_vs[i];
		v->loop = loop;
		v->w = FB_TEXT_W;
		v->h = FB_TEXT_H;
		pthread_mutex_init(&v->inqlock, NULL);
		pthread_mutex_init(&v->evqlock, NULL);
		if (rfb_bind(v) == -1) {
			log_warnx("server %s: cannot listen on %s: not started",
			    v->server, v->listen);
			goto out;
		}
		v->rfbfd = vncd_highfd(v->rfbfd);
	}
	if (lazyweb_init_all(t, agg_vs, agg_n) == -1)
		goto out;
	if ((agg_ports = calloc((size_t)agg_n, sizeof(*agg_ports))) == NULL)
		fatal("servers");
	for (i = 0; i < agg_n; i++)
		if (agg_vs[i]->webfd != -1) {
			agg_ports[agg_nports].port = agg_vs[i]->webport;
			agg_ports[agg_nports++].v = agg_vs[i];
		}
	qsort(agg_ports, (size_t)agg_nports, sizeof(*agg_ports),
	    agg_port_cmp);
	web_find = agg_web_find;
	if (user != NULL)
		privdrop(user, uid, gid);
	for (i = 0; i < agg_n; i++) {
		if (agg_vs[i]->mode == VNCD_PROXY)
			proxy_agg_init(agg_vs[i]);
		else if (console_init(agg_vs[i]) == -1)
			goto out;
		else
			nconsole++;
	}
	started = 1;
	if (power_init_all(loop, agg_vs, agg_n, agg_find) == -1 ||
	    rfb_start_all(agg_vs, agg_n) == -1)
		goto out;
	v = agg_vs[0];
	snprintf(ready, sizeof(ready), "%s..%s: %d servers, %s%s%s",
	    v->server, agg_vs[agg_n - 1]->server, agg_n, v->rfbaddr,
	    v->websrc != NULL ? " " : "", v->websrc != NULL ? v->webaddr : "");
	log_info("%d console, %d proxied: %s", nconsole, agg_n - nconsole,
	    ready);
	ev_signal_init(&sterm, agg_sig_cb, SIGTERM);
	ev_signal_start(loop, &sterm);
	ev_signal_init(&sint, agg_sig_cb, SIGINT);
	ev_signal_start(loop, &sint);
	signal(SIGHUP, SIG_IGN);
	pthread_sigmask(SIG_SETMASK, &oset, NULL);
	if (notify_ready(readyfd, ready) == -1)
		log_warn("readiness fd");
	readyfd = -1;

	ev_run(loop, 0);

	notify_stopping();
	ev_signal_stop(loop, &sterm);
	ev_signal_stop(loop, &sint);
	rc = 0;
out:
	lazyweb_fini_all();
	power_fini_all();
	for (i = 0; i < agg_n; i++) {
		v = agg_vs[i];
		v->pdc = NULL;		/* power.c's, shared */
		if (v->mode == VNCD_PROXY)
			proxy_fini(v);	/* before the screen it draws on */
		rfb_fini(v);
		if (started && v->mode == VNCD_PROXY)
			proxy_agg_fini(v);
		else if (started)
			console_fini(v);
		for (j = 0; j < v->noldfb; j++)
			free(v->oldfb[j]);
		free(v->px);
		util_zeroize(v->password, sizeof(v->password));
	}
	free(agg_ports);
	free(agg_tab);
	free(agg_vs);
	free(agg_srv);
	servers_free(&l);
	if (loop != NULL)
		ev_loop_destroy(loop);
	if (readyfd != -1)
		close(readyfd);
	return rc;
}
