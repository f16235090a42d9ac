/* exec.c: the exec backend: configured shell commands per action, a polled status command (glue). */
/* SPDX-License-Identifier: ISC */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sock.h"
#include "util.h"
#include "powerd.h"
#include "facts.h"

#define EXEC_OUT_MAX	256	/* status output we look at */

struct job {
	ev_child	 cw;
	ev_timer	 tm;
	ev_io		 io;
	struct ex	*x;
	pid_t		 pid;
	int		 outfd;
	char		 out[EXEC_OUT_MAX];
	size_t		 outlen;
	int		 act;		/* LAB_ACT_*: what it runs */
	/* cycle fallback: the action after this */
	int		 then;
	int		 timedout;
};

struct ex {
	struct pd_srv	*s;
	struct job	*action;
	struct job	*status;
	ev_timer	 poll;
	int		 known;		/* a status was read at least once */
	int		 was_on;	/* the state file said on */
};

static void	job_free(struct job *);
static int	job_start(struct ex *, int act, struct job **);

static const int act_map[PD_ACT_N] = {
	[PD_ACT_ON] = LAB_ACT_ON, [PD_ACT_OFF] = LAB_ACT_OFF,
	[PD_ACT_SOFT] = LAB_ACT_SOFT, [PD_ACT_RESET] = LAB_ACT_RESET,
	[PD_ACT_CYCLE] = LAB_ACT_CYCLE, [PD_ACT_NMI] = LAB_ACT_NMI,
};
static const char *act_names[LAB_ACT_N] = {
	"on", "off", "soft", "reset", "cycle", "nmi", "status"
};

static void
env_put(void *arg, const char *name, const char *value)
{
	(void)arg;
	setenv(name, value, 1);
}

static void
job_read(struct job *j)
{
	char	tmp[512];
	ssize_t	n;
	size_t	k;

	while (j->outfd != -1) {
		n = read(j->outfd, tmp, sizeof(tmp));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 ||
			    (errno != EAGAIN && errno != EWOULDBLOCK)) {
				ev_io_stop(j->x->s->pd->loop, &j->io);
				close(j->outfd);
				j->outfd = -1;
			}
			return;
		}
		k = (size_t)n;
		if (k > sizeof(j->out) - 1 - j->outlen)
			k = sizeof(j->out) - 1 - j->outlen;
		memcpy(j->out + j->outlen, tmp, k);
		j->outlen += k;
		j->out[j->outlen] = '\0';
	}
}

static void
job_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct job	*j = (struct job *)((char *)w -
	    offsetof(struct job, io));

	UNUSED(loop);
	UNUSED(revents);
	job_read(j);
}

/* "on"/"off" in the output, else exit 0 = on, 1 = off */
static int
status_of(struct job *j, int st)
{
	const char	*p = j->out;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (strncasecmp(p, "on", 2) == 0 || strncasecmp(p, "running", 7) == 0)
		return PD_PWR_ON;
	if (strncasecmp(p, "off", 3) == 0 || strncasecmp(p, "shut", 4) == 0 ||
	    strncasecmp(p, "stopped", 7) == 0)
		return PD_PWR_OFF;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return PD_PWR_ON;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
		return PD_PWR_OFF;
	return PD_PWR_UNKNOWN;
}

/* AC restore: the first status says off and the policy wants it on */
static void
exec_restore(struct ex *x)
{
	struct pd_srv	*s = x->s;
	struct pd_wait	*w;

	if ((w = pd_wait_new(NULL, -1, PD_OP_POWER, s)) == NULL)
		return;
	s->busy = w;
	strlcpy(s->act_by, "powerd", sizeof(s->act_by));
	s->act_cause = s->st.policy == LAB_POL_ON ? PD_CAUSE_ALWAYS_ON :
	    PD_CAUSE_PREVIOUS;
	log_info("%s: restore policy %s: powering on", s->cfg->id,
	    lab_policy_str(s->st.policy));
	if (job_start(x, LAB_ACT_ON, &x->action) == -1)
		pd_wait_done(w, "engine", "cannot run exec-on", -1);
}

