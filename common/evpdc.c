/* evpdc.c: the incremental, reconnecting powerd client driven by libev. */
/* SPDX-License-Identifier: ISC */

#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evpdc.h"
#include "fdpass.h"
#include "log.h"
#include "pdmsg.h"
#include "sock.h"
#include "util.h"

#define EVPDC_BACKOFF_MIN	0.1	/* s, doubling ... */
#define EVPDC_BACKOFF_MAX	2.0	/* ... up to this */
#define EVPDC_RDBUF		(16 * 1024)
#define EVPDC_TRIM_LEN		4096	/* a reply this long: malloc_trim after */

/*
 * Lockstep means a request that timed out (or was cancelled) stays in
 * flight until its late reply comes.  If none comes for this long, powerd
 * is taken to be stuck: the connection is dropped and made again.
 */
double	evpdc_stall_s = 30.0;

enum evpdc_where { EVPDC_QUEUE, EVPDC_FAILQ, EVPDC_INFLIGHT };

struct evpdc_req {
	ev_timer		 tmr;		/* first, for casts */
	TAILQ_ENTRY(evpdc_req)	 entry;
	struct evpdc		*pc;
	enum evpdc_where	 where;
	long			 handle;	/* also its "id" */
	char			*line;		/* with its '\n' */
	size_t			 len;
	evpdc_reply_cb		 cb;		/* NULL: abandoned */
	void			*arg;
	int			 failed;	/* kick fails it */
};
TAILQ_HEAD(evpdc_reqq, evpdc_req);

struct evpdc {
	ev_io			 io;		/* first, for casts */
	struct ev_loop		*loop;
	char			*path;
	int			 fd;
	int			 connected;	/* socket up */
	int			 ready;		/* and subscribed */
	double			 backoff;
	ev_timer		 retry;
	ev_timer		 kick;		/* fail, pump */
	ev_timer		 stall;		/* see evpdc_stall_s */

	/* requests: queued, being failed, and the one in flight */
	struct evpdc_reqq	 queue;
	struct evpdc_reqq	 failq;
	struct evpdc_req	*inflight;
	long			 next_handle;
	int			 trim_due;	/* a big reply since the last trim */

	/* output: the line being written (inflight's or the subscribe) */
	const char		*obuf;
	size_t			 olen;
	size_t			 ooff;

	struct pd_framer	 fr;
	int			 pending_fd;

	/* subscribers */
	int			 is_sub;
	char			*subline;
	size_t			 sublen;
	evpdc_event_cb		 event_cb;

	evpdc_state_cb		 state_cb;
	void			*arg;

	/*
	 * Every libev callback holds busy; evpdc_free() inside a user
	 * callback only sets dead, and the outermost exit destroys.
	 */
	int			 busy;
	int			 dead;
};

static void	evpdc_io_cb(struct ev_loop *, ev_io *, int);
static void	evpdc_retry_cb(struct ev_loop *, ev_timer *, int);
static void	evpdc_kick_cb(struct ev_loop *, ev_timer *, int);
static void	evpdc_timeout_cb(struct ev_loop *, ev_timer *, int);
static void	evpdc_stall_cb(struct ev_loop *, ev_timer *, int);
static void	evpdc_stall_start(struct evpdc *);
static void	evpdc_disconnect(struct evpdc *, const char *);
static void	evpdc_pump(struct evpdc *);
static void	evpdc_destroy(struct evpdc *);

static void
evpdc_req_free(struct evpdc *pc, struct evpdc_req *r)
{
	if (r == NULL)
		return;
	ev_timer_stop(pc->loop, &r->tmr);
	free(r->line);
	free(r);
}

static void
evpdc_enter(struct evpdc *pc)
{
	pc->busy++;
}

/* Leave a libev callback; destroys pc if it was freed meanwhile. */
static void
evpdc_leave(struct evpdc *pc)
{
	if (--pc->busy == 0 && pc->dead)
		evpdc_destroy(pc);
}

