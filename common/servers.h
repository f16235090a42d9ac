/* servers.h: the servers file an aggregated daemon (-M) serves. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_SERVERS_H
#define BMC_SERVERS_H

#include <stddef.h>

/*
 * One daemon process may serve many servers (aggregated mode, -M file).
 * The file uses the configuration syntax of conf.h, one directive per
 * server, and every daemon of a lab reads the same file:
 *
 *	server srv1 ipmi=127.0.1.1:623 http=127.0.1.1:8000 sol=/run/s1.sock
 *
 * Keys (each at most once per line; a daemon uses the ones it serves and
 * ignores the rest, so one file describes the whole lab):
 *	ipmi	ipmid's UDP listener (addr:port)
 *	http	redfishd's HTTP listener (per-BMC shape)
 *	https	redfishd's HTTPS listener (per-BMC shape)
 *	vnc	vncd's RFB listener
 *	novnc	vncd's noVNC page and WebSocket listener
 *	console	sold's raw TCP console listener
 *	sol	sold's unix socket for the front ends (ipmid, redfishd, vncd)
 *	log	sold's console log file
 *	powerd	powerd's socket for this server (default: the daemon's -S)
 *	screen	the server's own VNC server (addr:port): vncd proxies it
 * An unknown key, a repeated key or server id, an id that is not
 * [A-Za-z0-9._-]{1,63}, or an empty value is an error with its line.
 */
enum srvkey {
	SK_IPMI, SK_HTTP, SK_HTTPS, SK_VNC, SK_NOVNC, SK_CONSOLE, SK_SOL,
	SK_LOG, SK_POWERD, SK_SCREEN, SK_MAX
};

struct srvent {
	char		*id;
	char		*v[SK_MAX];	/* NULL: not given */
	int		 line;
};

struct srvlist {
	struct srvent	*s;
	int		 n;
	int		 cap;
};

#define SERVERS_MAX	65536

/* Pure: parse buf into l (which starts zeroed); -1 with "line N: why" and l empty. */
int	servers_parse(const char *buf, size_t len, struct srvlist *l,
	    char *err, size_t errlen);
/* Read path and parse it; on error err holds "path:line: why". */
int	servers_load(const char *path, struct srvlist *l, char *err,
	    size_t errlen);
void	servers_free(struct srvlist *l);
/* The entry for id (linear; callers index it themselves when hot). */
const struct srvent *servers_find(const struct srvlist *l, const char *id);
const char	*servers_keyname(enum srvkey);
/*
 * The file descriptor budget of an aggregated daemon: raise the soft
 * RLIMIT_NOFILE to the hard one; 0 if need fits, else -1 after logging
 * "N servers need about F file descriptors, the limit is L".
 */
int	servers_fd_budget(int nservers, long long need);

#endif
