/* 0005-fdpass.c: fd passing over a socketpair, unix listeners, peer credentials. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdpass.h"
#include "sock.h"
#include "util.h"
#include "../tap.h"
#include "fdtest.h"

/* sendmsg with nfds copies of fd, or a non-SCM_RIGHTS control message. */
static ssize_t
send_raw(int s, const char *data, int nfds, int fd, int creds)
{
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(4 * sizeof(int)) +
				    CMSG_SPACE(sizeof(struct ucred))];
	}		 cb;
	struct msghdr	 msg;
	struct iovec	 iov;
	struct cmsghdr	*c;
	struct ucred	 uc;
	int		 fds[4], i;

	memset(&msg, 0, sizeof(msg));
	memset(&cb, 0, sizeof(cb));
	iov.iov_base = (void *)(uintptr_t)data;
	iov.iov_len = strlen(data);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cb.buf;
	if (creds) {
		msg.msg_controllen = CMSG_SPACE(sizeof(uc));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_CREDENTIALS;
		c->cmsg_len = CMSG_LEN(sizeof(uc));
		uc.pid = getpid();
		uc.uid = getuid();
		uc.gid = getgid();
		memcpy(CMSG_DATA(c), &uc, sizeof(uc));
	} else {
		for (i = 0; i < nfds; i++)
			fds[i] = fd;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	return sendmsg(s, &msg, 0);
}

