/* web.c: civetweb glue: requests -> route.c, auth, powerd pool, events, SSE, /console0. */
/* SPDX-License-Identifier: ISC */

#include <sys/resource.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <civetweb.h>

#include "curlfn.h"
#include "log.h"
#include "mgbind.h"
#include "pdclient.h"
#include "pdmsg.h"
#include "rf.h"
#include "rf_hw.h"
#include "rf_task.h"
#include "servers.h"
#include "sock.h"
#include "tls.h"
#include "util.h"
#include "web.h"

#define SSE_RING	64		/* recent events kept for SSE readers */
#define SSE_KEEPALIVE_MS 1000	/* also how soon a gone reader is seen */
#define WS_MAX		WEB_LONG_MAX
#define WS_BUF		4096
#define CONSOLE_HISTORY	4096
#define STR_(x)		#x
#define STR(x)		STR_(x)

struct push {
	struct push		*next;
	char			 dest[RF_URL_MAX];
	char			*body;
	int			 attempts;	/* retries made */
	uint64_t		 not_before;	/* monotonic ms */
	CURL			*easy;		/* while in flight */
	struct curl_slist	*hdr;
};

struct ws {
	struct mg_connection	*conn;
	struct web		*w;
	const char		*sol;		/* sold's socket */
	int			 fd;		/* sold */
	int			 used;
	int			 lslot;		/* in web.lslot */
	int			 dead;
	int			 has_th;
	int			 ro;		/* no ConfigureComponents: view only */
	pthread_t		 th;		/* sold -> WebSocket */
};

/*
 * One server of an aggregated service (-M): its view for route.c and its
 * powerd caches (as web.inv and web.st, under web.mu), kept as text:
 * a parsed inventory is five times its ~8 kB of JSON, times thousands.
 * A few hundred bytes until its inventory is first asked for.
 */
struct asrv {
	struct rf_conf		 conf;
	struct rf_mgr		 mgr;
	char			 console_uri[80];	/* /console/<id> */
	const char		*sol;		/* sold's socket or NULL */
	char			*inv;
	char			*st;
	uint64_t		 st_at;
};

/* Per-BMC shape: a listener and the BMC it is (sorted by port). */
struct lport {
	int			 port;
	char			 host[64];
	struct web		*b;
};

struct web {
	struct mg_context	*mg;
	/*
	 * Without -M's per-BMC listeners, HTTP [0] and HTTPS [1] each
	 * start at their first client (web_lazy_up): the listener bound
	 * at start until then, then a civetweb context of its own
	 */
	int			 lfd[2];
	struct mg_context	*lmg[2];
	uint64_t		 lretry[2];	/* failed: not again before */
	int			 mginit;	/* mg_init_library calls */
	char			*pem;		/* -c (+ -k), read at start */
	size_t			 pemlen;
	/*
	 * The process's: its civetweb context, powerd pool, deliveries
	 * and event stream.  Itself, but for a BMC of the per-BMC shape.
	 */
	struct web		*top;
	struct rf_conf		 conf;
	struct web_conf		 wc;
	struct rf_ops		 ops;
	pthread_mutex_t		 mu;		/* everything below */
	pthread_cond_t		 cv;
	/*
	 * 23 kB together: allocated on first use (sess_tab, sub_tab), as
	 * most BMCs of a big per-BMC shape never see a session
	 */
	struct rf_sesstab	*sess;
	struct rf_subtab	*subs;
	uint64_t		 sess_to;	/* the timeout it starts with */
	struct rf_credcache	 cred;
	struct pdc		*pool[WEB_POOL];
	int			 npool;
	int			 pushes;	/* image pushes being read */
	int			 wake;		/* eventfd: a push is queued */
	cJSON			*inv;		/* inventory reply, cached */
	cJSON			*st;		/* status reply, cached */
	uint64_t		 st_at;		/* when fetched */
	unsigned		 st_gen;	/* bumped by every change */
	int			 sub_up;	/* event stream connected */
	/* the rendered System, kept as long as the status it shows */
	char			 sys_path[RF_PATH_MAX];
	char			*sys_text;
	char			 sys_etag[24];
	unsigned		 sys_gen;
	uint64_t		 sys_at;
	/* events */
	unsigned		 ev_seq;
	char			*sse[SSE_RING];	/* "id: n\ndata: ...\n\n" */
	unsigned		 sse_seq[SSE_RING];
	struct lslot {			/* SSE + WebSocket */
		char		 user[RF_USER_MAX];
		enum rf_role	 role;
		int		 used;
	}			 lslot[WEB_LONG_MAX];
	struct push		*pushq;		/* waiting (under mu) */
	struct push		*inflight;	/* main thread only */
	int			 stopping;
	CURLM			*multi;
	struct ws		 ws[WS_MAX];
	char			 dest_warned[RF_URL_MAX];
	/* aggregated (-M): nsrv servers, ids[], hash of ids -> index + 1 */
	struct asrv		*srv;
	int			 nsrv;
	const char		**ids;
	int			*hidx;
	unsigned		 hmask;
	/*
	 * -M, the per-BMC shape (top only): every server a BMC of its own
	 * (nbmc, in the file's order; by id through ids and hidx), picked
	 * by the listener a connection came to (lp)
	 */
	struct web		**bmc;
	int			 nbmc;
	struct lport		*lp;
	int			 nlp;
	struct rf_mgr		 bmgr;		/* a BMC's own (conf.mgr) */
	struct asrv		 tc;		/* its powerd caches, as text */
};

static void	bmc_free(struct web *);

/* ------------------------------------------------------------------ */
/* aggregated mode: servers by id */

static unsigned
agg_hash(const char *s, size_t n)
{
	unsigned	 h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/* The server whose id is s[0..n), or NULL (also when not aggregated). */
static struct asrv *
agg_findn(struct web *w, const char *s, size_t n)
{
	unsigned	 i;
	int		 k;

	if (w->nsrv == 0 || s == NULL)
		return NULL;
	for (i = agg_hash(s, n) & w->hmask; (k = w->hidx[i]) != 0;
	    i = (i + 1) & w->hmask)
		if (strncmp(w->ids[k - 1], s, n) == 0 &&
		    w->ids[k - 1][n] == '\0')
			return &w->srv[k - 1];
	return NULL;
}

static struct asrv *
agg_find(struct web *w, const char *id)
{
	return id == NULL ? NULL : agg_findn(w, id, strlen(id));
}

/*
 * -M, the sushy-tools shape: the server of a FirmwareInventory member id,
 * "<server>-<component>" (the longest server id that is followed by a
 * dash), or NULL.
 */
static struct asrv *
agg_find_fw(struct web *w, const char *id, size_t n)
{
	struct asrv	*a;
	size_t		 i;

	for (i = n; i-- > 1;)
		if (id[i] == '-' && (a = agg_findn(w, id, i)) != NULL)
			return a;
	return NULL;
}

/* -M, per-BMC shape: a server's BMC by id, or NULL. */
static struct web *
bmc_find(struct web *t, const char *id)
{
	unsigned	 i;
	int		 k;

	if (t->nbmc == 0 || id == NULL)
		return NULL;
	for (i = agg_hash(id, strlen(id)) & t->hmask; (k = t->hidx[i]) != 0;
	    i = (i + 1) & t->hmask)
		if (strcmp(t->ids[k - 1], id) == 0)
			return t->bmc[k - 1];
	return NULL;
}

/*
 * -M, per-BMC shape: the BMC a connection came to.  civetweb tells the
 * port it was accepted on, not the address: when several servers listen
 * on one port (an address each), the Host header, which HTTP/1.1
 * clients send as the address they connected to, tells them apart.
 * NULL when nothing matches.
 */
static struct web *
bmc_of(struct web *t, const struct mg_connection *conn)
{
	const struct mg_request_info	*ri = mg_get_request_info(conn);
	const char			*h, *colon;
	char				 host[64];
	int				 lo = 0, hi = t->nlp, mid, port;

	if (t->nbmc == 0)
		return t;
	if (ri == NULL)
		return NULL;
	port = ri->server_port;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->lp[mid].port < port)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->nlp || t->lp[lo].port != port)
		return NULL;
	if (lo + 1 == t->nlp || t->lp[lo + 1].port != port)
		return t->lp[lo].b;
	if ((h = mg_get_header(conn, "Host")) == NULL)
		return NULL;
	colon = strrchr(h, ':');
	(void)snprintf(host, sizeof(host), "%.*s", colon != NULL ?
	    (int)(colon - h) : (int)strlen(h), h);
	for (; lo < t->nlp && t->lp[lo].port == port; lo++)
		if (strcmp(t->lp[lo].host, host) == 0)
			return t->lp[lo].b;
	return NULL;
}

/*
 * The view a request path is served with: the server named by
 * Systems/<id>, Chassis/<id> or Managers/<id>; the first server's for
 * everything else (and for an unknown id, which its handler then
 * answers with 404 ResourceNotFound).
 */
#define AGG_FW	"/redfish/v1/UpdateService/FirmwareInventory/"

static const struct rf_conf *
agg_conf(struct web *w, const char *path)
{
	static const char *const pre[] = { "/redfish/v1/Systems/",
	    "/redfish/v1/Chassis/", "/redfish/v1/Managers/" };
	static const char *const inv[] = { AGG_FW,
	    "/redfish/v1/UpdateService/SoftwareInventory/" };
	struct asrv	*a;
	size_t		 i, l;

	for (i = 0; i < nitems(pre); i++) {
		l = strlen(pre[i]);
		if (strncmp(path, pre[i], l) != 0)
			continue;
		path += l;
		if ((a = agg_findn(w, path, strcspn(path, "/"))) != NULL)
			return &a->conf;
		break;
	}
	for (i = 0; i < nitems(inv); i++) {
		l = strlen(inv[i]);
		if (strncmp(path, inv[i], l) == 0 && path[l] != '\0' &&
		    (a = agg_find_fw(w, path + l, strcspn(path + l, "/"))) !=
		    NULL)
			return &a->conf;
	}
	return &w->srv[0].conf;
}

/*
 * -M: an update's Targets name a System (or its Chassis or Manager), as
 * with sushy-tools (Ironic names its node's System when the service has
 * several): the update is that server's, the component the one the
 * image's file name names.  Every Target must name the same server.
 * SimpleUpdate's JSON body or the multipart push's UpdateParameters part.
 * The server's view, req->targeted set and, for SimpleUpdate, in *nb the
 * body without Targets (caller frees); NULL when the request is not that
 * (route as usual: rf_hw.c refuses an update that names no server when
 * the service has several).  A Target may also be a FirmwareInventory
 * member of the shape, "<server>-<component>".
 */
