/* enginebench.c: powerd/engine.c alone against a dockerd: requests, events, attach, timing. */
/* SPDX-License-Identifier: ISC */

/*
 * The helpers' link line has libcommon only, so the engine is compiled
 * in here (as obmc-console's tests include the file under test).
 *
 *   enginebench [-v] [-N fd] [-t ms] -D sock request METHOD PATH [BODY]
 *   enginebench [-v] [-N fd] -D sock events [FILTERS]
 *   enginebench [-v] -D sock attach NAME SEND EXPECT
 *   enginebench [-v] -D sock bench N METHOD PATH [BODY]
 *
 * request prints "STATUS" then the body (or the error message); exit 0
 * for 1xx-3xx.  events prints "up", "down" and "ACTION NAME" lines until
 * SIGTERM; -N gets "up" once the stream is first connected.  attach
 * writes SEND to the console and exits 0 once EXPECT was read (10 s).
 * bench makes N requests one after another and prints p50/p99/max in ms.
 */

#include "../../powerd/engine.c"

#include <poll.h>
#include <signal.h>

#include "notify.h"

static struct ev_loop	*loop;
static int		 exitcode = 1;
static int		 readyfd = -1;
static long		 left;
static double		*lat;
static long		 nlat;
static double		 t0;
static const char	*b_method, *b_path, *b_body;
static struct engine	*eng;
static long		 tmo = 10000;

static double
mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: enginebench [-v] [-N fd] [-t ms] -D sock "
	    "request|events|attach|bench ...\n");
	exit(EXIT_USAGE);
}

static void
req_done(void *arg, int status, const char *body, size_t len,
    const char *errmsg)
{
	UNUSED(arg);
	printf("%d\n", status);
	if (errmsg != NULL)
		printf("%s\n", errmsg);
	else
		fwrite(body, 1, len, stdout);
	exitcode = status >= 100 && status < 400 ? 0 : 1;
	ev_break(loop, EVBREAK_ALL);
}

static void
ev_event(void *arg, const cJSON *ev)
{
	const cJSON	*a, *actor, *attrs, *name;

	UNUSED(arg);
	a = cJSON_GetObjectItemCaseSensitive(ev, "Action");
	actor = cJSON_GetObjectItemCaseSensitive(ev, "Actor");
	attrs = cJSON_GetObjectItemCaseSensitive(actor, "Attributes");
	name = cJSON_GetObjectItemCaseSensitive(attrs, "name");
	printf("%s %s\n", cJSON_IsString(a) ? a->valuestring : "?",
	    cJSON_IsString(name) ? name->valuestring : "?");
	fflush(stdout);
}

static void
ev_stream(void *arg, int up)
{
	UNUSED(arg);
	printf("%s\n", up ? "up" : "down");
	fflush(stdout);
	if (up && readyfd != -1) {
		notify_ready(readyfd, "up");
		readyfd = -1;
	}
}

static void
sig_cb(struct ev_loop *l, ev_signal *w, int revents)
{
	UNUSED(w);
	UNUSED(revents);
	exitcode = 0;
	ev_break(l, EVBREAK_ALL);
}

static int
attach_expect(int fd, const char *send, const char *expect)
{
	static char	 buf[65536];
	struct pollfd	 pfd;
	size_t		 len = 0;
	ssize_t		 n;
	double		 end = mono() + 10;
	char		 line[1024];

	n = snprintf(line, sizeof(line), "%s\r", send);
	if (n < 0 || (size_t)n >= sizeof(line) ||
	    write(fd, line, (size_t)n) != n)
		return 1;
	while (mono() < end) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		if ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) <= 0) {
			printf("eof\n");
			return 1;
		}
		len += (size_t)n;
		buf[len] = '\0';
		/* skip the echo of what we typed: look after it */
		if (strstr(buf, expect) != NULL) {
			fwrite(buf, 1, len, stdout);
			printf("\n");
			return 0;
		}
		if (len == sizeof(buf) - 1)
			len = 0;
	}
	fwrite(buf, 1, len, stdout);
	printf("\ntimeout\n");
	return 1;
}

struct attach_args {
	const char	*send, *expect;
};

