/* main.c: redfishd setup: flags, config, listeners, privileges, readiness, loop. */
/* SPDX-License-Identifier: ISC */

#include <sys/resource.h>

#include <errno.h>
#include <pthread.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "conf.h"
#include "curlfn.h"
#include "log.h"
#include "notify.h"
#include "pdmsg.h"
#include "privdrop.h"
#include "rf.h"
#include "servers.h"
#include "tls.h"
#include "util.h"
#include "web.h"

#define SESSION_TIMEOUT_S	1800	/* DSP0266 suggests 30 min */

struct opts {
	struct web_conf	 wc;
	const char	*user;
	struct rf_mgr	 mgr;
	int		 have_ep;	/* -E given: the file's is ignored */
	char		 buf[9][256];	/* strings from the config file */
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: redfishd [-Ansv] [-C socket] [-c certfile] "
	    "[-E name=port,...] [-f file] [-i server] [-k keyfile] "
	    "[-l addr:port] [-L tls-addr:port] [-N fd] [-S socket] "
	    "[-u user]\n"
	    "       redfishd [-Ansv] -M servers-file [-c certfile] [-f file] "
	    "[-k keyfile] [-l addr:port] [-L tls-addr:port] [-N fd] "
	    "[-S socket] [-u user]\n"
	    "       redfishd -G certfile\n");
	exit(EXIT_USAGE);
}

/* Config keys mirror the flags; flags given on the command line win. */
static int
rf_conf_cb(void *ctx, int lineno, int argc, char **argv, char *err,
    size_t errlen)
{
	static const char *const keys[] = { "listen", "tls-listen",
	    "certificate", "key", "powerd-socket", "server", "console-socket",
	    "user", "event-destinations" };
	struct opts	*o = ctx;
	const char	**dst[] = { &o->wc.http, &o->wc.https, &o->wc.cert,
	    &o->wc.key, &o->wc.pdsock, &o->wc.server, &o->wc.console,
	    &o->user, NULL };
	long long	 v;
	size_t		 i;

	(void)lineno;
	if (strcmp(argv[0], "endpoints") == 0) {
		if (argc != 2) {
			(void)snprintf(err, errlen, "%s: one value", argv[0]);
			return -1;
		}
		if (o->have_ep)
			return 0;
		return rf_mgr_endpoints(&o->mgr, argv[1], err, errlen);
	}
	if (strcmp(argv[0], "session-timeout") == 0 ||
	    strcmp(argv[0], "threads") == 0) {
		int	 thr = argv[0][0] == 't';

		if (argc != 2 || conf_num(argv[0], argv[1], thr ? 8 : 1,
		    thr ? WEB_THREADS_MAX : 86400, &v, err, errlen) == -1) {
			if (argc != 2)
				(void)snprintf(err, errlen, "%s: one value",
				    argv[0]);
			return -1;
		}
		if (thr)
			o->wc.threads = (int)v;
		else
			o->wc.session_timeout_s = (long)v;
		return 0;
	}
	for (i = 0; i < nitems(keys); i++)
		if (strcmp(argv[0], keys[i]) == 0)
			break;
	if (i == nitems(keys)) {
		(void)snprintf(err, errlen, "unknown key \"%s\"", argv[0]);
		return -1;
	}
	if (argc != 2) {
		(void)snprintf(err, errlen, "%s: one value", argv[0]);
		return -1;
	}
	if (dst[i] == NULL) {			/* event-destinations */
		if (strcmp(argv[1], "any") == 0)
			o->wc.allow_any = 1;
		else if (strcmp(argv[1], "loopback") == 0)
			o->wc.allow_any = 0;
		else {
			(void)snprintf(err, errlen, "event-destinations: "
			    "loopback or any");
			return -1;
		}
		return 0;
	}
	if (*dst[i] == NULL) {
		(void)strlcpy(o->buf[i], argv[1], sizeof(o->buf[i]));
		*dst[i] = o->buf[i];
	}
	return 0;
}

/* A usage error of -M in one line, exit 100. */
static void __attribute__((noreturn, format(printf, 1, 2)))
musage(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "redfishd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(EXIT_USAGE);
}

/*
 * -M: the file's shape.  No line with http=/https=: one service on -l/-L
 * listing every server (the sushy-tools shape).  Every line with http=
 * or https=: each server its own BMC on those (the per-BMC shape), and
 * -l/-L are not given.  A mix is refused.  1 for the per-BMC shape.
 */
static int
servers_check(const char *path, const struct srvlist *l, int listen)
{
	int	 i, per = 0;

	for (i = 0; i < l->n; i++)
		if (l->s[i].v[SK_HTTP] != NULL || l->s[i].v[SK_HTTPS] != NULL)
			per++;
	if (l->n == 0)
		musage("%s: no server line", path);
	for (i = 0; per > 0 && per < l->n && i < l->n; i++)
		if (l->s[i].v[SK_HTTP] == NULL && l->s[i].v[SK_HTTPS] == NULL)
			musage("%s:%d: %s has no http= or https=, other lines "
			    "have: give them to every server or to none",
			    path, l->s[i].line, l->s[i].id);
	if (per > 0 && listen)
		musage("-l and -L are for a servers file without http= and "
		    "https=; %s has them", path);
	return per > 0;
}

