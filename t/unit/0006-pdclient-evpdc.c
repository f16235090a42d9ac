/* 0006-pdclient-evpdc.c: the blocking and the libev powerd clients against fake servers. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evpdc.h"
#include "fdpass.h"
#include "pdclient.h"
#include "pdmsg.h"
#include "sock.h"
#include "util.h"
#include "../tap.h"
#include "fdtest.h"

static char	sockpath[PATH_MAX];

static int
wr(int fd, const char *s)
{
	return send(fd, s, strlen(s), MSG_NOSIGNAL) == (ssize_t)strlen(s) ?
	    0 : -1;
}

/* Read one request line from a blocking fd; returns it parsed. */
static cJSON *
read_req(int fd)
{
	char	buf[PD_MSG_MAX];
	size_t	n = 0;
	ssize_t	r;

	while (n < sizeof(buf)) {
		if ((r = read(fd, buf + n, 1)) <= 0)
			return NULL;
		if (buf[n] == '\n')
			return pdmsg_parse(buf, n);
		n++;
	}
	return NULL;
}

/* ---- pdclient ---- */

struct script {
	int		 l;
	int		 servers;	/* reply {"id":…,"ok":true,"servers":N} */
	size_t		 flood;		/* else: send this many 'a's */
};

static void *
script_srv(void *arg)
{
	struct script	*s = arg;
	char		 buf[512], chunk[8192];
	cJSON		*req;
	size_t		 left;
	int		 a, fl;

	fl = fcntl(s->l, F_GETFL);
	fcntl(s->l, F_SETFL, fl & ~O_NONBLOCK);
	if ((a = accept(s->l, NULL, NULL)) == -1)
		return NULL;
	if ((req = read_req(a)) != NULL) {
		if (s->flood > 0) {
			memset(chunk, 'a', sizeof(chunk));
			for (left = s->flood; left > 0;) {
				size_t n = left < sizeof(chunk) ? left :
				    sizeof(chunk);
				if (send(a, chunk, n, MSG_NOSIGNAL) == -1)
					break;
				left -= n;
			}
		} else {
			snprintf(buf, sizeof(buf),
			    "{\"v\":1,\"id\":%ld,\"ok\":true,\"servers\":%d}\n",
			    pdmsg_id(req), s->servers);
			wr(a, buf);
		}
		cJSON_Delete(req);
	}
	close(a);
	return NULL;
}

