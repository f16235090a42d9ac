/* web.c: civetweb serving Debian's noVNC, so a browser opens the console. */
/* SPDX-License-Identifier: ISC */
#include <netinet/in.h>
#include <sys/socket.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <civetweb.h>

#include "log.h"
#include "mgbind.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"

/*
 * Not libvncserver's httpd: it serves one connection at a time and noVNC
 * 1.3 fetches its ES modules in parallel (ref/console-vnc.md §2.4).
 * noVNC's WebSocket comes back to this server at /websockify (noVNC's
 * default path), relayed to libvncserver over a socketpair (web_ws_*), so
 * "/" sends the browser to vnc.html with this server's own host and port.
 * The RFB port still takes WebSockets, but only those whose request
 * arrives within -W ms of connecting (rfb.c): a local client's.
 */
/*
 * civetweb gives each connection a worker thread until it closes, and
 * waits request_timeout_ms (default 30 s) for a request: 4 workers and a
 * handful of idle sockets kept the page from loading for half a minute.
 * Many workers (web-threads, default VNCD_WEB_THREADS, as redfishd's:
 * 500 slowloris plus 500 idle sockets leave workers free) with small
 * stacks, started with the page server at its first request, and a
 * short deadline for a request (noVNC's arrive at once) and between
 * keep-alive requests.
 */
#define WEB_STACK	(256 * 1024)	/* per worker; civetweb uses < 64 KiB */
#define WEB_REQ_TIMEOUT	"2000"		/* ms: a request, once connected */
#define WEB_KA_TIMEOUT	"2000"		/* ms: idle between requests */
#define WEB_WS_PATH	"/websockify"
/*
 * A WebSocket holds a civetweb worker for its life: at most WEB_WS_MAX of
 * the workers per server (-M: each), so the page still loads.  civetweb
 * pings a WebSocket silent for WEB_WS_TIMEOUT and drops it after a few
 * unanswered pings.
 */
#define WEB_WS_MAX	32
#define WEB_WS_TIMEOUT	"10000"		/* ms */
#define WEB_WS_BUF	16384		/* bytes relayed per frame to the browser */
#define WEB_WS_STACK	(64 * 1024)	/* relay reader thread */
#define WEB_HOST_MAX	256

/* One /websockify connection: the browser's WebSocket and our socket end. */
struct web_ws {
	struct vncd		*v;
	struct mg_connection	*conn;
	int			 fd;		/* ours; the other is libvncserver's */
	pthread_t		 thr;
	int			 thrup;
};

static pthread_mutex_t	web_ws_lock = PTHREAD_MUTEX_INITIALIZER;

/* -M: one civetweb for every server's page port; this finds the server */
struct vncd		*(*web_find)(int port, const char *host);
static struct mg_context *web_all_ctx;

static struct vncd *
web_server(const struct mg_connection *conn, void *arg)
{
	const struct mg_request_info	*ri;

	if (arg != NULL)
		return arg;
	if (web_find == NULL || (ri = mg_get_request_info(conn)) == NULL)
		return NULL;
	return web_find(ri->server_port, mg_get_header(conn, "Host"));
}

/*
 * The browser's Host header, split: what it reached, port mappings
 * included.  Only host-name, IPv4 and [IPv6] characters; 0 if unusable.
 */
