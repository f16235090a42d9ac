/* pdbench.c: a load generator for powerd: status ops/s and power-op latency. */
/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define CONN_MAX	64
#define BUF_MAX		65536

struct bconn {
	int	fd;
	char	buf[BUF_MAX];
	size_t	len;
	long	done;
	long	id;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: pdbench [-c conns] [-n count] [-s server] "
	    "[-S socket] [-t secs] status|power\n");
	exit(EXIT_USAGE);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
dial(const char *path)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path))
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
send_req(struct bconn *c, const char *server, const char *action)
{
	char	req[512];
	int	n;

	if (action == NULL)
		n = snprintf(req, sizeof(req), "{\"v\":1,\"id\":%ld,"
		    "\"op\":\"status\",\"server\":\"%s\"}\n", ++c->id,
		    server);
	else
		n = snprintf(req, sizeof(req), "{\"v\":1,\"id\":%ld,"
		    "\"op\":\"power\",\"server\":\"%s\",\"action\":"
		    "\"%s\"}\n", ++c->id, server, action);
	if (n < 0 || (size_t)n >= sizeof(req))
		return -1;
	return send(c->fd, req, (size_t)n, MSG_NOSIGNAL) == n ? 0 : -1;
}

/* read until one full reply line; 1 ok, 0 error reply, -1 failure */
static int
read_reply(struct bconn *c)
{
	char	*nl;
	ssize_t	 n;
	int	 good;

	for (;;) {
		if ((nl = memchr(c->buf, '\n', c->len)) != NULL) {
			*nl = '\0';
			good = strstr(c->buf, "\"ok\":true") != NULL;
			if (!good)
				fprintf(stderr, "pdbench: %s\n", c->buf);
			c->len -= (size_t)(nl + 1 - c->buf);
			memmove(c->buf, nl + 1, c->len);
			return good;
		}
		if (c->len == sizeof(c->buf))
			return -1;
		n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
		if (n <= 0)
			return -1;
		c->len += (size_t)n;
	}
}

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
bench_status(const char *sock, const char *server, int nconn, double secs)
{
	struct bconn	*c;
	struct pollfd	 pfd[CONN_MAX];
	double		 t0, t1;
	long		 total = 0;
	int		 i;

	if ((c = calloc((size_t)nconn, sizeof(*c))) == NULL)
		return 1;
	for (i = 0; i < nconn; i++) {
		if ((c[i].fd = dial(sock)) == -1) {
			perror("pdbench: connect");
			return 1;
		}
		if (send_req(&c[i], server, NULL) == -1)
			return 1;
	}
	t0 = now();
	while ((t1 = now()) - t0 < secs) {
		for (i = 0; i < nconn; i++) {
			pfd[i].fd = c[i].fd;
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)nconn, 1000) == -1 && errno != EINTR)
			return 1;
		for (i = 0; i < nconn; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP)))
				continue;
			if (read_reply(&c[i]) != 1)
				return 1;
			total++;
			if (send_req(&c[i], server, NULL) == -1)
				return 1;
		}
	}
	printf("status_ops_per_s %.0f ops/s >=20000 (%d connections, "
	    "lockstep, %.1f s)\n", (double)total / (t1 - t0), nconn, t1 - t0);
	for (i = 0; i < nconn; i++)
		close(c[i].fd);
	free(c);
	return 0;
}

static int
bench_power(const char *sock, const char *server, long n)
{
	struct bconn	 c;
	double		*lat, t0;
	long		 i;

	memset(&c, 0, sizeof(c));
	if ((lat = calloc((size_t)n, sizeof(*lat))) == NULL)
		return 1;
	if ((c.fd = dial(sock)) == -1) {
		perror("pdbench: connect");
		return 1;
	}
	for (i = 0; i < n; i++) {
		t0 = now();
		if (send_req(&c, server, i % 2 ? "off" : "on") == -1 ||
		    read_reply(&c) != 1)
			return 1;
		lat[i] = (now() - t0) * 1000.0;
	}
	qsort(lat, (size_t)n, sizeof(*lat), cmp);
	printf("power_op_p50 %.3f ms - (%ld on/off ops, sim, no delays)\n",
	    lat[n / 2], n);
	printf("power_op_p99 %.3f ms <=1 (max %.3f ms)\n",
	    lat[(n * 99) / 100], lat[n - 1]);
	close(c.fd);
	free(lat);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char	*sock = "/run/bmcsim/powerd.sock", *server = "srv1";
	const char	*errstr;
	double		 secs = 3;
	long		 n = 2000;
	int		 ch, nconn = 4;

	while ((ch = getopt(argc, argv, "c:n:s:S:t:")) != -1) {
		switch (ch) {
		case 'c':
			nconn = (int)strtonum(optarg, 1, CONN_MAX, &errstr);
			if (errstr != NULL)
				usage();
			break;
		case 'n':
			n = (long)strtonum(optarg, 2, 10000000, &errstr);
			if (errstr != NULL)
				usage();
			break;
		case 's':
			server = optarg;
			break;
		case 'S':
			sock = optarg;
			break;
		case 't':
			secs = (double)strtonum(optarg, 1, 3600, &errstr);
			if (errstr != NULL)
				usage();
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	if (strcmp(argv[optind], "status") == 0)
		return bench_status(sock, server, nconn, secs);
	if (strcmp(argv[optind], "power") == 0)
		return bench_power(sock, server, n);
	usage();
}
