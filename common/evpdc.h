/* evpdc.h: the incremental powerd client driven by libev (ipmid, sold, vncd). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_EVPDC_H
#define BMC_EVPDC_H

#include <ev.h>
#include <cjson/cJSON.h>

/*
 * Departure from STYLE §A ("common has no event-loop deps"): three daemons
 * need the same reconnecting libev client, so it lives here once, in its
 * own object; programs that do not call it do not link libev for it.
 *
 * An evpdc keeps one connection to powerd, reconnecting with backoff
 * (100 ms doubling to 2 s).  Requests are queued and sent in lockstep (one
 * in flight).  Each has a timeout; on timeout or disconnect its callback
 * gets reply == NULL.  The reply is freed after the callback returns; an
 * fd that came with it belongs to the callback (close it if unused).
 *
 * A subscriber (evpdc_subscribe) is a separate connection that sends
 * {"op":"subscribe"[,"server":s]} after each (re)connect and hands every
 * event line to ev_cb.  state_cb(arg, 1/0) reports connect/disconnect,
 * so a daemon can mark power "unknown" while powerd is away.
 */
struct evpdc;

typedef void	(*evpdc_reply_cb)(void *arg, cJSON *reply, int fd);
typedef void	(*evpdc_event_cb)(void *arg, cJSON *event);
typedef void	(*evpdc_state_cb)(void *arg, int connected);

struct evpdc	*evpdc_new(struct ev_loop *, const char *path,
		    evpdc_state_cb, void *arg);
struct evpdc	*evpdc_subscribe(struct ev_loop *, const char *path,
		    const char *server /* NULL: all */, evpdc_event_cb,
		    evpdc_state_cb, void *arg);
void		 evpdc_free(struct evpdc *);
int		 evpdc_connected(const struct evpdc *);

/*
 * Queue req (consumed: freed by evpdc in every case).  Returns a positive
 * request handle, or -1 if it cannot be queued (cb is then NOT called).
 * If powerd is not connected, a connect attempt is made within 100 ms
 * (ahead of the backoff) and, if it fails, so does the request: cb gets
 * NULL.  cb is called from the loop, never from inside evpdc_call().
 */
long		 evpdc_call(struct evpdc *, cJSON *req, int timeout_ms,
		    evpdc_reply_cb, void *arg);
/* Forget a pending request: its callback will never be called. */
void		 evpdc_cancel(struct evpdc *, long handle);

/*
 * A request that timed out or was cancelled stays in flight (lockstep)
 * until its late reply; after this many seconds without one the
 * connection is dropped and made again.  Default 30; tests shorten it.
 */
extern double	 evpdc_stall_s;

#endif
