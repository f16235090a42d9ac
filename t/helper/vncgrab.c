/* vncgrab.c: a libvncclient test client: screenshots, keys, latency, bytes. */
/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <linux/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rfb/rfbclient.h>

#include "util.h"

/*
 * vncgrab [-q] [-e encodings] [-o out.ppm] [-p pwfile] [-t ms]
 *         [-k text] [-K keysym] [-M x,y,buttons] ... host:port
 *   Connect, receive the whole screen, optionally send keys and pointer
 *   events (in command line order), write a PPM.
 *   Prints "WxH name" on stdout.
 * vncgrab -F sold-socket -l N host:port
 *   Act as sold for vncd (-U sold-socket): toggle one cell N times and
 *   print the change-to-pixels latency (p50, p95, ms).
 * vncgrab -F sold-socket -s N host:port
 *   Scroll N lines through the console; print bytes per update.
 * vncgrab -D host:port -x prog -l N host:port
 *   Two viewers, one through host:port (e.g. vncd -m proxy) and one
 *   direct (-D, e.g. x11vnc): "prog -solid #rrggbb" (xsetroot, or
 *   vncxroot.py) toggles the root window N times; print the latency of
 *   each and the difference.
 */

extern char	**environ;

#define GRAB_MAX_KEYS	64

static int	tag;
static int	quiet;
static const char *pwfile;

struct view {
	rfbClient	*c;
	int		 updates;		/* FramebufferUpdates finished */
	uint64_t	 done_ns;		/* when the last one finished */
	uint8_t		*tiles;			/* 16x16 tiles received */
	int		 ntiles, covered;
};

static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "vncgrab: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

static void __attribute__((format(printf, 1, 2)))
nolog(const char *fmt, ...)
{
	va_list	ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static char *
getpw(rfbClient *c)
{
	char	buf[128];

	(void)c;
	if (pwfile == NULL || util_read_secret(pwfile, buf, sizeof(buf)) == -1)
		return strdup("");
	return strdup(buf);
}

static void
finished(rfbClient *c)
{
	struct view	*v = rfbClientGetClientData(c, &tag);

	v->updates++;
	v->done_ns = now_ns();
}

static void
tiles_reset(struct view *v)
{
	v->ntiles = ((v->c->width + 15) / 16) * ((v->c->height + 15) / 16);
	free(v->tiles);
	if ((v->tiles = calloc((size_t)v->ntiles, 1)) == NULL)
		die("calloc");
	v->covered = 0;
}

static void
got_rect(rfbClient *c, int x, int y, int w, int h)
{
	struct view	*v = rfbClientGetClientData(c, &tag);
	int		 tw = (c->width + 15) / 16, i, j;

	if (v->tiles == NULL)
		return;
	if (v->ntiles != tw * ((c->height + 15) / 16))
		tiles_reset(v);		/* the server resized (NewFBSize) */
	for (j = y / 16; j < (y + h + 15) / 16 && j < (c->height + 15) / 16; j++)
		for (i = x / 16; i < (x + w + 15) / 16 && i < tw; i++)
			if (!v->tiles[j * tw + i]) {
				v->tiles[j * tw + i] = 1;
				v->covered++;
			}
}

static int
got_all(struct view *v, void *arg)
{
	(void)arg;
	return v->tiles != NULL && v->covered == v->ntiles;
}

static void
view_open(struct view *v, const char *hostport, const char *enc)
{
	const char	*colon = strrchr(hostport, ':');
	rfbClient	*c;

	memset(v, 0, sizeof(*v));
	if (colon == NULL)
		die("want host:port, not %s", hostport);
	if ((c = rfbGetClient(8, 3, 4)) == NULL)
		die("rfbGetClient");
	rfbClientSetClientData(c, &tag, v);
	c->FinishedFrameBufferUpdate = finished;
	c->GotFrameBufferUpdate = got_rect;
	c->GetPassword = getpw;
	c->canHandleNewFBSize = TRUE;
	c->connectTimeout = 5;
	c->readTimeout = 10;
	if (enc != NULL)
		c->appData.encodingsString = enc;
	free(c->serverHost);
	c->serverHost = strndup(hostport, (size_t)(colon - hostport));
	c->serverPort = atoi(colon + 1);
	if (!rfbInitClient(c, NULL, NULL))
		die("cannot connect to %s", hostport);
	v->c = c;
	tiles_reset(v);
}

/* Handle messages until cond(v) or timeout; 0 if cond was met. */
static int
view_until(struct view *v, int (*cond)(struct view *, void *), void *arg,
    int ms)
{
	uint64_t	end = now_ns() + (uint64_t)ms * 1000000ULL;
	struct pollfd	pfd;
	int		left;

	while (!cond(v, arg)) {
		if (v->c->buffered == 0) {
			left = (int)((end - now_ns()) / 1000000ULL);
			if (now_ns() >= end)
				return -1;
			pfd.fd = v->c->sock;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, left > 0 ? left : 1) <= 0)
				continue;
		}
		if (!HandleRFBServerMessage(v->c))
			die("connection lost");
	}
	return 0;
}

