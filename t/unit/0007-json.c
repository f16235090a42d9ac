/* 0007-json.c: json_parse bounds depth, refuses NUL, bad UTF-8, trailing data, duplicate keys. */
/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"
#include "../tap.h"

static int
parses(const char *s)
{
	cJSON	*o;

	if ((o = json_parse(s, strlen(s), NULL)) == NULL)
		return 0;
	cJSON_Delete(o);
	return 1;
}

static char *
nest(int n, char open, char close)
{
	char	*b;
	int	 i;

	if ((b = malloc((size_t)n * 2 + 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		b[i] = open;
		b[n + i] = close;
	}
	b[2 * n] = '\0';
	return b;
}

int
main(void)
{
	const char	*why = NULL;
	char		*b;
	cJSON		*o;
	char		 buf[32];

	ok(parses("{\"UserName\":\"admin\",\"Password\":\"x\"}"), "plain object");
	ok(parses(" [1, 2.5, true, null, \"\\u00e9\\\"\"] \r\n"), "array, escapes, white space around");
	ok(parses("{\"n\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}"), "valid UTF-8 in a string");

	b = nest(JSON_DEPTH_MAX, '[', ']');
	ok(b != NULL && parses(b), "nesting of exactly JSON_DEPTH_MAX parses");
	free(b);
	b = nest(JSON_DEPTH_MAX + 1, '[', ']');
	ok(b != NULL && json_parse(b, strlen(b), &why) == NULL &&
	    strcmp(why, "nested too deeply") == 0, "one level deeper is refused");
	free(b);
	b = nest(900, '[', ']');
	ok(b != NULL && !parses(b), "900 levels (crashed redfishd) refused");
	free(b);
	b = nest(5000, '{', '}');
	ok(b != NULL && !parses(b), "5000 braces refused without recursing");
	free(b);
	ok(parses("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}"),
	    "brackets inside a string do not count");
	ok(parses("{\"a\":\"\\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}"),
	    "an escaped quote does not end the string");

	why = NULL;
	ok(json_parse("{\"UserName\":\"adm\\u0000x\"}", 25, &why) == NULL &&
	    why != NULL, "\\u0000 in a string refused");
	ok(json_parse("{\"UserName\":\"adm\0x\"}", 19, NULL) == NULL,
	    "raw NUL in a string refused");
	ok(json_parse("{\"a\":1}\0", 8, NULL) == NULL, "NUL after the value refused");
	ok(!parses("{\"a\":\"x\ty\"}"), "raw control character in a string refused");
	ok(!parses("{\"a\":\"\xff\"}"), "invalid UTF-8 byte refused");
	ok(!parses("{\"a\":\"\xc0\xaf\"}"), "overlong UTF-8 refused");
	ok(!parses("{\"a\":\"\xed\xa0\x80\"}"), "UTF-8 surrogate refused");
	ok(!parses("{\"a\":\"\xe2\x82\"}"), "truncated UTF-8 refused");

	why = NULL;
	ok(json_parse("{\"a\":1} {\"a\":2}", 15, &why) == NULL &&
	    strcmp(why, "data after the JSON value") == 0, "trailing JSON refused");
	ok(!parses("{\"a\":1}garbage"), "trailing garbage refused");
	ok(!parses("{\"a\":1,\"a\":2}"), "duplicate key refused");
	ok(!parses("{\"b\":{\"x\":1,\"y\":2,\"x\":3}}"), "duplicate key in a nested object refused");
	ok(!parses("[{\"x\":1,\"x\":1}]"), "duplicate key inside an array refused");
	ok(parses("[1,1,1]"), "repeated array values are fine");
	ok(parses("{\"a\":{\"x\":1},\"b\":{\"x\":1}}"), "same key in sibling objects is fine");

	ok(!parses("{\"a\":"), "truncated object refused");
	ok(json_parse("", 0, NULL) == NULL, "empty input refused");
	ok(json_parse(NULL, 0, NULL) == NULL, "NULL input refused");
	ok(!parses("{\"a\" 1}"), "syntax error refused");

	o = json_parse("{\"a\":[1,{\"b\":\"c\"}]}", 19, NULL);
	ok(o != NULL && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "a")),
	    "parsed tree is usable");
	cJSON_Delete(o);

	json_utf8_clean("/a\xff\xc3\xa9" "b\xc0\x80", buf, sizeof(buf));
	ok(strcmp(buf, "/a\xef\xbf\xbd\xc3\xa9" "b\xef\xbf\xbd\xef\xbf\xbd") == 0,
	    "utf8_clean: bad bytes become U+FFFD, good ones stay");
	json_utf8_clean("ab\xe2\x82\xac", buf, 5);
	ok(strcmp(buf, "ab") == 0, "utf8_clean: a sequence that does not fit is dropped whole");
	json_utf8_clean("\xff", buf, 3);
	ok(buf[0] == '\0', "utf8_clean: a replacement that does not fit is dropped");
	return done_testing();
}
