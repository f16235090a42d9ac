/* main.c: vncd, the KVM: VNC and noVNC for a server's screen or console. */
/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "conf.h"
#include "log.h"
#include "notify.h"
#include "privdrop.h"
#include "sock.h"
#include "util.h"
#include "vncd.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: vncd [-nsv] [-f file] [-i server] "
	    "[-l addr:port] [-M servers-file] [-m console|proxy] [-N fd] "
	    "[-P password-file] "
	    "[-S socket] [-U sold-socket] [-W ms] [-w addr:port] [-u user] "
	    "[-X upstream-addr:port]\n");
	exit(EXIT_USAGE);
}

static void
sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	UNUSED(revents);
	log_info("signal %d: stopping", w->signum);
	ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char *argv[])
{
	/*
	 * Static, not on the stack and not memset: the pages of the buffers
	 * an idle server never touches (fb shadow, inq, evq) stay unmapped.
	 */
	static struct vncd	 v;
	struct vncd_cfg		 c;
	ev_signal		 sterm, sint;
	sigset_t		 sigs, oset;
	const char		*file = NULL, *aggfile = NULL;
	char			 err[512], ready[2 * SOCK_ADDRSTR_MAX + 2];
	int			 ch, checkonly = 0, syslog = 0, verbose = 0;
	int			 readyfd = -1, i, rc = EXIT_RUNTIME;
	long long		 n;
	uid_t			 uid = 0;
	gid_t			 gid = 0;

	/*
	 * glibc gives threads up to 8 malloc arenas per core, 64 MB of
	 * address space each: with civetweb's 64 workers and a thread per
	 * viewer that was a gigabyte reserved for nothing.
	 */
	mallopt(M_ARENA_MAX, 4);
	memset(&c, 0, sizeof(c));
	v.rfbfd = -1;
	v.soldfd = -1;
	v.proxywake = -1;
	c.history = -1;
	c.wswait = -1;
	while ((ch = getopt(argc, argv, "f:i:l:M:m:N:nP:S:sU:u:vW:w:X:")) !=
	    -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'i':
			c.server = optarg;
			break;
		case 'l':
			c.listen = optarg;
			break;
		case 'M':
			aggfile = optarg;
			break;
		case 'm':
			c.mode = optarg;
			break;
		case 'N':
			if ((readyfd = notify_open_fd(optarg)) == -1)
				usage();
			break;
		case 'n':
			checkonly = 1;
			break;
		case 'P':
			c.pwfile = optarg;
			break;
		case 'S':
			c.pdsock = optarg;
			break;
		case 's':
			syslog = 1;
			break;
		case 'U':
			c.soldsock = optarg;
			break;
		case 'u':
			c.user = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'W':
			if (conf_num("-W", optarg, 0, VNCD_WS_WAIT_MAX, &n, err,
			    sizeof(err)) == -1) {
				fprintf(stderr, "vncd: %s\n", err);
				usage();
			}
			c.wswait = (int)n;
			break;
		case 'w':
			c.web = optarg;
			break;
		case 'X':
			c.upstream = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init("vncd", syslog, verbose);
	util_std_fds();
	/* -M: each server's listeners and console come from the file */
	if (aggfile != NULL && (c.server != NULL || c.listen != NULL ||
	    c.web != NULL || c.soldsock != NULL || c.upstream != NULL)) {
		log_warnx("-M excludes -i, -l, -w, -U and -X: the servers file "
		    "gives them per server");
		rc = EXIT_USAGE;
		goto out;
	}
	if (file != NULL && conf_load(file, cfg_line, &c, err,
	    sizeof(err)) == -1) {
		log_warnx("%s", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (aggfile != NULL && (c.server != NULL || c.listen != NULL ||
	    c.web != NULL || c.soldsock != NULL || c.upstream != NULL)) {
		log_warnx("%s: server, listen, web, sold and upstream do not "
		    "go with -M: the servers file gives them per server", file);
		rc = EXIT_USAGE;
		goto out;
	}
	v.listen = c.listen != NULL ? c.listen : VNCD_RFB_DEFAULT;
	v.web = c.web;
	v.server = c.server != NULL ? c.server : "srv1";
	v.pwfile = c.pwfile;
	v.pdsock = c.pdsock;
	v.soldsock = c.soldsock;
	v.upstream = c.upstream;
	v.novnc = c.novnc != NULL ? c.novnc : VNCD_NOVNC_DIR;
	v.rfbpublic = c.rfbpublic;
	v.webpublic = c.webpublic;
	v.wswait = c.wswait >= 0 ? c.wswait : VNCD_WS_WAIT_DEFAULT;
	v.history = c.history >= 0 ? c.history : VNCD_HISTORY;
	v.webthreads = c.webthreads > 0 ? c.webthreads : VNCD_WEB_THREADS;
	if (c.mode == NULL || strcmp(c.mode, "console") == 0)
		v.mode = VNCD_CONSOLE;
	else if (strcmp(c.mode, "proxy") == 0)
		v.mode = VNCD_PROXY;
	else {
		log_warnx("mode must be console or proxy: %s", c.mode);
		rc = EXIT_USAGE;
		goto out;
	}
	/* -M: a server's screen= is its upstream */
	if (aggfile == NULL && v.mode == VNCD_PROXY && v.upstream == NULL) {
		log_warnx("proxy mode needs an upstream (-X addr:port)");
		rc = EXIT_USAGE;
		goto out;
	}
	if (v.soldsock != NULL)
		i = snprintf(v.soldpath, sizeof(v.soldpath), "%s", v.soldsock);
	else
		i = snprintf(v.soldpath, sizeof(v.soldpath), VNCD_SOLD_DEFAULT,
		    v.server);
	if (i < 0 || (size_t)i >= sizeof(v.soldpath)) {
		log_warnx("sold socket path too long");
		rc = EXIT_USAGE;
		goto out;
	}
	if (v.pwfile != NULL && util_read_secret(v.pwfile, v.password,
	    sizeof(v.password)) == -1) {
		log_warn("%s", v.pwfile);
		rc = EXIT_USAGE;
		goto out;
	}
	/* anonymous viewers only on loopback (vncd(8)) */
	if (v.password[0] == '\0' &&
	    sock_addr_is_loopback(v.listen, "127.0.0.1") != 1) {
		log_warnx("listen %s: not a loopback address: a VNC password "
		    "is required (-P, password-file)", v.listen);
		rc = EXIT_USAGE;
		goto out;
	}
	/* the page server relays viewers too (/websockify): the same rule */
	if (v.password[0] == '\0' && v.web != NULL &&
	    sock_addr_is_loopback(v.web, "127.0.0.1") != 1) {
		log_warnx("web %s: not a loopback address: a VNC password "
		    "is required (-P, password-file)", v.web);
		rc = EXIT_USAGE;
		goto out;
	}
	if (c.user != NULL && privdrop_lookup(c.user, &uid, &gid) == -1) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (aggfile != NULL) {
		rc = agg_main(&v, aggfile, checkonly, c.user, uid, gid,
		    readyfd);
		readyfd = -1;
		goto out;
	}
	if (checkonly) {
		fprintf(stderr, "configuration OK\n");
		rc = 0;
		goto out;
	}
	strlcpy(v.desktop, v.server, sizeof(v.desktop));

	signal(SIGPIPE, SIG_IGN);
	/* libvncserver's and civetweb's threads never take our signals */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, &oset);

	v.loop = ev_default_loop(0);
	v.w = FB_TEXT_W;
	v.h = FB_TEXT_H;
	/*
	 * Console mode: libvncserver, the screen and its pixels come with the
	 * first viewer and go 10 s after the last (as -M's, rfb_screen_up).
	 */
	v.lazy = v.mode == VNCD_CONSOLE;
	if (!v.lazy && (v.px = calloc((size_t)v.w * (size_t)v.h,
	    sizeof(*v.px))) == NULL)
		fatal("framebuffer");
	if (!v.lazy)
		fb_init(&v.fb, v.px, v.w, v.h);
	pthread_mutex_init(&v.inqlock, NULL);
	pthread_mutex_init(&v.evqlock, NULL);
	if (rfb_init(&v) == -1 || (v.web != NULL && lazyweb_init(&v) == -1))
		goto out;
	if (c.user != NULL)
		privdrop(c.user, uid, gid);
	if ((v.mode == VNCD_CONSOLE ? console_init(&v) : proxy_init(&v)) == -1 ||
	    power_init(&v) == -1 || rfb_start(&v) == -1)
		goto out;
	snprintf(ready, sizeof(ready), "%s%s%s", v.rfbaddr,
	    v.webaddr[0] != '\0' ? " " : "", v.webaddr);
	log_info("%s mode, server %s, rfb %s%s%s", v.mode == VNCD_CONSOLE ?
	    "console" : "proxy", v.server, v.rfbaddr,
	    v.webaddr[0] != '\0' ? ", web " : "", v.webaddr);
	ev_signal_init(&sterm, sig_cb, SIGTERM);
	ev_signal_start(v.loop, &sterm);
	ev_signal_init(&sint, sig_cb, SIGINT);
	ev_signal_start(v.loop, &sint);
	signal(SIGHUP, SIG_IGN);
	pthread_sigmask(SIG_SETMASK, &oset, NULL);
	if (notify_ready(readyfd, ready) == -1)
		log_warn("readiness fd");
	readyfd = -1;

	ev_run(v.loop, 0);

	notify_stopping();
	ev_signal_stop(v.loop, &sterm);
	ev_signal_stop(v.loop, &sint);
	rc = 0;
out:
	lazyweb_fini(&v);
	web_fini(&v);
	power_fini(&v);
	if (v.mode == VNCD_PROXY)
		proxy_fini(&v);
	rfb_fini(&v);
	if (v.mode == VNCD_CONSOLE && v.loop != NULL)
		console_fini(&v);
	for (i = 0; i < v.noldfb; i++)
		free(v.oldfb[i]);
	free(v.px);
	util_zeroize(v.password, sizeof(v.password));
	cfg_free(&c);
	if (v.loop != NULL)
		ev_loop_destroy(v.loop);
	if (readyfd != -1)
		close(readyfd);
	return rc;
}
