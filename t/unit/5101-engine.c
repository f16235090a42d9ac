/* 5101-engine.c: engine.c's pure helpers: escape, version, errors, heads, lines. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../powerd/engine.h"
#include "util.h"
#include "../tap.h"

/* GET /version from dockerd 20.10.24+dfsg1 (Debian 12), trimmed */
static const char version_docker[] =
    "{\"Platform\":{\"Name\":\"\"},\"Components\":[{\"Name\":\"Engine\","
    "\"Version\":\"20.10.24+dfsg1\",\"Details\":{\"ApiVersion\":\"1.41\","
    "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\"}}],"
    "\"Version\":\"20.10.24+dfsg1\",\"ApiVersion\":\"1.41\","
    "\"MinAPIVersion\":\"1.12\",\"GitCommit\":\"5d6db84\","
    "\"GoVersion\":\"go1.19.8\",\"Os\":\"linux\",\"Arch\":\"amd64\","
    "\"KernelVersion\":\"6.1.0-13-amd64\",\"BuildTime\":\"2023-05-18T08:38:34"
    ".000000000+00:00\"}\n";
static const char version_podman[] =
    "{\"Platform\":{\"Name\":\"linux/amd64/debian-12\"},\"Version\":\"4.3.1\","
    "\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\"}";
/* Docker 29.0: MinAPIVersion raised to 1.44 (moby#51186) */
static const char version_29[] =
    "{\"Version\":\"29.0.0\",\"ApiVersion\":\"1.52\","
    "\"MinAPIVersion\":\"1.44\"}";
static const char version_old[] =
    "{\"Version\":\"19.03.15\",\"ApiVersion\":\"1.40\","
    "\"MinAPIVersion\":\"1.12\"}";

/* a hijacked attach answer, with console bytes right behind it */
static const char head_101[] =
    "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream"
    "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
static const char head_404[] =
    "HTTP/1.1 404 Not Found\r\nContent-Type: application/vnd.docker.raw-"
    "stream\r\n\r\nNo such container: nosuch\r\n";

/* two events as dockerd 20.10 sends them on GET /events */
static const char events[] =
    "{\"status\":\"kill\",\"id\":\"4f0c1b3a9f1e\","
    "\"from\":\"bmcsim/busybox:test\","
    "\"Type\":\"container\",\"Action\":\"kill\",\"Actor\":{\"ID\":"
    "\"4f0c1b3a9f1e\",\"Attributes\":{\"image\":\"bmcsim/busybox:test\","
    "\"name\":\"node1\",\"signal\":\"9\"}},\"scope\":\"local\",\"time\":"
    "1764107000,\"timeNano\":1764107000123456789}\n"
    "{\"status\":\"die\",\"id\":\"4f0c1b3a9f1e\","
    "\"from\":\"bmcsim/busybox:test\","
    "\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":"
    "\"4f0c1b3a9f1e\",\"Attributes\":{\"exitCode\":\"137\",\"image\":"
    "\"bmcsim/busybox:test\",\"name\":\"node1\"}},\"scope\":\"local\","
    "\"time\":1764107000,\"timeNano\":1764107000133456789}\n";

struct got {
	int	 n;
	char	 line[8][512];
	size_t	 len[8];
};

static void
collect(void *arg, const char *line, size_t len)
{
	struct got	*g = arg;

	if (g->n < 8 && len < sizeof(g->line[0])) {
		memcpy(g->line[g->n], line, len);
		g->line[g->n][len] = '\0';
		g->len[g->n] = len;
	}
	g->n++;
}

