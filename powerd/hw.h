/* hw.h: a server's hardware model (processors, memory, NICs, storage, BIOS, boot options, firmware); pure. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_HW_H
#define PD_HW_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "lab.h"

#define HW_CPU_MAX	8
#define HW_DIMM_MAX	64
#define HW_NIC_MAX	4
#define HW_PORTS	2		/* ports per NIC adapter */
#define HW_DISK_MAX	24
#define HW_VOL_MAX	16
#define HW_PSUS		2
#define HW_FAN_MAX	6
#define HW_ATTR_N	13		/* the BIOS attribute registry */
#define HW_VAL_MAX	255		/* a BIOS string value */
#define HW_NAME_MAX	31		/* volume names, passwords … */
/* boot options: PXE and HTTP per NIC, the virtual CD, one per volume */
#define HW_BOOT_MAX	(2 * HW_NIC_MAX + 1 + HW_VOL_MAX)
#define HW_FW_MAX	(3 + HW_NIC_MAX + HW_DISK_MAX)
#define HW_BOOTTEXT_MAX	1023

enum hw_profile { HW_X86_1U, HW_ARM_1U, HW_STORAGE_2U, HW_PROFILE_N };
enum hw_atype { HW_AT_ENUM, HW_AT_BOOL, HW_AT_INT, HW_AT_STR };
enum hw_raid { HW_RAID0, HW_RAID1, HW_RAID5, HW_RAID10, HW_RAID_N };
enum hw_vop { HW_VOP_CREATE, HW_VOP_DELETE };
enum hw_sbmode { HW_SB_SETUP, HW_SB_USER, HW_SB_DEPLOYED };
enum hw_sbkeys { HW_SB_PK, HW_SB_KEK, HW_SB_DB, HW_SB_DBX, HW_SB_N };

/* one entry of the BIOS attribute registry (static) */
struct hw_attr_def {
	const char	*name;
	const char	*display;
	int		 type;		/* enum hw_atype */
	const char	*values[4];	/* enumerations */
	long long	 min, max;	/* integers; strings: max length */
	int		 read_only;
	const char	*def;		/* the default, canonical text */
};

struct hw_vol {
	int		 num;		/* VolumeN */
	int		 op;		/* pending: enum hw_vop */
	char		 name[HW_NAME_MAX + 1];
	int		 raid;		/* enum hw_raid */
	uint32_t	 drives;	/* bit i: DiskI */
	uint64_t	 capacity;
};

struct hw_fw {
	char		 id[16];
	char		 name[32];
	char		 version[HW_NAME_MAX + 1];
	char		 pending[HW_NAME_MAX + 1];	/* "" none */
};

struct hw {
	/* fixed by the lab file (derived again at each start) */
	int		 profile;
	char		 serial[LAB_STR_MAX + 1];
	int		 ncpu;
	char		 cpu_model[LAB_STR_MAX + 1];
	char		 cpu_vendor[32];
	int		 cpu_arm;
	int		 cores, speed_mhz, max_speed_mhz;
	int		 ndimm;
	long long	 dimm_mib[HW_DIMM_MAX];
	int		 nnic;
	char		 mac[HW_NIC_MAX][HW_PORTS][18];
	int		 ndisk;
	int		 disk_ssd[HW_DISK_MAX];
	uint64_t	 disk_bytes[HW_DISK_MAX];
	int		 nfan;
	/* defaults */
	char		 def[HW_ATTR_N][HW_VAL_MAX + 1];
	uint32_t	 h;		/* hash of the server id */
	/* mutable, persisted (hw_state_json) */
	char		 cur[HW_ATTR_N][HW_VAL_MAX + 1];
	char		 pend[HW_ATTR_N][HW_VAL_MAX + 1];
	uint32_t	 pend_set;	/* bit i: pend[i] holds a value */
	int		 reset_pending;
	char		 admin_pw[HW_NAME_MAX + 1];
	char		 system_pw[HW_NAME_MAX + 1];
	struct hw_vol	 vol[HW_VOL_MAX];
	int		 nvol;
	struct hw_vol	 pvol[HW_VOL_MAX];
	int		 npvol;
	int		 order[HW_BOOT_MAX];	/* boot option numbers */
	int		 norder;
	int		 sb_enabled;
	int		 sb_mode;		/* enum hw_sbmode */
	int		 sb_pending;		/* -1 none, 0, 1 */
	int		 sb_keys[HW_SB_N];
	struct hw_fw	 fw[HW_FW_MAX];
	int		 nfw;
	char		 http_uri[HW_VAL_MAX + 1];
	/* what the last reset applied and the lines it printed (not
	 * persisted) */
	char		 applied[HW_BOOTTEXT_MAX + 1];
	char		 boot_text[HW_BOOTTEXT_MAX + 1];
};