static int
web_host(const char *h, char *host, size_t hostlen, char *port,
    size_t portlen)
{
	const char	*p, *c;

	if (h == NULL || *h == '\0' || strlen(h) >= hostlen ||
	    strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-:[]") != strlen(h))
		return 0;
	if (h[0] == '[') {
		if ((c = strchr(h, ']')) == NULL || (c[1] != '\0' && c[1] != ':'))
			return 0;
		p = c[1] == ':' ? c + 2 : NULL;
		c++;
	} else if ((c = strchr(h, ':')) != NULL) {
		if (strchr(c + 1, ':') != NULL)
			return 0;
		p = c + 1;
	} else {
		c = h + strlen(h);
		p = NULL;
	}
	if (c == h || (p != NULL && (*p == '\0' || strlen(p) > 5 ||
	    strspn(p, "0123456789") != strlen(p))))
		return 0;
	snprintf(host, hostlen, "%.*s", (int)(c - h), h);
	snprintf(port, portlen, "%s", p != NULL ? p : "");
	return 1;
}

static int
web_index(struct mg_connection *conn, void *arg)
{
	struct vncd	*v = web_server(conn, arg);
	const char	*bound;
	char		 host[WEB_HOST_MAX], port[8], loc[WEB_HOST_MAX + 128];

	if (v == NULL) {
		/* -M, several servers on this port: Host named none of them */
		mg_printf(conn, "HTTP/1.1 404 Not Found\r\n"
		    "Content-Type: text/plain\r\nContent-Length: 15\r\n\r\n"
		    "no such server\n");
		return 404;
	}
	/* noVNC keeps host and port from the last visit: name both */
	if (!web_host(mg_get_header(conn, "Host"), host, sizeof(host),
	    port, sizeof(port)))
		host[0] = port[0] = '\0';
	if (v->webpublic != NULL)
		strlcpy(port, v->webpublic, sizeof(port));
	else if (port[0] == '\0' && host[0] == '\0' &&
	    (bound = strrchr(v->webaddr, ':')) != NULL)
		strlcpy(port, bound + 1, sizeof(port));
	snprintf(loc, sizeof(loc), "/vnc.html?autoconnect=true&resize=scale"
	    "%s%s%s%s&path=%s", host[0] != '\0' ? "&host=" : "", host,
	    port[0] != '\0' ? "&port=" : "", port, WEB_WS_PATH + 1);
	mg_printf(conn, "HTTP/1.1 302 Found\r\n"
	    "Location: %s\r\n"
	    "Content-Length: 0\r\nCache-Control: no-store\r\n\r\n", loc);
	return 302;
}

static int
web_ws_connect(const struct mg_connection *conn, void *arg)
{
	struct vncd	*v = web_server(conn, arg);
	int		 ok;

	if (v == NULL)
		return 1;
	pthread_mutex_lock(&web_ws_lock);
	if ((ok = v->web_ws_n < WEB_WS_MAX))
		v->web_ws_n++;
	pthread_mutex_unlock(&web_ws_lock);
	if (!ok)
		log_warnx("web: %d WebSocket viewers already: refused",
		    WEB_WS_MAX);
	return ok ? 0 : 1;
}

/* libvncserver -> browser, until libvncserver closes its end. */
static void *
web_ws_reader(void *arg)
{
	struct web_ws	*w = arg;
	char		 buf[WEB_WS_BUF];
	ssize_t		 n;

	for (;;) {
		if ((n = read(w->fd, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 0 || mg_websocket_write(w->conn,
		    MG_WEBSOCKET_OPCODE_BINARY, buf, (size_t)n) <= 0)
			break;
	}
	/* 1000, normal closure: the browser answers and civetweb closes */
	(void)mg_websocket_write(w->conn,
	    MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, "\x03\xe8", 2);
	return NULL;
}

static void
web_ws_ready(struct mg_connection *conn, void *arg)
{
	struct vncd			*v = web_server(conn, arg);
	const struct mg_request_info	*ri = mg_get_request_info(conn);
	struct web_ws			*w;
	pthread_attr_t			 attr;
	char				 host[SOCK_ADDRSTR_MAX];
	int				 sv[2];

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		log_warn("web: WebSocket");
		goto fail;
	}
	w->v = v;
	w->conn = conn;
	w->fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("web: socketpair");
		free(w);
		goto fail;
	}
	w->fd = sv[0];
	mg_set_user_connection_data(conn, w);
	snprintf(host, sizeof(host), "%s:%d", ri != NULL ? ri->remote_addr :
	    "?", ri != NULL ? ri->remote_port : 0);
	if (rfb_adopt(v, sv[1], host) == -1)	/* takes sv[1] */
		goto fail;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, WEB_WS_STACK);
	errno = pthread_create(&w->thr, &attr, web_ws_reader, w);
	pthread_attr_destroy(&attr);
	if (errno != 0) {
		log_warn("web: relay thread");
		goto fail;
	}
	w->thrup = 1;
	return;
fail:
	/* the browser answers; web_ws_close frees w */
	(void)mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE,
	    "\x03\xf3", 2);		/* 1011, internal error */
}

