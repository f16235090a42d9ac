/* main.c: powerd setup: flags, lab file, state, socket, privileges, readiness, loop, teardown. */
/* SPDX-License-Identifier: ISC */
#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "notify.h"
#include "privdrop.h"
#include "sock.h"
#include "util.h"
#include "powerd.h"

#define LAB_DEFAULT	"/etc/bmcsim/bmcsim.conf"
#define DOCKER_DEFAULT	"/var/run/docker.sock"
#define LAB_FILE_MAX	(1024 * 1024)

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: powerd [-nsv] [-D docker-socket] [-f file] "
	    "[-N fd] [-S socket] [-u user]\n");
	exit(EXIT_USAGE);
}

/* Read the lab; every problem is "file:line: message" and exit 100. */
static void
load_lab(struct lab *lab, const char *path)
{
	struct lab_acct	*a;
	char		*buf = NULL, err[512];
	size_t		 len, i;
	int		 line, j, k;

	if (util_read_file(path, LAB_FILE_MAX, &buf, &len) == -1) {
		fprintf(stderr, "powerd: %s: %s\n", path, strerror(errno));
		exit(EXIT_USAGE);
	}
	if (lab_parse(buf, len, lab, &line, err, sizeof(err)) == -1) {
		if (line > 0)
			fprintf(stderr, "powerd: %s:%d: %s\n", path, line, err);
		else
			fprintf(stderr, "powerd: %s: %s\n", path, err);
		free(buf);
		exit(EXIT_USAGE);
	}
	free(buf);
	/* password-file: read the secrets now (global, then per server) */
	for (i = 0; i <= lab->nservers; i++) {
		a = i == 0 ? lab->accts : lab->servers[i - 1].accts;
		k = i == 0 ? lab->nacct : lab->servers[i - 1].nacct;
		for (j = 0; j < k; j++) {
			if (a[j].pwfile == NULL)
				continue;
			if (util_read_secret(a[j].pwfile, a[j].password,
			    sizeof(a[j].password)) == -1) {
				fprintf(stderr, "powerd: %s:%d: account %s: "
				    "%s: %s\n", path, a[j].lineno, a[j].name,
				    a[j].pwfile, errno == EMSGSIZE ||
				    errno == ENAMETOOLONG || errno == E2BIG ?
				    "password longer than 20 bytes" :
				    strerror(errno));
				lab_free(lab);
				exit(EXIT_USAGE);
			}
		}
	}
}

static int
resolve_allow(struct pd *pd)
{
	struct passwd	*pw;
	const char	*errstr;
	int		 i;

	for (i = 0; i < pd->lab.nallow; i++) {
		pd->allow[i] = (uid_t)strtonum(pd->lab.allow[i], 0, 0x7fffffff,
		    &errstr);
		if (errstr == NULL)
			continue;
		if ((pw = getpwnam(pd->lab.allow[i])) == NULL) {
			fprintf(stderr, "powerd: allow-uid: unknown user %s\n",
			    pd->lab.allow[i]);
			return -1;
		}
		pd->allow[i] = pw->pw_uid;
	}
	pd->nallow = pd->lab.nallow;
	return 0;
}

/*
 * One powerd per state directory and per socket: a second one would
 * apply the restore policy, rewrite the state and take the socket over.
 * The lock is held (flock on an open file) until powerd exits.
 */
static int
lock_instance(struct pd *pd)
{
	static const char hello[] = "{\"v\":1,\"id\":1,\"op\":\"hello\"}\n";
	char		path[LAB_PATH_MAX + 16], buf[64];
	struct pollfd	pfd;
	int		fd, n;

	if (mkdir(pd->lab.state_dir, 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "powerd: state-dir %s: %s\n", pd->lab.state_dir,
		    strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/powerd.lock",
	    pd->lab.state_dir) >= sizeof(path) ||
	    (fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		fprintf(stderr, "powerd: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		n = (int)pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		fprintf(stderr, "powerd: %s is in use by another powerd%s%s\n",
		    pd->lab.state_dir, buf[0] != '\0' ? ", pid " : "", buf);
		close(fd);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)n, 0) != n)
		log_warn("%s", path);
	/* a socket that accepts has a server: never take it over */
	if ((n = sock_unix_connect(pd->sockpath, 0)) != -1) {
		pfd.fd = n;
		pfd.events = POLLIN;
		if (write(n, hello, sizeof(hello) - 1) ==
		    (ssize_t)sizeof(hello) - 1 && poll(&pfd, 1, 2000) == 1 &&
		    read(n, buf, sizeof(buf)) > 0)
			fprintf(stderr, "powerd: %s answers: another powerd "
			    "is serving it\n", pd->sockpath);
		else
			fprintf(stderr, "powerd: %s is in use by another "
			    "process\n", pd->sockpath);
		close(n);
		close(fd);
		return -1;
	}
	return fd;
}

