/* net.c: sold's libev glue: console fd, powerd, listeners, clients, log. */
/* SPDX-License-Identifier: ISC */

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>
#include <cjson/cJSON.h>

#include "conhdr.h"
#include "dstream.h"
#include "evpdc.h"
#include "log.h"
#include "net.h"
#include "pdmsg.h"
#include "ring.h"
#include "sock.h"
#include "telnet.h"
#include "util.h"

#define CON_READ_MAX	(64 * 1024)	/* one console read */
#define CL_READ_MAX	4096		/* one client read */
#define CL_OBUF_MAX	(32 * 1024)	/* bytes staged for one send */
#define CL_HDR_TIMEOUT	10.0		/* s to send the header */
#define CL_LOGIN_TIMEOUT 30.0		/* s to give the console password */
#define CL_LOGIN_TRIES	3
#define LOGIN_PROMPT	"Console password: "
#define LOGIN_BAD	"\r\nLogin incorrect\r\n"
#define ACCEPT_BURST	16
#define EMFILE_PAUSE	1.0
#define RETAKE_MIN	0.1		/* console re-take backoff, s */
#define RETAKE_MAX	5.0
#define POWERON_GRACE	0.5		/* s: time to show the boot */
#define PD_TIMEOUT_MS	5000
#define POOL_CONNS	2		/* -M: request connections per powerd */
#define POOL_DEPTH	16		/* -M: requests queued on each */

enum cl_kind {
	CL_TCP,
	CL_UNIX
};

struct client {
	ev_io			 rio;		/* first (STYLE C) */
	ev_io			 wio;
	ev_timer		 hdr_timer;
	ev_timer		 idle_timer;	/* TCP: nothing received */
	LIST_ENTRY(client)	 entry;
	struct net		*n;
	int			 fd;
	enum cl_kind		 kind;
	int			 live;		/* has a reader */
	int			 paused;	/* input queue full */
	int			 login;		/* TCP: password not given yet */
	int			 tries;
	size_t			 pwlen;
	char			 pw[SOLD_PASSWORD_MAX + 1];
	struct ring_reader	 rd;
	struct telnet		 tn;
	size_t			 ooff;
	size_t			 olen;
	size_t			 hlen;
	char			 name[SOLD_NAME_MAX + SOCK_ADDRSTR_MAX + 16];
	uint8_t			 hdr[CONHDR_MAX];
	uint8_t			 obuf[CL_OBUF_MAX];
};

struct pdpool;

struct net {
	struct ev_loop		*loop;
	const struct sold_conf	*conf;
	struct pdpool		*pool;		/* -M: shared powerd clients */
	TAILQ_ENTRY(net)	 wentry;	/* -M: waiting for a request slot */
	int			 waiting;
	int			 pdi;		/* -M: pool->pd[] of n->req */
	struct ring		 ring;
	LIST_HEAD(, client)	 clients;
	int			 nclients;
	int			 ntcp;		/* anonymous TCP clients */
	int			 nlocal;	/* unix-socket front ends */
	unsigned long		 nconns;

	int			 tcp_fd;
	int			 unix_fd;
	ev_io			 tcp_lis;
	ev_io			 unix_lis;
	ev_timer		 emfile_timer;

	int			 con_fd;
	ev_io			 con_rio;
	ev_io			 con_wio;
	struct dstream		 ds;
	int			 ds_on;
	uint8_t			*inq;
	size_t			 inq_off;
	size_t			 inq_len;
	int			 npaused;

	struct evpdc		*pd;
	struct evpdc		*sub;
	long			 req;		/* console request */
	int			 req_again;
	ev_timer		 retake;
	ev_timer		 grace;		/* after power-on */
	ev_tstamp		 grace_t;	/* the power-on event */
	ev_tstamp		 con_last;	/* last console bytes */
	double			 backoff;
	int			 con_warned;
	unsigned long		 takes;

	int			 log_fd;
	uint64_t		 log_len;
	int			 log_tried;	/* -M: opened on first output */
};

/*
 * Aggregated mode (-M): one pdpool per distinct powerd socket, shared by
 * the servers that use it: one subscription for all servers (events go
 * to their server by id) and POOL_CONNS lockstep request connections.
 * A server asking for its console while every connection has POOL_DEPTH
 * requests queued waits in waitq, so a request's timeout measures powerd,
 * not the queue.
 */
struct pdpool {
	struct netagg		*ag;
	const char		*path;
	struct evpdc		*sub;
	struct evpdc		*pd[POOL_CONNS];
	int			 inflight[POOL_CONNS];
	TAILQ_HEAD(, net)	 waitq;
};

struct netagg {
	struct ev_loop		*loop;
	struct net		**nets;		/* sorted by server id */
	int			 n;
	int			 cap;
	struct pdpool		**pools;
	int			 npools;
};

/* -M: console logs are opened on their first bytes, not at startup. */
static int	log_lazy;