static void
test_escape(void)
{
	char	 out[256];
	size_t	 need, i;
	int	 bad;

	is_int(engine_escape("srv1-a_b.c~d", out, sizeof(out)), 0,
	    "escape: plain");
	is_str(out, "srv1-a_b.c~d", "escape: unreserved kept");
	is_int(engine_escape("{\"type\":[\"container\"]}", out, sizeof(out)), 0,
	    "escape: json");
	is_str(out, "%7B%22type%22%3A%5B%22container%22%5D%7D",
	    "escape: json golden");
	is_int(engine_escape("a/b?c&d=e f\xc3\xa9", out, sizeof(out)), 0,
	    "escape: reserved and utf-8");
	is_str(out, "a%2Fb%3Fc%26d%3De%20f%C3%A9", "escape: reserved golden");
	is_int(engine_escape("ctrl-@,ctrl-^", out, sizeof(out)), 0,
	    "escape: keys");
	is_str(out, "ctrl-%40%2Cctrl-%5E", "escape: detach keys golden");
	is_int(engine_escape("", out, 1), 0, "escape: empty fits in 1");
	is_str(out, "", "escape: empty");
	/* every output size: -1 until the escaped text and its NUL fit */
	need = strlen("%7B%22a%22%7D") + 1;
	bad = 0;
	for (i = 0; i <= need; i++) {
		int rc = engine_escape("{\"a\"}", out, i);

		if ((i < need && rc != -1) || (i == need && rc != 0))
			bad++;
	}
	is_int(bad, 0, "escape: fits exactly at strlen + 1");
}

static void
test_version(void)
{
	char	 v[ENGINE_VERSION_MAX];
	size_t	 i, n;
	int	 bad;

	is_int(engine_pick_version(version_docker, strlen(version_docker), v,
	    sizeof(v)), 0, "version: docker 20.10");
	is_str(v, "1.41", "version: docker 20.10 -> 1.41");
	is_int(engine_pick_version(version_podman, strlen(version_podman), v,
	    sizeof(v)), 0, "version: podman 4.3");
	is_str(v, "1.41", "version: podman -> 1.41");
	is_int(engine_pick_version(version_29, strlen(version_29), v,
	    sizeof(v)), 0, "version: docker 29.0");
	is_str(v, "1.44", "version: min 1.44 -> 1.44");
	is_int(engine_pick_version(version_old, strlen(version_old), v,
	    sizeof(v)), 0, "version: docker 19.03");
	is_str(v, "1.40", "version: max 1.40 -> 1.40");
#define PICK(s)	engine_pick_version(s, sizeof(s) - 1, v, sizeof(v))
	is_int(PICK("{\"ApiVersion\":\"1.43\"}"), 0,
	    "version: no MinAPIVersion");
	is_str(v, "1.41", "version: no min, max 1.43 -> 1.41");
	is_int(PICK("{\"ApiVersion\":\"1.9\",\"MinAPIVersion\":\"1.9\"}"), 0,
	    "version: 1.9 < 1.41 numerically");
	is_str(v, "1.9", "version: 1.9");
	is_int(PICK("{\"ApiVersion\":\"1.40\",\"MinAPIVersion\":\"1.41\"}"),
	    BMC_ERANGE, "version: min > max");
	is_int(PICK("{\"MinAPIVersion\":\"1.12\"}"), BMC_EPROTO,
	    "version: ApiVersion missing");
	is_int(PICK("{\"ApiVersion\":1.41}"), BMC_EPROTO, "version: a number");
	is_int(PICK("{\"ApiVersion\":\"1\"}"), BMC_EPROTO, "version: no dot");
	is_int(PICK("{\"ApiVersion\":\"1.41x\"}"), BMC_EPROTO, "version: junk");
	is_int(PICK("{\"ApiVersion\":\"1.4111\"}"), BMC_EPROTO,
	    "version: 4 digits");
	is_int(PICK("{\"ApiVersion\":\".41\"}"), BMC_EPROTO,
	    "version: no major");
	is_int(PICK("[\"ApiVersion\"]"), BMC_EPROTO, "version: not an object");
	is_int(PICK("<html>"), BMC_EPROTO, "version: not json");
	is_int(engine_pick_version(version_docker, strlen(version_docker), v,
	    4), BMC_ETOOLONG, "version: out too small");
	/* every truncation of the golden body is rejected */
	n = strlen(version_docker) - 1;		/* without the newline */
	bad = 0;
	for (i = 0; i < n; i++)
		if (engine_pick_version(version_docker, i, v, sizeof(v)) !=
		    BMC_EPROTO)
			bad++;
	is_int(bad, 0, "version: every truncation -> BMC_EPROTO");
}

