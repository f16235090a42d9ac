/* main.c: sold, the serial-console server: setup only. */
/* SPDX-License-Identifier: ISC */

#include <sys/resource.h>
#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "conf.h"
#include "log.h"
#include "net.h"
#include "notify.h"
#include "privdrop.h"
#include "servers.h"
#include "sock.h"
#include "soldconf.h"
#include "util.h"

#define LISTEN_BACKLOG	64
#define AGG_FD_RESERVE	64	/* -M: stdio, powerd, libev, a few clients */

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: sold [-nsv] [-f file] [-i server] "
	    "[-l addr:port] [-L logfile] [-M servers-file] [-N fd] "
	    "[-P password-file] "
	    "[-S socket] "
	    "[-U unix-socket] [-u user]\n");
	exit(EXIT_USAGE);
}

static void
setopt(char *dst, size_t len, const char *val, const char *what)
{
	if (strlcpy(dst, val, len) >= len) {
		log_warnx("%s: too long", what);
		exit(EXIT_USAGE);
	}
}

static void
sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	UNUSED(revents);
	if (w->signum == SIGHUP) {
		log_info("SIGHUP: reopening the console log");
		net_reopen_log(w->data);
		return;
	}
	ev_break(loop, EVBREAK_ALL);
}

static void
agg_hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	UNUSED(loop);
	UNUSED(revents);
	log_info("SIGHUP: reopening the console logs");
	netagg_reopen_logs(w->data);
}