/* One console read at a time in the whole process: the buffers are shared. */
static uint8_t	con_rbuf[CON_READ_MAX];
static uint8_t	con_dbuf[CON_READ_MAX];

static void	con_request(struct net *);
static void	pool_done(struct net *);
static void	con_flush_input(struct net *);
static void	cl_flush(struct client *);

/* Console log file: append, rotate at log-size into file.1 .. file.N. */

static void
clog_open(struct net *n, int trunc)
{
	struct stat	st;

	n->log_tried = 1;
	n->log_len = 0;
	if (n->conf->logfile[0] == '\0')
		return;
	n->log_fd = open(n->conf->logfile, O_WRONLY | O_CREAT | O_APPEND |
	    O_CLOEXEC | (trunc ? O_TRUNC : 0), 0640);
	if (n->log_fd == -1) {
		log_warn("console log %s", n->conf->logfile);
		return;
	}
	if (fstat(n->log_fd, &st) == 0)
		n->log_len = st.st_size;
}

static void
clog_close(struct net *n)
{
	if (n->log_fd != -1)
		close(n->log_fd);
	n->log_fd = -1;
}

static void
clog_rotate(struct net *n)
{
	char	 from[sizeof(n->conf->logfile) + 16];
	char	 to[sizeof(n->conf->logfile) + 16];
	int	 i;

	clog_close(n);
	for (i = n->conf->log_rotate; i >= 1; i--) {
		if (i > 1)
			snprintf(from, sizeof(from), "%s.%d", n->conf->logfile,
			    i - 1);
		else
			strlcpy(from, n->conf->logfile, sizeof(from));
		snprintf(to, sizeof(to), "%s.%d", n->conf->logfile, i);
		if (rename(from, to) == -1 && errno != ENOENT)
			log_warn("console log rename %s", from);
	}
	clog_open(n, 1);
}

static void
clog_write(struct net *n, const uint8_t *p, size_t len)
{
	size_t	 k;
	ssize_t	 w;

	if (!n->log_tried)
		clog_open(n, 0);
	while (len > 0 && n->log_fd != -1) {
		if (n->log_len >= n->conf->log_size) {
			clog_rotate(n);
			continue;
		}
		k = n->conf->log_size - n->log_len;
		if (k > len)
			k = len;
		if ((w = write(n->log_fd, p, k)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("console log %s: disabled until SIGHUP",
			    n->conf->logfile);
			clog_close(n);
			return;
		}
		p += w;
		len -= w;
		n->log_len += w;
	}
}

void
net_reopen_log(struct net *n)
{
	clog_close(n);
	clog_open(n, 0);
}

/* Clients. */

static void
cl_close(struct client *c, const char *why)
{
	struct net	*n = c->n;

	log_info("client %s: %s", c->name, why);
	ev_io_stop(n->loop, &c->rio);
	ev_io_stop(n->loop, &c->wio);
	ev_timer_stop(n->loop, &c->hdr_timer);
	ev_timer_stop(n->loop, &c->idle_timer);
	if (c->paused)
		n->npaused--;
	close(c->fd);
	util_zeroize(c->pw, sizeof(c->pw));
	LIST_REMOVE(c, entry);
	n->nclients--;
	if (c->kind == CL_TCP)
		n->ntcp--;
	else
		n->nlocal--;
	free(c);
}

/* Fill obuf from the ring; -1 after an overrun (the client is closed). */
static int
cl_stage(struct client *c)
{
	struct net	*n = c->n;
	struct ring_seg	 seg[2];
	size_t		 used;
	long		 got;
	int		 i, nseg;

	if (!telnet_active(&c->tn)) {
		got = ring_read(&n->ring, &c->rd, c->obuf + c->olen,
		    CL_OBUF_MAX - c->olen);
		if (got < 0)
			goto overrun;
		c->olen += got;
		return 0;
	}
	if ((nseg = ring_peek(&n->ring, &c->rd, seg)) < 0)
		goto overrun;
	for (i = 0; i < nseg; i++) {
		c->olen += telnet_escape(seg[i].p, seg[i].len,
		    c->obuf + c->olen, CL_OBUF_MAX - c->olen, &used);
		ring_commit(&n->ring, &c->rd, used);
		if (used < seg[i].len)
			break;
	}
	return 0;
overrun:
	cl_close(c, "overrun, dropped");
	return -1;
}

/* Send what is staged and what the ring holds for c until EAGAIN. */
static void
cl_flush(struct client *c)
{
	ssize_t	k;

	for (;;) {
		if (c->ooff == c->olen) {
			c->ooff = c->olen = 0;
			if (!c->live)
				break;
			if (cl_stage(c) == -1)
				return;
			if (c->olen == 0)
				break;
		}
		k = send(c->fd, c->obuf + c->ooff, c->olen - c->ooff,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (k == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				ev_io_start(c->n->loop, &c->wio);
				return;
			}
			cl_close(c, "write error");
			return;
		}
		c->ooff += k;
	}
	ev_io_stop(c->n->loop, &c->wio);
}

/* Queue bytes for the peer (telnet answers); dropped if obuf is full. */
static void
cl_ctl(struct client *c, const uint8_t *p, size_t len)
{
	if (len == 0)
		return;
	if (CL_OBUF_MAX - c->olen < len) {
		log_debug("client %s: telnet answer dropped", c->name);
		return;
	}
	memcpy(c->obuf + c->olen, p, len);
	c->olen += len;
}

static void
cl_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	cl_flush(w->data);
}