/* Report a state change; 0, or -1 when pc was freed by the callback. */
static int
evpdc_set_state(struct evpdc *pc, int ready)
{
	if (pc->ready == ready)
		return 0;
	pc->ready = ready;
	if (pc->state_cb != NULL)
		pc->state_cb(pc->arg, ready);
	return pc->dead ? -1 : 0;
}

static struct evpdc *
evpdc_alloc(struct ev_loop *loop, const char *path, evpdc_state_cb state_cb,
    void *arg)
{
	struct evpdc	*pc;

	if ((pc = calloc(1, sizeof(*pc))) == NULL)
		return NULL;
	if ((pc->path = strdup(path)) == NULL) {
		free(pc);
		return NULL;
	}
	pc->loop = loop;
	pc->fd = -1;
	pc->pending_fd = -1;
	pc->backoff = EVPDC_BACKOFF_MIN;
	pc->next_handle = 1;
	pc->state_cb = state_cb;
	pc->arg = arg;
	TAILQ_INIT(&pc->queue);
	TAILQ_INIT(&pc->failq);
	pd_framer_init(&pc->fr, PD_REPLY_MAX);
	ev_init(&pc->io, evpdc_io_cb);
	ev_timer_init(&pc->retry, evpdc_retry_cb, 0., 0.);
	ev_timer_init(&pc->kick, evpdc_kick_cb, 0., 0.);
	ev_init(&pc->stall, evpdc_stall_cb);
	/* the first connect happens from the loop, never inside _new */
	ev_timer_start(loop, &pc->retry);
	return pc;
}

struct evpdc *
evpdc_new(struct ev_loop *loop, const char *path, evpdc_state_cb state_cb,
    void *arg)
{
	return evpdc_alloc(loop, path, state_cb, arg);
}

struct evpdc *
evpdc_subscribe(struct ev_loop *loop, const char *path, const char *server,
    evpdc_event_cb event_cb, evpdc_state_cb state_cb, void *arg)
{
	struct evpdc	*pc = NULL;
	cJSON		*req = NULL;

	if ((req = pdmsg_request(0, "subscribe", server)) == NULL)
		return NULL;
	if ((pc = evpdc_alloc(loop, path, state_cb, arg)) == NULL)
		goto out;
	pc->is_sub = 1;
	pc->event_cb = event_cb;
	if ((pc->subline = pdmsg_print(req, PD_MSG_MAX, &pc->sublen)) == NULL) {
		evpdc_free(pc);
		pc = NULL;
	}
out:
	cJSON_Delete(req);
	return pc;
}

static void
evpdc_destroy(struct evpdc *pc)
{
	struct evpdc_req	*r;

	ev_io_stop(pc->loop, &pc->io);
	ev_timer_stop(pc->loop, &pc->retry);
	ev_timer_stop(pc->loop, &pc->kick);
	ev_timer_stop(pc->loop, &pc->stall);
	if (pc->fd != -1)
		close(pc->fd);
	if (pc->pending_fd != -1)
		close(pc->pending_fd);
	evpdc_req_free(pc, pc->inflight);
	while ((r = TAILQ_FIRST(&pc->queue)) != NULL) {
		TAILQ_REMOVE(&pc->queue, r, entry);
		evpdc_req_free(pc, r);
	}
	while ((r = TAILQ_FIRST(&pc->failq)) != NULL) {
		TAILQ_REMOVE(&pc->failq, r, entry);
		evpdc_req_free(pc, r);
	}
	pd_framer_free(&pc->fr);
	free(pc->subline);
	free(pc->path);
	free(pc);
}

void
evpdc_free(struct evpdc *pc)
{
	if (pc == NULL)
		return;
	if (pc->busy > 0) {
		/* inside one of our callbacks: finish when it returns */
		pc->dead = 1;
		pc->state_cb = NULL;
		pc->event_cb = NULL;
		ev_io_stop(pc->loop, &pc->io);
		ev_timer_stop(pc->loop, &pc->retry);
		ev_timer_stop(pc->loop, &pc->kick);
		ev_timer_stop(pc->loop, &pc->stall);
		return;
	}
	evpdc_destroy(pc);
}

