/* json.c: bounded, strict parsing of untrusted JSON on top of cJSON. */
/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "json.h"
#include "util.h"

/* Length of the UTF-8 sequence at p (RFC 3629 §4), 0 if it is invalid. */
static size_t
utf8_len(const unsigned char *p, size_t left)
{
	unsigned char	c = p[0];
	size_t		n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
	    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

int
json_scan(const char *buf, size_t len, const char **why)
{
	const unsigned char	*p = (const unsigned char *)buf;
	size_t			 i = 0, n;
	int			 depth = 0, instr = 0;
	const char		*dummy;

	if (why == NULL)
		why = &dummy;
	while (i < len) {
		if ((n = utf8_len(p + i, len - i)) == 0) {
			*why = "invalid UTF-8";
			return BMC_EPROTO;
		}
		if (n > 1) {
			if (!instr) {
				*why = "character outside a string";
				return BMC_EPROTO;
			}
			i += n;
			continue;
		}
		if (instr) {
			if (p[i] == '"')
				instr = 0;
			else if (p[i] < 0x20) {
				*why = "control character in a string";
				return BMC_EPROTO;
			} else if (p[i] == '\\') {
				if (len - i < 2) {
					*why = "unterminated string";
					return BMC_EPROTO;
				}
				if (p[i + 1] == 'u' && len - i >= 6 &&
				    memcmp(p + i + 2, "0000", 4) == 0) {
					*why = "NUL character in a string";
					return BMC_EPROTO;
				}
				i++;
			}
		} else if (p[i] == '"')
			instr = 1;
		else if (p[i] == '[' || p[i] == '{') {
			if (++depth > JSON_DEPTH_MAX) {
				*why = "nested too deeply";
				return BMC_ERANGE;
			}
		} else if (p[i] == ']' || p[i] == '}')
			depth--;
		else if (p[i] == '\0') {
			*why = "NUL character";
			return BMC_EPROTO;
		}
		i++;
	}
	return 0;
}

/* 1 if an object anywhere below o repeats a key. */
static int
dup_keys(const cJSON *o)
{
	const cJSON	*a, *b;

	for (a = o->child; a != NULL; a = a->next) {
		if (cJSON_IsObject(o))
			for (b = a->next; b != NULL; b = b->next)
				if (a->string != NULL && b->string != NULL &&
				    strcmp(a->string, b->string) == 0)
					return 1;
		if ((cJSON_IsObject(a) || cJSON_IsArray(a)) && dup_keys(a))
			return 1;
	}
	return 0;
}

cJSON *
json_parse(const char *buf, size_t len, const char **why)
{
	cJSON		*o;
	const char	*end = NULL, *dummy;

	if (why == NULL)
		why = &dummy;
	if (buf == NULL || len == 0) {
		*why = "empty body";
		return NULL;
	}
	if (json_scan(buf, len, why) != 0)
		return NULL;
	if ((o = cJSON_ParseWithLengthOpts(buf, len, &end, 0)) == NULL) {
		*why = "syntax error";
		return NULL;
	}
	while (end != NULL && end < buf + len &&
	    (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end == NULL || end != buf + len) {
		cJSON_Delete(o);
		*why = "data after the JSON value";
		return NULL;
	}
	if (dup_keys(o)) {
		cJSON_Delete(o);
		*why = "duplicate key in an object";
		return NULL;
	}
	return o;
}

void
json_utf8_clean(const char *in, char *out, size_t outlen)
{
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 left = strlen(in), n, o = 0;
	const char		*src;

	while (left > 0) {
		if ((n = utf8_len(p, left)) == 0) {
			src = "\xef\xbf\xbd";	/* U+FFFD */
			n = 3;
			p++;
			left--;
		} else {
			src = (const char *)p;
			p += n;
			left -= n;
		}
		if (o + n >= outlen)
			break;
		memcpy(out + o, src, n);
		o += n;
	}
	out[o] = '\0';
}