static void
cl_idle_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	cl_close(w->data, "idle, closed");
}

static void
cl_hdr_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	struct client	*c = w->data;

	cl_close(c, c->kind == CL_TCP ? "no password, closed" :
	    "no header, closed");
}

/*
 * Console input: queued, written without blocking; bytes that do not fit
 * are dropped (readers pause before that happens, see cl_read_cb).
 */
static void
in_push(struct net *n, const uint8_t *p, size_t len)
{
	size_t	room;

	if (n->con_fd == -1 || len == 0)
		return;		/* no console: input goes nowhere */
	if (n->inq == NULL && (n->inq = malloc(n->conf->input_queue)) == NULL) {
		log_warn("console of %s: input dropped", n->conf->server);
		return;
	}
	if (n->inq_off > 0) {
		memmove(n->inq, n->inq + n->inq_off, n->inq_len);
		n->inq_off = 0;
	}
	room = n->conf->input_queue - n->inq_len;
	if (len > room) {
		log_debug("console input queue full: %zu bytes dropped",
		    len - room);
		len = room;
	}
	memcpy(n->inq + n->inq_len, p, len);
	n->inq_len += len;
	if (!ev_is_active(&n->con_wio))
		con_flush_input(n);
}

static size_t
in_room(struct net *n)
{
	if (n->con_fd == -1)
		return CL_READ_MAX;	/* read and discard */
	return n->conf->input_queue - n->inq_len;
}

static void
cl_input(struct client *c, const uint8_t *p, size_t len)
{
	uint8_t	data[CL_READ_MAX + CONHDR_MAX];
	uint8_t	reply[CL_READ_MAX + CONHDR_MAX + 2];
	size_t	dlen, rlen;

	if (c->kind == CL_UNIX || !c->n->conf->telnet) {
		in_push(c->n, p, len);
		return;
	}
	telnet_feed(&c->tn, p, len, data, &dlen, reply, &rlen);
	in_push(c->n, data, dlen);
	if (rlen > 0) {
		cl_ctl(c, reply, rlen);
		if (!ev_is_active(&c->wio))
			cl_flush(c);
	}
}

/* Unix client: the header, then history, then live. */
static void
cl_header(struct client *c)
{
	struct net	*n = c->n;
	uint64_t	 hist;
	size_t		 used;
	int		 r;

	r = conhdr_parse(c->hdr, c->hlen, &used, &hist);
	if (r == BMC_EAGAIN)
		return;
	if (r != 0) {
		cl_close(c, "bad header, closed");
		return;
	}
	ev_timer_stop(n->loop, &c->hdr_timer);
	if (hist > n->conf->client_queue)
		hist = n->conf->client_queue;
	ring_reader_init(&n->ring, &c->rd, hist);
	c->live = 1;
	log_debug("client %s: live, history %llu", c->name,
	    (unsigned long long)hist);
	if (c->hlen > used)
		cl_input(c, c->hdr + used, c->hlen - used);
	cl_flush(c);
}

/* TCP client: history, then live. */
static void
cl_live(struct client *c)
{
	ring_reader_init(&c->n->ring, &c->rd, c->n->conf->tcp_history);
	c->live = 1;
	log_debug("client %s: live", c->name);
}

/* One password line; -1 when c was closed. */
static int
cl_login_check(struct client *c)
{
	const char	*want = c->n->conf->password;
	size_t		 wlen = strlen(want);
	int		 good;

	good = c->pwlen == wlen && util_ct_memcmp(c->pw, want, wlen) == 0;
	util_zeroize(c->pw, sizeof(c->pw));
	c->pwlen = 0;
	if (good) {
		c->login = 0;
		ev_timer_stop(c->n->loop, &c->hdr_timer);
		log_info("client %s: console password accepted", c->name);
		cl_ctl(c, (const uint8_t *)"\r\n", 2);
		cl_live(c);
		return 0;
	}
	log_warnx("client %s: wrong console password", c->name);
	if (++c->tries < CL_LOGIN_TRIES) {
		cl_ctl(c, (const uint8_t *)LOGIN_BAD LOGIN_PROMPT,
		    strlen(LOGIN_BAD LOGIN_PROMPT));
		return 0;
	}
	cl_ctl(c, (const uint8_t *)LOGIN_BAD, strlen(LOGIN_BAD));
	(void)send(c->fd, c->obuf + c->ooff, c->olen - c->ooff,
	    MSG_NOSIGNAL | MSG_DONTWAIT);
	cl_close(c, "wrong console password 3 times, closed");
	return -1;
}

