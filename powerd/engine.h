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
 * else the nearer end of that range) before the first request, and again
 * after a 400 "too old"/"too new" or a failed connect.  Requests made
 * meanwhile wait in a queue.  Paths given here carry no version prefix.
 *
 * Server ids from clients never reach a URL: callers pass container names
 * taken from powerd's configuration; engine_request URL-escapes nothing
 * itself, so callers escape (engine_escape) any component they build.
 */
struct engine;

/*
 * status: the HTTP status (204, 304, 404, 409 …), or -1 when the engine
 * could not be reached / timed out (errmsg says why).  body is the
 * response body (NUL-terminated, may be empty); errmsg is NULL for
 * status 100-399, else one line: the "message" of the JSON error body
 * (Docker's or podman's), or what went wrong ("timed out after N ms",
 * "cannot connect to PATH: …").
 */
typedef void	(*engine_done_cb)(void *arg, int status, const char *body,
		    size_t len, const char *errmsg);
/* One Docker event (an object with Type, Action, Actor, time, timeNano). */
typedef void	(*engine_event_cb)(void *arg, const cJSON *ev);
/* Stream state: 1 connected, 0 lost (a reconnect with since= follows). */
typedef void	(*engine_stream_cb)(void *arg, int up);
/* fd: a connected socket (O_NONBLOCK cleared, FD_CLOEXEC set) carrying the raw console, or -1 and errmsg. */
typedef void	(*engine_attach_cb)(void *arg, int fd, const char *errmsg);

/*
 * addr: a unix socket path (or unix:///path), or tcp://HOST:PORT (the
 * caller checks which hosts it allows; no proxy is ever used).
 */
struct engine	*engine_new(struct ev_loop *, const char *addr);
/*
 * TLS for a tcp:// engine, before the first request: the CA file that
 * signs the engine's certificate (NULL: the system's), and the client
 * certificate and key (both or neither).  Any of them makes it https.
 * The console (engine_attach) is refused over TLS: its fd would carry
 * TLS records.  0, or -1 (not tcp, cert without key, no memory).
 */
int		 engine_set_tls(struct engine *, const char *ca,
		    const char *cert, const char *key);
/* Cancels everything in flight without calling callbacks; safe inside one. */
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
 * owns fd.  container is escaped here (it is a name, not a path).
 * timeout_ms covers the wait for the version, the connect and the head.
 */
int		 engine_attach(struct engine *, const char *container,
		    long timeout_ms, engine_attach_cb, void *arg);
/* Percent-escape one URL path or query component into out; -1 if it does not fit. */
int		 engine_escape(const char *in, char *out, size_t outlen);

/*
 * Pure helpers used by engine.c, exported for t/unit/5101-engine.c.
 * They do no I/O and keep no state beyond their arguments.
 */
#define DOCKER_HEAD_MAX		4096	/* hijack (attach) response head */
#define ENGINE_BODY_MAX		(8 * 1024 * 1024)	/* one response body */
#define ENGINE_EVENT_MAX	65536	/* one /events line, \n included */
#define ENGINE_ERRMSG_MAX	256	/* errmsg given to callbacks */
#define ENGINE_VERSION_MAX	16	/* "1.41" */
#define ENGINE_API_PREFERRED	"1.41"

/*
 * Choose the API version from an unversioned GET /version body: 1.41 when
 * MinAPIVersion <= 1.41 <= ApiVersion, ApiVersion when that is older than
 * 1.41, MinAPIVersion when that is newer.  0 or BMC_EPROTO (not JSON, field
 * missing or not "N.M"), BMC_ERANGE (Min > Api), BMC_ETOOLONG (out).
 */
int		 engine_pick_version(const char *json, size_t len, char *out,
		    size_t outlen);
/*
 * An error body to one line: the "message" of a JSON object (Docker's and
 * podman's shape), else the first line of plain text; control bytes become
 * '?', the result is truncated to outlen - 1.  0, or BMC_ENOENT if empty.
 */
int		 engine_errmsg(const char *body, size_t len, char *out,
		    size_t outlen);
/* 1 if an error message says the client API version is too old or new. */
int		 engine_is_version_error(const char *msg);
/*
 * Parse an HTTP/1.x response head held in buf[0..len): BMC_EAGAIN until
 * "\r\n\r\n" is there, BMC_ETOOLONG once len reaches DOCKER_HEAD_MAX
 * without it, BMC_EPROTO for a bad status line; else 0 with *status and
 * *headlen (bytes up to and including the blank line).
 */
int		 engine_head_parse(const char *buf, size_t len, int *status,
		    size_t *headlen);

/*
 * Split a byte stream into lines (the /events stream): each complete line,
 * without "\n" or a trailing "\r", goes to cb; empty lines are skipped; a
 * line longer than ENGINE_EVENT_MAX is dropped whole.  Returns the number
 * of lines dropped by this call.
 */
struct engine_lines {
	size_t		 len;
	int		 skipping;	/* inside an overlong line */
	char		 buf[ENGINE_EVENT_MAX];
};
typedef void	(*engine_line_cb)(void *arg, const char *line, size_t len);
void		 engine_lines_init(struct engine_lines *);
size_t		 engine_lines_feed(struct engine_lines *, const char *data,
		    size_t len, engine_line_cb, void *arg);

#endif
