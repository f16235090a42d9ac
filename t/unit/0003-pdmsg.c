/* 0003-pdmsg.c: powerd line framer, message builders and accessors. */
/* SPDX-License-Identifier: ISC */

#include <stdlib.h>
#include <string.h>

#include "pdmsg.h"
#include "util.h"
#include "../tap.h"

/* Feed in pieces of size step; collect lines joined by '|'. */
static int
frame(const char *in, size_t len, size_t step, size_t max, char *out,
    size_t outlen)
{
	struct pd_framer	 f;
	char			*line;
	size_t			 off, n, ll;
	int			 r = 0;

	out[0] = '\0';
	pd_framer_init(&f, max);
	for (off = 0; off < len; off += n) {
		n = len - off < step ? len - off : step;
		if ((r = pd_framer_feed(&f, in + off, n)) != 0)
			break;
		while (pd_framer_next(&f, &line, &ll) == 1) {
			if (strlen(line) != ll)
				strlcat(out, "<lenbug>", outlen);
			strlcat(out, line, outlen);
			strlcat(out, "|", outlen);
		}
	}
	pd_framer_free(&f);
	return r;
}

int
main(void)
{
	static const char golden[] =
	    "{\"v\":1,\"id\":7,\"ok\":true,\"power\":\"on\"}\n"
	    "\n"
	    "{\"v\":1,\"event\":\"power\",\"server\":\"srv1\"}\n"
	    "partial";
	struct pd_framer	 f;
	char			 out[1024], big[64], *s, *line;
	size_t			 step, len, n;
	cJSON			*o;
	int			 okall;

	okall = 1;
	for (step = 1; step <= sizeof(golden); step++) {
		if (frame(golden, strlen(golden), step, 64, out,
		    sizeof(out)) != 0 || strcmp(out,
		    "{\"v\":1,\"id\":7,\"ok\":true,\"power\":\"on\"}||"
		    "{\"v\":1,\"event\":\"power\",\"server\":\"srv1\"}|") != 0) {
			okall = 0;
			diag("step %zu: %s", step, out);
		}
	}
	ok(okall, "same lines for every chunk size 1..n");

	/* truncation: every prefix yields only the complete lines in it */
	okall = 1;
	for (len = 0; len < strlen(golden); len++) {
		frame(golden, len, 7, 64, out, sizeof(out));
		n = 0;
		for (s = out; *s; s++)
			n += *s == '|';
		if (n != (size_t)(len >= 38) + (len >= 39) + (len >= 79)) {
			okall = 0;
			diag("prefix %zu: %zu lines (%s)", len, n, out);
		}
	}
	ok(okall, "every prefix 0..n-1 yields only its complete lines");

	/* limits: max bytes per line without '\n' */
	memset(big, 'a', sizeof(big));
	big[10] = '\n';
	is_int(frame(big, 11, 11, 10, out, sizeof(out)), 0,
	    "a line of exactly max is fine");
	is_int(frame(big, 11, 1, 10, out, sizeof(out)), 0,
	    "... also byte by byte");
	big[10] = 'a';
	big[11] = '\n';
	is_int(frame(big, 12, 12, 10, out, sizeof(out)), BMC_ETOOLONG,
	    "max+1 is too long");
	is_int(frame(big, 12, 1, 10, out, sizeof(out)), BMC_ETOOLONG,
	    "... also byte by byte (caught before the newline)");
	is_int(frame(big, 11, 11, 10, out, sizeof(out)), BMC_ETOOLONG,
	    "an incomplete line over max is too long");
	big[5] = '\n';
	big[11] = '\n';
	is_int(frame(big, 12, 12, 10, out, sizeof(out)), 0,
	    "two short lines in one chunk larger than max are fine");
	is_str(out, "aaaaa|aaaaa|", "and both come out");

	/* refused chunk leaves the framer usable (state unchanged) */
	pd_framer_init(&f, 8);
	is_int(pd_framer_feed(&f, "abc", 3), 0, "feed 3");
	is_int(pd_framer_feed(&f, "defghij\n", 8), BMC_ETOOLONG,
	    "feed making the line 10 refused");
	is_int(pd_framer_feed(&f, "de\n", 3), 0, "feed after refusal");
	ok(pd_framer_next(&f, &line, &len) == 1 && strcmp(line, "abcde") == 0 &&
	    len == 5, "line kept intact");
	is_int(pd_framer_next(&f, &line, &len), 0, "no more lines");
	is_int(pd_framer_feed(&f, "", 0), 0, "empty feed");
	pd_framer_free(&f);

	/* random lines and chunking: lines out == lines in, never over max */
	{
		char		 in[20000];
		unsigned	 seed = 7;
		size_t		 k, nin = 0, nout = 0, ll, off, ch;
		int		 bad = 0, iter;

		for (iter = 0; iter < 200; iter++) {
			n = 0;
			nin = 0;
			while (n < sizeof(in) - 100) {
				seed = seed * 1103515245u + 12345u;
				ll = (seed >> 16) % 90;
				for (k = 0; k < ll; k++)
					in[n++] = (char)('a' + k % 26);
				in[n++] = '\n';
				nin++;
			}
			pd_framer_init(&f, 89);
			nout = 0;
			for (off = 0; off < n; off += ch) {
				seed = seed * 1103515245u + 12345u;
				ch = 1 + (seed >> 16) % 700;
				if (ch > n - off)
					ch = n - off;
				if (pd_framer_feed(&f, in + off, ch) != 0) {
					bad++;
					break;
				}
				while (pd_framer_next(&f, &line, &len) == 1) {
					if (len > 89 || strlen(line) != len)
						bad++;
					nout++;
				}
			}
			if (nout != nin)
				bad++;
			pd_framer_free(&f);
		}
		is_int(bad, 0, "200 random streams framed exactly");
	}

	/* parse */
	ok((o = pdmsg_parse("{\"a\":1}", 7)) != NULL, "object parses");
	cJSON_Delete(o);
	ok(pdmsg_parse("[1]", 3) == NULL, "array is not a message");
	ok(pdmsg_parse("\"x\"", 3) == NULL, "string is not a message");
	ok(pdmsg_parse("{\"a\":", 5) == NULL, "truncated object fails");
	ok((o = pdmsg_parse("{\"a\":1}xyz", 7)) != NULL,
	    "length bounds the parse");
	cJSON_Delete(o);
	ok(pdmsg_parse("", 0) == NULL, "empty line fails");

	/* builders and print */
	o = pdmsg_request(7, "power", "srv1");
	cJSON_AddStringToObject(o, "action", "cycle");
	s = pdmsg_print(o, PD_MSG_MAX, &len);
	is_str(s, "{\"v\":1,\"id\":7,\"op\":\"power\",\"server\":\"srv1\","
	    "\"action\":\"cycle\"}\n", "request golden");
	is_int(len, strlen(s), "print length");
	free(s);
	s = pdmsg_print(o, len, &n);
	ok(s != NULL && n == len, "fits in exactly len");
	free(s);
	ok(pdmsg_print(o, len - 1, &n) == NULL, "NULL when over max");
	cJSON_Delete(o);

	o = pdmsg_request(1, "list", NULL);
	s = pdmsg_print(o, PD_MSG_MAX, NULL);
	is_str(s, "{\"v\":1,\"id\":1,\"op\":\"list\"}\n", "no server key");
	free(s);
	cJSON_Delete(o);

	o = pdmsg_error(9, "no-such-server", "%s is not configured", "srv9");
	s = pdmsg_print(o, PD_MSG_MAX, NULL);
	is_str(s, "{\"v\":1,\"id\":9,\"ok\":false,\"error\":\"no-such-server\","
	    "\"message\":\"srv9 is not configured\"}\n", "error golden");
	free(s);
	is_int(pdmsg_id(o), 9, "pdmsg_id");
	is_int(pdmsg_ok(o), 0, "pdmsg_ok false");
	is_str(pdmsg_str(o, "error", "d"), "no-such-server", "pdmsg_str");
	is_str(pdmsg_str(o, "id", "d"), "d", "pdmsg_str wrong type");
	is_str(pdmsg_str(o, "nope", "d"), "d", "pdmsg_str absent");
	is_int(pdmsg_bool(o, "ok", 7), 0, "pdmsg_bool");
	is_int(pdmsg_bool(o, "id", 7), 7, "pdmsg_bool wrong type");
	is_int(pdmsg_num(o, "v", -5), 1, "pdmsg_num");
	is_int(pdmsg_num(o, "error", -5), -5, "pdmsg_num wrong type");
	cJSON_Delete(o);

	o = pdmsg_reply(3, 1);
	is_int(pdmsg_ok(o), 1, "pdmsg_ok true");
	cJSON_Delete(o);
	o = pdmsg_parse("{\"id\":1.5}", 10);
	is_int(pdmsg_id(o), -1, "fractional id is invalid");
	cJSON_Delete(o);
	o = pdmsg_parse("{\"id\":\"1\"}", 10);
	is_int(pdmsg_id(o), -1, "string id is invalid");
	cJSON_Delete(o);
	o = pdmsg_parse("{\"m\":\"a\\nb\"}", 12);
	s = pdmsg_print(o, PD_MSG_MAX, NULL);
	is_str(s, "{\"m\":\"a\\nb\"}\n", "newline in a string stays escaped");
	free(s);
	cJSON_Delete(o);
	return done_testing();
}
