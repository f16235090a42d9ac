/* mgr.c: the BMC's own network side: address, front-end ports, HostName. */
/* SPDX-License-Identifier: ISC */

#include <arpa/inet.h>

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf.h"
#include "util.h"

void
rf_mgr_init(struct rf_mgr *m, const char *server)
{
	pthread_mutex_init(&m->mu, NULL);
	(void)snprintf(m->hostname, sizeof(m->hostname), "bmc-%s", server);
	if (!rf_mgr_hostname_ok(m->hostname))
		(void)strlcpy(m->hostname, "bmc", sizeof(m->hostname));
}

/*
 * "ipmi=623,vnc=5900,novnc=6080,telnet=2300": the ports the other front
 * ends of this BMC listen on, all on the address of the HTTP listener.
 * A name given twice takes the last port; 0 says "not running".
 */
int
rf_mgr_endpoints(struct rf_mgr *m, const char *spec, char *err,
    size_t errlen)
{
	static const char *const names[] = { "ipmi", "vnc", "novnc",
	    "telnet" };
	int		*dst[] = { &m->ipmi_port, &m->vnc_port,
	    &m->novnc_port, &m->telnet_port };
	const char	*p = spec, *eq, *end;
	char		*ep = NULL;
	size_t		 i, n;
	long		 v;

	for (;;) {
		end = p + strcspn(p, ",");
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL) {
			(void)snprintf(err, errlen, "endpoint \"%.*s\": "
			    "want name=port", (int)(end - p), p);
			return -1;
		}
		n = (size_t)(eq - p);
		for (i = 0; i < nitems(names); i++)
			if (strlen(names[i]) == n &&
			    strncmp(names[i], p, n) == 0)
				break;
		if (i == nitems(names)) {
			(void)snprintf(err, errlen, "endpoint \"%.*s\": "
			    "ipmi, vnc, novnc or telnet", (int)n, p);
			return -1;
		}
		v = isdigit((unsigned char)eq[1]) ? strtol(eq + 1, &ep, 10) :
		    -1;
		if (v < 0 || v > 65535 || ep != end) {
			(void)snprintf(err, errlen, "endpoint %s: port "
			    "\"%.*s\" not 0..65535", names[i],
			    (int)(end - eq - 1), eq + 1);
			return -1;
		}
		*dst[i] = (int)v;
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
}

/*
 * The host of "addr:port" or "port" (any address: 0.0.0.0).  Anything
 * else (an IPv6 listener) leaves addr empty: no IPv4 address to show.
 */
int
rf_mgr_addr(struct rf_mgr *m, const char *listen)
{
	const char	*colon = strrchr(listen, ':');
	char		 host[64];
	struct in_addr	 in;

	if (colon == NULL || colon == listen) {
		(void)strlcpy(m->addr, "0.0.0.0", sizeof(m->addr));
		return 0;
	}
	m->addr[0] = '\0';
	if ((size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (inet_pton(AF_INET, host, &in) != 1)
		return -1;
	(void)strlcpy(m->addr, host, sizeof(m->addr));
	return 0;
}

/* RFC 1123 label: 1..63 letters, digits, '-', not at either end. */
int
rf_mgr_hostname_ok(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n >= RF_HOST_MAX || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

void
rf_mgr_hostname(struct rf_mgr *m, char *out, size_t outlen)
{
	pthread_mutex_lock(&m->mu);
	(void)strlcpy(out, m->hostname, outlen);
	pthread_mutex_unlock(&m->mu);
}

void
rf_mgr_set_hostname(struct rf_mgr *m, const char *s)
{
	pthread_mutex_lock(&m->mu);
	(void)strlcpy(m->hostname, s, sizeof(m->hostname));
	pthread_mutex_unlock(&m->mu);
}
