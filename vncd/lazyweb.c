/* lazyweb.c: the noVNC page server starts at its first connection. */
/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <civetweb.h>
#include <ev.h>

#include "log.h"
#include "mgbind.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"

/*
 * The page server (web.c) is civetweb with web-threads workers, every one
 * a thread with its stack: on a fleet host that idles, most vncd never
 * serve a page.  So vncd listens on the page address itself, from the
 * start (the readiness line names it), and starts civetweb when the first
 * connection waits there, handing it the socket (common/mgbind.c), so
 * the connections already queued are its first ones.
 */
#define LW_BACKLOG	128		/* civetweb listens with SOMAXCONN */

static int		 lw_fd = -1;	/* our listener, until civetweb's */
static ev_io		 lw_io;
static int		(*lw_socket)(int, int, int);
static pthread_once_t	 lw_once = PTHREAD_ONCE_INIT;
/* -M: every server's page socket, handed over by address */
static struct vncd	**lw_all;
static int		 lw_nall;
static struct vncd	*lw_tmpl;

static void
lw_lookup(void)
{
	*(void **)&lw_socket = dlsym(RTLD_NEXT, "socket");
}

/*
 * -M: civetweb's listening sockets, thousands, go above FD_SETSIZE like
 * every lasting descriptor (agg.c, vncd_highfd); viewers need the low ones.
 */
int
socket(int domain, int type, int protocol)
{
	int	fd;

	pthread_once(&lw_once, lw_lookup);
	if (lw_socket == NULL || lw_socket == socket) {
		errno = ENOSYS;
		return -1;
	}
	fd = lw_socket(domain, type, protocol);
	if (lw_all != NULL && mgbind_active())
		fd = vncd_highfd(fd);
	return fd;
}

static void
lw_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct vncd	*v = w->data;
	struct mgbind	 mb = { .fd = lw_fd };
	sigset_t	 all, old;
	int		 r = -1;

	UNUSED(revents);
	ev_io_stop(loop, w);
	/* civetweb listens on exactly our address; its threads take no signal */
	v->web = v->webaddr;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (mgbind_prepare(&mb, 1) == 0) {
		mgbind_begin(&mb, 1);
		r = web_init(v);
		mgbind_end();
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(lw_fd);			/* civetweb holds its own copy */
	lw_fd = -1;
	if (r == -1) {
		log_warnx("web %s: the page server did not start", v->webaddr);
		web_fini(v);
	} else
		log_debug("web %s: page server started", v->webaddr);
}

int
lazyweb_init(struct vncd *v)
{
	if (mgbind_addr_ok("web", v->web, "127.0.0.1") == -1)
		return -1;
	if ((lw_fd = sock_tcp_listen(v->web, "127.0.0.1", LW_BACKLOG)) == -1 ||
	    sock_set_nonblock(lw_fd, 1) == -1 ||
	    sock_local_str(lw_fd, v->webaddr, sizeof(v->webaddr)) == NULL) {
		log_warn("web %s", v->web);
		return -1;
	}
	ev_io_init(&lw_io, lw_cb, lw_fd, EV_READ);
	lw_io.data = v;
	ev_io_start(v->loop, &lw_io);
	return 0;
}

void
lazyweb_fini(struct vncd *v)
{
	if (lw_fd != -1) {
		if (v->loop != NULL)
			ev_io_stop(v->loop, &lw_io);
		close(lw_fd);
		lw_fd = -1;
	}
}

static void
lw_all_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct mgbind	*mb;
	sigset_t	 all, old;
	int		 i, r = -1;

	UNUSED(w);
	UNUSED(revents);
	for (i = 0; i < lw_nall; i++)
		if (lw_all[i]->webfd != -1)
			ev_io_stop(loop, &lw_all[i]->webio);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (lw_nall > 0 &&
	    (mb = calloc((size_t)lw_nall, sizeof(*mb))) != NULL) {
		for (i = 0; i < lw_nall; i++) {
			mb[i].fd = lw_all[i]->webfd;
			mb[i].close = 1;	/* one descriptor each, not two */
		}
		if (mgbind_prepare(mb, lw_nall) == 0) {
			mgbind_begin(mb, lw_nall);
			r = web_init_all(lw_tmpl, lw_all, lw_nall);
			mgbind_end();
		}
		for (i = 0; i < lw_nall; i++)
			if (mb[i].taken)
				lw_all[i]->webfd = -1;
		free(mb);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (i = 0; i < lw_nall; i++)
		if (lw_all[i]->webfd != -1) {
			close(lw_all[i]->webfd);
			lw_all[i]->webfd = -1;
		}
	lw_all = NULL;
	if (r == -1) {
		log_warnx("web: the page server did not start");
		web_fini_all();
	} else
		log_debug("web: page server started for %d servers", lw_nall);
}

/* -M: every server's page address is bound now, civetweb starts later. */
int
lazyweb_init_all(struct vncd *tmpl, struct vncd **vs, int n)
{
	char			 who[VNCD_NAME_MAX + 8];
	struct vncd		*v;
	int			 i;

	lw_tmpl = tmpl;
	lw_all = vs;
	lw_nall = n;
	for (i = 0; i < n; i++) {
		v = vs[i];
		if (v->websrc == NULL)
			continue;
		(void)snprintf(who, sizeof(who), "%s: novnc", v->server);
		if (mgbind_addr_ok(who, v->websrc, "127.0.0.1") == -1)
			return -1;
		if ((v->webfd = vncd_highfd(sock_tcp_listen(v->websrc,
		    "127.0.0.1", LW_BACKLOG))) == -1 ||
		    sock_set_nonblock(v->webfd, 1) == -1 ||
		    sock_local_str(v->webfd, v->webaddr,
		    sizeof(v->webaddr)) == NULL) {
			log_warn("%s: novnc %s", v->server, v->websrc);
			return -1;
		}
		v->webport = atoi(strrchr(v->webaddr, ':') + 1);
		ev_io_init(&v->webio, lw_all_cb, v->webfd, EV_READ);
		ev_io_start(v->loop, &v->webio);
	}
	return 0;
}

void
lazyweb_fini_all(void)
{
	int	i;

	if (lw_all != NULL)
		for (i = 0; i < lw_nall; i++)
			if (lw_all[i]->webfd != -1) {
				ev_io_stop(lw_all[i]->loop, &lw_all[i]->webio);
				close(lw_all[i]->webfd);
				lw_all[i]->webfd = -1;
			}
	lw_all = NULL;
	web_fini_all();
}
