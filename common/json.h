/* json.h: the one way untrusted JSON is parsed: bounded depth, strict syntax. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_JSON_H
#define BMC_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

/*
 * cJSON recurses once per nesting level and stops only at 1000; a worker
 * thread with a 100 KiB stack (Debian's civetweb) overflows near 770.  No
 * document bmcsim reads nests deeper than a handful of levels.
 */
#define JSON_DEPTH_MAX	32

/*
 * Parse len bytes of untrusted JSON.  Refused, with *why set to a short
 * English reason (a static string) and NULL returned:
 *   nesting deeper than JSON_DEPTH_MAX (checked before cJSON recurses),
 *   invalid UTF-8, a raw control character or \u0000 inside a string
 *   (cJSON would cut the C string there: "adm\u0000x" must not log in as
 *   "adm"), anything but white space after the value, a key repeated in
 *   one object (cJSON would keep the first, other parsers the last).
 * why may be NULL.  Pure; thread-safe (never uses cJSON_GetErrorPtr).
 */
cJSON	*json_parse(const char *buf, size_t len, const char **why);

/* Only the pre-scan: 0 if buf passes the depth, UTF-8 and string checks. */
int	 json_scan(const char *buf, size_t len, const char **why);

/*
 * Copy the NUL-terminated in to out (outlen > 0, always terminated) with
 * every byte that does not start a valid UTF-8 sequence replaced by
 * U+FFFD, so untrusted text (a request path) is never echoed raw.  A
 * sequence that does not fit is dropped whole.
 */
void	 json_utf8_clean(const char *in, char *out, size_t outlen);

#endif