static const struct rf_conf *
agg_update(struct web *w, struct rf_req *req, char **nb)
{
	struct asrv	*a = NULL, *t;
	struct rf_part	 parts[4];
	cJSON		*b = NULL, *it;
	const char	*u, *id;
	size_t		 i, l;
	int		 n, push, fwt = 0;

	*nb = NULL;
	if (req->method != RF_M_POST)
		return NULL;
	push = strcmp(req->path, RF_HW_PUSH_URI) == 0;
	if (push) {
		if ((n = rf_multipart(req->body, req->bodylen, parts,
		    (int)nitems(parts))) == -1)
			return NULL;
		for (i = 0; i < (size_t)n && b == NULL; i++)
			if (strcmp(parts[i].name, "UpdateParameters") == 0)
				b = cJSON_ParseWithLength((const char *)
				    parts[i].data, parts[i].len);
	} else if (strcmp(req->path, "/redfish/v1/"
	    "UpdateService/Actions/UpdateService.SimpleUpdate") == 0)
		b = cJSON_ParseWithLength(req->body, req->bodylen);
	if (b == NULL)
		return NULL;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(b,
	    "Targets")) {
		u = cJSON_IsString(it) ? it->valuestring : pdmsg_str(it,
		    "@odata.id", "");
		t = (id = rf_server_of(u, &l)) != NULL ? agg_findn(w, id, l) :
		    NULL;
		l = strlen(AGG_FW);
		if (t == NULL && strncmp(u, AGG_FW, l) == 0 &&
		    strchr(u + l, '/') == NULL) {
			t = agg_find_fw(w, u + l, strlen(u + l));
			fwt = 1;
		}
		if (t == NULL || (a != NULL && a != t)) {
			a = NULL;
			break;
		}
		a = t;
	}
	/* Systems named: the image's file name or header gives the component */
	if (a != NULL && !push && !fwt) {
		cJSON_DeleteItemFromObjectCaseSensitive(b, "Targets");
		if ((*nb = cJSON_PrintUnformatted(b)) == NULL)
			a = NULL;
	}
	cJSON_Delete(b);
	if (a == NULL)
		return NULL;
	req->targeted = 1;
	return &a->conf;
}

/* ------------------------------------------------------------------ */
/* powerd pool */

/* ops that only read: everything else invalidates the status cache */
static int
pd_readonly(const char *op, const char *action)
{
	if (strcmp(op, "status") == 0 || strcmp(op, "inventory") == 0 ||
	    strcmp(op, "sensors") == 0 || strcmp(op, "hello") == 0)
		return 1;
	return action != NULL && (strcmp(action, "get") == 0 ||
	    strcmp(action, "list") == 0 || strcmp(action, "info") == 0 ||
	    strcmp(action, "verify") == 0);
}

/*
 * powerd call through the pool.  Inventory never changes and is kept;
 * status is kept for WEB_STATUS_MS while powerd's event stream is up, and
 * dropped on every event and on every change we make ourselves, so a
 * change made anywhere is seen at once while a GET storm costs powerd
 * nothing.
 */
static cJSON *
web_pd(void *arg, cJSON *req)
{
	struct web	*w = arg;
	struct pdc	*p = NULL;
	cJSON		*rep = NULL;
	const char	*op = pdmsg_str(req, "op", "");
	int		 inv = strcmp(op, "inventory") == 0, to = WEB_PD_MS;
	int		 st = strcmp(op, "status") == 0, ro;
	int		 tries, fresh, err;
	unsigned	 gen;
	struct web	*t = w->top;		/* the pool's */
	struct asrv	*a = NULL;
	char		*txt = NULL;

	/* a BMC of the per-BMC shape: its caches as text (see asrv) */
	if (t != w)
		a = &w->tc;
	else if (w->nsrv > 0) {
		/* each server's own caches; none for a request of no server */
		a = agg_find(w, pdmsg_str(req, "server", NULL));
		if (a == NULL)
			inv = st = 0;
	}
	ro = pd_readonly(op, pdmsg_str(req, "action", NULL));
	pthread_mutex_lock(&w->mu);
	if (a != NULL) {
		if (inv && a->inv != NULL)
			txt = strdup(a->inv);
		else if (st && a->st != NULL && w->sub_up &&
		    now_ms() - a->st_at < WEB_STATUS_MS)
			txt = strdup(a->st);
	} else if (inv && w->inv != NULL)
		rep = cJSON_Duplicate(w->inv, 1);
	else if (st && w->st != NULL && w->sub_up &&
	    now_ms() - w->st_at < WEB_STATUS_MS)
		rep = cJSON_Duplicate(w->st, 1);
	gen = w->st_gen;
	pthread_mutex_unlock(&w->mu);
	if (txt != NULL) {
		rep = cJSON_Parse(txt);
		free(txt);
		txt = NULL;
	}
	if (rep != NULL)
		return rep;
	if (strcmp(op, "power") == 0)
		to = WEB_PD_POWER_MS;
	/*
	 * A pooled connection may be dead: powerd restarted since.  Idle
	 * ones that say so are dropped before use; one that fails anyway
	 * with EOF or EPIPE (ECONNRESET) is retried once on a new
	 * connection (never another pooled one, which may be as dead), so
	 * a powerd restart never shows as a 503.
	 */
	for (tries = 0;; tries++) {
		fresh = 0;
		pthread_mutex_lock(&t->mu);
		while (tries == 0 && t->npool > 0 && p == NULL) {
			p = t->pool[--t->npool];
			if (pdc_stale(p)) {
				pdc_close(p);
				p = NULL;
			}
		}
		pthread_mutex_unlock(&t->mu);
		if (p == NULL) {
			if ((p = pdc_open(w->wc.pdsock, WEB_PD_MS)) == NULL) {
				log_debug("powerd: %s", strerror(errno));
				return NULL;
			}
			fresh = 1;
		}
		if (pdc_call(p, req, &rep, NULL, to) == 0)
			break;
		err = errno;
		pdc_close(p);
		p = NULL;
		if (fresh || tries > 0 || err != ECONNRESET) {
			log_debug("powerd call: %s", strerror(err));
			return NULL;
		}
		log_debug("powerd call on a pooled connection: %s; retrying",
		    strerror(err));
	}
	if (a != NULL && (inv || st) && pdmsg_ok(rep))
		txt = cJSON_PrintUnformatted(rep);
	pthread_mutex_lock(&t->mu);
	if (t->npool < WEB_POOL)
		t->pool[t->npool++] = p, p = NULL;
	pthread_mutex_unlock(&t->mu);
	pthread_mutex_lock(&w->mu);
	if (!ro)
		w->st_gen++;
	if (a != NULL) {
		if (inv && a->inv == NULL)
			a->inv = txt, txt = NULL;
		if (st && txt != NULL && gen == w->st_gen) {
			cJSON_free(a->st);
			a->st = txt;
			txt = NULL;
			a->st_at = now_ms();
		} else if (!ro) {
			cJSON_free(a->st);
			a->st = NULL;
		}
	} else {
		if (inv && w->inv == NULL && pdmsg_ok(rep))
			w->inv = cJSON_Duplicate(rep, 1);
		if (st && pdmsg_ok(rep) && gen == w->st_gen) {
			cJSON_Delete(w->st);
			w->st = cJSON_Duplicate(rep, 1);
			w->st_at = now_ms();
		} else if (!ro) {
			cJSON_Delete(w->st);
			w->st = NULL;
		}
	}
	pthread_mutex_unlock(&w->mu);
	cJSON_free(txt);
	pdc_close(p);
	return rep;
}

/* ------------------------------------------------------------------ */
/* session and subscription ops for route.c */

/* The tables, allocated on first use (under w->mu); NULL: no memory. */
static struct rf_sesstab *
sess_tab(struct web *w)
{
	if (w->sess == NULL && (w->sess = malloc(sizeof(*w->sess))) != NULL)
		rf_sess_init(w->sess, w->sess_to);
	return w->sess;
}

static struct rf_subtab *
sub_tab(struct web *w)
{
	if (w->subs == NULL && (w->subs = malloc(sizeof(*w->subs))) != NULL)
		rf_sub_init(w->subs);
	return w->subs;
}

static int
op_sess_new(void *arg, const char *user, enum rf_role role,
    struct rf_sess *out)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	r = sess_tab(w) == NULL ? -1 : rf_sess_add(w->sess, user, role,
	    now_ms(), time(NULL), util_random, out);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static int
op_sess_get(void *arg, const char *id, struct rf_sess *out)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	r = w->sess == NULL ? -1 : rf_sess_find(w->sess, id, now_ms(), out);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static int
op_sess_del(void *arg, const char *id)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	r = w->sess == NULL ? -1 : rf_sess_del(w->sess, id);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static int
op_sess_ids(void *arg, char (*ids)[RF_ID_MAX], int max)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	r = w->sess == NULL ? 0 : rf_sess_list(w->sess, now_ms(), ids, max);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static uint64_t
op_sess_timeout(void *arg, uint64_t set)
{
	struct web	*w = arg;
	uint64_t	 r;

	pthread_mutex_lock(&w->mu);
	if (set != 0 && sess_tab(w) != NULL)
		w->sess->timeout_ms = set;
	r = w->sess != NULL ? w->sess->timeout_ms : w->sess_to;
	pthread_mutex_unlock(&w->mu);
	return r;
}

static int
op_sub_new(void *arg, struct rf_sub *s)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	if (sub_tab(w) == NULL)
		r = -1;
	else if (s->id[0] != '\0') {
		/* PATCH re-adds under the same id */
		size_t i;

		r = -1;
		for (i = 0; i < nitems(w->subs->s); i++)
			if (!w->subs->s[i].used) {
				s->used = 1;
				w->subs->s[i] = *s;
				r = 0;
				break;
			}
	} else
		r = rf_sub_add(w->subs, s);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static int
op_sub_get(void *arg, const char *id, struct rf_sub *out)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	r = w->subs == NULL ? -1 : rf_sub_find(w->subs, id, out);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static int
op_sub_del(void *arg, const char *id)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	r = w->subs == NULL ? -1 : rf_sub_del(w->subs, id);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static int
op_sub_ids(void *arg, char (*ids)[RF_ID_MAX], int max)
{
	struct web	*w = arg;
	int		 r;

	pthread_mutex_lock(&w->mu);
	r = w->subs == NULL ? 0 : rf_sub_list(w->subs, ids, max);
	pthread_mutex_unlock(&w->mu);
	return r;
}

static size_t
discard_cb(char *p, size_t sz, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return sz * n;
}

/* Is the image there?  HEAD, then a 1-byte ranged GET for servers without HEAD. */
static int
op_url_check(void *arg, const char *url, char *why, size_t whylen)
{
	struct web	*w = arg;
	CURL		*c;
	CURLcode	 cc;
	long		 code = 0;
	int		 pass, rv = -1;

	if (curlfn_load() == -1) {
		(void)strlcpy(why, "libcurl cannot be loaded", whylen);
		return -1;
	}
	if ((c = cu.easy_init()) == NULL) {
		(void)strlcpy(why, "out of memory", whylen);
		return -1;
	}
	for (pass = 0; pass < 2 && rv == -1; pass++) {
		cu.easy_reset(c);
		(void)cu.easy_setopt(c, CURLOPT_URL, url);
		(void)cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		(void)cu.easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)WEB_URL_MS);
		(void)cu.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		(void)cu.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		(void)cu.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
		(void)cu.easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
		if (pass == 0)
			(void)cu.easy_setopt(c, CURLOPT_NOBODY, 1L);
		else
			(void)cu.easy_setopt(c, CURLOPT_RANGE, "0-0");
		cc = cu.easy_perform(c);
		if (cc != CURLE_OK) {
			(void)snprintf(why, whylen, "%s: %s", url,
			    cu.easy_strerror(cc));
			break;			/* no connection: no retry */
		}
		(void)cu.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (code >= 200 && code < 300)
			rv = 0;
		else
			(void)snprintf(why, whylen, "%s: HTTP status %ld", url,
			    code);
	}
	cu.easy_cleanup(c);
	(void)w;
	return rv;
}