static void
write_ppm(struct view *v, const char *path)
{
	rfbClient	*c = v->c;
	FILE		*f;
	int		 x, y;
	uint8_t		*p;

	if ((f = fopen(path, "wb")) == NULL)
		die("%s: %s", path, strerror(errno));
	fprintf(f, "P6\n%d %d\n255\n", c->width, c->height);
	for (y = 0; y < c->height; y++)
		for (x = 0; x < c->width; x++) {
			p = c->frameBuffer + ((size_t)y * c->width + x) * 4;
			fputc(p[0], f);
			fputc(p[1], f);
			fputc(p[2], f);
		}
	if (fclose(f) == EOF)
		die("%s: %s", path, strerror(errno));
}

static uint32_t
keysym_of(const char *s)
{
	static const struct {
		const char	*name;
		uint32_t	 sym;
	} names[] = {
		{ "Return", 0xff0d }, { "BackSpace", 0xff08 },
		{ "Tab", 0xff09 }, { "Escape", 0xff1b }, { "Up", 0xff52 },
		{ "Down", 0xff54 }, { "Left", 0xff51 }, { "Right", 0xff53 },
		{ "Home", 0xff50 }, { "End", 0xff57 }, { "Delete", 0xffff },
		{ "F1", 0xffbe }, { "Control_L", 0xffe3 }, { "Alt_L", 0xffe9 },
	};
	size_t	i;

	for (i = 0; i < nitems(names); i++)
		if (strcmp(names[i].name, s) == 0)
			return names[i].sym;
	return (uint32_t)strtoul(s, NULL, 0);
}

/* -K: "Control_L+c" holds Control_L around c. */
static void
send_combo(rfbClient *c, const char *spec)
{
	char		 buf[64], *plus;
	uint32_t	 mod = 0, key;

	strlcpy(buf, spec, sizeof(buf));
	if ((plus = strchr(buf, '+')) != NULL && plus[1] != '\0') {
		*plus = '\0';
		mod = keysym_of(buf);
		key = plus[1] != '\0' && plus[2] == '\0' ?
		    (uint32_t)(uint8_t)plus[1] : keysym_of(plus + 1);
	} else
		key = buf[1] == '\0' ? (uint32_t)(uint8_t)buf[0] :
		    keysym_of(buf);
	if (mod)
		SendKeyEvent(c, mod, TRUE);
	SendKeyEvent(c, key, TRUE);
	SendKeyEvent(c, key, FALSE);
	if (mod)
		SendKeyEvent(c, mod, FALSE);
}

