/* notify.h: readiness notification, "-N fd" line and $NOTIFY_SOCKET READY=1. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_NOTIFY_H
#define BMC_NOTIFY_H

/*
 * Write "line\n" to fd (the -N argument, -1 for none) and close it, then
 * send "READY=1\nSTATUS=line" to $NOTIFY_SOCKET if set (abstract sockets
 * '@' included).  line is what the daemon bound, e.g. "127.0.0.1:41234"
 * or several separated by blanks.  Returns 0, or -1 if a write failed.
 */
int	notify_ready(int fd, const char *line);
/* "STOPPING=1" to $NOTIFY_SOCKET, if set. */
void	notify_stopping(void);
/* Parse the -N argument: a non-negative fd number; -1 on error. */
int	notify_parse_fd(const char *arg);
/* The same, and the descriptor open (else a line on stderr); -1 on error. */
int	notify_open_fd(const char *arg);

#endif