/* Queue an Event (consumed) for push and SSE; any thread. */
static void
web_event(struct web *w, cJSON *ev, unsigned type)
{
	struct web	*t = w->top;		/* the deliveries' */
	struct push	*q, *mine = NULL, **tail;
	char		*s = NULL, *line;
	size_t		 i, len;
	unsigned	 seq;
	char		 n[16];

	pthread_mutex_lock(&w->mu);
	seq = ++w->ev_seq;
	pthread_mutex_unlock(&w->mu);
	(void)snprintf(n, sizeof(n), "%u", seq);
	cJSON_ReplaceItemInObject(ev, "Id", cJSON_CreateString(n));
	if ((s = cJSON_PrintUnformatted(ev)) == NULL)
		goto out;
	len = strlen(s) + 32;
	if ((line = malloc(len)) != NULL)
		(void)snprintf(line, len, "id: %u\ndata: %s\n\n", seq, s);
	pthread_mutex_lock(&w->mu);
	free(w->sse[seq % SSE_RING]);
	w->sse[seq % SSE_RING] = line;
	w->sse_seq[seq % SSE_RING] = seq;
	for (i = 0; w->subs != NULL && i < nitems(w->subs->s); i++) {
		const struct rf_sub *sb = &w->subs->s[i];
		cJSON *copy;
		char *body;

		if (!sb->used || (type != RF_EV_TEST && sb->types != 0 &&
		    !(sb->types & type)))
			continue;
		if (!rf_dest_allowed(sb->dest, w->wc.allow_any)) {
			if (strcmp(w->dest_warned, sb->dest) != 0) {
				log_warnx("event destination %s not allowed "
				    "(loopback only; see -A)", sb->dest);
				(void)strlcpy(w->dest_warned, sb->dest,
				    sizeof(w->dest_warned));
			}
			continue;
		}
		if ((copy = cJSON_Duplicate(ev, 1)) == NULL)
			continue;
		cJSON_AddStringToObject(copy, "Context", sb->context);
		body = cJSON_PrintUnformatted(copy);
		cJSON_Delete(copy);
		if (body == NULL || (q = calloc(1, sizeof(*q))) == NULL) {
			cJSON_free(body);
			continue;
		}
		(void)strlcpy(q->dest, sb->dest, sizeof(q->dest));
		q->body = body;
		q->next = mine;
		mine = q;
	}
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (mine != NULL) {
		pthread_mutex_lock(&t->mu);
		for (tail = &mine; *tail != NULL; tail = &(*tail)->next)
			;
		*tail = t->pushq;
		t->pushq = mine;
		pthread_mutex_unlock(&t->mu);
	}
	/* the main loop polls it, with or without libcurl loaded */
	(void)eventfd_write(t->wake, 1);
out:
	cJSON_free(s);
	cJSON_Delete(ev);
}

static void
op_event(void *arg, cJSON *ev, unsigned type)
{
	web_event(arg, ev, type);
}

/* ------------------------------------------------------------------ */
/* authentication */

struct who {
	int		 authed;
	int		 pd_down;	/* could not ask powerd */
	char		 user[RF_USER_MAX];
	enum rf_role	 role;
	char		 session[RF_ID_MAX];
};

static void
web_auth(struct web *w, const struct mg_connection *conn, struct who *who)
{
	const char	*tok, *hdr;
	char		 user[RF_USER_MAX], pass[RF_PASS_MAX];
	uint8_t		 dig[32];
	struct rf_sess	 s;
	cJSON		*req, *rep;
	enum rf_role	 role;
	uint64_t	 now = now_ms();

	memset(who, 0, sizeof(*who));
	if ((tok = mg_get_header(conn, "X-Auth-Token")) != NULL) {
		pthread_mutex_lock(&w->mu);
		if (w->sess != NULL && rf_sess_auth(w->sess, tok, now, &s) ==
		    0) {
			who->authed = 1;
			(void)strlcpy(who->user, s.user, sizeof(who->user));
			who->role = s.role;
			(void)strlcpy(who->session, s.id, sizeof(who->session));
		}
		pthread_mutex_unlock(&w->mu);
		util_zeroize(&s, sizeof(s));
		return;
	}
	if ((hdr = mg_get_header(conn, "Authorization")) == NULL ||
	    rf_basic_parse(hdr, user, sizeof(user), pass, sizeof(pass)) == -1)
		return;
	rf_cred_digest(user, pass, dig);
	pthread_mutex_lock(&w->mu);
	if (rf_cred_lookup(&w->cred, dig, now, who->user, sizeof(who->user),
	    &who->role) == 0)
		who->authed = 1;
	pthread_mutex_unlock(&w->mu);
	if (who->authed)
		goto out;
	/* miss: powerd verifies, we remember the digest */
	if ((req = pdmsg_request(0, "accounts", w->wc.server)) == NULL)
		goto out;
	cJSON_AddStringToObject(req, "action", "verify");
	cJSON_AddStringToObject(req, "by", "redfish");
	cJSON_AddStringToObject(req, "name", user);
	cJSON_AddStringToObject(req, "password", pass);
	rep = web_pd(w, req);
	cJSON_Delete(req);
	if (rep == NULL) {
		who->pd_down = 1;
		goto out;
	}
	if (pdmsg_ok(rep)) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(rep,
		    "account");

		role = rf_role_from_pd(pdmsg_str(a, "role", ""));
		if (!pdmsg_bool(a, "enabled", 1))
			role = RF_ROLE_NONE;
		if (role != RF_ROLE_NONE) {
			who->authed = 1;
			who->role = role;
			(void)strlcpy(who->user, user, sizeof(who->user));
			pthread_mutex_lock(&w->mu);
			rf_cred_store(&w->cred, dig, user, role, now);
			pthread_mutex_unlock(&w->mu);
		}
	}
	cJSON_Delete(rep);
out:
	util_zeroize(pass, sizeof(pass));
	util_zeroize(dig, sizeof(dig));
}

/* ------------------------------------------------------------------ */
/* responses */

