/* engine.c: the Docker Engine API client: curl multi driven by libev. */
/* SPDX-License-Identifier: ISC */

/*
 * The glue is curl's evhiperfifo.c with its bugs fixed: curl's timeouts
 * are milliseconds turned into double seconds, a TIMERFUNCTION value of
 * -1 deletes the timer, and curl is never called from inside one of its
 * own callbacks (a 0 ms timeout starts a 0 s ev_timer; event lines and
 * completions are delivered after curl_multi_socket_action returned).
 * Facts about dockerd: doc/docker-engine.md.
 */

#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <ev.h>

#include "engine.h"
#include "json.h"
#include "log.h"
#include "util.h"

#define ENGINE_TIMEOUT_MS	30000	/* a request given timeout <= 0 */
#define ENGINE_VERSION_MS	5000	/* GET /version */
#define ENGINE_CONNECT_MS	5000	/* connect phase, every transfer */
#define ENGINE_BACKOFF_MIN	0.05	/* /events reconnect delay, s */
#define ENGINE_BACKOFF_MAX	1.0
#define ENGINE_EVQ_MAX		(4 * 1024 * 1024) /* lines queued */
#define ENGINE_ERRBODY_MAX	4096	/* error body kept, a stream */
#define ENGINE_ATTACH_ERR_MAX	512	/* after a refused attach */
/*
 * Docker's default detach keys, ctrl-p ctrl-q, silently end an attach
 * when typed on the console; move them to four unlikely bytes
 * (NUL RS US GS).
 */
#define ENGINE_DETACH_KEYS	"ctrl-@,ctrl-^,ctrl-_,ctrl-]"

enum rq_kind { RQ_HTTP, RQ_VERSION, RQ_EVENTS, RQ_ATTACH };
enum rq_where { RQ_NOWHERE, RQ_PENDING, RQ_ACTIVE };
enum at_state { AT_CONNECT, AT_SEND, AT_HEAD, AT_ERRBODY };

struct engine;

struct ereq {
	TAILQ_ENTRY(ereq)	 entry;
	struct engine		*e;
	enum rq_kind		 kind;
	enum rq_where		 where;
	CURL			*h;
	struct curl_slist	*hdrs;
	char			*method;
	char			*path;		/* no version */
	char			*body;
	long			 timeout_ms;
	int			 retried;	/* after a version error */
	engine_done_cb		 done;
	engine_attach_cb	 attached;
	void			*arg;
	char			*resp;
	size_t			 resplen;
	size_t			 respcap;
	int			 toobig;
	char			 errbuf[CURL_ERROR_SIZE];
	/* RQ_ATTACH: the hijack, done by hand once curl has connected */
	enum at_state		 at;
	ev_io			 aio;
	ev_timer		 atmo;
	curl_socket_t		 afd;
	char			*out;		/* request head */
	size_t			 outlen;
	size_t			 outoff;
	char			*head;		/* DOCKER_HEAD_MAX */
	size_t			 headlen;
	int			 status;
};
TAILQ_HEAD(ereq_list, ereq);

/* one per socket curl asks us to watch (curl_multi_assign) */
struct esock {
	ev_io			 io;		/* first: cast back */
	struct engine		*e;
	LIST_ENTRY(esock)	 entry;
};

struct evstream {
	char			*filters;	/* escaped JSON, or NULL */
	engine_event_cb		 on_event;
	engine_stream_cb	 on_stream;
	void			*arg;
	struct ereq		*rq;		/* current transfer */
	ev_timer		 retry;
	double			 backoff;
	int			 up;		/* on_stream told */
	int			 connected;	/* transfer got 200 */
	int			 failures;	/* failed in a row */
	int			 replaying;	/* in a since= replay */
	long long		 since;		/* unix s, 0: none */
	double			 last_nano;	/* newest timeNano */
	size_t			 dropped;
	char			*q;		/* lines, \n-ended */
	size_t			 qlen;
	size_t			 qcap;
	struct engine_lines	 lines;
};

struct engine {
	struct ev_loop		*loop;
	char			*sockpath;	/* the address, for messages */
	char			*base;		/* URL up to the path */
	int			 tcp;		/* else a unix socket */
	char			*tls[3];	/* CA, cert, key files or NULL */
	CURLM			*multi;
	ev_timer		 timer;		/* TIMERFUNCTION's */
	char			 version[ENGINE_VERSION_MAX];
	int			 negotiating;
	int			 warned;	/* failure logged */
	struct ereq_list	 pending;	/* waiting for the version */
	struct ereq_list	 active;	/* in the multi or attaching */
	LIST_HEAD(, esock)	 socks;
	int			 depth;		/* in our callbacks */
	int			 dead;		/* freed inside one */
	struct evstream		*es;
};

static int	engine_curl_users;

static void	engine_destroy(struct engine *);
static int	rq_submit(struct ereq *);
static void	rq_fail(struct ereq *, const char *);
static void	es_connect(struct engine *);
static void	attach_step(struct ereq *);

/* ---- pure helpers ---------------------------------------------------- */

int
engine_escape(const char *in, char *out, size_t outlen)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 o = 0;
	unsigned char		 c;

	if (outlen == 0)
		return -1;
	for (; (c = (unsigned char)*in) != '\0'; in++) {
		/* RFC 3986 unreserved characters stay as they are */
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			if (outlen - o < 2)
				return -1;
			out[o++] = (char)c;
		} else {
			if (outlen - o < 4)
				return -1;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		}
	}
	out[o] = '\0';
	return 0;
}

/* "N.M" with 1-3 digits each into major * 1000 + minor; -1 if malformed */
static int
engine_vernum(const char *s)
{
	int	 maj = 0, min = 0, n;

	for (n = 0; *s >= '0' && *s <= '9'; s++, n++)
		maj = maj * 10 + (*s - '0');
	if (n == 0 || n > 3 || *s++ != '.')
		return -1;
	for (n = 0; *s >= '0' && *s <= '9'; s++, n++)
		min = min * 10 + (*s - '0');
	if (n == 0 || n > 3 || *s != '\0')
		return -1;
	return maj * 1000 + min;
}