static void
test_fdpass(void)
{
	char	buf[64];
	int	sp[2], pp[2], fd, base, on = 1;
	ssize_t	n;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == -1 || pipe(pp) == -1)
		return;
	base = count_fds();

	is_int(fdpass_send(sp[0], "{\"fd\":1}\n", 9, pp[1]), 9,
	    "send line with fd");
	n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
	is_int(n, 9, "received the line");
	ok(fd >= 0 && fd != pp[1], "received an fd");
	ok(fcntl(fd, F_GETFD) & FD_CLOEXEC, "received fd is CLOEXEC");
	ok(write(fd, "x", 1) == 1 && read(pp[0], buf, 1) == 1 && buf[0] == 'x',
	    "received fd is the pipe's write end");
	close(fd);
	is_int(count_fds(), base, "no fd leaked");

	is_int(fdpass_send(sp[0], "plain", 5, -1), 5, "send without fd");
	n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
	ok(n == 5 && fd == -1, "received without fd");

	ok(fdpass_send(sp[0], "", 0, pp[1]) == -1 && errno == EINVAL,
	    "an fd needs a byte");

	/* two fds in one message: both closed, EPROTO */
	is_int(send_raw(sp[0], "two", 2, pp[1], 0), 3, "send two fds");
	n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
	ok(n == -1 && errno == EPROTO && fd == -1, "two fds is EPROTO");
	is_int(count_fds(), base, "both fds closed");

	/* four fds: still all closed */
	is_int(send_raw(sp[0], "four", 4, pp[1], 0), 4, "send four fds");
	n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
	ok(n == -1 && errno == EPROTO, "four fds is EPROTO");
	is_int(count_fds(), base, "all four closed");

	/* more fds than the receive buffer holds: MSG_CTRUNC */
	{
		union {
			struct cmsghdr	hdr;
			char		buf[CMSG_SPACE(32 * sizeof(int))];
		}		 cb;
		struct msghdr	 msg;
		struct iovec	 iov;
		struct cmsghdr	*c;
		int		 fds[32], i;

		for (i = 0; i < 32; i++)
			fds[i] = pp[1];
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = (void *)(uintptr_t)"many";
		iov.iov_len = 4;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cb.buf;
		msg.msg_controllen = sizeof(cb.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(c), fds, sizeof(fds));
		is_int(sendmsg(sp[0], &msg, 0), 4, "send 32 fds");
		n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
		ok(n == -1 && errno == EPROTO, "truncated control is EPROTO");
		is_int(count_fds(), base, "every fd that arrived closed");
	}

	/* credentials instead of rights: wrong type */
	setsockopt(sp[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	is_int(send_raw(sp[0], "cred", 0, -1, 1), 4, "send SCM_CREDENTIALS");
	n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
	ok(n == -1 && errno == EPROTO, "wrong cmsg type is EPROTO");
	on = 0;
	setsockopt(sp[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));

	/* an fd arrives with the first chunk of a split message */
	is_int(fdpass_send(sp[0], "abcdef", 6, pp[1]), 6, "send 6 with fd");
	n = fdpass_recv(sp[1], buf, 2, &fd);
	ok(n == 2 && fd >= 0, "fd comes with the first 2 bytes");
	close(fd);
	n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
	ok(n == 4 && fd == -1, "rest comes without it");

	close(sp[0]);
	n = fdpass_recv(sp[1], buf, sizeof(buf), &fd);
	ok(n == 0 && fd == -1, "EOF is 0");
	ok(fdpass_send(sp[1], "x", 1, -1) == -1 && errno == EPIPE,
	    "send to closed peer is EPIPE, no SIGPIPE");
	close(sp[1]);
	close(pp[0]);
	close(pp[1]);
	is_int(count_fds(), base - 4, "everything closed");
}

static void
test_unix(const char *dir)
{
	char		path[PATH_MAX];
	struct stat	st;
	uid_t		uid;
	gid_t		gid;
	pid_t		pid;
	int		l, c, a;

	snprintf(path, sizeof(path), "%s/run/bmcsim/test.sock", dir);
	ok(sock_unix_listen(path, 0660, 5) == -1 && errno == ENOENT,
	    "only the parent directory is created");
	snprintf(path, sizeof(path), "%s/run/test.sock", dir);
	l = sock_unix_listen(path, 0660, 5);
	ok(l != -1, "unix listen");
	snprintf(path, sizeof(path), "%s/run", dir);
	ok(stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_mode & 0777) == 0750, "parent created 0750");
	snprintf(path, sizeof(path), "%s/run/test.sock", dir);
	ok(stat(path, &st) == 0 && S_ISSOCK(st.st_mode) &&
	    (st.st_mode & 0777) == 0660, "socket is 0660");
	ok(fcntl(l, F_GETFL) & O_NONBLOCK, "listener non-blocking");
	ok(fcntl(l, F_GETFD) & FD_CLOEXEC, "listener CLOEXEC");

	c = sock_unix_connect(path, 0);
	ok(c != -1, "connect");
	a = accept(l, NULL, NULL);
	ok(a != -1, "accept");
	ok(sock_peercred(a, &uid, &gid, &pid) == 0 && uid == getuid() &&
	    gid == getgid() && pid == getpid(), "peer credentials");
	close(a);
	close(c);

	/* a stale socket (listener gone) is replaced */
	close(l);
	l = sock_unix_listen(path, 0600, 5);
	ok(l != -1, "stale socket replaced");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "new mode");
	close(l);
	unlink(path);
	ok(sock_unix_connect(path, 0) == -1 && errno == ENOENT,
	    "connect to a missing socket is ENOENT");

	/* a regular file is never unlinked */
	close(open(path, O_CREAT | O_WRONLY, 0600));
	ok(sock_unix_listen(path, 0660, 5) == -1 && errno == EEXIST,
	    "refuses to replace a regular file");
	ok(stat(path, &st) == 0 && S_ISREG(st.st_mode), "file still there");
	unlink(path);

	memset(path, 'a', sizeof(path));
	path[200] = '\0';
	ok(sock_unix_listen(path, 0660, 5) == -1 && errno == ENAMETOOLONG,
	    "path too long");
	ok(sock_set_nonblock(0, 0) == 0, "set_nonblock");
}

int
main(void)
{
	char	dir[] = "/tmp/unit-fdpass.XXXXXX";
	char	cmd[PATH_MAX];

	if (mkdtemp(dir) == NULL)
		return 1;
	test_fdpass();
	test_unix(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		diag("could not remove %s", dir);
	return done_testing();
}