/* The fake sold: a unix listener; vncd connects and sends its header. */
static int
fake_sold(const char *path, int ms)
{
	struct sockaddr_un	 sun;
	struct pollfd		 pfd;
	char			 hdr[128];
	int			 l, fd;
	size_t			 n = 0;

	if ((l = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		die("socket: %s", strerror(errno));
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
	unlink(path);
	if (bind(l, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(l, 4) == -1)
		die("%s: %s", path, strerror(errno));
	pfd.fd = l;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, ms) != 1)
		die("vncd did not connect to %s", path);
	if ((fd = accept(l, NULL, NULL)) == -1)
		die("accept: %s", strerror(errno));
	close(l);
	unlink(path);
	while (n < sizeof(hdr) - 1) {
		if (read(fd, hdr + n, 1) != 1)
			die("no header");
		if (hdr[n++] == '\n')
			break;
	}
	return fd;
}

static void
xwrite(int fd, const char *s)
{
	size_t	n = strlen(s);

	if (write(fd, s, n) != (ssize_t)n)
		die("console write: %s", strerror(errno));
}

/* Cell (col 0, row 0): any pixel unlike the top left pixel of the screen? */
struct cellq {
	int	want;
	int	x, y;			/* pixel to look at (dual mode) */
	uint8_t	rgb[3];
};

static int
cell_inked(struct view *v, void *arg)
{
	struct cellq	*q = arg;
	rfbClient	*c = v->c;
	const uint8_t	*p, *bg = c->frameBuffer + ((size_t)15 * c->width) * 4;
	int		 x, y, ink = 0;

	for (y = 0; y < 14 && !ink; y++)
		for (x = 0; x < 8 && !ink; x++) {
			p = c->frameBuffer + ((size_t)y * c->width + x) * 4;
			ink = memcmp(p, bg, 3) != 0;
		}
	return ink == q->want;
}

static int
pixel_is(struct view *v, void *arg)
{
	struct cellq	*q = arg;
	rfbClient	*c = v->c;
	const uint8_t	*p = c->frameBuffer + ((size_t)q->y * c->width + q->x) * 4;

	return p[0] == q->rgb[0] && p[1] == q->rgb[1] && p[2] == q->rgb[2];
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
print_lat(const char *what, double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	printf("%s n=%d p50=%.2f p95=%.2f max=%.2f ms\n", what, n,
	    ms[n / 2], ms[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1],
	    ms[n - 1]);
}

static void
console_latency(struct view *v, int fd, int n)
{
	struct cellq	 q;
	double		*ms;
	uint64_t	 t0;
	int		 i;

	if ((ms = calloc((size_t)n, sizeof(*ms))) == NULL)
		die("calloc");
	xwrite(fd, "\033[2J\033[25;1H");
	q.want = 0;
	if (view_until(v, cell_inked, &q, 5000) == -1)
		die("screen did not clear");
	for (i = 0; i < n; i++) {
		q.want = i % 2 == 0;
		t0 = now_ns();
		xwrite(fd, q.want ? "\0337\033[1;1H#\0338" : "\0337\033[1;1H \0338");
		if (view_until(v, cell_inked, &q, 5000) == -1)
			die("change %d never arrived", i);
		ms[i] = (double)(now_ns() - t0) / 1e6;
		usleep(2000);
	}
	print_lat("console-latency", ms, n);
	free(ms);
}

static uint64_t
tcp_bytes_in(int sock)
{
	struct tcp_info	ti;
	socklen_t	len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(sock, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1)
		return 0;
	return ti.tcpi_bytes_received;
}

static int
never(struct view *v, void *arg)
{
	(void)v;
	(void)arg;
	return 0;
}

static void
console_scroll(struct view *v, int fd, int n, const char *enc)
{
	char		line[128];
	uint64_t	b0;
	int		i, u0;

	xwrite(fd, "\033[2J\033[25;1H");
	view_until(v, never, NULL, 300);
	b0 = tcp_bytes_in(v->c->sock);
	u0 = v->updates;
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "\r\nline %05d: the quick brown fox "
		    "jumps over the lazy dog %d", i, i * 7919);
		xwrite(fd, line);
		view_until(v, never, NULL, 20);
	}
	view_until(v, never, NULL, 500);
	printf("scroll enc=%s lines=%d updates=%d bytes=%llu "
	    "bytes/update=%.0f bytes/line=%.0f\n", enc != NULL ? enc : "default",
	    n, v->updates - u0,
	    (unsigned long long)(tcp_bytes_in(v->c->sock) - b0),
	    v->updates > u0 ? (double)(tcp_bytes_in(v->c->sock) - b0) /
	    (v->updates - u0) : 0.0,
	    (double)(tcp_bytes_in(v->c->sock) - b0) / n);
}

static const char *xprog = "xsetroot";

static void
xsetroot(const char *color)
{
	char	*argv[] = { NULL, "-solid", NULL, NULL };
	pid_t	 pid;

	argv[0] = (char *)(uintptr_t)xprog;
	argv[2] = (char *)(uintptr_t)color;
	if (posix_spawnp(&pid, xprog, NULL, NULL, argv, environ) != 0)
		die("%s: %s", xprog, strerror(errno));
	/* reaped later: the change is what we time, not the process */
}

static void
dual_latency(struct view *a, struct view *b, int n)
{
	static const char *col[2] = { "#ff0000", "#0000ff" };
	struct cellq	 q;
	struct view	*vs[2] = { a, b };
	double		*la, *lb, *ld;
	uint64_t	 t0, t[2];
	struct pollfd	 pfd[2];
	int		 i, k, seen;

	la = calloc((size_t)n, sizeof(double));
	lb = calloc((size_t)n, sizeof(double));
	ld = calloc((size_t)n, sizeof(double));
	if (la == NULL || lb == NULL || ld == NULL)
		die("calloc");
	q.x = 10;
	q.y = 10;
	for (i = 0; i < n; i++) {
		q.rgb[0] = i % 2 == 0 ? 0xff : 0;
		q.rgb[1] = 0;
		q.rgb[2] = i % 2 == 0 ? 0 : 0xff;
		t0 = now_ns();
		xsetroot(col[i % 2]);
		t[0] = t[1] = 0;
		seen = 0;
		while (seen != 3) {
			if (now_ns() - t0 > 5000000000ULL)
				die("change %d never arrived (%d)", i, seen);
			for (k = 0; k < 2; k++) {
				pfd[k].fd = vs[k]->c->sock;
				pfd[k].events = POLLIN;
				pfd[k].revents = vs[k]->c->buffered > 0 ?
				    POLLIN : 0;
			}
			if (pfd[0].revents == 0 && pfd[1].revents == 0 &&
			    poll(pfd, 2, 100) <= 0)
				continue;
			for (k = 0; k < 2; k++) {
				if (!(pfd[k].revents & POLLIN) ||
				    (seen & (1 << k)))
					continue;
				if (!HandleRFBServerMessage(vs[k]->c))
					die("connection lost");
				if (pixel_is(vs[k], &q)) {
					t[k] = vs[k]->done_ns;
					seen |= 1 << k;
				}
			}
		}
		la[i] = (double)(t[0] - t0) / 1e6;
		lb[i] = (double)(t[1] - t0) / 1e6;
		ld[i] = la[i] - lb[i];
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(20000);
	}
	while (waitpid(-1, NULL, 0) > 0)
		;
	print_lat("via-latency", la, n);
	print_lat("direct-latency", lb, n);
	print_lat("added-latency", ld, n);
	free(la);
	free(lb);
	free(ld);
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: vncgrab [-q] [-D host:port] [-e encodings] "
	    "[-F sold-socket] [-K keysym] [-k text] [-l n] [-M x,y,buttons] "
	    "[-o file.ppm] "
	    "[-p pwfile] [-s n] [-t ms] [-x prog] host:port\n");
	exit(100);
}