static void
test_pdclient(void)
{
	struct pdc	*p;
	struct script	 sc;
	pthread_t	 th;
	cJSON		*req, *reply, *got;
	uint64_t	 t0;
	char		 big[5000];
	int		 l, a, pp[2], fd, base, e;

	l = sock_unix_listen(sockpath, 0600, 8);
	ok(l != -1, "fake powerd listening");
	if (pipe(pp) == -1)
		return;
	base = count_fds();

	p = pdc_open(sockpath, 1000);
	ok(p != NULL && pdc_fd(p) >= 0, "pdc_open");
	a = accept(l, NULL, NULL);
	ok(a != -1, "accepted");
	sock_set_nonblock(a, 0);

	/* a stray line first, then the reply for id 1 */
	wr(a, "{\"v\":1,\"id\":99,\"ok\":true}\n"
	    "{\"v\":1,\"id\":1,\"ok\":true,\"power\":\"on\"}\n");
	req = pdmsg_request(0, "status", "srv1");
	is_int(pdc_call(p, req, &reply, NULL, 2000), 0, "pdc_call");
	is_str(pdmsg_str(reply, "power", NULL), "on", "reply for our id");
	cJSON_Delete(reply);
	got = read_req(a);
	ok(got != NULL && pdmsg_id(got) == 1 && pdmsg_num(got, "v", 0) == 1 &&
	    strcmp(pdmsg_str(got, "op", ""), "status") == 0,
	    "request carries v, id and op");
	cJSON_Delete(got);
	ok(pdmsg_id(req) == 1, "id set on the caller's request");

	/* fd with the reply, sent in two parts: the fd with the first */
	fdpass_send(a, "{\"v\":1,\"id\":2,", 14, pp[1]);
	wr(a, "\"ok\":true,\"fd\":1}\n");
	is_int(pdc_call(p, req, &reply, &fd, 2000), 0, "console call");
	ok(fd >= 0 && write(fd, "z", 1) == 1, "fd received and usable");
	close(fd);
	cJSON_Delete(reply);
	cJSON_Delete(read_req(a));

	/* fd the caller did not ask for is closed */
	fdpass_send(a, "{\"v\":1,\"id\":3,\"ok\":true,\"fd\":1}\n", 32, pp[1]);
	is_int(pdc_call(p, req, &reply, NULL, 2000), 0, "fd not asked for");
	cJSON_Delete(reply);
	cJSON_Delete(read_req(a));
	is_int(count_fds(), base + 2, "unasked fd closed");

	/* an fd with a reply that does not say fd:1 */
	fdpass_send(a, "{\"v\":1,\"id\":4,\"ok\":true}\n", 25, pp[1]);
	ok(pdc_call(p, req, &reply, &fd, 2000) == -1 && errno == EPROTO &&
	    reply == NULL && fd == -1, "unexpected fd is EPROTO");
	pdc_close(p);
	close(a);
	is_int(count_fds(), base, "fd closed with the connection");

	/* fd:1 and no fd */
	p = pdc_open(sockpath, 1000);
	a = accept(l, NULL, NULL);
	sock_set_nonblock(a, 0);
	wr(a, "{\"v\":1,\"id\":1,\"ok\":true,\"fd\":1}\n");
	ok(pdc_call(p, req, &reply, &fd, 2000) == -1 && errno == EPROTO,
	    "missing fd is EPROTO");
	pdc_close(p);
	close(a);

	/* garbage */
	p = pdc_open(sockpath, 1000);
	a = accept(l, NULL, NULL);
	wr(a, "this is not json\n");
	ok(pdc_call(p, req, &reply, NULL, 2000) == -1 && errno == EPROTO,
	    "garbage is EPROTO");
	pdc_close(p);
	close(a);

	/* timeout */
	p = pdc_open(sockpath, 1000);
	a = accept(l, NULL, NULL);
	t0 = now_ms();
	e = pdc_call(p, req, &reply, NULL, 150) == -1 ? errno : 0;
	is_int(e, ETIMEDOUT, "no reply is ETIMEDOUT");
	ok(now_ms() - t0 >= 140 && now_ms() - t0 < 5000, "after the timeout");
	pdc_close(p);
	close(a);

	/* peer closes */
	p = pdc_open(sockpath, 1000);
	a = accept(l, NULL, NULL);
	wr(a, "{\"v\":1,\"id\":1,");
	close(a);
	e = pdc_call(p, req, &reply, NULL, 2000) == -1 ? errno : 0;
	ok(e == ECONNRESET || e == EPIPE, "closed peer is ECONNRESET (%d)", e);
	pdc_close(p);

	/* request too long */
	p = pdc_open(sockpath, 1000);
	a = accept(l, NULL, NULL);
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	got = pdmsg_request(0, "raw", NULL);
	cJSON_AddStringToObject(got, "x", big);
	ok(pdc_call(p, got, &reply, NULL, 2000) == -1 && errno == EMSGSIZE,
	    "request over PD_MSG_MAX is EMSGSIZE");
	cJSON_Delete(got);
	pdc_close(p);
	close(a);

	/* subscribe: reply and events in one write */
	p = pdc_open(sockpath, 1000);
	a = accept(l, NULL, NULL);
	wr(a, "{\"v\":1,\"id\":1,\"ok\":true}\n"
	    "{\"v\":1,\"event\":\"power\",\"server\":\"srv1\",\"power\":\"off\"}\n"
	    "{\"v\":1,\"event\":\"sel\",\"server\":\"srv1\"}\n");
	got = pdmsg_request(0, "subscribe", NULL);
	is_int(pdc_call(p, got, &reply, NULL, 2000), 0, "subscribe");
	cJSON_Delete(reply);
	cJSON_Delete(got);
	ok(pdc_next_event(p, &got, 1000) == 0 &&
	    strcmp(pdmsg_str(got, "power", ""), "off") == 0, "first event");
	cJSON_Delete(got);
	ok(pdc_next_event(p, &got, 1000) == 0 &&
	    strcmp(pdmsg_str(got, "event", ""), "sel") == 0, "second event");
	cJSON_Delete(got);
	ok(pdc_next_event(p, &got, 50) == -1 && errno == ETIMEDOUT,
	    "no third event: ETIMEDOUT");
	fdpass_send(a, "{\"v\":1,\"event\":\"x\"}\n", 21, pp[1]);
	ok(pdc_next_event(p, &got, 1000) == -1 && errno == EPROTO,
	    "fd with an event is EPROTO");
	pdc_close(p);
	close(a);
	is_int(count_fds(), base, "no fd leaked");

	/* one-shot against a thread, and a reply over PD_REPLY_MAX */
	sc.l = l;
	sc.servers = 2;
	sc.flood = 0;
	pthread_create(&th, NULL, script_srv, &sc);
	reply = pdc_oneshot(sockpath, req, NULL, 5000);
	pthread_join(th, NULL);
	ok(reply != NULL && pdmsg_num(reply, "servers", 0) == 2, "pdc_oneshot");
	cJSON_Delete(reply);

	sc.flood = PD_REPLY_MAX + 10;
	pthread_create(&th, NULL, script_srv, &sc);
	reply = pdc_oneshot(sockpath, req, NULL, 10000);
	e = errno;
	pthread_join(th, NULL);
	ok(reply == NULL && e == EMSGSIZE, "reply over PD_REPLY_MAX: EMSGSIZE");

	close(l);
	ok(pdc_oneshot(sockpath, req, NULL, 1000) == NULL &&
	    errno == ECONNREFUSED, "stale socket: ECONNREFUSED");
	unlink(sockpath);
	ok(pdc_open(sockpath, 1000) == NULL && errno == ENOENT,
	    "no socket: ENOENT");
	cJSON_Delete(req);
	close(pp[0]);
	close(pp[1]);
}