int
engine_pick_version(const char *json, size_t len, char *out, size_t outlen)
{
	cJSON		*root = NULL;
	const cJSON	*api, *min;
	const char	*pick;
	int		 vapi, vmin, vpref, rv = BMC_EPROTO;

	if ((root = json_parse(json, len, NULL)) == NULL ||
	    !cJSON_IsObject(root))
		goto out;
	api = cJSON_GetObjectItemCaseSensitive(root, "ApiVersion");
	min = cJSON_GetObjectItemCaseSensitive(root, "MinAPIVersion");
	if (!cJSON_IsString(api) ||
	    (vapi = engine_vernum(api->valuestring)) < 0)
		goto out;
	vmin = 0;		/* absent: assume it takes any older version */
	if (min != NULL && (!cJSON_IsString(min) ||
	    (vmin = engine_vernum(min->valuestring)) < 0))
		goto out;
	if (vmin > vapi) {
		rv = BMC_ERANGE;
		goto out;
	}
	vpref = engine_vernum(ENGINE_API_PREFERRED);
	if (vapi < vpref)
		pick = api->valuestring;	/* older daemon: its newest */
	else if (vmin > vpref)
		pick = min->valuestring;	/* a newer one: its oldest */
	else
		pick = ENGINE_API_PREFERRED;
	if (strlcpy(out, pick, outlen) >= outlen) {
		rv = BMC_ETOOLONG;
		goto out;
	}
	rv = 0;
out:
	cJSON_Delete(root);
	return rv;
}

static void
engine_copyline(const char *s, size_t n, char *out, size_t outlen)
{
	size_t	 o = 0;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	for (; n > 0 && o < outlen - 1; s++, n--) {
		if (*s == '\r' || *s == '\n')
			break;
		out[o++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
	}
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\t'))
		o--;
	out[o] = '\0';
}

int
engine_errmsg(const char *body, size_t len, char *out, size_t outlen)
{
	cJSON		*root = NULL;
	const cJSON	*m;
	size_t		 i;

	if (outlen == 0)
		return BMC_ERANGE;
	out[0] = '\0';
	for (i = 0; i < len && (body[i] == ' ' || body[i] == '\t' ||
	    body[i] == '\r' || body[i] == '\n'); i++)
		;
	if (i < len && body[i] == '{' &&
	    (root = json_parse(body, len, NULL)) != NULL &&
	    cJSON_IsString(m = cJSON_GetObjectItemCaseSensitive(root,
	    "message")))
		engine_copyline(m->valuestring, strlen(m->valuestring), out,
		    outlen);
	else
		engine_copyline(body + i, len - i, out, outlen);
	cJSON_Delete(root);
	return out[0] != '\0' ? 0 : BMC_ENOENT;
}

int
engine_is_version_error(const char *msg)
{
	return msg != NULL && strstr(msg, "version") != NULL &&
	    (strstr(msg, "too old") != NULL || strstr(msg, "too new") != NULL);
}

/* RFC 9112 §4: status-line = HTTP-version SP status-code SP [reason] */
int
engine_head_parse(const char *buf, size_t len, int *status, size_t *headlen)
{
	const char	*end;
	size_t		 n;
	int		 code;

	if ((end = memmem(buf, len, "\r\n\r\n", 4)) == NULL)
		return len >= DOCKER_HEAD_MAX ? BMC_ETOOLONG : BMC_EAGAIN;
	n = (size_t)(end - buf) + 4;
	if (n > DOCKER_HEAD_MAX)
		return BMC_ETOOLONG;
	if (n < 16 || memcmp(buf, "HTTP/1.", 7) != 0 ||
	    (buf[7] != '0' && buf[7] != '1') || buf[8] != ' ' ||
	    buf[9] < '1' || buf[9] > '5' || buf[10] < '0' || buf[10] > '9' ||
	    buf[11] < '0' || buf[11] > '9' || (buf[12] != ' ' &&
	    buf[12] != '\r'))
		return BMC_EPROTO;
	code = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
	*status = code;
	*headlen = n;
	return 0;
}

void
engine_lines_init(struct engine_lines *l)
{
	l->len = 0;
	l->skipping = 0;
}

size_t
engine_lines_feed(struct engine_lines *l, const char *data, size_t len,
    engine_line_cb cb, void *arg)
{
	const char	*nl;
	size_t		 n, dropped = 0, take;

	while (len > 0) {
		nl = memchr(data, '\n', len);
		n = nl != NULL ? (size_t)(nl - data) : len;
		if (!l->skipping) {
			take = n;
			if (take > ENGINE_EVENT_MAX - 1 - l->len) {
				/* overlong: drop it up to its newline */
				l->skipping = 1;
				l->len = 0;
				dropped++;
			} else {
				memcpy(l->buf + l->len, data, take);
				l->len += take;
			}
		}
		if (nl == NULL)
			break;
		if (!l->skipping) {
			n = l->len;
			if (n > 0 && l->buf[n - 1] == '\r')
				n--;
			l->buf[n] = '\0';
			if (n > 0)
				cb(arg, l->buf, n);
		}
		l->len = 0;
		l->skipping = 0;
		len -= (size_t)(nl - data) + 1;
		data = nl + 1;
	}
	return dropped;
}

/* ---- requests -------------------------------------------------------- */

static struct ereq *
rq_new(struct engine *e, enum rq_kind kind)
{
	struct ereq	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->e = e;
	r->kind = kind;
	r->afd = CURL_SOCKET_BAD;
	r->aio.data = r;
	r->atmo.data = r;
	return r;
}

/* drop the curl side, keep what is needed to start again */
static void
rq_reset(struct ereq *r)
{
	if (r->h != NULL)
		curl_easy_cleanup(r->h);
	r->h = NULL;
	curl_slist_free_all(r->hdrs);
	r->hdrs = NULL;
	free(r->resp);
	r->resp = NULL;
	r->resplen = r->respcap = 0;
	r->toobig = 0;
	r->errbuf[0] = '\0';
	free(r->out);
	r->out = NULL;
	r->outlen = r->outoff = 0;
	r->headlen = 0;
	r->status = 0;
	r->afd = CURL_SOCKET_BAD;
	r->at = AT_CONNECT;
}

/* take r off its list (and out of the multi) */
static void
rq_unlink(struct ereq *r)
{
	struct engine	*e = r->e;

	if (r->kind == RQ_ATTACH)
		ev_io_stop(e->loop, &r->aio);
	if (r->where == RQ_PENDING)
		TAILQ_REMOVE(&e->pending, r, entry);
	else if (r->where == RQ_ACTIVE) {
		TAILQ_REMOVE(&e->active, r, entry);
		if (r->h != NULL)
			curl_multi_remove_handle(e->multi, r->h);
	}
	r->where = RQ_NOWHERE;
}

static void
rq_free(struct ereq *r)
{
	if (r == NULL)
		return;
	rq_unlink(r);
	if (r->kind == RQ_ATTACH)
		ev_timer_stop(r->e->loop, &r->atmo);
	rq_reset(r);
	free(r->method);
	free(r->path);
	free(r->body);
	free(r->head);
	free(r);
}

static int
rq_append(struct ereq *r, const char *p, size_t n, size_t max)
{
	size_t	 cap;
	char	*np;

	if (n > max - r->resplen) {
		r->toobig = 1;
		return -1;
	}
	if (r->resplen + n + 1 > r->respcap) {
		cap = r->respcap ? r->respcap : 1024;
		while (cap < r->resplen + n + 1)
			cap *= 2;
		if ((np = realloc(r->resp, cap)) == NULL)
			return -1;
		r->resp = np;
		r->respcap = cap;
	}
	memcpy(r->resp + r->resplen, p, n);
	r->resplen += n;
	r->resp[r->resplen] = '\0';
	return 0;
}

static size_t
rq_write(char *p, size_t size, size_t n, void *arg)
{
	struct ereq	*r = arg;

	/* a short count makes curl fail the transfer (CURLE_WRITE_ERROR) */
	if (rq_append(r, p, size * n, ENGINE_BODY_MAX) == -1)
		return 0;
	return size * n;
}

static void
es_queue_line(void *arg, const char *line, size_t len)
{
	struct evstream	*es = arg;
	size_t		 cap;
	char		*np;

	if (len + 1 > ENGINE_EVQ_MAX - es->qlen) {
		es->dropped++;
		return;
	}
	if (es->qlen + len + 1 > es->qcap) {
		cap = es->qcap ? es->qcap : 4096;
		while (cap < es->qlen + len + 1)
			cap *= 2;
		if ((np = realloc(es->q, cap)) == NULL) {
			es->dropped++;
			return;
		}
		es->q = np;
		es->qcap = cap;
	}
	memcpy(es->q + es->qlen, line, len);
	es->q[es->qlen + len] = '\n';
	es->qlen += len + 1;
}

/*
 * Inside curl: only queue the complete lines; they are parsed and given
 * to the caller once curl_multi_socket_action has returned.
 */
static size_t
es_write(char *p, size_t size, size_t n, void *arg)
{
	struct ereq	*r = arg;
	struct evstream	*es = r->e->es;

	if (es == NULL || es->rq != r)
		return 0;
	if (!es->connected) {
		/* an error body: keep its start for the message */
		(void)rq_append(r, p, size * n, ENGINE_ERRBODY_MAX);
		return size * n;
	}
	es->dropped += engine_lines_feed(&es->lines, p, size * n,
	    es_queue_line, es);
	return size * n;
}

static size_t
es_header(char *p, size_t size, size_t n, void *arg)
{
	struct ereq	*r = arg;
	struct evstream	*es = r->e->es;
	long		 code = 0;

	if (es != NULL && es->rq == r && size * n == 2 && p[0] == '\r' &&
	    p[1] == '\n' && curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE,
	    &code) == CURLE_OK && code == 200)
		es->connected = 1;
	return size * n;
}

