/* sol.c: IPMI Serial over LAN: payload activation, SOL packets with ACK/NACK/retry, relay to sold. */
/* SPDX-License-Identifier: ISC */

/*
 * One SOL payload instance system-wide.  Activation connects to sold's
 * unix socket (doc/console.md) and resets every sequence and buffer, so a
 * new session never sees the state of the last one (ipmi_sim's bug).
 * Host output is buffered (SOL_RX_MAX) and sent one packet at a time: a
 * packet is retransmitted every retry interval until ACKed, at most retry
 * count times (SOL parameter 4); the console's accepted-character count
 * says how much of it went through, the rest is sent again.  Console data
 * is ACKed with the number of characters taken; a repeated sequence
 * number is a retransmit: ACKed again, not delivered twice.
 */

#include <sys/socket.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "log.h"
#include "rbuf.h"
#include "sock.h"
#include "util.h"
#include "ipmid.h"
#include "rmcp.h"
#include "sess.h"
#include "solparam.h"
#include "sol.h"

#define SOL_HDR		"console 1 history=0\n"
/*
 * sold answers a console attach with nothing, and refuses one (all its
 * client slots taken) by closing the connection at once: an attach that
 * has not ended within this time is taken as accepted.
 */
#define SOL_ATTACH_S	0.2
/* an active payload whose console went away re-attaches after this, doubling */
#define SOL_REATTACH_S		0.2
#define SOL_REATTACH_MAX_S	5.0

/*
 * The relay buffers (68 KiB) exist only while a payload is active or
 * being activated: an aggregated ipmid (-M) holds thousands of idle ones.
 */
#define SOL_TXBUF	(SOL_TX_MAX + sizeof(SOL_HDR))

struct sol {
	ev_io		 io;		/* first: callbacks cast back */
	ev_timer	 retry;
	ev_timer	 accum;
	ev_timer	 attach;	/* Activate Payload waits for sold */
	ev_timer	 reattach;	/* the console went away: again */
	double		 backoff;
	struct ipmi_call *pending;	/* that Activate Payload */
	uint16_t	 pend_port;
	struct ipmid	*d;
	char		 path[108];
	int		 fd;
	int		 active;
	uint32_t	 sid;
	int		 accum_due;
	/* host -> console */
	uint8_t		 out_seq;
	int		 outstanding;
	size_t		 out_len;
	int		 retries;
	uint8_t		*rx;		/* SOL_RX_MAX, while active */
	size_t		 rxlen;
	/* console -> host */
	int		 have_in;
	uint8_t		 in_seq;
	uint8_t		 in_count;
	uint8_t		 in_status;
	uint8_t		*tx;		/* SOL_TXBUF, with rx */
	size_t		 txlen;
};

uint8_t
sol_next_seq(uint8_t s)
{
	return (uint8_t)(s >= 15 ? 1 : s + 1);
}

int
sol_parse(const uint8_t *p, size_t len, struct sol_pkt *k)
{
	struct rbuf	rb = RBUF_INIT(p, len);

	if (rbuf_get_u8(&rb, &k->seq) == -1 || rbuf_get_u8(&rb, &k->ack) == -1 ||
	    rbuf_get_u8(&rb, &k->count) == -1 ||
	    rbuf_get_u8(&rb, &k->status) == -1)
		return BMC_ESHORT;
	k->seq &= 0x0F;
	k->ack &= 0x0F;
	k->data = rbuf_ptr(&rb);
	k->len = rbuf_left(&rb);
	if (k->len > SOL_PKT_MAX)
		return BMC_ETOOLONG;
	return 0;
}

static const struct solparam *
params(const struct sol *sl)
{
	return solparam_get(sl->d);
}

static double
retry_interval(const struct sol *sl)
{
	const struct solparam	*p = params(sl);
	int			 ms = p != NULL ? p->retry_10ms * 10 : 500;

	return (ms < 20 ? 20 : ms) / 1000.0;
}

static int
retry_count(const struct sol *sl)
{
	const struct solparam	*p = params(sl);

	return p != NULL ? (p->retry_count & 7) : 7;
}

static void	sol_io_cb(struct ev_loop *, ev_io *, int);
static void	sol_retry_cb(struct ev_loop *, ev_timer *, int);
static void	sol_accum_cb(struct ev_loop *, ev_timer *, int);
static void	sol_attach_cb(struct ev_loop *, ev_timer *, int);
static void	sol_attached(struct sol *, int);
static void	sol_reattach_cb(struct ev_loop *, ev_timer *, int);
static int	sol_flush(struct sol *);
static void	sol_pump(struct sol *);

