/* notify.c: readiness: a line on the -N fd, and READY=1 to $NOTIFY_SOCKET. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"
#include "util.h"

/* systemd man/notify-selfcontained-example.c, without libsystemd */
static int
notify_send(const char *msg)
{
	struct sockaddr_un	 sun;
	const char		*path;
	size_t			 plen;
	socklen_t		 slen;
	ssize_t			 w;
	int			 fd = -1, rv = -1, saved;

	if ((path = getenv("NOTIFY_SOCKET")) == NULL || path[0] == '\0')
		return 0;
	if (path[0] != '/' && path[0] != '@') {
		errno = EAFNOSUPPORT;
		return -1;
	}
	plen = strlen(path);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (plen >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, plen);
	if (sun.sun_path[0] == '@')
		sun.sun_path[0] = '\0';		/* abstract namespace */
	slen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen);

	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, slen) == -1)
		goto out;
	w = send(fd, msg, strlen(msg), MSG_NOSIGNAL);
	if (w == -1)
		goto out;
	if ((size_t)w != strlen(msg)) {
		errno = EPROTO;
		goto out;
	}
	rv = 0;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return rv;
}

int
notify_ready(int fd, const char *line)
{
	char	 buf[1024];
	size_t	 len, off = 0;
	ssize_t	 w;
	int	 r, rv = 0;

	if (line == NULL)
		line = "";
	if (fd >= 0) {
		r = snprintf(buf, sizeof(buf), "%s\n", line);
		if (r < 0 || (size_t)r >= sizeof(buf)) {
			errno = ENAMETOOLONG;
			rv = -1;
		} else {
			len = (size_t)r;
			while (off < len) {
				w = write(fd, buf + off, len - off);
				if (w == -1) {
					if (errno == EINTR)
						continue;
					rv = -1;
					break;
				}
				off += (size_t)w;
			}
		}
		close(fd);
	}
	r = snprintf(buf, sizeof(buf), "READY=1\nSTATUS=%s", line);
	if (r < 0 || (size_t)r >= sizeof(buf))
		buf[sizeof(buf) - 1] = '\0';
	if (notify_send(buf) == -1)
		rv = -1;
	return rv;
}

void
notify_stopping(void)
{
	(void)notify_send("STOPPING=1");
}

int
notify_parse_fd(const char *arg)
{
	const char	*errstr;
	long long	 fd;

	fd = strtonum(arg, 0, 1 << 20, &errstr);
	if (errstr != NULL)
		return -1;
	return (int)fd;
}

int
notify_open_fd(const char *arg)
{
	int	fd;

	if ((fd = notify_parse_fd(arg)) == -1)
		return -1;
	/* not open: its number would go to the first socket opened */
	if (fcntl(fd, F_GETFD) == -1) {
		fprintf(stderr, "-N %d: descriptor not open\n", fd);
		return -1;
	}
	return fd;
}