int
evpdc_connected(const struct evpdc *pc)
{
	return pc->ready;
}

/*
 * A request while disconnected: try to connect within the minimum backoff
 * rather than failing while a long backoff runs out (a second client of
 * the same daemon may already have seen powerd come back).
 */
static void
evpdc_expedite(struct evpdc *pc)
{
	if (pc->fd != -1)
		return;
	if (ev_is_active(&pc->retry) &&
	    ev_timer_remaining(pc->loop, &pc->retry) <= EVPDC_BACKOFF_MIN)
		return;
	ev_timer_stop(pc->loop, &pc->retry);
	ev_timer_set(&pc->retry, EVPDC_BACKOFF_MIN, 0.);
	ev_timer_start(pc->loop, &pc->retry);
}

long
evpdc_call(struct evpdc *pc, cJSON *req, int timeout_ms, evpdc_reply_cb cb,
    void *arg)
{
	struct evpdc_req	*r = NULL;
	long			 handle;

	if (pc == NULL || req == NULL || pc->is_sub || pc->dead) {
		cJSON_Delete(req);
		return -1;
	}
	handle = pc->next_handle++;
	if (pc->next_handle > 0x7fffffffL)
		pc->next_handle = 1;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		goto fail;
	cJSON_DeleteItemFromObjectCaseSensitive(req, "v");
	cJSON_DeleteItemFromObjectCaseSensitive(req, "id");
	if (cJSON_AddNumberToObject(req, "v", PD_PROTO_VERSION) == NULL ||
	    cJSON_AddNumberToObject(req, "id", (double)handle) == NULL ||
	    (r->line = pdmsg_print(req, PD_MSG_MAX, &r->len)) == NULL)
		goto fail;
	cJSON_Delete(req);
	r->pc = pc;
	r->handle = handle;
	r->cb = cb;
	r->arg = arg;
	r->where = EVPDC_QUEUE;
	r->failed = 0;
	if (!pc->connected)
		evpdc_expedite(pc);
	ev_timer_init(&r->tmr, evpdc_timeout_cb,
	    timeout_ms > 0 ? timeout_ms / 1000.0 : 0., 0.);
	if (timeout_ms > 0)
		ev_timer_start(pc->loop, &r->tmr);
	TAILQ_INSERT_TAIL(&pc->queue, r, entry);
	/* send or fail from the loop: no callback runs inside this call */
	ev_timer_start(pc->loop, &pc->kick);
	return handle;
fail:
	if (r != NULL)
		free(r->line);
	free(r);
	cJSON_Delete(req);
	return -1;
}

void
evpdc_cancel(struct evpdc *pc, long handle)
{
	struct evpdc_req	*r;

	if (pc == NULL)
		return;
	if (pc->inflight != NULL && pc->inflight->handle == handle) {
		/* its reply still comes (lockstep); it is dropped then */
		pc->inflight->cb = NULL;
		ev_timer_stop(pc->loop, &pc->inflight->tmr);
		evpdc_stall_start(pc);
		return;
	}
	TAILQ_FOREACH(r, &pc->queue, entry) {
		if (r->handle == handle) {
			TAILQ_REMOVE(&pc->queue, r, entry);
			evpdc_req_free(pc, r);
			return;
		}
	}
	TAILQ_FOREACH(r, &pc->failq, entry) {
		if (r->handle == handle) {
			TAILQ_REMOVE(&pc->failq, r, entry);
			evpdc_req_free(pc, r);
			return;
		}
	}
}

static void
evpdc_stall_start(struct evpdc *pc)
{
	if (ev_is_active(&pc->stall))
		return;
	ev_timer_set(&pc->stall, evpdc_stall_s, 0.);
	ev_timer_start(pc->loop, &pc->stall);
}

/*
 * Hand r's result to its callback and free r (r is off every list).
 * Returns -1 when pc was freed by the callback.
 */