int
main(int argc, char *argv[])
{
	struct opts	 o;
	struct web	*w;
	sigset_t	 sigs;
	const char	*file = NULL, *gen = NULL, *mfile = NULL;
	struct srvlist	 sl;
	struct rlimit	 rl;
	int		 cflag = 0, have_l = 0;
	char		 err[512], ready[300];
	int		 ch, check = 0, syslog = 0, verbose = 0, nfd = -1;
	uid_t		 uid = 0;
	gid_t		 gid = 0;

	memset(&o, 0, sizeof(o));
	memset(&sl, 0, sizeof(sl));
	while ((ch = getopt(argc, argv, "AC:c:E:f:G:i:k:l:L:M:nN:sS:u:v")) !=
	    -1) {
		switch (ch) {
		case 'A':
			o.wc.allow_any = 1;
			break;
		case 'C':
			o.wc.console = optarg;
			cflag = 1;
			break;
		case 'M':
			mfile = optarg;
			break;
		case 'c':
			o.wc.cert = optarg;
			break;
		case 'E':
			if (rf_mgr_endpoints(&o.mgr, optarg, err,
			    sizeof(err)) == -1) {
				fprintf(stderr, "redfishd: -E: %s\n", err);
				usage();
			}
			o.have_ep = 1;
			break;
		case 'f':
			file = optarg;
			break;
		case 'G':
			gen = optarg;
			break;
		case 'i':
			o.wc.server = optarg;
			break;
		case 'k':
			o.wc.key = optarg;
			break;
		case 'l':
			o.wc.http = optarg;
			break;
		case 'L':
			o.wc.https = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'N':
			if ((nfd = notify_open_fd(optarg)) == -1)
				usage();
			break;
		case 's':
			syslog = 1;
			break;
		case 'S':
			o.wc.pdsock = optarg;
			break;
		case 'u':
			o.user = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (mfile != NULL && (o.wc.server != NULL || cflag || o.have_ep ||
	    gen != NULL))
		musage("-M is exclusive with -%c", o.wc.server != NULL ? 'i' :
		    cflag ? 'C' : o.have_ep ? 'E' : 'G');
	log_init("redfishd", syslog, verbose);
	util_std_fds();
	if (gen != NULL) {
		/* one lab certificate for every redfishd's -c */
		if (argc != 3)
			usage();
		exit(tls_generate_file(gen, "bmcsim lab") == -1 ?
		    EXIT_RUNTIME : 0);
	}
	if (file != NULL && conf_load(file, rf_conf_cb, &o, err,
	    sizeof(err)) == -1) {
		log_warnx("%s", err);
		exit(EXIT_USAGE);
	}
	if (mfile != NULL) {
		if (servers_load(mfile, &sl, err, sizeof(err)) == -1)
			musage("%s", err);
		if (servers_check(mfile, &sl, o.wc.http != NULL ||
		    o.wc.https != NULL)) {
			/* the per-BMC shape: the file's listeners only */
			o.wc.http = o.wc.https = NULL;
			have_l = 1;
		}
		/* the per-server keys of the config file are the file's */
		o.wc.server = sl.s[0].id;
		o.wc.console = NULL;
		o.wc.servers = &sl;
		/*
		 * One listener and WEB_POOL powerd connections serve them
		 * all: no file descriptor per server.  The soft limit is
		 * raised to the hard one all the same (SPEC-agg).
		 */
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
		    rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			(void)setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	if (o.wc.server == NULL)
		o.wc.server = "srv1";
	if (o.wc.pdsock == NULL)
		o.wc.pdsock = PD_SOCK_DEFAULT;
	if (o.wc.http == NULL && o.wc.https == NULL && !have_l)
		o.wc.http = "8000";
	/* the BMC's address is the HTTP listener's (HTTPS without one) */
	if (o.wc.http != NULL || o.wc.https != NULL)
		(void)rf_mgr_addr(&o.mgr, o.wc.http != NULL ? o.wc.http :
		    o.wc.https);
	rf_mgr_init(&o.mgr, o.wc.server);
	o.wc.mgr = &o.mgr;
	if (o.wc.session_timeout_s == 0)
		o.wc.session_timeout_s = SESSION_TIMEOUT_S;
	if (o.wc.key != NULL && o.wc.cert == NULL) {
		log_warnx("-k needs -c");
		exit(EXIT_USAGE);
	}
	/* root binds first, then becomes the user for good */
	if (o.user != NULL && privdrop_lookup(o.user, &uid, &gid) == -1)
		exit(EXIT_USAGE);
	if (check) {
		fprintf(stderr, "configuration OK\n");
		exit(0);
	}

	/* one malloc arena per worker would cost RSS for nothing */
	(void)mallopt(M_ARENA_MAX, 4);
	/* civetweb's threads inherit this mask; main reads a signalfd */
	(void)signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &sigs, NULL) != 0)
		fatalx("pthread_sigmask");

	if ((w = web_start(&o.wc, ready, sizeof(ready))) == NULL)
		exit(EXIT_RUNTIME);
	if (o.user != NULL)
		privdrop(o.user, uid, gid);
	else if (geteuid() == 0)
		log_warnx("running as root; use -u");
	if (mfile != NULL)
		log_info("listening on %s", ready);
	else
		log_info("listening on %s for %s", ready, o.wc.server);
	if (notify_ready(nfd, ready) == -1)
		log_warn("readiness fd");

	(void)web_run(w, &sigs);

	notify_stopping();
	log_info("stopping");
	web_stop(w);
	servers_free(&sl);
	curlfn_unload();
	return 0;
}
