/* 3004-conhdr.c: the unix-socket header (doc/console.md), config keys. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <string.h>

#include "../tap.h"
#include "../../sold/conhdr.h"
#include "../../sold/soldconf.h"
#include "conf.h"
#include "util.h"

static int
parse(const char *s, size_t *used, uint64_t *h)
{
	*used = 0;
	*h = 12345;
	return conhdr_parse((const uint8_t *)s, strlen(s), used, h);
}

int
main(void)
{
	struct sold_conf	c;
	char			big[300], err[256];
	const char		*hdr = "console 1 history=4096\nINPUT";
	uint64_t		h;
	size_t			used, n;
	int			lineno, allok;

	is_int(parse(hdr, &used, &h), 0, "header parses");
	is_int(h, 4096, "history");
	is_int(used, 23, "used stops after the newline (input follows)");
	is_int(parse("console 1 history=0\n", &used, &h), 0, "history=0");
	is_int(h, 0, "live only");
	is_int(parse("console 1\n", &used, &h), 0, "no history key");
	is_int(h, 0, "defaults to 0");
	is_int(parse("console 1 color=yes history=7 x=\r\n", &used, &h), 0,
	    "unknown keys ignored, CRLF accepted");
	is_int(h, 7, "history among others");
	is_int(parse("  console   1   history=3 \n", &used, &h), 0,
	    "extra blanks");

	is_int(parse("console 2 history=0\n", &used, &h), BMC_EPROTO,
	    "version 2 refused");
	is_int(parse("consol 1\n", &used, &h), BMC_EPROTO, "wrong word");
	is_int(parse("console\n", &used, &h), BMC_EPROTO, "no version");
	is_int(parse("\n", &used, &h), BMC_EPROTO, "empty line");
	is_int(parse("console 1 history=-1\n", &used, &h), BMC_EPROTO,
	    "negative history");
	is_int(parse("console 1 history=\n", &used, &h), BMC_EPROTO,
	    "empty history");
	is_int(parse("console 1 history=1x\n", &used, &h), BMC_EPROTO,
	    "junk history");
	is_int(parse("console 1 history=99999999999999999999999\n", &used, &h),
	    BMC_EPROTO, "overflowing history");
	is_int(parse("console 1 bare\n", &used, &h), BMC_EPROTO,
	    "word without =");
	is_int(parse("console 1 \x01\n", &used, &h), BMC_EPROTO,
	    "control byte");

	allok = 1;
	for (n = 0; n < 23; n++)
		if (conhdr_parse((const uint8_t *)hdr, n, &used, &h) !=
		    BMC_EAGAIN)
			allok = 0;
	ok(allok, "every truncation before the newline asks for more");
	memset(big, 'a', sizeof(big));
	is_int(conhdr_parse((const uint8_t *)big, CONHDR_MAX - 1, &used, &h),
	    BMC_EAGAIN, "127 bytes: still waiting");
	is_int(conhdr_parse((const uint8_t *)big, CONHDR_MAX, &used, &h),
	    BMC_ETOOLONG, "128 bytes without newline: too long");
	big[CONHDR_MAX] = '\n';
	is_int(conhdr_parse((const uint8_t *)big, CONHDR_MAX + 1, &used, &h),
	    BMC_ETOOLONG, "a newline past the limit does not count");

	/* config keys */
	soldconf_defaults(&c);
	lineno = 0;
	{
		static const char	cf[] =
		    "server srv7\nring-size 2M\nclient-queue 512k\n"
		    "tcp-history 4096\nlog-size 64k\nlog-rotate 2\n"
		    "input-queue 8k\nmax-clients 9\ntelnet no\n"
		    "docker-stream yes\nlisten 127.0.0.1:0\n";

		is_int(conf_parse(cf, sizeof(cf) - 1, soldconf_set, &c,
		    &lineno, err, sizeof(err)), 0, "config parses");
	}
	ok(c.ring_size == 2 << 20 && c.client_queue == 512 << 10 &&
	    c.tcp_history == 4096 && c.log_size == 64 << 10 &&
	    c.log_rotate == 2 && c.input_queue == 8192 &&
	    c.max_clients == 9 && !c.telnet && c.docker_stream,
	    "values read");
	is_int(soldconf_check(&c, err, sizeof(err)), 0, "config checks");
	is_str(c.sock, "/run/bmcsim/sold-srv7.sock",
	    "socket path from server id");
	soldconf_defaults(&c);
	ok(c.max_clients == 64 && c.max_local == 16 && c.idle_timeout == 600 &&
	    c.pwfile[0] == '\0', "defaults: 64 TCP, 16 local, 600 s idle");
	{
		static const char	cf2[] = "max-local 4\nidle-timeout 0\n"
		    "password-file /etc/bmcsim/console.pw\n";

		is_int(conf_parse(cf2, sizeof(cf2) - 1, soldconf_set, &c,
		    &lineno, err, sizeof(err)), 0, "slot, idle, password keys");
	}
	ok(c.max_local == 4 && c.idle_timeout == 0 &&
	    strcmp(c.pwfile, "/etc/bmcsim/console.pw") == 0, "their values");
	is_int(conf_parse("max-local 0\n", 12, soldconf_set, &c, &lineno, err,
	    sizeof(err)), -1, "max-local 0 refused");
	is_int(conf_parse("idle-timeout -1\n", 16, soldconf_set, &c, &lineno,
	    err, sizeof(err)), -1, "negative idle-timeout refused");
	is_int(conf_parse("bogus 1\n", 8, soldconf_set, &c, &lineno, err,
	    sizeof(err)), -1, "unknown key refused");
	is_str(err, "unknown key \"bogus\"", "message names the key");
	is_int(conf_parse("ring-size 1\n", 12, soldconf_set, &c, &lineno, err,
	    sizeof(err)), -1, "tiny ring refused");
	soldconf_defaults(&c);
	c.client_queue = c.ring_size + 1;
	is_int(soldconf_check(&c, err, sizeof(err)), -1,
	    "queue larger than ring refused");
	soldconf_defaults(&c);
	strlcpy(c.server, "../x", sizeof(c.server));
	is_int(soldconf_check(&c, err, sizeof(err)), -1,
	    "server id with / refused");
	is_int(soldconf_size("64k"), 65536, "64k");
	is_int(soldconf_size("k"), -1, "bare suffix");
	is_int(soldconf_size("-1"), -1, "negative");
	return done_testing();
}