/* Build r's easy handle and add it to the multi. */
static int
rq_start(struct ereq *r)
{
	struct engine	*e = r->e;
	struct evstream	*es = e->es;
	char		*url = NULL, since[32] = "";
	size_t		 len;
	long		 tmo;
	int		 n, rv = -1;
	CURL		*h;

	rq_reset(r);
	if (r->kind == RQ_EVENTS && es->since > 0)
		snprintf(since, sizeof(since), "%ssince=%lld",
		    es->filters != NULL ? "&" : "?", es->since);
	len = strlen(e->base) + 1 + sizeof(e->version) + 2 +
	    (r->path ? strlen(r->path) : 0) + sizeof(since);
	if ((url = malloc(len)) == NULL)
		goto out;
	if (r->kind == RQ_VERSION || r->kind == RQ_ATTACH)
		n = snprintf(url, len, "%s/%s", e->base,
		    r->kind == RQ_VERSION ? "version" : "");
	else
		n = snprintf(url, len, "%s/v%s%s%s", e->base, e->version,
		    r->path, since);
	if (n < 0 || (size_t)n >= len)
		goto out;
	if ((h = r->h = curl_easy_init()) == NULL)
		goto out;
	tmo = r->timeout_ms > 0 ? r->timeout_ms : ENGINE_TIMEOUT_MS;
	if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK ||
	    (!e->tcp && curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH,
	    e->sockpath) != CURLE_OK) ||
	    /* never through a proxy from the environment */
	    curl_easy_setopt(h, CURLOPT_PROXY, "") != CURLE_OK ||
	    (e->tls[0] != NULL && curl_easy_setopt(h, CURLOPT_CAINFO,
	    e->tls[0]) != CURLE_OK) ||
	    (e->tls[1] != NULL && (curl_easy_setopt(h, CURLOPT_SSLCERT,
	    e->tls[1]) != CURLE_OK || curl_easy_setopt(h, CURLOPT_SSLKEY,
	    e->tls[2]) != CURLE_OK)) ||
	    curl_easy_setopt(h, CURLOPT_PRIVATE, r) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)ENGINE_CONNECT_MS) != CURLE_OK)
		goto out;
	switch (r->kind) {
	case RQ_ATTACH:
		/* only connect: the hijack is curl_easy_send/recv's */
		if (curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, tmo) != CURLE_OK)
			goto out;
		break;
	case RQ_EVENTS:
		/* a stream: no overall timeout */
		if (curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, es_write) !=
		    CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_WRITEDATA, r) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, es_header) !=
		    CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_HEADERDATA, r) != CURLE_OK)
			goto out;
		engine_lines_init(&es->lines);
		es->connected = 0;
		es->replaying = es->since > 0;
		break;
	case RQ_VERSION:
		tmo = ENGINE_VERSION_MS;
		FALLTHROUGH;
	case RQ_HTTP:
		if (curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, rq_write) !=
		    CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_WRITEDATA, r) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, tmo) != CURLE_OK)
			goto out;
		if (r->method == NULL || strcmp(r->method, "GET") == 0)
			break;
		if (strcmp(r->method, "POST") != 0 && curl_easy_setopt(h,
		    CURLOPT_CUSTOMREQUEST, r->method) != CURLE_OK)
			goto out;
		if (r->body == NULL && strcmp(r->method, "POST") != 0)
			break;
		/* docker wants JSON bodies typed; curl's default is a form */
		if ((r->hdrs = curl_slist_append(r->hdrs, r->body != NULL ?
		    "Content-Type: application/json" : "Content-Type:")) ==
		    NULL)
			goto out;
		/* no "Expect: 100-continue" round trip for larger bodies */
		if ((r->hdrs = curl_slist_append(r->hdrs, "Expect:")) == NULL)
			goto out;
		/* POSTFIELDS "" sends Content-Length: 0, which docker wants */
		if (curl_easy_setopt(h, CURLOPT_POST, 1L) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE,
		    (long)(r->body ? strlen(r->body) : 0)) != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_POSTFIELDS,
		    r->body ? r->body : "") != CURLE_OK ||
		    curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->hdrs) !=
		    CURLE_OK)
			goto out;
		if (strcmp(r->method, "POST") != 0 && curl_easy_setopt(h,
		    CURLOPT_CUSTOMREQUEST, r->method) != CURLE_OK)
			goto out;
		break;
	}
	if (r->kind == RQ_ATTACH) {
		len = strlen(r->path) + sizeof(e->version) + 128;
		if ((r->out = malloc(len)) == NULL)
			goto out;
		n = snprintf(r->out, len, "POST /v%s%s HTTP/1.1\r\n"
		    "Host: docker\r\nUpgrade: tcp\r\nConnection: Upgrade\r\n"
		    "Content-Length: 0\r\n\r\n", e->version, r->path);
		if (n < 0 || (size_t)n >= len)
			goto out;
		r->outlen = (size_t)n;
	}
	if (curl_multi_add_handle(e->multi, h) != CURLM_OK)
		goto out;
	TAILQ_INSERT_TAIL(&e->active, r, entry);
	r->where = RQ_ACTIVE;
	rv = 0;
