/* powerd.h: powerd's runtime: servers, connections, backends (the glue's shared header). */
/* SPDX-License-Identifier: ISC */
#ifndef PD_POWERD_H
#define PD_POWERD_H

#include <sys/types.h>
#include <stdint.h>

#include <ev.h>
#include <cjson/cJSON.h>

#include "pdmsg.h"
#include "lab.h"
#include "state.h"
#include "sel.h"
#include "simhost.h"

#define PD_VERSION		"0.1.0"
/* connections at once: a server's front ends hold 6 or 7 */
#define PD_CONN_MAX		16384
#define PD_SUB_QUEUE_MAX	(1024 * 1024)	/* a subscriber's backlog */
#define PD_OUT_MAX		(4 * 1024 * 1024)	/* a client's backlog */
/* sim host output not yet read */
#define PD_CONSOLE_QUEUE_MAX	(64 * 1024)

struct pd;
struct pd_srv;
struct pd_conn;

/*
 * A request waiting for its backend (power with wait, console on docker).
 * The connection may go away first: conn is then NULL and the completion
 * only updates the model.
 */
struct pd_wait {
	struct pd_conn	*conn;
	long		 id;
	int		 op;		/* enum pd_op */
	struct pd_srv	*srv;
};

enum pd_act {
	PD_ACT_ON, PD_ACT_OFF, PD_ACT_SOFT, PD_ACT_RESET, PD_ACT_CYCLE,
	PD_ACT_NMI, PD_ACT_N
};

struct pd_backend {
	const char	*name;
	int		(*init)(struct pd_srv *);
	void		(*fini)(struct pd_srv *);
	/* start an action; it ends with pd_wait_done(w, …); w may be NULL */
	void		(*power)(struct pd_srv *, int act, struct pd_wait *);
	/* hand out a console fd through pd_wait_done(w, NULL, NULL, fd) */
	void		(*console)(struct pd_srv *, struct pd_wait *);
};

struct pd_srv {
	struct pd			*pd;
	const struct lab_server		*cfg;
	const struct pd_backend		*be;
	struct pd_state			 st;
	/* enum pd_power, live */
	int				 power;
	int				 dirty;
	struct pd_srv			*dirty_next;
	char				 path[LAB_PATH_MAX + 1];
	char				 selpath[LAB_PATH_MAX + 1];
	/* lines in the SEL log */
	size_t				 sel_lines;
	/* the log was rewritten, the state file not: rewrite it again */
	int				 sel_stale;
	/* failed logins per account (not saved: a restart unlocks) */
	struct pd_fail {
		int	 n;
		int64_t	 first;		/* time of the first counted */
		int64_t	 locked_until;	/* INT64_MAX: until unlocked */
	}				 fail[LAB_ACCT_MAX_ID + 1];
	/* ev_now of the last change */
	double				 power_changed;
	/* ev_now when powered on */
	double				 on_since;
	/* identify */
	/* 0 off, 1 blink, 2 on */
	int				 ident;
	ev_timer			 ident_tm;
	double				 ident_until;
	/* the request the backend is working on */
	struct pd_wait			*busy;
	char				 act_by[16];	/* who asked for busy */
	int				 act_cause;
	void				*be_data;
};

/* A request's change, undone when the state cannot be saved (model.c). */
struct pd_txn {
	struct pd_srv	*s;
	struct pd_state	 st;
	int		 power;
	int		 dirty;
	double		 on_since;
};

struct pd {
	struct ev_loop	*loop;
	struct lab	 lab;
	struct pd_srv	*srv;
	size_t		 nsrv;
	char		 sockpath[LAB_SUN_MAX + 1];
	char		 docker_sock[LAB_SUN_MAX + 1];
	uid_t		 allow[LAB_ALLOW_MAX];
	int		 nallow;
	int		 lfd;
	ev_io		 lio;
	ev_timer	 accept_tm;	/* EMFILE back-off */
	/* persist dirty states each iteration */
	ev_prepare	 sync_w;
	struct pd_srv	*dirty;
	double		 sync_retry;	/* no background sync before */
	struct pd_conn	*conns;
	int		 nconn;
	cJSON		*held;		/* events held by a pd_txn */
	struct engine	*engine;	/* docker backend, NULL if unused */
	void		*docker;	/* docker backend's shared data */
	uint32_t	 seed;
	int		 starting;	/* restore-policy writes: no fsync */
	int		 stopping;
	ev_timer	 stop_tm;	/* replies get 2 s to leave */
	ev_check	 stop_w;
};

