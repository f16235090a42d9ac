/* web.h: redfishd's civetweb glue: HTTP(S), auth, powerd pool, events, /console0. */
/* SPDX-License-Identifier: ISC */
#ifndef RF_WEB_H
#define RF_WEB_H

#include <signal.h>
#include <stddef.h>

/*
 * civetweb serves one open connection per worker thread, for as long as
 * it stays open.  Enough workers (with Debian civetweb's 100 KiB stacks,
 * ~20 kB resident each) that 500 slowloris plus 500 idle connections
 * leave room, and a short deadline for a request head, so a connection
 * that sends no complete head is closed within WEB_HEAD_MS (up to twice
 * that while bytes keep trickling in: civetweb checks between reads).
 */
#define WEB_THREADS	1100	/* workers by default */
#define WEB_THREADS_MAX	4096
#define WEB_HEAD_MS	3000	/* request head, TLS handshake, each read */
#define WEB_KEEPALIVE_MS 2000	/* idle between requests on a connection */
/*
 * A request body has WEB_BODY_MS plus its length at WEB_BODY_BPS to
 * arrive: each read waits WEB_HEAD_MS at most, but a body trickled a
 * byte at a time would otherwise hold its worker for as long as it
 * likes (408 and the connection closed).
 */
#define WEB_BODY_MS	10000
#define WEB_BODY_BPS	65536
#define WEB_BACKLOG	4096	/* listen(2) queue (the kernel caps it) */
#define WEB_LONG_MAX	8	/* of which SSE and WebSocket may hold */
#define WEB_LONG_USER	4	/* of those, one user */
#define WEB_LONG_ADMIN	2	/* kept for Administrators */
#define WEB_POOL	8	/* powerd connections kept */
#define WEB_PD_MS	5000	/* powerd timeout, most ops */
#define WEB_PD_POWER_MS	120000	/* power ops wait for the backend */
#define WEB_URL_MS	5000	/* virtual media URL check */
#define WEB_PUSH_MS	5000	/* one event delivery */
#define WEB_PUSH_RETRIES 3	/* EventService DeliveryRetryAttempts */
#define WEB_PUSH_RETRY_MS 5000	/* DeliveryRetryIntervalSeconds */
#define WEB_STATUS_MS	250	/* powerd status kept at most (see web_pd) */

struct web_conf {
	const char	*http;		/* "addr:port" or NULL */
	const char	*https;
	const char	*cert;		/* PEM file or NULL: self-signed */
	const char	*key;
	const char	*pdsock;
	const char	*server;
	const char	*console;	/* sold's unix socket or NULL */
	int		 allow_any;	/* destinations beyond loopback */
	long		 session_timeout_s;
	int		 threads;	/* 0: WEB_THREADS */
	struct rf_mgr	*mgr;		/* address, ports, HostName or NULL */
	/*
	 * Aggregated mode (-M), the sushy-tools shape: one service whose
	 * Systems, Chassis and Managers are every server of the file (the
	 * first one's accounts and sessions); server is the first's.
	 */
	const struct srvlist *servers;
};

struct web;
struct rf_mgr;
struct srvlist;

/*
 * Start civetweb on the listeners; ready gets the bound addresses, http
 * first, separated by a blank.  NULL on failure (logged).
 */
struct web	*web_start(const struct web_conf *, char *ready,
		    size_t readylen);
/*
 * The main thread's loop: signals (blocked by the caller, read through a
 * signalfd), powerd's event stream, event delivery with curl multi, and
 * the sold -> WebSocket direction of /console0.  Returns on SIGTERM or
 * SIGINT.
 */
int		 web_run(struct web *, const sigset_t *);
void		 web_stop(struct web *);

#endif
