/* srv.c: powerd's unix socket server: connections, framing, replies, the event stream (libev glue). */
/* SPDX-License-Identifier: ISC */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdpass.h"
#include "log.h"
#include "sock.h"
#include "util.h"
#include "powerd.h"

struct pd_conn {
	/* first: the callback casts back */
	ev_io			 rio;
	ev_io			 wio;
	struct pd		*pd;
	int			 fd;
	struct pd_framer	 fr;
	char			*out;
	size_t			 outlen;
	size_t			 outoff;
	size_t			 outcap;
	/* goes with the next byte sent */
	int			 outfd;
	int			 sub;		/* subscriber */
	char			 subsrv[LAB_ID_MAX + 1];
	struct pd_wait		*wait;
	int			 closing;	/* close once out is flushed */
	int			 dead;
	/* inside a callback of this conn */
	int			 busy;
	int			 fd_seen;	/* a client sent an fd */
	int			 denied;	/* uid not allowed: answer, close */
	uid_t			 uid;
	pid_t			 pid;
	struct pd_conn		*next;
	struct pd_conn		*prev;
};

static void	conn_read_cb(struct ev_loop *, ev_io *, int);
static void	conn_write_cb(struct ev_loop *, ev_io *, int);
static void	conn_process(struct pd_conn *);

static void
conn_free(struct pd_conn *c)
{
	struct pd	*pd = c->pd;

	ev_io_stop(pd->loop, &c->rio);
	ev_io_stop(pd->loop, &c->wio);
	if (c->wait != NULL)
		c->wait->conn = NULL;	/* the backend finishes without us */
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		pd->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	pd->nconn--;
	if (c->outfd != -1)
		close(c->outfd);
	close(c->fd);
	pd_framer_free(&c->fr);
	free(c->out);
	free(c);
	if (pd->nconn == PD_CONN_MAX - 1 && pd->lfd != -1 &&
	    !ev_is_active(&pd->accept_tm))
		ev_io_start(pd->loop, &pd->lio);
}

/* Close now, or as soon as the callback using c returns. */
static void
conn_close(struct pd_conn *c)
{
	if (c->busy) {
		c->dead = 1;
		return;
	}
	conn_free(c);
}

/* Queue or send bytes; fd (>= 0) leaves with the first byte. -1: c is dead. */
static int
conn_send(struct pd_conn *c, const char *data, size_t len, int fd)
{
	ssize_t	 n = 0;
	size_t	 ncap;
	char	*nb;

	if (c->dead) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (c->outlen == 0) {
		n = fd != -1 ? fdpass_send(c->fd, data, len, fd) :
		    send(c->fd, data, len, MSG_NOSIGNAL);
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			log_debug("client pid %ld: send: %s", (long)c->pid,
			    strerror(errno));
			if (fd != -1)
				close(fd);
			c->dead = 1;
			conn_close(c);
			return -1;
		}
		if (n == -1)
			n = 0;
		if (fd != -1) {
			if (n > 0)
				close(fd);	/* the peer has its copy */
			else
				c->outfd = fd;
		}
		if ((size_t)n == len)
			return 0;
	} else if (fd != -1) {
		/* lockstep: cannot happen; keep the fd with the queue */
		if (c->outfd != -1)
			close(c->outfd);
		c->outfd = fd;
	}
	data += n;
	len -= (size_t)n;
	if (c->outoff > 0 && c->outoff == c->outlen)
		c->outoff = c->outlen = 0;
	if (c->outlen + len > (c->sub ? PD_SUB_QUEUE_MAX : PD_OUT_MAX)) {
		log_info("client pid %ld: %s, dropping it", (long)c->pid,
		    c->sub ? "subscriber does not read" : "backlog too big");
		c->dead = 1;
		conn_close(c);
		return -1;
	}
	if (c->outcap - c->outlen < len) {
		ncap = c->outcap ? c->outcap : 4096;
		while (ncap - c->outlen < len)
			ncap *= 2;
		if ((nb = realloc(c->out, ncap)) == NULL) {
			log_warn("client pid %ld: realloc", (long)c->pid);
			c->dead = 1;
			conn_close(c);
			return -1;
		}
		c->out = nb;
		c->outcap = ncap;
	}
	memcpy(c->out + c->outlen, data, len);
	c->outlen += len;
	ev_io_start(c->pd->loop, &c->wio);
	if (!c->sub)
		/* lockstep back-pressure */
		ev_io_stop(c->pd->loop, &c->rio);
	return 0;
}