out:
	free(url);
	if (rv == -1)
		rq_reset(r);
	return rv;
}

static int
engine_negotiate(struct engine *e)
{
	struct ereq	*r;

	if (e->negotiating)
		return 0;
	if ((r = rq_new(e, RQ_VERSION)) == NULL)
		return -1;
	if (rq_start(r) == -1) {
		rq_free(r);
		return -1;
	}
	e->negotiating = 1;
	return 0;
}

/* start r now, or queue it until the API version is known */
static int
rq_submit(struct ereq *r)
{
	struct engine	*e = r->e;

	if (e->version[0] != '\0')
		return rq_start(r);
	TAILQ_INSERT_TAIL(&e->pending, r, entry);
	r->where = RQ_PENDING;
	if (engine_negotiate(e) == -1) {
		rq_unlink(r);
		return -1;
	}
	return 0;
}

static void
rq_curlmsg(struct ereq *r, CURLcode res, char *msg, size_t len)
{
	long	 oserr = 0;

	switch (res) {
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(msg, len, "timed out after %ld ms", r->kind ==
		    RQ_VERSION ? (long)ENGINE_VERSION_MS : r->timeout_ms > 0 ?
		    r->timeout_ms : (long)ENGINE_TIMEOUT_MS);
		break;
	case CURLE_COULDNT_CONNECT:
		if (r->h != NULL)
			curl_easy_getinfo(r->h, CURLINFO_OS_ERRNO, &oserr);
		snprintf(msg, len, "cannot connect to %s: %s", r->e->sockpath,
		    oserr ? strerror((int)oserr) : curl_easy_strerror(res));
		break;
	default:
		if (r->toobig)
			snprintf(msg, len, "response too large");
		else
			snprintf(msg, len, "%s", r->errbuf[0] ? r->errbuf :
			    curl_easy_strerror(res));
		break;
	}
}

static void
http_done(struct ereq *r, CURLcode res)
{
	struct engine	*e = r->e;
	char		 msg[ENGINE_ERRMSG_MAX] = "";
	long		 code = 0;
	curl_off_t	 us = 0;
	int		 status;

	curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(r->h, CURLINFO_TOTAL_TIME_T, &us);
	rq_unlink(r);
	if (res != CURLE_OK) {
		status = -1;
		rq_curlmsg(r, res, msg, sizeof(msg));
		/* the daemon may come back as another version */
		if (res == CURLE_COULDNT_CONNECT)
			e->version[0] = '\0';
	} else {
		status = (int)code;
		if ((status < 100 || status >= 400) && engine_errmsg(r->resp ?
		    r->resp : "", r->resplen, msg, sizeof(msg)) != 0)
			snprintf(msg, sizeof(msg), "HTTP %d", status);
	}
	log_debug("engine: %s %s: %d%s%s (%lld us)", r->method ? r->method :
	    "GET", r->path, status, msg[0] ? " " : "", msg, (long long)us);
	if (status == 400 && !r->retried && engine_is_version_error(msg)) {
		log_info("engine: %s; negotiating again", msg);
		r->retried = 1;
		e->version[0] = '\0';
		if (rq_submit(r) == 0)
			return;
		snprintf(msg, sizeof(msg), "out of memory");
		status = -1;
	}
	r->done(r->arg, status, r->resp ? r->resp : "", r->resplen,
	    status >= 100 && status < 400 ? NULL : msg);
	rq_free(r);
}