/* browser -> libvncserver: a full socket blocks the browser (backpressure). */
static int
web_ws_data(struct mg_connection *conn, int bits, char *data, size_t len,
    void *arg)
{
	struct web_ws	*w = mg_get_user_connection_data(conn);
	ssize_t		 n;

	UNUSED(arg);
	switch (bits & 0x0f) {
	case MG_WEBSOCKET_OPCODE_CONTINUATION:
	case MG_WEBSOCKET_OPCODE_TEXT:
	case MG_WEBSOCKET_OPCODE_BINARY:
		break;
	case MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE:
		return 0;
	default:
		return 1;		/* ping, pong: civetweb's business */
	}
	if (w == NULL || w->fd == -1)
		return 0;
	while (len > 0) {
		if ((n = send(w->fd, data, len, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return 0;	/* the viewer is gone */
		}
		data += n;
		len -= (size_t)n;
	}
	return 1;
}

static void
web_ws_close(const struct mg_connection *cconn, void *arg)
{
	struct mg_connection	*conn = (struct mg_connection *)(uintptr_t)cconn;
	struct web_ws		*w = mg_get_user_connection_data(conn);
	struct vncd		*v = web_server(conn, arg);

	if (w != NULL) {
		mg_set_user_connection_data(conn, NULL);
		if (w->fd != -1)
			shutdown(w->fd, SHUT_RDWR);	/* both sides see EOF */
		if (w->thrup)
			pthread_join(w->thr, NULL);
		if (w->fd != -1)
			close(w->fd);
		free(w);
	}
	if (v == NULL)
		return;			/* never admitted (web_ws_connect) */
	pthread_mutex_lock(&web_ws_lock);
	v->web_ws_n--;
	pthread_mutex_unlock(&web_ws_lock);
}

static int
web_log(const struct mg_connection *conn, const char *msg)
{
	UNUSED(conn);
	log_debug("web: %s", msg);
	return 1;
}

/*
 * The handlers go in before civetweb accepts anything: lazyweb.c hands
 * it sockets with connections already waiting, and one served before
 * mg_set_request_handler got civetweb's own answer to "/" (403).
 */
static void	*web_handler_arg;

static void
web_init_ctx(const struct mg_context *cctx)
{
	struct mg_context	*ctx = (struct mg_context *)(uintptr_t)cctx;

	mg_set_request_handler(ctx, "/$", web_index, web_handler_arg);
	mg_set_websocket_handler(ctx, WEB_WS_PATH "$", web_ws_connect,
	    web_ws_ready, web_ws_data, web_ws_close, web_handler_arg);
}

/* civetweb on ports (its listening_ports), handlers' arg (NULL: -M) */
static struct mg_context *
web_start(struct vncd *v, const char *addr, void *arg)
{
	struct mg_context	*ctx;
	struct mg_callbacks	 cb;
	pthread_attr_t		 dflt, small;
	int			 restore = 0;
	char			 nthr[16];
	const char		*opts[] = {
		"listening_ports", addr,
		"document_root", v->novnc,
		"num_threads", nthr,
		"request_timeout_ms", WEB_REQ_TIMEOUT,
		"keep_alive_timeout_ms", WEB_KA_TIMEOUT,
		"enable_directory_listing", "no",
		"enable_keep_alive", "yes",
		"websocket_timeout_ms", WEB_WS_TIMEOUT,
		"enable_websocket_ping_pong", "yes",
		/* a frame's header and payload are two writes: no Nagle wait */
		"tcp_nodelay", "1",
		NULL
	};

	(void)snprintf(nthr, sizeof(nthr), "%d", v->webthreads > 0 ?
	    v->webthreads : VNCD_WEB_THREADS);
	memset(&cb, 0, sizeof(cb));
	cb.log_message = web_log;
	cb.init_context = web_init_ctx;
	web_handler_arg = arg;
	mg_init_library(0);
	/* civetweb has no stack size option: its threads take the default */
	if (pthread_getattr_default_np(&dflt) == 0) {
		if (pthread_getattr_default_np(&small) == 0) {
			if (pthread_attr_setstacksize(&small, WEB_STACK) == 0 &&
			    pthread_setattr_default_np(&small) == 0)
				restore = 1;
			pthread_attr_destroy(&small);
		}
		if (!restore)
			pthread_attr_destroy(&dflt);
	}
	ctx = mg_start(&cb, v, opts);
	if (restore) {
		pthread_setattr_default_np(&dflt);
		pthread_attr_destroy(&dflt);
	}
	if (ctx == NULL) {
		mg_exit_library();
		return NULL;
	}
	return ctx;
}

int
web_init(struct vncd *v)
{
	struct mg_server_port	 ports[2];
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	char			 addr[SOCK_ADDRSTR_MAX];

	if (mgbind_addr_ok("web", v->web, "127.0.0.1") == -1 ||
	    sock_parse_addr(v->web, "127.0.0.1", &ss, &sslen) == -1 ||
	    sock_addr_str((struct sockaddr *)&ss, sslen, addr,
	    sizeof(addr)) == NULL)
		return -1;
	if ((v->web_ctx = web_start(v, addr, v)) == NULL) {
		log_warnx("web %s: cannot listen", addr);
		return -1;
	}
	if (mg_get_server_ports(v->web_ctx, 2, ports) < 1) {
		log_warnx("web %s: no port", addr);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port =
		    htons((uint16_t)ports[0].port);
	else
		((struct sockaddr_in *)&ss)->sin_port =
		    htons((uint16_t)ports[0].port);
	if (sock_addr_str((struct sockaddr *)&ss, sslen, v->webaddr,
	    sizeof(v->webaddr)) == NULL)
		return -1;
	return 0;
}

void
web_fini(struct vncd *v)
{
	if (v->web_ctx != NULL) {
		mg_stop(v->web_ctx);
		v->web_ctx = NULL;
		mg_exit_library();
	}
}

/*
 * -M: one civetweb, one worker pool, listening on every server's page
 * address (lazyweb.c hands it the sockets bound at start).  Handlers find
 * their server by the connection's local port, and by the Host header
 * where several servers share a port on different addresses (agg.c).
 */
int
web_init_all(struct vncd *tmpl, struct vncd **vs, int n)
{
	char	*list, *p;
	size_t	 len = 1;
	int	 i;

	for (i = 0; i < n; i++)
		if (vs[i]->webfd != -1)
			len += strlen(vs[i]->webaddr) + 1;
	if ((list = malloc(len)) == NULL)
		return -1;
	p = list;
	for (i = 0; i < n; i++)
		if (vs[i]->webfd != -1)
			p += sprintf(p, "%s%s", p == list ? "" : ",",
			    vs[i]->webaddr);
	*p = '\0';
	web_all_ctx = web_start(tmpl, list, NULL);
	free(list);
	if (web_all_ctx == NULL) {
		log_warnx("web: the page server cannot listen");
		return -1;
	}
	return 0;
}

void
web_fini_all(void)
{
	if (web_all_ctx != NULL) {
		mg_stop(web_all_ctx);
		web_all_ctx = NULL;
		mg_exit_library();
	}
}
