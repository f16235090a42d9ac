/* sock.c: listening and connecting sockets, address parsing and printing. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sock.h"
#include "util.h"

int
sock_parse_addr(const char *s, const char *defaddr,
    struct sockaddr_storage *ss, socklen_t *sslen)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;
	char			 host[INET6_ADDRSTRLEN + 1];
	const char		*port, *colon, *errstr, *hs;
	size_t			 hlen;
	long long		 p;

	if (s == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (s[0] == '[') {
		if ((colon = strchr(s, ']')) == NULL || colon[1] != ':') {
			errno = EINVAL;
			return -1;
		}
		hs = s + 1;
		hlen = (size_t)(colon - hs);
		port = colon + 2;
	} else if ((colon = strrchr(s, ':')) != NULL) {
		if (strchr(s, ':') != colon) {
			/* a bare v6 address needs brackets */
			errno = EINVAL;
			return -1;
		}
		hs = s;
		hlen = (size_t)(colon - s);
		port = colon + 1;
	} else {
		hs = NULL;
		hlen = 0;
		port = s;
	}
	if (hs == NULL || hlen == 0) {
		if (defaddr == NULL)
			defaddr = "127.0.0.1";
		hs = defaddr;
		hlen = strlen(defaddr);
		if (hlen > 2 && hs[0] == '[' && hs[hlen - 1] == ']') {
			hs++;
			hlen -= 2;
		}
	}
	if (hlen >= sizeof(host)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(host, hs, hlen);
	host[hlen] = '\0';
	p = strtonum(port, 0, 65535, &errstr);
	if (errstr != NULL) {
		errno = EINVAL;
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)p);
		*sslen = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)p);
		*sslen = sizeof(*sin6);
		return 0;
	}
	errno = EINVAL;
	return -1;
}

/* "host:port", or "[host]:port" for IPv6; buf stays "" if af is unknown */
static void
sock_ip_str(int af, const void *addr, in_port_t port, char *buf,
    size_t buflen)
{
	char	host[INET6_ADDRSTRLEN];

	if (inet_ntop(af, addr, host, sizeof(host)) == NULL)
		return;
	snprintf(buf, buflen, af == AF_INET6 ? "[%s]:%u" : "%s:%u", host,
	    ntohs(port));
}

char *
sock_addr_str(const struct sockaddr *sa, socklen_t salen, char *buf,
    size_t buflen)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;
	const struct sockaddr_un	*sun;

	if (buflen == 0)
		return buf;
	buf[0] = '\0';
	switch (sa->sa_family) {
	case AF_INET:
		if (salen < (socklen_t)sizeof(*sin))
			break;
		sin = (const struct sockaddr_in *)(const void *)sa;
		sock_ip_str(AF_INET, &sin->sin_addr, sin->sin_port, buf,
		    buflen);
		break;
	case AF_INET6:
		if (salen < (socklen_t)sizeof(*sin6))
			break;
		sin6 = (const struct sockaddr_in6 *)(const void *)sa;
		sock_ip_str(AF_INET6, &sin6->sin6_addr, sin6->sin6_port, buf,
		    buflen);
		break;
	case AF_UNIX:
		sun = (const struct sockaddr_un *)(const void *)sa;
		if (salen > (socklen_t)offsetof(struct sockaddr_un, sun_path))
			snprintf(buf, buflen, "%.*s",
			    (int)(salen - offsetof(struct sockaddr_un,
			    sun_path)), sun->sun_path);
		break;
	default:
		break;
	}
	return buf;
}

int
sock_addr_is_loopback(const char *s, const char *defaddr)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	const struct in6_addr	*a6;

	if (sock_parse_addr(s, defaddr, &ss, &sslen) == -1)
		return -1;
	if (ss.ss_family == AF_INET)
		return (ntohl(((struct sockaddr_in *)&ss)->sin_addr.s_addr) >>
		    24) == 127;
	a6 = &((struct sockaddr_in6 *)&ss)->sin6_addr;
	if (IN6_IS_ADDR_LOOPBACK(a6))
		return 1;
	return IN6_IS_ADDR_V4MAPPED(a6) && a6->s6_addr[12] == 127;
}