static void
version_done(struct ereq *r, CURLcode res)
{
	struct engine		*e = r->e;
	struct ereq_list	 todo;
	struct ereq		*p;
	char			 msg[ENGINE_ERRMSG_MAX] = "";
	long			 code = 0;
	int			 rc;

	curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &code);
	rq_unlink(r);
	e->negotiating = 0;
	if (res != CURLE_OK)
		rq_curlmsg(r, res, msg, sizeof(msg));
	else if (code != 200) {
		if (engine_errmsg(r->resp ? r->resp : "", r->resplen, msg,
		    sizeof(msg)) != 0)
			snprintf(msg, sizeof(msg), "GET /version: HTTP %ld",
			    code);
	} else if ((rc = engine_pick_version(r->resp ? r->resp : "",
	    r->resplen, e->version, sizeof(e->version))) != 0) {
		e->version[0] = '\0';
		snprintf(msg, sizeof(msg), "GET /version: %s",
		    bmc_strerror(rc));
	}
	rq_free(r);
	if (e->version[0] != '\0') {
		if (e->warned)
			log_info("engine: %s is back", e->sockpath);
		log_debug("engine: %s speaks API %s", e->sockpath, e->version);
		e->warned = 0;
	} else if (!e->warned) {
		log_warnx("engine: %s", msg);
		e->warned = 1;
	}
	/* callbacks may queue more: they land on a fresh pending list */
	TAILQ_INIT(&todo);
	TAILQ_CONCAT(&todo, &e->pending, entry);
	while (!e->dead && (p = TAILQ_FIRST(&todo)) != NULL) {
		TAILQ_REMOVE(&todo, p, entry);
		p->where = RQ_NOWHERE;
		if (e->version[0] == '\0')
			rq_fail(p, msg);
		else if (rq_submit(p) == -1)
			rq_fail(p, "out of memory");
	}
	while ((p = TAILQ_FIRST(&todo)) != NULL) {
		/* engine_free was called: leave them for engine_destroy */
		TAILQ_REMOVE(&todo, p, entry);
		TAILQ_INSERT_TAIL(&e->pending, p, entry);
	}
}

/* ---- the events stream ----------------------------------------------- */

/* parse and hand out the queued lines, then say "up" if it changed */
static void
es_flush(struct engine *e)
{
	struct evstream	*es = e->es;
	cJSON		*ev;
	const cJSON	*tn, *t;
	char		*q, *line, *nl;
	size_t		 qlen;

	if (es == NULL)
		return;
	if (es->connected && !es->up) {
		es->up = 1;
		es->failures = 0;
		es->backoff = ENGINE_BACKOFF_MIN;
		log_debug("engine: events stream up");
		if (es->on_stream != NULL)
			es->on_stream(es->arg, 1);
		if (e->dead)
			return;
	}
	if (es->dropped > 0) {
		log_warnx("engine: %zu event line(s) dropped", es->dropped);
		es->dropped = 0;
	}
	q = es->q;
	qlen = es->qlen;
	es->q = NULL;
	es->qlen = es->qcap = 0;
	for (line = q; !e->dead && line < q + qlen; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(q + qlen - line));
		ev = json_parse(line, (size_t)(nl - line), NULL);
		if (!cJSON_IsObject(ev)) {
			log_debug("engine: bad event line ignored");
			cJSON_Delete(ev);
			continue;
		}
		/*
		 * A reconnect with since= replays events already seen:
		 * skip up to the newest delivered timeNano (a double
		 * holds it to ~256 ns, closer than two events come).
		 */
		tn = cJSON_GetObjectItemCaseSensitive(ev, "timeNano");
		if (cJSON_IsNumber(tn) && tn->valuedouble > 0) {
			if (es->replaying &&
			    tn->valuedouble <= es->last_nano) {
				cJSON_Delete(ev);
				continue;
			}
			es->replaying = 0;	/* live from here on */
			es->last_nano = tn->valuedouble;
		}
		t = cJSON_GetObjectItemCaseSensitive(ev, "time");
		if (cJSON_IsNumber(t) && t->valuedouble > (double)es->since)
			es->since = (long long)t->valuedouble;
		if (es->on_event != NULL)
			es->on_event(es->arg, ev);
		cJSON_Delete(ev);
	}
	free(q);
}

static void
es_retry_later(struct engine *e)
{
	struct evstream	*es = e->es;

	if (e->dead || es == NULL || es->rq != NULL ||
	    ev_is_active(&es->retry))
		return;
	ev_timer_set(&es->retry, es->backoff, 0.);
	ev_timer_start(e->loop, &es->retry);
	es->backoff *= 2;
	if (es->backoff > ENGINE_BACKOFF_MAX)
		es->backoff = ENGINE_BACKOFF_MAX;
}

/* the stream ended or never started: tell, then reconnect after a delay */
static void
es_lost(struct engine *e, struct ereq *r, const char *msg)
{
	struct evstream	*es = e->es;
	int		 was;

	was = es->connected;
	if (es->rq == r)
		es->rq = NULL;
	rq_free(r);
	es->connected = 0;
	if (was) {
		/* resume from here: the replay is cut by last_nano */
		if ((long long)time(NULL) > es->since)
			es->since = (long long)time(NULL);
		log_debug("engine: events stream ended: %s", msg);
	} else if (es->failures++ == 0)
		log_warnx("engine: events: %s", msg);
	if (es->up) {
		es->up = 0;
		if (es->on_stream != NULL)
			es->on_stream(es->arg, 0);
	}
	es_retry_later(e);
}

static void
events_done(struct ereq *r, CURLcode res)
{
	struct engine	*e = r->e;
	struct evstream	*es = e->es;
	char		 msg[ENGINE_ERRMSG_MAX] = "";
	long		 code = 0;

	curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &code);
	rq_unlink(r);
	if (res != CURLE_OK)
		rq_curlmsg(r, res, msg, sizeof(msg));
	else if (!es->connected) {
		if (engine_errmsg(r->resp ? r->resp : "", r->resplen, msg,
		    sizeof(msg)) != 0)
			snprintf(msg, sizeof(msg), "HTTP %ld", code);
	} else
		snprintf(msg, sizeof(msg), "closed by the engine");
	/* a callback in es_flush may replace the stream: r is ours now */
	es->rq = NULL;
	es_flush(e);		/* lines that came before the end */
	if (e->dead || es->rq != NULL) {
		rq_free(r);
		return;
	}
	/* dockerd restarted or gone: it may come back as another version */
	if (res == CURLE_COULDNT_CONNECT || res == CURLE_PARTIAL_FILE ||
	    (code == 400 && engine_is_version_error(msg)))
		e->version[0] = '\0';
	es_lost(e, r, msg);
}

