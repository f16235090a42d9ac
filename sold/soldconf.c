/* soldconf.c: sold's settings: defaults, config-file keys, checks. */
/* SPDX-License-Identifier: ISC */

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "ring.h"
#include "soldconf.h"
#include "util.h"

void
soldconf_defaults(struct sold_conf *c)
{
	memset(c, 0, sizeof(*c));
	strlcpy(c->server, SOLD_SERVER_DEFAULT, sizeof(c->server));
	strlcpy(c->listen, SOLD_LISTEN_DEFAULT, sizeof(c->listen));
	strlcpy(c->powerd, "/run/bmcsim/powerd.sock", sizeof(c->powerd));
	c->ring_size = SOLD_RING_DEFAULT;
	c->client_queue = SOLD_QUEUE_DEFAULT;
	c->input_queue = SOLD_INPUT_DEFAULT;
	c->log_size = SOLD_LOGSIZE_DEFAULT;
	c->log_rotate = SOLD_ROTATE_DEFAULT;
	c->max_clients = SOLD_CLIENTS_DEFAULT;
	c->max_local = SOLD_LOCAL_DEFAULT;
	c->idle_timeout = SOLD_IDLE_DEFAULT;
	c->telnet = 1;
}

long long
soldconf_size(const char *s)
{
	char		 num[32];
	size_t		 n = strlen(s);
	long long	 mul = 1, v;
	const char	*errstr;

	if (n == 0 || n >= sizeof(num))
		return -1;
	switch (s[n - 1]) {
	case 'k': case 'K':
		mul = 1024;
		n--;
		break;
	case 'm': case 'M':
		mul = 1024 * 1024;
		n--;
		break;
	case 'g': case 'G':
		mul = 1024 * 1024 * 1024;
		n--;
		break;
	}
	memcpy(num, s, n);
	num[n] = '\0';
	v = strtonum(num, 0, LLONG_MAX / mul, &errstr);
	if (errstr != NULL)
		return -1;
	return v * mul;
}

static int
soldconf_getsize(const char *key, const char *s, long long min, long long max,
    size_t *out, char *err, size_t errlen)
{
	long long	v;

	if ((v = soldconf_size(s)) == -1 || v < min || v > max) {
		snprintf(err, errlen, "%s: \"%s\" is not a size in %lld..%lld",
		    key, s, min, max);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

static int
soldconf_str(const char *key, const char *s, char *dst, size_t dstlen,
    char *err, size_t errlen)
{
	if (strlcpy(dst, s, dstlen) >= dstlen) {
		snprintf(err, errlen, "%s: too long (at most %zu bytes)", key,
		    dstlen - 1);
		return -1;
	}
	return 0;
}

int
soldconf_set(void *ctx, int lineno, int argc, char **argv, char *err,
    size_t errlen)
{
	struct sold_conf	*c = ctx;
	const char		*k = argv[0];
	long long		 v;

	UNUSED(lineno);
	if (argc != 2) {
		snprintf(err, errlen, "%s: takes one value", k);
		return -1;
	}
	if (strcmp(k, "server") == 0)
		return soldconf_str(k, argv[1], c->server, sizeof(c->server),
		    err, errlen);
	if (strcmp(k, "listen") == 0)
		return soldconf_str(k, argv[1], c->listen, sizeof(c->listen),
		    err, errlen);
	if (strcmp(k, "socket") == 0)
		return soldconf_str(k, argv[1], c->sock, sizeof(c->sock),
		    err, errlen);
	if (strcmp(k, "powerd") == 0)
		return soldconf_str(k, argv[1], c->powerd, sizeof(c->powerd),
		    err, errlen);
	if (strcmp(k, "log-file") == 0)
		return soldconf_str(k, argv[1], c->logfile, sizeof(c->logfile),
		    err, errlen);
	if (strcmp(k, "password-file") == 0)
		return soldconf_str(k, argv[1], c->pwfile, sizeof(c->pwfile),
		    err, errlen);
	if (strcmp(k, "user") == 0)
		return soldconf_str(k, argv[1], c->user, sizeof(c->user),
		    err, errlen);
	if (strcmp(k, "ring-size") == 0)
		return soldconf_getsize(k, argv[1], RING_SIZE_MIN,
		    RING_SIZE_MAX, &c->ring_size, err, errlen);
	if (strcmp(k, "client-queue") == 0)
		return soldconf_getsize(k, argv[1], 4096, RING_SIZE_MAX,
		    &c->client_queue, err, errlen);
	if (strcmp(k, "input-queue") == 0)
		return soldconf_getsize(k, argv[1], 4096, 64 * 1024 * 1024,
		    &c->input_queue, err, errlen);
	if (strcmp(k, "tcp-history") == 0)
		return soldconf_getsize(k, argv[1], 0, RING_SIZE_MAX,
		    &c->tcp_history, err, errlen);
	if (strcmp(k, "log-size") == 0)
		return soldconf_getsize(k, argv[1], 1024, 1LL << 40,
		    &c->log_size, err, errlen);
	if (strcmp(k, "log-rotate") == 0) {
		if (conf_num(k, argv[1], 0, 99, &v, err, errlen) == -1)
			return -1;
		c->log_rotate = (int)v;
		return 0;
	}
	if (strcmp(k, "max-clients") == 0) {
		if (conf_num(k, argv[1], 1, 10000, &v, err, errlen) == -1)
			return -1;
		c->max_clients = (int)v;
		return 0;
	}
	if (strcmp(k, "max-local") == 0) {
		if (conf_num(k, argv[1], 1, 1000, &v, err, errlen) == -1)
			return -1;
		c->max_local = (int)v;
		return 0;
	}
	if (strcmp(k, "idle-timeout") == 0) {
		if (conf_num(k, argv[1], 0, 86400, &v, err, errlen) == -1)
			return -1;
		c->idle_timeout = (int)v;
		return 0;
	}
	if (strcmp(k, "telnet") == 0)
		return conf_bool(k, argv[1], &c->telnet, err, errlen);
	if (strcmp(k, "docker-stream") == 0)
		return conf_bool(k, argv[1], &c->docker_stream, err, errlen);
	snprintf(err, errlen, "unknown key \"%s\"", k);
	return -1;
}

int
soldconf_check(struct sold_conf *c, char *err, size_t errlen)
{
	size_t	i;
	int	n;

	if (c->server[0] == '\0') {
		snprintf(err, errlen, "server: empty");
		return -1;
	}
	for (i = 0; c->server[i] != '\0'; i++)
		if (c->server[i] == '/' || c->server[i] < 0x21 ||
		    c->server[i] > 0x7e) {
			snprintf(err, errlen,
			    "server: \"%s\" is not a plain id", c->server);
			return -1;
		}
	if (c->sock[0] == '\0') {
		n = snprintf(c->sock, sizeof(c->sock), SOLD_SOCK_FMT,
		    c->server);
		if (n < 0 || (size_t)n >= sizeof(c->sock)) {
			snprintf(err, errlen, "socket: path too long");
			return -1;
		}
	}
	if (c->client_queue > c->ring_size) {
		snprintf(err, errlen, "client-queue (%zu) is larger than "
		    "ring-size (%zu)", c->client_queue, c->ring_size);
		return -1;
	}
	if (c->tcp_history > c->ring_size) {
		snprintf(err, errlen, "tcp-history (%zu) is larger than "
		    "ring-size (%zu)", c->tcp_history, c->ring_size);
		return -1;
	}
	return 0;
}
