/* net.c: ipmid's libev glue: UDP listeners, the session sweep timer, powerd callbacks. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <ifaddrs.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <ev.h>

#include "evpdc.h"
#include "log.h"
#include "pdmsg.h"
#include "sock.h"
#include "util.h"
#include "ipmid.h"
#include "rmcp.h"
#include "sess.h"
#include "users.h"
#include "net.h"

static void
net_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct net_listener	*l = (struct net_listener *)w;
	struct net		*net = l->net;
	struct sess_peer	 peer;
	struct msghdr		 mh;
	struct iovec		 iov;
	ssize_t			 n;
	int			 i;

	(void)revents;
	/*
	 * One datagram per wakeup: the watcher is level-triggered, so more
	 * waiting datagrams wake us again, and a ping-pong client (every
	 * IPMI client) is spared a recvmsg that would only say EAGAIN.
	 */
	for (i = 0; i < NET_BURST; i++) {
		memset(&peer, 0, sizeof(peer));
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = net->buf;
		iov.iov_len = sizeof(net->buf);
		mh.msg_name = &peer.ss;
		mh.msg_namelen = sizeof(peer.ss);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		/* MSG_TRUNC: n is the real length, so oversize is seen */
		if ((n = recvmsg(l->fd, &mh, MSG_TRUNC | MSG_DONTWAIT)) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_warn("recvmsg %s", l->addr);
			return;
		}
		if ((size_t)n > IPMI_MAX_PKT || (mh.msg_flags & MSG_TRUNC))
			continue;		/* oversize: dropped unread */
		peer.sslen = mh.msg_namelen;
		peer.lidx = l->idx;
		sess_input(net->d, net->buf, (size_t)n, &peer, ev_now(loop));
		if (net->wake != NULL && !ev_is_active(net->wake))
			ev_timer_start(loop, net->wake);
		else if (net->wake == NULL && !ev_is_active(&net->sweep))
			ev_timer_again(loop, &net->sweep);
	}
}

void
net_send(void *arg, const struct sess_peer *peer, const uint8_t *buf,
    size_t len)
{
	struct net	*net = arg;

	if (peer->lidx < 0 || peer->lidx >= net->n)
		return;
	/* UDP: a full socket buffer drops the reply, as a lossy LAN would */
	(void)sendto(net->l[peer->lidx].fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL,
	    (const struct sockaddr *)&peer->ss, peer->sslen);
}

static void
net_sweep_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct net		*net = (struct net *)((char *)w -
				    offsetof(struct net, sweep));
	const struct sess_stats	*st;

	(void)revents;
	sess_sweep(net->d, ev_now(loop));
	/* nothing left to expire: asleep until the next datagram */
	if (sess_quiet(net->d->sessions))
		ev_timer_stop(loop, w);
	st = sess_stats(net->d->sessions);
	if (st->dropped + st->badauth != net->logged_drops) {
		net->logged_drops = st->dropped + st->badauth;
		log_debug("packets %lu, dropped %lu, failed auth %lu, "
		    "sessions %lu, reclaimed %lu", st->rx, st->dropped,
		    st->badauth, st->opened, st->reclaimed);
	}
}

int
net_bind(struct net *net, struct ipmid *d, char **addrs, int n)
{
	struct net_listener	*l;
	int			 i;

	memset(net, 0, sizeof(*net));
	net->d = d;
	for (i = 0; i < NET_LISTEN_MAX; i++)
		net->l[i].fd = -1;
	if (n > NET_LISTEN_MAX) {
		log_warnx("at most %d listen addresses", NET_LISTEN_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		l = &net->l[i];
		if ((l->fd = sock_udp_bind(addrs[i], "127.0.0.1")) == -1) {
			log_warn("bind %s", addrs[i]);
			return -1;
		}
		l->net = net;
		l->idx = i;
		if (sock_local_str(l->fd, l->addr, sizeof(l->addr)) == NULL)
			strlcpy(l->addr, addrs[i], sizeof(l->addr));
		net->n++;
	}
	return 0;
}

void
net_addrs(const struct net *net, char *buf, size_t len)
{
	int	i;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < net->n; i++) {
		if (i > 0)
			strlcat(buf, " ", len);
		strlcat(buf, net->l[i].addr, len);
	}
}

