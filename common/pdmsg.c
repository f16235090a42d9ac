/* pdmsg.c: powerd protocol messages: line framing, parsing and builders. */
/* SPDX-License-Identifier: ISC */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "pdmsg.h"
#include "util.h"

void
pd_framer_init(struct pd_framer *f, size_t max)
{
	memset(f, 0, sizeof(*f));
	f->max = max;
}

void
pd_framer_free(struct pd_framer *f)
{
	free(f->buf);
	f->buf = NULL;
	f->len = f->cap = f->consumed = 0;
}

/*
 * Invariant kept by feed: every complete line held is at most max bytes
 * and so is the incomplete tail.  A chunk that breaks it is refused whole
 * (BMC_ETOOLONG) and the framer is left as it was.
 */
int
pd_framer_feed(struct pd_framer *f, const void *data, size_t n)
{
	const char	*p = data, *q, *nl;
	size_t		 cur, left, ncap;
	char		*nb;

	if (n == 0)
		return 0;
	if (f->consumed > 0) {
		memmove(f->buf, f->buf + f->consumed, f->len - f->consumed);
		f->len -= f->consumed;
		f->consumed = 0;
	}
	/* length of the incomplete line already held */
	nl = f->len > 0 ? memrchr(f->buf, '\n', f->len) : NULL;
	cur = nl != NULL ? f->len - (size_t)(nl - f->buf) - 1 : f->len;
	for (left = n; left > 0;) {
		if ((q = memchr(p, '\n', left)) == NULL) {
			if (left > f->max || cur > f->max - left)
				return BMC_ETOOLONG;
			break;
		}
		if ((size_t)(q - p) > f->max || cur > f->max - (size_t)(q - p))
			return BMC_ETOOLONG;
		cur = 0;
		left -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	if (n > SIZE_MAX / 2 - f->len)
		return BMC_ETOOLONG;
	if (f->cap - f->len < n) {
		ncap = f->cap == 0 ? 1024 : f->cap;
		while (ncap - f->len < n)
			ncap *= 2;
		if ((nb = realloc(f->buf, ncap)) == NULL)
			return BMC_ENOMEM;
		f->buf = nb;
		f->cap = ncap;
	}
	memcpy(f->buf + f->len, data, n);
	f->len += n;
	return 0;
}

int
pd_framer_next(struct pd_framer *f, char **line, size_t *len)
{
	char	*start, *nl;

	if (f->consumed >= f->len)
		return 0;
	start = f->buf + f->consumed;
	if ((nl = memchr(start, '\n', f->len - f->consumed)) == NULL)
		return 0;
	*nl = '\0';
	*line = start;
	*len = (size_t)(nl - start);
	f->consumed = (size_t)(nl - f->buf) + 1;
	return 1;
}

cJSON *
pdmsg_parse(const char *line, size_t len)
{
	cJSON	*o;

	if ((o = json_parse(line, len, NULL)) == NULL)
		return NULL;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *
pdmsg_request(long id, const char *op, const char *server)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (cJSON_AddNumberToObject(o, "v", PD_PROTO_VERSION) == NULL ||
	    cJSON_AddNumberToObject(o, "id", (double)id) == NULL ||
	    cJSON_AddStringToObject(o, "op", op) == NULL ||
	    (server != NULL &&
	    cJSON_AddStringToObject(o, "server", server) == NULL)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *
pdmsg_reply(long id, int ok)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (cJSON_AddNumberToObject(o, "v", PD_PROTO_VERSION) == NULL ||
	    cJSON_AddNumberToObject(o, "id", (double)id) == NULL ||
	    cJSON_AddBoolToObject(o, "ok", ok ? 1 : 0) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *
pdmsg_error(long id, const char *token, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;
	cJSON	*o;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);	/* may truncate */
	va_end(ap);
	if ((o = pdmsg_reply(id, 0)) == NULL)
		return NULL;
	if (cJSON_AddStringToObject(o, "error", token) == NULL ||
	    cJSON_AddStringToObject(o, "message", msg) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *
pdmsg_print(const cJSON *o, size_t max, size_t *lenp)
{
	char	*s, *out;
	size_t	 n;

	if ((s = cJSON_PrintUnformatted(o)) == NULL)
		return NULL;
	n = strlen(s);
	if (n + 1 > max || memchr(s, '\n', n) != NULL) {
		cJSON_free(s);
		return NULL;
	}
	if ((out = malloc(n + 2)) == NULL) {
		cJSON_free(s);
		return NULL;
	}
	memcpy(out, s, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	cJSON_free(s);
	if (lenp != NULL)
		*lenp = n + 1;
	return out;
}

const char *
pdmsg_str(const cJSON *o, const char *key, const char *def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return def;
	return v->valuestring;
}

double
pdmsg_num(const cJSON *o, const char *key, double def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v))
		return def;
	return v->valuedouble;
}

int
pdmsg_bool(const cJSON *o, const char *key, int def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsBool(v))
		return def;
	return cJSON_IsTrue(v) ? 1 : 0;
}

long
pdmsg_id(const cJSON *o)
{
	double	d = pdmsg_num(o, "id", -1);

	if (d < 0 || d > 9007199254740992.0 || d != (double)(long)d)
		return -1;
	return (long)d;
}

int
pdmsg_ok(const cJSON *o)
{
	return pdmsg_bool(o, "ok", 0) == 1;
}
