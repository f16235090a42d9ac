/* cmd.h: private to ipmid's command handlers (cmd_*.c): state, table, powerd helpers. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_CMD_H
#define BMC_CMD_H

#include <stddef.h>
#include <stdint.h>
#include <ev.h>
#include <cjson/cJSON.h>

#include "ipmi.h"
#include "ipmid.h"
#include "solparam.h"
#include "sdr.h"

#define CMD_PD_TIMEOUT_MS	5000	/* one powerd round trip */
#define CMD_CACHE_S		10.0	/* SEL/SDR caches live this long */
#define CMD_FRU_MAX		512	/* FRU 0 image */
/* sensors 1-55, discrete 60h-65h, 70h, MC locator */
#define CMD_SDR_RECS		80
#define CMD_WD_SENSOR		0x70	/* Watchdog 2 sensor (compact SDR) */
#define CMD_SYSINFO_N		4	/* system info params 1-4 (22-16a) */
#define CMD_SYSINFO_SETS	4	/* 16-byte blocks each */
#define CMD_SYSINFO_MAX		(CMD_SYSINFO_SETS * 16 - 2)
#define CMD_MCI_MAX		64	/* DCMI MC identifier, NUL included */
#define CMD_SER_PARAMS		19	/* serial/modem parameters 0-18 */

/*
 * Completion codes that are command specific (IPMI v2.0 tables in ch. 22-35).
 */
#define IPMI_CC_PARAM_UNSUPPORTED 0x80	/* Get/Set … Parameters */
#define IPMI_CC_SET_IN_PROGRESS	0x81
#define IPMI_CC_PARAM_READ_ONLY	0x82
#define IPMI_CC_WD_UNINITIALISED 0x80	/* Reset Watchdog Timer */
#define IPMI_CC_PW_TEST_FAILED	0x80	/* Set User Password, test */
#define IPMI_CC_PW_WRONG_SIZE	0x81

typedef void	cmd_handler(struct ipmid *, struct ipmi_call *);
/*
 * Called with an "ok":true reply; "ok":false and no reply are answered for the
 * handler.
 */
typedef void	cmd_pd_done(struct ipmid *, struct ipmi_call *, const cJSON *);
/* internal requests: reply is NULL when powerd did not answer */
typedef void	cmd_pd_cb(struct ipmid *, void *arg, const cJSON *reply);

struct cmd_entry {
	uint8_t		 netfn;
	uint8_t		 cmd;
	uint8_t		 priv;
	cmd_handler	*fn;
};

struct cmd_pending;

/*
 * Chassis Control actions powerd refused as "busy" (another transition
 * under way): accepted, then retried in order until powerd takes them.
 */
#define CMD_DEFER_MAX		8
#define CMD_DEFER_S		10.0	/* give up on an action after this */
#define CMD_DEFER_RETRY_S	0.25
struct cmd_defer {
	ev_timer	 timer;
	uint8_t		 act[CMD_DEFER_MAX];	/* Chassis Control codes */
	int		 n;
	int		 inflight;
	ev_tstamp	 deadline;
};

struct cmd_wdog {
	ev_timer	 timer;
	int		 inited;	/* Set Watchdog Timer was called */
	int		 running;
	uint8_t		 use;		/* byte 1 of Set, bit 6 is "running" */
	uint8_t		 action;
	uint8_t		 pretimeout;
	uint8_t		 expflags;		/* timer use expiration flags */
	uint16_t	 initial;		/* 100 ms units */
	ev_tstamp	 deadline;
};

struct cmd_lan {
	uint8_t		 inprog;
	uint8_t		 ip[4];
	uint8_t		 mask[4];
	uint8_t		 gw[4];
	uint8_t		 gwmac[6];
	uint8_t		 mac[6];
	int		 have_mac;		/* from config or inventory */
	uint8_t		 ipsrc;
	uint16_t	 vlan;
	uint8_t		 community[18];
};

struct cmd_state {
	struct ipmid		*ipmid;
	struct cmd_pending	*pending; /* powerd round trips in flight */

	/* app */
	struct cmd_wdog		 wd;
	uint8_t			 global_enables;
	/* [0] non-volatile, [1] volatile */
	uint8_t			 chan_access[2];
	uint8_t			 chan_privlim[2];
	/* the serial/modem channel's, and its per-user limits (0: none set) */
	uint8_t			 ser_access[2];
	uint8_t			 ser_privlim[2];
	uint8_t			 ser_user[IPMID_USERS_MAX + 1];
	/* Channel Security Keys K_R (K_G is ipmid->conf.kg) */
	uint8_t			 kr[20];
	/* DCMI Management Controller Identifier String, NUL included */
	char			 mci[CMD_MCI_MAX];
	/* standard payloads taken away per user (Set User Payload Access) */
	uint8_t			 payload_off[IPMID_USERS_MAX + 1];
	uint8_t			 sysinfo_inprog;
	/* params 1-4 */
	uint8_t			 sysinfo[CMD_SYSINFO_N][CMD_SYSINFO_MAX];
	uint8_t			 sysinfo_len[CMD_SYSINFO_N];
	uint8_t			 sysinfo_enc[CMD_SYSINFO_N];
	/* written over IPMI */
	int			 sysinfo_set[CMD_SYSINFO_N];

