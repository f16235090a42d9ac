/* sim.c: the sim backend: a power state machine on ev_timers and the simulated host's console (glue). */
/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sock.h"
#include "util.h"
#include "powerd.h"

enum sim_step { SIM_IDLE, SIM_ON, SIM_OFF, SIM_RESET, SIM_CYCLE_ON };

struct sim {
	struct pd_srv	*s;
	ev_timer	 tm;		/* the power transition */
	int		 step;
	ev_timer	 soft_tm;	/* the OS shutting down */
	ev_timer	 boot_tm;	/* boot text after sim-delay boot */
	struct simhost	 host;
	struct simhost_boot boot;
	char		 boot_image[STATE_IMAGE_MAX + 1];
	char		 boot_uefi[STATE_UEFI_MAX + 1];
	int		 cfd;		/* our end of the console socketpair */
	ev_io		 cio;
	ev_io		 cwo;
	uint8_t		*q;		/* output not yet written */
	size_t		 qlen;
};

static void	sim_console_close(struct sim *);

static struct sim *
sim_of(struct pd_srv *s)
{
	return s->be_data;
}

static void
sim_flush(struct sim *m)
{
	ssize_t	n;

	while (m->qlen > 0 && m->cfd != -1) {
		n = send(m->cfd, m->q, m->qlen, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				break;
			sim_console_close(m);
			return;
		}
		memmove(m->q, m->q + n, m->qlen - (size_t)n);
		m->qlen -= (size_t)n;
	}
	if (m->cfd == -1)
		return;
	if (m->qlen > 0)
		ev_io_start(m->s->pd->loop, &m->cwo);
	else
		ev_io_stop(m->s->pd->loop, &m->cwo);
}

/* queue host output (dropped when nobody holds the console or it is full) */
static void
sim_out(struct sim *m, const struct shbuf *b)
{
	size_t	n = b->len;

	if (m->cfd == -1 || n == 0)
		return;
	if (m->q == NULL && (m->q = malloc(PD_CONSOLE_QUEUE_MAX)) == NULL)
		return;
	if (n > PD_CONSOLE_QUEUE_MAX - m->qlen)
		/* a slow reader loses */
		n = PD_CONSOLE_QUEUE_MAX - m->qlen;
	memcpy(m->q + m->qlen, b->p, n);
	m->qlen += n;
	sim_flush(m);
}

#define SHBUF(name, store)	struct shbuf name = { store, sizeof(store), 0 }

static void
boot_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sim	*m = (struct sim *)((char *)w - offsetof(struct sim,
	    boot_tm));
	uint8_t		 buf[SIMHOST_OUT_MIN];
	SHBUF(out, buf);

	UNUSED(loop);
	UNUSED(revents);
	if (m->s->st.power != PD_PWR_ON)
		return;
	m->boot.hw_text = m->s->st.hw.boot_text;
	simhost_boot(&m->host, &m->boot, &out);
	sim_out(m, &out);
}

/* Remember what the firmware boots from before the override is consumed. */
static void
sim_boot_prepare(struct sim *m)
{
	struct pd_state	*st = &m->s->st;

	m->boot.target = st->boot.target;
	m->boot.mode = st->boot.mode;
	strlcpy(m->boot_image, st->media.inserted ? st->media.image : "",
	    sizeof(m->boot_image));
	strlcpy(m->boot_uefi, st->boot.uefi_target, sizeof(m->boot_uefi));
	m->boot.image = m->boot_image;
	m->boot.uefi_target = m->boot_uefi;
	ev_timer_stop(m->s->pd->loop, &m->boot_tm);
	ev_timer_set(&m->boot_tm, (double)m->s->cfg->delay_ms[LAB_DLY_BOOT] /
	    1000.0, 0.);
	ev_timer_start(m->s->pd->loop, &m->boot_tm);
}

static void
sim_settle_on(struct sim *m, int origin, const char *by, int cause)
{
	sim_boot_prepare(m);
	pd_power_settled(m->s, PD_PWR_ON, origin, by, cause);
}

static void
sim_settle_off(struct sim *m, int origin, const char *by)
{
	ev_timer_stop(m->s->pd->loop, &m->boot_tm);
	ev_timer_stop(m->s->pd->loop, &m->soft_tm);
	simhost_halt(&m->host);
	pd_power_settled(m->s, PD_PWR_OFF, origin, by, PD_CAUSE_UNKNOWN);
}

static void
sim_reset(struct sim *m, int origin, const char *by, int cause)
{
	ev_timer_stop(m->s->pd->loop, &m->soft_tm);
	sim_boot_prepare(m);
	pd_reset_done(m->s, origin, by, cause);
}