static int
evpdc_finish(struct evpdc *pc, struct evpdc_req *r, cJSON *reply, int fd)
{
	evpdc_reply_cb	 cb = r->cb;
	void		*arg = r->arg;

	evpdc_req_free(pc, r);
	if (cb == NULL) {
		if (fd != -1)
			close(fd);
		return 0;
	}
	cb(arg, reply, fd);
	return pc->dead ? -1 : 0;
}

static void
evpdc_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct evpdc_req	*r = (struct evpdc_req *)w;
	struct evpdc		*pc = r->pc;
	evpdc_reply_cb		 cb;

	UNUSED(loop);
	UNUSED(revents);
	evpdc_enter(pc);
	switch (r->where) {
	case EVPDC_INFLIGHT:
		/* stays in flight: its late reply is read and dropped */
		evpdc_stall_start(pc);
		if ((cb = r->cb) != NULL) {
			r->cb = NULL;
			cb(r->arg, NULL, -1);
		}
		break;
	case EVPDC_QUEUE:
		TAILQ_REMOVE(&pc->queue, r, entry);
		(void)evpdc_finish(pc, r, NULL, -1);
		break;
	case EVPDC_FAILQ:
		TAILQ_REMOVE(&pc->failq, r, entry);
		(void)evpdc_finish(pc, r, NULL, -1);
		break;
	}
	evpdc_leave(pc);
}

/*
 * Fail the requests marked failed (those present now: a callback that
 * queues again is answered on a later round), then pump the queue.
 */
static void
evpdc_kick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct evpdc		*pc = (struct evpdc *)(void *)((char *)w -
				    offsetof(struct evpdc, kick));
	struct evpdc_req	*r, *next;

	UNUSED(loop);
	UNUSED(revents);
	evpdc_enter(pc);
	for (r = TAILQ_FIRST(&pc->queue); r != NULL; r = next) {
		next = TAILQ_NEXT(r, entry);
		if (!r->failed)
			continue;
		TAILQ_REMOVE(&pc->queue, r, entry);
		TAILQ_INSERT_TAIL(&pc->failq, r, entry);
		r->where = EVPDC_FAILQ;
	}
	while ((r = TAILQ_FIRST(&pc->failq)) != NULL) {
		TAILQ_REMOVE(&pc->failq, r, entry);
		if (evpdc_finish(pc, r, NULL, -1) == -1)
			goto out;
	}
	evpdc_pump(pc);
out:
	evpdc_leave(pc);
}

static void
evpdc_stall_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct evpdc	*pc = (struct evpdc *)(void *)((char *)w -
			    offsetof(struct evpdc, stall));

	UNUSED(loop);
	UNUSED(revents);
	evpdc_enter(pc);
	if (pc->inflight != NULL && pc->inflight->cb == NULL) {
		log_warnx("powerd %s: no reply for %.0f s, reconnecting",
		    pc->path, evpdc_stall_s);
		evpdc_disconnect(pc, "stalled");
	}
	evpdc_leave(pc);
}

static void
evpdc_update_io(struct evpdc *pc)
{
	int	events = EV_READ;

	if (pc->fd == -1)
		return;
	if (pc->obuf != NULL)
		events |= EV_WRITE;
	if (ev_is_active(&pc->io) && (pc->io.events & (EV_READ | EV_WRITE)) ==
	    events)
		return;
	ev_io_stop(pc->loop, &pc->io);
	ev_io_set(&pc->io, pc->fd, events);
	ev_io_start(pc->loop, &pc->io);
}

static int
evpdc_flush(struct evpdc *pc)
{
	ssize_t	w;

	while (pc->obuf != NULL && pc->ooff < pc->olen) {
		w = send(pc->fd, pc->obuf + pc->ooff, pc->olen - pc->ooff,
		    MSG_NOSIGNAL);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			return -1;
		}
		pc->ooff += (size_t)w;
	}
	if (pc->obuf != NULL && pc->ooff == pc->olen)
		pc->obuf = NULL;
	evpdc_update_io(pc);
	return 0;
}

