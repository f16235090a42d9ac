/* conbench.c: fake powerd handing sold a socketpair console; bench. */
/* SPDX-License-Identifier: ISC */

/*
 * Modes (all take -N fd for readiness, as the daemons do):
 *   conbench -S pd.sock -H host.sock      serve: fake powerd; the host side
 *       of the console is bridged to the clients of host.sock (output to
 *       all of them, input from any).  SIGUSR1
 *       sends a power "on" event to subscribers, SIGUSR2 closes the
 *       console (the taker sees EOF).  The number of console ops served is
 *       written to host.sock's path + ".takes" after each.  With -D the
 *       host output goes out as Docker attach frames (stdout and stderr
 *       in turn, split in two frames), as a container without a TTY.
 *   conbench -S pd.sock -c addr:port      bench sold: serve the console to
 *       sold, then connect -r readers to addr and measure.
 *   conbench -p -c addr:port              bench a pty server (ser2net): the
 *       readiness line is the pty's slave path; the bench starts once a
 *       reader can connect to addr.
 * The bench prints host-to-reader latency (p50/p99) and per-reader
 * throughput, and with -z the throughput again with one more reader that
 * never reads; it asserts nothing.
 */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fdpass.h"
#include "notify.h"
#include "pdmsg.h"
#include "sock.h"
#include "util.h"

#define PCONN_MAX	8
#define READERS_MAX	32

struct pconn {
	int	 fd;
	int	 sub;
	size_t	 len;
	char	 buf[PD_MSG_MAX];
};

static struct pconn		 pcs[PCONN_MAX];
#define HOSTC_MAX	8
static int			 pd_lis = -1, host_lis = -1;
static int			 hostc[HOSTC_MAX];
static int			 con = -1;	/* our end of the console */
static unsigned long		 takes;
static const char		*host_path;
static volatile sig_atomic_t	 got_usr1, got_usr2, got_term;
static int			 docker_frames;	/* -D */

static double
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
sighdlr(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else if (sig == SIGUSR2)
		got_usr2 = 1;
	else
		got_term = 1;
}

static void
pd_send(struct pconn *p, cJSON *o, int fd)
{
	char	*s;
	size_t	 len;

	if ((s = pdmsg_print(o, PD_REPLY_MAX, &len)) != NULL) {
		if (fdpass_send(p->fd, s, len, fd) != (ssize_t)len)
			fprintf(stderr, "conbench: short reply\n");
		free(s);
	}
	cJSON_Delete(o);
}

static void
write_takes(void)
{
	char	path[512], num[32];
	int	n;

	if (host_path == NULL)
		return;
	snprintf(path, sizeof(path), "%s.takes", host_path);
	n = snprintf(num, sizeof(num), "%lu\n", takes);
	util_write_atomic(path, num, n, 0644);
}

static void
pd_line(struct pconn *p, const char *line, size_t len)
{
	cJSON		*req, *rep;
	const char	*op;
	long		 id;
	int		 sv[2];

	if ((req = pdmsg_parse(line, len)) == NULL)
		return;
	id = pdmsg_id(req);
	op = pdmsg_str(req, "op", "");
	if (strcmp(op, "console") == 0) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
		    sv) == -1) {
			pd_send(p, pdmsg_error(id, "engine", "socketpair"), -1);
			goto out;
		}
		if (con != -1)
			close(con);	/* one owner, as the sim */
		con = sv[0];
		sock_set_nonblock(con, 1);
		rep = pdmsg_reply(id, 1);
		cJSON_AddNumberToObject(rep, "fd", 1);
		pd_send(p, rep, sv[1]);
		close(sv[1]);
		takes++;
		write_takes();
	} else if (strcmp(op, "subscribe") == 0) {
		p->sub = 1;
		pd_send(p, pdmsg_reply(id, 1), -1);
	} else
		pd_send(p, pdmsg_error(id, "unknown-op", "%s", op), -1);
out:
	cJSON_Delete(req);
}

