/* web.c: civetweb serving Debian's noVNC, so a browser opens the console. */
/* SPDX-License-Identifier: ISC */
#include <netinet/in.h>
#include <sys/socket.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <civetweb.h>

#include "log.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"

/*
 * Not libvncserver's httpd: it serves one connection at a time and noVNC
 * 1.3 fetches its ES modules in parallel (ref/console-vnc.md §2.4).
 * noVNC talks WebSockets straight to the RFB port (libvncserver detects
 * "GET " there), so "/" only has to send the browser to vnc.html with
 * that port; the host defaults to the page's own.
 */
/*
 * civetweb gives each connection a worker thread until it closes, and
 * waits request_timeout_ms (default 30 s) for a request: 4 workers and a
 * handful of idle sockets kept the page from loading for half a minute.
 * Many workers with small stacks, and a short deadline for a request
 * (noVNC's arrive at once) and between keep-alive requests.
 */
#define WEB_THREADS	"64"
#define WEB_STACK	(256 * 1024)	/* per worker; civetweb uses < 64 KiB */
#define WEB_REQ_TIMEOUT	"2000"		/* ms: a request, once connected */
#define WEB_KA_TIMEOUT	"2000"		/* ms: idle between requests */
#define WEB_FEATURE_IPV6	8	/* mg_check_feature(): built with IPv6 */

static int
web_index(struct mg_connection *conn, void *arg)
{
	struct vncd	*v = arg;
	const char	*port;

	if (v->rfbpublic != NULL)
		port = v->rfbpublic;	/* behind a port mapping */
	else if ((port = strrchr(v->rfbaddr, ':')) != NULL)
		port++;
	else
		port = "5900";
	mg_printf(conn, "HTTP/1.1 302 Found\r\n"
	    "Location: /vnc.html?autoconnect=true&resize=scale&port=%s\r\n"
	    "Content-Length: 0\r\nCache-Control: no-store\r\n\r\n", port);
	return 302;
}

static int
web_log(const struct mg_connection *conn, const char *msg)
{
	UNUSED(conn);
	log_debug("web: %s", msg);
	return 1;
}

int
web_init(struct vncd *v)
{
	struct mg_callbacks	 cb;
	struct mg_server_port	 ports[2];
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	char			 addr[SOCK_ADDRSTR_MAX];
	pthread_attr_t		 dflt, small;
	int			 restore = 0;
	const char		*opts[] = {
		"listening_ports", addr,
		"document_root", v->novnc,
		"num_threads", WEB_THREADS,
		"request_timeout_ms", WEB_REQ_TIMEOUT,
		"keep_alive_timeout_ms", WEB_KA_TIMEOUT,
		"enable_directory_listing", "no",
		"enable_keep_alive", "yes",
		NULL
	};

	if (sock_parse_addr(v->web, "127.0.0.1", &ss, &sslen) == -1) {
		log_warnx("bad web address %s", v->web);
		return -1;
	}
	if (sock_addr_str((struct sockaddr *)&ss, sslen, addr,
	    sizeof(addr)) == NULL)
		return -1;
	if (ss.ss_family == AF_INET6 && !mg_check_feature(WEB_FEATURE_IPV6)) {
		log_warnx("web %s: this civetweb has no IPv6 (Debian's is "
		    "built without); use an IPv4 address", addr);
		return -1;
	}
	memset(&cb, 0, sizeof(cb));
	cb.log_message = web_log;
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
	v->web_ctx = mg_start(&cb, v, opts);
	if (restore) {
		pthread_setattr_default_np(&dflt);
		pthread_attr_destroy(&dflt);
	}
	if (v->web_ctx == NULL) {
		log_warnx("web %s: cannot listen", addr);
		return -1;
	}
	mg_set_request_handler(v->web_ctx, "/$", web_index, v);
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