static void
test_errmsg(void)
{
	char		 m[ENGINE_ERRMSG_MAX];
	const char	*b;
	size_t		 i, n;
	int		 bad;

	b = "{\"message\":\"No such container: nosuch\"}\n";
	is_int(engine_errmsg(b, strlen(b), m, sizeof(m)), 0, "errmsg: docker");
	is_str(m, "No such container: nosuch", "errmsg: docker message");
	b = "{\"cause\":\"no such container\",\"message\":\"no container with "
	    "name or ID \\\"x\\\" found: no such container\",\"response\":404}";
	is_int(engine_errmsg(b, strlen(b), m, sizeof(m)), 0, "errmsg: podman");
	is_str(m, "no container with name or ID \"x\" found: no such container",
	    "errmsg: podman message");
	b = "client version 1.11 is too old. Minimum supported API version is "
	    "1.12, please upgrade your client to a newer version\n";
	is_int(engine_errmsg(b, strlen(b), m, sizeof(m)), 0, "errmsg: text");
	ok(strncmp(m, "client version 1.11 is too old.", 31) == 0 &&
	    m[strlen(m) - 1] == 'n', "errmsg: text, newline cut");
	ok(engine_is_version_error(m), "errmsg: too old is a version error");
	b = "{\"message\":\"client version 1.99 is too new. Maximum "
	    "supported API version is 1.41\"}";
	is_int(engine_errmsg(b, strlen(b), m, sizeof(m)), 0, "errmsg: too new");
	ok(engine_is_version_error(m), "errmsg: too new is a version error");
	ok(!engine_is_version_error("No such container: x"),
	    "errmsg: not a version error");
	ok(!engine_is_version_error(NULL), "errmsg: NULL");
	b = head_404 + strlen(head_404) - 27;
	is_int(engine_errmsg(b, strlen(b), m, sizeof(m)), 0,
	    "errmsg: attach text");
	is_str(m, "No such container: nosuch", "errmsg: attach text, CRLF cut");
	is_int(engine_errmsg("", 0, m, sizeof(m)), BMC_ENOENT, "errmsg: empty");
	is_str(m, "", "errmsg: empty -> \"\"");
	is_int(engine_errmsg(" \r\n", 3, m, sizeof(m)), BMC_ENOENT,
	    "errmsg: blank");
	is_int(engine_errmsg("{\"message\":5}", 13, m, sizeof(m)), 0,
	    "errmsg: message not a string -> the text");
	is_str(m, "{\"message\":5}", "errmsg: raw text kept");
	is_int(engine_errmsg("a\x01\x1b[31mb\x7f", 9, m, sizeof(m)), 0,
	    "errmsg: control bytes");
	is_str(m, "a??[31mb?", "errmsg: control bytes replaced");
	is_int(engine_errmsg("abcdef", 6, m, 4), 0, "errmsg: truncated");
	is_str(m, "abc", "errmsg: truncated to outlen - 1");
	is_int(engine_errmsg("abc", 3, m, 0), BMC_ERANGE, "errmsg: outlen 0");
	/* every truncation of a JSON error body still gives one clean line */
	b = "{\"message\":\"Cannot kill container: n: Container 4f0c is not "
	    "running\"}";
	n = strlen(b);
	bad = 0;
	for (i = 0; i < n; i++) {
		memset(m, 'X', sizeof(m));
		(void)engine_errmsg(b, i, m, sizeof(m));
		if (memchr(m, '\0', sizeof(m)) == NULL || strlen(m) > i ||
		    strchr(m, '\n') != NULL)
			bad++;
	}
	is_int(bad, 0, "errmsg: every truncation is one terminated line");
}

