/* mgbind.h: hand sockets bound at start to a civetweb started later. */
/* SPDX-License-Identifier: ISC */
#ifndef COMMON_MGBIND_H
#define COMMON_MGBIND_H

#include "sock.h"

/*
 * civetweb 1.15 binds its listeners itself in mg_start(3) and takes no
 * socket from outside.  redfishd and vncd bind their ports at start (the
 * readiness line names them) and start civetweb only when a first client
 * waits there: a BMC nobody uses holds no worker thread and no TLS
 * library.  Between mgbind_begin and mgbind_end, on the calling thread
 * only, civetweb's bind(2) of an address in the table (as sock_local_str
 * prints it; give civetweb exactly that address) takes our socket
 * instead: dup3(2) onto civetweb's, so the connections already queued are
 * its first ones and none is refused or lost.  Every other bind(2) is the
 * C library's.  The caller closes its own descriptors afterwards: civetweb
 * holds copies.
 */
struct mgbind {
	int	 fd;				/* ours, listening */
	char	 addr[SOCK_ADDRSTR_MAX];	/* sock_local_str(fd) */
	int	 taken;				/* civetweb has it now */
	int	 close;		/* closed once taken (fd -1): one descriptor
				   per socket, not two, for thousands */
};

/*
 * spec ("addr:port", defaddr when there is no addr) is an address civetweb
 * can listen on: it parses, and is not IPv6 when this civetweb has none
 * (Debian's is built without).  0, or -1 after one line naming what (who,
 * e.g. "web") and spec.
 */
int	mgbind_addr_ok(const char *who, const char *spec, const char *defaddr);
/* the table's addresses filled in from their sockets; -1 if one fails */
int	mgbind_prepare(struct mgbind *, int n);
void	mgbind_begin(struct mgbind *, int n);
void	mgbind_end(void);
/* this thread is between mgbind_begin and mgbind_end */
int	mgbind_active(void);

#endif
