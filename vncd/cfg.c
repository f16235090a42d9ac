/* cfg.c: vncd's configuration file keys (conf_parse callback); pure. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"
#include "vncd.h"

/* A value given by a flag is set already: the flag wins. */
static int
cfg_set(struct vncd_cfg *c, const char **dst, const char *val)
{
	char	*s;

	if (*dst != NULL)
		return 0;			/* the flag wins */
	if (c->nkeep == (int)nitems(c->keep) || (s = strdup(val)) == NULL)
		return -1;
	c->keep[c->nkeep++] = s;
	*dst = s;
	return 0;
}

int
cfg_line(void *ctx, int lineno, int argc, char **argv, char *err,
    size_t errlen)
{
	struct vncd_cfg		*c = ctx;
	long long		 n;
	const char		**dst = NULL;

	UNUSED(lineno);
	if (argc != 2) {
		snprintf(err, errlen, "%s: expected one value", argv[0]);
		return -1;
	}
	if (strcmp(argv[0], "mode") == 0)
		dst = &c->mode;
	else if (strcmp(argv[0], "listen") == 0)
		dst = &c->listen;
	else if (strcmp(argv[0], "web") == 0)
		dst = &c->web;
	else if (strcmp(argv[0], "server") == 0)
		dst = &c->server;
	else if (strcmp(argv[0], "password-file") == 0)
		dst = &c->pwfile;
	else if (strcmp(argv[0], "powerd") == 0)
		dst = &c->pdsock;
	else if (strcmp(argv[0], "sold") == 0)
		dst = &c->soldsock;
	else if (strcmp(argv[0], "upstream") == 0)
		dst = &c->upstream;
	else if (strcmp(argv[0], "novnc-dir") == 0)
		dst = &c->novnc;
	else if (strcmp(argv[0], "user") == 0)
		dst = &c->user;
	else if (strcmp(argv[0], "rfb-public-port") == 0) {
		if (conf_num(argv[0], argv[1], 1, 65535, &n, err, errlen) == -1)
			return -1;
		dst = &c->rfbpublic;
	}
	else if (strcmp(argv[0], "web-public-port") == 0) {
		if (conf_num(argv[0], argv[1], 1, 65535, &n, err, errlen) == -1)
			return -1;
		dst = &c->webpublic;
	} else if (strcmp(argv[0], "websocket-wait") == 0) {
		if (conf_num(argv[0], argv[1], 0, VNCD_WS_WAIT_MAX, &n, err,
		    errlen) == -1)
			return -1;
		if (c->wswait < 0)
			c->wswait = (int)n;	/* the flag wins */
		return 0;
	} else if (strcmp(argv[0], "web-threads") == 0) {
		if (conf_num(argv[0], argv[1], 8, VNCD_WEB_THREADS_MAX, &n, err,
		    errlen) == -1)
			return -1;
		c->webthreads = (int)n;
		return 0;
	} else if (strcmp(argv[0], "console-history") == 0) {
		if (conf_num(argv[0], argv[1], 0, VNCD_HISTORY_MAX, &n, err,
		    errlen) == -1)
			return -1;
		c->history = (int)n;
		return 0;
	} else {
		snprintf(err, errlen, "unknown key \"%s\"", argv[0]);
		return -1;
	}
	if (cfg_set(c, dst, argv[1]) == -1) {
		snprintf(err, errlen, "%s: out of memory", argv[0]);
		return -1;
	}
	return 0;
}

void
cfg_free(struct vncd_cfg *c)
{
	int	i;

	for (i = 0; i < c->nkeep; i++)
		free(c->keep[i]);
	c->nkeep = 0;
}
