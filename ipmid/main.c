/* main.c: ipmid setup: flags, config, sockets, privileges, glue, readiness, loop, teardown. */
/* SPDX-License-Identifier: ISC */

#include <sys/types.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "evpdc.h"
#include "log.h"
#include "notify.h"
#include "pdmsg.h"
#include "privdrop.h"
#include "util.h"
#include "ipmid.h"
#include "agg.h"
#include "config.h"
#include "net.h"
#include "sess.h"
#include "sol.h"
#include "solparam.h"
#include "users.h"

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: ipmid [-nsv] [-f file] [-i server] "
	    "[-l addr:port] [-M servers] [-N fd] [-S socket] [-u user]\n");
	exit(EXIT_USAGE);
}

static void
sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)revents;
	log_debug("signal %d, shutting down", w->signum);
	ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char *argv[])
{
	static struct ipmid	 d;
	static struct net	 net;
	struct config_extra	 x;
	ev_signal		 sterm, sint;
	const char		*conffile = NULL, *user = NULL, *server = NULL;
	const char		*pdsock = NULL, *servers = NULL;
	char			*listen[NET_LISTEN_MAX], line[NET_LISTEN_MAX *
				    SOCK_ADDRSTR_MAX], err[512];
	int			 ch, nlisten = 0, noaction = 0, syslog = 0;
	int			 verbose = 0, rdyfd = -1, i;
	char			 deflisten[] = "127.0.0.1:623";
	uid_t			 uid = 0;
	gid_t			 gid = 0;

	log_init("ipmid", 0, 0);
	while ((ch = getopt(argc, argv, "f:i:l:M:nN:sS:u:v")) != -1) {
		switch (ch) {
		case 'f':
			conffile = optarg;
			break;
		case 'i':
			server = optarg;
			break;
		case 'l':
			if (nlisten == NET_LISTEN_MAX)
				usage();
			listen[nlisten++] = optarg;
			break;
		case 'M':
			servers = optarg;
			break;
		case 'n':
			noaction = 1;
			break;
		case 'N':
			if ((rdyfd = notify_open_fd(optarg)) == -1)
				usage();
			break;
		case 's':
			syslog = 1;
			break;
		case 'S':
			pdsock = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (argc != optind)
		usage();
	if (servers != NULL && (server != NULL || nlisten > 0)) {
		fprintf(stderr, "ipmid: -M is exclusive with -i and -l\n");
		exit(EXIT_USAGE);
	}
	log_init("ipmid", syslog, verbose);
	util_std_fds();

	config_defaults(&d.conf, &x);
	if (conffile != NULL &&
	    config_load(conffile, &d.conf, &x, err, sizeof(err)) == -1) {
		log_warnx("%s", err);
		exit(EXIT_USAGE);
	}
	if (server != NULL &&
	    strlcpy(d.conf.server, server, sizeof(d.conf.server)) >=
	    sizeof(d.conf.server))
		usage();
	if (pdsock != NULL &&
	    strlcpy(d.conf.pdsock, pdsock, sizeof(d.conf.pdsock)) >=
	    sizeof(d.conf.pdsock))
		usage();
	if (d.conf.pdsock[0] == '\0')
		strlcpy(d.conf.pdsock, PD_SOCK_DEFAULT, sizeof(d.conf.pdsock));
	if (nlisten == 0)
		for (i = 0; i < x.nlisten; i++)
			listen[nlisten++] = x.listen[i];
	if (nlisten == 0)
		listen[nlisten++] = deflisten;
	if (user != NULL && privdrop_lookup(user, &uid, &gid) == -1)
		exit(EXIT_USAGE);
	if (servers != NULL) {
		if (x.nlisten > 0 || x.sol_socket[0] != '\0')
			log_warnx("-M: listen and sol-socket of %s are "
			    "ignored (ipmi= and sol= of the servers file)",
			    conffile);
		return agg_main(servers, &d.conf, user, uid, gid, noaction,
		    rdyfd);
	}
	if (noaction) {
		fprintf(stderr, "configuration OK\n");
		exit(0);
	}

	signal(SIGPIPE, SIG_IGN);
	d.loop = ev_default_loop(0);
	d.start_time = time(NULL);
	if (net_bind(&net, &d, listen, nlisten) == -1)
		exit(EXIT_RUNTIME);
	net_lan_conf(&net, &d.conf);
	if (user != NULL)
		privdrop(user, uid, gid);

	if ((d.sessions = sess_new(d.conf.max_sessions, net_send, &net)) ==
	    NULL || users_init(&d) == -1)
		fatal("sessions");
	if (cmd_init(&d) == -1)
		fatalx("command handlers failed to start");
	for (i = 0; i < net.n; i++)
		sess_set_port(d.sessions, i, (uint16_t)net_port(&net, i));
	solparam_set_port(&d, (uint16_t)net_port(&net, 0));
	if (x.sol_socket[0] == '\0' && snprintf(x.sol_socket,
	    sizeof(x.sol_socket), "/run/bmcsim/sold-%s.sock", d.conf.server) >=
	    (int)sizeof(x.sol_socket))
		fatalx("sol socket path too long");
	if (sol_init(&d, x.sol_socket) == -1)
		fatal("sol");
	if ((d.pd = evpdc_new(d.loop, d.conf.pdsock, net_pd_state, &d)) ==
	    NULL || (d.sub = evpdc_subscribe(d.loop, d.conf.pdsock,
	    d.conf.server, net_pd_event, net_sub_state, &d)) == NULL)
		fatal("powerd client");

	ev_signal_init(&sterm, sig_cb, SIGTERM);
	ev_signal_init(&sint, sig_cb, SIGINT);
	ev_signal_start(d.loop, &sterm);
	ev_signal_start(d.loop, &sint);
	signal(SIGHUP, SIG_IGN);
	net_start(&net);
	net_addrs(&net, line, sizeof(line));
	log_info("listening on %s", line);
	if (notify_ready(rdyfd, line) == -1)
		log_warn("readiness notification");

	ev_run(d.loop, 0);

	notify_stopping();
	net_stop(&net);
	ev_signal_stop(d.loop, &sterm);
	ev_signal_stop(d.loop, &sint);
	sol_fini(&d);
	cmd_fini(&d);
	evpdc_free(d.sub);
	evpdc_free(d.pd);
	users_fini(&d);
	sess_free(d.sessions);
	ev_loop_destroy(d.loop);
	return 0;
}