static void
pd_read(struct pconn *p)
{
	ssize_t	 k;
	char	*nl;
	int	 fd = -1;

	k = fdpass_recv(p->fd, p->buf + p->len, sizeof(p->buf) - p->len, &fd);
	if (fd != -1)
		close(fd);
	if (k <= 0) {
		close(p->fd);
		p->fd = -1;
		p->len = 0;
		p->sub = 0;
		return;
	}
	p->len += k;
	while ((nl = memchr(p->buf, '\n', p->len)) != NULL) {
		pd_line(p, p->buf, nl - p->buf);
		p->len -= nl + 1 - p->buf;
		memmove(p->buf, nl + 1, p->len);
	}
	if (p->len == sizeof(p->buf))
		p->len = 0;
}

static void
pd_event_on(void)
{
	cJSON	*ev;
	int	 i;

	for (i = 0; i < PCONN_MAX; i++) {
		if (pcs[i].fd == -1 || !pcs[i].sub)
			continue;
		ev = cJSON_CreateObject();
		cJSON_AddNumberToObject(ev, "v", 1);
		cJSON_AddStringToObject(ev, "event", "power");
		cJSON_AddStringToObject(ev, "server", "srv1");
		cJSON_AddStringToObject(ev, "power", "on");
		cJSON_AddStringToObject(ev, "prev", "off");
		pd_send(&pcs[i], ev, -1);
	}
}

static void
write_to(int to, const char *buf, ssize_t k)
{
	ssize_t	w, off;

	for (off = 0; to != -1 && off < k; off += w) {
		if ((w = write(to, buf + off, k - off)) == -1) {
			if (errno == EAGAIN) {
				struct pollfd	pf = { to, POLLOUT, 0 };

				poll(&pf, 1, 1000);
				w = 0;
				continue;
			}
			break;
		}
	}
}

/*
 * Copy what is readable from one fd to others (blocking writes: a test tool).
 */
static int
pump(int from, const int *to, int nto)
{
	char	buf[65536];
	ssize_t	k;
	int	i;

	static uint8_t	type = 1;
	uint8_t		hdr[8] = { 0 };
	ssize_t		half;

	if ((k = read(from, buf, sizeof(buf))) <= 0)
		return k == -1 && errno == EAGAIN ? 0 : -1;
	for (i = 0; i < nto; i++) {
		if (!docker_frames || to[i] != con) {
			write_to(to[i], buf, k);
			continue;
		}
		half = k / 2;
		hdr[0] = type;
		hdr[4] = half >> 24;
		hdr[5] = half >> 16;
		hdr[6] = half >> 8;
		hdr[7] = half;
		write_to(con, (char *)hdr, 8);
		write_to(con, buf, half);
		hdr[0] = type = type == 1 ? 2 : 1;
		hdr[4] = (k - half) >> 24;
		hdr[5] = (k - half) >> 16;
		hdr[6] = (k - half) >> 8;
		hdr[7] = k - half;
		write_to(con, (char *)hdr, 8);
		write_to(con, buf + half, k - half);
	}
	return 0;
}

/*
 * One round of the fake powerd (and the host bridge); extra fds are polled
 * too.
 */
static int
pd_poll(int timeout, struct pollfd *extra, int nextra)
{
	struct pollfd	 pfd[PCONN_MAX + HOSTC_MAX + 3 + READERS_MAX];
	int		 np = 0, i, fd, r, pcbase;

	if (got_usr1) {
		got_usr1 = 0;
		pd_event_on();
	}
	if (got_usr2) {
		got_usr2 = 0;
		if (con != -1)
			close(con);
		con = -1;
	}
	pfd[np++] = (struct pollfd){ pd_lis, POLLIN, 0 };
	pfd[np++] = (struct pollfd){ host_lis, POLLIN, 0 };
	pfd[np++] = (struct pollfd){ host_lis != -1 ? con : -1, POLLIN, 0 };
	for (i = 0; i < HOSTC_MAX; i++)
		pfd[np++] = (struct pollfd){ hostc[i], POLLIN, 0 };
	pcbase = np;
	for (i = 0; i < PCONN_MAX; i++)
		pfd[np++] = (struct pollfd){ pcs[i].fd, POLLIN, 0 };
	for (i = 0; i < nextra; i++)
		pfd[np++] = extra[i];
	for (i = 0; i < nextra; i++)
		extra[i].revents = 0;
	if ((r = poll(pfd, np, timeout)) <= 0)
		return r;
	if (pfd[0].revents & POLLIN &&
	    (fd = accept4(pd_lis, NULL, NULL, SOCK_CLOEXEC)) != -1) {
		for (i = 0; i < PCONN_MAX && pcs[i].fd != -1; i++)
			;
		if (i == PCONN_MAX)
			close(fd);
		else
			pcs[i].fd = fd;
	}
	if (pfd[1].revents & POLLIN &&
	    (fd = accept4(host_lis, NULL, NULL, SOCK_CLOEXEC)) != -1) {
		for (i = 0; i < HOSTC_MAX && hostc[i] != -1; i++)
			;
		if (i == HOSTC_MAX)
			close(fd);
		else
			hostc[i] = fd;
	}
	if (pfd[2].revents && pump(con, hostc, HOSTC_MAX) == -1) {
		close(con);
		con = -1;
	}
	for (i = 0; i < HOSTC_MAX; i++)
		if (pfd[3 + i].revents && pump(hostc[i], &con, 1) == -1) {
			close(hostc[i]);
			hostc[i] = -1;
		}
	for (i = 0; i < PCONN_MAX; i++)
		if (pfd[pcbase + i].revents && pcs[i].fd != -1)
			pd_read(&pcs[i]);
	for (i = 0; i < nextra; i++)
		extra[i].revents = pfd[pcbase + PCONN_MAX + i].revents;
	return r;
}