int
sol_init(struct ipmid *d, const char *path)
{
	struct sol	*sl;

	if (path == NULL || path[0] == '\0')
		return 0;		/* no console: SOL disabled */
	if ((sl = calloc(1, sizeof(*sl))) == NULL)
		return -1;
	sl->d = d;
	sl->fd = -1;
	if (strlcpy(sl->path, path, sizeof(sl->path)) >= sizeof(sl->path)) {
		free(sl);
		errno = ENAMETOOLONG;
		return -1;
	}
	ev_init(&sl->io, sol_io_cb);
	ev_init(&sl->retry, sol_retry_cb);
	ev_init(&sl->accum, sol_accum_cb);
	ev_init(&sl->attach, sol_attach_cb);
	ev_init(&sl->reattach, sol_reattach_cb);
	d->sol = sl;
	return 0;
}

int
sol_enabled(const struct ipmid *d)
{
	const struct solparam	*p;

	if (d->sol == NULL)
		return 0;
	p = solparam_get(d);
	return p == NULL || p->enabled;
}

static void
sol_close_console(struct sol *sl)
{
	ev_io_stop(sl->d->loop, &sl->io);
	ev_timer_stop(sl->d->loop, &sl->retry);
	ev_timer_stop(sl->d->loop, &sl->accum);
	ev_timer_stop(sl->d->loop, &sl->attach);
	if (sl->fd != -1)
		close(sl->fd);
	sl->fd = -1;
}

static void
sol_deactivate(struct sol *sl)
{
	sol_close_console(sl);
	ev_timer_stop(sl->d->loop, &sl->reattach);
	sl->backoff = 0;
	sl->active = 0;
	sl->sid = 0;
	sl->rxlen = sl->txlen = 0;
	sl->outstanding = 0;
	sl->have_in = 0;
	free(sl->rx);
	sl->rx = sl->tx = NULL;
}

void
sol_fini(struct ipmid *d)
{
	if (d->sol == NULL)
		return;
	d->sol->pending = NULL;		/* its call goes with the sessions */
	sol_deactivate(d->sol);
	free(d->sol);
	d->sol = NULL;
}

static void
sol_update_io(struct sol *sl)
{
	int	ev = 0;

	if (sl->fd == -1)
		return;
	if (sl->rxlen < SOL_RX_MAX)
		ev |= EV_READ;
	if (sl->txlen > 0)
		ev |= EV_WRITE;
	if (ev_is_active(&sl->io) && sl->io.events == ev)
		return;
	ev_io_stop(sl->d->loop, &sl->io);
	ev_io_set(&sl->io, sl->fd, ev);
	if (ev != 0)
		ev_io_start(sl->d->loop, &sl->io);
}

/*
 * The console of an active payload went away (sold restarted, or dropped
 * us): input is answered "unavailable" meanwhile and the console is
 * attached again, so the payload goes on relaying.
 */
static void
sol_lost(struct sol *sl)
{
	sol_close_console(sl);
	if (!sl->active || ev_is_active(&sl->reattach))
		return;
	/* host output already read still goes out, retried as before */
	if (sl->outstanding) {
		ev_timer_set(&sl->retry, retry_interval(sl), 0.);
		ev_timer_start(sl->d->loop, &sl->retry);
	} else {
		sl->accum_due = 1;
		sol_pump(sl);
	}
	sl->backoff = sl->backoff < SOL_REATTACH_S ? SOL_REATTACH_S :
	    sl->backoff * 2 > SOL_REATTACH_MAX_S ? SOL_REATTACH_MAX_S :
	    sl->backoff * 2;
	ev_timer_set(&sl->reattach, sl->backoff, 0.);
	ev_timer_start(sl->d->loop, &sl->reattach);
}

static void
sol_reattach_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sol	*sl = (struct sol *)((char *)w - offsetof(struct sol,
			    reattach));

	(void)loop;
	(void)revents;
	if (!sl->active || sl->fd != -1)
		return;
	if ((sl->fd = sock_unix_connect(sl->path, 1)) == -1) {
		sol_lost(sl);
		return;
	}
	/* input queued for the old connection is not sent to the new one */
	memcpy(sl->tx, SOL_HDR, sizeof(SOL_HDR) - 1);
	sl->txlen = sizeof(SOL_HDR) - 1;
	log_info("sol: console %s attached again", sl->path);
	if (sol_flush(sl) == -1) {
		sol_lost(sl);
		return;
	}
	sol_update_io(sl);
}

