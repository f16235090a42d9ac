/* pdclient.c: the blocking powerd client with poll(2) timeouts. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdpass.h"
#include "pdclient.h"
#include "pdmsg.h"
#include "sock.h"
#include "util.h"

/* on the caller's stack: redfishd calls from civetweb workers, whose
 * stacks are 100 KiB (Debian's build); the framer gathers longer lines */
#define PDC_RDBUF	(8 * 1024)

struct pdc {
	int			 fd;
	long			 next_id;
	int			 pending_fd;	/* not yet claimed */
	struct pd_framer	 fr;
};

/* Milliseconds left until deadline (0 = none: -1 forever). */
static int
pdc_left(uint64_t deadline)
{
	uint64_t	now;

	if (deadline == 0)
		return -1;
	now = now_ms();
	if (now >= deadline)
		return 0;
	if (deadline - now > INT32_MAX)
		return INT32_MAX;
	return (int)(deadline - now);
}

static uint64_t
pdc_deadline(int timeout_ms)
{
	if (timeout_ms < 0)
		return 0;
	return now_ms() + (uint64_t)timeout_ms + (timeout_ms == 0);
}

struct pdc *
pdc_open(const char *path, int timeout_ms)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv;
	struct pdc		*p = NULL;
	int			 fd = -1, saved;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0') {
		errno = EINVAL;
		return NULL;
	}
	if (strlcpy(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	/* Linux applies SO_SNDTIMEO to a unix connect() on a full backlog */
	if (timeout_ms > 0) {
		tv.tv_sec = timeout_ms / 1000;
		tv.tv_usec = (timeout_ms % 1000) * 1000;
		if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv,
		    sizeof(tv)) == -1)
			goto fail;
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		if (errno == EAGAIN || errno == EINPROGRESS)
			errno = ETIMEDOUT;
		goto fail;
	}
	if (sock_set_nonblock(fd, 1) == -1)
		goto fail;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		goto fail;
	p->fd = fd;
	p->next_id = 1;
	p->pending_fd = -1;
	pd_framer_init(&p->fr, PD_REPLY_MAX);
	return p;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	errno = saved;
	return NULL;
}

void
pdc_close(struct pdc *p)
{
	if (p == NULL)
		return;
	if (p->fd != -1)
		close(p->fd);
	if (p->pending_fd != -1)
		close(p->pending_fd);
	pd_framer_free(&p->fr);
	free(p);
}

int
pdc_fd(const struct pdc *p)
{
	return p->fd;
}

int
pdc_stale(const struct pdc *p)
{
	struct pollfd	pfd;

	pfd.fd = p->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) == -1)
		return errno != EINTR;
	return pfd.revents != 0;
}

/*
 * Wait until p->fd is ready for events or deadline passes.  Returns 0 when
 * the caller should try again (ready, or poll was interrupted), -1 with
 * errno set (ETIMEDOUT at the deadline).
 */
