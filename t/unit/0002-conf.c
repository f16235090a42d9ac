/* 0002-conf.c: the configuration tokenizer and its helpers. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "util.h"
#include "../tap.h"

/* Collects every directive as "argc:w1|w2|...;" into out. */
struct coll {
	char	out[8192];
	int	lines[64];
	int	n;
	int	fail_at;	/* directive number that fails (0: none) */
};

static int
collect(void *ctx, int lineno, int argc, char **argv, char *err,
    size_t errlen)
{
	struct coll	*c = ctx;
	char		 tmp[16];
	int		 i;

	if (c->n < 64)
		c->lines[c->n] = lineno;
	c->n++;
	if (c->fail_at == c->n) {
		snprintf(err, errlen, "unknown key \"%s\"", argv[0]);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%d:", argc);
	strlcat(c->out, tmp, sizeof(c->out));
	for (i = 0; i < argc; i++) {
		if (i > 0)
			strlcat(c->out, "|", sizeof(c->out));
		strlcat(c->out, argv[i], sizeof(c->out));
	}
	if (argv[argc] != NULL)
		strlcat(c->out, "!noNULL", sizeof(c->out));
	strlcat(c->out, ";", sizeof(c->out));
	return 0;
}

static int
run(const char *buf, size_t len, struct coll *c, int *lineno, char *err,
    size_t errlen)
{
	memset(c->out, 0, sizeof(c->out));
	c->n = 0;
	return conf_parse(buf, len, collect, c, lineno, err, errlen);
}

static int
silent(void *ctx, int lineno, int argc, char **argv, char *err,
    size_t errlen)
{
	UNUSED(ctx);
	UNUSED(lineno);
	UNUSED(argc);
	UNUSED(argv);
	UNUSED(err);
	UNUSED(errlen);
	return 0;
}

int
main(void)
{
	static const char golden[] =
	    "# a comment\n"
	    "\n"
	    "state-dir /var/lib/bmcsim\n"
	    "server srv1   # trailing comment\n"
	    "\tbackend\tsim\r\n"
	    "  name \"My Server #1\" \"\" x\"y z\"w\n"
	    "  msg \"say \\\"hi\\\" \\\\ \\n\"\n"
	    "last";
	struct coll	 c;
	char		 err[256], big[CONF_LINE_MAX + 8], path[] =
			     "/tmp/conf-test.XXXXXX";
	long long	 v;
	size_t		 n;
	int		 lineno, b, fd, okall, r;

	memset(&c, 0, sizeof(c));
	is_int(run(golden, strlen(golden), &c, &lineno, err, sizeof(err)), 0,
	    "golden config parses");
	is_str(c.out, "2:state-dir|/var/lib/bmcsim;2:server|srv1;"
	    "2:backend|sim;4:name|My Server #1||xy zw;"
	    "2:msg|say \"hi\" \\ \\n;1:last;", "words, quotes, escapes");
	ok(c.lines[0] == 3 && c.lines[3] == 6 && c.lines[5] == 8,
	    "line numbers given to the callback");
	is_int(lineno, 8, "lineno ends at the last line");

	/* every truncation: no crash, and an error only for an open quote */
	okall = 1;
	for (n = 0; n < strlen(golden); n++) {
		r = run(golden, n, &c, &lineno, err, sizeof(err));
		if (r == -1 && strcmp(err, "unterminated quote") != 0) {
			okall = 0;
			diag("prefix %zu: %s", n, err);
		}
	}
	ok(okall, "every prefix 0..n-1 parses or reports an open quote");

	is_int(run("a \"b\n", 5, &c, &lineno, err, sizeof(err)), -1,
	    "unterminated quote fails");
	is_str(err, "unterminated quote", "message for it");
	is_int(lineno, 1, "on line 1");

	is_int(run("a\nb \"c\\\"\n", 9, &c, &lineno, err, sizeof(err)), -1,
	    "escaped closing quote leaves the quote open");
	is_int(lineno, 2, "error on line 2");

	is_int(run("a b\0c\n", 6, &c, &lineno, err, sizeof(err)), -1,
	    "NUL byte fails");
	is_str(err, "NUL byte in line", "message for it");

	r = run("a b c d e f g h i j k l m n o p\n", 32, &c, &lineno, err,
	    sizeof(err));
	is_int(r, 0, "16 words are fine");
	r = run("a b c d e f g h i j k l m n o p q\n", 34, &c, &lineno, err,
	    sizeof(err));
	is_int(r, -1, "17 words fail");
	is_str(err, "too many words (at most 16)", "message for it");

	memset(big, 'x', sizeof(big));
	big[0] = 'k';
	big[1] = ' ';
	is_int(run(big, CONF_LINE_MAX - 1, &c, &lineno, err, sizeof(err)), 0,
	    "a line of CONF_LINE_MAX-1 bytes is fine");
	big[CONF_LINE_MAX - 1] = '\n';
	is_int(run(big, CONF_LINE_MAX, &c, &lineno, err, sizeof(err)), 0,
	    "... with its newline too");
	is_int(run(big, CONF_LINE_MAX + 1, &c, &lineno, err, sizeof(err)), 0,
	    "... and an extra line");
	big[CONF_LINE_MAX - 1] = 'x';
	is_int(run(big, CONF_LINE_MAX, &c, &lineno, err, sizeof(err)), -1,
	    "a line of CONF_LINE_MAX bytes is too long");
	is_str(err, "line too long (at most 1023 bytes)", "message for it");

	c.fail_at = 2;
	is_int(run("a 1\n\nb 2\nc 3\n", 12, &c, &lineno, err, sizeof(err)), -1,
	    "callback error stops the parse");
	is_str(err, "unknown key \"b\"", "callback's message kept");
	is_int(lineno, 3, "lineno of the failing directive");
	c.fail_at = 0;

	is_int(conf_parse("", 0, silent, NULL, NULL, err, sizeof(err)), 0,
	    "empty input, NULL lineno");

	/* random bytes from a small alphabet: no crash, words stay bounded */
	{
		static const char	 alpha[] = "ab \t\"\\#\n\r\0x";
		char			 rnd[3000];
		unsigned		 seed = 1;
		int			 iter, bad = 0;
		size_t			 k;

		for (iter = 0; iter < 2000; iter++) {
			n = (size_t)(iter % 7 == 0 ? 2000 + iter % 1000 :
			    iter % 300);
			for (k = 0; k < n; k++) {
				seed = seed * 1103515245u + 12345u;
				rnd[k] = alpha[(seed >> 16) % (sizeof(alpha) - 1)];
			}
			r = run(rnd, n, &c, &lineno, err, sizeof(err));
			if (r != 0 && r != -1)
				bad++;
			if (r == -1 && err[0] == '\0')
				bad++;
		}
		is_int(bad, 0, "2000 random inputs: 0 or -1 with a message");
	}

	/* conf_load */
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, "x 1\ny \"2\n", 9) != 9)
		return 1;
	close(fd);
	is_int(conf_load(path, silent, NULL, err, sizeof(err)), -1,
	    "conf_load reports a parse error");
	{
		char want[128];

		snprintf(want, sizeof(want), "%s:2: unterminated quote", path);
		is_str(err, want, "as file:line: message");
	}
	unlink(path);
	is_int(conf_load(path, silent, NULL, err, sizeof(err)), -1,
	    "conf_load of a missing file fails");
	ok(strstr(err, "No such file") != NULL, "with strerror: %s", err);

	/* helpers */
	ok(conf_num("port", "623", 1, 65535, &v, err, sizeof(err)) == 0 &&
	    v == 623, "conf_num");
	is_int(conf_num("port", "70000", 1, 65535, &v, err, sizeof(err)), -1,
	    "conf_num range");
	is_str(err, "port: \"70000\" is too large (1..65535)", "its message");
	is_int(conf_num("port", "12x", 1, 65535, &v, err, sizeof(err)), -1,
	    "conf_num junk");
	ok(conf_bool("k", "yes", &b, err, sizeof(err)) == 0 && b == 1,
	    "bool yes");
	ok(conf_bool("k", "off", &b, err, sizeof(err)) == 0 && b == 0,
	    "bool off");
	is_int(conf_bool("k", "maybe", &b, err, sizeof(err)), -1, "bool junk");
	ok(conf_duration("t", "250ms", &v, err, sizeof(err)) == 0 && v == 250,
	    "duration 250ms");
	ok(conf_duration("t", "2s", &v, err, sizeof(err)) == 0 && v == 2000,
	    "duration 2s");
	ok(conf_duration("t", "1m", &v, err, sizeof(err)) == 0 && v == 60000,
	    "duration 1m");
	ok(conf_duration("t", "15", &v, err, sizeof(err)) == 0 && v == 15,
	    "duration bare ms");
	is_int(conf_duration("t", "-1s", &v, err, sizeof(err)), -1,
	    "negative duration fails");
	is_int(conf_duration("t", "1 s", &v, err, sizeof(err)), -1,
	    "duration with blank fails");
	return done_testing();
}