static void
status_done(struct ex *x, struct job *j, int st)
{
	struct pd_srv	*s = x->s;
	int		 p;

	p = j->timedout ? PD_PWR_UNKNOWN : status_of(j, st);
	x->status = NULL;
	job_free(j);
	if (x->action != NULL || s->busy != NULL)
		return;		/* an action is under way: its result counts */
	if (p == PD_PWR_UNKNOWN) {
		if (s->power != PD_PWR_UNKNOWN)
			log_warnx("%s: exec-status gave no state", s->cfg->id);
		pd_power_settled(s, PD_PWR_UNKNOWN, SEL_ORG_ENGINE, "exec",
		    PD_CAUSE_UNKNOWN);
		return;
	}
	if (x->known && p != s->st.power)
		log_info("%s: power %s behind powerd's back", s->cfg->id,
		    pd_power_str(p));
	/* changes nobody asked for are logged with origin engine */
	pd_power_settled(s, p, SEL_ORG_ENGINE, x->known ? "external" : "exec",
	    PD_CAUSE_UNKNOWN);
	if (!x->known && p == PD_PWR_OFF && s->cfg->exec[LAB_ACT_ON] != NULL &&
	    (s->st.policy == LAB_POL_ON ||
	    (s->st.policy == LAB_POL_PREVIOUS && x->was_on)))
		exec_restore(x);
	x->known = 1;
	pd_sync_all(s->pd);
}

static void
action_done(struct ex *x, struct job *j, int st)
{
	struct pd_srv	*s = x->s;
	char		 msg[200];
	int		 act = j->act, then = j->then, origin;

	x->action = NULL;
	origin = pd_origin_of(s->act_by);
	if (j->timedout) {
		job_free(j);
		pd_wait_done(s->busy, "timeout", "the exec command timed out",
		    -1);
		return;
	}
	job_free(j);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (WIFEXITED(st))
			snprintf(msg, sizeof(msg), "exec-%s exited %d",
			    act_names[act], WEXITSTATUS(st));
		else
			snprintf(msg, sizeof(msg), "exec-%s killed by signal "
			    "%d", act_names[act], WTERMSIG(st));
		log_warnx("%s: %s", s->cfg->id, msg);
		pd_wait_done(s->busy, "engine", msg, -1);
		return;
	}
	switch (act) {
	case LAB_ACT_ON:
	case LAB_ACT_CYCLE:
		pd_power_settled(s, PD_PWR_ON, origin, s->act_by,
		    s->act_cause);
		break;
	case LAB_ACT_OFF:
		pd_power_settled(s, PD_PWR_OFF, origin, s->act_by,
		    PD_CAUSE_UNKNOWN);
		if (then == LAB_ACT_ON) {
			if (job_start(x, LAB_ACT_ON, &x->action) == 0)
				return;
			pd_wait_done(s->busy, "engine", "cannot run exec-on",
			    -1);
			return;
		}
		break;
	case LAB_ACT_RESET:
		pd_reset_done(s, origin, s->act_by, s->act_cause);
		break;
	case LAB_ACT_NMI:
		pd_nmi_done(s, origin, s->act_by);
		break;
	default:			/* soft: the poll sees the result */
		break;
	}
	pd_wait_done(s->busy, NULL, NULL, -1);
}

static void
job_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct job	*j = (struct job *)w;
	struct ex	*x = j->x;
	int		 st = w->rstatus;

	UNUSED(loop);
	UNUSED(revents);
	ev_child_stop(loop, w);
	ev_timer_stop(loop, &j->tm);
	j->pid = -1;
	job_read(j);
	if (j == x->status)
		status_done(x, j, st);
	else
		action_done(x, j, st);
	pd_sync_all(x->s->pd);
}

static void
job_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct job	*j = (struct job *)((char *)w -
	    offsetof(struct job, tm));

	UNUSED(loop);
	UNUSED(revents);
	log_warnx("%s: exec-%s timed out, killing it", j->x->s->cfg->id,
	    act_names[j->act]);
	j->timedout = 1;
	if (j->pid > 0)
		kill(-j->pid, SIGKILL);	/* its process group */
}

static void
job_free(struct job *j)
{
	struct ev_loop	*loop = j->x->s->pd->loop;

	ev_child_stop(loop, &j->cw);
	ev_timer_stop(loop, &j->tm);
	ev_io_stop(loop, &j->io);
	if (j->pid > 0) {
		kill(-j->pid, SIGKILL);
		(void)waitpid(j->pid, NULL, 0);
	}
	if (j->outfd != -1)
		close(j->outfd);
	free(j);
}

