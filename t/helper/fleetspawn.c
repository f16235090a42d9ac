/*
 * fleetspawn: start a fleet's daemons for mk/bench-fleet.sh, fast.
 * SPDX-License-Identifier: ISC
 *
 * usage: fleetspawn CMDFILE PIDFILE
 * CMDFILE: one daemon a line, fields separated by tabs: the file its
 * stderr is appended to, then the program and its arguments.  Each starts
 * with posix_spawn, stdin /dev/null, and the descriptors this process got
 * (fd 3: the readiness FIFO).  PIDFILE gets the pids, one a line, once all
 * are started.  Then it reaps its children and exits when none is left:
 * the caller stops the daemons by their pids.
 *
 * Why not the shell: dash keeps every background job in a list it walks
 * at each new one, so 4000 `cmd &` take seconds of its own CPU.  Why not
 * Python (the first version): its interpreter spent 0.1 ms of CPU per
 * spawn, 0.4 s of the 2 cores' time while 1000 servers come up.  Why one
 * spawner per core: posix_spawn waits while the child execs (CLONE_VFORK),
 * so a single spawner runs the fleet's execs one at a time, on one core.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define ARGS_MAX	64
#define LOGS_MAX	16

struct logfd {
	char	*path;
	int	 fd;
};

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 cap = 0, n = 0, r;

	if ((f = fopen(path, "re")) == NULL)
		return NULL;
	for (;;) {
		if (n + 65536 + 1 > cap) {
			char *nb;

			cap = (cap + 65536) * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		if ((r = fread(buf + n, 1, cap - n - 1, f)) == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
log_fd(struct logfd *logs, int *nlogs, char *path)
{
	int	 i;

	for (i = 0; i < *nlogs; i++)
		if (strcmp(logs[i].path, path) == 0)
			return logs[i].fd;
	if (*nlogs == LOGS_MAX)
		return -1;
	logs[*nlogs].path = path;
	logs[*nlogs].fd = open(path, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0644);
	return logs[(*nlogs)++].fd;
}

/* spawn every n-th line from line k; pids go to out, one a line */
static void
spawn(char **lines, int nlines, int k, int n, FILE *out)
{
	struct logfd			 logs[LOGS_MAX];
	posix_spawn_file_actions_t	 fa;
	char				*argv[ARGS_MAX + 1], *p;
	int				 nlogs = 0, i, argc, fd, e;
	pid_t				 pid;

	for (i = k; i < nlines; i += n) {
		argc = 0;
		for (p = strtok(lines[i], "\t"); p != NULL && argc < ARGS_MAX;
		    p = strtok(NULL, "\t"))
			argv[argc++] = p;
		argv[argc] = NULL;
		if (argc < 2)
			continue;
		if ((fd = log_fd(logs, &nlogs, argv[0])) == -1) {
			fprintf(stderr, "fleetspawn: %s: %s\n", argv[0],
			    strerror(errno ? errno : EMFILE));
			continue;
		}
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		    O_RDONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, fd, 2);
		e = posix_spawn(&pid, argv[1], &fa, NULL, argv + 1, environ);
		posix_spawn_file_actions_destroy(&fa);
		if (e != 0) {
			fprintf(stderr, "fleetspawn: %s: %s\n", argv[1],
			    strerror(e));
			continue;
		}
		fprintf(out, "%ld\n", (long)pid);
	}
	for (i = 0; i < nlogs; i++)
		if (logs[i].fd != -1)
			close(logs[i].fd);
}

static void
reap(void)
{
	while (wait(NULL) != -1 || errno == EINTR)
		;
}

int
main(int argc, char **argv)
{
	char	**lines = NULL, *buf, *p, *nl, tmp[4096];
	size_t	 len;
	int	 nlines = 0, cap = 0, n, i, pfd[2], rfd[8], nr = 0;
	FILE	*out, *o;
	long	 cpus;
	char	 chunk[4096];
	ssize_t	 r;

	if (argc != 3) {
		fprintf(stderr, "usage: fleetspawn CMDFILE PIDFILE\n");
		return 2;
	}
	if ((buf = slurp(argv[1], &len)) == NULL) {
		fprintf(stderr, "fleetspawn: %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	for (p = buf; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p) - 1;
		else
			*nl = '\0';
		if (nlines == cap) {
			char **nv;

			cap = cap ? cap * 2 : 1024;
			if ((nv = realloc(lines, cap * sizeof(*lines))) ==
			    NULL) {
				fprintf(stderr, "fleetspawn: out of memory\n");
				return 1;
			}
			lines = nv;
		}
		lines[nlines++] = p;
		if (nl[1] == '\0')
			break;
	}
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	n = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
	/* spawners 1..n-1 are children: each starts every n-th line, sends
	 * its pids up a pipe, then reaps its own daemons */
	for (i = 1; i < n; i++) {
		if (pipe2(pfd, O_CLOEXEC) == -1)
			break;
		switch (fork()) {
		case -1:
			close(pfd[0]);
			close(pfd[1]);
			goto forked;
		case 0:
			close(pfd[0]);
			while (nr > 0)
				close(rfd[--nr]);
			if ((o = fdopen(pfd[1], "w")) == NULL)
				_exit(1);
			spawn(lines, nlines, i, n, o);
			fclose(o);
			close(3);	/* the FIFO is the daemons' now */
			reap();
			_exit(0);
		}
		close(pfd[1]);
		rfd[nr++] = pfd[0];
	}
forked:
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
	if ((out = fopen(tmp, "we")) == NULL) {
		fprintf(stderr, "fleetspawn: %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	/* this one's share, and that of any spawner fork could not start */
	spawn(lines, nlines, 0, n, out);
	for (i = nr + 1; i < n; i++)
		spawn(lines, nlines, i, n, out);
	close(3);
	for (i = 0; i < nr; i++) {
		while ((r = read(rfd[i], chunk, sizeof(chunk))) > 0 ||
		    (r == -1 && errno == EINTR))
			if (r > 0)
				fwrite(chunk, 1, (size_t)r, out);
		close(rfd[i]);
	}
	if (fclose(out) != 0 || rename(tmp, argv[2]) == -1) {
		fprintf(stderr, "fleetspawn: %s: %s\n", argv[2],
		    strerror(errno));
		return 1;
	}
	free(lines);
	free(buf);
	reap();
	return 0;
}
