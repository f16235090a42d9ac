/* 0004-util.c: util helpers, address parsing, readiness, logging. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "notify.h"
#include "sock.h"
#include "util.h"
#include "../tap.h"

static int
fake_random(void *buf, size_t n)
{
	memset(buf, 0x5a, n);
	return 0;
}

static void
test_strtonum(void)
{
	const char	*e;

	is_int(strtonum("42", 0, 100, &e), 42, "strtonum 42");
	ok(e == NULL, "no errstr");
	is_int(strtonum("-5", -10, 10, &e), -5, "negative");
	strtonum("101", 0, 100, &e);
	is_str(e, "too large", "too large");
	strtonum("-1", 0, 100, &e);
	is_str(e, "too small", "too small");
	strtonum("1x", 0, 100, &e);
	is_str(e, "invalid", "trailing junk invalid");
	strtonum("", 0, 100, &e);
	is_str(e, "invalid", "empty invalid");
	strtonum("5", 10, 1, &e);
	is_str(e, "invalid", "min > max invalid");
	strtonum("99999999999999999999", 0, LLONG_MAX, &e);
	is_str(e, "too large", "overflow too large");
	is_int(strtonum("9223372036854775807", 0, LLONG_MAX, &e), LLONG_MAX,
	    "LLONG_MAX");
}

static void
test_strings(void)
{
	char	b[8];
	uint8_t	bin[4];
	char	hex[9];

	is_int(strlcpy(b, "abcdefghij", sizeof(b)), 10, "strlcpy returns srclen");
	is_str(b, "abcdefg", "strlcpy truncates and terminates");
	is_int(strlcpy(b, "ab", sizeof(b)), 2, "strlcpy short");
	is_int(strlcat(b, "cdefghij", sizeof(b)), 10, "strlcat returns total");
	is_str(b, "abcdefg", "strlcat truncates");
	is_int(strlcpy(b, "x", 0), 1, "strlcpy size 0");

	util_hex_encode((const uint8_t *)"\x00\x1f\xa0\xff", 4, hex);
	is_str(hex, "001fa0ff", "hex encode");
	is_int(util_hex_decode("001FA0ff", bin, sizeof(bin)), 4, "hex decode");
	is_mem(bin, "\x00\x1f\xa0\xff", 4, "hex decode bytes");
	is_int(util_hex_decode("001", bin, sizeof(bin)), -1, "odd length");
	is_int(util_hex_decode("0g", bin, sizeof(bin)), -1, "bad digit");
	is_int(util_hex_decode("0011223344", bin, sizeof(bin)), -1,
	    "too long for out");
	is_int(util_hex_decode("", bin, sizeof(bin)), 0, "empty");

	ok(util_ct_memcmp("abcd", "abcd", 4) == 0, "ct_memcmp equal");
	ok(util_ct_memcmp("abcd", "abce", 4) != 0, "ct_memcmp differs");
	memcpy(b, "secret", 7);
	util_zeroize(b, 7);
	is_mem(b, "\0\0\0\0\0\0\0", 7, "zeroize");

	is_str(bmc_strerror(BMC_ESHORT), "input truncated", "bmc_strerror");
	is_str(bmc_strerror(-99), "unknown error", "bmc_strerror unknown");
}

static void
test_misc(void)
{
	uint8_t		r[8];
	uint64_t	a, b;
	int		(*saved)(void *, size_t) = util_random;

	is_int(parse_duration_ms("250ms"), 250, "250ms");
	is_int(parse_duration_ms("3s"), 3000, "3s");
	is_int(parse_duration_ms("2h"), 7200000, "2h");
	is_int(parse_duration_ms("7"), 7, "bare");
	is_int(parse_duration_ms("s"), -1, "unit only");
	is_int(parse_duration_ms("1d"), -1, "unknown unit");
	is_int(parse_duration_ms(""), -1, "empty");
	is_int(parse_duration_ms("99999999999999999999s"), -1, "overflow");

	a = now_ms();
	b = now_ms();
	ok(a > 0 && b >= a, "now_ms monotonic");

	ok(util_random(r, sizeof(r)) == 0, "getrandom works");
	util_random = fake_random;
	util_random(r, sizeof(r));
	is_mem(r, "ZZZZZZZZ", 8, "util_random is injectable");
	util_random = saved;
}

static void
test_files(const char *dir)
{
	char		 path[PATH_MAX], sec[8], *buf = NULL;
	size_t		 len;
	struct stat	 st;
	FILE		*fp;

	snprintf(path, sizeof(path), "%s/state.json", dir);
	is_int(util_write_atomic(path, "{\"a\":1}", 7, 0640), 0,
	    "write_atomic");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640 &&
	    st.st_size == 7, "mode and size");
	is_int(util_write_atomic(path, "{}", 2, 0600), 0, "write_atomic again");
	ok(util_read_file(path, 100, &buf, &len) == 0 && len == 2 &&
	    strcmp(buf, "{}") == 0, "read_file sees the replacement");
	free(buf);
	ok(util_read_file(path, 1, &buf, &len) == -1 && errno == EFBIG,
	    "read_file over max is EFBIG");
	ok(util_read_file(path, 2, &buf, &len) == 0 && len == 2,
	    "read_file of exactly max bytes");
	free(buf);
	{
		char	*big = malloc(10000), *got = NULL;

		memset(big, 'q', 10000);
		util_write_atomic(path, big, 10000, 0600);
		ok(util_read_file(path, 10000, &got, &len) == 0 &&
		    len == 10000 && memcmp(got, big, 10000) == 0 &&
		    got[10000] == '\0', "read_file of 10000 bytes, max 10000");
		free(got);
		ok(util_read_file(path, 9999, &got, &len) == -1 &&
		    errno == EFBIG, "... and with max 9999");
		ok(util_read_file(path, 1 << 20, &got, &len) == 0 &&
		    len == 10000, "... and with a large max");
		free(got);
		free(big);
		util_write_atomic(path, "{}", 2, 0600);
	}
	ok(util_read_file(dir, 100, &buf, &len) == -1, "read_file of a dir");
	{
		char	 d2[PATH_MAX];
		snprintf(d2, sizeof(d2), "%s/nodir/x", dir);
		ok(util_write_atomic(d2, "x", 1, 0600) == -1 && errno == ENOENT,
		    "write_atomic into a missing dir fails");
	}

	snprintf(path, sizeof(path), "%s/pw", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return;
	fputs("hunter2\r\nignored\n", fp);
	fclose(fp);
	ok(util_read_secret(path, sec, sizeof(sec)) == 0 &&
	    strcmp(sec, "hunter2") == 0, "read_secret first line, CRLF");
	ok(util_read_secret(path, sec, 7) == -1, "secret longer than out");
	snprintf(path, sizeof(path), "%s/empty", dir);
	util_write_atomic(path, "", 0, 0600);
	ok(util_read_secret(path, sec, sizeof(sec)) == 0 && sec[0] == '\0',
	    "empty secret file");
	ok(util_read_file(path, 10, &buf, &len) == 0 && len == 0 &&
	    buf[0] == '\0', "read_file empty");
	free(buf);
}

static void
test_addr(void)
{
	struct sockaddr_storage	ss;
	socklen_t		len;
	char			buf[SOCK_ADDRSTR_MAX];
	int			fd;

	ok(sock_parse_addr("127.0.0.1:623", NULL, &ss, &len) == 0,
	    "parse v4");
	is_str(sock_addr_str((struct sockaddr *)&ss, len, buf, sizeof(buf)),
	    "127.0.0.1:623", "print v4");
	ok(sock_parse_addr("[::1]:8000", NULL, &ss, &len) == 0, "parse v6");
	is_str(sock_addr_str((struct sockaddr *)&ss, len, buf, sizeof(buf)),
	    "[::1]:8000", "print v6");
	ok(sock_parse_addr(":2300", "0.0.0.0", &ss, &len) == 0, ":port");
	is_str(sock_addr_str((struct sockaddr *)&ss, len, buf, sizeof(buf)),
	    "0.0.0.0:2300", "default addr used");
	ok(sock_parse_addr("5900", "127.0.0.1", &ss, &len) == 0, "port only");
	is_str(sock_addr_str((struct sockaddr *)&ss, len, buf, sizeof(buf)),
	    "127.0.0.1:5900", "default addr used");
	ok(sock_parse_addr("1.2.3.4:65536", NULL, &ss, &len) == -1,
	    "port too large");
	ok(sock_parse_addr("::1:80", NULL, &ss, &len) == -1,
	    "bare v6 needs brackets");
	ok(sock_parse_addr("[::1]80", NULL, &ss, &len) == -1, "missing colon");
	ok(sock_parse_addr("host:80", NULL, &ss, &len) == -1,
	    "names are not resolved");
	ok(sock_parse_addr("1.2.3.4:", NULL, &ss, &len) == -1, "empty port");
	is_int(sock_addr_is_loopback("127.0.0.1:2300", NULL), 1, "127.0.0.1");
	is_int(sock_addr_is_loopback("127.0.1.7:2300", NULL), 1, "127.0.1.7");
	is_int(sock_addr_is_loopback("[::1]:2300", NULL), 1, "::1");
	is_int(sock_addr_is_loopback("[::ffff:127.0.0.1]:1", NULL), 1,
	    "v4-mapped loopback");
	is_int(sock_addr_is_loopback("2300", "127.0.0.1"), 1,
	    "port only: the default address");
	is_int(sock_addr_is_loopback("0.0.0.0:2300", NULL), 0, "0.0.0.0");
	is_int(sock_addr_is_loopback("[::]:2300", NULL), 0, "::");
	is_int(sock_addr_is_loopback("10.1.2.3:2300", NULL), 0, "10.1.2.3");
	is_int(sock_addr_is_loopback("[::ffff:10.0.0.1]:1", NULL), 0,
	    "v4-mapped other");
	is_int(sock_addr_is_loopback("host:80", NULL), -1, "a name: -1");

	fd = sock_tcp_listen("127.0.0.1:0", NULL, 5);
	ok(fd != -1, "tcp listen on port 0");
	sock_local_str(fd, buf, sizeof(buf));
	ok(strncmp(buf, "127.0.0.1:", 10) == 0 && strcmp(buf,
	    "127.0.0.1:0") != 0, "bound address printed: %s", buf);
	close(fd);
	fd = sock_udp_bind("127.0.0.1:0", NULL);
	ok(fd != -1, "udp bind on port 0");
	close(fd);
}

static void
test_notify(const char *dir)
{
	struct sockaddr_un	sun;
	char			buf[256], name[64];
	int			p[2], s;
	ssize_t			n;

	if (pipe(p) == -1)
		return;
	unsetenv("NOTIFY_SOCKET");
	is_int(notify_ready(p[1], "127.0.0.1:623"), 0, "notify_ready fd");
	n = read(p[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	is_str(buf, "127.0.0.1:623\n", "readiness line");
	ok(fcntl(p[1], F_GETFD) == -1, "-N fd closed");
	close(p[0]);

	/* abstract $NOTIFY_SOCKET */
	snprintf(name, sizeof(name), "@bmcsim-test-%d", (int)getpid());
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path + 1, name + 1, strlen(name) - 1);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	ok(bind(s, (struct sockaddr *)&sun, (socklen_t)(offsetof(struct
	    sockaddr_un, sun_path) + strlen(name))) == 0, "bind abstract");
	setenv("NOTIFY_SOCKET", name, 1);
	is_int(notify_ready(-1, "x y"), 0, "notify_ready abstract socket");
	n = recv(s, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	buf[n > 0 ? n : 0] = '\0';
	is_str(buf, "READY=1\nSTATUS=x y", "READY=1 received");
	notify_stopping();
	n = recv(s, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	buf[n > 0 ? n : 0] = '\0';
	is_str(buf, "STOPPING=1", "STOPPING=1 received");
	close(s);

	/* path $NOTIFY_SOCKET */
	snprintf(name, sizeof(name), "%s/notify", dir);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, name, sizeof(sun.sun_path));
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	ok(bind(s, (struct sockaddr *)&sun, sizeof(sun)) == 0, "bind path");
	setenv("NOTIFY_SOCKET", name, 1);
	is_int(notify_ready(-1, "ok"), 0, "notify_ready path socket");
	n = recv(s, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	buf[n > 0 ? n : 0] = '\0';
	is_str(buf, "READY=1\nSTATUS=ok", "READY=1 received on path");
	close(s);
	setenv("NOTIFY_SOCKET", "@bmcsim-nobody-listens", 1);
	is_int(notify_ready(-1, "x"), -1, "unreachable NOTIFY_SOCKET is -1");
	unsetenv("NOTIFY_SOCKET");

	is_int(notify_parse_fd("3"), 3, "parse fd");
	is_int(notify_parse_fd("-1"), -1, "negative fd");
	is_int(notify_parse_fd("x"), -1, "junk fd");
	{
		int	pfd[2];
		char	num[16];

		ok(pipe(pfd) == 0, "a pipe for -N");
		(void)snprintf(num, sizeof(num), "%d", pfd[1]);
		is_int(notify_open_fd(num), pfd[1], "-N of an open fd");
		close(pfd[0]);
		close(pfd[1]);
		is_int(notify_open_fd(num), -1, "-N of a closed fd: -1");
		is_int(notify_open_fd("x"), -1, "-N junk: -1");
	}
}

static void
test_log(void)
{
	char	buf[4096];
	int	p[2], saved;
	ssize_t	n;

	if (pipe(p) == -1)
		return;
	saved = dup(STDERR_FILENO);
	dup2(p[1], STDERR_FILENO);
	log_init("unit", 0, 0);
	log_info("hello %d", 42);
	log_debug("hidden");
	log_setverbose(1);
	log_debug("shown");
	errno = ENOENT;
	log_warn("open %s", "x");
	log_warnx("plain");
	{
		char long_s[2000];

		memset(long_s, 'z', sizeof(long_s) - 1);
		long_s[sizeof(long_s) - 1] = '\0';
		log_info("%s", long_s);
	}
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(p[0]);
	{
		const char *want = "unit: hello 42\nunit: shown\n"
		    "unit: open x: No such file or directory\nunit: plain\n"
		    "unit: zzz";

		ok(strncmp(buf, want, strlen(want)) == 0, "log lines");
	}
	ok(n > 0 && buf[n - 1] == '\n' && n < 88 + 1024,
	    "long line truncated, newline kept");
	is_int(log_getverbose(), 1, "getverbose");
}

int
main(void)
{
	char	dir[] = "/tmp/unit-util.XXXXXX";
	char	cmd[PATH_MAX];

	test_strtonum();
	test_strings();
	test_misc();
	if (mkdtemp(dir) == NULL)
		return 1;
	test_files(dir);
	test_addr();
	test_notify(dir);
	test_log();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
