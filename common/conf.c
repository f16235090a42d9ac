/* conf.c: the "key value ..." configuration tokenizer every daemon uses. */
/* SPDX-License-Identifier: ISC */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "util.h"

#define CONF_FILE_MAX	(1024 * 1024)

static int
conf_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Split one line (no '\n', NUL-free, len < CONF_LINE_MAX) into words in
 * out[], NUL-separated.  Returns the word count or -1 with err set.
 */
static int
conf_split(const char *line, size_t len, char *out, char **argv,
    char *err, size_t errlen)
{
	size_t	 i = 0, o = 0;
	int	 argc = 0, inword = 0, quoted = 0;
	char	 c;

	for (i = 0; i < len; i++) {
		c = line[i];
		if (quoted) {
			if (c == '"') {
				quoted = 0;
				continue;
			}
			if (c == '\\' && i + 1 < len &&
			    (line[i + 1] == '"' || line[i + 1] == '\\'))
				c = line[++i];
			out[o++] = c;
			continue;
		}
		if (conf_blank((unsigned char)c) || c == '#') {
			if (inword) {
				out[o++] = '\0';
				inword = 0;
			}
			if (c == '#')
				break;
			continue;
		}
		if (!inword) {
			if (argc >= CONF_ARGS_MAX) {
				snprintf(err, errlen,
				    "too many words (at most %d)",
				    CONF_ARGS_MAX);
				return -1;
			}
			argv[argc++] = out + o;
			inword = 1;
		}
		if (c == '"')
			quoted = 1;
		else
			out[o++] = c;
	}
	if (quoted) {
		snprintf(err, errlen, "unterminated quote");
		return -1;
	}
	if (inword)
		out[o++] = '\0';
	argv[argc] = NULL;
	return argc;
}

int
conf_parse(const char *buf, size_t len, conf_cb cb, void *ctx, int *lineno,
    char *err, size_t errlen)
{
	char		 words[CONF_LINE_MAX + 1];
	char		*argv[CONF_ARGS_MAX + 1];
	const char	*line, *nl;
	size_t		 off = 0, n;
	int		 argc, ln = 0, dummy;

	if (lineno == NULL)
		lineno = &dummy;
	*lineno = 0;
	if (errlen > 0)
		err[0] = '\0';
	while (off < len) {
		line = buf + off;
		nl = memchr(line, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - line) : len - off;
		off += n + (nl != NULL);
		*lineno = ++ln;
		if (n >= CONF_LINE_MAX) {
			snprintf(err, errlen,
			    "line too long (at most %d bytes)",
			    CONF_LINE_MAX - 1);
			return -1;
		}
		if (memchr(line, '\0', n) != NULL) {
			snprintf(err, errlen, "NUL byte in line");
			return -1;
		}
		argc = conf_split(line, n, words, argv, err, errlen);
		if (argc == -1)
			return -1;
		if (argc == 0)
			continue;
		if (cb(ctx, ln, argc, argv, err, errlen) == -1) {
			if (errlen > 0 && err[0] == '\0')
				snprintf(err, errlen, "bad directive \"%s\"",
				    argv[0]);
			return -1;
		}
	}
	return 0;
}

int
conf_load(const char *path, conf_cb cb, void *ctx, char *err, size_t errlen)
{
	char	 msg[512];
	char	*buf = NULL;
	size_t	 len = 0;
	int	 lineno = 0, rv = -1;

	if (util_read_file(path, CONF_FILE_MAX, &buf, &len) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (conf_parse(buf, len, cb, ctx, &lineno, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
		goto out;
	}
	rv = 0;
out:
	free(buf);
	return rv;
}

int
conf_num(const char *key, const char *s, long long min, long long max,
    long long *out, char *err, size_t errlen)
{
	const char	*errstr;
	long long	 v;

	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL) {
		snprintf(err, errlen, "%s: \"%s\" is %s (%lld..%lld)", key, s,
		    errstr, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
conf_bool(const char *key, const char *s, int *out, char *err, size_t errlen)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 ||
	    strcasecmp(s, "on") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	    strcasecmp(s, "off") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else {
		snprintf(err, errlen, "%s: \"%s\" is not yes or no", key, s);
		return -1;
	}
	return 0;
}

int
conf_duration(const char *key, const char *s, long long *ms, char *err,
    size_t errlen)
{
	long long	v;

	if ((v = parse_duration_ms(s)) < 0) {
		snprintf(err, errlen,
		    "%s: \"%s\" is not a duration (250ms, 2s, 1m)", key, s);
		return -1;
	}
	*ms = v;
	return 0;
}