/* the end of a delayed transition */
static void
sim_step(struct sim *m)
{
	struct pd_srv	*s = m->s;
	int		 step = m->step, origin = pd_origin_of(s->act_by);

	m->step = SIM_IDLE;
	switch (step) {
	case SIM_ON:
	case SIM_CYCLE_ON:
		sim_settle_on(m, origin, s->act_by, s->act_cause);
		break;
	case SIM_OFF:
		sim_settle_off(m, origin, s->act_by);
		break;
	case SIM_RESET:
		sim_reset(m, origin, s->act_by, s->act_cause);
		break;
	default:
		return;
	}
	pd_wait_done(s->busy, NULL, NULL, -1);
}

static void
sim_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sim	*m = (struct sim *)((char *)w -
	    offsetof(struct sim, tm));

	UNUSED(loop);
	UNUSED(revents);
	sim_step(m);
	pd_sync_all(m->s->pd);
}

/* run step after ms (at once when 0) */
static void
sim_after(struct sim *m, int step, long long ms)
{
	m->step = step;
	if (ms <= 0) {
		sim_step(m);
		return;
	}
	ev_timer_set(&m->tm, (double)ms / 1000.0, 0.);
	ev_timer_start(m->s->pd->loop, &m->tm);
}

static void
soft_tm_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sim	*m = (struct sim *)((char *)w - offsetof(struct sim,
	    soft_tm));

	UNUSED(loop);
	UNUSED(revents);
	if (m->s->st.power != PD_PWR_ON || m->s->busy != NULL)
		return;
	pd_os_event(m->s, 0);
	sim_settle_off(m, SEL_ORG_OS, "os");
	pd_sync_all(m->s->pd);
}

static void
sim_power(struct pd_srv *s, int act, struct pd_wait *w)
{
	struct sim	*m = sim_of(s);
	const long long	*d = s->cfg->delay_ms;
	uint8_t		 buf[SIMHOST_OUT_MIN];
	SHBUF(out, buf);

	UNUSED(w);
	switch (act) {
	case PD_ACT_ON:
		if (s->st.power == PD_PWR_ON)
			break;
		pd_power_moving(s, PD_PWR_POWERING_ON, s->act_by);
		sim_after(m, SIM_ON, d[LAB_DLY_ON]);
		return;
	case PD_ACT_OFF:
		if (s->st.power == PD_PWR_OFF)
			break;
		pd_power_moving(s, PD_PWR_POWERING_OFF, s->act_by);
		sim_after(m, SIM_OFF, d[LAB_DLY_OFF]);
		return;
	case PD_ACT_SOFT:
		/* ACPI power button: the OS shuts down in its own time */
		if (s->st.power == PD_PWR_ON && !ev_is_active(&m->soft_tm)) {
			simhost_shutdown(&m->host, &out);
			sim_out(m, &out);
			ev_timer_set(&m->soft_tm, (double)d[LAB_DLY_SOFT] /
			    1000.0, 0.);
			ev_timer_start(s->pd->loop, &m->soft_tm);
		}
		break;
	case PD_ACT_RESET:
		if (s->st.power != PD_PWR_ON)
			break;
		simhost_halt(&m->host);
		sim_after(m, SIM_RESET, d[LAB_DLY_RESET]);
		return;
	case PD_ACT_CYCLE:
		if (s->st.power == PD_PWR_ON)
			sim_settle_off(m, pd_origin_of(s->act_by), s->act_by);
		pd_power_moving(s, PD_PWR_POWERING_ON, s->act_by);
		sim_after(m, SIM_CYCLE_ON, d[LAB_DLY_CYCLE]);
		return;
	case PD_ACT_NMI:
		if (s->st.power != PD_PWR_ON)
			break;
		simhost_nmi(&m->host, &out);
		sim_out(m, &out);
		pd_nmi_done(s, pd_origin_of(s->act_by), s->act_by);
		break;
	}
	pd_wait_done(s->busy, NULL, NULL, -1);
}

static void
sim_console_close(struct sim *m)
{
	if (m->cfd == -1)
		return;
	ev_io_stop(m->s->pd->loop, &m->cio);
	ev_io_stop(m->s->pd->loop, &m->cwo);
	close(m->cfd);
	m->cfd = -1;
	m->qlen = 0;
}

static void
sim_cwo_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct sim	*m = (struct sim *)((char *)w -
	    offsetof(struct sim, cwo));

	UNUSED(loop);
	UNUSED(revents);
	sim_flush(m);
}

