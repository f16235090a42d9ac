/* state.h: one server's persistent model (power, boot, SEL, accounts …) and its JSON file; pure. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_STATE_H
#define PD_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "lab.h"
#include "sel.h"
#include "hw.h"

#define STATE_VERSION		1
#define STATE_FILE_MAX		(4 * 1024 * 1024)
#define STATE_IMAGE_MAX		511
#define STATE_UEFI_MAX		255

enum pd_power {
	PD_PWR_OFF, PD_PWR_ON, PD_PWR_POWERING_ON, PD_PWR_POWERING_OFF,
	PD_PWR_UNKNOWN
};
enum pd_boot_target {
	PD_BOOT_NONE, PD_BOOT_PXE, PD_BOOT_HDD, PD_BOOT_CD, PD_BOOT_USB,
	PD_BOOT_FLOPPY, PD_BOOT_BIOS, PD_BOOT_DIAGS, PD_BOOT_UEFI_SHELL,
	PD_BOOT_UEFI_TARGET, PD_BOOT_UEFI_HTTP, PD_BOOT_N
};
enum pd_boot_enabled { PD_BOOTEN_DISABLED, PD_BOOTEN_ONCE, PD_BOOTEN_CONT };
enum pd_boot_mode { PD_BOOTMODE_UEFI, PD_BOOTMODE_LEGACY };
enum pd_cause {
	PD_CAUSE_UNKNOWN, PD_CAUSE_CHASSIS, PD_CAUSE_RESET_BUTTON,
	PD_CAUSE_POWER_BUTTON, PD_CAUSE_WATCHDOG, PD_CAUSE_OEM,
	PD_CAUSE_ALWAYS_ON, PD_CAUSE_PREVIOUS, PD_CAUSE_SOFT_RESET,
	PD_CAUSE_OS, PD_CAUSE_N
};
enum pd_plexc { PD_PLEXC_NONE, PD_PLEXC_OFF, PD_PLEXC_LOG };

struct pd_boot {
	int	target;
	int	enabled;
	int	mode;
	char	uefi_target[STATE_UEFI_MAX + 1];
};

struct pd_media {
	int	inserted;
	int	write_protected;
	char	image[STATE_IMAGE_MAX + 1];
};

struct pd_plimit {
	int	active;
	int	limit_w;
	int	correction_ms;
	int	sampling_s;
	int	exception;
};

/* account lockout (DMTF AccountService): 0 failures = never locks */
struct pd_lockout {
	int	threshold;	/* failed logins that lock, 0: off */
	int	duration;	/* s locked, 0: until unlocked */
	int	reset_after;	/* s over which failures count */
};

struct pd_acct {
	char	name[LAB_ACCT_NAME_MAX + 1];	/* "" = free slot */
	char	password[LAB_ACCT_PASS_MAX + 1];
	int	role;
	int	enabled;
};

struct pd_state {
	/* PD_PWR_ON or _OFF (last settled) */
	int			power;
	int			policy;
	struct pd_boot		boot;
	int64_t			last_reset;
	int			restart_cause;
	/* powered-on time before on_since */
	int64_t			poh_ms;
	struct pd_media		media;
	struct pd_plimit	plimit;
	struct pd_acct		acct[LAB_ACCT_MAX_ID + 1];	/* by IPMI id */
	struct pd_lockout	lockout;
	struct sel		sel;
	struct hw		hw;		/* the hardware model */
};

/* Fresh state from the lab (accounts seeded, policy, boot none). */
void		 state_init(struct pd_state *, const struct lab *,
		    const struct lab_server *, const struct lab_acct *slots);
void		 state_free(struct pd_state *);
/*
 * malloc'd JSON text (newline-terminated) or NULL.  with_entries 0: the
 * SEL entries are left out (powerd keeps them in a log of their own).
 */
char		*state_encode(const struct pd_state *, const char *server,
		    int with_entries, size_t *len);
/* One SEL entry as a line of its log ("[id,time,hex,sev,origin,msg]\n"). */
char		*state_sel_line(const struct sel_entry *, size_t *len);
/* Parse one such line (without its newline); 0 or BMC_EPROTO. */
int		 state_sel_parse_line(const char *, size_t, struct sel_entry *);
/*
 * Decode a state file into st, which state_init prepared (sel max set);
 * 0 or BMC_E* with a reason in err.  Strict: every field checked.
 */
int		 state_decode(const char *buf, size_t len, struct pd_state *,
		    char *err, size_t errlen);

const char	*pd_power_str(int);
const char	*pd_boot_target_str(int);
int		 pd_boot_target_parse(const char *);
const char	*pd_boot_enabled_str(int);
int		 pd_boot_enabled_parse(const char *);
const char	*pd_boot_mode_str(int);
int		 pd_boot_mode_parse(const char *);
const char	*pd_cause_str(int);
int		 pd_cause_parse(const char *);
const char	*pd_plexc_str(int);
int		 pd_plexc_parse(const char *);

/* Accounts (ids 2..15); each returns 0 or BMC_E* and a reason token in *why. */
int		 acct_find(const struct pd_state *, const char *name);
int		 acct_admins(const struct pd_state *, int except_id);
int		 acct_add(struct pd_state *, int id, const char *name,
		    const char *pw, int role, int enabled, const char **why);
int		 acct_set(struct pd_state *, int id, const char *name,
		    const char *pw, int role, int enabled, const char **why);
int		 acct_delete(struct pd_state *, int id, const char **why);

#endif