char *
sock_local_str(int fd, char *buf, size_t buflen)
{
	struct sockaddr_storage	ss;
	socklen_t		len = sizeof(ss);

	if (buflen > 0)
		buf[0] = '\0';
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return buf;
	return sock_addr_str((struct sockaddr *)&ss, len, buf, buflen);
}

/* Close fd after a failed call, keeping that call's errno; returns -1. */
static int
sock_fail(int fd)
{
	int	saved = errno;

	close(fd);
	errno = saved;
	return -1;
}

static int
sock_inet(const char *addr, const char *defaddr, int type, int backlog)
{
	struct sockaddr_storage	ss;
	socklen_t		sslen;
	int			fd = -1, on = 1;

	if (sock_parse_addr(addr, defaddr, &ss, &sslen) == -1)
		return -1;
	if ((fd = socket(ss.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	if (type == SOCK_STREAM &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
		goto fail;
	if (ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == -1)
		goto fail;
	if (bind(fd, (struct sockaddr *)&ss, sslen) == -1)
		goto fail;
	if (type == SOCK_STREAM && listen(fd, backlog) == -1)
		goto fail;
	return fd;
fail:
	return sock_fail(fd);
}

int
sock_udp_bind(const char *addr, const char *defaddr)
{
	return sock_inet(addr, defaddr, SOCK_DGRAM, 0);
}

int
sock_tcp_listen(const char *addr, const char *defaddr, int backlog)
{
	return sock_inet(addr, defaddr, SOCK_STREAM, backlog);
}

static int
sock_unix_addr(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0') {
		errno = EINVAL;
		return -1;
	}
	if (strlcpy(sun->sun_path, path, sizeof(sun->sun_path)) >=
	    sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* OpenBSD usr.sbin/ntpd/control.c: control_init */
int
sock_unix_listen(const char *path, int mode, int backlog)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	char			 dir[PATH_MAX];
	char			*slash;
	mode_t			 old_umask;
	int			 fd = -1, saved, r;

	if (sock_unix_addr(path, &sun) == -1)
		return -1;
	if (strlcpy(dir, path, sizeof(dir)) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (stat(dir, &st) == -1) {
			if (errno != ENOENT)
				return -1;
			if (mkdir(dir, 0750) == -1 && errno != EEXIST)
				return -1;
		}
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return -1;
	/* unlink a stale socket, never anything else */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			errno = EEXIST;
			goto fail;
		}
		if (unlink(path) == -1)
			goto fail;
	}
	old_umask = umask(S_IXUSR | S_IXGRP | S_IRWXO);
	r = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	saved = errno;
	umask(old_umask);
	if (r == -1) {
		errno = saved;
		goto fail;
	}
	if (chmod(path, (mode_t)mode) == -1 || listen(fd, backlog) == -1) {
		saved = errno;
		unlink(path);
		errno = saved;
		goto fail;
	}
	return fd;
fail:
	return sock_fail(fd);
}

int
sock_unix_connect(const char *path, int nonblock)
{
	struct sockaddr_un	sun;
	int			fd;

	if (sock_unix_addr(path, &sun) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
	    (nonblock ? SOCK_NONBLOCK : 0), 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 &&
	    !(nonblock && errno == EINPROGRESS))
		return sock_fail(fd);
	return fd;
}

int
sock_tcp_connect(const char *addr, int nonblock)
{
	struct sockaddr_storage	ss;
	socklen_t		sslen;
	int			fd;

	if (sock_parse_addr(addr, "127.0.0.1", &ss, &sslen) == -1)
		return -1;
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC |
	    (nonblock ? SOCK_NONBLOCK : 0), 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, sslen) == -1 &&
	    !(nonblock && errno == EINPROGRESS))
		return sock_fail(fd);
	return fd;
}

int
sock_set_nonblock(int fd, int on)
{
	int	fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1)
		return -1;
	fl = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
	return fcntl(fd, F_SETFL, fl) == -1 ? -1 : 0;
}

int
sock_peercred(int fd, uid_t *uid, gid_t *gid, pid_t *pid)
{
	struct ucred	cr;
	socklen_t	len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1)
		return -1;
	if (len != sizeof(cr)) {
		errno = EPROTO;
		return -1;
	}
	if (uid != NULL)
		*uid = cr.uid;
	if (gid != NULL)
		*gid = cr.gid;
	if (pid != NULL)
		*pid = cr.pid;
	return 0;
}