/* ---- evpdc against a fake powerd in the same loop ---- */

enum fmode { F_ECHO, F_SILENT, F_CLOSE, F_FD, F_SUB };

struct fconn {
	ev_io			 io;
	int			 fd;
	struct pd_framer	 fr;
};

struct fsrv {
	ev_io		 lio;
	struct ev_loop	*loop;
	enum fmode	 mode;
	struct fconn	 c[4];
	int		 nreq;		/* requests seen */
	int		 nsub;		/* subscribe requests seen */
	long		 last_id;
	int		 last_conn;
	int		 pipefd;
} fs;

static void
fconn_close(struct fconn *c)
{
	if (c->fd == -1)
		return;
	ev_io_stop(fs.loop, &c->io);
	close(c->fd);
	c->fd = -1;
	pd_framer_free(&c->fr);
}

static void
fconn_line(struct fconn *c, const char *line, size_t len)
{
	char	 buf[256];
	cJSON	*req;
	long	 id;

	if ((req = pdmsg_parse(line, len)) == NULL)
		return;
	id = pdmsg_id(req);
	fs.nreq++;
	fs.last_id = id;
	fs.last_conn = (int)(c - fs.c);
	if (strcmp(pdmsg_str(req, "op", ""), "subscribe") == 0) {
		fs.nsub++;
		snprintf(buf, sizeof(buf), "{\"v\":1,\"id\":%ld,\"ok\":true}\n"
		    "{\"v\":1,\"event\":\"power\",\"server\":\"%s\"}\n"
		    "{\"v\":1,\"event\":\"sel\",\"server\":\"srv1\"}\n", id,
		    pdmsg_str(req, "server", "all"));
		wr(c->fd, buf);
		cJSON_Delete(req);
		return;
	}
	switch (fs.mode) {
	case F_ECHO:
		snprintf(buf, sizeof(buf),
		    "{\"v\":1,\"id\":%ld,\"ok\":true,\"op\":\"%s\"}\n", id,
		    pdmsg_str(req, "op", ""));
		wr(c->fd, buf);
		break;
	case F_FD:
		snprintf(buf, sizeof(buf),
		    "{\"v\":1,\"id\":%ld,\"ok\":true,\"fd\":1}\n", id);
		fdpass_send(c->fd, buf, strlen(buf), fs.pipefd);
		break;
	case F_CLOSE:
		fconn_close(c);
		break;
	case F_SILENT:
	case F_SUB:
		break;
	}
	cJSON_Delete(req);
}

static void
fconn_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct fconn	*c = (struct fconn *)w;
	char		 buf[4096], *line;
	size_t		 len;
	ssize_t		 n;

	UNUSED(loop);
	UNUSED(revents);
	if ((n = read(c->fd, buf, sizeof(buf))) <= 0) {
		fconn_close(c);
		return;
	}
	pd_framer_feed(&c->fr, buf, (size_t)n);
	while (c->fd != -1 && pd_framer_next(&c->fr, &line, &len) == 1)
		fconn_line(c, line, len);
}

