/* servers.c: the servers file of aggregated mode (servers.h). */
/* SPDX-License-Identifier: ISC */

#include <sys/resource.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "servers.h"
#include "util.h"

static const char *const keys[SK_MAX] = {
	"ipmi", "http", "https", "vnc", "novnc", "console", "sol", "log",
	"powerd", "screen"
};

const char *
servers_keyname(enum srvkey k)
{
	return k >= 0 && k < SK_MAX ? keys[k] : "?";
}

static int
valid_id(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-'))
			return 0;
	return n >= 1 && n <= 63;
}

/* id lookup while parsing: an open-addressing set of indexes into l->s */
struct pctx {
	struct srvlist	*l;
	int		*set;
	size_t		 setcap;	/* power of two */
};

static size_t
hash(const char *s)
{
	size_t	h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static int
set_grow(struct pctx *p)
{
	size_t	 ncap = p->setcap ? p->setcap * 2 : 64, i, j;
	int	*ns;

	if ((ns = malloc(ncap * sizeof(*ns))) == NULL)
		return -1;
	for (i = 0; i < ncap; i++)
		ns[i] = -1;
	for (i = 0; i < (size_t)p->l->n; i++) {
		j = hash(p->l->s[i].id) & (ncap - 1);
		while (ns[j] != -1)
			j = (j + 1) & (ncap - 1);
		ns[j] = (int)i;
	}
	free(p->set);
	p->set = ns;
	p->setcap = ncap;
	return 0;
}

/* index of id, or -1 */
static int
set_find(const struct pctx *p, const char *id)
{
	size_t	j;

	if (p->setcap == 0)
		return -1;
	for (j = hash(id) & (p->setcap - 1); p->set[j] != -1;
	    j = (j + 1) & (p->setcap - 1))
		if (strcmp(p->l->s[p->set[j]].id, id) == 0)
			return p->set[j];
	return -1;
}

static int
one(void *ctx, int lineno, int argc, char **argv, char *err, size_t errlen)
{
	struct pctx	*p = ctx;
	struct srvlist	*l = p->l;
	struct srvent	*e = NULL;
	const char	*eq;
	size_t		 klen;
	int		 i, k;

	if (strcmp(argv[0], "server") != 0) {
		snprintf(err, errlen, "unknown directive \"%s\" (want "
		    "\"server ID key=value ...\")", argv[0]);
		return -1;
	}
	if (argc < 2 || !valid_id(argv[1])) {
		snprintf(err, errlen, "server: want an id of 1 to 63 "
		    "letters, digits, '.', '_' or '-'");
		return -1;
	}
	if ((i = set_find(p, argv[1])) != -1) {
		snprintf(err, errlen, "server %s: already on line %d",
		    argv[1], l->s[i].line);
		return -1;
	}
	if (l->n == SERVERS_MAX) {
		snprintf(err, errlen, "more than %d servers", SERVERS_MAX);
		return -1;
	}
	if (l->n == l->cap) {
		int		 ncap = l->cap ? l->cap * 2 : 16;
		struct srvent	*ns = realloc(l->s, (size_t)ncap * sizeof(*ns));

		if (ns == NULL)
			goto nomem;
		l->s = ns;
		l->cap = ncap;
	}
	if ((size_t)(l->n + 1) * 2 > p->setcap && set_grow(p) == -1)
		goto nomem;
	e = &l->s[l->n];
	memset(e, 0, sizeof(*e));
	e->line = lineno;
	if ((e->id = strdup(argv[1])) == NULL)
		goto nomem;
	for (i = 2; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL || eq == argv[i]) {
			snprintf(err, errlen, "server %s: \"%s\": want "
			    "key=value", e->id, argv[i]);
			goto bad;
		}
		klen = (size_t)(eq - argv[i]);
		for (k = 0; k < SK_MAX; k++)
			if (strlen(keys[k]) == klen &&
			    strncmp(keys[k], argv[i], klen) == 0)
				break;
		if (k == SK_MAX) {
			snprintf(err, errlen, "server %s: unknown key "
			    "\"%.*s\"", e->id, (int)klen, argv[i]);
			goto bad;
		}
		if (e->v[k] != NULL) {
			snprintf(err, errlen, "server %s: %s given twice",
			    e->id, keys[k]);
			goto bad;
		}
		if (eq[1] == '\0') {
			snprintf(err, errlen, "server %s: %s: empty value",
			    e->id, keys[k]);
			goto bad;
		}
		if ((e->v[k] = strdup(eq + 1)) == NULL)
			goto nomem;
	}
	l->n++;
	/* the set holds indexes below l->n: add this one */
	{
		size_t	j = hash(e->id) & (p->setcap - 1);

		while (p->set[j] != -1)
			j = (j + 1) & (p->setcap - 1);
		p->set[j] = l->n - 1;
	}
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	if (e == NULL)
		return -1;
bad:
	free(e->id);
	for (k = 0; k < SK_MAX; k++)
		free(e->v[k]);
	memset(e, 0, sizeof(*e));
	return -1;
}

int
servers_parse(const char *buf, size_t len, struct srvlist *l, char *err,
    size_t errlen)
{
	struct pctx	 p = { l, NULL, 0 };
	char		 msg[256];
	int		 lineno = 0, rc;

	rc = conf_parse(buf, len, one, &p, &lineno, msg, sizeof(msg));
	free(p.set);
	if (rc == -1) {
		snprintf(err, errlen, "line %d: %s", lineno, msg);
		servers_free(l);
		return -1;
	}
	if (l->n == 0) {
		snprintf(err, errlen, "no servers");
		return -1;
	}
	return 0;
}

int
servers_load(const char *path, struct srvlist *l, char *err, size_t errlen)
{
	char	*buf;
	size_t	 len;
	char	 msg[256];

	if (util_read_file(path, 64u << 20, &buf, &len) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (servers_parse(buf, len, l, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "%s:%s", path, msg + (strncmp(msg,
		    "line ", 5) == 0 ? 5 : 0));
		free(buf);
		return -1;
	}
	free(buf);
	return 0;
}

void
servers_free(struct srvlist *l)
{
	int	i, k;

	for (i = 0; i < l->n; i++) {
		free(l->s[i].id);
		for (k = 0; k < SK_MAX; k++)
			free(l->s[i].v[k]);
	}
	free(l->s);
	memset(l, 0, sizeof(*l));
}

const struct srvent *
servers_find(const struct srvlist *l, const char *id)
{
	int	i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->s[i].id, id) == 0)
			return &l->s[i];
	return NULL;
}

int
servers_fd_budget(int nservers, long long need)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		log_warn("getrlimit");
		return -1;
	}
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_warn("setrlimit");
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && need > (long long)rl.rlim_cur) {
		log_warnx("%d servers need about %lld file descriptors, the "
		    "limit is %llu", nservers, need,
		    (unsigned long long)rl.rlim_cur);
		return -1;
	}
	return 0;
}