static int
job_start(struct ex *x, int act, struct job **jp)
{
	struct pd_srv	*s = x->s;
	struct job	*j;
	int		 p[2] = { -1, -1 }, nul;
	pid_t		 pid;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	j->x = x;
	j->act = act;
	j->then = -1;
	j->outfd = -1;
	j->pid = -1;
	if (pipe2(p, O_CLOEXEC) == -1) {
		log_warn("pipe2");
		free(j);
		return -1;
	}
	switch ((pid = fork())) {
	case -1:
		log_warn("fork");
		close(p[0]);
		close(p[1]);
		free(j);
		return -1;
	case 0:
		/* child: own process group so a timeout kills everything */
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		if ((nul = open("/dev/null", O_RDONLY)) != -1)
			dup2(nul, 0);
		dup2(p[1], 1);
		/* the docker backend's boot facts (powerd is one thread) */
		facts_boot(s, act_names[act], env_put, NULL);
		execl("/bin/sh", "sh", "-c", s->cfg->exec[act], (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(p[1]);
	sock_set_nonblock(p[0], 1);
	j->pid = pid;
	j->outfd = p[0];
	ev_child_init(&j->cw, job_child_cb, pid, 0);
	ev_child_start(s->pd->loop, &j->cw);
	ev_timer_init(&j->tm, job_tm_cb,
	    (double)s->cfg->exec_timeout_ms / 1000.0, 0.);
	ev_timer_start(s->pd->loop, &j->tm);
	ev_io_init(&j->io, job_io_cb, j->outfd, EV_READ);
	ev_io_start(s->pd->loop, &j->io);
	log_debug("%s: exec-%s pid %ld", s->cfg->id, act_names[act],
	    (long)pid);
	*jp = j;
	return 0;
}

static void
poll_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct ex	*x = (struct ex *)((char *)w -
	    offsetof(struct ex, poll));

	UNUSED(loop);
	UNUSED(revents);
	if (x->status == NULL && x->action == NULL &&
	    job_start(x, LAB_ACT_STATUS, &x->status) == -1)
		log_warnx("%s: cannot run exec-status", x->s->cfg->id);
}

static void
exec_power(struct pd_srv *s, int act, struct pd_wait *w)
{
	struct ex	*x = s->be_data;
	int		 a = act_map[act], then = -1;
	char		 msg[100];

	UNUSED(w);
	if (s->cfg->exec[a] == NULL && a == LAB_ACT_CYCLE &&
	    s->cfg->exec[LAB_ACT_OFF] != NULL &&
	    s->cfg->exec[LAB_ACT_ON] != NULL) {
		/* no exec-cycle: off, then on */
		a = s->st.power == PD_PWR_OFF ? LAB_ACT_ON : LAB_ACT_OFF;
		then = a == LAB_ACT_OFF ? LAB_ACT_ON : -1;
	}
	if (s->cfg->exec[a] == NULL) {
		snprintf(msg, sizeof(msg), "%s has no exec-%s", s->cfg->id,
		    act_names[a]);
		pd_wait_done(s->busy, "unsupported", msg, -1);
		return;
	}
	if (x->status != NULL) {
		/* the poll result would be stale; the action decides */
		job_free(x->status);
		x->status = NULL;
	}
	if (job_start(x, a, &x->action) == -1) {
		pd_wait_done(s->busy, "engine", "cannot run the command", -1);
		return;
	}
	x->action->then = then;
}

static void
exec_console(struct pd_srv *s, struct pd_wait *w)
{
	char	msg[200];
	int	fd = -1;

	switch (s->cfg->console) {
	case LAB_CON_UNIX:
		fd = sock_unix_connect(s->cfg->console_path, 0);
		break;
	case LAB_CON_PTY:
		fd = open(s->cfg->console_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
		break;
	default:
		pd_wait_done(w, "unsupported", "no console-unix or "
		    "console-pty configured", -1);
		return;
	}
	if (fd == -1) {
		snprintf(msg, sizeof(msg), "%s: %s", s->cfg->console_path,
		    strerror(errno));
		log_warnx("%s: console %s", s->cfg->id, msg);
		pd_wait_done(w, "engine", msg, -1);
		return;
	}
	pd_wait_done(w, NULL, NULL, fd);
}

static int
exec_init(struct pd_srv *s)
{
	struct ex	*x;
	double		 p = (double)s->cfg->exec_poll_ms / 1000.0;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		log_warn("calloc");
		return -1;
	}
	s->be_data = x;
	x->s = s;
	x->was_on = s->st.power == PD_PWR_ON;
	ev_timer_init(&x->poll, poll_cb, 0., p);
	if (s->cfg->exec[LAB_ACT_STATUS] != NULL) {
		s->power = PD_PWR_UNKNOWN;	/* until the first status */
		ev_timer_start(s->pd->loop, &x->poll);
	}
	return 0;
}

static void
exec_fini(struct pd_srv *s)
{
	struct ex	*x = s->be_data;

	if (x == NULL)
		return;
	ev_timer_stop(s->pd->loop, &x->poll);
	if (x->action != NULL)
		job_free(x->action);
	if (x->status != NULL)
		job_free(x->status);
	free(x);
	s->be_data = NULL;
}

const struct pd_backend pd_be_exec = {
	"exec", exec_init, exec_fini, exec_power, exec_console
};
