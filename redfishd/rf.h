/* rf.h: redfishd's internal API: the pure router and its injected operations. */
/* SPDX-License-Identifier: ISC */
#ifndef RF_H
#define RF_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cjson/cJSON.h>

/* Limits, next to the protocol they bound (DSP0266). */
#define RF_BODY_MAX	(64 * 1024)	/* request body; more is 413 */
/* a firmware image pushed to the MultipartHttpPushUri, RF_PUSH_CONC at once */
#define RF_PUSH_MAX	(64L * 1024 * 1024)
#define RF_PUSH_CONC	2
#define RF_PATH_MAX	512		/* decoded request path */
#define RF_SEG_MAX	12		/* path segments we route on */
#define RF_ID_MAX	40		/* resource ids we make */
#define RF_USER_MAX	17		/* IPMI 2.0: 16-byte names */
#define RF_PASS_MAX	21		/* IPMI 2.0: 20-byte passwords */
#define RF_TOKEN_LEN	64		/* hex chars of an X-Auth-Token */
#define RF_SESS_MAX	64		/* open sessions */
#define RF_SESS_USER_MAX 16		/* of which one user may hold */
#define RF_SESS_ADMIN_KEEP 8		/* and only Administrators take */
#define RF_SUB_MAX	16		/* event subscriptions */
#define RF_URL_MAX	512		/* image and destination URLs */
#define RF_CACHE_MAX	32		/* verified Basic credentials kept */
#define RF_CACHE_TTL_MS	(60 * 1000)	/* and for how long */
#define RF_REGISTRY	"Base.1.16.0"

/* Redfish privileges (DSP0266 "Privilege model"), as bits. */
#define RF_PRIV_LOGIN		0x01
#define RF_PRIV_CONF_MGR	0x02
#define RF_PRIV_CONF_USERS	0x04
#define RF_PRIV_CONF_SELF	0x08
#define RF_PRIV_CONF_COMP	0x10
#define RF_PRIV_NOAUTH		0x80	/* route needs no authentication */

enum rf_role {
	RF_ROLE_NONE = 0,
	RF_ROLE_ADMIN,
	RF_ROLE_OPERATOR,
	RF_ROLE_READONLY
};

enum rf_method {
	RF_M_GET = 0,
	RF_M_HEAD,
	RF_M_POST,
	RF_M_PATCH,
	RF_M_PUT,
	RF_M_DELETE,
	RF_M_OTHER
};
#define RF_MBIT(m)	(1U << (m))

/* One request, as the glue parsed it.  Strings are borrowed. */
struct rf_req {
	enum rf_method	 method;
	const char	*path;		/* decoded, no query */
	const char	*body;
	size_t		 bodylen;
	const char	*if_match;	/* NULL when absent */
	int		 json_ctype;	/* Content-Type is application/json */
	/* who: filled by the glue after authentication */
	int		 authed;
	char		 user[RF_USER_MAX];
	enum rf_role	 role;
	char		 session[RF_ID_MAX];	/* the session used, or "" */
	uint64_t	 now_ms;	/* monotonic */
	time_t		 wall;		/* wall clock, for DateTime */
	/* -M: an update's Targets named this server's System (web.c) */
	int		 targeted;
};

/* The answer.  rf_resp_free releases body and text. */
struct rf_resp {
	int		 status;
	cJSON		*body;		/* JSON, or NULL */
	char		*text;		/* non-JSON body ($metadata), or NULL */
	const char	*ctype;		/* for text */
	char		 location[RF_PATH_MAX];
	char		 etag[24];
	char		 allow[48];
	char		 token[RF_TOKEN_LEN + 1];
	int		 www_auth;	/* add WWW-Authenticate */
};
void	rf_resp_free(struct rf_resp *);

/* A session, as the table keeps it. */
struct rf_sess {
	char		 id[RF_ID_MAX];
	char		 token[RF_TOKEN_LEN + 1];
	char		 user[RF_USER_MAX];
	enum rf_role	 role;
	uint64_t	 last_ms;
	time_t		 created;
	int		 used;
};

struct rf_sesstab {
	struct rf_sess	 s[RF_SESS_MAX];
	unsigned	 next_id;
	uint64_t	 timeout_ms;
};