static void
sol_send(struct sol *sl, uint8_t seq, uint8_t ack, uint8_t count,
    uint8_t status, const uint8_t *data, size_t len)
{
	uint8_t	p[4 + SOL_PKT_MAX];

	p[0] = seq;
	p[1] = ack;
	p[2] = count;
	p[3] = status;
	if (len > 0)
		memcpy(p + 4, data, len);
	if (sess_send_payload(sl->d, sl->sid, RMCPP_PT_SOL, p, 4 + len) == -1)
		sol_deactivate(sl);	/* the session is gone */
}

/* Send the next packet of host output, if the console is not behind. */
static void
sol_pump(struct sol *sl)
{
	const struct solparam	*p = params(sl);
	size_t			 thresh = p != NULL && p->send_thresh > 0 ?
				    p->send_thresh : 1;
	double			 acc = p != NULL ? p->accum_5ms * 0.005 : 0.06;

	if (!sl->active || sl->outstanding || sl->rxlen == 0)
		return;
	if (sl->rxlen < thresh && !sl->accum_due) {
		if (!ev_is_active(&sl->accum)) {
			ev_timer_set(&sl->accum, acc > 0 ? acc : 0.001, 0.);
			ev_timer_start(sl->d->loop, &sl->accum);
		}
		return;
	}
	ev_timer_stop(sl->d->loop, &sl->accum);
	sl->accum_due = 0;
	sl->out_len = sl->rxlen < SOL_PKT_MAX ? sl->rxlen : SOL_PKT_MAX;
	sl->out_seq = sol_next_seq(sl->out_seq);
	sl->outstanding = 1;
	sl->retries = 0;
	ev_timer_set(&sl->retry, retry_interval(sl), 0.);
	ev_timer_start(sl->d->loop, &sl->retry);
	sol_send(sl, sl->out_seq, 0, 0, 0, sl->rx, sl->out_len);
}

static void
sol_accum_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sol	*sl = (struct sol *)((char *)w - offsetof(struct sol,
			    accum));

	(void)loop;
	(void)revents;
	sl->accum_due = 1;
	sol_pump(sl);
}

static void
sol_retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sol	*sl = (struct sol *)((char *)w - offsetof(struct sol,
			    retry));

	(void)revents;
	if (!sl->active || !sl->outstanding)
		return;
	if (sl->retries >= retry_count(sl)) {
		/* the console is gone or stuck: drop this packet, go on */
		memmove(sl->rx, sl->rx + sl->out_len, sl->rxlen - sl->out_len);
		sl->rxlen -= sl->out_len;
		sl->outstanding = 0;
		sl->accum_due = 1;
		sol_update_io(sl);
		sol_pump(sl);
		return;
	}
	sl->retries++;
	ev_timer_set(&sl->retry, retry_interval(sl), 0.);
	ev_timer_start(loop, &sl->retry);
	sol_send(sl, sl->out_seq, 0, 0, 0, sl->rx, sl->out_len);
}

/* Write what console input is queued; -1 if the console is gone. */
static int
sol_flush(struct sol *sl)
{
	ssize_t	n;

	if (sl->fd == -1 || sl->txlen == 0)
		return 0;
	n = send(sl->fd, sl->tx, sl->txlen, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n == -1 && errno != EAGAIN && errno != EINTR) {
		log_warn("sol: console %s", sl->path);
		return -1;
	}
	if (n > 0) {
		memmove(sl->tx, sl->tx + n, sl->txlen - (size_t)n);
		sl->txlen -= (size_t)n;
	}
	return 0;
}

static void
sol_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct sol	*sl = (struct sol *)w;
	ssize_t		 n;

	(void)loop;
	if ((revents & EV_WRITE) && sol_flush(sl) == -1)
		goto lost;
	if ((revents & EV_READ) && sl->rxlen < SOL_RX_MAX) {
		n = read(sl->fd, sl->rx + sl->rxlen, SOL_RX_MAX - sl->rxlen);
		if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
			if (sl->pending == NULL)
				log_warnx("sol: console %s closed", sl->path);
			goto lost;
		}
		if (n > 0) {
			sl->rxlen += (size_t)n;
			sl->backoff = 0;	/* the console works */
			if (sl->pending != NULL) {
				sol_attached(sl, 1);	/* sold is sending */
				return;
			}
			sol_pump(sl);
		}
	}
	sol_update_io(sl);
	return;
lost:
	if (sl->pending != NULL) {
		sol_attached(sl, 0);
		return;
	}
	/* keep the payload and attach the console again */
	sol_lost(sl);
}

/* Payload instance: type(1) instance(1) [aux(4)]. */
static int
sol_req(const struct ipmi_call *c, size_t want)
{
	if (c->len != want)
		return IPMI_CC_REQ_LEN_INVALID;
	if ((c->req[0] & 0x3F) != RMCPP_PT_SOL || c->req[1] != 1)
		return IPMI_CC_INVALID_FIELD;
	return 0;
}

