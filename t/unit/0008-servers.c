/* 0008-servers.c: the servers file of aggregated mode (common/servers.c). */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "servers.h"
#include "../tap.h"

static int
parse(const char *s, struct srvlist *l, char *err, size_t errlen)
{
	memset(l, 0, sizeof(*l));
	err[0] = '\0';
	return servers_parse(s, strlen(s), l, err, errlen);
}

static void
bad(const char *s, const char *want, const char *what)
{
	struct srvlist	l;
	char		err[256];

	is_int(parse(s, &l, err, sizeof(err)), -1, what);
	ok(strstr(err, want) != NULL, "%s: \"%s\" says \"%s\"", what, err,
	    want);
	is_int(l.n, 0, "nothing kept");
	servers_free(&l);
}

int
main(void)
{
	struct srvlist		 l;
	const struct srvent	*e;
	char			 err[256], *big;
	size_t			 i, off;

	is_int(parse("# a lab\nserver srv1 ipmi=127.0.1.1:623 "
	    "http=127.0.1.1:8000 sol=/run/a.sock\n\nserver srv2\n"
	    "server x.y_z-9 powerd=\"/p q/powerd.sock\" log=/l\n", &l, err,
	    sizeof(err)), 0, "three servers parse");
	is_int(l.n, 3, "three entries");
	is_str(l.s[0].id, "srv1", "first id");
	is_str(l.s[0].v[SK_IPMI], "127.0.1.1:623", "ipmi");
	is_str(l.s[0].v[SK_HTTP], "127.0.1.1:8000", "http");
	is_str(l.s[0].v[SK_SOL], "/run/a.sock", "sol");
	ok(l.s[0].v[SK_VNC] == NULL, "vnc not given: NULL");
	is_int(l.s[0].line, 2, "line number kept");
	ok(l.s[1].v[SK_IPMI] == NULL, "a bare server line");
	is_str(l.s[2].v[SK_POWERD], "/p q/powerd.sock", "quoted value keeps blanks");
	e = servers_find(&l, "x.y_z-9");
	ok(e == &l.s[2], "find by id");
	ok(servers_find(&l, "srv3") == NULL, "find: unknown id");
	is_str(servers_keyname(SK_NOVNC), "novnc", "key names");
	is_str(servers_keyname(SK_SCREEN), "screen", "screen's name");
	servers_free(&l);
	is_int(parse("server s1 vnc=127.0.0.1:5901 screen=127.0.0.1:15901\n",
	    &l, err, sizeof(err)), 0, "screen= parses");
	is_str(l.s[0].v[SK_SCREEN], "127.0.0.1:15901", "screen: the upstream");
	servers_free(&l);
	is_int(l.n, 0, "freed");

	bad("", "no servers", "an empty file");
	bad("# nothing\n", "no servers", "only comments");
	bad("srv1 ipmi=1\n", "unknown directive \"srv1\"", "no server keyword");
	bad("server\n", "want an id", "no id");
	bad("server a/b\n", "want an id", "a slash in an id");
	bad("server 0123456789012345678901234567890123456789012345678901234567890123\n",
	    "want an id", "a 64-byte id");
	bad("server s1\nserver s2\nserver s1\n", "line 3: server s1: already on line 1",
	    "a repeated id");
	bad("server s1 ipmi\n", "want key=value", "a word without =");
	bad("server s1 =x\n", "want key=value", "an empty key");
	bad("server s1 ipmi=\n", "ipmi: empty value", "an empty value");
	bad("server s1 ipmi=a ipmi=b\n", "ipmi given twice", "a repeated key");
	bad("server s1 screen=a:1 screen=b:2\n", "screen given twice",
	    "a repeated screen");
	bad("server s1 vncport=5900\n", "unknown key \"vncport\"", "an unknown key");
	bad("server s1 ipmi=\"a\n", "quote", "an unterminated quote");

	/* many servers: ids are checked in a hash set, not pairwise */
	big = malloc(20000 * 64);
	for (i = 0, off = 0; i < 20000; i++)
		off += (size_t)sprintf(big + off, "server srv%zu ipmi=127.0.%zu.%zu:623\n",
		    i + 1, i / 250 + 1, i % 250 + 1);
	memset(&l, 0, sizeof(l));
	is_int(servers_parse(big, off, &l, err, sizeof(err)), 0, "20000 servers");
	is_int(l.n, 20000, "all kept");
	is_str(l.s[19999].id, "srv20000", "the last one");
	servers_free(&l);
	off += (size_t)sprintf(big + off, "server srv777\n");
	memset(&l, 0, sizeof(l));
	is_int(servers_parse(big, off, &l, err, sizeof(err)), -1,
	    "a duplicate at the end of 20000");
	ok(strstr(err, "line 20001: server srv777: already on line 777") != NULL,
	    "named: %s", err);
	servers_free(&l);
	free(big);
	return done_testing();
}
