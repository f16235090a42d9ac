/* soldconf.h: sold's settings: defaults, config-file keys, checks. */
/* SPDX-License-Identifier: ISC */
#ifndef SOLD_SOLDCONF_H
#define SOLD_SOLDCONF_H

#include <stddef.h>

#define SOLD_NAME_MAX		64
#define SOLD_PATH_MAX		108	/* sun_path */
#define SOLD_ADDR_MAX		128

#define SOLD_RING_DEFAULT	(1024 * 1024)
#define SOLD_RING_AGG_DEFAULT	(64 * 1024)	/* -M: ring-size, client-queue */
#define SOLD_QUEUE_DEFAULT	(1024 * 1024)	/* doc/console.md */
#define SOLD_INPUT_DEFAULT	(64 * 1024)
#define SOLD_LOGSIZE_DEFAULT	(1024 * 1024)
#define SOLD_ROTATE_DEFAULT	3
#define SOLD_CLIENTS_DEFAULT	64	/* anonymous TCP clients */
#define SOLD_LOCAL_DEFAULT	16	/* unix-socket front ends */
#define SOLD_IDLE_DEFAULT	600	/* s: idle TCP client timeout */
#define SOLD_LISTEN_DEFAULT	"127.0.0.1:2300"
#define SOLD_SERVER_DEFAULT	"srv1"
#define SOLD_SOCK_FMT		"/run/bmcsim/sold-%s.sock"
#define SOLD_PASSWORD_MAX	128	/* console password, bytes */

struct sold_conf {
	char	 server[SOLD_NAME_MAX];		/* -i, server */
	char	 listen[SOLD_ADDR_MAX];		/* -l, listen */
	char	 sock[SOLD_PATH_MAX];		/* -U, socket */
	char	 powerd[SOLD_PATH_MAX];		/* -S, powerd */
	char	 logfile[SOLD_PATH_MAX * 4];	/* -L, log-file */
	char	 user[SOLD_NAME_MAX];		/* -u, user */
	char	 pwfile[SOLD_PATH_MAX * 4];	/* -P, password-file */
	char	 password[SOLD_PASSWORD_MAX];	/* its first line */
	size_t	 ring_size;			/* ring-size */
	size_t	 client_queue;			/* client-queue */
	size_t	 input_queue;			/* input-queue */
	size_t	 tcp_history;			/* tcp-history */
	size_t	 log_size;			/* log-size */
	int	 log_rotate;			/* log-rotate */
	int	 max_clients;			/* max-clients */
	int	 max_local;			/* max-local */
	int	 idle_timeout;			/* idle-timeout, s */
	int	 telnet;			/* telnet yes|no */
	int	 docker_stream;			/* docker-stream */
};

void	soldconf_defaults(struct sold_conf *);
/* conf_parse callback (ctx: struct sold_conf *). */
int	soldconf_set(void *ctx, int lineno, int argc, char **argv, char *err,
	    size_t errlen);
/* Fill what depends on other settings (socket path); check bounds. */
int	soldconf_check(struct sold_conf *, char *err, size_t errlen);
/* "64k", "1M", "1048576" -> bytes; -1 on error. */
long long soldconf_size(const char *);

#endif