static int
conn_send_json(struct pd_conn *c, cJSON *o, int fd)
{
	char	*txt;
	size_t	 len;
	int	 rv;

	if ((txt = pdmsg_print(o, PD_REPLY_MAX, &len)) == NULL) {
		cJSON	*e = pdmsg_error(pdmsg_id(o), "engine",
		    "reply too large or out of memory");

		if (fd != -1)
			close(fd);
		fd = -1;
		if (e == NULL || (txt = pdmsg_print(e, PD_REPLY_MAX, &len)) ==
		    NULL) {
			cJSON_Delete(e);
			c->dead = 1;
			conn_close(c);
			return -1;
		}
		cJSON_Delete(e);
	}
	rv = conn_send(c, txt, len, fd);
	free(txt);
	return rv;
}

static void
conn_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct pd_conn	*c = (struct pd_conn *)((char *)w -
	    offsetof(struct pd_conn, wio));
	ssize_t		 n;

	UNUSED(revents);
	while (c->outoff < c->outlen) {
		if (c->outfd != -1) {
			n = fdpass_send(c->fd, c->out + c->outoff,
			    c->outlen - c->outoff, c->outfd);
			if (n > 0) {
				close(c->outfd);
				c->outfd = -1;
			}
		} else
			n = send(c->fd, c->out + c->outoff,
			    c->outlen - c->outoff, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return;
			conn_close(c);
			return;
		}
		c->outoff += (size_t)n;
	}
	c->outoff = c->outlen = 0;
	ev_io_stop(loop, &c->wio);
	if (c->closing) {
		conn_close(c);
		return;
	}
	if (!c->sub) {
		ev_io_start(loop, &c->rio);
		c->busy++;
		conn_process(c);
		c->busy--;
		if (c->dead)
			conn_close(c);
	}
}

void
pd_conn_reply(struct pd_conn *c, cJSON *reply, int fd)
{
	c->wait = NULL;
	if (reply == NULL) {
		if (fd != -1)
			close(fd);
		log_warnx("client pid %ld: out of memory", (long)c->pid);
		c->dead = 1;
		conn_close(c);
		return;
	}
	conn_send_json(c, reply, fd);
	cJSON_Delete(reply);
}

/* after an asynchronous reply: go on with the lines already received */
void
pd_conn_resume(struct pd_conn *c)
{
	if (c->dead) {
		conn_close(c);
		return;
	}
	if (c->outlen == 0 && !c->sub) {
		ev_io_start(c->pd->loop, &c->rio);
		c->busy++;
		conn_process(c);
		c->busy--;
		if (c->dead)
			conn_close(c);
	}
}

struct pd_wait *
pd_wait_new(struct pd_conn *c, long id, int op, struct pd_srv *s)
{
	struct pd_wait	*w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->conn = c;
	w->id = id;
	w->op = op;
	w->srv = s;
	if (c != NULL)
		c->wait = w;
	return w;
}