/*
 * Activate Payload (§24.1): reply aux(4), inbound and outbound payload
 * sizes (LE), UDP port (LE), VLAN (0xFFFF): exactly 12 bytes.
 */
static void
sol_activate(struct ipmid *d, struct ipmi_call *c, const struct sol_sess *ss)
{
	struct sol		*sl = d->sol;
	const struct solparam	*p = solparam_get(d);
	uint8_t			 aux;
	int			 cc;

	if (c->len == 2 && (cc = sol_req(c, 2)) == 0)
		aux = 0;
	else if ((cc = sol_req(c, 6)) != 0) {
		ipmi_reply(d, c, (uint8_t)cc, NULL, 0);
		return;
	} else
		aux = c->req[2];
	if (p != NULL && ss->priv < (p->auth & 0x0F)) {
		ipmi_reply(d, c, IPMI_CC_INSUFFICIENT_PRIV, NULL, 0);
		return;
	}
	if (sl->active || sl->pending != NULL) {
		ipmi_reply(d, c, 0x80, NULL, 0);	/* already active */
		return;
	}
	if ((aux & 0x80) && !ss->conf) {
		ipmi_reply(d, c, 0x83, NULL, 0);	/* can't encrypt */
		return;
	}
	if (p != NULL && (p->auth & 0x80) && !(aux & 0x80)) {
		ipmi_reply(d, c, 0x84, NULL, 0);	/* must encrypt */
		return;
	}
	sol_deactivate(sl);			/* every state reset */
	if ((sl->rx = malloc(SOL_RX_MAX + SOL_TXBUF)) == NULL) {
		log_warn("sol");
		ipmi_reply(d, c, IPMI_CC_NO_SPACE, NULL, 0);
		return;
	}
	sl->tx = sl->rx + SOL_RX_MAX;
	if ((sl->fd = sock_unix_connect(sl->path, 1)) == -1) {
		log_warn("sol: console %s", sl->path);
		ipmi_reply(d, c, IPMI_CC_NOT_SUPPORTED_STATE, NULL, 0);
		return;
	}
	memcpy(sl->tx, SOL_HDR, sizeof(SOL_HDR) - 1);
	sl->txlen = sizeof(SOL_HDR) - 1;
	sl->sid = ss->sid;
	sl->out_seq = 0;
	sl->pending = c;
	sl->pend_port = ss->port;
	if (sol_flush(sl) == -1) {
		sol_attached(sl, 0);
		return;
	}
	/* answered once sold has kept the attach (sol_attached) */
	sol_update_io(sl);
	ev_timer_set(&sl->attach, SOL_ATTACH_S, 0.);
	ev_timer_start(d->loop, &sl->attach);
}

/*
 * The end of an attach: answer the Activate Payload waiting for it.  SOL
 * is active only with a console that sold kept; one that sold refused
 * (its client slots full) or that failed answers 0x82, and nothing is
 * reported active that relays nothing.
 */
static void
sol_attached(struct sol *sl, int ok)
{
	struct ipmid		*d = sl->d;
	struct ipmi_call	*c = sl->pending;
	uint8_t			 r[12];

	sl->pending = NULL;
	ev_timer_stop(d->loop, &sl->attach);
	if (!ok) {
		log_warnx("sol: console %s refused the attach (sold's client "
		    "slots full?); SOL not activated", sl->path);
		sol_deactivate(sl);
		ipmi_reply(d, c, 0x82, NULL, 0);
		return;
	}
	sl->active = 1;
	memset(r, 0, 4);
	r[4] = SOL_PKT_MAX & 0xFF;
	r[5] = SOL_PKT_MAX >> 8;
	r[6] = SOL_PKT_MAX & 0xFF;
	r[7] = SOL_PKT_MAX >> 8;
	r[8] = sl->pend_port & 0xFF;
	r[9] = sl->pend_port >> 8;
	r[10] = 0xFF;
	r[11] = 0xFF;
	ipmi_reply(d, c, IPMI_CC_OK, r, sizeof(r));
	sol_update_io(sl);
	sol_pump(sl);		/* what the host printed meanwhile */
}

static void
sol_attach_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sol	*sl = (struct sol *)((char *)w - offsetof(struct sol,
			    attach));

	(void)loop;
	(void)revents;
	if (sl->pending != NULL)
		sol_attached(sl, 1);	/* sold kept it */
}