static int
pdc_poll(struct pdc *p, short events, uint64_t deadline)
{
	struct pollfd	pfd;
	int		r;

	pfd.fd = p->fd;
	pfd.events = events;
	if ((r = poll(&pfd, 1, pdc_left(deadline))) == -1)
		return errno == EINTR ? 0 : -1;
	if (r == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	return 0;
}

static int
pdc_write_all(struct pdc *p, const char *buf, size_t len, uint64_t deadline)
{
	ssize_t		w;

	while (len > 0) {
		w = send(p->fd, buf, len, MSG_NOSIGNAL);
		if (w >= 0) {
			buf += w;
			len -= (size_t)w;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EPIPE)
			errno = ECONNRESET;
		if (errno != EAGAIN || pdc_poll(p, POLLOUT, deadline) == -1)
			return -1;
	}
	return 0;
}

/*
 * Next complete line as a JSON object, reading as needed until deadline.
 * An fd may arrive with any chunk; it waits in pending_fd for its reply.
 */
static int
pdc_read_obj(struct pdc *p, cJSON **objp, uint64_t deadline)
{
	char		 buf[PDC_RDBUF];
	char		*line;
	size_t		 len;
	ssize_t		 n;
	int		 fd, r;

	*objp = NULL;
	for (;;) {
		if (pd_framer_next(&p->fr, &line, &len) == 1) {
			if ((*objp = pdmsg_parse(line, len)) == NULL) {
				errno = EPROTO;
				return -1;
			}
			return 0;
		}
		n = fdpass_recv(p->fd, buf, sizeof(buf), &fd);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN ||
			    pdc_poll(p, POLLIN, deadline) == -1)
				return -1;
			continue;
		}
		if (fd != -1) {
			if (p->pending_fd != -1) {
				close(fd);
				errno = EPROTO;
				return -1;
			}
			p->pending_fd = fd;
		}
		if (n == 0) {
			errno = ECONNRESET;
			return -1;
		}
		if ((r = pd_framer_feed(&p->fr, buf, (size_t)n)) != 0) {
			errno = r == BMC_ENOMEM ? ENOMEM : EMSGSIZE;
			return -1;
		}
	}
}

int
pdc_call(struct pdc *p, cJSON *req, cJSON **replyp, int *fdp,
    int timeout_ms)
{
	uint64_t	 deadline = pdc_deadline(timeout_ms);
	cJSON		*reply = NULL;
	char		*line = NULL;
	size_t		 len;
	long		 id;
	int		 rv = -1, saved;

	*replyp = NULL;
	if (fdp != NULL)
		*fdp = -1;
	id = p->next_id++;
	cJSON_DeleteItemFromObjectCaseSensitive(req, "v");
	cJSON_DeleteItemFromObjectCaseSensitive(req, "id");
	if (cJSON_AddNumberToObject(req, "v", PD_PROTO_VERSION) == NULL ||
	    cJSON_AddNumberToObject(req, "id", (double)id) == NULL) {
		errno = ENOMEM;
		goto out;
	}
	if ((line = pdmsg_print(req, PD_MSG_MAX, &len)) == NULL) {
		errno = EMSGSIZE;
		goto out;
	}
	if (pdc_write_all(p, line, len, deadline) == -1)
		goto out;
	for (;;) {
		if (pdc_read_obj(p, &reply, deadline) == -1)
			goto out;
		if (pdmsg_id(reply) == id)
			break;
		/* an event or a stray line: lockstep means not ours to keep */
		cJSON_Delete(reply);
		reply = NULL;
	}
	if (pdmsg_num(reply, "fd", 0) == 1) {
		if (p->pending_fd == -1) {
			errno = EPROTO;
			goto out;
		}
		if (fdp != NULL)
			*fdp = p->pending_fd;
		else
			close(p->pending_fd);
		p->pending_fd = -1;
	} else if (p->pending_fd != -1) {
		errno = EPROTO;
		goto out;
	}
	*replyp = reply;
	reply = NULL;
	rv = 0;
out:
	saved = errno;
	free(line);
	cJSON_Delete(reply);
	errno = saved;
	return rv;
}

int
pdc_next_event(struct pdc *p, cJSON **eventp, int timeout_ms)
{
	*eventp = NULL;
	if (pdc_read_obj(p, eventp, pdc_deadline(timeout_ms)) == -1)
		return -1;
	if (p->pending_fd != -1) {
		cJSON_Delete(*eventp);
		*eventp = NULL;
		errno = EPROTO;
		return -1;
	}
	return 0;
}

cJSON *
pdc_oneshot(const char *path, cJSON *req, int *fdp, int timeout_ms)
{
	struct pdc	*p;
	cJSON		*reply = NULL;
	int		 saved;

	if (fdp != NULL)
		*fdp = -1;
	if ((p = pdc_open(path, timeout_ms)) == NULL)
		return NULL;
	if (pdc_call(p, req, &reply, fdp, timeout_ms) == -1)
		reply = NULL;
	saved = errno;
	pdc_close(p);
	errno = saved;
	return reply;
}