static int
cmp_dbl(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Read from reader i into a scratch buffer; returns bytes or -1. */
static ssize_t
rd(int fd, char *buf, size_t len)
{
	ssize_t	k;

	k = read(fd, buf, len);
	if (k == 0 || (k == -1 && errno != EAGAIN && errno != EINTR))
		return -1;
	return k < 0 ? 0 : k;
}

static void
host_write_all(const char *p, size_t len)
{
	ssize_t	w;

	while (len > 0) {
		if ((w = write(con, p, len)) == -1) {
			if (errno == EAGAIN) {
				struct pollfd	pf = { con, POLLOUT, 0 };

				poll(&pf, 1, 1000);
				continue;
			}
			fprintf(stderr, "conbench: console write: %s\n",
			    strerror(errno));
			exit(1);
		}
		p += w;
		len -= w;
	}
}

/*
 * total bytes to every reader, the writer at most 256 KiB ahead of the
 * slowest.  0: done (tdone[] per reader); 2: no reader progressed for 5 s
 * (*least: bytes the slowest got); 1: a reader was lost.
 */
static int
tput(int *fds, struct pollfd *pf, int nr, size_t total, const char *blob,
    double *tdone, size_t *least)
{
	char	buf[262144];
	size_t	got[READERS_MAX], written = 0, minv, chunk;
	double	t0, last;
	int	i, left;
	ssize_t	k, w;

	for (i = 0; i < nr; i++) {
		got[i] = 0;
		tdone[i] = 0;
	}
	t0 = last = now_s();
	for (left = nr; left > 0; ) {
		minv = total;
		for (i = 0; i < nr; i++)
			if (got[i] < minv)
				minv = got[i];
		*least = minv;
		if (written < total && written - minv < 256 * 1024) {
			chunk = total - written < 65536 ?
			    total - written : 65536;
			if ((w = write(con, blob, chunk)) > 0)
				written += w;
		}
		if (pd_poll(written < total && written - minv < 256 * 1024 ?
		    0 : 1000, pf, nr) < 0)
			continue;
		for (i = 0; i < nr; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP)) ||
			    got[i] >= total)
				continue;
			if ((k = rd(fds[i], buf, sizeof(buf))) < 0) {
				fprintf(stderr, "conbench: reader %d lost "
				    "after %zu bytes\n", i, got[i]);
				return 1;
			}
			if (k > 0)
				last = now_s();
			got[i] += k;
			if (got[i] >= total) {
				tdone[i] = now_s() - t0;
				left--;
			}
		}
		if (now_s() - last > 5)
			return 2;
	}
	return 0;
}

/* Drain what the readers still have (after a stall, the rest of it). */
static void
sync_readers(int *fds, struct pollfd *pf, int nr, double deadline)
{
	char	buf[262144];
	int	i;

	while (pd_poll(200, pf, nr) > 0 && now_s() < deadline)
		for (i = 0; i < nr; i++)
			if (pf[i].revents & POLLIN)
				rd(fds[i], buf, sizeof(buf));
}