/* An event subscription. */
struct rf_sub {
	char		 id[RF_ID_MAX];
	char		 dest[RF_URL_MAX];
	char		 context[256];
	char		 protocol[16];
	unsigned	 types;		/* RF_EV_* bits, 0 = all */
	int		 used;
};
#define RF_EV_ALERT	0x01
#define RF_EV_STATUS	0x02
#define RF_EV_RESOURCE	0x04
#define RF_EV_TEST	0x08

struct rf_subtab {
	struct rf_sub	 s[RF_SUB_MAX];
	unsigned	 next_id;
};

/*
 * What the router may call.  Everything here is done by the glue (web.c):
 * it holds the locks and does the I/O, so route.c stays pure and its unit
 * tests inject fakes.
 */
struct rf_ops {
	/* powerd call; the reply (caller frees) or NULL: powerd unreachable */
	cJSON	*(*pd)(void *arg, cJSON *req);
	/* session table, under the glue's lock */
	int	 (*sess_new)(void *arg, const char *user, enum rf_role,
		    struct rf_sess *out);
	int	 (*sess_get)(void *arg, const char *id, struct rf_sess *out);
	int	 (*sess_del)(void *arg, const char *id);
	/* ids of live sessions into ids[max]; count */
	int	 (*sess_ids)(void *arg, char (*ids)[RF_ID_MAX], int max);
	uint64_t (*sess_timeout)(void *arg, uint64_t set_ms);	/* 0: get */
	/* subscriptions */
	int	 (*sub_new)(void *arg, struct rf_sub *in_out);
	int	 (*sub_get)(void *arg, const char *id, struct rf_sub *out);
	int	 (*sub_del)(void *arg, const char *id);
	int	 (*sub_ids)(void *arg, char (*ids)[RF_ID_MAX], int max);
	/* HEAD/GET the image URL with a bounded time: 0, or -1 + why */
	int	 (*url_check)(void *arg, const char *url, char *why,
		    size_t whylen);
	/* hand an event (Event resource JSON; consumed) to push and SSE */
	void	 (*event)(void *arg, cJSON *ev, unsigned type);
	void	*arg;
};

/*
 * The BMC's network side as Managers/bmc/NetworkProtocol and
 * EthernetInterfaces show it: the address the HTTP(S) listeners are on,
 * the other front ends' ports (-E), and the HostName, which PATCH may
 * change for as long as redfishd runs (under mu: mgr.c).
 */
#define RF_HOST_MAX	64		/* HostName, one DNS label + NUL */
struct rf_mgr {
	char		 addr[64];	/* IPv4 literal; "0.0.0.0": any */
	int		 ipmi_port;	/* 0: that front end is not running */
	int		 vnc_port;
	int		 novnc_port;
	int		 telnet_port;
	pthread_mutex_t	 mu;
	char		 hostname[RF_HOST_MAX];
};

struct rf_conf {
	const char	*server;	/* powerd server id = System/Chassis id */
	int		 https;		/* an https listener exists */
	int		 http_port;
	int		 https_port;
	int		 console;	/* /console0 is served */
	int		 allow_any_dest;	/* -A: events/media beyond loopback */
	struct rf_mgr	*mgr;		/* NULL: no ports known, defaults */
	/*
	 * Aggregated (-M, the sushy-tools shape): the Manager's id is the
	 * server's (NULL: "bmc"), and the collections list every server
	 * (ids[nids]; NULL: server only).  console_uri: where this
	 * server's WebSocket console is (NULL: "/console0").
	 */
	const char	*mgr_id;
	const char	*const *ids;
	int		 nids;
	const char	*console_uri;
};

/* route.c: method, path, body -> status, JSON. */
void	 rf_route(const struct rf_conf *, const struct rf_ops *,
	    const struct rf_req *, struct rf_resp *);
/* privileges a request needs, RF_PRIV_NOAUTH for public routes */
unsigned rf_route_privs(const struct rf_req *);
/* the standard error body with one Base message */
cJSON	*rf_error(const char *msgid, const char *msg, const char *arg1,
	    const char *arg2);
void	 rf_fail(struct rf_resp *, int status, const char *msgid,
	    const char *arg1, const char *arg2);
/* ETag of a resource body: W/"<16 hex>" (FNV-1a of its compact JSON) */
void	 rf_etag(const cJSON *, char *out, size_t outlen);
/* the server id a System, Chassis or Manager URI names, or NULL */
const char *rf_server_of(const char *uri, size_t *len);
/* 1 when url is http(s) to a loopback host (or any host if any) */
int	 rf_dest_allowed(const char *url, int any);