/* Send the next queued request if none is in flight. */
static void
evpdc_pump(struct evpdc *pc)
{
	struct evpdc_req	*r;

	if (!pc->connected || pc->inflight != NULL || pc->is_sub || pc->dead)
		return;
	TAILQ_FOREACH(r, &pc->queue, entry)
		if (!r->failed)
			break;
	if (r == NULL)
		return;
	TAILQ_REMOVE(&pc->queue, r, entry);
	r->where = EVPDC_INFLIGHT;
	pc->inflight = r;
	pc->obuf = r->line;
	pc->olen = r->len;
	pc->ooff = 0;
	if (evpdc_flush(pc) == -1)
		evpdc_disconnect(pc, "send");
}

static void
evpdc_schedule_retry(struct evpdc *pc)
{
	ev_timer_stop(pc->loop, &pc->retry);
	ev_timer_set(&pc->retry, pc->backoff, 0.);
	ev_timer_start(pc->loop, &pc->retry);
	pc->backoff *= 2;
	if (pc->backoff > EVPDC_BACKOFF_MAX)
		pc->backoff = EVPDC_BACKOFF_MAX;
}

/*
 * Drop the connection: every request fails (from the loop, through the
 * kick timer), the state callback hears of it, a reconnect is scheduled.
 * Only called from libev callbacks (pc is busy, so never destroyed here).
 */
static void
evpdc_disconnect(struct evpdc *pc, const char *why)
{
	struct evpdc_req	*r;

	if (pc->fd == -1)
		return;
	log_debug("powerd %s: connection lost (%s)", pc->path, why);
	ev_io_stop(pc->loop, &pc->io);
	ev_timer_stop(pc->loop, &pc->stall);
	close(pc->fd);
	pc->fd = -1;
	pc->connected = 0;
	if (pc->pending_fd != -1) {
		close(pc->pending_fd);
		pc->pending_fd = -1;
	}
	pd_framer_free(&pc->fr);
	pd_framer_init(&pc->fr, PD_REPLY_MAX);
	pc->obuf = NULL;
	if ((r = pc->inflight) != NULL) {
		pc->inflight = NULL;
		r->where = EVPDC_QUEUE;
		TAILQ_INSERT_HEAD(&pc->queue, r, entry);
	}
	TAILQ_FOREACH(r, &pc->queue, entry)
		r->failed = 1;
	if (!TAILQ_EMPTY(&pc->queue))
		ev_timer_start(pc->loop, &pc->kick);
	evpdc_schedule_retry(pc);
	(void)evpdc_set_state(pc, 0);
}

static void
evpdc_retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct evpdc		*pc = (struct evpdc *)(void *)((char *)w -
				    offsetof(struct evpdc, retry));
	struct evpdc_req	*r;

	UNUSED(loop);
	UNUSED(revents);
	if (pc->fd != -1)
		return;
	if ((pc->fd = sock_unix_connect(pc->path, 1)) == -1) {
		log_debug("powerd %s: connect: %s", pc->path, strerror(errno));
		evpdc_schedule_retry(pc);
		/* what was queued for this attempt fails now */
		TAILQ_FOREACH(r, &pc->queue, entry)
			r->failed = 1;
		if (!TAILQ_EMPTY(&pc->queue))
			ev_timer_start(pc->loop, &pc->kick);
		return;
	}
	evpdc_enter(pc);
	pc->connected = 1;
	evpdc_update_io(pc);
	if (pc->is_sub) {
		/* ready once the subscription is acknowledged */
		pc->obuf = pc->subline;
		pc->olen = pc->sublen;
		pc->ooff = 0;
		if (evpdc_flush(pc) == -1)
			evpdc_disconnect(pc, "send");
	} else if (evpdc_set_state(pc, 1) == 0)
		evpdc_pump(pc);
	evpdc_leave(pc);
}