static void
test_head(void)
{
	char	 buf[DOCKER_HEAD_MAX + 16];
	size_t	 hl, i, n;
	int	 st, bad;

	n = strlen(head_101);
	st = 0;
	hl = 0;
	is_int(engine_head_parse(head_101, n, &st, &hl), 0, "head: 101");
	is_int(st, 101, "head: status 101");
	is_int(hl, n, "head: length");
	/* console bytes right after the head are not part of it */
	memcpy(buf, head_101, n);
	memcpy(buf + n, "/ # \x1b[6n", 8);
	hl = 0;
	is_int(engine_head_parse(buf, n + 8, &st, &hl), 0, "head: 101 + data");
	is_int(hl, n, "head: stops at the blank line");
	bad = 0;
	for (i = 0; i < n; i++)
		if (engine_head_parse(head_101, i, &st, &hl) != BMC_EAGAIN)
			bad++;
	is_int(bad, 0, "head: every truncation -> BMC_EAGAIN");
	is_int(engine_head_parse(head_404, strlen(head_404), &st, &hl), 0,
	    "head: 404");
	is_int(st, 404, "head: status 404");
	ok(strncmp(head_404 + hl, "No such container", 17) == 0,
	    "head: body follows");
#define HEAD(s)	engine_head_parse(s, sizeof(s) - 1, &st, &hl)
	is_int(HEAD("HTTP/1.0 200 OK\r\n\r\n"), 0, "head: 1.0 200");
	is_int(st, 200, "head: status 200");
	is_int(HEAD("HTTP/1.1 204\r\n\r\n"), 0, "head: no reason phrase");
	is_int(HEAD("HTTP/2 200 OK\r\n\r\n"), BMC_EPROTO, "head: HTTP/2");
	is_int(HEAD("HTTP/1.1 20 OK\r\n\r\n"), BMC_EPROTO, "head: 2 digits");
	is_int(HEAD("HTTP/1.1 2000 OK\r\n\r\n"), BMC_EPROTO, "head: 4 digits");
	is_int(HEAD("HTTP/1.1 600 X\r\n\r\n"), BMC_EPROTO, "head: status 600");
	is_int(HEAD("ICY 200 OK\r\n\r\n\r\n"), BMC_EPROTO, "head: not HTTP");
	is_int(HEAD("\r\n\r\n"), BMC_EPROTO, "head: empty");
	/* no blank line within DOCKER_HEAD_MAX */
	memcpy(buf, "HTTP/1.1 101 UPGRADED\r\n", 23);
	memset(buf + 23, 'x', sizeof(buf) - 23);
	is_int(engine_head_parse(buf, DOCKER_HEAD_MAX - 1, &st, &hl),
	    BMC_EAGAIN, "head: MAX - 1 bytes: more");
	is_int(engine_head_parse(buf, DOCKER_HEAD_MAX, &st, &hl), BMC_ETOOLONG,
	    "head: MAX bytes: too long");
	memcpy(buf + DOCKER_HEAD_MAX - 2, "\r\n\r\n", 4);
	is_int(engine_head_parse(buf, DOCKER_HEAD_MAX + 2, &st, &hl),
	    BMC_ETOOLONG, "head: blank line past MAX");
	memcpy(buf + DOCKER_HEAD_MAX - 4, "\r\n\r\n", 4);
	is_int(engine_head_parse(buf, DOCKER_HEAD_MAX, &st, &hl), 0,
	    "head: exactly MAX");
	is_int(hl, DOCKER_HEAD_MAX, "head: exactly MAX long");
}

