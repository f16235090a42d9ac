/* lab.h: the lab file (bmcsim.conf(5)): servers, backends, accounts, inventory. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_LAB_H
#define PD_LAB_H

#include <stddef.h>

/* server id: [A-Za-z0-9._-], used in file names */
#define LAB_ID_MAX		63
#define LAB_STR_MAX		63	/* inventory strings */
#define LAB_PATH_MAX		1023
#define LAB_SUN_MAX		107	/* sizeof(sun_path) - 1 */
#define LAB_MACS_MAX		8
#define LAB_ACCT_NAME_MAX	16	/* IPMI user name */
#define LAB_ACCT_PASS_MAX	20	/* IPMI 2.0 password */
/* IPMI user ids 2..15 (1 is anonymous) */
#define LAB_ACCT_MIN_ID		2
#define LAB_ACCT_MAX_ID		15
#define LAB_ALLOW_MAX		16
#define LAB_SEL_MAX		1024
#define LAB_LOCKOUT_MAX		86400	/* lockout durations, s */
#define LAB_BIOS_MAX		16	/* bios ATTR VALUE lines a server */
#define LAB_BIOS_LEN		127	/* "ATTR=VALUE" */

enum lab_backend { LAB_BE_SIM, LAB_BE_DOCKER, LAB_BE_EXEC };
enum lab_role {
	LAB_ROLE_ADMIN, LAB_ROLE_OPERATOR, LAB_ROLE_READONLY,
	LAB_ROLE_CALLBACK, LAB_ROLE_NOACCESS
};
enum lab_policy { LAB_POL_OFF, LAB_POL_PREVIOUS, LAB_POL_ON };
/* sim-delay keys and exec-* actions share this order */
enum lab_act {
	LAB_ACT_ON, LAB_ACT_OFF, LAB_ACT_SOFT, LAB_ACT_RESET, LAB_ACT_CYCLE,
	LAB_ACT_NMI, LAB_ACT_STATUS, LAB_ACT_N
};
enum lab_delay {
	LAB_DLY_ON, LAB_DLY_OFF, LAB_DLY_SOFT, LAB_DLY_CYCLE, LAB_DLY_RESET,
	LAB_DLY_BOOT, LAB_DLY_N
};
enum lab_console { LAB_CON_NONE, LAB_CON_UNIX, LAB_CON_PTY };
/* docker-tls-ca, docker-tls-cert, docker-tls-key */
enum lab_tls { LAB_TLS_CA, LAB_TLS_CERT, LAB_TLS_KEY, LAB_TLS_N };

struct lab_acct {
	char	 name[LAB_ACCT_NAME_MAX + 1];
	char	 password[LAB_ACCT_PASS_MAX + 1];
	/* password-file PATH, read by the glue */
	char	*pwfile;
	int	 role;			/* enum lab_role */
	int	 id;			/* 0: next free */
	int	 enabled;
	int	 lineno;
};

struct lab_server {
	char		 id[LAB_ID_MAX + 1];
	char		 name[LAB_STR_MAX + 1];
	int		 backend;		/* enum lab_backend */
	char		 uuid[37];
	char		 serial[LAB_STR_MAX + 1];
	char		 model[LAB_STR_MAX + 1];
	char		 manufacturer[LAB_STR_MAX + 1];
	char		 part[LAB_STR_MAX + 1];
	char		 macs[LAB_MACS_MAX][18];
	int		 nmacs;
	char		 bmc_mac[18];
	int		 cpus;
	int		 cpu_cores;
	char		 cpu_model[LAB_STR_MAX + 1];
	long long	 memory_mib;
	/* the hardware model (hw.h): 0 or -1 where the profile decides */
	int		 profile;		/* enum hw_profile */
	int		 cpu_arch;		/* -1, 0 x86_64, 1 aarch64 */
	int		 dimms;
	long long	 dimm_mib;
	int		 disks;
	long long	 disk_gib;
	int		 disk_media;		/* -1, 0 hdd, 1 ssd */
	int		 nics;
	char		 bios[LAB_BIOS_MAX][LAB_BIOS_LEN + 1];
	int		 nbios;
	int		 policy;		/* enum lab_policy */
	struct lab_acct	*accts;			/* per-server extras */
	int		 nacct;
	long long	 delay_ms[LAB_DLY_N];
	char		 container[LAB_STR_MAX + 1];
	int		 stop_timeout;		/* docker stop?t= */
	char		 nmi_signal[16];
	char		*exec[LAB_ACT_N];
	long long	 exec_poll_ms;
	long long	 exec_timeout_ms;
	/* docker-socket and docker-tls-ca/-cert/-key; NULL: the global */
	char		*docker_socket;
	char		*docker_tls[LAB_TLS_N];
	int		 console;		/* enum lab_console */
	char		 console_path[LAB_SUN_MAX + 1];
	/* boot-facts DIR: its own, else the global; "" none */
	char		 boot_facts[LAB_PATH_MAX + 1];
	int		 lineno;
};

struct lab {
	char			 state_dir[LAB_PATH_MAX + 1];
	char			 socket[LAB_SUN_MAX + 1];
	char			 docker_socket[LAB_SUN_MAX + 1];
	char			*docker_tls[LAB_TLS_N];
	/* docker-remote yes: tcp engines off 127.0.0.0/8 allowed */
	int			 docker_remote;
	/* boot-facts DIR: DIR/<server>.env before each docker start */
	char			 boot_facts[LAB_PATH_MAX + 1];
	/* uid or user name */
	char			 allow[LAB_ALLOW_MAX][33];
	int			 nallow;
	int			 sel_max;
	int			 nofsync;	/* state-fsync no */
	/* account lockout: failures, seconds locked, seconds counted */
	int			 lockout_threshold;
	int			 lockout_duration;
	int			 lockout_reset;
	struct lab_acct		*accts;
	int			 nacct;
	struct lab_server	*servers;
	size_t			 nservers;
};

/*
 * Parse a lab file held in buf (pure).  0, or -1 with "line N: message"
 * ... in err as "LINE: message" (*lineno set, 0 when the problem is not
 * on one line).  On failure lab holds nothing (lab_free done).
 */
int		 lab_parse(const char *buf, size_t len, struct lab *,
		    int *lineno, char *err, size_t errlen);
void		 lab_free(struct lab *);
const struct lab_server *lab_find(const struct lab *, const char *id);
/* ids 2..15 in the order the accounts were given (global, then extras) */
int		 lab_accounts(const struct lab *, const struct lab_server *,
		    struct lab_acct *out /* [LAB_ACCT_MAX_ID + 1] by id */);

/*
 * An Engine address: /path or unix:///path (at most LAB_SUN_MAX bytes of
 * path), or tcp://HOST:PORT where HOST is an IPv4 address in 127.0.0.0/8
 * or [::1] unless remote is set (then any host name or address).  0, or
 * -1 with err.
 */
int		 lab_docker_addr(const char *addr, int remote, char *err,
		    size_t errlen);
/* 1 for a tcp:// address */
int		 lab_docker_tcp(const char *addr);

const char	*lab_role_str(int);
int		 lab_role_parse(const char *);
const char	*lab_policy_str(int);
int		 lab_policy_parse(const char *);
const char	*lab_backend_str(int);
int		 lab_valid_id(const char *);
/* Deterministic inventory from a server id (FNV-1a). */
void		 lab_derive_uuid(const char *id, char out[37]);
void		 lab_derive_mac(const char *id, int bmc, int idx, char out[18]);

#endif