static int
pathcmp(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/* -M: two servers must not share a unix socket or a log file. */
static void
agg_unique(const char *mfile, struct sold_conf *sc, int n, int log)
{
	const char	**v;
	int		  i, k = 0;

	if ((v = calloc(n, sizeof(*v))) == NULL)
		fatal("servers");
	for (i = 0; i < n; i++)
		if (!log || sc[i].logfile[0] != '\0')
			v[k++] = log ? sc[i].logfile : sc[i].sock;
	qsort(v, k, sizeof(*v), pathcmp);
	for (i = 1; i < k; i++)
		if (strcmp(v[i - 1], v[i]) == 0) {
			log_warnx("%s: %s%s is given to two servers", mfile,
			    log ? "log=" : "sol=", v[i]);
			exit(EXIT_USAGE);
		}
	free(v);
}

/*
 * -M: one sold_conf per server line: the settings of base (-f, -S, -P ...)
 * with the server's own id, console=, sol=, log= and powerd=.
 */
static struct sold_conf *
agg_confs(const char *mfile, const struct srvlist *sl,
    const struct sold_conf *base)
{
	struct sold_conf	*sc, *c;
	const struct srvent	*e;
	char			 err[256];
	int			 i;

	if ((sc = calloc(sl->n, sizeof(*sc))) == NULL)
		fatal("servers");
	for (i = 0; i < sl->n; i++) {
		e = &sl->s[i];
		c = &sc[i];
		*c = *base;
		if (e->v[SK_SOL] == NULL) {
			log_warnx("%s:%d: server %s has no sol= (sold's unix "
			    "socket)", mfile, e->line, e->id);
			exit(EXIT_USAGE);
		}
		if (strlcpy(c->server, e->id, sizeof(c->server)) >=
		    sizeof(c->server) ||
		    strlcpy(c->sock, e->v[SK_SOL], sizeof(c->sock)) >=
		    sizeof(c->sock) ||
		    strlcpy(c->listen, e->v[SK_CONSOLE] ? e->v[SK_CONSOLE] :
		    "none", sizeof(c->listen)) >= sizeof(c->listen) ||
		    strlcpy(c->logfile, e->v[SK_LOG] ? e->v[SK_LOG] : "",
		    sizeof(c->logfile)) >= sizeof(c->logfile) ||
		    (e->v[SK_POWERD] != NULL && strlcpy(c->powerd,
		    e->v[SK_POWERD], sizeof(c->powerd)) >= sizeof(c->powerd))) {
			log_warnx("%s:%d: server %s: a value is too long",
			    mfile, e->line, e->id);
			exit(EXIT_USAGE);
		}
		if (soldconf_check(c, err, sizeof(err)) == -1) {
			log_warnx("%s:%d: %s", mfile, e->line, err);
			exit(EXIT_USAGE);
		}
		if (strcmp(c->listen, "none") == 0)
			continue;
		if (sock_addr_is_loopback(c->listen, "127.0.0.1") == -1) {
			log_warnx("%s:%d: console=%s: not an address:port",
			    mfile, e->line, c->listen);
			exit(EXIT_USAGE);
		}
		/* anonymous console clients only on loopback (sold(8)) */
		if (c->password[0] == '\0' &&
		    sock_addr_is_loopback(c->listen, "127.0.0.1") != 1) {
			log_warnx("%s:%d: console=%s: not a loopback address: "
			    "a console password is required (-P, "
			    "password-file)", mfile, e->line, c->listen);
			exit(EXIT_USAGE);
		}
	}
	agg_unique(mfile, sc, sl->n, 0);
	agg_unique(mfile, sc, sl->n, 1);
	return sc;
}

/* -M: raise the soft fd limit to the hard one; refuse a file that needs more. */
static void
agg_fdcheck(const struct sold_conf *sc, int n)
{
	long long	need = AGG_FD_RESERVE;
	int		i;

	for (i = 0; i < n; i++)		/* unix listener, console fd, ... */
		need += 2 + (strcmp(sc[i].listen, "none") != 0) +
		    (sc[i].logfile[0] != '\0');
	if (servers_fd_budget(n, need) == -1)
		exit(EXIT_RUNTIME);
}

/* -M: every server's listeners, or none (-1, naming the one that failed). */
static int
agg_listen(struct sold_conf *sc, int n, int *tcp, int *unx)
{
	const char	*what;
	int		 i, k, e;

	for (i = 0; i < n; i++) {
		tcp[i] = unx[i] = -1;
		what = sc[i].listen;
		if (strcmp(sc[i].listen, "none") != 0 &&
		    (tcp[i] = sock_tcp_listen(sc[i].listen, "127.0.0.1",
		    LISTEN_BACKLOG)) == -1)
			goto fail;
		what = sc[i].sock;
		if ((unx[i] = sock_unix_listen(sc[i].sock, 0660,
		    LISTEN_BACKLOG)) == -1)
			goto fail;
	}
	return 0;
fail:
	e = errno;
	for (k = 0; k <= i; k++) {
		if (tcp[k] != -1)
			close(tcp[k]);
		if (unx[k] != -1)
			close(unx[k]);
		if (k < i)
			unlink(sc[k].sock);
	}
	errno = e;
	log_warn("%s: listen %s", sc[i].server, what);
	return -1;
}

static int
agg_main(const char *mfile, struct sold_conf *base, int nflag, int sflag,
    int verbose, int nfd, uid_t uid, gid_t gid)
{
	struct srvlist		 sl;
	struct sold_conf	*sc;
	struct ev_loop		*loop;
	struct netagg		*ag;
	struct net		*n;
	ev_signal		 sterm, sint, shup;
	ev_tstamp		 t0;
	char			 err[512], addr[SOCK_ADDRSTR_MAX];
	char			 line[2 * SOLD_NAME_MAX + SOCK_ADDRSTR_MAX +
				    SOLD_PATH_MAX + 32];
	int			*tcp, *unx, i, ns;

	memset(&sl, 0, sizeof(sl));
	if (servers_load(mfile, &sl, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		exit(EXIT_USAGE);
	}
	sc = agg_confs(mfile, &sl, base);
	ns = sl.n;
	if (nflag) {
		fprintf(stderr, "configuration OK\n");
		exit(0);
	}
	log_init("sold", sflag, verbose);
	signal(SIGPIPE, SIG_IGN);
	agg_fdcheck(sc, ns);

	loop = ev_default_loop(0);
	t0 = ev_time();
	if ((tcp = calloc(ns, sizeof(*tcp))) == NULL ||
	    (unx = calloc(ns, sizeof(*unx))) == NULL)
		fatal("servers");
	if (agg_listen(sc, ns, tcp, unx) == -1) {
		free(tcp);
		free(unx);
		free(sc);
		servers_free(&sl);
		exit(EXIT_RUNTIME);
	}
	if (base->user[0] != '\0')
		privdrop(base->user, uid, gid);

	if ((ag = netagg_new(loop)) == NULL)
		fatal("setup");
	for (i = 0; i < ns; i++) {
		if ((n = net_new(loop, &sc[i], tcp[i], unx[i])) == NULL ||
		    netagg_add(ag, n) == -1)
			fatal("setup");
		if (tcp[i] != -1)
			log_debug("%s: console %s, socket %s", sc[i].server,
			    sock_local_str(tcp[i], addr, sizeof(addr)),
			    sc[i].sock);
		else
			log_debug("%s: socket %s", sc[i].server, sc[i].sock);
	}
	ev_signal_init(&sterm, sig_cb, SIGTERM);
	ev_signal_init(&sint, sig_cb, SIGINT);
	ev_signal_init(&shup, agg_hup_cb, SIGHUP);
	shup.data = ag;
	ev_signal_start(loop, &sterm);
	ev_signal_start(loop, &sint);
	ev_signal_start(loop, &shup);
	if (netagg_start(ag) == -1)
		fatal("powerd client");

	i = snprintf(line, sizeof(line), "%s%s%s: %d servers, ", sc[0].server,
	    ns > 1 ? ".." : "", ns > 1 ? sc[ns - 1].server : "", ns);
	if (i < 0 || (size_t)i >= sizeof(line))
		i = 0;
	if (tcp[0] != -1)
		snprintf(line + i, sizeof(line) - i, "%s %s",
		    sock_local_str(tcp[0], addr, sizeof(addr)), sc[0].sock);
	else
		strlcpy(line + i, sc[0].sock, sizeof(line) - i);
	if (notify_ready(nfd, line) == -1)
		log_warn("readiness notification");
	log_info("serving the consoles of %s (%.3f s to start)", line,
	    ev_time() - t0);
	free(tcp);
	free(unx);

	ev_run(loop, 0);

	notify_stopping();
	log_info("stopping");
	netagg_free(ag);
	for (i = 0; i < ns; i++) {
		unlink(sc[i].sock);
		util_zeroize(sc[i].password, sizeof(sc[i].password));
	}
	free(sc);
	servers_free(&sl);
	util_zeroize(base->password, sizeof(base->password));
	ev_signal_stop(loop, &sterm);
	ev_signal_stop(loop, &sint);
	ev_signal_stop(loop, &shup);
	ev_loop_destroy(loop);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct sold_conf	 conf;
	struct ev_loop		*loop;
	struct net		*n = NULL;
	ev_signal		 sterm, sint, shup;
	const char		*file = NULL, *fi = NULL, *fl = NULL;
	const char		*fL = NULL, *fS = NULL, *fU = NULL;
	const char		*fu = NULL, *fP = NULL, *fM = NULL;
	char			 err[512], addr[SOCK_ADDRSTR_MAX];
	char			 line[SOCK_ADDRSTR_MAX + SOLD_PATH_MAX + 2];
	int			 ch, nflag = 0, sflag = 0, verbose = 0;
	int			 nfd = -1, tcp_fd = -1, unix_fd = -1;
	uid_t			 uid = 0;
	gid_t			 gid = 0;

	log_init("sold", 0, 0);
	while ((ch = getopt(argc, argv, "f:i:l:L:M:nN:P:sS:U:u:v")) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			break;
		case 'i':
			fi = optarg;
			break;
		case 'l':
			fl = optarg;
			break;
		case 'L':
			fL = optarg;
			break;
		case 'M':
			fM = optarg;
			break;
		case 'n':
			nflag = 1;
			break;
		case 'N':
			if ((nfd = notify_open_fd(optarg)) == -1)
				usage();
			break;
		case 'P':
			fP = optarg;
			break;
		case 's':
			sflag = 1;
			break;
		case 'S':
			fS = optarg;
			break;
		case 'U':
			fU = optarg;
			break;
		case 'u':
			fu = optarg;
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
	log_init("sold", 0, verbose);
	util_std_fds();
	if (fM != NULL && (fi != NULL || fl != NULL || fL != NULL ||
	    fU != NULL)) {
		log_warnx("-M excludes -i, -l, -L and -U (the servers file "
		    "gives them)");
		exit(EXIT_USAGE);
	}

	soldconf_defaults(&conf);
	if (fM != NULL) {
		/* many servers: a small ring each (sold(8)); -f may raise it */
		conf.ring_size = SOLD_RING_AGG_DEFAULT;
		conf.client_queue = SOLD_RING_AGG_DEFAULT;
	}
	if (file != NULL && conf_load(file, soldconf_set, &conf, err,
	    sizeof(err)) == -1) {
		log_warnx("%s", err);
		exit(EXIT_USAGE);
	}
	if (fi != NULL)
		setopt(conf.server, sizeof(conf.server), fi, "-i");
	if (fl != NULL)
		setopt(conf.listen, sizeof(conf.listen), fl, "-l");
	if (fL != NULL)
		setopt(conf.logfile, sizeof(conf.logfile), fL, "-L");
	if (fS != NULL)
		setopt(conf.powerd, sizeof(conf.powerd), fS, "-S");
	if (fU != NULL)
		setopt(conf.sock, sizeof(conf.sock), fU, "-U");
	if (fu != NULL)
		setopt(conf.user, sizeof(conf.user), fu, "-u");
	if (fP != NULL)
		setopt(conf.pwfile, sizeof(conf.pwfile), fP, "-P");
	if (soldconf_check(&conf, err, sizeof(err)) == -1) {
		log_warnx("%s%s%s", file ? file : "", file ? ": " : "", err);
		exit(EXIT_USAGE);
	}
	if (conf.pwfile[0] != '\0') {
		if (util_read_secret(conf.pwfile, conf.password,
		    sizeof(conf.password)) == -1) {
			log_warn("console password %s", conf.pwfile);
			exit(EXIT_USAGE);
		}
		if (conf.password[0] == '\0') {
			log_warnx("%s: empty console password", conf.pwfile);
			exit(EXIT_USAGE);
		}
	}
	/* anonymous console clients only on loopback (sold(8)) */
	if (fM == NULL && strcmp(conf.listen, "none") != 0 && conf.password[0] == '\0' &&
	    sock_addr_is_loopback(conf.listen, "127.0.0.1") != 1) {
		log_warnx("listen %s: not a loopback address: a console "
		    "password is required (-P, password-file)", conf.listen);
		exit(EXIT_USAGE);
	}
	if (conf.user[0] != '\0' &&
	    privdrop_lookup(conf.user, &uid, &gid) == -1)
		exit(EXIT_USAGE);
	if (fM != NULL)
		return agg_main(fM, &conf, nflag, sflag, verbose, nfd, uid,
		    gid);
	if (nflag) {
		fprintf(stderr, "configuration OK\n");
		exit(0);
	}
	log_init("sold", sflag, verbose);
	signal(SIGPIPE, SIG_IGN);

	if (strcmp(conf.listen, "none") != 0 &&
	    (tcp_fd = sock_tcp_listen(conf.listen, "127.0.0.1",
	    LISTEN_BACKLOG)) == -1)
		fatal("listen %s", conf.listen);
	if ((unix_fd = sock_unix_listen(conf.sock, 0660,
	    LISTEN_BACKLOG)) == -1)
		fatal("listen %s", conf.sock);
	if (conf.user[0] != '\0')
		privdrop(conf.user, uid, gid);

	loop = ev_default_loop(0);
	if ((n = net_new(loop, &conf, tcp_fd, unix_fd)) == NULL)
		fatal("setup");
	ev_signal_init(&sterm, sig_cb, SIGTERM);
	ev_signal_init(&sint, sig_cb, SIGINT);
	ev_signal_init(&shup, sig_cb, SIGHUP);
	shup.data = n;
	ev_signal_start(loop, &sterm);
	ev_signal_start(loop, &sint);
	ev_signal_start(loop, &shup);
	net_start(n);

	if (tcp_fd != -1)
		snprintf(line, sizeof(line), "%s %s",
		    sock_local_str(tcp_fd, addr, sizeof(addr)), conf.sock);
	else
		strlcpy(line, conf.sock, sizeof(line));
	if (notify_ready(nfd, line) == -1)
		log_warn("readiness notification");
	log_info("serving the console of %s on %s", conf.server, line);

	ev_run(loop, 0);

	notify_stopping();
	log_info("stopping");
	net_free(n);
	unlink(conf.sock);
	util_zeroize(conf.password, sizeof(conf.password));
	ev_signal_stop(loop, &sterm);
	ev_signal_stop(loop, &sint);
	ev_signal_stop(loop, &shup);
	ev_loop_destroy(loop);
	return 0;
}