void
pd_wait_done(struct pd_wait *w, const char *err, const char *msg, int fd)
{
	struct pd_conn	*c;
	struct pd_srv	*s;
	cJSON		*r;
	long		 id;
	int		 op;

	if (w == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	s = w->srv;
	c = w->conn;
	id = w->id;
	op = w->op;
	if (s->busy == w)
		s->busy = NULL;
	if (c != NULL)
		c->wait = NULL;
	/* nothing is acknowledged before it is on disk */
	if (pd_sync(s) == -1 && err == NULL) {
		err = "engine";
		msg = "state could not be saved";
	}
	free(w);
	if (c == NULL) {
		if (fd != -1)
			close(fd);
		return;
	}
	if (err != NULL) {
		if (fd != -1)
			close(fd);
		fd = -1;
		r = pdmsg_error(id, err, "%s", msg != NULL ? msg : err);
	} else if ((r = pdmsg_reply(id, 1)) != NULL) {
		if (op == PD_OP_POWER)
			cJSON_AddStringToObject(r, "power",
			    pd_power_str(s->power));
		if (fd != -1)
			cJSON_AddNumberToObject(r, "fd", 1);
	}
	c->busy++;
	pd_conn_reply(c, r, fd);
	c->busy--;
	if (c->busy == 0)
		pd_conn_resume(c);
}

static void
conn_error(struct pd_conn *c, long id, const char *tok, const char *msg)
{
	cJSON	*r = pdmsg_error(id, tok, "%s", msg);

	pd_conn_reply(c, r, -1);
}

/* Handle complete lines while no request is in flight and nothing queued. */
static void
conn_process(struct pd_conn *c)
{
	char	*line;
	size_t	 len;
	cJSON	*req, *reply;
	int	 sub;

	while (!c->dead && !c->closing && !c->sub && c->wait == NULL &&
	    c->outlen == 0 && pd_framer_next(&c->fr, &line, &len) == 1) {
		if ((req = pdmsg_parse(line, len)) == NULL) {
			conn_error(c, -1, "bad-request",
			    "not a JSON object (malformed JSON?)");
			c->fd_seen = 0;
			continue;
		}
		if (c->denied) {
			/* answer the request it sent (its id), then close */
			conn_error(c, pdmsg_id(req), "denied",
			    "uid not allowed");
			cJSON_Delete(req);
			c->closing = 1;
			if (c->outlen == 0 && !c->dead)
				conn_close(c);
			return;
		}
		if (c->fd_seen) {
			c->fd_seen = 0;
			conn_error(c, pdmsg_id(req), "bad-request",
			    "file descriptors are not accepted");
			cJSON_Delete(req);
			continue;
		}
		sub = 0;
		reply = pd_handle(c->pd, c, req, &sub);
		cJSON_Delete(req);
		if (reply != NULL)
			pd_conn_reply(c, reply, -1);
		if (sub && !c->dead) {
			c->sub = 1;
			pd_framer_free(&c->fr);
		}
	}
	if (c->dead)
		return;
	if (c->sub)
		ev_io_start(c->pd->loop, &c->rio);	/* only to see EOF */
	else if (c->wait != NULL)
		/* lockstep: no more input */
		ev_io_stop(c->pd->loop, &c->rio);
}

void
pd_conn_subscribe(struct pd_conn *c, const char *server)
{
	strlcpy(c->subsrv, server != NULL ? server : "", sizeof(c->subsrv));
}

static void
conn_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct pd_conn	*c = (struct pd_conn *)w;
	char		 buf[PD_MSG_MAX];
	ssize_t		 n;
	int		 fd = -1, r;

	UNUSED(loop);
	UNUSED(revents);
	n = fdpass_recv(c->fd, buf, sizeof(buf), &fd);
	if (n == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		if (errno == EPROTO) {
			/* fds arrived in a way we refuse; they are closed */
			log_debug("client pid %ld: sent file descriptors, "
			    "closing", (long)c->pid);
			c->busy++;
			conn_error(c, -1, "bad-request",
			    "file descriptors are not accepted");
			c->busy--;
			c->closing = 1;
			ev_io_stop(c->pd->loop, &c->rio);
			if (c->dead || c->outlen == 0)
				conn_close(c);
			return;
		}
		log_debug("client pid %ld: read: %s", (long)c->pid,
		    strerror(errno));
		conn_close(c);
		return;
	}
	if (fd != -1) {
		log_debug("client pid %ld: sent a file descriptor, refused",
		    (long)c->pid);
		close(fd);
		c->fd_seen = 1;
	}
	if (n == 0) {
		conn_close(c);
		return;
	}
	if (c->sub)
		return;		/* a subscriber's input is ignored */
	if ((r = pd_framer_feed(&c->fr, buf, (size_t)n)) != 0) {
		c->busy++;
		conn_error(c, -1, r == BMC_ETOOLONG ? "too-long" : "engine",
		    r == BMC_ETOOLONG ? "request line longer than PD_MSG_MAX "
		    "(4096 bytes)" : "out of memory");
		c->busy--;
		c->closing = 1;
		ev_io_stop(c->pd->loop, &c->rio);
		if (c->dead || c->outlen == 0)
			conn_close(c);
		return;
	}
	c->busy++;
	conn_process(c);
	c->busy--;
	if (c->dead)
		conn_close(c);
}