/* One line from powerd.  Returns -1 when reading must stop. */
static int
evpdc_line(struct evpdc *pc, const char *line, size_t len)
{
	struct evpdc_req	*r;
	cJSON			*o;
	int			 fd = -1;

	if ((o = pdmsg_parse(line, len)) == NULL) {
		evpdc_disconnect(pc, "garbage from powerd");
		return -1;
	}
	if (pc->is_sub) {
		if (pc->pending_fd != -1) {
			cJSON_Delete(o);
			evpdc_disconnect(pc, "unexpected fd");
			return -1;
		}
		if (!pc->ready) {
			if (!pdmsg_ok(o)) {
				log_warnx("powerd %s: subscribe refused: %s",
				    pc->path, pdmsg_str(o, "message", "?"));
				cJSON_Delete(o);
				evpdc_disconnect(pc, "subscribe refused");
				return -1;
			}
			cJSON_Delete(o);
			pc->backoff = EVPDC_BACKOFF_MIN;
			return evpdc_set_state(pc, 1);
		}
		if (pdmsg_str(o, "event", NULL) != NULL && pc->event_cb != NULL)
			pc->event_cb(pc->arg, o);
		cJSON_Delete(o);
		return pc->dead ? -1 : 0;
	}
	if (pdmsg_str(o, "event", NULL) != NULL) {
		cJSON_Delete(o);	/* not subscribed: ignore */
		return 0;
	}
	if ((r = pc->inflight) == NULL || pdmsg_id(o) != r->handle) {
		cJSON_Delete(o);
		evpdc_disconnect(pc, "reply to no request");
		return -1;
	}
	if (pdmsg_num(o, "fd", 0) == 1) {
		if (pc->pending_fd == -1) {
			cJSON_Delete(o);
			evpdc_disconnect(pc, "fd missing");
			return -1;
		}
		fd = pc->pending_fd;
		pc->pending_fd = -1;
	} else if (pc->pending_fd != -1) {
		cJSON_Delete(o);
		evpdc_disconnect(pc, "unexpected fd");
		return -1;
	}
	pc->inflight = NULL;
	ev_timer_stop(pc->loop, &pc->stall);
	pc->backoff = EVPDC_BACKOFF_MIN;
	if (evpdc_finish(pc, r, o, fd) == -1) {
		cJSON_Delete(o);
		return -1;
	}
	cJSON_Delete(o);
	/*
	 * a big reply (the accounts, the sensors) leaves its parse's heap
	 * pages behind: a front end at rest gives them back, once nothing
	 * more is asked (malloc_trim walks the whole heap: an aggregated
	 * daemon loading thousands of servers would trim at every reply)
	 */
	if (len >= EVPDC_TRIM_LEN)
		pc->trim_due = 1;
	evpdc_pump(pc);
	if (pc->trim_due && pc->inflight == NULL) {
		pc->trim_due = 0;
		(void)malloc_trim(0);
	}
	return pc->fd == -1 ? -1 : 0;
}

static void
evpdc_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct evpdc	*pc = (struct evpdc *)w;
	char		 buf[EVPDC_RDBUF];
	char		*line;
	size_t		 len;
	ssize_t		 n;
	int		 fd, r;

	UNUSED(loop);
	evpdc_enter(pc);
	if ((revents & EV_WRITE) && evpdc_flush(pc) == -1) {
		evpdc_disconnect(pc, "send");
		goto out;
	}
	if (!(revents & EV_READ))
		goto out;
	n = fdpass_recv(pc->fd, buf, sizeof(buf), &fd);
	if (n == -1) {
		if (errno != EAGAIN && errno != EINTR)
			evpdc_disconnect(pc, strerror(errno));
		goto out;
	}
	if (fd != -1) {
		if (pc->pending_fd != -1) {
			close(fd);
			evpdc_disconnect(pc, "two fds");
			goto out;
		}
		pc->pending_fd = fd;
	}
	if (n == 0) {
		evpdc_disconnect(pc, "closed by powerd");
		goto out;
	}
	if ((r = pd_framer_feed(&pc->fr, buf, (size_t)n)) != 0) {
		evpdc_disconnect(pc, bmc_strerror(r));
		goto out;
	}
	while (pc->fd != -1 && !pc->dead &&
	    pd_framer_next(&pc->fr, &line, &len) == 1)
		if (evpdc_line(pc, line, len) == -1)
			break;
out:
	evpdc_leave(pc);
}