static void
es_connect(struct engine *e)
{
	struct evstream	*es = e->es;
	struct ereq	*r;
	size_t		 len;

	if ((r = rq_new(e, RQ_EVENTS)) == NULL)
		goto fail;
	len = sizeof("/events?filters=") + (es->filters ?
	    strlen(es->filters) : 0);
	if ((r->path = malloc(len)) == NULL)
		goto fail;
	snprintf(r->path, len, "/events%s%s", es->filters ? "?filters=" : "",
	    es->filters ? es->filters : "");
	es->rq = r;
	if (rq_submit(r) == -1) {
		es->rq = NULL;
		goto fail;
	}
	return;
fail:
	rq_free(r);
	log_warnx("engine: events: out of memory");
	es_retry_later(e);
}

static void
es_retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct engine	*e = w->data;

	UNUSED(loop);
	UNUSED(revents);
	e->depth++;
	if (e->es != NULL && e->es->rq == NULL)
		es_connect(e);
	if (--e->depth == 0 && e->dead)
		engine_destroy(e);
}

/* ---- attach ---------------------------------------------------------- */

static void
attach_fail(struct ereq *r, const char *msg)
{
	log_debug("engine: attach %s: %s", r->path, msg);
	rq_unlink(r);
	ev_timer_stop(r->e->loop, &r->atmo);
	r->attached(r->arg, -1, msg);
	rq_free(r);
}

static void
attach_want(struct ereq *r, int what)
{
	if (ev_is_active(&r->aio) && r->aio.events == what)
		return;
	ev_io_stop(r->e->loop, &r->aio);
	ev_io_set(&r->aio, r->afd, what);
	ev_io_start(r->e->loop, &r->aio);
}

static void
attach_ok(struct ereq *r)
{
	char	 msg[ENGINE_ERRMSG_MAX];
	int	 fd, fl;

	/*
	 * Keep a duplicate: removing a CONNECT_ONLY handle closes curl's
	 * socket.  The receiver reads blocking, and O_NONBLOCK (set by
	 * curl) is shared by every duplicate, so clear it.
	 */
	if ((fd = fcntl(r->afd, F_DUPFD_CLOEXEC, 0)) == -1 ||
	    (fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		snprintf(msg, sizeof(msg), "attach: %s", strerror(errno));
		if (fd != -1)
			close(fd);
		attach_fail(r, msg);
		return;
	}
	log_debug("engine: attach %s: fd %d", r->path, fd);
	rq_unlink(r);
	ev_timer_stop(r->e->loop, &r->atmo);
	r->attached(r->arg, fd, NULL);
	rq_free(r);
}

/* the hijack: send the request, read the head a byte at a time */
static void
attach_step(struct ereq *r)
{
	struct engine	*e = r->e;
	char		 msg[ENGINE_ERRMSG_MAX];
	CURLcode	 rc;
	size_t		 n;
	int		 st;

	for (;;) {
		switch (r->at) {
		case AT_CONNECT:
			return;
		case AT_SEND:
			rc = curl_easy_send(r->h, r->out + r->outoff,
			    r->outlen - r->outoff, &n);
			if (rc == CURLE_AGAIN) {
				attach_want(r, EV_WRITE);
				return;
			}
			if (rc != CURLE_OK) {
				snprintf(msg, sizeof(msg), "attach: send: %s",
				    curl_easy_strerror(rc));
				attach_fail(r, msg);
				return;
			}
			r->outoff += n;
			if (r->outoff == r->outlen)
				r->at = AT_HEAD;
			break;
		case AT_HEAD:
			/* one byte at a time: console bytes follow the head */
			rc = curl_easy_recv(r->h, r->head + r->headlen, 1, &n);
			if (rc == CURLE_AGAIN) {
				attach_want(r, EV_READ);
				return;
			}
			if (rc != CURLE_OK || n == 0) {
				snprintf(msg, sizeof(msg), "attach: %s",
				    rc != CURLE_OK ? curl_easy_strerror(rc) :
				    "connection closed by the engine");
				attach_fail(r, msg);
				return;
			}
			r->headlen++;
			if (r->headlen < DOCKER_HEAD_MAX && (r->headlen < 4 ||
			    memcmp(r->head + r->headlen - 4, "\r\n\r\n", 4)))
				break;
			st = engine_head_parse(r->head, r->headlen, &r->status,
			    &n);
			if (st != 0) {
				snprintf(msg, sizeof(msg), "attach: bad "
				    "response head: %s", bmc_strerror(st));
				attach_fail(r, msg);
				return;
			}
			/* 101 UPGRADED; a daemon ignoring Upgrade says 200 */
			if (r->status == 101 || r->status == 200) {
				attach_ok(r);
				return;
			}
			r->headlen = 0;
			r->at = AT_ERRBODY;
			break;
		case AT_ERRBODY:
			/* "No such container: x\r\n" as text, then close */
			rc = curl_easy_recv(r->h, r->head + r->headlen,
			    ENGINE_ATTACH_ERR_MAX - r->headlen, &n);
			if (rc == CURLE_AGAIN) {
				attach_want(r, EV_READ);
				return;
			}
			if (rc == CURLE_OK)
				r->headlen += n;
			if (rc == CURLE_OK && n > 0 && r->headlen <
			    ENGINE_ATTACH_ERR_MAX &&
			    memchr(r->head, '\n', r->headlen) == NULL)
				break;
			if (engine_errmsg(r->head, r->headlen, msg,
			    sizeof(msg)) != 0)
				snprintf(msg, sizeof(msg), "attach: HTTP %d",
				    r->status);
			if (r->status == 400 && !r->retried &&
			    engine_is_version_error(msg)) {
				log_info("engine: %s; negotiating again", msg);
				r->retried = 1;
				e->version[0] = '\0';
				rq_unlink(r);
				if (rq_submit(r) == 0)
					return;
			}
			attach_fail(r, msg);
			return;
		}
	}
}

static void
attach_connected(struct ereq *r, CURLcode res)
{
	char		 msg[ENGINE_ERRMSG_MAX];
	curl_socket_t	 fd = CURL_SOCKET_BAD;

	if (res == CURLE_OK)
		curl_easy_getinfo(r->h, CURLINFO_ACTIVESOCKET, &fd);
	if (res != CURLE_OK || fd == CURL_SOCKET_BAD) {
		rq_curlmsg(r, res != CURLE_OK ? res : CURLE_COULDNT_CONNECT,
		    msg, sizeof(msg));
		if (res == CURLE_COULDNT_CONNECT)
			r->e->version[0] = '\0';
		attach_fail(r, msg);
		return;
	}
	if (r->e->tls[0] != NULL || r->e->tls[1] != NULL) {
		/* the socket carries TLS: its fd cannot be handed over */
		attach_fail(r, "no console attach over TLS (use a unix "
		    "socket or plain tcp on loopback)");
		return;
	}
	/* keep the handle in the multi while its socket is in use */
	r->afd = fd;
	r->at = AT_SEND;
	attach_step(r);
}

static void
attach_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ereq	*r = w->data;
	struct engine	*e = r->e;

	UNUSED(loop);
	UNUSED(revents);
	e->depth++;
	attach_step(r);
	if (--e->depth == 0 && e->dead)
		engine_destroy(e);
}

