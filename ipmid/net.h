/* net.h: ipmid's libev glue: UDP listeners, the session sweep timer, powerd connections. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_NET_H
#define BMC_NET_H

#include <stdint.h>
#include <ev.h>
#include <cjson/cJSON.h>

#include "sock.h"
#include "sess.h"

struct ipmid;
struct ipmid_conf;

#define NET_LISTEN_MAX		8
#define NET_BURST		1	/* datagrams read per wakeup */
#define NET_SWEEP_S		0.5	/* session expiry resolution */

struct net_listener {
	ev_io		 io;		/* first: the callback casts back */
	struct net	*net;
	int		 fd;
	int		 idx;
	char		 addr[SOCK_ADDRSTR_MAX];
};

struct net {
	struct ipmid		*d;
	struct net_listener	 l[NET_LISTEN_MAX];
	int			 n;
	ev_timer		 sweep;
	ev_timer		*wake;		/* -M: the shared sweep, started on input */
	unsigned long		 logged_drops;
	uint8_t			 buf[2048];
};

/* Bind every address (before dropping privileges); -1 with a logged reason. */
int	net_bind(struct net *, struct ipmid *, char **addrs, int n);
/* Bound addresses separated by blanks, for the readiness line. */
void	net_addrs(const struct net *, char *, size_t);
/* The UDP port of listener i (SOL parameter 8, Activate Payload). */
int	net_port(const struct net *, int i);
int	net_ip4(const struct net *, int i, uint8_t ip[4]);
int	net_mask4(const uint8_t ip[4], uint8_t mask[4]);
/* LAN parameters 3, 6, 8, 9 from where listener 0 and 1 are, unless configured. */
void	net_lan_conf(const struct net *, struct ipmid_conf *);
/* Start the listeners; the session sweep too, unless wake is set (-M). */
void	net_start(struct net *);
void	net_stop(struct net *);
/* sess_send_fn */
void	net_send(void *, const struct sess_peer *, const uint8_t *, size_t);
/* powerd connection callbacks (arg = struct ipmid) */
void	net_pd_state(void *, int);
void	net_pd_event(void *, cJSON *);
void	net_sub_state(void *, int);

#endif
