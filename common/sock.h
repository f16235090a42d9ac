/* sock.h: listening and connecting sockets, address parsing and printing. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_SOCK_H
#define BMC_SOCK_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#define SOCK_ADDRSTR_MAX	64	/* "[v6addr]:port" fits */

/*
 * Parse "addr:port", "[v6]:port", ":port" or "port" (addr defaults to
 * defaddr, e.g. "127.0.0.1").  Port 0 means "pick one" (tests).  Pure.
 */
int	sock_parse_addr(const char *s, const char *defaddr,
	    struct sockaddr_storage *ss, socklen_t *sslen);
/* "127.0.0.1:623" / "[::1]:623" of a sockaddr; returns buf. */
char	*sock_addr_str(const struct sockaddr *, socklen_t, char *buf,
	    size_t buflen);
/*
 * 1 if "addr:port" (as sock_parse_addr) is a loopback address (127/8,
 * ::1, ::ffff:127.x), 0 if not, -1 if it does not parse.  Pure.
 */
int	sock_addr_is_loopback(const char *s, const char *defaddr);
/* The bound address of fd, formatted as above (for readiness lines). */
char	*sock_local_str(int fd, char *buf, size_t buflen);

/*
 * Bind a UDP socket / listen on a TCP socket at "addr:port" (non-blocking,
 * CLOEXEC, SO_REUSEADDR for TCP, IPV6_V6ONLY for v6).  -1 + errno.
 */
int	sock_udp_bind(const char *addr, const char *defaddr);
int	sock_tcp_listen(const char *addr, const char *defaddr, int backlog);

/*
 * Unix stream listener as OpenBSD control_init: unlink a stale socket,
 * create the parent directory 0750 if missing, bind under umask, chmod
 * mode (0660), listen; non-blocking and CLOEXEC.  -1 + errno.
 */
int	sock_unix_listen(const char *path, int mode, int backlog);
/* Connect to a unix stream socket; nonblock: 1 = O_NONBLOCK connect. -1 + errno. */
int	sock_unix_connect(const char *path, int nonblock);
/* Connect to a TCP "addr:port". -1 + errno. */
int	sock_tcp_connect(const char *addr, int nonblock);
int	sock_set_nonblock(int fd, int on);
/* peer uid/gid/pid of a unix socket (SO_PEERCRED); -1 + errno. */
int	sock_peercred(int fd, uid_t *, gid_t *, pid_t *);

#endif