static void
attach_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct ereq	*r = w->data;
	struct engine	*e = r->e;
	char		 msg[ENGINE_ERRMSG_MAX];

	UNUSED(loop);
	UNUSED(revents);
	e->depth++;
	snprintf(msg, sizeof(msg), "attach: timed out after %ld ms",
	    r->timeout_ms);
	attach_fail(r, msg);
	if (--e->depth == 0 && e->dead)
		engine_destroy(e);
}

/* ---- the curl/libev glue --------------------------------------------- */

/* fail a request that never reached the engine */
static void
rq_fail(struct ereq *r, const char *msg)
{
	struct engine	*e = r->e;

	rq_unlink(r);
	switch (r->kind) {
	case RQ_HTTP:
		r->done(r->arg, -1, "", 0, msg);
		rq_free(r);
		break;
	case RQ_ATTACH:
		attach_fail(r, msg);
		break;
	case RQ_EVENTS:
		es_lost(e, r, msg);
		break;
	case RQ_VERSION:
		rq_free(r);
		break;
	}
}

static void
engine_drain(struct engine *e)
{
	CURLMsg		*m;
	CURLcode	 res;
	struct ereq	*r;
	int		 left;

	es_flush(e);
	while (!e->dead && (m = curl_multi_info_read(e->multi, &left)) !=
	    NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		res = m->data.result;
		r = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &r);
		if (r == NULL)
			continue;
		switch (r->kind) {
		case RQ_HTTP:
			http_done(r, res);
			break;
		case RQ_VERSION:
			version_done(r, res);
			break;
		case RQ_EVENTS:
			events_done(r, res);
			break;
		case RQ_ATTACH:
			attach_connected(r, res);
			break;
		}
	}
	if (!e->dead)
		es_flush(e);
}

static void
engine_action(struct engine *e, curl_socket_t fd, int what)
{
	int	 running;

	e->depth++;
	curl_multi_socket_action(e->multi, fd, what, &running);
	engine_drain(e);
	if (--e->depth == 0 && e->dead)
		engine_destroy(e);
}

static void
sock_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct esock	*s = (struct esock *)w;

	UNUSED(loop);
	/* s may be freed inside: read all from it first */
	engine_action(s->e, w->fd, (revents & EV_READ ? CURL_CSELECT_IN : 0) |
	    (revents & EV_WRITE ? CURL_CSELECT_OUT : 0));
}

static void
timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	engine_action(w->data, CURL_SOCKET_TIMEOUT, 0);
}

/* CURLMOPT_SOCKETFUNCTION: start, change or stop one ev_io per socket */
static int
multi_sock_cb(CURL *h, curl_socket_t fd, int what, void *userp,
    void *sockp)
{
	struct engine	*e = userp;
	struct esock	*s = sockp;
	int		 ev;

	UNUSED(h);
	if (what == CURL_POLL_REMOVE) {
		if (s != NULL) {
			ev_io_stop(e->loop, &s->io);
			LIST_REMOVE(s, entry);
			free(s);
		}
		return 0;
	}
	if (s == NULL) {
		if ((s = calloc(1, sizeof(*s))) == NULL) {
			log_warn("engine: socket watcher");
			return -1;
		}
		s->e = e;
		ev_init(&s->io, sock_io_cb);
		LIST_INSERT_HEAD(&e->socks, s, entry);
		curl_multi_assign(e->multi, fd, s);
	} else
		ev_io_stop(e->loop, &s->io);
	ev = (what & CURL_POLL_IN ? EV_READ : 0) |
	    (what & CURL_POLL_OUT ? EV_WRITE : 0);
	ev_io_set(&s->io, fd, ev);
	ev_io_start(e->loop, &s->io);
	return 0;
}

/*
 * CURLMOPT_TIMERFUNCTION: -1 deletes the timer; 0 means "as soon as
 * possible", which a 0 s ev_timer gives on the next loop iteration
 * without calling curl from inside this callback.
 */
static int
multi_timer_cb(CURLM *m, long timeout_ms, void *userp)
{
	struct engine	*e = userp;

	UNUSED(m);
	ev_timer_stop(e->loop, &e->timer);
	if (timeout_ms >= 0) {
		ev_timer_set(&e->timer, (double)timeout_ms / 1000.0, 0.);
		ev_timer_start(e->loop, &e->timer);
	}
	return 0;
}

/* ---- the API --------------------------------------------------------- */

struct engine *
engine_new(struct ev_loop *loop, const char *sockpath)
{
	struct engine	*e = NULL;

	if (engine_curl_users == 0 &&
	    curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	engine_curl_users++;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		goto fail;
	e->loop = loop;
	if (strncmp(sockpath, "unix://", 7) == 0)
		sockpath += 7;
	e->tcp = strncmp(sockpath, "tcp://", 6) == 0;
	if ((e->sockpath = strdup(sockpath)) == NULL)
		goto fail;
	if (asprintf(&e->base, "http://%s", e->tcp ? sockpath + 6 :
	    "docker") == -1) {
		e->base = NULL;
		goto fail;
	}
	if ((e->multi = curl_multi_init()) == NULL)
		goto fail;
	TAILQ_INIT(&e->pending);
	TAILQ_INIT(&e->active);
	LIST_INIT(&e->socks);
	ev_init(&e->timer, timer_cb);
	e->timer.data = e;
	if (curl_multi_setopt(e->multi, CURLMOPT_SOCKETFUNCTION,
	    multi_sock_cb) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_SOCKETDATA, e) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_TIMERFUNCTION,
	    multi_timer_cb) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_TIMERDATA, e) != CURLM_OK)
		goto fail;
	return e;