static int
bench(const char *name, const char *addr, int nr, int rounds, size_t total,
    int wait_connect, int stall)
{
	struct pollfd	 pf[READERS_MAX];
	int		 fds[READERS_MAX];
	double		 tdone[READERS_MAX], *lat, t0, deadline;
	char		 buf[262144], msg[64], *blob;
	const char	*sync = "\r\n@@conbench-sync@@\r\n";
	size_t		 got[READERS_MAX], seen[READERS_MAX], minv;
	int		 i, j, one = 1, left, nlat = 0;
	ssize_t		 k;

	deadline = now_s() + 20;
	while (con == -1 && now_s() < deadline)
		pd_poll(100, NULL, 0);
	if (con == -1) {
		fprintf(stderr, "conbench: no console taken\n");
		return 1;
	}
	for (i = 0; i < nr; i++) {
		while ((fds[i] = sock_tcp_connect(addr, 0)) == -1 &&
		    wait_connect && now_s() < deadline)
			pd_poll(50, NULL, 0);
		if (fds[i] == -1) {
			fprintf(stderr, "conbench: connect %s: %s\n", addr,
			    strerror(errno));
			return 1;
		}
		setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		sock_set_nonblock(fds[i], 1);
		pf[i] = (struct pollfd){ fds[i], POLLIN, 0 };
		seen[i] = 0;
	}
	/*
	 * sync: every reader has seen the marker (skips telnet offers).  A
	 * reader the server has not accepted yet misses it: say it again.
	 */
	t0 = 0;
	for (left = nr; left > 0 && now_s() < deadline; ) {
		if (now_s() - t0 > 0.2) {
			host_write_all(sync, strlen(sync));
			t0 = now_s();
		}
		for (i = 0; i < nr; i++)
			pf[i].revents = 0;
		pd_poll(100, pf, nr);
		for (i = 0; i < nr; i++) {
			if (!(pf[i].revents & POLLIN) || seen[i])
				continue;
			if ((k = rd(fds[i], buf, sizeof(buf) - 1)) < 0)
				return 1;
			buf[k] = '\0';
			if (strstr(buf, "conbench-sync") != NULL) {
				seen[i] = 1;
				left--;
			}
		}
	}
	if (left > 0) {
		fprintf(stderr, "conbench: readers did not sync\n");
		return 1;
	}
	/* drain the sync tail */
	while (pd_poll(20, pf, nr) > 0)
		for (i = 0; i < nr; i++)
			if (pf[i].revents & POLLIN)
				rd(fds[i], buf, sizeof(buf));

	/* latency: one 32-byte line at a time, time to every reader */
	if ((lat = calloc((size_t)rounds * nr, sizeof(*lat))) == NULL)
		return 1;
	for (j = 0; j < rounds; j++) {
		snprintf(msg, sizeof(msg), "lat %08d ..................\n", j);
		for (i = 0; i < nr; i++)
			got[i] = 0;
		t0 = now_s();
		host_write_all(msg, 32);
		for (left = nr; left > 0; ) {
			if (pd_poll(5000, pf, nr) <= 0) {
				fprintf(stderr, "conbench: latency timeout\n");
				return 1;
			}
			for (i = 0; i < nr; i++) {
				if (!(pf[i].revents & POLLIN) || got[i] >= 32)
					continue;
				if ((k = rd(fds[i], buf, 32 - got[i])) < 0)
					return 1;
				got[i] += k;
				if (got[i] == 32) {
					lat[nlat++] = (now_s() - t0) * 1e3;
					left--;
				}
			}
		}
	}
	qsort(lat, nlat, sizeof(*lat), cmp_dbl);

	if ((blob = malloc(65536)) == NULL)
		return 1;
	for (i = 0; i < 65536; i++)
		blob[i] = (i % 64) == 63 ? '\n' : 'a' + i % 26;
	if (tput(fds, pf, nr, total, blob, tdone, &minv) != 0)
		return 1;
	printf("%-8s latency host->reader (%d readers, %d lines): p50 %.3f ms"
	    "  p99 %.3f ms\n", name, nr, rounds, lat[nlat / 2],
	    lat[(nlat * 99) / 100]);
	printf("%-8s throughput per reader (%d readers, %zu MiB):", name, nr,
	    total >> 20);
	for (i = 0; i < nr; i++)
		printf(" %.1f", total / tdone[i] / 1e6);
	printf(" MB/s\n");
	fflush(stdout);

	/* the same with one more reader that never reads */
	if (stall) {
		int	sfd;

		if ((sfd = sock_tcp_connect(addr, 0)) == -1)
			return 1;
		sync_readers(fds, pf, nr, deadline + 60);
		k = tput(fds, pf, nr, total, blob, tdone, &minv);
		printf("%-8s with a stalled reader:", name);
		if (k == 2)
			printf(" readers stalled after %zu KiB\n", minv >> 10);
		else if (k == 0) {
			for (i = 0; i < nr; i++)
				printf(" %.1f", total / tdone[i] / 1e6);
			printf(" MB/s per reader\n");
		} else
			printf(" a reader was dropped\n");
		close(sfd);
	}
	for (i = 0; i < nr; i++)
		close(fds[i]);
	free(lat);
	free(blob);
	return 0;
}