/*
 * Before the password: a line, not echoed (sold offered WILL ECHO and
 * echoes nothing); telnet commands answered as always.  What follows the
 * password line goes to the console.
 */
static void
cl_login(struct client *c, const uint8_t *p, size_t len)
{
	uint8_t	data[CL_READ_MAX + CONHDR_MAX];
	uint8_t	reply[CL_READ_MAX + CONHDR_MAX + 2];
	size_t	dlen, rlen, i;

	if (c->n->conf->telnet) {
		telnet_feed(&c->tn, p, len, data, &dlen, reply, &rlen);
		cl_ctl(c, reply, rlen);
	} else {
		memcpy(data, p, len);
		dlen = len;
	}
	for (i = 0; i < dlen && c->login; i++) {
		if (data[i] == '\r' || data[i] == '\n') {
			if (c->pwlen == 0)
				continue;	/* CR LF, or an empty line */
			if (cl_login_check(c) == -1)
				return;
			continue;
		}
		if (data[i] == '\0')
			continue;
		if (c->pwlen < sizeof(c->pw) - 1)
			c->pw[c->pwlen++] = (char)data[i];
		else
			c->pwlen = sizeof(c->pw);	/* too long: wrong */
	}
	if (!c->login && i < dlen) {
		if (data[i] == '\n' && data[i - 1] == '\r')
			i++;			/* the rest of CR LF */
		in_push(c->n, data + i, dlen - i);
	}
	if (!ev_is_active(&c->wio))
		cl_flush(c);
}

static void
cl_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct client	*c = w->data;
	struct net	*n = c->n;
	uint8_t		 buf[CL_READ_MAX];
	uint8_t		*dst = buf;
	size_t		 room;
	ssize_t		 k;

	UNUSED(revents);
	if (c->login)
		room = sizeof(buf);
	else if (!c->live) {
		dst = c->hdr + c->hlen;
		room = CONHDR_MAX - c->hlen;
	} else {
		room = in_room(n);
		if (room == 0) {
			/* resumed by con_flush_input once there is room */
			ev_io_stop(loop, &c->rio);
			c->paused = 1;
			n->npaused++;
			return;
		}
		if (room > sizeof(buf))
			room = sizeof(buf);
	}
	if ((k = read(c->fd, dst, room)) == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		cl_close(c, "read error");
		return;
	}
	if (k == 0) {
		cl_close(c, "disconnected");
		return;
	}
	if (c->kind == CL_TCP && n->conf->idle_timeout > 0)
		ev_timer_again(loop, &c->idle_timer);
	if (c->login) {
		cl_login(c, buf, k);
		return;
	}
	if (!c->live) {
		c->hlen += k;
		cl_header(c);
		return;
	}
	cl_input(c, buf, k);
}

static void
cl_new(struct net *n, int fd, enum cl_kind kind, const char *name)
{
	struct client	*c;
	int		 one = 1;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("client %s", name);
		close(fd);
		return;
	}
	c->n = n;
	c->fd = fd;
	c->kind = kind;
	if (n->pool != NULL)	/* -M: say whose console */
		snprintf(c->name, sizeof(c->name), "%s/%s#%lu",
		    n->conf->server, name, ++n->nconns);
	else
		snprintf(c->name, sizeof(c->name), "%s#%lu", name,
		    ++n->nconns);
	ev_io_init(&c->rio, cl_read_cb, fd, EV_READ);
	ev_io_init(&c->wio, cl_write_cb, fd, EV_WRITE);
	ev_timer_init(&c->hdr_timer, cl_hdr_timeout_cb, CL_HDR_TIMEOUT, 0.);
	ev_timer_init(&c->idle_timer, cl_idle_cb, 0.,
	    (ev_tstamp)n->conf->idle_timeout);
	c->rio.data = c->wio.data = c->hdr_timer.data = c;
	c->idle_timer.data = c;
	telnet_init(&c->tn);
	LIST_INSERT_HEAD(&n->clients, c, entry);
	n->nclients++;
	if (kind == CL_TCP)
		n->ntcp++;
	else
		n->nlocal++;
	log_info("client %s: connected", c->name);
	ev_io_start(n->loop, &c->rio);
	if (kind == CL_UNIX) {
		ev_timer_start(n->loop, &c->hdr_timer);
		return;
	}
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == -1)
		log_debug("client %s: TCP_NODELAY: %s", c->name,
		    strerror(errno));
	if (n->conf->idle_timeout > 0)
		ev_timer_again(n->loop, &c->idle_timer);
	if (n->conf->telnet)
		c->olen = telnet_offer(&c->tn, c->obuf);
	if (n->conf->password[0] != '\0') {
		/* not loopback-only, or asked for: sold(8) */
		c->login = 1;
		cl_ctl(c, (const uint8_t *)LOGIN_PROMPT, strlen(LOGIN_PROMPT));
		ev_timer_set(&c->hdr_timer, CL_LOGIN_TIMEOUT, 0.);
		ev_timer_start(n->loop, &c->hdr_timer);
	} else
		cl_live(c);
	cl_flush(c);
}