int
net_port(const struct net *net, int i)
{
	const char	*p;

	if (i < 0 || i >= net->n || (p = strrchr(net->l[i].addr, ':')) == NULL)
		return 623;
	return (int)strtonum(p + 1, 1, 65535, NULL);
}

/* The IPv4 address listener i is bound to; -1 if it is not IPv4. */
int
net_ip4(const struct net *net, int i, uint8_t ip[4])
{
	char		 buf[64], *p;
	struct in_addr	 a;

	if (i < 0 || i >= net->n || strlcpy(buf, net->l[i].addr,
	    sizeof(buf)) >= sizeof(buf) || (p = strrchr(buf, ':')) == NULL)
		return -1;
	*p = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return -1;
	memcpy(ip, &a, 4);
	return 0;
}

/* The netmask of the interface that has ip; -1 if none has it. */
int
net_mask4(const uint8_t ip[4], uint8_t mask[4])
{
	struct ifaddrs	*ifa, *i;
	int		 rv = -1;

	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_netmask == NULL ||
		    i->ifa_addr->sa_family != AF_INET ||
		    memcmp(&((struct sockaddr_in *)(void *)i->ifa_addr)->
		    sin_addr, ip, 4) != 0)
			continue;
		memcpy(mask, &((struct sockaddr_in *)(void *)i->ifa_netmask)->
		    sin_addr, 4);
		rv = 0;
		break;
	}
	freeifaddrs(ifa);
	return rv;
}

void
net_lan_conf(const struct net *net, struct ipmid_conf *c)
{
	/* LAN parameters 3, 6, 8, 9: where ipmid really is, unless configured */
	if (memcmp(c->lan_ip, "\0\0\0\0", 4) == 0)
		(void)net_ip4(net, 0, c->lan_ip);
	if (memcmp(c->lan_mask, "\0\0\0\0", 4) == 0 &&
	    net_mask4(c->lan_ip, c->lan_mask) == -1 &&
	    c->lan_ip[0] == 127)
		memcpy(c->lan_mask, "\xff\0\0\0", 4);	/* 127/8 */
	c->rmcp_port[0] = (uint16_t)net_port(net, 0);
	c->rmcp_port[1] = (uint16_t)net_port(net, net->n > 1 ? 1 : 0);
}

void
net_start(struct net *net)
{
	struct ev_loop	*loop = net->d->loop;
	int		 i;

	for (i = 0; i < net->n; i++) {
		ev_io_init(&net->l[i].io, net_read_cb, net->l[i].fd, EV_READ);
		ev_io_start(loop, &net->l[i].io);
	}
	if (net->wake != NULL)
		return;
	/* started by a datagram, stopped when the sessions are all gone */
	ev_timer_init(&net->sweep, net_sweep_cb, NET_SWEEP_S, NET_SWEEP_S);
}

void
net_stop(struct net *net)
{
	int	i;

	if (net->d != NULL && net->d->loop != NULL) {
		for (i = 0; i < net->n; i++)
			ev_io_stop(net->d->loop, &net->l[i].io);
		ev_timer_stop(net->d->loop, &net->sweep);
	}
	for (i = 0; i < NET_LISTEN_MAX; i++)
		if (net->l[i].fd != -1) {
			close(net->l[i].fd);
			net->l[i].fd = -1;
		}
	net->n = 0;
}

/* Requests connection: refresh the caches on every (re)connect. */
void
net_pd_state(void *arg, int connected)
{
	struct ipmid	*d = arg;

	d->pd_up = connected;
	if (connected) {
		log_debug("powerd connected");
		users_refresh(d);
		users_inventory(d);
	} else
		log_debug("powerd disconnected");
}

void
net_sub_state(void *arg, int connected)
{
	struct ipmid	*d = arg;

	/* events may have been missed while away */
	if (connected && d->pd != NULL && evpdc_connected(d->pd))
		users_refresh(d);
}

void
net_pd_event(void *arg, cJSON *ev)
{
	struct ipmid	*d = arg;
	const char	*what = pdmsg_str(ev, "event", "");
	const char	*srv = pdmsg_str(ev, "server", NULL);

	if (srv != NULL && strcmp(srv, d->conf.server) != 0)
		return;
	if (strcmp(what, "accounts") == 0)
		users_refresh(d);
	cmd_event(d, ev);
}