/* auth.c: roles, privileges, sessions, credential cache. */
unsigned	 rf_role_privs(enum rf_role);
enum rf_role	 rf_role_from_pd(const char *);
const char	*rf_role_name(enum rf_role);
enum rf_role	 rf_role_from_name(const char *);
const char	*rf_role_pd(enum rf_role);
/* Basic "Authorization" value -> user, pass; 0 or -1 */
int	 rf_basic_parse(const char *hdr, char *user, size_t ulen, char *pass,
	    size_t plen);

void	 rf_sess_init(struct rf_sesstab *, uint64_t timeout_ms);
/*
 * random: fills n bytes (util_random in production).  -1 when the table
 * is full, the user holds RF_SESS_USER_MAX sessions already, or a role
 * other than Administrator would take one of the last RF_SESS_ADMIN_KEEP.
 */
int	 rf_sess_add(struct rf_sesstab *, const char *user, enum rf_role,
	    uint64_t now, time_t wall, int (*rnd)(void *, size_t),
	    struct rf_sess *out);
/* by token: refreshes last_ms; 0 and *out, or -1 (absent or expired) */
int	 rf_sess_auth(struct rf_sesstab *, const char *token, uint64_t now,
	    struct rf_sess *out);
int	 rf_sess_find(struct rf_sesstab *, const char *id, uint64_t now,
	    struct rf_sess *out);
int	 rf_sess_del(struct rf_sesstab *, const char *id);
int	 rf_sess_sync(struct rf_sesstab *, const cJSON *accounts);
int	 rf_sess_list(struct rf_sesstab *, uint64_t now,
	    char (*ids)[RF_ID_MAX], int max);

/* Verified Basic credentials: digest of "user\0pass" -> role, with TTL. */
struct rf_cred {
	uint8_t		 dig[32];
	char		 user[RF_USER_MAX];
	enum rf_role	 role;
	uint64_t	 expires;
	int		 used;
};
struct rf_credcache {
	struct rf_cred	 c[RF_CACHE_MAX];
	unsigned	 clock;		/* replacement cursor */
};
void	 rf_cred_digest(const char *user, const char *pass, uint8_t dig[32]);
int	 rf_cred_lookup(struct rf_credcache *, const uint8_t dig[32],
	    uint64_t now, char *user, size_t ulen, enum rf_role *);
void	 rf_cred_store(struct rf_credcache *, const uint8_t dig[32],
	    const char *user, enum rf_role, uint64_t now);
void	 rf_cred_flush(struct rf_credcache *);

/* mgr.c: the BMC's address, the front ends' ports, the HostName. */
void	 rf_mgr_init(struct rf_mgr *, const char *server);
/* "name=port,..." (ipmi, vnc, novnc, telnet) into m; 0 or -1 + err */
int	 rf_mgr_endpoints(struct rf_mgr *, const char *spec, char *err,
	    size_t errlen);
/* the host part of a listener "addr:port" (or "port"); 0 or -1 */
int	 rf_mgr_addr(struct rf_mgr *, const char *listen);
/* 1 when s is a valid HostName (RFC 1123 label) */
int	 rf_mgr_hostname_ok(const char *s);
void	 rf_mgr_hostname(struct rf_mgr *, char *out, size_t outlen);
void	 rf_mgr_set_hostname(struct rf_mgr *, const char *);

/* sub.c: the subscription table (pure). */
void	 rf_sub_init(struct rf_subtab *);
int	 rf_sub_add(struct rf_subtab *, struct rf_sub *in_out);
int	 rf_sub_find(const struct rf_subtab *, const char *id,
	    struct rf_sub *out);
int	 rf_sub_del(struct rf_subtab *, const char *id);
int	 rf_sub_list(const struct rf_subtab *, char (*ids)[RF_ID_MAX],
	    int max);
/* build the Event resource for a powerd event line; NULL if not ours */
cJSON	*rf_event_from_pd(const cJSON *pdev, unsigned *type, unsigned seq,
	    time_t wall);
cJSON	*rf_event_new(const char *msgid, const char *msg, const char *origin,
	    const char *severity, unsigned seq, time_t wall);

#endif