static void
lis_pause(struct net *n)
{
	ev_io_stop(n->loop, &n->tcp_lis);
	ev_io_stop(n->loop, &n->unix_lis);
	ev_timer_start(n->loop, &n->emfile_timer);
}

static void
emfile_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct net	*n = w->data;

	UNUSED(revents);
	if (n->tcp_fd != -1)
		ev_io_start(loop, &n->tcp_lis);
	if (n->unix_fd != -1)
		ev_io_start(loop, &n->unix_lis);
}

static void
accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct net		*n = w->data;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	char			 name[SOCK_ADDRSTR_MAX];
	enum cl_kind		 kind = w == &n->tcp_lis ? CL_TCP : CL_UNIX;
	uid_t			 uid;
	gid_t			 gid;
	pid_t			 pid;
	int			 fd, i;

	UNUSED(loop);
	UNUSED(revents);
	for (i = 0; i < ACCEPT_BURST; i++) {
		sslen = sizeof(ss);
		fd = accept4(w->fd, (struct sockaddr *)&ss, &sslen,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				log_warn("accept: pausing listeners");
				lis_pause(n);
			} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_warn("accept");
			return;
		}
		/* front ends have their own slots: TCP clients cannot take them */
		if (kind == CL_TCP && n->ntcp >= n->conf->max_clients) {
			log_debug("client refused: max-clients %d reached",
			    n->conf->max_clients);
			close(fd);
			continue;
		}
		if (kind == CL_UNIX && n->nlocal >= n->conf->max_local) {
			log_warnx("local client refused: max-local %d reached",
			    n->conf->max_local);
			close(fd);
			continue;
		}
		if (kind == CL_TCP)
			sock_addr_str((struct sockaddr *)&ss, sslen, name,
			    sizeof(name));
		else if (sock_peercred(fd, &uid, &gid, &pid) == 0)
			snprintf(name, sizeof(name), "unix:pid%ld",
			    (long)pid);
		else
			strlcpy(name, "unix", sizeof(name));
		cl_new(n, fd, kind, name);
	}
}

/* The console fd. */

static void
fanout(struct net *n)
{
	struct client	*c, *next;

	for (c = LIST_FIRST(&n->clients); c != NULL; c = next) {
		next = LIST_NEXT(c, entry);
		if (!c->live)
			continue;
		if (ring_lag(&n->ring, &c->rd) > n->conf->client_queue) {
			cl_close(c, "not reading, queue full, dropped");
			continue;
		}
		if (!ev_is_active(&c->wio))
			cl_flush(c);
	}
}

static void
con_output(struct net *n, const uint8_t *p, size_t len)
{
	size_t	olen;

	if (n->ds_on) {
		if (dstream_feed(&n->ds, p, len, con_dbuf, &olen) != 0) {
			log_warnx("console: not a docker stream, demux off");
			n->ds_on = 0;
		}
		p = con_dbuf;
		len = olen;
	}
	if (len == 0)
		return;
	/* the ring is allocated on the console's first bytes */
	if (n->ring.buf == NULL && ring_init(&n->ring, n->conf->ring_size) != 0) {
		log_warnx("console of %s: out of memory, output dropped",
		    n->conf->server);
		return;
	}
	ring_write(&n->ring, p, len);
	clog_write(n, p, len);
	fanout(n);
}

static void
con_close(struct net *n)
{
	if (n->con_fd == -1)
		return;
	ev_io_stop(n->loop, &n->con_rio);
	ev_io_stop(n->loop, &n->con_wio);
	close(n->con_fd);
	n->con_fd = -1;
	n->inq_off = n->inq_len = 0;
}

static void
resume_clients(struct net *n)
{
	struct client	*c;

	if (n->npaused == 0)
		return;
	LIST_FOREACH(c, &n->clients, entry)
		if (c->paused) {
			c->paused = 0;
			ev_io_start(n->loop, &c->rio);
		}
	n->npaused = 0;
}

static void
retake_later(struct net *n)
{
	ev_timer_stop(n->loop, &n->retake);
	ev_timer_set(&n->retake, n->backoff, 0.);
	ev_timer_start(n->loop, &n->retake);
	n->backoff *= 2;
	if (n->backoff > RETAKE_MAX)
		n->backoff = RETAKE_MAX;
}

static void
con_lost(struct net *n, const char *why)
{
	log_info("console of %s: %s", n->conf->server, why);
	con_close(n);
	resume_clients(n);
	if (n->req == 0 && !n->waiting)
		retake_later(n);
}

