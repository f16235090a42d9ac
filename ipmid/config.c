/* config.c: ipmid's configuration file: "key value" lines read through common/conf. */
/* SPDX-License-Identifier: ISC */

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "util.h"
#include "ipmid.h"
#include "config.h"

struct ctx {
	struct ipmid_conf	*c;
	struct config_extra	*x;
};

static const uint8_t	known_suites[] = { 0, 1, 2, 3, 15, 16, 17 };

void
config_defaults(struct ipmid_conf *c, struct config_extra *x)
{
	static const uint8_t	def[] = { 1, 2, 3, 15, 16, 17 };

	memset(c, 0, sizeof(*c));
	memset(x, 0, sizeof(*x));
	strlcpy(c->server, "srv1", sizeof(c->server));
	memcpy(c->suites, def, sizeof(def));
	c->nsuites = (int)sizeof(def);
	c->ipmi15 = 1;
	c->idle_timeout_s = 60;
	c->max_sessions = 32;
}

int
config_suites(struct ipmid_conf *c, int argc, char **argv, char *err,
    size_t errlen)
{
	long long	v;
	size_t		k;
	int		i, j;

	if (argc < 1 || argc > IPMID_SUITES_MAX) {
		snprintf(err, errlen, "cipher-suites: 1 to %d suites",
		    IPMID_SUITES_MAX);
		return -1;
	}
	c->nsuites = 0;
	for (i = 0; i < argc; i++) {
		if (conf_num("cipher-suites", argv[i], 0, 255, &v, err,
		    errlen) == -1)
			return -1;
		for (k = 0; k < sizeof(known_suites); k++)
			if (known_suites[k] == v)
				break;
		if (k == sizeof(known_suites)) {
			snprintf(err, errlen, "cipher-suites: suite %lld is "
			    "not supported (0 1 2 3 15 16 17)", v);
			return -1;
		}
		if (v == 0) {		/* listed only with cipher-suite-zero */
			c->suite0 = 1;
			continue;
		}
		for (j = 0; j < c->nsuites; j++)
			if (c->suites[j] == v)
				break;
		if (j == c->nsuites)
			c->suites[c->nsuites++] = (uint8_t)v;
	}
	return 0;
}

static int
ip4(const char *key, const char *s, uint8_t out[4], char *err, size_t errlen)
{
	struct in_addr	a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		snprintf(err, errlen, "%s: not an IPv4 address: %s", key, s);
		return -1;
	}
	memcpy(out, &a, 4);
	return 0;
}

static int
mac(const char *s, uint8_t out[6], char *err, size_t errlen)
{
	unsigned int	b[6];
	char		tail;
	int		i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
	    &b[4], &b[5], &tail) != 6) {
		snprintf(err, errlen, "lan-mac: not a MAC address: %s", s);
		return -1;
	}
	for (i = 0; i < 6; i++)
		out[i] = (uint8_t)b[i];
	return 0;
}

/* K_g: 40 hex digits, or up to 20 bytes of text (as ipmitool -y / -k). */
static int
kg_file(struct ipmid_conf *c, const char *path, char *err, size_t errlen)
{
	char	buf[64];
	size_t	n;

	if (util_read_secret(path, buf, sizeof(buf)) == -1) {
		snprintf(err, errlen, "kg-file: cannot read %s", path);
		return -1;
	}
	n = strlen(buf);
	memset(c->kg, 0, sizeof(c->kg));
	if (n == 40 && util_hex_decode(buf, c->kg, sizeof(c->kg)) == 20)
		;
	else if (n <= sizeof(c->kg))
		memcpy(c->kg, buf, n);
	else {
		util_zeroize(buf, sizeof(buf));
		snprintf(err, errlen, "kg-file: at most 20 bytes or 40 hex "
		    "digits");
		return -1;
	}
	util_zeroize(buf, sizeof(buf));
	for (n = 0; n < sizeof(c->kg) && c->kg[n] == 0; n++)
		;
	c->kg_set = n < sizeof(c->kg);
	return 0;
}

