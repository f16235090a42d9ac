/* ipmid.h: the ipmid daemon context shared by transport and command handlers. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_IPMID_H
#define BMC_IPMID_H

#include <stdint.h>
#include <ev.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "ipmi.h"

struct evpdc;
struct cmd_state;		/* private to cmd_*.c */
struct sess_table;		/* private to the transport */
struct users_state;		/* private to users.c */
struct sol;			/* private to sol.c */

#define IPMID_NAME_MAX		16	/* IPMI user name bytes */
#define IPMID_PASS_MAX		20	/* IPMI 2.0 password bytes */
#define IPMID_USERS_MAX		15	/* user ids 1..15; 1 = anonymous */
#define IPMID_SUITES_MAX	12	/* ipmitool lists at most 12 */

/* An account as powerd reports it, cached here and refreshed on "accounts" events. */
struct ipmid_user {
	int		 used;
	uint8_t		 id;				/* 2..15 */
	char		 name[IPMID_NAME_MAX + 1];
	uint8_t		 namelen;
	char		 pass[IPMID_PASS_MAX + 1];	/* plaintext: RAKP/MD5 need it */
	uint8_t		 passlen;
	uint8_t		 priv;				/* enum ipmi_priv */
	int		 enabled;
	int64_t		 locked_until;	/* powerd's lockout: 0 none, else Unix time */
};

struct ipmid_conf {
	char		 server[64];		/* -i: the powerd server id */
	char		 pdsock[108];		/* -S */
	uint8_t		 suites[IPMID_SUITES_MAX];	/* enabled cipher suites, in order */
	int		 nsuites;
	int		 suite0;		/* cipher suite 0 allowed (off by default) */
	int		 ipmi15;		/* IPMI 1.5 sessions (MD5/straight) allowed */
	int		 ipmi15_password;	/* IPMI 1.5 straight password (off by default) */
	uint8_t		 kg[20];		/* K_g (BMC key); all zero = unset */
	int		 kg_set;
	int		 idle_timeout_s;	/* session idle timeout (default 60) */
	int		 max_sessions;		/* default 32 */
	uint8_t		 lan_ip[4];		/* reported by lan print (default: the bound address) */
	uint8_t		 lan_mask[4];
	uint8_t		 lan_gw[4];
	uint8_t		 lan_mac[6];		/* default: inventory bmc_mac */
	uint16_t	 rmcp_port[2];		/* LAN parameters 8 and 9 */
};

struct ipmid {
	struct ev_loop		*loop;
	struct ipmid_conf	 conf;
	struct evpdc		*pd;		/* requests to powerd */
	struct evpdc		*sub;		/* powerd event stream */
	int			 pd_up;		/* 0: answer power as unknown / 0xD5 */

	/* from powerd's inventory (refreshed on connect) */
	uint8_t			 guid[16];	/* Get System GUID, RAKP */
	int			 have_inventory;
	struct ipmid_user	 users[IPMID_USERS_MAX + 1];	/* index = user id */
	int			 have_users;

	time_t			 start_time;	/* for mc selftest/uptime */
	struct sess_table	*sessions;	/* transport */
	struct cmd_state	*cmd;		/* command handlers */
	/*
	 * Added by the transport (compatible extension): the accounts and
	 * inventory refresh in flight (users.c), and the SOL payload (sol.c).
	 */
	struct users_state	*users_st;
	struct sol		*sol;
};

/* cmd_*.c: set up / tear down command state; called by main.c. */
int	cmd_init(struct ipmid *);
void	cmd_fini(struct ipmid *);
/* powerd event (power, boot, sel, accounts, …) for command-side caches. */
void	cmd_event(struct ipmid *, const cJSON *event);

/* Transport services the command side may use (sess.c). */
int	sess_count_active(const struct ipmid *);
/*
 * Session info for Get Session Info (app 0x3D): index 1-based over active
 * sessions, or by handle.  Returns 0 and fills *out, -1 if none.
 */
struct sess_info {
	uint8_t		handle;
	uint8_t		userid;
	uint8_t		priv;
	uint8_t		v20;
	uint8_t		chan;
	uint8_t		ip[4];
	uint8_t		mac[6];
	uint16_t	port;
};
int	sess_info_by_index(const struct ipmid *, int idx, struct sess_info *);
int	sess_info_by_handle(const struct ipmid *, uint8_t h, struct sess_info *);
int	sess_info_by_sid(const struct ipmid *, uint32_t sid, struct sess_info *);

/* Accounts cache (users.c, owned by the transport helper): refresh from powerd. */
void	users_refresh(struct ipmid *);
const struct ipmid_user *users_by_name(const struct ipmid *, const uint8_t *name, size_t len);
/* Locked out by powerd (failed logins)? */
int	users_locked(const struct ipmid_user *);
/* Report a wrong password to powerd (asynchronous, never blocks). */
void	users_login_failed(struct ipmid *, const uint8_t *name, size_t len);

#endif