static void
con_flush_input(struct net *n)
{
	ssize_t	k;

	while (n->inq_len > 0) {
		k = write(n->con_fd, n->inq + n->inq_off, n->inq_len);
		if (k == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				ev_io_start(n->loop, &n->con_wio);
				break;
			}
			con_lost(n, strerror(errno));
			return;
		}
		n->inq_off += k;
		n->inq_len -= k;
	}
	if (n->inq_len == 0) {
		n->inq_off = 0;
		ev_io_stop(n->loop, &n->con_wio);
	}
	resume_clients(n);
}

static void
con_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	con_flush_input(w->data);
}

/* Read once; 1 if more may follow, 0 if not, -1 if the console is gone. */
static int
con_read(struct net *n)
{
	ssize_t	k;

	k = read(n->con_fd, con_rbuf, sizeof(con_rbuf));
	if (k == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		con_lost(n, strerror(errno));	/* EIO: pty hung up */
		return -1;
	}
	if (k == 0) {
		con_lost(n, "end of stream");
		return -1;
	}
	n->backoff = RETAKE_MIN;
	n->con_last = ev_now(n->loop);
	con_output(n, con_rbuf, k);
	return k == (ssize_t)sizeof(con_rbuf);
}

static void
con_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	con_read(w->data);
}

/* Keep what the old stream still holds, then let it go. */
static void
con_drain(struct net *n)
{
	ssize_t	k;

	while ((k = read(n->con_fd, con_rbuf, sizeof(con_rbuf))) > 0)
		con_output(n, con_rbuf, k);
	con_close(n);
}

static void
con_attach(struct net *n, int fd)
{
	if (n->con_fd != -1)
		con_drain(n);
	ev_timer_stop(n->loop, &n->retake);
	ev_timer_stop(n->loop, &n->grace);
	if (sock_set_nonblock(fd, 1) == -1) {
		log_warn("console fd");
		close(fd);
		retake_later(n);
		return;
	}
	n->con_fd = fd;
	n->con_last = 0;
	ev_io_set(&n->con_rio, fd, EV_READ);
	ev_io_set(&n->con_wio, fd, EV_WRITE);
	ev_io_start(n->loop, &n->con_rio);
	dstream_init(&n->ds);
	n->ds_on = n->conf->docker_stream;
	n->takes++;
	n->con_warned = 0;
	log_info("console of %s: taken (%lu)", n->conf->server, n->takes);
}

static void
con_reply_cb(void *arg, cJSON *reply, int fd)
{
	struct net	*n = arg;

	n->req = 0;
	pool_done(n);
	if (reply != NULL && pdmsg_ok(reply) && fd != -1) {
		con_attach(n, fd);
		fd = -1;
	} else {
		if (reply == NULL)
			log_debug("console of %s: powerd did not answer",
			    n->conf->server);
		else if (!n->con_warned)
			log_warnx("console of %s: %s", n->conf->server,
			    !pdmsg_ok(reply) ? pdmsg_str(reply, "message",
			    pdmsg_str(reply, "error", "refused")) :
			    "reply without fd");
		if (reply != NULL)
			n->con_warned = 1;
		/* -M: powerd away: pool_state_cb asks again for everyone */
		if (n->con_fd == -1 && (n->pool == NULL || reply != NULL ||
		    evpdc_connected(n->pd)))
			retake_later(n);
	}
	if (fd != -1)
		close(fd);
	if (n->req_again) {
		n->req_again = 0;
		con_request(n);
	}
}

/* -M: the least busy request connection, or -1 (n waits its turn). */
static int
pool_pick(struct net *n)
{
	struct pdpool	*p = n->pool;
	int		 i, best = 0;

	for (i = 1; i < POOL_CONNS; i++)
		if (p->inflight[i] < p->inflight[best])
			best = i;
	if (p->inflight[best] >= POOL_DEPTH) {
		if (!n->waiting) {
			TAILQ_INSERT_TAIL(&p->waitq, n, wentry);
			n->waiting = 1;
		}
		return -1;
	}
	n->pd = p->pd[best];
	n->pdi = best;
	p->inflight[best]++;
	return best;
}

/* -M: n's request ended; let the next waiting server ask. */
static void
pool_done(struct net *n)
{
	struct pdpool	*p = n->pool;
	struct net	*w;

	if (p == NULL)
		return;
	p->inflight[n->pdi]--;
	if ((w = TAILQ_FIRST(&p->waitq)) != NULL) {
		TAILQ_REMOVE(&p->waitq, w, wentry);
		w->waiting = 0;
		con_request(w);
	}
}

