/* rfint.h: what route.c and the rf_<family>.c handlers share (internal). */
/* SPDX-License-Identifier: ISC */
#ifndef RFINT_H
#define RFINT_H

#include <time.h>

#include "json.h"
#include "rf.h"

#define V1		"/redfish/v1"
#define MGR		"bmc"
#define SSE_URI		V1 "/EventService/SSE"
/* the Manager's id: "bmc", or the server's in aggregated mode */
#define MGRID(c)	((c)->conf->mgr_id != NULL ? (c)->conf->mgr_id : MGR)

/* JSON getters and builders (route.c), also used by rf_hw.c */
cJSON	*coll_new(const char *id, const char *type, const char *name);
const char	*jstr(const cJSON *o, const char *k, const char *def);
double	 jnum(const cJSON *o, const char *k, double def);
/* a link (replacing one of that name; o may be NULL); Status replaced */
cJSON	*add_link(cJSON *, const char *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 add_status(cJSON *o, const char *state, const char *health);

/*
 * rf_hw.c keeps its own res_new, pd_fail and no_content (other
 * signatures) and defines RFINT_LEAN to see only the part above.
 */
#ifndef RFINT_LEAN

struct route;

struct ctx {
	const struct rf_conf	*conf;
	const struct rf_ops	*ops;
	const struct rf_req	*req;
	struct rf_resp		*resp;
	const char		*arg[3];	/* the '*' segments */
	int			 narg;
	struct route		*hwr;	/* filled when rf_hw.c has the path */
	char			 buf[RF_PATH_MAX];
	char			 mp[2][RF_PATH_MAX];	/* mgr_path */
	int			 nmp;
};

struct vmap {
	const char	*pd;
	const char	*rf;
};

enum ptype { PT_STR, PT_BOOL, PT_INT, PT_ENUM, PT_OBJ, PT_ANY };

struct pspec {
	const char		*name;
	enum ptype		 type;
	const struct vmap	*enums;		/* PT_ENUM: rf values */
	const struct pspec	*sub;		/* PT_OBJ */
	long			 min, max;	/* PT_INT; PT_STR length */
};

/* route.c */
void	 fail_more(struct rf_resp *r, const char *id, const char *a1,
	    const char *a2, const char *a3);
void	 fail3(struct rf_resp *r, int status, const char *id,
	    const char *a1, const char *a2, const char *a3);
cJSON	*res_new(const char *id, const char *type, const char *ctx);
void	 coll_done(cJSON *o);
cJSON	*members(cJSON *o);
int	 acct_enabled(const cJSON *a);
void	 iso_time(time_t t, char *out, size_t outlen);
void	 add_action(cJSON *actions, const char *name,
	    const char *target, const char *info, const char *param,
	    const char *const *vals);
void	 pd_fail(struct ctx *c, const cJSON *rep);
cJSON	*pd_call(struct ctx *c, const char *op, const char *action,
	    cJSON *extra, int raw);
extern const struct vmap power_map[];
extern const struct vmap target_map[];
extern const struct vmap enabled_map[];
extern const struct vmap mode_map[];
extern const struct vmap led_map[];
extern const struct vmap reset_map[];
const char	*to_rf(const struct vmap *m, const char *pd, const char *def);
const char	*to_pd(const struct vmap *m, const char *rf);
void	 add_allowable(cJSON *o, const char *key, const struct vmap *m);
int	 patch_check(struct rf_resp *r, const cJSON *body,
	    const cJSON *cur, const struct pspec *spec, const char *prefix);
cJSON	*body_object(struct ctx *c);
cJSON	*patch_begin(struct ctx *c, const cJSON *cur,
	    const struct pspec *spec);
cJSON	*action_begin(struct ctx *c, const char *action,
	    const char *const *params);
const char	*action_str(struct ctx *c, const cJSON *b,
	    const char *action, const char *param, int required);
void	 no_content(struct ctx *c);
void	 set_etag(struct ctx *c);
int	 is_ours(struct ctx *c, const char *id, const char *type);
/* V1 "/Managers/<id>" suffix, in one of two buffers of c (alternating) */
const char	*mgr_path(struct ctx *c, const char *suffix);

/* rf_registries.c */
void	 h_redfish(struct ctx *c);
void	 h_root(struct ctx *c);
void	 h_metadata(struct ctx *c);
void	 h_odata(struct ctx *c);

/* rf_systems.c */
void	 h_systems(struct ctx *c);
int	 pd_status_inv(struct ctx *c, cJSON **st, cJSON **inv);
const char	*led_of(const cJSON *st);
int	 apply_led(struct ctx *c, const cJSON *b);
void	 h_system(struct ctx *c);
void	 actioninfo(struct ctx *c, const char *id, const char *param,
	    const char *const *vals);
void	 h_system_resetinfo(struct ctx *c);
void	 h_system_reset(struct ctx *c);

/* rf_chassis.c */
void	 h_chassis_coll(struct ctx *c);
void	 h_chassis(struct ctx *c);
void	 h_thermal(struct ctx *c);
void	 h_power(struct ctx *c);
void	 h_sensors(struct ctx *c);
void	 h_sensor(struct ctx *c);
void	 h_thermalsub(struct ctx *c);
void	 h_powersub(struct ctx *c);

/* rf_managers.c */
void	 h_managers(struct ctx *c);
void	 h_manager(struct ctx *c);
void	 h_manager_resetinfo(struct ctx *c);
void	 h_manager_reset(struct ctx *c);
void	 h_netproto(struct ctx *c);
void	 h_ethifs(struct ctx *c);
void	 h_ethif(struct ctx *c);
void	 h_logservices(struct ctx *c);
void	 h_logservice(struct ctx *c);
void	 h_entries(struct ctx *c);
void	 h_entry(struct ctx *c);
void	 h_clearlog(struct ctx *c);
void	 h_vmedia_coll(struct ctx *c);
void	 h_vmedia(struct ctx *c);
void	 h_insert(struct ctx *c);
void	 h_eject(struct ctx *c);

/* rf_accounts.c */
void	 h_sesssvc(struct ctx *c);
void	 h_sessions(struct ctx *c);
void	 h_session(struct ctx *c);
void	 h_acctsvc(struct ctx *c);
void	 h_accounts(struct ctx *c);
void	 h_account(struct ctx *c);
void	 h_roles(struct ctx *c);
void	 h_role(struct ctx *c);

/* rf_events.c */
void	 h_evsvc(struct ctx *c);
void	 h_subs(struct ctx *c);
void	 h_sub(struct ctx *c);
void	 h_testevent(struct ctx *c);

#endif /* RFINT_LEAN */
#endif