fail:
	engine_destroy(e);
	if (e == NULL && --engine_curl_users == 0)
		curl_global_cleanup();
	return NULL;
}

int
engine_set_tls(struct engine *e, const char *ca, const char *cert,
    const char *key)
{
	const char	*in[3] = { ca, cert, key };
	char		*base;
	int		 i;

	if (!e->tcp || (cert == NULL) != (key == NULL))
		return -1;
	for (i = 0; i < 3; i++) {
		free(e->tls[i]);
		e->tls[i] = NULL;
		if (in[i] != NULL && (e->tls[i] = strdup(in[i])) == NULL)
			return -1;
	}
	if ((ca != NULL || cert != NULL) && strncmp(e->base, "https", 5) != 0) {
		if (asprintf(&base, "https://%s", e->sockpath + 6) == -1)
			return -1;
		free(e->base);
		e->base = base;
	}
	return 0;
}

static void
engine_destroy(struct engine *e)
{
	struct ereq	*r;
	struct esock	*s;
	int		 i;

	if (e == NULL)
		return;
	ev_timer_stop(e->loop, &e->timer);
	while ((r = TAILQ_FIRST(&e->pending)) != NULL)
		rq_free(r);
	while ((r = TAILQ_FIRST(&e->active)) != NULL)
		rq_free(r);
	if (e->es != NULL) {
		ev_timer_stop(e->loop, &e->es->retry);
		free(e->es->filters);
		free(e->es->q);
		free(e->es);
	}
	if (e->multi != NULL)
		curl_multi_cleanup(e->multi);
	/* removing handles may have set it again */
	ev_timer_stop(e->loop, &e->timer);
	while ((s = LIST_FIRST(&e->socks)) != NULL) {
		ev_io_stop(e->loop, &s->io);
		LIST_REMOVE(s, entry);
		free(s);
	}
	free(e->sockpath);
	free(e->base);
	for (i = 0; i < 3; i++)
		free(e->tls[i]);
	free(e);
	if (--engine_curl_users == 0)
		curl_global_cleanup();
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	if (e->depth > 0) {
		e->dead = 1;	/* freed when the callbacks have returned */
		return;
	}
	engine_destroy(e);
}

const char *
engine_version(const struct engine *e)
{
	return e->version[0] != '\0' ? e->version : NULL;
}

int
engine_request(struct engine *e, const char *method, const char *path,
    const char *json_body, long timeout_ms, engine_done_cb cb, void *arg)
{
	struct ereq	*r;

	if ((r = rq_new(e, RQ_HTTP)) == NULL)
		return -1;
	r->timeout_ms = timeout_ms;
	r->done = cb;
	r->arg = arg;
	if ((r->method = strdup(method)) == NULL ||
	    (r->path = strdup(path)) == NULL ||
	    (json_body != NULL && (r->body = strdup(json_body)) == NULL) ||
	    rq_submit(r) == -1) {
		rq_free(r);
		return -1;
	}
	return 0;
}

int
engine_events(struct engine *e, const char *filters_json,
    engine_event_cb on_event, engine_stream_cb on_stream, void *arg)
{
	struct evstream	*es = e->es;
	char		*f = NULL;
	size_t		 len;

	if (filters_json != NULL && filters_json[0] != '\0') {
		len = strlen(filters_json) * 3 + 1;
		if ((f = malloc(len)) == NULL ||
		    engine_escape(filters_json, f, len) == -1) {
			free(f);
			return -1;
		}
	}
	if (es == NULL) {
		if ((es = calloc(1, sizeof(*es))) == NULL) {
			free(f);
			return -1;
		}
		ev_init(&es->retry, es_retry_cb);
		es->retry.data = e;
		e->es = es;
	} else {
		/* a new filter: a new subscription */
		ev_timer_stop(e->loop, &es->retry);
		if (es->rq != NULL) {
			rq_free(es->rq);
			es->rq = NULL;
		}
		es->connected = 0;
		free(es->filters);
		free(es->q);
		es->q = NULL;
		es->qlen = es->qcap = 0;
		es->since = 0;
		es->last_nano = 0;
	}
	es->filters = f;
	es->on_event = on_event;
	es->on_stream = on_stream;
	es->arg = arg;
	es->backoff = ENGINE_BACKOFF_MIN;
	es_connect(e);
	return 0;
}

int
engine_attach(struct engine *e, const char *container, long timeout_ms,
    engine_attach_cb cb, void *arg)
{
	struct ereq	*r;
	char		 name[3 * 256 + 1];
	char		 keys[3 * sizeof(ENGINE_DETACH_KEYS)];
	size_t		 len;
	int		 n;

	if (engine_escape(container, name, sizeof(name)) == -1 ||
	    engine_escape(ENGINE_DETACH_KEYS, keys, sizeof(keys)) == -1) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((r = rq_new(e, RQ_ATTACH)) == NULL)
		return -1;
	r->timeout_ms = timeout_ms > 0 ? timeout_ms : ENGINE_TIMEOUT_MS;
	r->attached = cb;
	r->arg = arg;
	len = strlen(name) + strlen(keys) + 96;
	if ((r->path = malloc(len)) == NULL ||
	    (r->head = malloc(DOCKER_HEAD_MAX)) == NULL)
		goto fail;
	n = snprintf(r->path, len, "/containers/%s/attach?stream=1&stdin=1"
	    "&stdout=1&stderr=1&detachKeys=%s", name, keys);
	if (n < 0 || (size_t)n >= len)
		goto fail;
	ev_init(&r->aio, attach_io_cb);
	r->aio.data = r;
	ev_timer_init(&r->atmo, attach_timeout_cb,
	    (double)r->timeout_ms / 1000.0, 0.);
	r->atmo.data = r;
	if (rq_submit(r) == -1)
		goto fail;
	ev_timer_start(e->loop, &r->atmo);
	return 0;
fail:
	rq_free(r);
	return -1;
}