static int
allowed(struct pd *pd, uid_t uid)
{
	int	i;

	if (uid == 0 || uid == geteuid())
		return 1;
	for (i = 0; i < pd->nallow; i++)
		if (pd->allow[i] == uid)
			return 1;
	return 0;
}

static void
accept_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct pd	*pd = (struct pd *)((char *)w -
	    offsetof(struct pd, accept_tm));

	UNUSED(revents);
	ev_timer_stop(loop, w);
	if (pd->lfd != -1 && pd->nconn < PD_CONN_MAX)
		ev_io_start(loop, &pd->lio);
}

static void
accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct pd	*pd = (struct pd *)((char *)w -
	    offsetof(struct pd, lio));
	struct pd_conn	*c;
	uid_t		 uid = (uid_t)-1;
	gid_t		 gid = (gid_t)-1;
	pid_t		 pid = -1;
	int		 fd, deny;

	UNUSED(revents);
	for (;;) {
		if ((fd = accept4(pd->lfd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC)) == -1) {
			if (errno == EMFILE || errno == ENFILE) {
				/* back off instead of spinning on EMFILE */
				log_warn("accept");
				ev_io_stop(loop, &pd->lio);
				ev_timer_set(&pd->accept_tm, 0.1, 0.);
				ev_timer_start(loop, &pd->accept_tm);
			} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_warn("accept");
			return;
		}
		if (sock_peercred(fd, &uid, &gid, &pid) == -1) {
			log_warn("SO_PEERCRED");
			close(fd);
			continue;
		}
		/*
		 * A peer that is not allowed still gets an answer to its
		 * first request ("denied", with its id) before the close:
		 * closing at once would race its write (EPIPE, no reply).
		 */
		if ((deny = !allowed(pd, uid)))
			log_warnx("client uid %ld gid %ld pid %ld: denied",
			    (long)uid, (long)gid, (long)pid);
		if (pd->nconn >= PD_CONN_MAX ||
		    (c = calloc(1, sizeof(*c))) == NULL) {
			log_warnx("client pid %ld: too many connections",
			    (long)pid);
			close(fd);
			if (pd->nconn >= PD_CONN_MAX)
				ev_io_stop(loop, &pd->lio);
			return;
		}
		if (!deny)
			log_info("client uid %ld gid %ld pid %ld connected",
			    (long)uid, (long)gid, (long)pid);
		c->denied = deny;
		c->pd = pd;
		c->fd = fd;
		c->outfd = -1;
		c->uid = uid;
		c->pid = pid;
		pd_framer_init(&c->fr, PD_MSG_MAX - 1);
		ev_io_init(&c->rio, conn_read_cb, fd, EV_READ);
		ev_io_init(&c->wio, conn_write_cb, fd, EV_WRITE);
		ev_io_start(loop, &c->rio);
		c->next = pd->conns;
		if (pd->conns != NULL)
			pd->conns->prev = c;
		pd->conns = c;
		pd->nconn++;
	}
}

/* room for PD_CONN_MAX clients, as far as the hard limit allows */
static void
raise_nofile(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_cur >= PD_CONN_MAX + 256)
		return;
	rl.rlim_cur = rl.rlim_max < PD_CONN_MAX + 256 ? rl.rlim_max :
	    PD_CONN_MAX + 256;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		log_warn("setrlimit RLIMIT_NOFILE");
}