static int
one(void *arg, int lineno, int argc, char **argv, char *err, size_t errlen)
{
	struct ctx	*x = arg;
	struct ipmid_conf *c = x->c;
	const char	*k = argv[0];
	long long	 v;

	(void)lineno;
	if (strcmp(k, "cipher-suites") == 0)
		return config_suites(c, argc - 1, argv + 1, err, errlen);
	if (argc != 2) {
		snprintf(err, errlen, "%s: expects one value", k);
		return -1;
	}
	if (strcmp(k, "server") == 0) {
		if (strlcpy(c->server, argv[1], sizeof(c->server)) >=
		    sizeof(c->server))
			goto toolong;
	} else if (strcmp(k, "powerd-socket") == 0) {
		if (strlcpy(c->pdsock, argv[1], sizeof(c->pdsock)) >=
		    sizeof(c->pdsock))
			goto toolong;
	} else if (strcmp(k, "sol-socket") == 0) {
		if (strlcpy(x->x->sol_socket, argv[1],
		    sizeof(x->x->sol_socket)) >= sizeof(x->x->sol_socket))
			goto toolong;
	} else if (strcmp(k, "listen") == 0) {
		if (x->x->nlisten >= CONFIG_LISTEN_MAX) {
			snprintf(err, errlen, "listen: at most %d",
			    CONFIG_LISTEN_MAX);
			return -1;
		}
		if (strlcpy(x->x->listen[x->x->nlisten], argv[1],
		    sizeof(x->x->listen[0])) >= sizeof(x->x->listen[0]))
			goto toolong;
		x->x->nlisten++;
	} else if (strcmp(k, "cipher-suite-zero") == 0)
		return conf_bool(k, argv[1], &c->suite0, err, errlen);
	else if (strcmp(k, "ipmi15") == 0)
		return conf_bool(k, argv[1], &c->ipmi15, err, errlen);
	else if (strcmp(k, "ipmi15-password") == 0)
		return conf_bool(k, argv[1], &c->ipmi15_password, err, errlen);
	else if (strcmp(k, "kg-file") == 0)
		return kg_file(c, argv[1], err, errlen);
	else if (strcmp(k, "idle-timeout") == 0) {
		if (conf_duration(k, argv[1], &v, err, errlen) == -1)
			return -1;
		if (v < 1000 || v > 3600 * 1000) {
			snprintf(err, errlen, "idle-timeout: 1s to 1h");
			return -1;
		}
		c->idle_timeout_s = (int)(v / 1000);
	} else if (strcmp(k, "max-sessions") == 0) {
		if (conf_num(k, argv[1], 1, 64, &v, err, errlen) == -1)
			return -1;
		c->max_sessions = (int)v;
	} else if (strcmp(k, "lan-ip") == 0)
		return ip4(k, argv[1], c->lan_ip, err, errlen);
	else if (strcmp(k, "lan-netmask") == 0)
		return ip4(k, argv[1], c->lan_mask, err, errlen);
	else if (strcmp(k, "lan-gateway") == 0)
		return ip4(k, argv[1], c->lan_gw, err, errlen);
	else if (strcmp(k, "lan-mac") == 0)
		return mac(argv[1], c->lan_mac, err, errlen);
	else {
		snprintf(err, errlen, "unknown key \"%s\"", k);
		return -1;
	}
	return 0;
toolong:
	snprintf(err, errlen, "%s: value too long", k);
	return -1;
}

int
config_parse(const char *buf, size_t len, struct ipmid_conf *c,
    struct config_extra *x, char *err, size_t errlen)
{
	struct ctx	ctx = { c, x };
	char		msg[256];
	int		lineno = 0;

	if (conf_parse(buf, len, one, &ctx, &lineno, msg, sizeof(msg)) == -1) {
		snprintf(err, errlen, "line %d: %s", lineno, msg);
		return -1;
	}
	return 0;
}

int
config_load(const char *path, struct ipmid_conf *c, struct config_extra *x,
    char *err, size_t errlen)
{
	struct ctx	ctx = { c, x };

	return conf_load(path, one, &ctx, err, errlen);
}