/* srv.c: the socket server */
int		 pd_listen(struct pd *);
void		 pd_close_all(struct pd *);
int		 pd_stop(struct pd *);
void		 pd_emit(struct pd *, const char *server, cJSON *ev);
/* reply to a waiting request (consumes the reply object) */
void		 pd_conn_reply(struct pd_conn *, cJSON *, int fd);
void		 pd_conn_resume(struct pd_conn *);
void		 pd_conn_subscribe(struct pd_conn *, const char *server);

/* model.c: the model's transitions, shared by every backend */
int		 pd_servers_init(struct pd *);
void		 pd_servers_free(struct pd *);
struct pd_srv	*pd_srv_find(struct pd *, const char *id);
void		 pd_dirty(struct pd_srv *);
int		 pd_sync(struct pd_srv *);
void		 pd_sync_all(struct pd *);
/* 0 when the current state is on disk (saved now if need be), or -1 */
int		 pd_save_now(struct pd_srv *);
/* keep a copy of the model and hold events; end: commit 1 or undo 0 */
int		 pd_txn_begin(struct pd_srv *, struct pd_txn *);
void		 pd_txn_end(struct pd_txn *, int commit);
/* backend reports a settled power state (on/off) */
void		 pd_power_settled(struct pd_srv *, int power, int origin,
		    const char *by, int cause);
void		 pd_power_moving(struct pd_srv *, int power /* POWERING_* */,
		    const char *by);
/* a reset (or OS reboot) without a power change */
void		 pd_reset_done(struct pd_srv *, int origin, const char *by,
		    int cause);
void		 pd_nmi_done(struct pd_srv *, int origin, const char *by);
void		 pd_os_event(struct pd_srv *, int reboot);
/* add a SEL entry and tell subscribers (does not sync) */
const struct sel_entry *pd_sel_event(struct pd_srv *, uint8_t stype,
		    uint8_t snum, uint8_t dir, uint8_t ed1, int sev, int origin,
		    const char *msg);
void		 pd_sel_emit(struct pd_srv *, const struct sel_entry *);
void		 pd_boot_emit(struct pd_srv *);
cJSON		*pd_boot_json(const struct pd_srv *);
cJSON		*pd_sel_entry_json(const struct sel_entry *);
int64_t		 pd_now(void);
int		 pd_origin_of(const char *by);
int64_t		 pd_poh_minutes(const struct pd_srv *);

/* a backend finished the request w (NULL tolerated); err is an error token */
void		 pd_wait_done(struct pd_wait *, const char *err,
		    const char *msg, int fd);
struct pd_wait	*pd_wait_new(struct pd_conn *, long id, int op,
		    struct pd_srv *);

/* ops.c */
enum pd_op {
	PD_OP_HELLO, PD_OP_LIST, PD_OP_STATUS, PD_OP_POWER, PD_OP_BOOT,
	PD_OP_IDENTIFY, PD_OP_POLICY, PD_OP_SEL, PD_OP_SENSORS,
	PD_OP_POWERLIMIT, PD_OP_INVENTORY, PD_OP_ACCOUNTS, PD_OP_MEDIA,
	PD_OP_CONSOLE, PD_OP_SUBSCRIBE, PD_OP_HW, PD_OP_N
};
/*
 * Handle one request.  Returns the reply (sent by the caller), or NULL
 * when the reply will come later through pd_wait_done (*waiting set).
 */
cJSON		*pd_handle(struct pd *, struct pd_conn *, cJSON *req,
		    int *subscribe);

/* hwop.c: the hardware model's op and its changes at reset */
cJSON		*pd_hw_op(struct pd_srv *, const cJSON *req, long id,
		    int action, const char *by, int origin);
void		 pd_hw_boot(struct pd_srv *);

/* backends */
extern const struct pd_backend	pd_be_sim;
extern const struct pd_backend	pd_be_exec;
extern const struct pd_backend	pd_be_docker;
int		 pd_docker_start(struct pd *);
void		 pd_docker_stop(struct pd *);
const char	*pd_act_str(int);

#endif