/* TERM/INT: stop listening, give queued replies 2 s (srv.c), then leave */
static void
sig_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	UNUSED(revents);
	log_info("signal %d: shutting down", w->signum);
	if (pd_stop(w->data))
		ev_break(loop, EVBREAK_ALL);
}

static void
sync_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct pd	*pd = w->data;

	UNUSED(loop);
	UNUSED(revents);
	if (pd->dirty != NULL)
		pd_sync_all(pd);
}

int
main(int argc, char *argv[])
{
	struct pd	 pd;
	ev_signal	 sigterm, sigint;
	const char	*file = LAB_DEFAULT, *sockpath = NULL, *dsock = NULL;
	const char	*user = NULL;
	char		 err[256];
	int		 ch, check = 0, to_syslog = 0, verbose = 0, nfd = -1;
	int		 lockfd;
	size_t		 i;
	uid_t		 uid = 0;
	gid_t		 gid = 0;

	memset(&pd, 0, sizeof(pd));
	pd.lfd = -1;
	while ((ch = getopt(argc, argv, "D:f:nN:sS:u:v")) != -1) {
		switch (ch) {
		case 'D':
			dsock = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'N':
			if ((nfd = notify_open_fd(optarg)) == -1)
				usage();
			break;
		case 's':
			to_syslog = 1;
			break;
		case 'S':
			sockpath = optarg;
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
	if (optind != argc)
		usage();
	log_init("powerd", to_syslog, verbose);
	util_std_fds();
	load_lab(&pd.lab, file);
	if (resolve_allow(&pd) == -1) {
		lab_free(&pd.lab);
		exit(EXIT_USAGE);
	}
	if (strlcpy(pd.sockpath, sockpath != NULL ? sockpath :
	    pd.lab.socket[0] != '\0' ? pd.lab.socket : PD_SOCK_DEFAULT,
	    sizeof(pd.sockpath)) >= sizeof(pd.sockpath) ||
	    strlcpy(pd.docker_sock, dsock != NULL ? dsock :
	    pd.lab.docker_socket[0] != '\0' ? pd.lab.docker_socket :
	    DOCKER_DEFAULT, sizeof(pd.docker_sock)) >= sizeof(pd.docker_sock)) {
		fprintf(stderr, "powerd: socket path too long\n");
		lab_free(&pd.lab);
		exit(EXIT_USAGE);
	}
	if (dsock != NULL && lab_docker_addr(dsock, pd.lab.docker_remote, err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "powerd: -D: %s\n", err);
		lab_free(&pd.lab);
		exit(EXIT_USAGE);
	}
	if (user != NULL && privdrop_lookup(user, &uid, &gid) == -1) {
		lab_free(&pd.lab);
		exit(EXIT_USAGE);
	}
	if (check) {
		printf("configuration OK\n");
		lab_free(&pd.lab);
		return 0;
	}

	signal(SIGPIPE, SIG_IGN);
	if ((lockfd = lock_instance(&pd)) == -1) {
		lab_free(&pd.lab);
		exit(EXIT_RUNTIME);
	}
	pd.loop = ev_default_loop(0);
	pd.seed = (uint32_t)getpid();
	for (i = 0; i < pd.lab.nservers; i++)
		if (pd.lab.servers[i].backend == LAB_BE_DOCKER &&
		    pd_docker_start(&pd) == -1)
			exit(EXIT_RUNTIME);
	pd.starting = 1;
	if (pd_servers_init(&pd) == -1) {
		pd_docker_stop(&pd);
		pd_servers_free(&pd);
		lab_free(&pd.lab);
		exit(EXIT_USAGE);	/* bad state files do not heal */
	}
	pd_sync_all(&pd);
	pd.starting = 0;
	if (pd_listen(&pd) == -1)
		exit(EXIT_RUNTIME);
	if (user != NULL)
		privdrop(user, uid, gid);

	ev_signal_init(&sigterm, sig_cb, SIGTERM);
	ev_signal_init(&sigint, sig_cb, SIGINT);
	sigterm.data = sigint.data = &pd;
	ev_signal_start(pd.loop, &sigterm);
	ev_signal_start(pd.loop, &sigint);
	signal(SIGHUP, SIG_IGN);	/* no cheap reload: the state is live */
	ev_prepare_init(&pd.sync_w, sync_cb);
	pd.sync_w.data = &pd;
	ev_prepare_start(pd.loop, &pd.sync_w);
	log_info("%zu servers, listening on %s", pd.nsrv, pd.sockpath);
	if (notify_ready(nfd, pd.sockpath) == -1)
		log_warn("readiness fd");

	ev_run(pd.loop, 0);

	notify_stopping();
	pd_sync_all(&pd);
	pd_close_all(&pd);
	pd_docker_stop(&pd);		/* no engine callbacks after this */
	pd_servers_free(&pd);
	ev_prepare_stop(pd.loop, &pd.sync_w);
	ev_signal_stop(pd.loop, &sigterm);
	ev_signal_stop(pd.loop, &sigint);
	lab_free(&pd.lab);
	ev_loop_destroy(pd.loop);
	close(lockfd);
	return 0;
}