static void
att_done(void *arg, int fd, const char *errmsg)
{
	struct attach_args	*a = arg;
	int			 fl;

	if (fd == -1) {
		printf("error: %s\n", errmsg);
		exitcode = 2;
	} else {
		fl = fcntl(fd, F_GETFL);
		if (fl & O_NONBLOCK) {
			printf("fd is non-blocking\n");
			exitcode = 3;
		} else
			exitcode = attach_expect(fd, a->send, a->expect);
		close(fd);
	}
	ev_break(loop, EVBREAK_ALL);
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void bench_next(void);

static void
bench_done(void *arg, int status, const char *body, size_t len,
    const char *errmsg)
{
	UNUSED(arg);
	UNUSED(body);
	UNUSED(len);
	if (status < 100 || status >= 400) {
		printf("error: %d %s\n", status, errmsg ? errmsg : "");
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	lat[nlat++] = (mono() - t0) * 1000.0;
	if (--left == 0) {
		qsort(lat, (size_t)nlat, sizeof(lat[0]), cmp_double);
		printf("n=%ld p50=%.3f p99=%.3f max=%.3f ms\n", nlat,
		    lat[nlat / 2], lat[(nlat * 99) / 100 < nlat ?
		    (nlat * 99) / 100 : nlat - 1], lat[nlat - 1]);
		exitcode = 0;
		ev_break(loop, EVBREAK_ALL);
		return;
	}
	bench_next();
}

static void
bench_next(void)
{
	t0 = mono();
	if (engine_request(eng, b_method, b_path, b_body, 10000, bench_done,
	    NULL) == -1)
		fatalx("engine_request");
}

int
main(int argc, char *argv[])
{
	struct attach_args	 aa;
	ev_signal		 sterm, sint;
	const char		*sock = NULL, *errstr;
	int			 ch, verbose = 0;

	while ((ch = getopt(argc, argv, "D:N:t:v")) != -1) {
		switch (ch) {
		case 'D':
			sock = optarg;
			break;
		case 'N':
			readyfd = (int)strtonum(optarg, 0, 1024, &errstr);
			if (errstr != NULL)
				usage();
			break;
		case 't':
			tmo = (long)strtonum(optarg, 1, 3600000, &errstr);
			if (errstr != NULL)
				usage();
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (sock == NULL || argc < 1)
		usage();
	log_init("enginebench", 0, verbose);
	signal(SIGPIPE, SIG_IGN);
	loop = ev_default_loop(0);
	ev_signal_init(&sterm, sig_cb, SIGTERM);
	ev_signal_init(&sint, sig_cb, SIGINT);
	ev_signal_start(loop, &sterm);
	ev_signal_start(loop, &sint);
	ev_unref(loop);
	ev_unref(loop);
	if ((eng = engine_new(loop, sock)) == NULL)
		fatalx("engine_new");
	if (strcmp(argv[0], "request") == 0 && (argc == 3 || argc == 4)) {
		if (engine_request(eng, argv[1], argv[2], argc == 4 ? argv[3] :
		    NULL, tmo, req_done, NULL) == -1)
			fatalx("engine_request");
	} else if (strcmp(argv[0], "events") == 0 && argc <= 2) {
		if (engine_events(eng, argc == 2 ? argv[1] : NULL, ev_event,
		    ev_stream, NULL) == -1)
			fatalx("engine_events");
		/* the stream's timers keep the loop alive; SIGTERM ends it */
		ev_ref(loop);
	} else if (strcmp(argv[0], "attach") == 0 && argc == 4) {
		aa.send = argv[2];
		aa.expect = argv[3];
		if (engine_attach(eng, argv[1], tmo, att_done, &aa) == -1)
			fatalx("engine_attach");
	} else if (strcmp(argv[0], "bench") == 0 && (argc == 4 || argc == 5)) {
		left = (long)strtonum(argv[1], 1, 1000000, &errstr);
		if (errstr != NULL)
			usage();
		if ((lat = calloc((size_t)left, sizeof(*lat))) == NULL)
			fatal("calloc");
		b_method = argv[2];
		b_path = argv[3];
		b_body = argc == 5 ? argv[4] : NULL;
		bench_next();
	} else
		usage();
	if (readyfd != -1 && strcmp(argv[0], "events") != 0) {
		notify_ready(readyfd, "ready");
		readyfd = -1;
	}
	ev_run(loop, 0);
	engine_free(eng);
	free(lat);
	ev_loop_destroy(loop);
	return exitcode;
}