	/* chassis */
	struct cmd_defer	 defer;
	/* boot option parameters that live here, not in powerd */
	uint8_t			 boot_inprog;
	uint8_t			 boot_clear;	/* param 3 */
	uint8_t			 boot_ack[2];	/* param 4 */

	/* storage */
	uint16_t		 sel_rsv;
	uint16_t		 sdr_rsv;	/* the last one issued */
	uint16_t		 sdr_rsv_base;	/* the last before a change */
	cJSON			*sel;		/* cached "entries" array */
	ev_tstamp		 sel_at;
	/* CMD_SDR_RECS each, on the first SDR read (-M: thousands idle) */
	uint8_t			(*sdr)[SDR_REC_MAX];
	uint8_t			 sdr_len[CMD_SDR_RECS];
	int			 sdr_n;
	ev_tstamp		 sdr_at;
	uint32_t		 sdr_added;	/* epoch of the last change */
	/* thresholds merged over time */
	struct sdr_sensor	*known;
	int			 nknown;
	uint8_t			 fru[CMD_FRU_MAX];
	size_t			 fru_len;
	ev_tstamp		 fru_at;

	/* transport */
	struct cmd_lan		 lan;
	uint8_t			 ser[CMD_SER_PARAMS][2];	/* serial/modem */
	struct solparam		 sol;

	/* dcmi power statistics since start */
	double			 pw_min, pw_max, pw_sum;
	unsigned long		 pw_n;
	ev_tstamp		 pw_since;
};

/* cmd.c */
cJSON	*cmd_req(struct ipmid *, const char *op, const char *action);
void	 cmd_pd(struct ipmid *, struct ipmi_call *, cJSON *req, cmd_pd_done *);
void	 cmd_pd_any(struct ipmid *, struct ipmi_call *, cJSON *req,
	    cmd_pd_done *);
int	 cmd_pd_raw(struct ipmid *, cJSON *req, cmd_pd_cb *, void *arg);
uint8_t	 cmd_pd_cc(const cJSON *reply);
/*
 * Resolve a channel byte (bits 3:0; 0x0E = this one) to our LAN channel; -1 if
 * not ours.
 */
int	 cmd_channel(uint8_t);
/* The same for commands about any channel: the LAN or the serial one. */
int	 cmd_channel_any(uint8_t);
void	 cmd_reply_u8(struct ipmid *, struct ipmi_call *, uint8_t);

/* the per-file command tables, NULL-terminated (fn == NULL) */
extern const struct cmd_entry	cmd_app_tab[];
extern const struct cmd_entry	cmd_chassis_tab[];
extern const struct cmd_entry	cmd_storage_tab[];
extern const struct cmd_entry	cmd_sensor_tab[];
extern const struct cmd_entry	cmd_transport_tab[];
extern const struct cmd_entry	cmd_dcmi_tab[];

/* per-file init/teardown/event hooks */
void	cmd_app_init(struct ipmid *);
void	cmd_app_fini(struct ipmid *);
void	cmd_storage_event(struct ipmid *, const char *ev);
void	cmd_storage_fini(struct ipmid *);
void	cmd_transport_init(struct ipmid *);
void	cmd_chassis_init(struct ipmid *);
void	cmd_chassis_fini(struct ipmid *);
/* cmd_storage.c: merge a "sensors" reply into known[] and rebuild the SDRs */
void	cmd_sdr_update(struct ipmid *, const cJSON *reply);
const struct sdr_sensor *cmd_sdr_known(const struct ipmid *, uint8_t num);
/*
 * 1 (and its sensor type) if num is one of our discrete (compact SDR) sensors
 */
int	cmd_sdr_discrete(uint8_t num, uint8_t *stype);

/*
 * cmd_chassis.c: boot flags (IPMI v2.0 table 28-14, param 5) <-> powerd boot
 * object; pure
 */
struct boot_flags {
	char	target[16];		/* powerd boot target */
	char	enabled[16];		/* disabled | once | continuous */
	char	mode[8];		/* uefi | legacy */
};
void	cmd_boot_encode(const struct boot_flags *, uint8_t out[5]);
int	cmd_boot_decode(const uint8_t in[5], struct boot_flags *);

#endif
