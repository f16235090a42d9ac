/* mgbind.c: hand sockets bound at start to a civetweb started later. */
/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <civetweb.h>

#include "log.h"
#include "mgbind.h"
#include "sock.h"

#define MGB_FEATURE_IPV6	8	/* mg_check_feature(): built with IPv6 */

static struct mgbind	*mb_tab;
static int		 mb_n;
static volatile int	 mb_on;
static pthread_t	 mb_thr;
static pthread_once_t	 mb_once = PTHREAD_ONCE_INIT;
static int		(*mb_bind)(int, __CONST_SOCKADDR_ARG, socklen_t);

static void
mb_lookup(void)
{
	*(void **)&mb_bind = dlsym(RTLD_NEXT, "bind");
}

int
mgbind_addr_ok(const char *who, const char *spec, const char *defaddr)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl;

	if (sock_parse_addr(spec, defaddr, &ss, &sl) == -1) {
		log_warnx("%s %s: not an address:port", who, spec);
		return -1;
	}
	if (ss.ss_family == AF_INET6 && !mg_check_feature(MGB_FEATURE_IPV6)) {
		log_warnx("%s %s: this civetweb has no IPv6 (Debian's is built "
		    "without); use an IPv4 address", who, spec);
		return -1;
	}
	return 0;
}

int
mgbind_prepare(struct mgbind *t, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		t[i].taken = 0;
		if (t[i].fd == -1)
			continue;
		if (sock_local_str(t[i].fd, t[i].addr, sizeof(t[i].addr))[0] ==
		    '\0')
			return -1;
	}
	return 0;
}

void
mgbind_begin(struct mgbind *t, int n)
{
	mb_tab = t;
	mb_n = n;
	mb_thr = pthread_self();
	mb_on = 1;
}

void
mgbind_end(void)
{
	mb_on = 0;
	mb_tab = NULL;
	mb_n = 0;
}

int
mgbind_active(void)
{
	return mb_on && pthread_equal(pthread_self(), mb_thr);
}

/* glibc's own prototype: a transparent union under _GNU_SOURCE */
int
bind(int s, __CONST_SOCKADDR_ARG sa, socklen_t len)
{
	char	addr[SOCK_ADDRSTR_MAX];
	int	i;

	if (mgbind_active()) {
		if (sock_addr_str((const struct sockaddr *)sa.__sockaddr__,
		    len, addr, sizeof(addr)) == NULL)
			return -1;
		for (i = 0; i < mb_n; i++)
			if (!mb_tab[i].taken && mb_tab[i].fd != -1 &&
			    strcmp(mb_tab[i].addr, addr) == 0)
				break;
		if (i == mb_n) {
			errno = EADDRNOTAVAIL;
			return -1;
		}
		if (dup3(mb_tab[i].fd, s, O_CLOEXEC) == -1)
			return -1;
		mb_tab[i].taken = 1;
		if (mb_tab[i].close) {
			(void)close(mb_tab[i].fd);
			mb_tab[i].fd = -1;
		}
		return 0;
	}
	pthread_once(&mb_once, mb_lookup);
	if (mb_bind == NULL || mb_bind == bind) {
		errno = ENOSYS;
		return -1;
	}
	return mb_bind(s, sa, len);
}