/* a boot option (derived from NICs, volumes and the virtual CD) */
struct hw_bootopt {
	int		 num;		/* BootNNNN (hex) */
	const char	*target;	/* pxe, http, hdd, cd */
	char		 name[64];
	char		 device[24];
	char		 path[160];
};

extern const struct hw_attr_def hw_attrs[HW_ATTR_N];

/* lab.c: the profile's values for the keys a server left out. */
void		 hw_lab_defaults(struct lab_server *);
/* Defaults for a server of the lab file (ids, MACs, serials derived). */
void		 hw_init(struct hw *, const struct lab_server *);
const char	*hw_profile_str(int);
int		 hw_profile_parse(const char *);
const char	*hw_raid_str(int);
int		 hw_raid_parse(const char *);
long long	 hw_memory_mib(const struct hw *);
const char	*hw_fw_version(const struct hw *, const char *id);

/* The whole model as doc/protocol.md's inventory.hw. */
cJSON		*hw_json(const struct hw *);
/* The mutable part for the state file; decode leaves hw_init's defaults
 * for what is absent.  0 or -1 with err set. */
cJSON		*hw_state_json(const struct hw *);
int		 hw_state_decode(struct hw *, const cJSON *, char *err,
		    size_t errlen);

/*
 * Validators (pure).  Each returns 0, or -1 with *tok an error token
 * (bad-request, not-found, denied) and msg naming the culprit.
 */
int		 hw_attr_find(const char *name);
/* one value against the registry; canonical text into out */
int		 hw_attr_check(int attr, const cJSON *v, char *out,
		    size_t outlen, const char **tok, char *msg, size_t msglen);
/* the same for a value given as text (the lab file, the state file) */
int		 hw_attr_text(int attr, const char *text, char *out,
		    size_t outlen, const char **tok, char *msg, size_t msglen);
/* all-or-nothing merge of {"K":V,...} into pending */
int		 hw_bios_set(struct hw *, const cJSON *attrs, char *what,
		    size_t whatlen, const char **tok, char *msg, size_t msglen);
/* drive count rule of a RAID level */
int		 hw_raid_fits(int raid, int ndrives);
int		 hw_volume_create(struct hw *, const char *storage,
		    const char *raid, const cJSON *drives, const char *name,
		    int now, int *num, const char **tok, char *msg,
		    size_t msglen);
int		 hw_volume_delete(struct hw *, const char *storage,
		    const char *volume, int now, const char **tok, char *msg,
		    size_t msglen);
/* order must be a permutation of the boot option ids */
int		 hw_boot_order(struct hw *, const cJSON *order,
		    const char **tok, char *msg, size_t msglen);
void		 hw_boot_order_default(struct hw *);
int		 hw_firmware_stage(struct hw *, const char *component,
		    const char *version, const char **tok, char *msg,
		    size_t msglen);
int		 hw_secure_boot_reset(struct hw *, const char *keys,
		    const char **tok, char *msg, size_t msglen);
int		 hw_bios_password(struct hw *, const char *name,
		    const char *old, const char *new, const char **tok,
		    char *msg, size_t msglen);

/* What the next boot starts: an override's target (state.h names) or the
 * first boot option's (pxe, http, hdd, cd). */
const char	*hw_next_boot(const struct hw *, int override);
/* Boot options in id order; returns how many. */
int		 hw_boot_options(const struct hw *, struct hw_bootopt *out);

/*
 * At a power-on or reset: apply pending BIOS settings (or defaults),
 * pending volumes, staged firmware and secure boot.  Calls note(arg, msg)
 * once per change (the caller logs it and adds a SEL entry).  Fills
 * boot_text with the firmware's boot lines for boot target override
 * (enum pd_boot_target, 0 none), image and uri as the boot device.
 */
void		 hw_apply(struct hw *, void (*note)(void *, const char *),
		    void *arg);
void		 hw_boot_text(struct hw *, int override, const char *image,
		    const char *uefi_target);

#endif