static void
test_lines(void)
{
	static struct engine_lines	 l;
	static char			 big[ENGINE_EVENT_MAX + 8];
	struct got			 g;
	size_t				 n = strlen(events), i, j, first;
	int				 bad;

	first = strchr(events, '\n') - events;
	/* one feed */
	memset(&g, 0, sizeof(g));
	engine_lines_init(&l);
	is_int(engine_lines_feed(&l, events, n, collect, &g), 0,
	    "lines: no drops");
	is_int(g.n, 2, "lines: two events");
	is_int(g.len[0], first, "lines: first length");
	ok(memcmp(g.line[0], events, first) == 0, "lines: first bytes");
	ok(strstr(g.line[1], "\"Action\":\"die\"") != NULL, "lines: second");
	/* split at every point, then byte by byte */
	bad = 0;
	for (i = 0; i <= n; i++) {
		memset(&g, 0, sizeof(g));
		engine_lines_init(&l);
		engine_lines_feed(&l, events, i, collect, &g);
		engine_lines_feed(&l, events + i, n - i, collect, &g);
		if (g.n != 2 || g.len[0] != first ||
		    memcmp(g.line[0], events, first) != 0 ||
		    g.len[1] != n - first - 2 ||
		    memcmp(g.line[1], events + first + 1, g.len[1]) != 0)
			bad++;
	}
	is_int(bad, 0, "lines: every split point");
	memset(&g, 0, sizeof(g));
	engine_lines_init(&l);
	for (i = 0; i < n; i++)
		engine_lines_feed(&l, events + i, 1, collect, &g);
	is_int(g.n, 2, "lines: byte by byte");
	/* truncated stream: the partial line is never delivered */
	bad = 0;
	for (i = 0; i < first; i++) {
		memset(&g, 0, sizeof(g));
		engine_lines_init(&l);
		engine_lines_feed(&l, events, i, collect, &g);
		if (g.n != 0)
			bad++;
	}
	is_int(bad, 0, "lines: every truncation of a line -> nothing");
	/* CRLF, empty lines */
	memset(&g, 0, sizeof(g));
	engine_lines_init(&l);
	engine_lines_feed(&l, "\n\r\n{}\r\n\n{\"a\":1}\n", 17, collect, &g);
	is_int(g.n, 2, "lines: blank lines skipped");
	is_str(g.line[0], "{}", "lines: CR stripped");
	is_str(g.line[1], "{\"a\":1}", "lines: after blanks");
	/* the longest line that fits, and one byte more */
	for (j = 0; j < 2; j++) {
		size_t len = ENGINE_EVENT_MAX - 1 + j;

		memset(big, 'x', len);
		big[len] = '\n';
		memset(&g, 0, sizeof(g));
		engine_lines_init(&l);
		i = engine_lines_feed(&l, big, len + 1, collect, &g);
		i += engine_lines_feed(&l, "{}\n", 3, collect, &g);
		if (j == 0) {
			is_int(i, 0, "lines: MAX - 1 bytes: no drop");
			is_int(g.n, 2, "lines: MAX - 1 bytes: delivered");
		} else {
			is_int(i, 1, "lines: MAX bytes: one drop");
			is_int(g.n, 1, "lines: MAX bytes: only the next line");
			is_str(g.line[0], "{}",
			    "lines: resynced after the drop");
		}
	}
	/* an overlong line arriving in small pieces */
	memset(&g, 0, sizeof(g));
	engine_lines_init(&l);
	memset(big, 'y', sizeof(big));
	i = 0;
	for (j = 0; j < 4; j++)
		i += engine_lines_feed(&l, big, sizeof(big) / 2, collect, &g);
	i += engine_lines_feed(&l, "\n{\"b\":2}\n", 9, collect, &g);
	is_int(i, 1, "lines: overlong in pieces: one drop");
	is_int(g.n, 1, "lines: overlong in pieces: next line kept");
}

int
main(void)
{
	test_escape();
	test_version();
	test_errmsg();
	test_head();
	test_lines();
	return done_testing();
}