static void
con_request(struct net *n)
{
	cJSON	*req;

	if (n->req != 0) {
		n->req_again = 1;
		return;
	}
	if (n->waiting)
		return;
	ev_timer_stop(n->loop, &n->retake);
	if (n->pool != NULL && pool_pick(n) == -1)
		return;
	if ((req = pdmsg_request(0, "console", n->conf->server)) == NULL ||
	    cJSON_AddStringToObject(req, "by", "sold") == NULL) {
		cJSON_Delete(req);
		log_warnx("console request: out of memory");
		n->req = 0;
		pool_done(n);
		retake_later(n);
		return;
	}
	n->req = evpdc_call(n->pd, req, PD_TIMEOUT_MS, con_reply_cb, n);
	if (n->req == -1) {
		n->req = 0;
		pool_done(n);
		retake_later(n);
	}
}

static void
retake_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	con_request(w->data);
}

static void
pd_state_cb(void *arg, int connected)
{
	struct net	*n = arg;

	log_debug("powerd %s", connected ? "up" : "down");
	if (connected && n->con_fd == -1 && n->req == 0 && !n->waiting) {
		n->backoff = RETAKE_MIN;
		con_request(n);
	}
}

static void
pd_event_cb(void *arg, cJSON *ev)
{
	struct net	*n = arg;

	if (strcmp(pdmsg_str(ev, "event", ""), "power") != 0 ||
	    strcmp(pdmsg_str(ev, "power", ""), "on") != 0)
		return;
	n->backoff = RETAKE_MIN;
	if (n->con_fd == -1) {
		log_debug("power on: taking the console");
		con_request(n);
		return;
	}
	/*
	 * A console that stays open across power states (sim, exec, a
	 * Docker attach taken while the container was stopped) shows the
	 * new boot at once, maybe before the event arrives; swapping it
	 * would lose input in flight on the old one.  Re-take only a
	 * console that was silent around the event.
	 */
	n->grace_t = ev_now(n->loop);
	ev_timer_stop(n->loop, &n->grace);
	ev_timer_start(n->loop, &n->grace);
}

static void
grace_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct net	*n = w->data;

	UNUSED(loop);
	UNUSED(revents);
	if (n->con_fd != -1 && n->con_last >= n->grace_t - POWERON_GRACE) {
		log_debug("power on: the console shows the boot, kept");
		return;
	}
	log_debug("power on: the console is silent, re-taking it");
	con_request(n);
}

struct net *
net_new(struct ev_loop *loop, const struct sold_conf *conf, int tcp_fd,
    int unix_fd)
{
	struct net	*n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	n->loop = loop;
	n->conf = conf;
	n->tcp_fd = tcp_fd;
	n->unix_fd = unix_fd;
	n->con_fd = -1;
	n->log_fd = -1;
	n->backoff = RETAKE_MIN;
	LIST_INIT(&n->clients);
	/* the ring and the input queue are allocated on first use */
	ev_io_init(&n->tcp_lis, accept_cb, tcp_fd, EV_READ);
	ev_io_init(&n->unix_lis, accept_cb, unix_fd, EV_READ);
	ev_timer_init(&n->emfile_timer, emfile_cb, EMFILE_PAUSE, 0.);
	ev_io_init(&n->con_rio, con_read_cb, -1, EV_READ);
	ev_io_init(&n->con_wio, con_write_cb, -1, EV_WRITE);
	ev_timer_init(&n->retake, retake_cb, RETAKE_MIN, 0.);
	ev_timer_init(&n->grace, grace_cb, POWERON_GRACE, 0.);
	n->grace.data = n;
	n->tcp_lis.data = n->unix_lis.data = n->emfile_timer.data = n;
	n->con_rio.data = n->con_wio.data = n->retake.data = n;
	if (!log_lazy)
		clog_open(n, 0);
	return n;
}

void
net_start(struct net *n)
{
	if (n->tcp_fd != -1)
		ev_io_start(n->loop, &n->tcp_lis);
	if (n->unix_fd != -1)
		ev_io_start(n->loop, &n->unix_lis);
	n->pd = evpdc_new(n->loop, n->conf->powerd, pd_state_cb, n);
	n->sub = evpdc_subscribe(n->loop, n->conf->powerd, n->conf->server,
	    pd_event_cb, pd_state_cb, n);
	if (n->pd == NULL || n->sub == NULL)
		fatal("powerd client");
	/* the console is requested when powerd answers (pd_state_cb) */
}

void
net_free(struct net *n)
{
	if (n == NULL)
		return;
	while (!LIST_EMPTY(&n->clients))
		cl_close(LIST_FIRST(&n->clients), "sold stopping");
	if (n->req > 0) {
		evpdc_cancel(n->pd, n->req);
		if (n->pool != NULL)
			n->pool->inflight[n->pdi]--;
	}
	if (n->waiting)
		TAILQ_REMOVE(&n->pool->waitq, n, wentry);
	if (n->pool == NULL) {
		evpdc_free(n->sub);
		evpdc_free(n->pd);
	}
	ev_io_stop(n->loop, &n->tcp_lis);
	ev_io_stop(n->loop, &n->unix_lis);
	ev_timer_stop(n->loop, &n->emfile_timer);
	ev_timer_stop(n->loop, &n->retake);
	ev_timer_stop(n->loop, &n->grace);
	con_close(n);
	clog_close(n);
	if (n->tcp_fd != -1)
		close(n->tcp_fd);
	if (n->unix_fd != -1)
		close(n->unix_fd);
	ring_free(&n->ring);
	free(n->inq);
	free(n);
}

