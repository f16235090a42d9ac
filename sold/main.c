/* main.c: sold, the serial-console server: setup only. */
/* SPDX-License-Identifier: ISC */

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
#include "sock.h"
#include "soldconf.h"
#include "util.h"

#define LISTEN_BACKLOG	64

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: sold [-nsv] [-f file] [-i server] "
	    "[-l addr:port] [-L logfile] [-N fd] [-P password-file] "
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

int
main(int argc, char *argv[])
{
	struct sold_conf	 conf;
	struct ev_loop		*loop;
	struct net		*n = NULL;
	ev_signal		 sterm, sint, shup;
	const char		*file = NULL, *fi = NULL, *fl = NULL;
	const char		*fL = NULL, *fS = NULL, *fU = NULL;
	const char		*fu = NULL, *fP = NULL;
	char			 err[512], addr[SOCK_ADDRSTR_MAX];
	char			 line[SOCK_ADDRSTR_MAX + SOLD_PATH_MAX + 2];
	int			 ch, nflag = 0, sflag = 0, verbose = 0;
	int			 nfd = -1, tcp_fd = -1, unix_fd = -1;
	uid_t			 uid = 0;
	gid_t			 gid = 0;

	log_init("sold", 0, 0);
	while ((ch = getopt(argc, argv, "f:i:l:L:nN:P:sS:U:u:v")) != -1) {
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
		case 'n':
			nflag = 1;
			break;
		case 'N':
			if ((nfd = notify_parse_fd(optarg)) == -1)
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

	soldconf_defaults(&conf);
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
	if (strcmp(conf.listen, "none") != 0 && conf.password[0] == '\0' &&
	    sock_addr_is_loopback(conf.listen, "127.0.0.1") != 1) {
		log_warnx("listen %s: not a loopback address: a console "
		    "password is required (-P, password-file)", conf.listen);
		exit(EXIT_USAGE);
	}
	if (conf.user[0] != '\0' &&
	    privdrop_lookup(conf.user, &uid, &gid) == -1)
		exit(EXIT_USAGE);
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