static int
open_pty(char *slave, size_t len)
{
	struct termios	 t;
	int		 m, s;
	char		*name;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1 ||
	    grantpt(m) == -1 || unlockpt(m) == -1 ||
	    (name = ptsname(m)) == NULL)
		return -1;
	strlcpy(slave, name, len);
	/* raw on both sides; keep one slave fd so the pty never hangs up */
	if ((s = open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		return -1;
	tcgetattr(s, &t);
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	sock_set_nonblock(m, 1);
	return m;
}

int
main(int argc, char *argv[])
{
	const char	*pd_path = NULL, *addr = NULL, *name = "sold";
	char		 slave[128];
	size_t		 total = 16 << 20;
	int		 ch, nfd = -1, pty = 0, nr = 4, rounds = 1000, i, rc;
	int		 stall = 0;

	while ((ch = getopt(argc, argv, "c:DH:m:n:N:pr:S:s:z")) != -1) {
		switch (ch) {
		case 'D':
			docker_frames = 1;
			break;
		case 'z':
			stall = 1;
			break;
		case 'c':
			addr = optarg;
			break;
		case 'H':
			host_path = optarg;
			break;
		case 'm':
			name = optarg;
			break;
		case 'n':
			rounds = atoi(optarg);
			break;
		case 'N':
			nfd = notify_parse_fd(optarg);
			break;
		case 'p':
			pty = 1;
			break;
		case 'r':
			nr = atoi(optarg);
			break;
		case 'S':
			pd_path = optarg;
			break;
		case 's':
			total = (size_t)atoi(optarg) << 20;
			break;
		default:
			fprintf(stderr, "usage: conbench [-Dpz] [-c addr] "
			    "[-H host.sock] [-m name] [-n rounds] [-N fd] "
			    "[-r readers] [-S pd.sock] [-s MiB]\n");
			return 100;
		}
	}
	if (nr < 1 || nr > READERS_MAX || rounds < 1)
		return 100;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR1, sighdlr);
	signal(SIGUSR2, sighdlr);
	signal(SIGTERM, sighdlr);
	signal(SIGINT, sighdlr);
	for (i = 0; i < PCONN_MAX; i++)
		pcs[i].fd = -1;
	for (i = 0; i < HOSTC_MAX; i++)
		hostc[i] = -1;
	if (pty) {
		if ((con = open_pty(slave, sizeof(slave))) == -1) {
			perror("conbench: pty");
			return 111;
		}
		notify_ready(nfd, slave);
		return addr != NULL ? bench(name, addr, nr, rounds, total, 1,
		    stall) : 0;
	}
	if (pd_path == NULL ||
	    (pd_lis = sock_unix_listen(pd_path, 0600, 16)) == -1 ||
	    (host_path != NULL &&
	    (host_lis = sock_unix_listen(host_path, 0600, 4)) == -1)) {
		perror("conbench: listen");
		return 111;
	}
	write_takes();
	notify_ready(nfd, pd_path);
	if (addr != NULL) {
		rc = bench(name, addr, nr, rounds, total, 0, stall);
		unlink(pd_path);
		return rc;
	}
	while (!got_term)
		if (pd_poll(-1, NULL, 0) == -1 && errno != EINTR)
			break;
	unlink(pd_path);
	if (host_path != NULL)
		unlink(host_path);
	return 0;
}