static void
fsrv_accept(struct ev_loop *loop, ev_io *w, int revents)
{
	int	fd;
	size_t	i;

	UNUSED(revents);
	if ((fd = accept4(w->fd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return;
	for (i = 0; i < nitems(fs.c); i++)
		if (fs.c[i].fd == -1)
			break;
	if (i == nitems(fs.c)) {
		close(fd);
		return;
	}
	fs.c[i].fd = fd;
	pd_framer_init(&fs.c[i].fr, PD_MSG_MAX - 1);
	ev_io_init(&fs.c[i].io, fconn_cb, fd, EV_READ);
	ev_io_start(loop, &fs.c[i].io);
}

static void
fsrv_start(struct ev_loop *loop)
{
	int	l;

	fs.loop = loop;
	l = sock_unix_listen(sockpath, 0600, 8);
	ev_io_init(&fs.lio, fsrv_accept, l, EV_READ);
	ev_io_start(loop, &fs.lio);
}

static void
fsrv_drop_all(void)
{
	size_t	i;

	for (i = 0; i < nitems(fs.c); i++)
		fconn_close(&fs.c[i]);
}

static void
fsrv_stop(void)
{
	fsrv_drop_all();
	ev_io_stop(fs.loop, &fs.lio);
	close(fs.lio.fd);
	unlink(sockpath);
}

/* client side bookkeeping */
struct cstate {
	int	 state;		/* last state_cb value */
	int	 nstate;	/* state_cb calls */
	int	 nreply;	/* reply callbacks */
	int	 nnull;		/* ... of which NULL */
	int	 nevent;
	char	 last_op[32];
	char	 last_event[32];
	int	 last_fd;
	int	 free_in_cb;
	struct evpdc *pc;
} cs;

static void
c_state(void *arg, int up)
{
	UNUSED(arg);
	cs.state = up;
	cs.nstate++;
}

static void
c_reply(void *arg, cJSON *reply, int fd)
{
	UNUSED(arg);
	cs.nreply++;
	if (reply == NULL)
		cs.nnull++;
	else
		strlcpy(cs.last_op, pdmsg_str(reply, "op", ""),
		    sizeof(cs.last_op));
	cs.last_fd = fd;
	if (cs.free_in_cb) {
		evpdc_free(cs.pc);
		cs.pc = NULL;
	}
}

static void
c_event(void *arg, cJSON *ev)
{
	UNUSED(arg);
	cs.nevent++;
	strlcpy(cs.last_event, pdmsg_str(ev, "event", ""),
	    sizeof(cs.last_event));
}

static void
tick(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(w);
	UNUSED(revents);
}

/* Run the loop until *flag >= want or ms pass; 1 if reached. */
static int
run_until(struct ev_loop *loop, const int *flag, int want, int ms)
{
	ev_timer	t;
	uint64_t	end = now_ms() + (uint64_t)ms;

	ev_timer_init(&t, tick, 0.01, 0.01);
	ev_timer_start(loop, &t);
	while (*flag < want && now_ms() < end)
		ev_run(loop, EVRUN_ONCE);
	ev_timer_stop(loop, &t);
	return *flag >= want;
}

static void
run_for(struct ev_loop *loop, int ms)
{
	int	never = 0;

	run_until(loop, &never, 1, ms);
}

static cJSON *
req(const char *op)
{
	return pdmsg_request(0, op, "srv1");
}

static void
test_evpdc(void)
{
	struct ev_loop	*loop = ev_default_loop(0);
	struct evpdc	*pc, *sub;
	size_t		 i;
	long		 h1, h2;
	int		 pp[2], base;
	char		 c;

	for (i = 0; i < nitems(fs.c); i++)
		fs.c[i].fd = -1;
	if (pipe(pp) == -1)
		return;
	fs.pipefd = pp[1];
	base = count_fds();
	memset(&cs, 0, sizeof(cs));

	/* no powerd yet */
	pc = evpdc_new(loop, sockpath, c_state, NULL);
	ok(pc != NULL && !evpdc_connected(pc), "evpdc_new, not connected");
	ok(evpdc_call(pc, req("status"), 5000, c_reply, NULL) > 0,
	    "call while disconnected is queued");
	is_int(cs.nreply, 0, "callback not called inside evpdc_call");
	ok(run_until(loop, &cs.nreply, 1, 2000) && cs.nnull == 1,
	    "it fails soon with NULL, from the loop");
	is_int(cs.nstate, 0, "no state change while powerd is absent");

	/* powerd appears: reconnect within the backoff (max 2 s) */
	fsrv_start(loop);
	fs.mode = F_ECHO;
	ok(run_until(loop, &cs.nstate, 1, 5000) && cs.state == 1 &&
	    evpdc_connected(pc), "connected after backoff");

	cs.nreply = cs.nnull = 0;
	ok(evpdc_call(pc, req("status"), 5000, c_reply, NULL) > 0, "call");
	is_int(cs.nreply, 0, "not called inside evpdc_call");
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.nnull == 0 &&
	    strcmp(cs.last_op, "status") == 0, "reply delivered");

	/* lockstep: one in flight */
	fs.mode = F_SILENT;
	fs.nreq = 0;
	cs.nreply = 0;
	evpdc_call(pc, req("a"), 5000, c_reply, NULL);
	evpdc_call(pc, req("b"), 5000, c_reply, NULL);
	evpdc_call(pc, req("c"), 5000, c_reply, NULL);
	run_for(loop, 100);
	is_int(fs.nreq, 1, "only one request in flight");
	fs.mode = F_ECHO;
	{
		char buf[128];

		snprintf(buf, sizeof(buf),
		    "{\"v\":1,\"id\":%ld,\"ok\":true,\"op\":\"a\"}\n",
		    fs.last_id);
		wr(fs.c[fs.last_conn].fd, buf);
	}
	ok(run_until(loop, &cs.nreply, 3, 3000) &&
	    strcmp(cs.last_op, "c") == 0 && fs.nreq == 3,
	    "the rest follow in order");

	/* timeout: NULL, the late reply is dropped, the next call works */
	fs.mode = F_SILENT;
	cs.nreply = cs.nnull = 0;
	evpdc_call(pc, req("slow"), 100, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.nnull == 1,
	    "timeout gives NULL");
	{
		char buf[128];

		snprintf(buf, sizeof(buf),
		    "{\"v\":1,\"id\":%ld,\"ok\":true,\"op\":\"late\"}\n",
		    fs.last_id);
		wr(fs.c[fs.last_conn].fd, buf);
	}
	fs.mode = F_ECHO;
	evpdc_call(pc, req("after"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 2, 3000) &&
	    strcmp(cs.last_op, "after") == 0 && cs.nreply == 2,
	    "late reply dropped, next call answered");
	ok(evpdc_connected(pc) && cs.nstate == 1, "connection kept");

	/* cancel: in flight and queued */
	fs.mode = F_SILENT;
	cs.nreply = 0;
	h1 = evpdc_call(pc, req("x"), 5000, c_reply, NULL);
	h2 = evpdc_call(pc, req("y"), 5000, c_reply, NULL);
	run_for(loop, 50);
	evpdc_cancel(pc, h2);
	evpdc_cancel(pc, h1);
	{
		char buf[128];

		snprintf(buf, sizeof(buf),
		    "{\"v\":1,\"id\":%ld,\"ok\":true,\"op\":\"x\"}\n", h1);
		wr(fs.c[fs.last_conn].fd, buf);
	}
	fs.mode = F_ECHO;
	evpdc_call(pc, req("z"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.nreply == 1 &&
	    strcmp(cs.last_op, "z") == 0, "cancelled calls never answered");
	h1 = evpdc_call(pc, req("w"), 5000, c_reply, NULL);
	evpdc_cancel(pc, h1);
	run_for(loop, 50);
	is_int(cs.nreply, 1, "cancel right after call");

	/* a timed-out request whose reply never comes: after evpdc_stall_s
	 * the connection is made again, and what waited behind it fails */
	fs.mode = F_SILENT;
	cs.nreply = cs.nnull = 0;
	cs.nstate = 0;
	evpdc_call(pc, req("stuck"), 100, c_reply, NULL);
	evpdc_call(pc, req("behind"), 20000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.nnull == 1,
	    "stuck request times out");
	ok(run_until(loop, &cs.nreply, 2, 5000) && cs.nnull == 2 &&
	    cs.nstate >= 1, "stall drops the connection; queued one fails");
	fs.mode = F_ECHO;
	ok(run_until(loop, &cs.nstate, 2, 5000) && cs.state == 1,
	    "reconnected after the stall");
	cs.nreply = 0;
	evpdc_call(pc, req("unstuck"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) &&
	    strcmp(cs.last_op, "unstuck") == 0, "answered after the stall");

	/* an fd with the reply */
	fs.mode = F_FD;
	cs.nreply = 0;
	cs.last_fd = -1;
	evpdc_call(pc, req("console"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.last_fd >= 0,
	    "fd delivered to the callback");
	if (cs.last_fd >= 0) {
		ok(write(cs.last_fd, "q", 1) == 1 && read(pp[0], &c, 1) == 1 &&
		    c == 'q', "fd works");
		close(cs.last_fd);
	}

	/* powerd drops the connection: pending fails, reconnect follows */
	fs.mode = F_CLOSE;
	cs.nreply = cs.nnull = 0;
	cs.nstate = 0;
	evpdc_call(pc, req("p1"), 5000, c_reply, NULL);
	evpdc_call(pc, req("p2"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 2, 3000) && cs.nnull == 2,
	    "pending requests fail with NULL on disconnect");
	ok(cs.nstate >= 1 && (cs.nstate > 1 || cs.state == 0),
	    "state callback reported the loss");
	fs.mode = F_ECHO;
	ok(run_until(loop, &cs.nstate, 2, 5000) && cs.state == 1,
	    "reconnected");
	cs.nreply = 0;
	evpdc_call(pc, req("again"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) &&
	    strcmp(cs.last_op, "again") == 0, "works after reconnect");

	/* powerd away while the backoff grows, then back: a call made
	 * during the backoff tries to connect at once instead of failing */
	fsrv_stop();
	cs.nstate = 0;
	run_for(loop, 1000);
	ok(!evpdc_connected(pc) && cs.nstate == 1 && cs.state == 0,
	    "powerd gone");
	cs.nreply = cs.nnull = 0;
	evpdc_call(pc, req("gone"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.nnull == 1,
	    "a call while powerd is gone fails");
	fsrv_start(loop);
	cs.nreply = cs.nnull = 0;
	evpdc_call(pc, req("expedite"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.nnull == 0 &&
	    strcmp(cs.last_op, "expedite") == 0,
	    "a call during the backoff connects at once");
	ok(cs.state == 1, "state callback says connected");

	/* free from inside a reply callback */
	cs.pc = pc;
	cs.free_in_cb = 1;
	cs.nreply = 0;
	evpdc_call(pc, req("bye"), 5000, c_reply, NULL);
	evpdc_call(pc, req("never"), 5000, c_reply, NULL);
	ok(run_until(loop, &cs.nreply, 1, 3000) && cs.pc == NULL,
	    "evpdc_free inside a callback");
	run_for(loop, 100);
	is_int(cs.nreply, 1, "no callback after free");
	cs.free_in_cb = 0;

	/* free with requests pending: no callbacks */
	fs.mode = F_SILENT;
	pc = evpdc_new(loop, sockpath, NULL, NULL);
	cs.nreply = 0;
	run_for(loop, 100);
	ok(evpdc_connected(pc), "new client connected (no state_cb)");
	evpdc_call(pc, req("q1"), 5000, c_reply, NULL);
	run_for(loop, 100);
	evpdc_call(pc, req("q2"), 5000, c_reply, NULL);
	evpdc_free(pc);
	run_for(loop, 100);
	is_int(cs.nreply, 0, "evpdc_free drops pending requests silently");

	/* subscriber: subscribes, gets events, re-subscribes after loss */
	fsrv_drop_all();
	memset(&cs, 0, sizeof(cs));
	fs.nsub = 0;
	sub = evpdc_subscribe(loop, sockpath, "srv1", c_event, c_state, NULL);
	ok(sub != NULL, "evpdc_subscribe");
	ok(evpdc_call(sub, req("x"), 100, c_reply, NULL) == -1,
	    "no calls on a subscriber");
	ok(run_until(loop, &cs.nevent, 2, 3000) && fs.nsub == 1 &&
	    cs.state == 1 && evpdc_connected(sub), "subscribed, 2 events");
	is_str(cs.last_event, "sel", "events in order");
	fsrv_drop_all();
	ok(run_until(loop, &cs.nevent, 4, 5000) && fs.nsub == 2 &&
	    cs.state == 1 && cs.nstate == 3, "re-subscribed after reconnect");
	evpdc_free(sub);

	fsrv_stop();
	run_for(loop, 50);
	close(pp[0]);
	close(pp[1]);
	is_int(count_fds(), base - 2, "no fd leaked");
	ev_loop_destroy(loop);
}

int
main(void)
{
	char	dir[] = "/tmp/unit-pdc.XXXXXX";

	signal(SIGPIPE, SIG_IGN);
	evpdc_stall_s = 1.0;
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(sockpath, sizeof(sockpath), "%s/powerd.sock", dir);
	test_pdclient();
	test_evpdc();
	unlink(sockpath);
	rmdir(dir);
	return done_testing();
}