int
main(int argc, char *argv[])
{
	struct view	 v, d;
	const char	*out = NULL, *enc = NULL, *fake = NULL, *direct = NULL;
	const char	*keys[GRAB_MAX_KEYS];
	int		 istext[GRAB_MAX_KEYS];
	int		 ch, nkeys = 0, lat = 0, scroll = 0, timeout = 10000;
	int		 xset = 0, fd = -1, i;

	while ((ch = getopt(argc, argv, "D:e:F:K:k:l:M:o:p:qs:t:x:")) != -1) {
		switch (ch) {
		case 'D':
			direct = optarg;
			break;
		case 'e':
			enc = optarg;
			break;
		case 'F':
			fake = optarg;
			break;
		case 'K':
			if (nkeys == GRAB_MAX_KEYS)
				usage();
			istext[nkeys] = 0;
			keys[nkeys++] = optarg;
			break;
		case 'M':
			if (nkeys == GRAB_MAX_KEYS)
				usage();
			istext[nkeys] = 2;
			keys[nkeys++] = optarg;
			break;
		case 'k':
			if (nkeys == GRAB_MAX_KEYS)
				usage();
			istext[nkeys] = 1;
			keys[nkeys++] = optarg;
			break;
		case 'l':
			lat = atoi(optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			pwfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 's':
			scroll = atoi(optarg);
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		case 'x':
			xset = 1;
			xprog = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	quiet = 1;
	rfbClientLog = nolog;
	rfbClientErr = nolog;
	signal(SIGPIPE, SIG_IGN);

	view_open(&v, argv[optind], enc);
	if (view_until(&v, got_all, NULL, timeout) == -1)
		die("no framebuffer update in %d ms", timeout);
	printf("%dx%d %s\n", v.c->width, v.c->height,
	    v.c->desktopName != NULL ? v.c->desktopName : "");

	if (fake != NULL) {
		fd = fake_sold(fake, timeout);
		if (lat > 0)
			console_latency(&v, fd, lat);
		if (scroll > 0)
			console_scroll(&v, fd, scroll, enc);
		close(fd);
	} else if (direct != NULL && xset && lat > 0) {
		view_open(&d, direct, enc);
		if (view_until(&d, got_all, NULL, timeout) == -1)
			die("no update from %s", direct);
		dual_latency(&v, &d, lat);
		free(d.c->frameBuffer);
		free(d.tiles);
		rfbClientCleanup(d.c);
	}
	for (i = 0; i < nkeys; i++) {
		if (istext[i] == 0) {
			send_combo(v.c, keys[i]);
			continue;
		}
		if (istext[i] == 2) {
			int	mx = 0, my = 0, mb = 0;

			if (sscanf(keys[i], "%d,%d,%d", &mx, &my, &mb) < 2)
				usage();
			SendPointerEvent(v.c, mx, my, mb);
			continue;
		}
		for (const char *t = keys[i]; *t != '\0'; t++) {
			SendKeyEvent(v.c, (uint8_t)*t, TRUE);
			SendKeyEvent(v.c, (uint8_t)*t, FALSE);
		}
	}
	if (out != NULL) {
		/* let the screen settle: everything pending arrives first */
		tiles_reset(&v);
		SendFramebufferUpdateRequest(v.c, 0, 0, v.c->width,
		    v.c->height, FALSE);
		if (view_until(&v, got_all, NULL, timeout) == -1)
			die("no full update in %d ms", timeout);
		write_ppm(&v, out);
	}
	free(v.c->frameBuffer);
	free(v.tiles);
	rfbClientCleanup(v.c);
	return 0;
}