int
pd_listen(struct pd *pd)
{
	raise_nofile();
	if ((pd->lfd = sock_unix_listen(pd->sockpath, 0660, 128)) == -1) {
		log_warn("listen on %s", pd->sockpath);
		return -1;
	}
	ev_io_init(&pd->lio, accept_cb, pd->lfd, EV_READ);
	ev_io_start(pd->loop, &pd->lio);
	ev_timer_init(&pd->accept_tm, accept_tm_cb, 0.1, 0.);
	return 0;
}

/*
 * Shutting down: accept nothing, read nothing more; replies already
 * queued may still go out.  Returns how many connections still have
 * bytes to send.
 */
static int
pd_drain(struct pd *pd)
{
	struct pd_conn	*c;
	int		 n = 0;

	if (pd->lfd != -1) {
		ev_io_stop(pd->loop, &pd->lio);
		ev_timer_stop(pd->loop, &pd->accept_tm);
		close(pd->lfd);
		pd->lfd = -1;
		unlink(pd->sockpath);
	}
	for (c = pd->conns; c != NULL; c = c->next) {
		ev_io_stop(pd->loop, &c->rio);
		c->closing = 1;
		if (c->outlen > c->outoff && !c->sub)
			n++;
	}
	return n;
}

static int
pd_out_pending(const struct pd *pd)
{
	const struct pd_conn	*c;
	int			 n = 0;

	for (c = pd->conns; c != NULL; c = c->next)
		if (c->outlen > c->outoff && !c->sub && !c->dead)
			n++;
	return n;
}

static void
stop_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(w);
	UNUSED(revents);
	ev_break(loop, EVBREAK_ALL);
}

static void
stop_check_cb(struct ev_loop *loop, ev_check *w, int revents)
{
	UNUSED(revents);
	if (pd_out_pending(w->data) == 0)
		ev_break(loop, EVBREAK_ALL);
}

/* 1: leave the loop now; 0: after queued replies left (at most 2 s) */
int
pd_stop(struct pd *pd)
{
	if (pd->stopping)
		return 1;		/* a second signal */
	pd->stopping = 1;
	if (pd_drain(pd) == 0)
		return 1;
	ev_timer_init(&pd->stop_tm, stop_tm_cb, 2., 0.);
	ev_timer_start(pd->loop, &pd->stop_tm);
	ev_check_init(&pd->stop_w, stop_check_cb);
	pd->stop_w.data = pd;
	ev_check_start(pd->loop, &pd->stop_w);
	return 0;
}

void
pd_close_all(struct pd *pd)
{
	ev_timer_stop(pd->loop, &pd->stop_tm);
	ev_check_stop(pd->loop, &pd->stop_w);
	if (pd->lfd != -1) {
		ev_io_stop(pd->loop, &pd->lio);
		ev_timer_stop(pd->loop, &pd->accept_tm);
		close(pd->lfd);
		pd->lfd = -1;
		unlink(pd->sockpath);
	}
	while (pd->conns != NULL)
		conn_free(pd->conns);
}

void
pd_emit(struct pd *pd, const char *server, cJSON *ev)
{
	struct pd_conn	*c, *next;
	char		*txt = NULL;
	size_t		 len;

	if (pd->held != NULL) {
		/* a request's change not yet saved (pd_txn) */
		cJSON_AddItemToArray(pd->held, ev);
		return;
	}
	for (c = pd->conns; c != NULL; c = next) {
		next = c->next;
		if (!c->sub || c->dead || (c->subsrv[0] != '\0' &&
		    strcmp(c->subsrv, server) != 0))
			continue;
		if (txt == NULL &&
		    (txt = pdmsg_print(ev, PD_REPLY_MAX, &len)) == NULL)
			break;
		conn_send(c, txt, len, -1);
	}
	free(txt);
	cJSON_Delete(ev);
}