/* Aggregated mode (-M). */

struct netagg *
netagg_new(struct ev_loop *loop)
{
	struct netagg	*ag;

	if ((ag = calloc(1, sizeof(*ag))) == NULL)
		return NULL;
	ag->loop = loop;
	log_lazy = 1;
	return ag;
}

int
netagg_add(struct netagg *ag, struct net *n)
{
	struct net	**nn;
	int		  cap;

	if (ag->n == ag->cap) {
		cap = ag->cap ? ag->cap * 2 : 64;
		if ((nn = reallocarray(ag->nets, cap, sizeof(*nn))) == NULL)
			return -1;
		ag->nets = nn;
		ag->cap = cap;
	}
	ag->nets[ag->n++] = n;
	return 0;
}

static int
net_cmp(const void *a, const void *b)
{
	const struct net	*x = *(struct net * const *)a;
	const struct net	*y = *(struct net * const *)b;

	return strcmp(x->conf->server, y->conf->server);
}

static struct net *
netagg_find(struct netagg *ag, const char *id)
{
	int	lo = 0, hi = ag->n - 1, mid, c;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(id, ag->nets[mid]->conf->server)) == 0)
			return ag->nets[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* A pool connection came up: every server of it without a console asks. */
static void
pool_state_cb(void *arg, int connected)
{
	struct pdpool	*p = arg;
	struct net	*n;
	int		 i;

	log_debug("powerd %s: %s", p->path, connected ? "up" : "down");
	if (!connected)
		return;
	for (i = 0; i < p->ag->n; i++) {
		n = p->ag->nets[i];
		if (n->pool != p || n->con_fd != -1 || n->req != 0 ||
		    n->waiting)
			continue;
		n->backoff = RETAKE_MIN;
		con_request(n);
	}
}

/* The one subscription of a pool: each event to its server. */
static void
pool_event_cb(void *arg, cJSON *ev)
{
	struct pdpool	*p = arg;
	struct net	*n;

	n = netagg_find(p->ag, pdmsg_str(ev, "server", ""));
	if (n == NULL || n->pool != p)
		return;		/* a server of powerd this file does not list */
	pd_event_cb(n, ev);
}

static struct pdpool *
pool_get(struct netagg *ag, const char *path)
{
	struct pdpool	**pp, *p;
	int		  i;

	for (i = 0; i < ag->npools; i++)
		if (strcmp(ag->pools[i]->path, path) == 0)
			return ag->pools[i];
	if ((pp = reallocarray(ag->pools, ag->npools + 1,
	    sizeof(*pp))) == NULL)
		return NULL;
	ag->pools = pp;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	p->ag = ag;
	p->path = path;
	TAILQ_INIT(&p->waitq);
	ag->pools[ag->npools++] = p;
	return p;
}

int
netagg_start(struct netagg *ag)
{
	struct pdpool	*p;
	struct net	*n;
	int		 i, j;

	qsort(ag->nets, ag->n, sizeof(*ag->nets), net_cmp);
	for (i = 0; i < ag->n; i++) {
		n = ag->nets[i];
		if ((p = pool_get(ag, n->conf->powerd)) == NULL)
			return -1;
		n->pool = p;
		if (n->tcp_fd != -1)
			ev_io_start(n->loop, &n->tcp_lis);
		if (n->unix_fd != -1)
			ev_io_start(n->loop, &n->unix_lis);
	}
	for (i = 0; i < ag->npools; i++) {
		p = ag->pools[i];
		for (j = 0; j < POOL_CONNS; j++)
			if ((p->pd[j] = evpdc_new(ag->loop, p->path,
			    pool_state_cb, p)) == NULL)
				return -1;
		if ((p->sub = evpdc_subscribe(ag->loop, p->path, NULL,
		    pool_event_cb, pool_state_cb, p)) == NULL)
			return -1;
	}
	/* the consoles are requested when powerd answers (pool_state_cb) */
	return 0;
}

void
netagg_reopen_logs(struct netagg *ag)
{
	int	i;

	for (i = 0; i < ag->n; i++)
		net_reopen_log(ag->nets[i]);
}

void
netagg_free(struct netagg *ag)
{
	struct pdpool	*p;
	int		 i, j;

	if (ag == NULL)
		return;
	for (i = 0; i < ag->n; i++)
		net_free(ag->nets[i]);
	for (i = 0; i < ag->npools; i++) {
		p = ag->pools[i];
		evpdc_free(p->sub);
		for (j = 0; j < POOL_CONNS; j++)
			evpdc_free(p->pd[j]);
		free(p);
	}
	free(ag->pools);
	free(ag->nets);
	free(ag);
}
