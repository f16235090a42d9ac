/* sess.h: ipmid's session layer: IPMI 1.5 and RMCP+ sessions, session commands, replies. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_SESS_H
#define BMC_SESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct ipmid;

#define SESS_MAX_LIMIT		64	/* configurable max-sessions ceiling */
#define SESS_HALFOPEN_S		5.0	/* a handshake left unfinished expires */
#define SESS_RAKP2_GRACE_S	1.0	/* an unanswered RAKP 2 may then be reclaimed */
/* per account below ADMINISTRATOR; kept free for administrators (#10) */
#define SESS_USER_MAX(n)	((n) / 2 > 0 ? (n) / 2 : 1)
#define SESS_ADMIN_RESERVE(n)	((n) / 4)
#define SESS_SEQ_AHEAD20	15	/* RMCP+ inbound window: 15 ahead, */
#define SESS_SEQ_BEHIND20	16	/*  16 behind (IPMI v2.0 §13.29) */
#define SESS_SEQ_WIN15		8	/* IPMI 1.5: +-8 (§6.12.13) */
#define SESS_LISTEN_MAX		8	/* listeners whose port is known */

/* Where a datagram came from and which listener got it. */
struct sess_peer {
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	int			 lidx;
};

/* The transport's way out: net.c sends buf to peer on its listener. */
typedef void	(*sess_send_fn)(void *arg, const struct sess_peer *,
		    const uint8_t *, size_t);

/* Counters (net.c logs them at debug level, never per packet). */
struct sess_stats {
	unsigned long	 rx;
	unsigned long	 dropped;	/* malformed, unknown session, replay */
	unsigned long	 badauth;	/* integrity or password check failed */
	unsigned long	 opened;	/* sessions that reached active */
	unsigned long	 reclaimed;	/* half-open sessions evicted */
};

/* d->sessions; max is clamped to 1..SESS_MAX_LIMIT.  NULL on ENOMEM. */
struct sess_table	*sess_new(int max, sess_send_fn, void *arg);
/* Frees the table and any call still pending. */
void			 sess_free(struct sess_table *);
/*
 * Aggregated mode (-M): a table whose session slots are allocated on the
 * first handshake and given back when the last session ends, and whose
 * Open Session records live in a ring shared with the other servers'
 * tables (each record knows its table).  sess_sweep does not sweep a
 * shared ring: sess_ring_sweep does, once for all, and returns how many
 * records are still live.  sess_busy: the table has slots or calls, so
 * it needs sweeping.
 */
struct sess_ring;
struct sess_ring	*sess_ring_new(void);
void			 sess_ring_free(struct sess_ring *);
int			 sess_ring_sweep(struct sess_ring *, double now);
struct sess_table	*sess_new_lazy(int max, sess_send_fn, void *arg,
			    struct sess_ring *);
int			 sess_busy(const struct sess_table *);
/*
 * No session, handshake or call left after sess_sweep: a single server's
 * sweep timer can stop until the next datagram (an idle ipmid never
 * wakes).
 */
int			 sess_quiet(const struct sess_table *);
const struct sess_stats	*sess_stats(const struct sess_table *);

/* One datagram in; replies leave through the send function. */
void	sess_input(struct ipmid *, const uint8_t *, size_t,
	    const struct sess_peer *, double now);
/* Expire idle sessions (idle_timeout_s) and stale handshakes. */
void	sess_sweep(struct ipmid *, double now);
/*
 * Sequence window with a replay bitmap (bit i of *map: seq *hi - i seen).
 * 0 records seq; -1 for zero, out of the window, or seen before.  Pure.
 */
int	sess_seq_accept(uint32_t *hi, uint32_t *map, uint32_t seq,
	    uint32_t ahead, uint32_t behind);
/* The UDP port of listener lidx (SOL's Activate Payload reply). */
void	sess_set_port(struct sess_table *, int lidx, uint16_t port);
/* Send a payload (SOL) inside an active RMCP+ session; -1 if it is gone. */
int	sess_send_payload(struct ipmid *, uint32_t sid, uint8_t ptype,
	    const uint8_t *, size_t);
/* Drop every session (accounts changed: keys may be stale). Not used yet. */
void	sess_close_all(struct ipmid *);

#endif
