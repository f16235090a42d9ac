/* engine.h: the Docker Engine API client (libcurl multi driven by libev). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_ENGINE_H
#define BMC_ENGINE_H

#include <stddef.h>
#include <ev.h>
#include <cjson/cJSON.h>

/*
 * One struct engine per Docker socket.  Every call is asynchronous and
 * finishes through its callback, called from the loop (never from inside
 * the call that started it).  The API version is negotiated once from an
 * unversioned GET /version (1.41 when MinAPIVersion <= 1.41 <= ApiVersion,
 * else MinAPIVersion) before the first request, and again after a 400
 * "too old"/"too new".  Paths given here carry no version prefix.
 *
 * Server ids from clients never reach a URL: callers pass container names
 * taken from powerd's configuration; engine_request URL-escapes nothing
 * itself, so callers escape (engine_escape) any component they build.
 */
struct engine;

/*
 * status: the HTTP status (204, 304, 404, 409 …), or -1 when the engine
 * could not be reached / timed out (errmsg says why).  body is the
 * response body (NUL-terminated, may be empty); for Docker errors
 * errmsg is the "message" of the JSON error body.
 */
typedef void	(*engine_done_cb)(void *arg, int status, const char *body,
		    size_t len, const char *errmsg);
/* One Docker event (an object with Type, Action, Actor, time, timeNano). */
typedef void	(*engine_event_cb)(void *arg, const cJSON *ev);
/* Stream state: 1 connected, 0 lost (a reconnect with since= follows). */
typedef void	(*engine_stream_cb)(void *arg, int up);
/* fd: a connected, blocking-mode-cleared socket carrying the raw console, or -1 and errmsg. */
typedef void	(*engine_attach_cb)(void *arg, int fd, const char *errmsg);

struct engine	*engine_new(struct ev_loop *, const char *sockpath);
void		 engine_free(struct engine *);
/* Negotiated version string ("1.41"), or NULL before negotiation. */
const char	*engine_version(const struct engine *);

/*
 * method "GET"/"POST"/"DELETE"; path like "/containers/srv1/start";
 * json_body NULL for none (POST then sends Content-Length: 0) or a JSON
 * text sent with Content-Type: application/json.  Returns 0 when queued,
 * -1 on allocation failure (cb not called).
 */
int		 engine_request(struct engine *, const char *method,
		    const char *path, const char *json_body, long timeout_ms,
		    engine_done_cb, void *arg);
/*
 * Keep GET /events?filters=<filters_json> open for the engine's lifetime,
 * reconnecting (with since=<last event time>) whenever it ends.  One
 * stream per engine; calling again replaces the filter.
 */
int		 engine_events(struct engine *, const char *filters_json,
		    engine_event_cb, engine_stream_cb, void *arg);
/*
 * Hijacked POST /containers/<name>/attach?stream=1&stdin=1&stdout=1&stderr=1
 * (Upgrade: tcp, detachKeys moved off ctrl-p ctrl-q); the 101 head is read
 * without reading past it, then the socket is handed over: the callback
 * owns fd.
 */
int		 engine_attach(struct engine *, const char *container,
		    long timeout_ms, engine_attach_cb, void *arg);
/* Percent-escape one URL path or query component into out; -1 if it does not fit. */
int		 engine_escape(const char *in, char *out, size_t outlen);

#endif
