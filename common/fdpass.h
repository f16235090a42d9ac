/* fdpass.h: one message plus at most one fd over an AF_UNIX stream (SCM_RIGHTS). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_FDPASS_H
#define BMC_FDPASS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * fdpass_send: sendmsg(buf, len) with fd attached when fd >= 0
 * (MSG_NOSIGNAL).  Returns bytes sent (may be short: the caller queues the
 * rest WITHOUT the fd) or -1 with errno.
 *
 * fdpass_recv: recvmsg with MSG_CMSG_CLOEXEC.  *fd becomes the received fd
 * or -1.  MSG_CTRUNC, more than one fd, or a wrong level/type/length:
 * every fd that arrived is closed, -1 is returned with errno = EPROTO.
 * Returns bytes read (0 = EOF) or -1 with errno.
 */
ssize_t	fdpass_send(int sock, const void *buf, size_t len, int fd);
ssize_t	fdpass_recv(int sock, void *buf, size_t len, int *fd);

#endif