static void
sim_cio_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct sim	*m = (struct sim *)((char *)w -
	    offsetof(struct sim, cio));
	struct pd_srv	*s = m->s;
	uint8_t		 in[512], buf[SIMHOST_OUT_MIN * 2];
	SHBUF(out, buf);
	ssize_t		 n;
	int		 act;

	UNUSED(loop);
	UNUSED(revents);
	if ((n = recv(m->cfd, in, sizeof(in), 0)) == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		sim_console_close(m);
		return;
	}
	if (n == 0) {
		log_debug("%s: console closed by its holder", s->cfg->id);
		sim_console_close(m);
		return;
	}
	act = simhost_input(&m->host, in, (size_t)n, &out);
	sim_out(m, &out);
	if (act == SIMHOST_NONE || s->busy != NULL || s->st.power != PD_PWR_ON)
		return;
	log_info("%s: %s typed at the console", s->cfg->id,
	    act == SIMHOST_POWEROFF ? "poweroff" : "reboot");
	if (act == SIMHOST_POWEROFF) {
		pd_os_event(s, 0);
		sim_settle_off(m, SEL_ORG_OS, "os");
	} else {
		/* the OS restarts: reset path, boot text again */
		strlcpy(s->act_by, "os", sizeof(s->act_by));
		s->act_cause = PD_CAUSE_OS;
		sim_reset(m, SEL_ORG_OS, "os", PD_CAUSE_OS);
	}
	pd_sync_all(s->pd);
}

static void
sim_console(struct pd_srv *s, struct pd_wait *w)
{
	struct sim	*m = sim_of(s);
	uint8_t		 buf[SIMHOST_OUT_MIN];
	SHBUF(out, buf);
	int		 sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("%s: socketpair", s->cfg->id);
		pd_wait_done(w, "engine", "socketpair failed", -1);
		return;
	}
	/* one owner: the previous holder sees EOF */
	sim_console_close(m);
	if (sock_set_nonblock(sv[0], 1) == -1) {
		close(sv[0]);
		close(sv[1]);
		pd_wait_done(w, "engine", "fcntl failed", -1);
		return;
	}
	m->cfd = sv[0];
	ev_io_init(&m->cio, sim_cio_cb, m->cfd, EV_READ);
	ev_io_init(&m->cwo, sim_cwo_cb, m->cfd, EV_WRITE);
	ev_io_start(s->pd->loop, &m->cio);
	simhost_prompt(&m->host, &out);
	sim_out(m, &out);
	pd_wait_done(w, NULL, NULL, sv[1]);
}

static int
sim_init(struct pd_srv *s)
{
	struct sim	*m;
	int		 on = 0, cause = PD_CAUSE_UNKNOWN;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		log_warn("calloc");
		return -1;
	}
	s->be_data = m;
	m->s = s;
	m->cfd = -1;
	ev_timer_init(&m->tm, sim_tm_cb, 0., 0.);
	ev_timer_init(&m->soft_tm, soft_tm_cb, 0., 0.);
	ev_timer_init(&m->boot_tm, boot_tm_cb, 0., 0.);
	simhost_init(&m->host, s->cfg->id, s->cfg->cpu_model, s->cfg->cpus,
	    s->cfg->memory_mib);
	/* powerd starting is an AC power restore: apply the policy */
	switch (s->st.policy) {
	case LAB_POL_ON:
		on = 1;
		cause = PD_CAUSE_ALWAYS_ON;
		break;
	case LAB_POL_PREVIOUS:
		on = s->st.power == PD_PWR_ON;
		cause = PD_CAUSE_PREVIOUS;
		break;
	}
	if (!on && s->st.power == PD_PWR_ON) {
		/* Power Unit 04h: AC lost */
		pd_sel_event(s, SEL_ST_POWER_UNIT, SEL_SN_POWER_UNIT,
		    SEL_DIR_ASSERT, 0x04, SEL_SEV_WARNING, SEL_ORG_POWERD,
		    "AC lost (powerd restarted, policy always-off)");
		sim_settle_off(m, SEL_ORG_POWERD, "powerd");
	} else if (on) {
		/* the model says "off" until the restore powers it on */
		s->st.power = PD_PWR_OFF;
		s->power = PD_PWR_OFF;
		sim_settle_on(m, SEL_ORG_POWERD, "powerd", cause);
	}
	return 0;
}

static void
sim_fini(struct pd_srv *s)
{
	struct sim	*m = sim_of(s);

	if (m == NULL)
		return;
	ev_timer_stop(s->pd->loop, &m->tm);
	ev_timer_stop(s->pd->loop, &m->soft_tm);
	ev_timer_stop(s->pd->loop, &m->boot_tm);
	sim_console_close(m);
	free(m->q);
	free(m);
	s->be_data = NULL;
}

const struct pd_backend pd_be_sim = {
	"sim", sim_init, sim_fini, sim_power, sim_console
};
