/* net.h: sold's libev glue: console fd, powerd, listeners, clients, log. */
/* SPDX-License-Identifier: ISC */
#ifndef SOLD_NET_H
#define SOLD_NET_H

#include <ev.h>

#include "soldconf.h"

struct net;

/* Takes ownership of the listening fds (-1: none); NULL + errno. */
struct net	*net_new(struct ev_loop *, const struct sold_conf *,
		    int tcp_fd, int unix_fd);
/* Start the listeners and ask powerd for the console. */
void		 net_start(struct net *);
/* SIGHUP: reopen the console log (after an external logrotate). */
void		 net_reopen_log(struct net *);
void		 net_free(struct net *);

#endif
