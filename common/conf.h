/* conf.h: the one "key value ..." configuration syntax every daemon reads. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_CONF_H
#define BMC_CONF_H

#include <stddef.h>

/*
 * Syntax: one directive per line, words separated by blanks, '#' starts a
 * comment outside quotes, "double quotes" keep blanks (\" and \\ escape).
 * Indentation is free; blank lines are ignored.  Lines are at most
 * CONF_LINE_MAX bytes and have at most CONF_ARGS_MAX words.
 *
 * conf_parse() is pure: it tokenises buf and calls cb once per directive
 * with argv[0] the key (argv[argc] is NULL; the words live in a buffer
 * that is reused for the next line, so cb copies what it keeps).  cb returns 0 to continue or -1 after writing a
 * message into err; conf_parse then returns -1 and prefixes nothing (the
 * caller prints "file:line: message" with *lineno).  A tokenising error
 * (unterminated quote, line too long, too many words, NUL byte) also
 * returns -1 with a message.
 */
#define CONF_LINE_MAX	1024
#define CONF_ARGS_MAX	16

typedef int (*conf_cb)(void *ctx, int lineno, int argc, char **argv,
    char *err, size_t errlen);

int	conf_parse(const char *buf, size_t len, conf_cb cb, void *ctx,
	    int *lineno, char *err, size_t errlen);
/* Read path and parse it; on error err holds "path:line: message". */
int	conf_load(const char *path, conf_cb cb, void *ctx, char *err,
	    size_t errlen);

/* Helpers for callbacks: parse argv[i] as a number/bool/duration, writing "key: why" to err. */
int	conf_num(const char *key, const char *s, long long min, long long max,
	    long long *out, char *err, size_t errlen);
int	conf_bool(const char *key, const char *s, int *out, char *err,
	    size_t errlen);
int	conf_duration(const char *key, const char *s, long long *ms,
	    char *err, size_t errlen);

#endif