static const char *
reason(int st)
{
	switch (st) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

static int
web_send(struct mg_connection *conn, const struct rf_resp *r, int head,
    int close)
{
	char		 h[2048], link[256] = "";
	char		*body = NULL, *buf;
	const char	*b = "", *t, *dot;
	size_t		 blen = 0;
	int		 n;
	const cJSON	*ty;

	/* Link: the JSON Schema of the @odata.type (DSP0266 "Link header") */
	ty = cJSON_GetObjectItemCaseSensitive(r->body, "@odata.type");
	if (cJSON_IsString(ty) && (t = ty->valuestring)[0] == '#' &&
	    (dot = strrchr(t, '.')) != NULL && dot - t > 1 && dot - t < 128)
		(void)snprintf(link, sizeof(link), "Link: <https://redfish."
		    "dmtf.org/schemas/v1/%.*s.json>; rel=describedby\r\n",
		    (int)(dot - t - 1), t + 1);

	if (r->text != NULL) {		/* already printed (set_etag) */
		b = r->text;
		blen = strlen(r->text);
	} else if (r->body != NULL) {
		if ((body = cJSON_PrintUnformatted(r->body)) == NULL)
			return 500;
		b = body;
		blen = strlen(body);
	}
	n = snprintf(h, sizeof(h),
	    "HTTP/1.1 %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Content-Length: %zu\r\n"
	    "OData-Version: 4.0\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "%s%s%s" "%s%s%s" "%s%s%s" "%s%s%s" "%s%s%s"
	    "\r\n",
	    r->status, reason(r->status),
	    r->text != NULL ? r->ctype : "application/json; charset=utf-8",
	    blen,
	    r->etag[0] ? "ETag: " : "", r->etag, r->etag[0] ? "\r\n" : "",
	    r->location[0] ? "Location: " : "", r->location,
	    r->location[0] ? "\r\n" : "",
	    r->allow[0] ? "Allow: " : "", r->allow, r->allow[0] ? "\r\n" : "",
	    r->token[0] ? "X-Auth-Token: " : "", r->token,
	    r->token[0] ? "\r\n" : "",
	    r->www_auth ? "WWW-Authenticate: Basic realm=\"bmcsim\"\r\n" : "",
	    close ? "Connection: close\r\n" : "", link);
	if (n < 0 || (size_t)n >= sizeof(h)) {
		cJSON_free(body);
		return 500;
	}
	if (head || blen == 0 || r->status == 204)
		(void)mg_write(conn, h, (size_t)n);
	else if ((buf = malloc((size_t)n + blen)) != NULL) {
		/* one write, one segment; on the heap: 80 stacks stay small */
		memcpy(buf, h, (size_t)n);
		memcpy(buf + n, b, blen);
		(void)mg_write(conn, buf, (size_t)n + blen);
		free(buf);
	} else {
		(void)mg_write(conn, h, (size_t)n);
		(void)mg_write(conn, b, blen);
	}
	cJSON_free(body);
	return r->status;
}

static enum rf_method
method_of(const char *m)
{
	static const char *const names[] = { "GET", "HEAD", "POST", "PATCH",
	    "PUT", "DELETE" };
	size_t	 i;

	for (i = 0; i < nitems(names); i++)
		if (strcmp(m, names[i]) == 0)
			return (enum rf_method)i;
	return RF_M_OTHER;
}

/*
 * POST and PATCH must say application/json: a browser holding Basic
 * credentials can be made to send a form or text/plain, never that.
 */
static int
json_ctype(const char *ct)
{
	if (ct == NULL)
		return 0;
	return strncasecmp(ct, "application/json", 16) == 0 &&
	    (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

struct who;
static int web_sse(struct web *, struct mg_connection *, const struct who *);

/*
 * GET of the System is what pollers (Ironic, the benchmark) do most.  Its
 * body depends only on powerd's status and inventory, so the rendered
 * text is kept under the same rule as the status (web_pd): until the
 * next change anywhere, or WEB_STATUS_MS.  Authorization was checked
 * before: a System GET needs Login only, and the body is the same for
 * every user.
 */
static int
sys_get(struct web *w, const struct rf_req *req, struct rf_resp *resp,
    unsigned *gen)
{
	char	*t = NULL;

	if ((req->method != RF_M_GET && req->method != RF_M_HEAD) ||
	    !req->authed || w->nsrv > 0 || w->top != w ||
	    strcmp(req->path, w->sys_path) != 0)
		return -1;
	pthread_mutex_lock(&w->mu);
	*gen = w->st_gen;
	if (w->sys_text != NULL && w->sys_gen == w->st_gen && w->sub_up &&
	    now_ms() - w->sys_at < WEB_STATUS_MS &&
	    (t = strdup(w->sys_text)) != NULL)
		(void)strlcpy(resp->etag, w->sys_etag, sizeof(resp->etag));
	pthread_mutex_unlock(&w->mu);
	if (t == NULL)
		return -1;
	resp->status = 200;
	resp->text = t;
	resp->ctype = "application/json; charset=utf-8";
	(void)strlcpy(resp->allow, "GET, HEAD, PATCH", sizeof(resp->allow));
	/* for the Link header */
	if ((resp->body = cJSON_CreateObject()) != NULL)
		cJSON_AddStringToObject(resp->body, "@odata.type",
		    "#ComputerSystem.v1_20_0.ComputerSystem");
	return 0;
}

static void
sys_put(struct web *w, const struct rf_req *req, const struct rf_resp *resp,
    unsigned gen)
{
	char	*t;

	if (req->method != RF_M_GET || !req->authed || resp->status != 200 ||
	    resp->text == NULL || w->nsrv > 0 || w->top != w ||
	    strcmp(req->path, w->sys_path) != 0 ||
	    (t = strdup(resp->text)) == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	if (gen == w->st_gen) {
		free(w->sys_text);
		w->sys_text = t;
		t = NULL;
		(void)strlcpy(w->sys_etag, resp->etag, sizeof(w->sys_etag));
		w->sys_gen = gen;
		w->sys_at = now_ms();
	}
	pthread_mutex_unlock(&w->mu);
	free(t);
}

/* Every Redfish request (civetweb worker thread). */
static int
web_handler(struct mg_connection *conn, void *cbdata)
{
	struct web			*w = cbdata;
	const struct mg_request_info	*ri = mg_get_request_info(conn);
	struct rf_req			 req;
	struct rf_resp			 resp;
	struct who			 who;
	const struct rf_conf		*conf = &w->conf;
	char				*body = NULL, *nbody = NULL;
	size_t				 max = RF_BODY_MAX, cap = 0;
	int				 authed = 0, push = 0;
	const char			*ov;
	size_t				 len = 0, k;
	uint64_t			 t0, lim, el;
	int				 n, st, close = 0;
	unsigned			 gen = 0;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	if ((w = bmc_of(w, conn)) == NULL) {
		mg_printf(conn, "HTTP/1.1 421 Misdirected Request\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		return 421;
	}
	conf = &w->conf;
	/*
	 * civetweb closes after this reply when the client asked so; say it
	 * (RFC 7230 6.6), or pooling clients (urllib3 under sushy) reuse a
	 * closed connection.
	 */
	if (((ov = mg_get_header(conn, "Connection")) != NULL &&
	    strcasestr(ov, "close") != NULL) ||
	    (strcmp(ri->http_version, "1.0") == 0 && (ov == NULL ||
	    strcasestr(ov, "keep-alive") == NULL)))
		close = 1;
	req.method = method_of(ri->request_method);
	req.path = ri->local_uri != NULL ? ri->local_uri : "/";
	req.now_ms = now_ms();
	req.wall = time(NULL);
	req.if_match = mg_get_header(conn, "If-Match");
	req.json_ctype = json_ctype(mg_get_header(conn, "Content-Type"));

	/*
	 * The body, bounded: RF_BODY_MAX, but a firmware image pushed to
	 * the MultipartHttpPushUri up to RF_PUSH_MAX.  Such a push is
	 * authenticated and checked for ConfigureComponents before its body
	 * is read, and at most RF_PUSH_CONC run at once (503 beyond), so an
	 * anonymous client cannot make us hold images.
	 */
	if (req.method == RF_M_POST && strcmp(req.path, RF_HW_PUSH_URI) == 0) {
		web_auth(w, conn, &who);
		authed = 1;
		if (!who.authed) {
			rf_fail(&resp, who.pd_down ? 503 : 401, who.pd_down ?
			    "ServiceTemporarilyUnavailable" : "NoValidSession",
			    who.pd_down ? "5" : NULL, NULL);
			resp.www_auth = !who.pd_down;
			close = 1;
			goto send;
		}
		if (!(rf_role_privs(who.role) & RF_PRIV_CONF_COMP)) {
			rf_fail(&resp, 403, "InsufficientPrivilege", NULL,
			    NULL);
			close = 1;
			goto send;
		}
		pthread_mutex_lock(&w->mu);
		if (w->pushes < RF_PUSH_CONC) {
			w->pushes++;
			push = 1;
		}
		pthread_mutex_unlock(&w->mu);
		if (!push) {
			rf_fail(&resp, 503, "ServiceTemporarilyUnavailable",
			    "5", NULL);
			close = 1;
			goto send;
		}
		max = RF_PUSH_MAX;
	}
	if (ri->content_length > (long long)max) {
		rf_fail(&resp, 413, "PayloadTooLarge", NULL, NULL);
		close = 1;
		goto send;
	}
	if (ri->content_length > 0 || (ri->content_length < 0 &&
	    req.method != RF_M_GET && req.method != RF_M_HEAD &&
	    req.method != RF_M_DELETE)) {
		/* the announced length, else grown as it comes */
		cap = ri->content_length > 0 ? (size_t)ri->content_length :
		    RF_BODY_MAX;
		if ((body = malloc(cap + 1)) == NULL) {
			rf_fail(&resp, 500, "InternalError", NULL, NULL);
			close = 1;
			goto send;
		}
		t0 = now_ms();
		lim = WEB_BODY_MS + (uint64_t)(ri->content_length > 0 ?
		    (size_t)ri->content_length : max) * 1000 / WEB_BODY_BPS;
		for (;;) {
			if (now_ms() - t0 > lim) {
				cJSON_Delete(resp.body);
				resp.status = 408;
				resp.body = rf_error("GeneralError", "The request "
				    "body did not arrive in time.", NULL, NULL);
				close = 1;
				goto send;
			}
			if (len == cap) {
				char	*nb;

				if (cap >= max) {
					/* one byte more says "too long" */
					if ((n = mg_read(conn, body + len,
					    1)) > 0)
						len++;
					break;
				}
				cap = cap * 2 > max ? max : cap * 2;
				if ((nb = realloc(body, cap + 1)) == NULL) {
					rf_fail(&resp, 500, "InternalError",
					    NULL, NULL);
					close = 1;
					goto send;
				}
				body = nb;
			}
			/*
			 * mg_read returns only once it has all it was asked
			 * for, or after WEB_HEAD_MS without a byte: a read of
			 * k bytes may take k times that.  So no more is asked
			 * than can come before the deadline at a byte per
			 * WEB_HEAD_MS (a 64 kB body: 3 bytes a read; a 64 MB
			 * push: 344), and a body trickled in time for each
			 * read still meets the deadline.  Small reads from
			 * civetweb's buffer (the body usually comes with the
			 * head) cost no system call.
			 */
			el = now_ms() - t0;
			k = el < lim ? (size_t)((lim - el) / WEB_HEAD_MS) : 1;
			if (k < 1)
				k = 1;
			if (k > cap - len)
				k = cap - len;
			if ((n = mg_read(conn, body + len, k)) <= 0)
				break;
			len += (size_t)n;
		}
		if (len > max) {
			rf_fail(&resp, 413, "PayloadTooLarge", NULL, NULL);
			close = 1;
			goto send;
		}
		body[len] = '\0';
	}
	req.body = body != NULL ? body : "";
	req.bodylen = len;
	/*
	 * We implement no query parameters: $ ones get 501 (the SSE URI
	 * takes $filter, which we ignore: every event is sent).
	 */
	if (ri->query_string != NULL &&
	    strcmp(req.path, "/redfish/v1/EventService/SSE") != 0 &&
	    (ri->query_string[0] == '$' ||
	    strstr(ri->query_string, "&$") != NULL)) {
		rf_fail(&resp, 501, "QueryNotSupported", NULL, NULL);
		goto send;
	}
	if ((ov = mg_get_header(conn, "OData-Version")) != NULL &&
	    strcmp(ov, "4.0") != 0) {
		rf_fail(&resp, 412, "PreconditionFailed", NULL, NULL);
		goto send;
	}
	if (!authed)
		web_auth(w, conn, &who);
	req.authed = who.authed;
	(void)strlcpy(req.user, who.user, sizeof(req.user));
	req.role = who.role;
	(void)strlcpy(req.session, who.session, sizeof(req.session));
	if (!who.authed && who.pd_down &&
	    !(rf_route_privs(&req) & RF_PRIV_NOAUTH)) {
		rf_fail(&resp, 503, "ServiceTemporarilyUnavailable", "5", NULL);
		goto send;
	}
	if (strcmp(req.path, "/redfish/v1/EventService/SSE") == 0 &&
	    req.method == RF_M_GET) {
		if (!who.authed) {
			rf_fail(&resp, 401, "NoValidSession", NULL, NULL);
			resp.www_auth = 1;
			goto send;
		}
		free(body);
		return web_sse(w, conn, &who);
	}
	if (sys_get(w, &req, &resp, &gen) == 0)
		goto send;
	if (w->nsrv > 0 && (conf = agg_update(w, &req, &nbody)) != NULL) {
		if (nbody != NULL) {
			req.body = nbody;
			req.bodylen = strlen(nbody);
		}
	} else if (w->nsrv > 0)
		conf = agg_conf(w, req.path);
	rf_route(conf, &w->ops, &req, &resp);
	sys_put(w, &req, &resp, gen);
send:
	st = web_send(conn, &resp, req.method == RF_M_HEAD, close);
	if (resp.status >= 400 && resp.status != 404 && resp.status != 401)
		log_debug("%s %s: %d", ri->request_method, req.path,
		    resp.status);
	rf_resp_free(&resp);
	if (body != NULL) {
		util_zeroize(body, len > cap ? cap : len);
		free(body);
	}
	cJSON_free(nbody);
	if (push) {
		pthread_mutex_lock(&w->mu);
		w->pushes--;
		pthread_mutex_unlock(&w->mu);
	}
	return st;
}

/* ------------------------------------------------------------------ */
/* slots for long-lived connections: SSE and /console0 */

/*
 * Take a slot for who (under w->mu): -1 when all are taken, when who
 * holds WEB_LONG_USER already, or when only the WEB_LONG_ADMIN kept for
 * Administrators are left and who is not one.
 */
static int
lslot_take(struct web *w, const char *user, enum rf_role role)
{
	int	 i, slot = -1, mine = 0, nfree = 0;

	for (i = 0; i < WEB_LONG_MAX; i++) {
		if (!w->lslot[i].used) {
			nfree++;
			if (slot < 0)
				slot = i;
		} else if (strcmp(w->lslot[i].user, user) == 0)
			mine++;
	}
	if (slot < 0 || mine >= WEB_LONG_USER ||
	    (role != RF_ROLE_ADMIN && nfree <= WEB_LONG_ADMIN))
		return -1;
	(void)strlcpy(w->lslot[slot].user, user, sizeof(w->lslot[slot].user));
	w->lslot[slot].role = role;
	w->lslot[slot].used = 1;
	return slot;
}

static void
lslot_give(struct web *w, int slot)
{
	if (slot >= 0 && slot < WEB_LONG_MAX)
		memset(&w->lslot[slot], 0, sizeof(w->lslot[slot]));
}

/* ------------------------------------------------------------------ */
/* SSE (DSP0266 "Server-sent events") */

static int
web_sse(struct web *w, struct mg_connection *conn, const struct who *who)
{
	static const char head[] = "HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/event-stream\r\n"
	    "Cache-Control: no-cache\r\n"
	    "OData-Version: 4.0\r\n"
	    "Connection: close\r\n\r\n";
	struct timespec	 ts;
	unsigned	 mine;
	char		*line;
	int		 rc, ok = 1, slot;

	pthread_mutex_lock(&w->mu);
	if ((slot = lslot_take(w, who->user, who->role)) < 0) {
		pthread_mutex_unlock(&w->mu);
		mg_printf(conn, "HTTP/1.1 503 Service Unavailable\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		return 503;
	}
	mine = w->ev_seq;
	pthread_mutex_unlock(&w->mu);
	if (mg_write(conn, head, sizeof(head) - 1) <= 0)
		ok = 0;
	pthread_mutex_lock(&w->mu);
	while (ok && !w->stopping) {
		if (w->ev_seq == mine) {
			(void)clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += SSE_KEEPALIVE_MS / 1000;
			rc = pthread_cond_timedwait(&w->cv, &w->mu, &ts);
			if (rc == ETIMEDOUT && w->ev_seq == mine) {
				pthread_mutex_unlock(&w->mu);
				ok = mg_write(conn, ":\n\n", 3) > 0;
				pthread_mutex_lock(&w->mu);
			}
			continue;
		}
		if (w->ev_seq - mine > SSE_RING)
			mine = w->ev_seq - SSE_RING;
		mine++;
		line = w->sse_seq[mine % SSE_RING] == mine &&
		    w->sse[mine % SSE_RING] != NULL ?
		    strdup(w->sse[mine % SSE_RING]) : NULL;
		pthread_mutex_unlock(&w->mu);
		if (line != NULL) {
			ok = mg_write(conn, line, strlen(line)) > 0;
			free(line);
		}
		pthread_mutex_lock(&w->mu);
	}
	lslot_give(w, slot);
	pthread_mutex_unlock(&w->mu);
	return 200;
}

/* ------------------------------------------------------------------ */
/* /console0: WebSocket <-> sold's unix socket (doc/console.md) */

static int
ws_connect(const struct mg_connection *cconn, void *cbdata)
{
	struct web		*w = cbdata;
	struct mg_connection	*conn = (struct mg_connection *)(uintptr_t)cconn;
	const struct mg_request_info *ri = mg_get_request_info(cconn);
	struct who		 who;
	struct asrv		*a;
	const char		*sol = w->wc.console, *uri;
	int			 slot = -1, ls;
	size_t			 i;

	if ((w = bmc_of(w, conn)) == NULL) {
		mg_printf(conn, "HTTP/1.1 421 Misdirected Request\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		return 1;
	}
	sol = w->wc.console;
	/* -M: /console/<id> is that server's, /console0 the first's */
	uri = ri != NULL && ri->local_uri != NULL ? ri->local_uri : "";
	if (w->nsrv > 0) {
		a = strncmp(uri, "/console/", 9) == 0 ?
		    agg_find(w, uri + 9) : strcmp(uri, "/console0") == 0 ?
		    &w->srv[0] : NULL;
		sol = a != NULL ? a->sol : NULL;
	}
	web_auth(w, conn, &who);
	if (!who.authed) {
		mg_printf(conn, "HTTP/1.1 %d %s\r\n"
		    "WWW-Authenticate: Basic realm=\"bmcsim\"\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n",
		    who.pd_down ? 503 : 401, who.pd_down ?
		    "Service Unavailable" : "Unauthorized");
		return 1;
	}
	if (sol == NULL) {
		mg_printf(conn, "HTTP/1.1 404 Not Found\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		return 1;
	}
	pthread_mutex_lock(&w->mu);
	if ((ls = lslot_take(w, who.user, who.role)) >= 0)
		for (i = 0; i < nitems(w->ws); i++)
			if (!w->ws[i].used) {
				slot = (int)i;
				memset(&w->ws[i], 0, sizeof(w->ws[i]));
				w->ws[i].used = 1;
				w->ws[i].fd = -1;
				w->ws[i].dead = 1;	/* until ready */
				w->ws[i].conn = conn;
				w->ws[i].lslot = ls;
				w->ws[i].sol = sol;
				w->ws[i].w = w;
				/*
				 * Typing into the console can power the
				 * server off: it needs what power control
				 * needs (ConfigureComponents, bmcweb's rule);
				 * others may watch.
				 */
				w->ws[i].ro = !(rf_role_privs(who.role) &
				    RF_PRIV_CONF_COMP);
				break;
			}
	if (slot < 0)
		lslot_give(w, ls);
	pthread_mutex_unlock(&w->mu);
	if (slot < 0) {
		mg_printf(conn, "HTTP/1.1 503 Service Unavailable\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		return 1;
	}
	mg_set_user_connection_data(conn, &w->ws[slot]);
	return 0;
}

/*
 * sold -> WebSocket, one thread per session (civetweb's model for
 * server-initiated frames): a client that stops reading blocks only its
 * own thread, never the other consoles or the main loop.
 */
static void *
ws_pump(void *arg)
{
	struct ws	*s = arg;
	char		 buf[WS_BUF];
	ssize_t		 n;
	int		 dead;

	for (;;) {
		n = read(s->fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (mg_websocket_write(s->conn, MG_WEBSOCKET_OPCODE_BINARY, buf,
		    (size_t)n) <= 0)
			break;
	}
	pthread_mutex_lock(&s->w->mu);
	dead = s->dead;
	pthread_mutex_unlock(&s->w->mu);
	if (!dead)		/* sold went away: end the session */
		(void)mg_websocket_write(s->conn,
		    MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, "\x03\xe8", 2);
	return NULL;
}

static void
ws_ready(struct mg_connection *conn, void *cbdata)
{
	struct web	*w = cbdata;
	struct ws	*s = mg_get_user_connection_data(conn);
	struct sockaddr_un sun;
	char		 hello[64];
	int		 fd, n;

	if (s == NULL)
		return;
	w = s->w;		/* the BMC's (per-BMC shape) */
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	(void)strlcpy(sun.sun_path, s->sol, sizeof(sun.sun_path));
	n = snprintf(hello, sizeof(hello), "console 1 history=%d\n",
	    CONSOLE_HISTORY);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    send(fd, hello, (size_t)n, MSG_NOSIGNAL) != n) {
		log_warn("console %s", s->sol);
		if (fd != -1)
			(void)close(fd);
		(void)mg_websocket_write(conn,
		    MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, "\x03\xf3", 2);
		return;
	}
	pthread_mutex_lock(&w->mu);
	s->fd = fd;
	s->dead = 0;
	s->has_th = pthread_create(&s->th, NULL, ws_pump, s) == 0;
	pthread_mutex_unlock(&w->mu);
	if (!s->has_th) {
		log_warnx("console: cannot start a thread");
		(void)mg_websocket_write(conn,
		    MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, "\x03\xf3", 2);
	}
}

static int
ws_data(struct mg_connection *conn, int bits, char *data, size_t len,
    void *cbdata)
{
	struct web	*w = cbdata;
	struct ws	*s = mg_get_user_connection_data(conn);
	int		 op = bits & 0x0f, fd;
	size_t		 off = 0;
	ssize_t		 n;

	if (op == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE)
		return 0;
	if (op != MG_WEBSOCKET_OPCODE_TEXT &&
	    op != MG_WEBSOCKET_OPCODE_BINARY &&
	    op != MG_WEBSOCKET_OPCODE_CONTINUATION)
		return 1;
	if (s == NULL)
		return 0;
	if (s->ro)
		return 1;		/* view only: keystrokes dropped */
	w = s->w;
	pthread_mutex_lock(&w->mu);
	fd = s->dead ? -1 : s->fd;
	pthread_mutex_unlock(&w->mu);
	if (fd == -1)
		return 1;		/* not connected yet: drop */
	while (off < len) {
		n = send(fd, data + off, len - off, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		off += (size_t)n;
	}
	return 1;
}

static void
ws_close(const struct mg_connection *cconn, void *cbdata)
{
	struct web	*w = cbdata;
	struct ws	*s = mg_get_user_connection_data(cconn);
	pthread_t	 th;
	int		 fd, has;

	if (s == NULL)
		return;
	w = s->w;
	pthread_mutex_lock(&w->mu);
	s->dead = 1;
	fd = s->fd;
	has = s->has_th;
	th = s->th;
	pthread_mutex_unlock(&w->mu);
	if (fd != -1)
		(void)shutdown(fd, SHUT_RDWR);	/* wakes the pump */
	if (has)
		(void)pthread_join(th, NULL);
	pthread_mutex_lock(&w->mu);
	lslot_give(w, s->lslot);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	pthread_mutex_unlock(&w->mu);
	if (fd != -1)
		(void)close(fd);
}

/* ------------------------------------------------------------------ */
/* setup */

static volatile int	web_starting;	/* mg_start runs: say which port */

static int
web_log(const struct mg_connection *conn, const char *msg)
{
	(void)conn;
	if (web_starting && strncmp(msg, "cannot bind", 11) == 0)
		log_warnx("civetweb: %s", msg);
	else
		log_debug("civetweb: %s", msg);
	return 1;
}

/*
 * civetweb answers a method it does not know with 400 before any handler
 * runs; DSP0266 wants 405 or 501 for unsupported methods.
 */
static int
web_http_error(struct mg_connection *conn, int status, const char *msg)
{
	const struct mg_request_info	*ri = mg_get_request_info(conn);
	struct rf_resp			 resp;

	(void)msg;
	if (status != 400 || ri == NULL || ri->request_method == NULL ||
	    method_of(ri->request_method) != RF_M_OTHER ||
	    strcmp(ri->request_method, "OPTIONS") == 0)
		return 1;
	memset(&resp, 0, sizeof(resp));
	rf_fail(&resp, 501, "OperationNotAllowed", NULL, NULL);
	(void)web_send(conn, &resp, 0, 1);
	rf_resp_free(&resp);
	return 0;
}

/*
 * Every worker may hold a connection, and each console session a unix
 * socket more: raise the soft limit on open files to that (a service
 * starts with 1024), within the hard limit.
 */
static void
fd_room(int nthr)
{
	struct rlimit	 rl;
	rlim_t		 want = (rlim_t)nthr + WS_MAX + WEB_POOL + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) {
		log_warnx("open files limited to %llu: fewer than the %d "
		    "connections civetweb may hold", (unsigned long long)
		    rl.rlim_max, nthr);
		want = rl.rlim_max;
	}
	rl.rlim_cur = want;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
		log_warn("setrlimit RLIMIT_NOFILE");
}

/* The port of a servers file's "addr:port" (0 when absent or bad). */
static int
agg_port(const char *hp)
{
	const char	*colon;
	long		 v;
	char		*ep;

	if (hp == NULL || (colon = strrchr(hp, ':')) == NULL)
		return 0;
	v = strtol(colon + 1, &ep, 10);
	return *ep == '\0' && v > 0 && v <= 65535 ? (int)v : 0;
}

/*
 * -M, the sushy-tools shape: one view per server of the file, its
 * Manager named as the server, its front ends' ports from the file's
 * ipmi=, vnc=, novnc= and console= (telnet), its console from sol=.
 */
static int
agg_setup(struct web *w, const struct srvlist *l)
{
	struct asrv	*a;
	unsigned	 hs = 4, h;
	int		 i;

	while (hs < (unsigned)l->n * 2)
		hs <<= 1;
	if ((w->srv = calloc((size_t)l->n, sizeof(*w->srv))) == NULL ||
	    (w->ids = calloc((size_t)l->n, sizeof(*w->ids))) == NULL ||
	    (w->hidx = calloc(hs, sizeof(*w->hidx))) == NULL)
		return -1;
	w->hmask = hs - 1;
	for (i = 0; i < l->n; i++) {
		const struct srvent *e = &l->s[i];

		a = &w->srv[i];
		w->ids[i] = e->id;
		for (h = agg_hash(e->id, strlen(e->id)) & w->hmask;
		    w->hidx[h] != 0; h = (h + 1) & w->hmask)
			;
		w->hidx[h] = i + 1;
		if (w->wc.mgr != NULL)
			(void)strlcpy(a->mgr.addr, w->wc.mgr->addr,
			    sizeof(a->mgr.addr));
		a->mgr.ipmi_port = agg_port(e->v[SK_IPMI]);
		a->mgr.vnc_port = agg_port(e->v[SK_VNC]);
		a->mgr.novnc_port = agg_port(e->v[SK_NOVNC]);
		a->mgr.telnet_port = agg_port(e->v[SK_CONSOLE]);
		rf_mgr_init(&a->mgr, e->id);
		a->sol = e->v[SK_SOL];
		(void)snprintf(a->console_uri, sizeof(a->console_uri),
		    "/console/%s", e->id);
		a->conf = w->conf;
		a->conf.server = e->id;
		a->conf.console = a->sol != NULL;
		a->conf.mgr = &a->mgr;
		a->conf.mgr_id = e->id;
		a->conf.ids = w->ids;
		a->conf.nids = l->n;
		a->conf.console_uri = a->console_uri;
	}
	w->nsrv = l->n;
	w->conf = w->srv[0].conf;
	return 0;
}

static void
agg_free(struct web *w)
{
	int	 i;

	for (i = 0; i < w->nsrv; i++) {
		cJSON_free(w->srv[i].inv);
		cJSON_free(w->srv[i].st);
		pthread_mutex_destroy(&w->srv[i].mgr.mu);
	}
	free(w->srv);
	for (i = 0; i < w->nbmc; i++) {
		if (w->bmc[i] == NULL)
			continue;
		bmc_free(w->bmc[i]);
		free(w->bmc[i]);
	}
	free(w->bmc);
	free(w->lp);
	free(w->ids);
	free(w->hidx);
}

/* One BMC's state: the process's, or one of the per-BMC shape's. */
static void
bmc_init(struct web *b, struct web *top, const struct web_conf *wc)
{
	int	 i;

	b->top = top;
	b->wc = *wc;
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	/* the session and subscription tables come with their first use */
	b->sess_to = (uint64_t)wc->session_timeout_s * 1000;
	b->conf.server = wc->server;
	(void)snprintf(b->sys_path, sizeof(b->sys_path),
	    "/redfish/v1/Systems/%s", wc->server);
	b->conf.https = wc->https != NULL;
	b->conf.console = wc->console != NULL;
	b->conf.allow_any_dest = wc->allow_any;
	b->conf.mgr = wc->mgr;
	b->ops = (struct rf_ops){ web_pd, op_sess_new, op_sess_get,
	    op_sess_del, op_sess_ids, op_sess_timeout, op_sub_new, op_sub_get,
	    op_sub_del, op_sub_ids, op_url_check, op_event, b };
	for (i = 0; b == top && i < WS_MAX; i++)
		b->ws[i].fd = -1;
}

static void
bmc_free(struct web *b)
{
	int	 i;

	for (i = 0; i < SSE_RING; i++)
		free(b->sse[i]);
	cJSON_Delete(b->inv);
	cJSON_Delete(b->st);
	cJSON_free(b->tc.inv);
	cJSON_free(b->tc.st);
	free(b->sys_text);
	if (b->sess != NULL)
		util_zeroize(b->sess, sizeof(*b->sess));
	free(b->sess);
	free(b->subs);
	util_zeroize(&b->cred, sizeof(b->cred));
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
}

static int
lport_cmp(const void *a, const void *b)
{
	const struct lport *x = a, *y = b;

	return (x->port > y->port) - (x->port < y->port);
}

/*
 * -M, the per-BMC shape: every server a BMC of its own, exactly as a
 * single redfishd (Manager "bmc", its System only, its accounts,
 * sessions, subscriptions and console), on the file's http= and https=
 * listeners.  Their list for civetweb in *lpp (caller frees).
 */
static int
bmc_setup(struct web *t, const struct srvlist *l, char **lpp)
{
	struct web_conf	 wc;
	struct web	*b;
	unsigned	 hs = 4, h;
	size_t		 len = 1, off = 0;
	int		 i;

	while (hs < (unsigned)l->n * 2)
		hs <<= 1;
	if ((t->bmc = calloc((size_t)l->n, sizeof(*t->bmc))) == NULL ||
	    (t->ids = calloc((size_t)l->n, sizeof(*t->ids))) == NULL ||
	    (t->hidx = calloc(hs, sizeof(*t->hidx))) == NULL ||
	    (t->lp = calloc((size_t)l->n * 2, sizeof(*t->lp))) == NULL)
		return -1;
	t->hmask = hs - 1;
	for (i = 0; i < l->n; i++) {
		const struct srvent *e = &l->s[i];

		len += (e->v[SK_HTTP] != NULL ? strlen(e->v[SK_HTTP]) + 1 :
		    0) + (e->v[SK_HTTPS] != NULL ? strlen(e->v[SK_HTTPS]) +
		    2 : 0);
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return -1;
		t->bmc[t->nbmc++] = b;
		t->ids[i] = e->id;
		for (h = agg_hash(e->id, strlen(e->id)) & t->hmask;
		    t->hidx[h] != 0; h = (h + 1) & t->hmask)
			;
		t->hidx[h] = i + 1;
		wc = t->wc;
		wc.server = e->id;
		wc.console = e->v[SK_SOL];
		wc.http = e->v[SK_HTTP];
		wc.https = e->v[SK_HTTPS];
		wc.servers = NULL;
		wc.mgr = &b->bmgr;
		bmc_init(b, t, &wc);
		(void)rf_mgr_addr(&b->bmgr, wc.http != NULL ? wc.http :
		    wc.https);
		b->bmgr.ipmi_port = agg_port(e->v[SK_IPMI]);
		b->bmgr.vnc_port = agg_port(e->v[SK_VNC]);
		b->bmgr.novnc_port = agg_port(e->v[SK_NOVNC]);
		b->bmgr.telnet_port = agg_port(e->v[SK_CONSOLE]);
		rf_mgr_init(&b->bmgr, e->id);
	}
	if ((*lpp = malloc(len)) == NULL)
		return -1;
	for (i = 0; i < t->nbmc; i++) {
		b = t->bmc[i];
		if (b->wc.http != NULL) {
			(void)snprintf(*lpp + off, len - off, "%s%s",
			    off > 0 ? "," : "", b->wc.http);
			off += strlen(*lpp + off);
			t->lp[t->nlp++].b = b;
		}
		if (b->wc.https != NULL) {
			(void)snprintf(*lpp + off, len - off, "%s%ss",
			    off > 0 ? "," : "", b->wc.https);
			off += strlen(*lpp + off);
			t->lp[t->nlp++].b = b;
		}
	}
	(*lpp)[off] = '\0';
	return 0;
}

/*
 * The bound ports of the per-BMC shape's listeners, in the order of
 * bmc_setup's list, into each BMC's conf and t->lp (then sorted).
 */
static int
bmc_ports(struct web *t)
{
	struct mg_server_port	*pt;
	struct web		*b;
	int			 i, n;

	if ((pt = calloc((size_t)t->nlp, sizeof(*pt))) == NULL)
		return -1;
	n = mg_get_server_ports(t->mg, t->nlp, pt);
	for (i = 0; i < n && i < t->nlp; i++) {
		b = t->lp[i].b;
		t->lp[i].port = pt[i].port;
		if (pt[i].is_ssl)
			b->conf.https_port = pt[i].port;
		else
			b->conf.http_port = pt[i].port;
		(void)strlcpy(t->lp[i].host, b->bmgr.addr,
		    sizeof(t->lp[i].host));
	}
	free(pt);
	if (n != t->nlp)
		return -1;
	qsort(t->lp, (size_t)t->nlp, sizeof(*t->lp), lport_cmp);
	return 0;
}

/* "host:port" with a port of 0 rewritten to the bound one. */
static void
ready_addr(const char *spec, int port, char *out, size_t outlen)
{
	const char	*colon = strrchr(spec, ':');
	char		 host[100];

	if (colon == NULL || (size_t)(colon - spec) >= sizeof(host))
		(void)strlcpy(host, "0.0.0.0", sizeof(host));
	else {
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
		if (host[0] == '\0')
			(void)strlcpy(host, "0.0.0.0", sizeof(host));
	}
	(void)snprintf(out, outlen, "%s:%d", host, port);
}

/* the port a socket is bound to, or 0 */
static int
local_port(int fd)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == -1)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return 0;
}

/* civetweb's options, but for listening_ports, num_threads and TLS */
static int
web_opts(const char **opt)
{
	int	 k = 0;

	opt[k++] = "enable_keep_alive";	opt[k++] = "yes";
	opt[k++] = "keep_alive_timeout_ms"; opt[k++] = STR(WEB_KEEPALIVE_MS);
	opt[k++] = "request_timeout_ms"; opt[k++] = STR(WEB_HEAD_MS);
	opt[k++] = "listen_backlog";	opt[k++] = STR(WEB_BACKLOG);
	/* no linger_timeout_ms: without SO_LINGER close(2) never blocks */
	opt[k++] = "tcp_nodelay";	opt[k++] = "1";
	opt[k++] = "enable_websocket_ping_pong"; opt[k++] = "yes";
	opt[k++] = "websocket_timeout_ms"; opt[k++] = "30000";
	opt[k++] = "access_control_allow_origin"; opt[k++] = "";
	opt[k++] = "enable_directory_listing"; opt[k++] = "no";
	return k;
}

/*
 * The handlers go in before civetweb accepts anything (init_context): a
 * lazily started context gets a socket with connections already waiting.
 */
static void
web_handlers(struct web *w, struct mg_context *mg)
{
	mg_set_request_handler(mg, "/redfish", web_handler, w);
	mg_set_websocket_handler(mg, "/console0", ws_connect, ws_ready,
	    ws_data, ws_close, w);
	if (w->nsrv > 0)
		mg_set_websocket_handler(mg, "/console", ws_connect,
		    ws_ready, ws_data, ws_close, w);
}

static void
web_init_ctx(const struct mg_context *cctx)
{
	struct mg_context	*mg = (struct mg_context *)(uintptr_t)cctx;

	web_handlers(mg_get_user_data(mg), mg);
}

/*
 * civetweb on lp with nthr workers, and HTTPS with certpath unless it is
 * "": its library initialised (counted for web_stop), OpenSSL's entry
 * fixed, our callbacks and handlers in.  The context, or NULL.
 */
static struct mg_context *
web_mg_start(struct web *w, const char *lp, int nthr, const char *certpath)
{
	struct mg_callbacks	 cb;
	const char		*opt[32];
	char			 threads[16];
	int			 k, tls = certpath[0] != '\0';

	(void)snprintf(threads, sizeof(threads), "%d", nthr);
	k = web_opts(opt);
	opt[k++] = "listening_ports";	opt[k++] = lp;
	opt[k++] = "num_threads";	opt[k++] = threads;
	if (tls) {
		opt[k++] = "ssl_certificate";	opt[k++] = certpath;
		opt[k++] = "ssl_protocol_version"; opt[k++] = "4";
	}
	opt[k] = NULL;
	/* OpenSSL is loaded only for an https listener */
	(void)mg_init_library(MG_FEATURES_WEBSOCKET |
	    (tls ? MG_FEATURES_TLS : 0));
	w->mginit++;
	if (tls)
		tls_compat();
	memset(&cb, 0, sizeof(cb));
	cb.log_message = web_log;
	cb.http_error = web_http_error;
	cb.init_context = web_init_ctx;
	return mg_start(&cb, w, opt);
}

/*
 * Listener i could not be handed to civetweb: its waiting clients are
 * closed rather than kept waiting, and the start is tried again at a
 * client a second later (a full /tmp, no threads left).
 */
static void
lazy_drain(struct web *w, int i)
{
	int	 c;

	while ((c = accept4(w->lfd[i], NULL, NULL, SOCK_CLOEXEC)) != -1)
		(void)close(c);
}

static void
lazy_fail(struct web *w, int i)
{
	w->lretry[i] = now_ms() + 1000;
	lazy_drain(w, i);
}

/*
 * The first client on listener i (0 HTTP, 1 HTTPS): civetweb's workers,
 * and for HTTPS OpenSSL and the certificate, in a context of their own
 * that takes over the listener bound at start (mgbind).  An idle BMC of
 * a big lab so holds no worker thread and no TLS library.  Main thread.
 */
static void
web_lazy_up(struct web *w, int i)
{
	struct mgbind		 mb;
	const char		*what = i == 1 ? "https" : "http";
	char			 certpath[256] = "";
	char			 lp[SOCK_ADDRSTR_MAX + 1];

	if (now_ms() < w->lretry[i]) {
		lazy_drain(w, i);
		return;
	}
	memset(&mb, 0, sizeof(mb));
	mb.fd = w->lfd[i];
	if (mgbind_prepare(&mb, 1) == -1) {
		log_warn("%s: getsockname", what);
		lazy_fail(w, i);
		return;
	}
	(void)snprintf(lp, sizeof(lp), "%s%s", mb.addr, i == 1 ? "s" : "");
	if (i == 1 && tls_prepare_pem(w->pem, w->pemlen, w->wc.server,
	    certpath, sizeof(certpath)) == -1) {
		log_warn("https: cannot write the certificate for civetweb");
		lazy_fail(w, i);
		return;
	}
	mgbind_begin(&mb, 1);
	w->lmg[i] = web_mg_start(w, lp, w->wc.threads > 0 ? w->wc.threads :
	    WEB_THREADS, certpath);
	mgbind_end();
	if (certpath[0] != '\0')
		(void)unlink(certpath);
	if (w->lmg[i] == NULL || !mb.taken) {
		log_warnx("%s: civetweb did not start on %s", what, mb.addr);
		if (w->lmg[i] != NULL)
			mg_stop(w->lmg[i]);
		w->lmg[i] = NULL;
		lazy_fail(w, i);
		return;
	}
	(void)close(w->lfd[i]);		/* civetweb holds its copy */
	w->lfd[i] = -1;
	log_debug("%s: started at the first client", what);
}

struct web *
web_start(const struct web_conf *wc, char *ready, size_t readylen)
{
	struct web		*w;
	struct rlimit		 rl;
	char			 certpath[256] = "";
	char			 a1[128], a2[128];
	char			*lp, *lpm = NULL;
	int			 i, hp = 0, sp = 0, nthr, tls = 0;
	int			 per = 0;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	bmc_init(w, w, wc);
	w->lfd[0] = w->lfd[1] = -1;
	w->wake = -1;
	for (i = 0; wc->servers != NULL && i < wc->servers->n; i++)
		if (wc->servers->s[i].v[SK_HTTP] != NULL ||
		    wc->servers->s[i].v[SK_HTTPS] != NULL)
			per = 1;
	if (wc->servers != NULL && (wc->servers->n == 0 || (per ?
	    bmc_setup(w, wc->servers, &lpm) : agg_setup(w, wc->servers)) ==
	    -1)) {
		log_warnx("no servers, or out of memory");
		goto fail;
	}

	nthr = wc->threads > 0 ? wc->threads : WEB_THREADS;
	if (lpm == NULL) {
		/*
		 * The ports bound and the certificate checked now, civetweb
		 * started on each by its first client (web_lazy_up)
		 */
		if (wc->https != NULL && wc->cert != NULL &&
		    tls_load(wc->cert, wc->key, &w->pem, &w->pemlen) == -1) {
			log_warnx("cannot use the TLS certificate");
			goto fail;
		}
		for (i = 0; i < 2; i++) {
			const char *spec = i == 1 ? wc->https : wc->http;

			if (spec == NULL)
				continue;
			/* as civetweb would have refused it at start */
			if (mgbind_addr_ok(i == 1 ? "https" : "http", spec,
			    "0.0.0.0") == -1)
				goto fail;
			if ((w->lfd[i] = sock_tcp_listen(spec, "0.0.0.0",
			    WEB_BACKLOG)) == -1) {
				log_warn("cannot listen on %s", spec);
				goto fail;
			}
		}
		hp = w->lfd[0] != -1 ? local_port(w->lfd[0]) : 0;
		sp = w->lfd[1] != -1 ? local_port(w->lfd[1]) : 0;
		fd_room(2 * nthr);
		goto bound;
	}
	lp = lpm;
	for (i = 0; i < w->nbmc; i++)
		tls |= w->bmc[i]->wc.https != NULL;
	if (tls && tls_prepare(wc->cert, wc->key, wc->server, certpath,
	    sizeof(certpath)) == -1) {
		log_warnx("cannot prepare the TLS certificate");
		goto fail;
	}
	/* per-BMC shape: a listener or two per server, refused up front */
	if (w->nlp > 0 && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_max != RLIM_INFINITY && (rlim_t)w->nlp + nthr + WS_MAX +
	    WEB_POOL + 64 > rl.rlim_max) {
		log_warnx("%d servers need about %d file descriptors, the "
		    "limit is %llu", w->nbmc, w->nlp + nthr + WS_MAX +
		    WEB_POOL + 64, (unsigned long long)rl.rlim_max);
		goto fail;
	}
	fd_room(nthr + w->nlp);
	web_starting = 1;
	w->mg = web_mg_start(w, lp, nthr, certpath);
	web_starting = 0;
	if (certpath[0] != '\0')
		(void)unlink(certpath);
	if (w->mg == NULL) {
		log_warnx("cannot listen on %.200s%s", lp, strlen(lp) > 200 ?
		    "..." : "");
		goto fail;
	}

	if (bmc_ports(w) == -1) {
		log_warnx("civetweb did not bind every listener");
		goto fail;
	}
bound:
	w->conf.http_port = hp;
	w->conf.https_port = sp;
	for (i = 0; i < w->nsrv; i++) {
		w->srv[i].conf.http_port = hp;
		w->srv[i].conf.https_port = sp;
	}
	ready[0] = '\0';
	if (w->nsrv > 0 || w->nbmc > 0)
		(void)snprintf(ready, readylen, "%s..%s: %d servers, ",
		    w->ids[0], w->ids[w->nsrv + w->nbmc - 1], w->nsrv +
		    w->nbmc);
	if (w->nbmc > 0) {
		/* the first server's listeners */
		wc = &w->bmc[0]->wc;
		hp = w->bmc[0]->conf.http_port;
		sp = w->bmc[0]->conf.https_port;
	}
	if (wc->http != NULL) {
		ready_addr(wc->http, hp, a1, sizeof(a1));
		(void)strlcat(ready, a1, readylen);
	}
	if (wc->https != NULL) {
		ready_addr(wc->https, sp, a2, sizeof(a2));
		if (wc->http != NULL)
			(void)strlcat(ready, " ", readylen);
		(void)strlcat(ready, a2, readylen);
	}
	for (i = 0; i < w->nbmc; i++)
		log_debug("%s: http port %d, https port %d", w->ids[i],
		    w->bmc[i]->conf.http_port, w->bmc[i]->conf.https_port);
	free(lpm);
	lpm = NULL;
	/* libcurl and the multi handle come with the first push */
	if ((w->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1) {
		log_warn("eventfd");
		goto fail;
	}
	return w;
fail:
	if (w->mg != NULL)
		mg_stop(w->mg);
	for (i = 0; i < 2; i++)
		if (w->lfd[i] != -1)
			(void)close(w->lfd[i]);
	free(lpm);
	tls_free_pem(w->pem, w->pemlen);
	agg_free(w);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* the main thread's loop */

static void
push_free(struct push *q)
{
	if (q->easy != NULL)
		cu.easy_cleanup(q->easy);
	cu.slist_free_all(q->hdr);
	cJSON_free(q->body);
	free(q);
}

/* Start every queued delivery that is due (main thread). */
static void
push_start(struct web *w)
{
	struct push	*q, *next, *later = NULL, **tail;
	CURL		*c;
	uint64_t	 now = now_ms();

	pthread_mutex_lock(&w->mu);
	q = w->pushq;
	w->pushq = NULL;
	pthread_mutex_unlock(&w->mu);
	if (q != NULL && w->multi == NULL && (curlfn_load() == -1 ||
	    (w->multi = cu.multi_init()) == NULL)) {
		log_warnx("events not pushed: no libcurl");
		for (; q != NULL; q = next) {
			next = q->next;
			push_free(q);
		}
		return;
	}
	for (; q != NULL; q = next) {
		next = q->next;
		if (q->not_before > now) {
			q->next = later;
			later = q;
			continue;
		}
		if ((c = cu.easy_init()) == NULL ||
		    (q->hdr = cu.slist_append(NULL,
		    "Content-Type: application/json")) == NULL) {
			if (c != NULL)
				cu.easy_cleanup(c);
			push_free(q);
			continue;
		}
		q->easy = c;
		(void)cu.easy_setopt(c, CURLOPT_URL, q->dest);
		(void)cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
		(void)cu.easy_setopt(c, CURLOPT_POSTFIELDS, q->body);
		(void)cu.easy_setopt(c, CURLOPT_HTTPHEADER, q->hdr);
		(void)cu.easy_setopt(c, CURLOPT_PRIVATE, q);
		(void)cu.easy_setopt(c, CURLOPT_TIMEOUT_MS,
		    (long)WEB_PUSH_MS);
		(void)cu.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		(void)cu.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		(void)cu.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
		(void)cu.easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
		if (cu.multi_add_handle(w->multi, c) != CURLM_OK) {
			push_free(q);
			continue;
		}
		q->next = w->inflight;
		w->inflight = q;
	}
	if (later != NULL) {
		pthread_mutex_lock(&w->mu);
		for (tail = &later; *tail != NULL; tail = &(*tail)->next)
			;
		*tail = w->pushq;
		w->pushq = later;
		pthread_mutex_unlock(&w->mu);
	}
}

static void
inflight_unlink(struct web *w, struct push *q)
{
	struct push	**pp;

	for (pp = &w->inflight; *pp != NULL; pp = &(*pp)->next)
		if (*pp == q) {
			*pp = q->next;
			break;
		}
}

/*
 * Finished deliveries: a failure (no connection, or a status outside
 * 2xx) is retried WEB_PUSH_RETRIES times, WEB_PUSH_RETRY_MS apart, as
 * EventService advertises.
 */
static void
push_reap(struct web *w)
{
	CURLMsg		*m;
	struct push	*q;
	long		 code;
	int		 left, bad;

	while ((m = cu.multi_info_read(w->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		q = NULL;
		(void)cu.easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
		    (char **)&q);
		code = 0;
		(void)cu.easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE,
		    &code);
		bad = m->data.result != CURLE_OK || code < 200 || code > 299;
		cu.multi_remove_handle(w->multi, m->easy_handle);
		if (q == NULL) {
			cu.easy_cleanup(m->easy_handle);
			continue;
		}
		inflight_unlink(w, q);
		if (bad)
			log_warnx("event push to %s: %s", q->dest,
			    m->data.result != CURLE_OK ?
			    cu.easy_strerror(m->data.result) : "HTTP error");
		if (!bad || q->attempts >= WEB_PUSH_RETRIES || w->stopping) {
			push_free(q);
			continue;
		}
		cu.easy_cleanup(q->easy);
		q->easy = NULL;
		cu.slist_free_all(q->hdr);
		q->hdr = NULL;
		q->attempts++;
		q->not_before = now_ms() + WEB_PUSH_RETRY_MS;
		pthread_mutex_lock(&w->mu);
		q->next = w->pushq;
		w->pushq = q;
		pthread_mutex_unlock(&w->mu);
	}
}

static struct pdc *
sub_open(struct web *w)
{
	struct pdc	*p;
	cJSON		*req, *rep = NULL;

	if ((p = pdc_open(w->wc.pdsock, 1000)) == NULL)
		return NULL;
	/* -M: one subscription for every server */
	if ((req = pdmsg_request(0, "subscribe", w->nsrv > 0 || w->nbmc > 0 ?
	    NULL : w->wc.server)) == NULL ||
	    pdc_call(p, req, &rep, NULL, WEB_PD_MS) == -1 || !pdmsg_ok(rep)) {
		cJSON_Delete(req);
		cJSON_Delete(rep);
		pdc_close(p);
		return NULL;
	}
	cJSON_Delete(req);
	cJSON_Delete(rep);
	log_info("connected to powerd at %s", w->wc.pdsock);
	return p;
}

/* -M: the SEL is under Managers/<id>, not Managers/bmc */
static void
agg_sel_origin(cJSON *ev, const char *srv)
{
	cJSON	*o;
	char	 p[RF_PATH_MAX];

	o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ev, "Events"),
	    0);
	o = cJSON_GetObjectItemCaseSensitive(o, "OriginOfCondition");
	if (o == NULL)
		return;
	(void)snprintf(p, sizeof(p), "/redfish/v1/Managers/%s/LogServices/SEL",
	    srv);
	cJSON_ReplaceItemInObject(o, "@odata.id", cJSON_CreateString(p));
}

static void
sub_event(struct web *w, const cJSON *ev)
{
	const char	*k = pdmsg_str(ev, "event", "");
	const char	*srv = pdmsg_str(ev, "server", NULL);
	unsigned	 type = 0;
	cJSON		*rev;
	struct asrv	*a = w->top != w ? &w->tc : agg_find(w, srv);

	pthread_mutex_lock(&w->mu);
	w->st_gen++;
	if (a != NULL) {
		cJSON_free(a->st);
		a->st = NULL;
	} else {
		cJSON_Delete(w->st);
		w->st = NULL;
	}
	pthread_mutex_unlock(&w->mu);
	/* -M: the service's accounts are the first server's */
	if (strcmp(k, "accounts") == 0 && w->nsrv > 0 && srv != NULL &&
	    strcmp(srv, w->wc.server) != 0)
		return;
	if (strcmp(k, "accounts") == 0) {
		cJSON	*req, *rep = NULL;
		int	 n = 0;

		/* a password or role changed: verify Basic again */
		pthread_mutex_lock(&w->mu);
		rf_cred_flush(&w->cred);
		pthread_mutex_unlock(&w->mu);
		/* sessions follow their account (gone, disabled, new role) */
		if ((req = pdmsg_request(0, "accounts", w->wc.server)) !=
		    NULL) {
			cJSON_AddStringToObject(req, "action", "list");
			rep = web_pd(w, req);
			cJSON_Delete(req);
		}
		if (rep != NULL && pdmsg_ok(rep)) {
			pthread_mutex_lock(&w->mu);
			n = w->sess == NULL ? 0 : rf_sess_sync(w->sess,
			    cJSON_GetObjectItemCaseSensitive(rep, "accounts"));
			pthread_mutex_unlock(&w->mu);
		}
		if (n > 0)
			log_info("%d session(s) ended with their account", n);
		cJSON_Delete(rep);
		return;
	}
	if ((rev = rf_event_from_pd(ev, &type, 0, time(NULL))) == NULL)
		return;
	if (w->nsrv > 0 && a != NULL && strcmp(k, "sel") == 0)
		agg_sel_origin(rev, srv);
	web_event(w, rev, type);
}

/*
 * powerd's event stream came (up) or went: what was kept while it was
 * away may be stale, in every BMC of the process.
 */
static void
sub_up(struct web *t, int up)
{
	struct web	*w;
	int		 i, k;

	for (k = -1; k < t->nbmc; k++) {
		w = k < 0 ? t : t->bmc[k];
		pthread_mutex_lock(&w->mu);
		w->sub_up = up;
		w->st_gen++;
		if (up) {
			rf_cred_flush(&w->cred);
			cJSON_Delete(w->inv);
			w->inv = NULL;
			cJSON_free(w->tc.inv);
			w->tc.inv = NULL;
			for (i = 0; i < w->nsrv; i++) {
				cJSON_free(w->srv[i].inv);
				w->srv[i].inv = NULL;
			}
		}
		pthread_mutex_unlock(&w->mu);
	}
}

int
web_run(struct web *w, const sigset_t *sigs)
{
	struct curl_waitfd	 xf[5];
	struct pollfd		 pf[5];
	eventfd_t		 ev_n;
	struct signalfd_siginfo	 si;
	struct pdc		*sub = NULL;
	struct web		*b;
	cJSON			*ev;
	uint64_t		 retry = 0;
	int			 sfd, nx, running, i, n, tx, to;
	int			 nready = 0;
	uint64_t		 trimmed = 0;
	int			 rv = 0;

	if ((sfd = signalfd(-1, sigs, SFD_CLOEXEC | SFD_NONBLOCK)) == -1) {
		log_warn("signalfd");
		return -1;
	}
	for (;;) {
		if (sub == NULL && now_ms() >= retry) {
			if ((sub = sub_open(w)) == NULL)
				retry = now_ms() + 1000;
			else {
				sub_up(w, 1);
			}
		}
		nx = 0;
		xf[nx].fd = sfd;
		xf[nx].events = CURL_WAIT_POLLIN;
		xf[nx++].revents = 0;
		if (sub != NULL) {
			xf[nx].fd = pdc_fd(sub);
			xf[nx].events = CURL_WAIT_POLLIN;
			xf[nx++].revents = 0;
		}
		tx = nx;
		for (i = 0; i < 2; i++) {
			xf[nx].fd = w->lfd[i];	/* -1: poll(2) skips it */
			xf[nx].events = CURL_WAIT_POLLIN;
			xf[nx++].revents = 0;
		}
		xf[nx].fd = w->wake;
		xf[nx].events = CURL_WAIT_POLLIN;
		xf[nx++].revents = 0;
		push_start(w);
		pthread_mutex_lock(&w->mu);
		i = w->pushq != NULL;		/* retries waiting */
		pthread_mutex_unlock(&w->mu);
		/*
		 * 0.5 s while powerd or a delivery is retried, 10 s while a
		 * web server runs (its workers' heap is trimmed when quiet);
		 * a BMC nobody has asked anything sleeps until a client comes
		 */
		if (sub == NULL || i)
			to = 500;
		else if (w->multi != NULL || w->mg != NULL ||
		    w->lmg[0] != NULL || w->lmg[1] != NULL)
			to = 10000;
		else
			to = -1;
		if (w->multi != NULL) {
			if (cu.multi_poll(w->multi, xf, (unsigned)nx, to,
			    &nready) != CURLM_OK)
				nready = -1;
		} else {
			/* no push yet, no libcurl: plain poll(2) */
			for (n = 0; n < nx; n++) {
				pf[n].fd = xf[n].fd;
				pf[n].events = POLLIN;
				pf[n].revents = 0;
			}
			nready = poll(pf, (nfds_t)nx, to);
			for (n = 0; n < nx; n++)
				xf[n].revents = pf[n].revents & (POLLIN |
				    POLLHUP | POLLERR) ? CURL_WAIT_POLLIN : 0;
		}
		if (nready == 0 && now_ms() - trimmed >= 10000) {
			/* every 10 s: give the workers' freed heap back */
			(void)malloc_trim(0);
			trimmed = now_ms();
		}
		if (xf[nx - 1].revents)
			(void)eventfd_read(w->wake, &ev_n);
		for (i = 0; i < 2; i++)
			if (xf[tx + i].fd != -1 && xf[tx + i].revents)
				web_lazy_up(w, i);
		if (w->multi != NULL) {
			(void)cu.multi_perform(w->multi, &running);
			push_reap(w);
		}
		if (xf[0].revents) {
			while (read(sfd, &si, sizeof(si)) == sizeof(si))
				if (si.ssi_signo == SIGTERM ||
				    si.ssi_signo == SIGINT)
					goto out;
		}
		if (sub != NULL && xf[1].revents) {
			for (;;) {
				if (pdc_next_event(sub, &ev, 0) == -1) {
					if (errno != ETIMEDOUT) {
						log_warnx("powerd event stream "
						    "lost");
						sub_up(w, 0);
						pdc_close(sub);
						sub = NULL;
						retry = now_ms() + 500;
					}
					break;
				}
				if (w->nbmc > 0)
					b = bmc_find(w, pdmsg_str(ev,
					    "server", NULL));
				else
					b = w;
				if (b != NULL)
					sub_event(b, ev);
				cJSON_Delete(ev);
			}
		}
	}
out:
	pdc_close(sub);
	(void)close(sfd);
	return rv;
}

void
web_stop(struct web *w)
{
	struct push	*q, *next;
	struct web	*b;
	int		 i, k;

	if (w == NULL)
		return;
	for (k = -1; k < w->nbmc; k++) {
		b = k < 0 ? w : w->bmc[k];
		pthread_mutex_lock(&b->mu);
		b->stopping = 1;
		pthread_cond_broadcast(&b->cv);
		for (i = 0; i < WS_MAX; i++)
			if (b->ws[i].used && b->ws[i].fd != -1)
				(void)shutdown(b->ws[i].fd, SHUT_RDWR);
		pthread_mutex_unlock(&b->mu);
	}
	if (w->mg != NULL)
		mg_stop(w->mg);
	for (i = 0; i < 2; i++) {
		if (w->lmg[i] != NULL)
			mg_stop(w->lmg[i]);
		if (w->lfd[i] != -1)
			(void)close(w->lfd[i]);
	}
	rf_fw_drain(5000);	/* firmware jobs use the pool and the tasks */
	while (w->mginit-- > 0)
		mg_exit_library();
	if (w->multi != NULL) {
		uint64_t end = now_ms() + 2000;
		int running = 1;

		/* give pending deliveries 2 s, then drop them */
		while (running > 0 && now_ms() < end) {
			(void)cu.multi_perform(w->multi, &running);
			push_reap(w);
			if (running > 0)
				(void)cu.multi_poll(w->multi, NULL, 0, 100,
				    NULL);
		}
		push_reap(w);
		for (q = w->inflight; q != NULL; q = next) {
			next = q->next;
			cu.multi_remove_handle(w->multi, q->easy);
			push_free(q);
		}
		cu.multi_cleanup(w->multi);
	}
	if (w->wake != -1)
		(void)close(w->wake);
	for (q = w->pushq; q != NULL; q = next) {
		next = q->next;
		push_free(q);
	}
	for (i = 0; i < w->npool; i++)
		pdc_close(w->pool[i]);
	tls_free_pem(w->pem, w->pemlen);
	agg_free(w);
	bmc_free(w);
	free(w);
}