void
sol_cmd(struct ipmid *d, struct ipmi_call *c, const struct sol_sess *ss)
{
	struct sol	*sl = d->sol;
	uint8_t		 r[12] = { 0 };
	int		 cc;

	switch (c->cmd) {
	case 0x48:
		sol_activate(d, c, ss);
		return;
	case 0x49:			/* Deactivate Payload */
		if ((cc = sol_req(c, c->len == 2 ? 2 : 6)) != 0) {
			ipmi_reply(d, c, (uint8_t)cc, NULL, 0);
			return;
		}
		if (!sl->active) {
			ipmi_reply(d, c, 0x80, NULL, 0);
			return;
		}
		if (sl->sid != ss->sid && ss->priv < IPMI_PRIV_ADMIN) {
			ipmi_reply(d, c, IPMI_CC_INSUFFICIENT_PRIV, NULL, 0);
			return;
		}
		sol_deactivate(sl);
		ipmi_reply(d, c, IPMI_CC_OK, NULL, 0);
		return;
	case 0x4A:			/* Get Payload Activation Status */
		if (c->len != 1) {
			ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
			return;
		}
		r[0] = 1;
		r[1] = sl->active ? 1 : 0;
		ipmi_reply(d, c, IPMI_CC_OK, r, 3);
		return;
	default:			/* Get Payload Instance Info */
		if ((cc = sol_req(c, 2)) != 0) {
			ipmi_reply(d, c, (uint8_t)cc, NULL, 0);
			return;
		}
		if (sl->active) {
			r[0] = sl->sid & 0xFF;
			r[1] = (sl->sid >> 8) & 0xFF;
			r[2] = (sl->sid >> 16) & 0xFF;
			r[3] = (sl->sid >> 24) & 0xFF;
			r[4] = 1;		/* port number */
		}
		ipmi_reply(d, c, IPMI_CC_OK, r, 12);
		return;
	}
}

void
sol_input(struct ipmid *d, uint32_t sid, const uint8_t *p, size_t len)
{
	struct sol	*sl = d->sol;
	struct sol_pkt	 k;
	size_t		 take, room;

	if (sl == NULL || !sl->active || sid != sl->sid ||
	    sol_parse(p, len, &k) != 0)
		return;
	/* an ACK (or NACK) of our outstanding packet */
	if (k.ack != 0 && sl->outstanding && k.ack == sl->out_seq) {
		ev_timer_stop(d->loop, &sl->retry);
		if (k.status & SOL_ST_NACK) {
			/* not taken now: try again after the interval */
			sl->retries = 0;
			ev_timer_set(&sl->retry, retry_interval(sl), 0.);
			ev_timer_start(d->loop, &sl->retry);
		} else {
			take = k.count < sl->out_len ? k.count : sl->out_len;
			memmove(sl->rx, sl->rx + take, sl->rxlen - take);
			sl->rxlen -= take;
			sl->outstanding = 0;
			sl->accum_due = 1;	/* the rest goes out now */
			sol_update_io(sl);
		}
	}
	/* console data: a repeated sequence number is a retransmit */
	if (k.seq != 0) {
		if (!(sl->have_in && k.seq == sl->in_seq)) {
			room = SOL_TX_MAX > sl->txlen ? SOL_TX_MAX - sl->txlen :
			    0;
			take = k.len < room ? k.len : room;
			if (sl->fd == -1)
				take = 0;
			memcpy(sl->tx + sl->txlen, k.data, take);
			sl->txlen += take;
			sl->have_in = 1;
			sl->in_seq = k.seq;
			sl->in_count = (uint8_t)take;
			sl->in_status = take < k.len ? SOL_ST_NACK : 0;
			if (sl->fd == -1)
				sl->in_status |= SOL_ST_UNAVAIL;
			/* XXX #5: a break (SOL_CST_BREAK) has no way to sold */
			if (sol_flush(sl) == -1)
				sol_lost(sl);
			sol_update_io(sl);
		}
		sol_send(sl, 0, sl->in_seq, sl->in_count, sl->in_status, NULL,
		    0);
		if (d->sol == NULL || !sl->active)
			return;
	}
	sol_pump(sl);
}

void
sol_session_closed(struct ipmid *d, uint32_t sid)
{
	struct sol		*sl = d->sol;
	struct ipmi_call	*c;

	if (sl != NULL && sl->pending != NULL && sl->sid == sid) {
		c = sl->pending;
		sl->pending = NULL;
		sol_deactivate(sl);
		ipmi_reply(d, c, IPMI_CC_NOT_SUPPORTED_STATE, NULL, 0);
		return;
	}
	if (sl != NULL && sl->active && sl->sid == sid)
		sol_deactivate(sl);
}
