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

/*
 * Aggregated mode (-M): many servers, one net each, sharing powerd
 * connections (one subscription and a small request pool per powerd
 * socket).  netagg_new comes first: from then on net_new leaves the
 * console log to the console's first bytes.  netagg_add takes the net;
 * netagg_start replaces net_start; netagg_free frees every net.
 */
struct netagg;

struct netagg	*netagg_new(struct ev_loop *);
int		 netagg_add(struct netagg *, struct net *);
int		 netagg_start(struct netagg *);
void		 netagg_reopen_logs(struct netagg *);
void		 netagg_free(struct netagg *);

#endif
