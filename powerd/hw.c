/* hw.c: a server's hardware model: profiles, BIOS registry, volumes, boot options, firmware, its JSON; pure. */
/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "powerd.h"
#include "hw.h"

static const char *profiles[] = { "x86-1u", "arm-1u", "storage-2u" };
static const char *raids[] = { "RAID0", "RAID1", "RAID5", "RAID10" };
static const char *sbmodes[] = { "SetupMode", "UserMode", "DeployedMode" };
static const char *sbdbs[] = { "PK", "KEK", "db", "dbx" };
static const int sbdefault[HW_SB_N] = { 1, 1, 3, 1 };
static const char *atypes[] = { "Enumeration", "Boolean", "Integer",
	"String" };

#define EN_DIS	{ "Enabled", "Disabled", NULL }
enum {
	A_BOOTMODE, A_VIRT, A_HT, A_TURBO, A_SRIOV, A_SYSPROFILE, A_NIC1,
	A_PXE1, A_HTTPURI, A_NUMLOCK, A_PODELAY, A_ASSET, A_SERIAL
};
const struct hw_attr_def hw_attrs[HW_ATTR_N] = {
	{ "BootMode", "Boot Mode", HW_AT_ENUM, { "Uefi", "Bios", NULL },
	  0, 0, 0, "Uefi" },
	{ "ProcVirtualization", "Virtualization Technology", HW_AT_ENUM,
	  EN_DIS, 0, 0, 0, "Enabled" },
	{ "ProcHyperThreading", "Logical Processor (Hyper-Threading)",
	  HW_AT_ENUM, EN_DIS, 0, 0, 0, "Enabled" },
	{ "ProcTurboMode", "Turbo Mode", HW_AT_ENUM, EN_DIS, 0, 0, 0,
	  "Enabled" },
	{ "SriovGlobalEnable", "SR-IOV Global Enable", HW_AT_ENUM, EN_DIS,
	  0, 0, 0, "Disabled" },
	{ "SysProfile", "System Profile", HW_AT_ENUM, { "PerfPerWattOptimized",
	  "PerfOptimized", "Custom", NULL }, 0, 0, 0, "PerfPerWattOptimized" },
	{ "EmbeddedNic1", "Embedded NIC 1", HW_AT_ENUM, EN_DIS, 0, 0, 0,
	  "Enabled" },
	{ "PxeDev1EnDis", "PXE Device 1", HW_AT_ENUM, EN_DIS, 0, 0, 0,
	  "Enabled" },
	{ "HttpDev1Uri", "HTTP Device 1 URI", HW_AT_STR, { NULL }, 0,
	  HW_VAL_MAX, 0, "" },
	{ "NumLock", "NumLock at Boot", HW_AT_BOOL, { NULL }, 0, 0, 0,
	  "true" },
	{ "PowerOnDelay", "Power-On Delay (s)", HW_AT_INT, { NULL }, 0, 300,
	  0, "0" },
	{ "AssetTag", "Asset Tag", HW_AT_STR, { NULL }, 0, 32, 0, "" },
	{ "SerialNumber", "System Serial Number", HW_AT_STR, { NULL }, 0, 32,
	  1, "" },
};

struct profile {
	int		 cpus, cores, threads, speed, max_speed, arm;
	const char	*cpu_model, *cpu_vendor;
	int		 dimms;
	long long	 dimm_mib;
	int		 disks;		/* data disks */
	long long	 disk_gib;
	int		 disk_ssd;
	int		 boot_ssds;	/* SSDs before (storage-2u) */
	int		 fans, psu_w;
};

static const struct profile prof[HW_PROFILE_N] = {
	[HW_X86_1U] = { 2, 12, 24, 2100, 3300, 0,
	    "Intel(R) Xeon(R) Silver 4310 CPU @ 2.10GHz",
	    "Intel(R) Corporation", 8, 16384, 2, 960, 1, 0, 4, 800 },
	[HW_ARM_1U] = { 1, 80, 80, 3000, 3000, 1, "Ampere(R) Altra(R) Q80-30",
	    "Ampere(R) Computing", 8, 32768, 2, 960, 1, 0, 4, 800 },
	[HW_STORAGE_2U] = { 2, 28, 56, 2000, 3100, 0,
	    "Intel(R) Xeon(R) Gold 6330 CPU @ 2.00GHz",
	    "Intel(R) Corporation", 16, 16384, 12, 8000, 0, 2, 6, 1100 },
};

#define STR(tab, v)	((v) >= 0 && (size_t)(v) < nitems(tab) ? tab[v] : \
			    "?")

static int
lookup(const char **tab, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(s, tab[i]) == 0)
			return (int)i;
	return -1;
}

const char *hw_profile_str(int v) { return STR(profiles, v); }
int hw_profile_parse(const char *s) { return lookup(profiles,
    nitems(profiles), s); }
const char *hw_raid_str(int v) { return STR(raids, v); }
int hw_raid_parse(const char *s) { return lookup(raids, nitems(raids), s); }

static uint32_t
hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static int __attribute__((format(printf, 5, 6)))
bad(const char **tok, const char *t, char *msg, size_t msglen,
    const char *fmt, ...)
{
	va_list	ap;

	*tok = t;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return -1;
}

void
hw_lab_defaults(struct lab_server *s)
{
	const struct profile	*p = &prof[s->profile];
	int			 arm;

	arm = s->cpu_arch == -1 ? p->arm : s->cpu_arch;

	if (s->cpus == 0)
		s->cpus = arm ? 1 : p->cpus;
	if (s->cpu_cores == 0)
		s->cpu_cores = arm && !p->arm ? 80 : p->cores;
	if (s->cpu_model[0] == '\0')
		strlcpy(s->cpu_model, arm ? prof[HW_ARM_1U].cpu_model :
		    p->cpu_model, sizeof(s->cpu_model));
	if (s->dimms == 0)
		s->dimms = p->dimms;
	if (s->memory_mib != 0 && s->dimms > s->memory_mib)
		s->dimms = (int)s->memory_mib;
	if (s->dimm_mib == 0)
		s->dimm_mib = s->memory_mib != 0 ? s->memory_mib / s->dimms :
		    p->dimm_mib;
	if (s->memory_mib == 0)
		s->memory_mib = s->dimm_mib * s->dimms;
	if (s->disks == 0)
		s->disks = p->disks;
	if (s->nics == 0)
		s->nics = 1;
}

static void
macfmt(const struct lab_server *c, int nic, int port, char out[18])
{
	unsigned int	b[6], i;

	if (nic == 0 && port == 0) {
		strlcpy(out, c->macs[0], 18);
		return;
	}
	if (nic * HW_PORTS + port < c->nmacs) {
		strlcpy(out, c->macs[nic * HW_PORTS + port], 18);
		return;
	}
	/*
	 * The other ports differ from the first in the fourth octet (bit 7
	 * set, the port's index below it), not by adding to the last ones:
	 * labs number their servers' first MACs sequentially, so the next
	 * address is often the next server's.
	 */
	if (sscanf(c->macs[0], "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2],
	    &b[3], &b[4], &b[5]) != 6) {
		lab_derive_mac(c->id, 0, nic * HW_PORTS + port, out);
		return;
	}
	i = (unsigned)(nic * HW_PORTS + port);
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2],
	    (b[3] ^ (0x80 | i)) & 0xff, b[4], b[5]);
}

static void
fw_add(struct hw *h, const char *id, const char *name, const char *ver)
{
	struct hw_fw	*f;

	if (h->nfw >= HW_FW_MAX)
		return;
	f = &h->fw[h->nfw++];
	strlcpy(f->id, id, sizeof(f->id));
	strlcpy(f->name, name, sizeof(f->name));
	strlcpy(f->version, ver, sizeof(f->version));
	f->pending[0] = '\0';
}

static uint64_t
vol_capacity(const struct hw *h, int raid, uint32_t drives)
{
	uint64_t	min = 0;
	int		i, n = 0;

	for (i = 0; i < h->ndisk; i++)
		if (drives & (1u << i)) {
			if (n == 0 || h->disk_bytes[i] < min)
				min = h->disk_bytes[i];
			n++;
		}
	switch (raid) {
	case HW_RAID0:
		return min * (uint64_t)n;
	case HW_RAID1:
		return min;
	case HW_RAID5:
		return min * (uint64_t)(n - 1);
	default:
		return min * (uint64_t)(n / 2);
	}
}

void
hw_init(struct hw *h, const struct lab_server *c)
{
	const struct profile	*p;
	char			 id[16], name[32];
	int			 i, j, a;
	long long		 left;

	memset(h, 0, sizeof(*h));
	h->profile = c->profile >= 0 && c->profile < HW_PROFILE_N ?
	    c->profile : HW_X86_1U;
	p = &prof[h->profile];
	h->h = hash(c->id);
	strlcpy(h->serial, c->serial, sizeof(h->serial));
	h->cpu_arm = c->cpu_arch == -1 ? p->arm : c->cpu_arch == 1;
	h->ncpu = c->cpus > 0 && c->cpus <= HW_CPU_MAX ? c->cpus : p->cpus;
	strlcpy(h->cpu_model, c->cpu_model[0] != '\0' ? c->cpu_model :
	    p->cpu_model, sizeof(h->cpu_model));
	strlcpy(h->cpu_vendor, h->cpu_arm ? prof[HW_ARM_1U].cpu_vendor :
	    p->cpu_vendor, sizeof(h->cpu_vendor));
	h->cores = c->cpu_cores > 0 ? c->cpu_cores : p->cores;
	h->speed_mhz = h->cpu_arm ? 3000 : p->speed;
	h->max_speed_mhz = h->cpu_arm ? 3000 : p->max_speed;
	/* DIMMs: memory is their sum (the last takes the remainder) */
	h->ndimm = c->dimms > 0 ? c->dimms : p->dimms;
	if (h->ndimm > HW_DIMM_MAX)
		h->ndimm = HW_DIMM_MAX;
	left = c->memory_mib > 0 ? c->memory_mib : p->dimm_mib * h->ndimm;
	if (h->ndimm > left)
		h->ndimm = (int)left;
	for (i = 0; i < h->ndimm; i++) {
		h->dimm_mib[i] = i == h->ndimm - 1 ? left : c->memory_mib > 0 ?
		    c->memory_mib / h->ndimm : p->dimm_mib;
		left -= h->dimm_mib[i];
	}
	h->nnic = c->nics > 0 && c->nics <= HW_NIC_MAX ? c->nics : 1;
	for (i = 0; i < h->nnic; i++)
		for (j = 0; j < HW_PORTS; j++)
			macfmt(c, i, j, h->mac[i][j]);
	/* drives: storage-2u has 2 boot SSDs before its data disks */
	h->ndisk = 0;
	for (i = 0; i < p->boot_ssds && h->ndisk < HW_DISK_MAX; i++) {
		h->disk_ssd[h->ndisk] = 1;
		h->disk_bytes[h->ndisk++] = 480103981056ULL;
	}
	for (i = 0; i < (c->disks > 0 ? c->disks : p->disks) &&
	    h->ndisk < HW_DISK_MAX; i++) {
		h->disk_ssd[h->ndisk] = c->disk_media == -1 ? p->disk_ssd :
		    c->disk_media;
		h->disk_bytes[h->ndisk] = c->disk_gib > 0 ?
		    (uint64_t)c->disk_gib * 1000000000ULL :
		    h->disk_ssd[h->ndisk] ? 960197124096ULL :
		    h->disk_ssd[h->ndisk] == p->disk_ssd ?
		    (uint64_t)p->disk_gib * 1000000000ULL : 4000000000000ULL;
		h->ndisk++;
	}
	h->nfan = p->fans;
	/* BIOS */
	for (a = 0; a < HW_ATTR_N; a++)
		strlcpy(h->def[a], hw_attrs[a].def, sizeof(h->def[a]));
	strlcpy(h->def[A_SERIAL], c->serial, sizeof(h->def[A_SERIAL]));
	if (h->cpu_arm)
		strlcpy(h->def[A_HT], "Disabled", sizeof(h->def[A_HT]));
	for (i = 0; i < c->nbios; i++) {
		char	 k[LAB_BIOS_LEN + 1], *v;

		strlcpy(k, c->bios[i], sizeof(k));
		if ((v = strchr(k, '=')) == NULL)
			continue;
		*v++ = '\0';
		if ((a = hw_attr_find(k)) != -1)
			strlcpy(h->def[a], v, sizeof(h->def[a]));
	}
	memcpy(h->cur, h->def, sizeof(h->cur));
	/* one volume on the first two drives */
	if (h->ndisk >= 1) {
		h->vol[0].num = 0;
		strlcpy(h->vol[0].name, "VD0", sizeof(h->vol[0].name));
		h->vol[0].raid = h->ndisk >= 2 ? HW_RAID1 : HW_RAID0;
		h->vol[0].drives = h->ndisk >= 2 ? 3 : 1;
		h->vol[0].capacity = vol_capacity(h, h->vol[0].raid,
		    h->vol[0].drives);
		h->nvol = 1;
	}
	hw_boot_order_default(h);
	h->sb_mode = HW_SB_USER;
	h->sb_pending = -1;
	memcpy(h->sb_keys, sbdefault, sizeof(h->sb_keys));
	fw_add(h, "BIOS", "BIOS", "1.0.0");
	fw_add(h, "BMC", "BMC Firmware", PD_VERSION);
	fw_add(h, "RAID0", "RAID0 Firmware", "51.16.0");
	for (i = 0; i < h->nnic; i++) {
		snprintf(id, sizeof(id), "NIC%d", i);
		snprintf(name, sizeof(name), "NIC%d Firmware", i);
		fw_add(h, id, name, h->cpu_arm ? "26.36.1010" : "8.50");
	}
	for (i = 0; i < h->ndisk; i++) {
		snprintf(id, sizeof(id), "Disk%d", i);
		snprintf(name, sizeof(name), "Disk%d Firmware", i);
		fw_add(h, id, name, h->disk_ssd[i] ? "1.2.3" : "SN03");
	}
}

long long
hw_memory_mib(const struct hw *h)
{
	long long	t = 0;
	int		i;

	for (i = 0; i < h->ndimm; i++)
		t += h->dimm_mib[i];
	return t;
}

static struct hw_fw *
fw_find(const struct hw *h, const char *id)
{
	int	i;

	for (i = 0; i < h->nfw; i++)
		if (strcmp(h->fw[i].id, id) == 0)
			return (struct hw_fw *)(uintptr_t)&h->fw[i];
	return NULL;
}

const char *
hw_fw_version(const struct hw *h, const char *id)
{
	const struct hw_fw	*f = fw_find(h, id);

	return f != NULL ? f->version : "";
}

/* Boot options */

#define BOOT_CD		0x09
#define BOOT_VOL(n)	(0x10 + (n))

static void
mac_compact(const char *mac, char out[13])
{
	int	i, k = 0;

	for (i = 0; mac[i] != '\0' && k < 12; i++)
		if (mac[i] != ':')
			out[k++] = (char)toupper((unsigned char)mac[i]);
	out[k] = '\0';
}

int
hw_boot_options(const struct hw *h, struct hw_bootopt *o)
{
	char	m[13];
	int	i, n = 0;

	for (i = 0; i < h->nnic; i++) {
		mac_compact(h->mac[i][0], m);
		o[n].num = 1 + 2 * i;
		o[n].target = "pxe";
		snprintf(o[n].name, sizeof(o[n].name), "UEFI PXEv4 (MAC:%s)",
		    m);
		snprintf(o[n].device, sizeof(o[n].device), "NIC%d-P0", i);
		snprintf(o[n].path, sizeof(o[n].path), "PciRoot(0x0)/"
		    "Pci(0x1C,0x%x)/Pci(0x0,0x0)/MAC(%s,0x1)/IPv4(0.0.0.0)", i,
		    m);
		n++;
		o[n].num = 2 + 2 * i;
		o[n].target = "http";
		snprintf(o[n].name, sizeof(o[n].name), "UEFI HTTPv4 (MAC:%s)",
		    m);
		snprintf(o[n].device, sizeof(o[n].device), "NIC%d-P0", i);
		snprintf(o[n].path, sizeof(o[n].path), "PciRoot(0x0)/"
		    "Pci(0x1C,0x%x)/Pci(0x0,0x0)/MAC(%s,0x1)/IPv4(0.0.0.0)/"
		    "Uri()", i, m);
		n++;
	}
	o[n].num = BOOT_CD;
	o[n].target = "cd";
	strlcpy(o[n].name, "UEFI Virtual CD", sizeof(o[n].name));
	strlcpy(o[n].device, "Cd", sizeof(o[n].device));
	strlcpy(o[n].path, "PciRoot(0x0)/Pci(0x14,0x0)/USB(0x3,0x0)/"
	    "CDROM(0x0)", sizeof(o[n].path));
	n++;
	for (i = 0; i < h->nvol; i++) {
		o[n].num = BOOT_VOL(h->vol[i].num);
		o[n].target = "hdd";
		snprintf(o[n].name, sizeof(o[n].name), "UEFI Disk %s",
		    h->vol[i].name);
		snprintf(o[n].device, sizeof(o[n].device), "Volume%d",
		    h->vol[i].num);
		snprintf(o[n].path, sizeof(o[n].path), "PciRoot(0x0)/"
		    "Pci(0x3,0x0)/Pci(0x0,0x0)/Scsi(0x%x,0x0)", h->vol[i].num);
		n++;
	}
	return n;
}

const char *
hw_next_boot(const struct hw *h, int override)
{
	struct hw_bootopt	o[HW_BOOT_MAX];
	int			n, i;

	if (override != 0)
		return pd_boot_target_str(override);
	n = hw_boot_options(h, o);
	for (i = 0; h->norder > 0 && i < n; i++)
		if (o[i].num == h->order[0])
			return o[i].target;
	return "none";
}

/* the default order: volumes, then the NICs' PXE and HTTP, then the CD */
static int
default_order(const struct hw *h, int *out)
{
	struct hw_bootopt	o[HW_BOOT_MAX];
	int			i, n, k = 0, pass;

	n = hw_boot_options(h, o);
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < n; i++)
			if ((pass == 0 && strcmp(o[i].target, "hdd") == 0) ||
			    (pass == 1 && (strcmp(o[i].target, "pxe") == 0 ||
			    strcmp(o[i].target, "http") == 0)) ||
			    (pass == 2 && strcmp(o[i].target, "cd") == 0))
				out[k++] = o[i].num;
	return k;
}

void
hw_boot_order_default(struct hw *h)
{
	h->norder = default_order(h, h->order);
}

/* after volumes change: drop gone options, append new ones */
static void
boot_fix(struct hw *h)
{
	int	def[HW_BOOT_MAX], keep[HW_BOOT_MAX], ndef, nk = 0, i, j;
	int	found;

	ndef = default_order(h, def);
	for (i = 0; i < h->norder; i++) {
		for (j = 0, found = 0; j < ndef; j++)
			if (def[j] == h->order[i])
				found = 1;
		for (j = 0; j < nk; j++)
			if (keep[j] == h->order[i])
				found = 0;
		if (found)
			keep[nk++] = h->order[i];
	}
	for (j = 0; j < ndef; j++) {
		for (i = 0, found = 0; i < nk; i++)
			if (keep[i] == def[j])
				found = 1;
		if (!found)
			keep[nk++] = def[j];
	}
	memcpy(h->order, keep, sizeof(int) * (size_t)nk);
	h->norder = nk;
}

static int
boot_id_parse(const char *s)
{
	int	i;

	if (strncmp(s, "Boot", 4) != 0 || strlen(s) != 8)
		return -1;
	for (i = 4; i < 8; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	return (int)strtol(s + 4, NULL, 16);
}

int
hw_boot_order(struct hw *h, const cJSON *order, const char **tok, char *msg,
    size_t msglen)
{
	int		 def[HW_BOOT_MAX], got[HW_BOOT_MAX];
	int		 ndef, n = 0, i, j, num, found;
	const cJSON	*e;

	if (!cJSON_IsArray(order))
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "\"order\" must be an array of boot option ids");
	ndef = default_order(h, def);
	cJSON_ArrayForEach(e, order) {
		if (!cJSON_IsString(e) || (num = boot_id_parse(e->valuestring))
		    == -1)
			return bad(tok, "bad-request", msg, msglen, "%s",
			    "\"order\" holds a value that is not a BootNNNN "
			    "id");
		for (j = 0, found = 0; j < ndef; j++)
			if (def[j] == num)
				found = 1;
		if (!found)
			return bad(tok, "bad-request", msg, msglen,
			    "no boot option %.16s", e->valuestring);
		for (j = 0; j < n; j++)
			if (got[j] == num)
				return bad(tok, "bad-request", msg, msglen,
				    "%.16s given twice", e->valuestring);
		if (n >= HW_BOOT_MAX)
			return bad(tok, "bad-request", msg, msglen, "%s",
			    "too many ids");
		got[n++] = num;
	}
	if (n != ndef)
		return bad(tok, "bad-request", msg, msglen, "%s", "\"order\" "
		    "must name every boot option once");
	for (i = 0; i < n; i++)
		h->order[i] = got[i];
	h->norder = n;
	return 0;
}

/* BIOS */

int
hw_attr_find(const char *name)
{
	int	i;

	for (i = 0; name != NULL && i < HW_ATTR_N; i++)
		if (strcmp(hw_attrs[i].name, name) == 0)
			return i;
	return -1;
}

int
hw_attr_check(int a, const cJSON *v, char *out, size_t outlen,
    const char **tok, char *msg, size_t msglen)
{
	const struct hw_attr_def	*d = &hw_attrs[a];
	size_t				 i, n;

	if (d->read_only)
		return bad(tok, "bad-request", msg, msglen, "%s is read-only",
		    d->name);
	switch (d->type) {
	case HW_AT_ENUM:
		if (!cJSON_IsString(v))
			break;
		for (i = 0; i < nitems(d->values) && d->values[i] != NULL; i++)
			if (strcmp(v->valuestring, d->values[i]) == 0) {
				strlcpy(out, d->values[i], outlen);
				return 0;
			}
		break;
	case HW_AT_BOOL:
		if (!cJSON_IsBool(v))
			break;
		strlcpy(out, cJSON_IsTrue(v) ? "true" : "false", outlen);
		return 0;
	case HW_AT_INT:
		if (!cJSON_IsNumber(v) || v->valuedouble < (double)d->min ||
		    v->valuedouble > (double)d->max ||
		    v->valuedouble != (double)(long long)v->valuedouble)
			break;
		snprintf(out, outlen, "%lld", (long long)v->valuedouble);
		return 0;
	default:
		if (!cJSON_IsString(v) || (n = strlen(v->valuestring)) >
		    (size_t)d->max || n >= outlen)
			break;
		for (i = 0; i < n; i++)
			if ((unsigned char)v->valuestring[i] < 0x20 ||
			    v->valuestring[i] == 0x7f)
				return bad(tok, "bad-request", msg, msglen,
				    "%s: control characters", d->name);
		strlcpy(out, v->valuestring, outlen);
		return 0;
	}
	*tok = "bad-request";
	snprintf(msg, msglen, "%s: bad value (%s%s)", d->name,
	    atypes[d->type], d->type == HW_AT_INT ? " in range" :
	    d->type == HW_AT_STR ? " not too long" : "");
	return -1;
}

int
hw_bios_set(struct hw *h, const cJSON *attrs, char *what, size_t whatlen,
    const char **tok, char *msg, size_t msglen)
{
	char		 val[HW_ATTR_N][HW_VAL_MAX + 1];
	uint32_t	 set = 0;
	const cJSON	*e;
	int		 a;

	if (what != NULL && whatlen > 0)
		what[0] = '\0';
	if (!cJSON_IsObject(attrs))
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "\"attributes\" must be an object");
	cJSON_ArrayForEach(e, attrs) {
		if ((a = hw_attr_find(e->string)) == -1)
			return bad(tok, "not-found", msg, msglen,
			    "no BIOS attribute %.64s", e->string);
		if (hw_attr_check(a, e, val[a], sizeof(val[a]), tok, msg,
		    msglen) == -1)
			return -1;
		set |= 1u << a;
	}
	for (a = 0; a < HW_ATTR_N; a++) {
		if (!(set & (1u << a)))
			continue;
		memcpy(h->pend[a], val[a], sizeof(h->pend[a]));
		h->pend_set |= 1u << a;
		if (what != NULL) {
			if (what[0] != '\0')
				strlcat(what, " ", whatlen);
			strlcat(what, hw_attrs[a].name, whatlen);
			strlcat(what, "=", whatlen);
			strlcat(what, val[a], whatlen);
		}
	}
	return 0;
}

int
hw_bios_password(struct hw *h, const char *name, const char *old,
    const char *new, const char **tok, char *msg, size_t msglen)
{
	char	*pw;

	if (name == NULL || old == NULL || new == NULL)
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "bios-password needs \"name\", \"old\" and \"new\"");
	if (strcmp(name, "AdminPassword") == 0)
		pw = h->admin_pw;
	else if (strcmp(name, "SystemPassword") == 0)
		pw = h->system_pw;
	else
		return bad(tok, "not-found", msg, msglen, "no password %.32s",
		    name);
	if (strlen(new) > HW_NAME_MAX)
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "new password too long");
	if (strcmp(old, pw) != 0)
		return bad(tok, "denied", msg, msglen, "%s: wrong old password",
		    name);
	strlcpy(pw, new, HW_NAME_MAX + 1);
	return 0;
}

/* Volumes */

int
hw_raid_fits(int raid, int n)
{
	switch (raid) {
	case HW_RAID0:
		return n >= 1;
	case HW_RAID1:
		return n == 2;
	case HW_RAID5:
		return n >= 3;
	case HW_RAID10:
		return n >= 4 && n % 2 == 0;
	}
	return 0;
}

static int
disk_parse(const struct hw *h, const char *s)
{
	char	*end;
	long	 v;

	if (strncmp(s, "Disk", 4) != 0 || !isdigit((unsigned char)s[4]))
		return -1;
	v = strtol(s + 4, &end, 10);
	if (*end != '\0' || v < 0 || v >= h->ndisk || (v > 0 && s[4] == '0'))
		return -1;
	return (int)v;
}

static int
vol_find(const struct hw_vol *v, int n, int num)
{
	int	i;

	for (i = 0; i < n; i++)
		if (v[i].num == num)
			return i;
	return -1;
}

static int
storage_ok(const char *storage, const char **tok, char *msg, size_t msglen)
{
	if (storage != NULL && strcmp(storage, "RAID0") != 0)
		return bad(tok, "not-found", msg, msglen,
		    "no storage controller %.32s", storage);
	return 0;
}

int
hw_volume_create(struct hw *h, const char *storage, const char *raid,
    const cJSON *drives, const char *name, int now, int *num,
    const char **tok, char *msg, size_t msglen)
{
	struct hw_vol	 v;
	const cJSON	*e;
	uint32_t	 used = 0;
	int		 i, d, n = 0;

	if (storage_ok(storage, tok, msg, msglen) == -1)
		return -1;
	memset(&v, 0, sizeof(v));
	if ((v.raid = hw_raid_parse(raid)) == -1)
		return bad(tok, "bad-request", msg, msglen,
		    "unsupported RAID level %.16s", raid != NULL ? raid :
		    "(none)");
	if (!cJSON_IsArray(drives))
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "\"drives\" must be an array of drive ids");
	for (i = 0; i < h->nvol; i++)
		used |= h->vol[i].drives;
	for (i = 0; i < h->npvol; i++)
		if (h->pvol[i].op == HW_VOP_CREATE)
			used |= h->pvol[i].drives;
	cJSON_ArrayForEach(e, drives) {
		if (!cJSON_IsString(e))
			return bad(tok, "bad-request", msg, msglen, "%s",
			    "\"drives\" holds a non-string");
		if ((d = disk_parse(h, e->valuestring)) == -1)
			return bad(tok, "not-found", msg, msglen,
			    "no drive %.16s", e->valuestring);
		if (v.drives & (1u << d))
			return bad(tok, "bad-request", msg, msglen,
			    "%.16s given twice", e->valuestring);
		if (used & (1u << d))
			return bad(tok, "bad-request", msg, msglen,
			    "%.16s is in another volume", e->valuestring);
		v.drives |= 1u << d;
		n++;
	}
	if (!hw_raid_fits(v.raid, n))
		return bad(tok, "bad-request", msg, msglen, "%s needs 1 or "
		    "more drives (RAID0), 2 (RAID1), 3 or more (RAID5), an "
		    "even 4 or more (RAID10)", raids[v.raid]);
	if (h->nvol + h->npvol >= HW_VOL_MAX)
		return bad(tok, "full", msg, msglen, "%s",
		    "no room for another volume");
	for (v.num = 0; vol_find(h->vol, h->nvol, v.num) != -1 ||
	    vol_find(h->pvol, h->npvol, v.num) != -1; v.num++)
		;
	if (name == NULL || name[0] == '\0')
		snprintf(v.name, sizeof(v.name), "VD%d", v.num);
	else {
		for (i = 0; name[i] != '\0'; i++)
			if (!isalnum((unsigned char)name[i]) &&
			    strchr(" ._-", name[i]) == NULL)
				return bad(tok, "bad-request", msg, msglen,
				    "%s", "volume name: letters, digits, "
				    "blank, . _ - only");
		if (strlcpy(v.name, name, sizeof(v.name)) >= sizeof(v.name))
			return bad(tok, "bad-request", msg, msglen, "%s",
			    "volume name too long");
	}
	v.capacity = vol_capacity(h, v.raid, v.drives);
	if (now) {
		v.op = HW_VOP_CREATE;
		h->vol[h->nvol++] = v;
		boot_fix(h);
	} else {
		v.op = HW_VOP_CREATE;
		h->pvol[h->npvol++] = v;
	}
	*num = v.num;
	return 0;
}

static int
vol_parse(const char *s)
{
	char	*end;
	long	 v;

	if (s == NULL || strncmp(s, "Volume", 6) != 0 ||
	    !isdigit((unsigned char)s[6]))
		return -1;
	v = strtol(s + 6, &end, 10);
	return *end == '\0' && v < HW_VOL_MAX * 4 ? (int)v : -1;
}

static void
vol_remove(struct hw_vol *v, int *n, int i)
{
	memmove(&v[i], &v[i + 1], sizeof(*v) * (size_t)(*n - i - 1));
	(*n)--;
}

int
hw_volume_delete(struct hw *h, const char *storage, const char *volume,
    int now, const char **tok, char *msg, size_t msglen)
{
	int	num, i, p;

	if (storage_ok(storage, tok, msg, msglen) == -1)
		return -1;
	if ((num = vol_parse(volume)) == -1 ||
	    (i = vol_find(h->vol, h->nvol, num)) == -1) {
		/* a create still pending is withdrawn */
		if (num != -1 && (p = vol_find(h->pvol, h->npvol, num)) != -1 &&
		    h->pvol[p].op == HW_VOP_CREATE) {
			vol_remove(h->pvol, &h->npvol, p);
			return 0;
		}
		return bad(tok, "not-found", msg, msglen, "no volume %.32s",
		    volume != NULL ? volume : "(none)");
	}
	if (vol_find(h->pvol, h->npvol, num) != -1)
		return bad(tok, "bad-request", msg, msglen,
		    "%.32s is already to be deleted", volume);
	if (now) {
		vol_remove(h->vol, &h->nvol, i);
		boot_fix(h);
		return 0;
	}
	if (h->npvol >= HW_VOL_MAX)
		return bad(tok, "full", msg, msglen, "%s",
		    "too many pending volume changes");
	h->pvol[h->npvol] = h->vol[i];
	h->pvol[h->npvol++].op = HW_VOP_DELETE;
	return 0;
}

/* Firmware, secure boot */

static int
valid_version(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0 || n > HW_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("._-", s[i]) ==
		    NULL)
			return 0;
	return 1;
}

int
hw_firmware_stage(struct hw *h, const char *component, const char *version,
    const char **tok, char *msg, size_t msglen)
{
	struct hw_fw	*f;

	if (component == NULL || version == NULL)
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "firmware-stage needs \"component\" and \"version\"");
	if ((f = fw_find(h, component)) == NULL)
		return bad(tok, "not-found", msg, msglen,
		    "no firmware component %.32s", component);
	if (!valid_version(version))
		return bad(tok, "bad-request", msg, msglen, "%s", "version: "
		    "1 to 31 letters, digits, . _ -");
	if (strcmp(f->id, "BMC") == 0) {
		/* the BMC flashes itself at once */
		strlcpy(f->version, version, sizeof(f->version));
		f->pending[0] = '\0';
		return 1;
	}
	strlcpy(f->pending, version, sizeof(f->pending));
	return 0;
}

int
hw_secure_boot_reset(struct hw *h, const char *keys, const char **tok,
    char *msg, size_t msglen)
{
	if (keys == NULL)
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "secure-boot-reset needs \"keys\"");
	if (strcmp(keys, "ResetAllKeysToDefault") == 0) {
		memcpy(h->sb_keys, sbdefault, sizeof(h->sb_keys));
		h->sb_mode = HW_SB_USER;
		return 0;
	}
	if (strcmp(keys, "DeleteAllKeys") == 0)
		memset(h->sb_keys, 0, sizeof(h->sb_keys));
	else if (strcmp(keys, "DeletePK") == 0)
		h->sb_keys[HW_SB_PK] = 0;
	else
		return bad(tok, "bad-request", msg, msglen, "unknown \"keys\" "
		    "%.32s (ResetAllKeysToDefault, DeleteAllKeys, DeletePK)",
		    keys);
	h->sb_mode = HW_SB_SETUP;
	h->sb_enabled = 0;
	h->sb_pending = -1;
	return 0;
}

/* At reset */

static void
applied(struct hw *h, void (*note)(void *, const char *), void *arg,
    const char *line)
{
	strlcat(h->applied, line, sizeof(h->applied));
	strlcat(h->applied, "\r\n", sizeof(h->applied));
	if (note != NULL)
		note(arg, line);
}

void
hw_apply(struct hw *h, void (*note)(void *, const char *), void *arg)
{
	char		 line[512], one[HW_VAL_MAX + 64];
	struct hw_vol	*v;
	int		 a, i;

	h->applied[0] = '\0';
	if (h->reset_pending) {
		memcpy(h->cur, h->def, sizeof(h->cur));
		h->reset_pending = 0;
		applied(h, note, arg, "BIOS settings reset to defaults");
	}
	if (h->pend_set != 0) {
		strlcpy(line, "BIOS settings applied:", sizeof(line));
		for (a = 0; a < HW_ATTR_N; a++) {
			if (!(h->pend_set & (1u << a)))
				continue;
			memcpy(h->cur[a], h->pend[a], sizeof(h->cur[a]));
			h->pend[a][0] = '\0';
			snprintf(one, sizeof(one), " %s=%s", hw_attrs[a].name,
			    h->cur[a]);
			strlcat(line, one, sizeof(line));
		}
		h->pend_set = 0;
		applied(h, note, arg, line);
	}
	for (i = 0; i < h->npvol; i++) {
		v = &h->pvol[i];
		if (v->op == HW_VOP_CREATE && h->nvol < HW_VOL_MAX) {
			h->vol[h->nvol++] = *v;
			snprintf(line, sizeof(line), "Storage: Volume%d "
			    "(%s, %s) created", v->num, v->name,
			    raids[v->raid]);
			applied(h, note, arg, line);
		} else if (v->op == HW_VOP_DELETE &&
		    (a = vol_find(h->vol, h->nvol, v->num)) != -1) {
			vol_remove(h->vol, &h->nvol, a);
			snprintf(line, sizeof(line), "Storage: Volume%d (%s) "
			    "deleted", v->num, v->name);
			applied(h, note, arg, line);
		}
	}
	if (h->npvol > 0) {
		h->npvol = 0;
		boot_fix(h);
	}
	for (i = 0; i < h->nfw; i++) {
		if (h->fw[i].pending[0] == '\0')
			continue;
		snprintf(line, sizeof(line), "Firmware update: %s %s -> %s "
		    "... done", h->fw[i].id, h->fw[i].version,
		    h->fw[i].pending);
		strlcpy(h->fw[i].version, h->fw[i].pending,
		    sizeof(h->fw[i].version));
		h->fw[i].pending[0] = '\0';
		applied(h, note, arg, line);
	}
	if (h->sb_pending != -1) {
		if (h->sb_pending != h->sb_enabled) {
			h->sb_enabled = h->sb_pending;
			applied(h, note, arg, h->sb_enabled ?
			    "Secure Boot enabled" : "Secure Boot disabled");
		}
		h->sb_pending = -1;
	}
}

/* pd_boot_target values (state.h) */
static const char *
override_target(int t)
{
	switch (t) {
	case PD_BOOT_PXE:
		return "pxe";
	case PD_BOOT_HDD:
		return "hdd";
	case PD_BOOT_CD:
		return "cd";
	case PD_BOOT_UEFI_HTTP:
		return "http";
	}
	return NULL;
}

void
hw_boot_text(struct hw *h, int override, const char *image,
    const char *uefi_target)
{
	struct hw_bootopt	 o[HW_BOOT_MAX];
	const struct hw_bootopt	*b = NULL;
	const char		*want = override_target(override), *uri;
	char			 line[HW_VAL_MAX + 128];
	int			 n, i, j;

	snprintf(h->boot_text, sizeof(h->boot_text), "bmcsim BIOS %s (%s, "
	    "%s)\r\nProcessors: %d x %s, Memory: %lld GiB\r\n",
	    hw_fw_version(h, "BIOS"), profiles[h->profile],
	    strcmp(h->cur[A_BOOTMODE], "Bios") == 0 ? "Legacy" : "UEFI",
	    h->ncpu, h->cpu_model, hw_memory_mib(h) / 1024);
	strlcat(h->boot_text, h->applied, sizeof(h->boot_text));
	strlcat(h->boot_text, h->sb_enabled ? "Secure Boot: enabled\r\n" :
	    "Secure Boot: disabled\r\n", sizeof(h->boot_text));
	n = hw_boot_options(h, o);
	if (override != 0 && want == NULL)
		return;		/* setup, shell: "Booting from" says */
	for (i = 0; i < h->norder && b == NULL; i++)
		for (j = 0; j < n; j++)
			if (o[j].num == h->order[i] && (want == NULL ||
			    strcmp(o[j].target, want) == 0)) {
				b = &o[j];
				break;
			}
	if (b == NULL) {
		strlcat(h->boot_text, "No bootable device\r\n",
		    sizeof(h->boot_text));
		return;
	}
	uri = uefi_target != NULL && uefi_target[0] != '\0' ? uefi_target :
	    h->http_uri[0] != '\0' ? h->http_uri : h->cur[A_HTTPURI];
	if (strcmp(b->target, "cd") == 0)
		snprintf(line, sizeof(line), "Booting Boot%04X: %s (%s)\r\n",
		    b->num, b->name, image != NULL && image[0] != '\0' ?
		    image : "no media");
	else if (strcmp(b->target, "http") == 0)
		snprintf(line, sizeof(line), "Booting Boot%04X: %s %s\r\n",
		    b->num, b->name, uri[0] != '\0' ? uri : "(DHCP)");
	else
		snprintf(line, sizeof(line), "Booting Boot%04X: %s\r\n",
		    b->num, b->name);
	strlcat(h->boot_text, line, sizeof(h->boot_text));
}

/* JSON */

static cJSON *
attr_value(int a, const char *v)
{
	switch (hw_attrs[a].type) {
	case HW_AT_BOOL:
		return cJSON_CreateBool(strcmp(v, "true") == 0);
	case HW_AT_INT:
		return cJSON_CreateNumber((double)strtoll(v, NULL, 10));
	}
	return cJSON_CreateString(v);
}

static void
put(cJSON *o, const char *k, cJSON *v)
{
	if (v != NULL)
		cJSON_AddItemToObject(o, k, v);
}

static cJSON *
obj(cJSON *arr)
{
	cJSON	*o = cJSON_CreateObject();

	if (o != NULL)
		cJSON_AddItemToArray(arr, o);
	return o;
}

static cJSON *
vol_json(const struct hw *h, const struct hw_vol *v, int pending)
{
	cJSON	*o, *a;
	char	 b[32];
	int	 i;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	snprintf(b, sizeof(b), "Volume%d", v->num);
	cJSON_AddStringToObject(o, "id", b);
	cJSON_AddStringToObject(o, "name", v->name);
	cJSON_AddStringToObject(o, "raid", raids[v->raid]);
	if ((a = cJSON_AddArrayToObject(o, "drives")) != NULL)
		for (i = 0; i < h->ndisk; i++)
			if (v->drives & (1u << i)) {
				snprintf(b, sizeof(b), "Disk%d", i);
				cJSON_AddItemToArray(a, cJSON_CreateString(b));
			}
	cJSON_AddNumberToObject(o, "capacity_bytes", (double)v->capacity);
	cJSON_AddBoolToObject(o, "bootable", 1);
	if (pending)
		cJSON_AddStringToObject(o, "op", v->op == HW_VOP_CREATE ?
		    "create" : "delete");
	return o;
}

static cJSON *
fw_pending(const struct hw *h, const char *id)
{
	const struct hw_fw	*f = fw_find(h, id);

	if (f == NULL || f->pending[0] == '\0')
		return cJSON_CreateNull();
	return cJSON_CreateString(f->pending);
}

static void
hw_json_devices(const struct hw *h, cJSON *r)
{
	const struct profile	*p = &prof[h->profile];
	cJSON			*a, *o, *pa, *po, *sa;
	char			 b[64];
	int			 i, j;

	if ((a = cJSON_AddArrayToObject(r, "processors")) != NULL)
		for (i = 0; i < h->ncpu; i++) {
			if ((o = obj(a)) == NULL)
				break;
			snprintf(b, sizeof(b), "CPU%d", i);
			cJSON_AddStringToObject(o, "id", b);
			snprintf(b, sizeof(b), "CPU %d", i);
			cJSON_AddStringToObject(o, "socket", b);
			cJSON_AddStringToObject(o, "model", h->cpu_model);
			cJSON_AddStringToObject(o, "manufacturer",
			    h->cpu_vendor);
			cJSON_AddStringToObject(o, "arch", h->cpu_arm ? "ARM" :
			    "x86");
			cJSON_AddStringToObject(o, "isa", h->cpu_arm ?
			    "ARMv8-A" : "x86-64");
			cJSON_AddNumberToObject(o, "cores", h->cores);
			cJSON_AddNumberToObject(o, "threads", h->cpu_arm ||
			    strcmp(h->cur[A_HT], "Disabled") == 0 ? h->cores :
			    2 * h->cores);
			cJSON_AddNumberToObject(o, "speed_mhz", h->speed_mhz);
			cJSON_AddNumberToObject(o, "max_speed_mhz",
			    h->max_speed_mhz);
			cJSON_AddBoolToObject(o, "present", 1);
		}
	if ((a = cJSON_AddArrayToObject(r, "memory")) != NULL)
		for (i = 0; i < h->ndimm; i++) {
			if ((o = obj(a)) == NULL)
				break;
			snprintf(b, sizeof(b), "DIMM%d", i);
			cJSON_AddStringToObject(o, "id", b);
			snprintf(b, sizeof(b), "CPU%d_DIMM_%c%d",
			    i % (h->ncpu > 0 ? h->ncpu : 1),
			    'A' + (i / (h->ncpu > 0 ? h->ncpu : 1)) % 8,
			    1 + i / (8 * (h->ncpu > 0 ? h->ncpu : 1)));
			cJSON_AddStringToObject(o, "slot", b);
			cJSON_AddNumberToObject(o, "size_mib",
			    (double)h->dimm_mib[i]);
			cJSON_AddStringToObject(o, "type", "DDR4");
			cJSON_AddNumberToObject(o, "speed_mts", 3200);
			cJSON_AddStringToObject(o, "manufacturer", "Samsung");
			cJSON_AddStringToObject(o, "part", h->dimm_mib[i] >=
			    32768 ? "M393A4K40DB3-CWE" : "M393A2K43DB3-CWE");
			snprintf(b, sizeof(b), "%08X", (h->h & 0xffff0000u) |
			    (unsigned)(i + 1));
			cJSON_AddStringToObject(o, "serial", b);
			cJSON_AddBoolToObject(o, "present", 1);
		}
	if ((a = cJSON_AddArrayToObject(r, "nics")) != NULL)
		for (i = 0; i < h->nnic; i++) {
			if ((o = obj(a)) == NULL)
				break;
			snprintf(b, sizeof(b), "NIC%d", i);
			cJSON_AddStringToObject(o, "id", b);
			cJSON_AddStringToObject(o, "model", h->cpu_arm ?
			    "Mellanox ConnectX-6 Lx" :
			    "Intel(R) Ethernet Controller X710");
			cJSON_AddStringToObject(o, "manufacturer", h->cpu_arm ?
			    "Mellanox" : "Intel");
			cJSON_AddStringToObject(o, "firmware",
			    hw_fw_version(h, b));
			if ((pa = cJSON_AddArrayToObject(o, "ports")) == NULL)
				continue;
			for (j = 0; j < HW_PORTS; j++) {
				if ((po = obj(pa)) == NULL)
					break;
				snprintf(b, sizeof(b), "NIC%d-P%d", i, j);
				cJSON_AddStringToObject(po, "id", b);
				snprintf(b, sizeof(b), "eth%d",
				    i * HW_PORTS + j);
				cJSON_AddStringToObject(po, "iface", b);
				cJSON_AddStringToObject(po, "mac",
				    h->mac[i][j]);
				cJSON_AddStringToObject(po, "link", j == 0 &&
				    strcmp(h->cur[A_NIC1], "Enabled") == 0 ?
				    "up" : "down");
				cJSON_AddNumberToObject(po, "speed_mbps",
				    h->cpu_arm ? 25000 : 10000);
				cJSON_AddBoolToObject(po, "pxe", j == 0);
				cJSON_AddBoolToObject(po, "http_boot", j == 0);
			}
		}
	if ((a = cJSON_AddArrayToObject(r, "storage")) != NULL &&
	    (o = obj(a)) != NULL) {
		cJSON_AddStringToObject(o, "id", "RAID0");
		cJSON_AddStringToObject(o, "name", "Simulated RAID Controller");
		cJSON_AddStringToObject(o, "model", "SIM-RAID 9460");
		cJSON_AddStringToObject(o, "manufacturer", "bmcsim");
		cJSON_AddStringToObject(o, "firmware", hw_fw_version(h,
		    "RAID0"));
		if ((sa = cJSON_AddArrayToObject(o, "raid_levels")) != NULL)
			for (i = 0; i < HW_RAID_N; i++)
				cJSON_AddItemToArray(sa,
				    cJSON_CreateString(raids[i]));
		if ((sa = cJSON_AddArrayToObject(o, "drives")) != NULL)
			for (i = 0; i < h->ndisk; i++) {
				if ((po = obj(sa)) == NULL)
					break;
				snprintf(b, sizeof(b), "Disk%d", i);
				cJSON_AddStringToObject(po, "id", b);
				cJSON_AddStringToObject(po, "firmware",
				    hw_fw_version(h, b));
				snprintf(b, sizeof(b), "Disk %d", i);
				cJSON_AddStringToObject(po, "name", b);
				snprintf(b, sizeof(b), "SIM %s %lluG",
				    h->disk_ssd[i] ? "SSD" : "HDD",
				    (unsigned long long)(h->disk_bytes[i] /
				    1000000000ULL));
				cJSON_AddStringToObject(po, "model", b);
				snprintf(b, sizeof(b), "S%04X%s%04d",
				    (unsigned)(h->h & 0xffff), "DISK", i);
				cJSON_AddStringToObject(po, "serial", b);
				cJSON_AddStringToObject(po, "media",
				    h->disk_ssd[i] ? "SSD" : "HDD");
				cJSON_AddStringToObject(po, "protocol",
				    h->disk_ssd[i] ? "SATA" : "SAS");
				cJSON_AddNumberToObject(po, "capacity_bytes",
				    (double)h->disk_bytes[i]);
				cJSON_AddNumberToObject(po, "slot", i);
			}
		if ((sa = cJSON_AddArrayToObject(o, "volumes")) != NULL)
			for (i = 0; i < h->nvol; i++)
				cJSON_AddItemToArray(sa, vol_json(h, &h->vol[i],
				    0));
		if ((sa = cJSON_AddArrayToObject(o, "pending_volumes")) != NULL)
			for (i = 0; i < h->npvol; i++)
				cJSON_AddItemToArray(sa, vol_json(h,
				    &h->pvol[i], 1));
	}
	if ((a = cJSON_AddArrayToObject(r, "psus")) != NULL)
		for (i = 0; i < HW_PSUS; i++) {
			if ((o = obj(a)) == NULL)
				break;
			snprintf(b, sizeof(b), "PSU%d", i);
			cJSON_AddStringToObject(o, "id", b);
			snprintf(b, sizeof(b), "SIM-PSU-%d", p->psu_w);
			cJSON_AddStringToObject(o, "model", b);
			snprintf(b, sizeof(b), "PSU%04X%d",
			    (unsigned)(h->h >> 16), i + 1);
			cJSON_AddStringToObject(o, "serial", b);
			cJSON_AddStringToObject(o, "firmware", "1.0");
			cJSON_AddNumberToObject(o, "capacity_w", p->psu_w);
			cJSON_AddNumberToObject(o, "input_v", 230);
			cJSON_AddBoolToObject(o, "present", 1);
			cJSON_AddStringToObject(o, "health", "OK");
		}
	if ((a = cJSON_AddArrayToObject(r, "fans")) != NULL)
		for (i = 0; i < h->nfan; i++) {
			if ((o = obj(a)) == NULL)
				break;
			/* the fan sensors' names (powerd/sensors.c) */
			snprintf(b, sizeof(b), "Fan%d", i + 1);
			cJSON_AddStringToObject(o, "id", b);
			cJSON_AddStringToObject(o, "name", b);
			cJSON_AddNumberToObject(o, "rpm", 6000 +
			    (int)((h->h >> (i * 4)) & 0xf) * 60);
			cJSON_AddStringToObject(o, "health", "OK");
		}
}

static cJSON *
order_json(const int *order, int n)
{
	cJSON	*a;
	char	 b[16];
	int	 i;

	if ((a = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		snprintf(b, sizeof(b), "Boot%04X", order[i]);
		cJSON_AddItemToArray(a, cJSON_CreateString(b));
	}
	return a;
}

cJSON *
hw_json(const struct hw *h)
{
	struct hw_bootopt	 bo[HW_BOOT_MAX];
	cJSON			*r, *o, *a, *e, *v;
	char			 b[16];
	int			 i, k, n, def[HW_BOOT_MAX];

	if ((r = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(r, "profile", profiles[h->profile]);
	hw_json_devices(h, r);
	if ((o = cJSON_AddObjectToObject(r, "bios")) != NULL) {
		cJSON_AddStringToObject(o, "version", hw_fw_version(h, "BIOS"));
		if ((a = cJSON_AddObjectToObject(o, "attributes")) != NULL)
			for (i = 0; i < HW_ATTR_N; i++)
				put(a, hw_attrs[i].name, attr_value(i,
				    h->cur[i]));
		if ((a = cJSON_AddObjectToObject(o, "pending")) != NULL)
			for (i = 0; i < HW_ATTR_N; i++)
				if (h->pend_set & (1u << i))
					put(a, hw_attrs[i].name, attr_value(i,
					    h->pend[i]));
		cJSON_AddBoolToObject(o, "reset_pending", h->reset_pending);
		if ((a = cJSON_AddArrayToObject(o, "registry")) != NULL)
			for (i = 0; i < HW_ATTR_N; i++) {
				const struct hw_attr_def *d = &hw_attrs[i];

				if ((e = obj(a)) == NULL)
					break;
				cJSON_AddStringToObject(e, "name", d->name);
				cJSON_AddStringToObject(e, "type",
				    atypes[d->type]);
				if (d->type == HW_AT_ENUM &&
				    (v = cJSON_AddArrayToObject(e, "values")) !=
				    NULL)
					for (k = 0; k < 4 && d->values[k] !=
					    NULL; k++)
						cJSON_AddItemToArray(v,
						    cJSON_CreateString(
						    d->values[k]));
				put(e, "default", attr_value(i, h->def[i]));
				cJSON_AddBoolToObject(e, "read_only",
				    d->read_only);
				cJSON_AddBoolToObject(e, "reset_required", 1);
				cJSON_AddStringToObject(e, "display",
				    d->display);
				if (d->type == HW_AT_INT) {
					cJSON_AddNumberToObject(e, "min",
					    (double)d->min);
					cJSON_AddNumberToObject(e, "max",
					    (double)d->max);
				}
				if (d->type == HW_AT_STR)
					cJSON_AddNumberToObject(e, "max_len",
					    (double)d->max);
			}
	}
	if ((a = cJSON_AddArrayToObject(r, "boot_options")) != NULL) {
		n = hw_boot_options(h, bo);
		for (i = 0; i < n; i++) {
			if ((e = obj(a)) == NULL)
				break;
			snprintf(b, sizeof(b), "Boot%04X", bo[i].num);
			cJSON_AddStringToObject(e, "id", b);
			cJSON_AddStringToObject(e, "name", bo[i].name);
			cJSON_AddStringToObject(e, "target", bo[i].target);
			cJSON_AddStringToObject(e, "device", bo[i].device);
			cJSON_AddStringToObject(e, "uefi_path", bo[i].path);
		}
	}
	put(r, "boot_order", order_json(h->order, h->norder));
	n = default_order(h, def);
	put(r, "boot_order_default", order_json(def, n));
	if ((o = cJSON_AddObjectToObject(r, "secure_boot")) != NULL) {
		cJSON_AddBoolToObject(o, "enabled", h->sb_enabled);
		cJSON_AddStringToObject(o, "mode", sbmodes[h->sb_mode]);
		put(o, "pending_enabled", h->sb_pending == -1 ?
		    cJSON_CreateNull() : cJSON_CreateBool(h->sb_pending));
		if ((a = cJSON_AddObjectToObject(o, "databases")) != NULL)
			for (i = 0; i < HW_SB_N; i++)
				cJSON_AddNumberToObject(a, sbdbs[i],
				    h->sb_keys[i]);
	}
	if ((a = cJSON_AddArrayToObject(r, "firmware")) != NULL)
		for (i = 0; i < h->nfw; i++) {
			if ((e = obj(a)) == NULL)
				break;
			cJSON_AddStringToObject(e, "id", h->fw[i].id);
			cJSON_AddStringToObject(e, "name", h->fw[i].name);
			cJSON_AddStringToObject(e, "version", h->fw[i].version);
			cJSON_AddBoolToObject(e, "updateable", 1);
			put(e, "pending", fw_pending(h, h->fw[i].id));
		}
	cJSON_AddStringToObject(r, "http_boot_uri", h->http_uri);
	return r;
}

/* the state file: the mutable part only */

static cJSON *
vols_state(const struct hw_vol *v, int n, int pending)
{
	cJSON	*a, *o, *d;
	int	 i, k;

	if ((a = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((o = obj(a)) == NULL)
			goto fail;
		if (cJSON_AddNumberToObject(o, "num", v[i].num) == NULL ||
		    cJSON_AddStringToObject(o, "name", v[i].name) == NULL ||
		    cJSON_AddStringToObject(o, "raid", raids[v[i].raid]) ==
		    NULL ||
		    (d = cJSON_AddArrayToObject(o, "drives")) == NULL ||
		    (pending && cJSON_AddStringToObject(o, "op", v[i].op ==
		    HW_VOP_CREATE ? "create" : "delete") == NULL))
			goto fail;
		for (k = 0; k < HW_DISK_MAX; k++)
			if (v[i].drives & (1u << k)) {
				cJSON	*x = cJSON_CreateNumber(k);

				if (x == NULL)
					goto fail;
				cJSON_AddItemToArray(d, x);
			}
	}
	return a;
fail:
	cJSON_Delete(a);
	return NULL;
}

#define ADD(x)	do { if ((x) == NULL) goto fail; } while (0)

cJSON *
hw_state_json(const struct hw *h)
{
	cJSON	*r, *o, *a, *e;
	int	 i;

	if ((r = cJSON_CreateObject()) == NULL)
		return NULL;
	ADD(o = cJSON_AddObjectToObject(r, "bios"));
	ADD(a = cJSON_AddObjectToObject(o, "attributes"));
	for (i = 0; i < HW_ATTR_N; i++)
		ADD(cJSON_AddStringToObject(a, hw_attrs[i].name, h->cur[i]));
	ADD(a = cJSON_AddObjectToObject(o, "pending"));
	for (i = 0; i < HW_ATTR_N; i++)
		if (h->pend_set & (1u << i))
			ADD(cJSON_AddStringToObject(a, hw_attrs[i].name,
			    h->pend[i]));
	ADD(cJSON_AddBoolToObject(o, "reset_pending", h->reset_pending));
	ADD(cJSON_AddStringToObject(o, "admin_password", h->admin_pw));
	ADD(cJSON_AddStringToObject(o, "system_password", h->system_pw));
	ADD(a = vols_state(h->vol, h->nvol, 0));
	cJSON_AddItemToObject(r, "volumes", a);
	ADD(a = vols_state(h->pvol, h->npvol, 1));
	cJSON_AddItemToObject(r, "pending_volumes", a);
	ADD(a = cJSON_AddArrayToObject(r, "boot_order"));
	for (i = 0; i < h->norder; i++) {
		ADD(e = cJSON_CreateNumber(h->order[i]));
		cJSON_AddItemToArray(a, e);
	}
	ADD(o = cJSON_AddObjectToObject(r, "secure_boot"));
	ADD(cJSON_AddBoolToObject(o, "enabled", h->sb_enabled));
	ADD(cJSON_AddStringToObject(o, "mode", sbmodes[h->sb_mode]));
	ADD(cJSON_AddNumberToObject(o, "pending", h->sb_pending));
	ADD(a = cJSON_AddArrayToObject(o, "keys"));
	for (i = 0; i < HW_SB_N; i++) {
		ADD(e = cJSON_CreateNumber(h->sb_keys[i]));
		cJSON_AddItemToArray(a, e);
	}
	ADD(o = cJSON_AddObjectToObject(r, "firmware"));
	for (i = 0; i < h->nfw; i++) {
		ADD(e = cJSON_AddObjectToObject(o, h->fw[i].id));
		ADD(cJSON_AddStringToObject(e, "version", h->fw[i].version));
		ADD(cJSON_AddStringToObject(e, "pending", h->fw[i].pending));
	}
	ADD(cJSON_AddStringToObject(r, "http_boot_uri", h->http_uri));
	return r;
fail:
	cJSON_Delete(r);
	return NULL;
}

static int
dfail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "hw: bad \"%s\"", what);
	return -1;
}

int
hw_attr_text(int a, const char *text, char *out, size_t outlen,
    const char **tok, char *msg, size_t msglen)
{
	cJSON		*j;
	char		*end;
	long long	 n;
	int		 rv;

	switch (hw_attrs[a].type) {
	case HW_AT_BOOL:
		if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0)
			return bad(tok, "bad-request", msg, msglen,
			    "%s: true or false", hw_attrs[a].name);
		j = cJSON_CreateBool(text[0] == 't');
		break;
	case HW_AT_INT:
		n = strtoll(text, &end, 10);
		if (text[0] == '\0' || *end != '\0')
			return bad(tok, "bad-request", msg, msglen,
			    "%s: an integer", hw_attrs[a].name);
		j = cJSON_CreateNumber((double)n);
		break;
	default:
		j = cJSON_CreateString(text);
		break;
	}
	if (j == NULL)
		return bad(tok, "bad-request", msg, msglen, "%s",
		    "out of memory");
	rv = hw_attr_check(a, j, out, outlen, tok, msg, msglen);
	cJSON_Delete(j);
	return rv;
}

/* canonical text of a stored attribute value, checked as a request's */
static int
attr_restore(int a, const cJSON *v, char *out)
{
	const char	*tok;
	char		 msg[8];

	if (!cJSON_IsString(v))
		return -1;
	return hw_attr_text(a, v->valuestring, out, HW_VAL_MAX + 1, &tok, msg,
	    sizeof(msg));
}

static int
vols_restore(struct hw *h, const cJSON *arr, struct hw_vol *v, int *n,
    int pending)
{
	const cJSON	*e, *x, *d;
	struct hw_vol	 t;

	if (!cJSON_IsArray(arr))
		return -1;
	*n = 0;
	cJSON_ArrayForEach(e, arr) {
		memset(&t, 0, sizeof(t));
		x = cJSON_GetObjectItemCaseSensitive(e, "num");
		if (!cJSON_IsNumber(x) || x->valueint < 0 ||
		    x->valueint >= HW_VOL_MAX * 4)
			return -1;
		t.num = x->valueint;
		x = cJSON_GetObjectItemCaseSensitive(e, "name");
		if (!cJSON_IsString(x) || strlcpy(t.name, x->valuestring,
		    sizeof(t.name)) >= sizeof(t.name))
			return -1;
		x = cJSON_GetObjectItemCaseSensitive(e, "raid");
		if (!cJSON_IsString(x) || (t.raid = hw_raid_parse(
		    x->valuestring)) == -1)
			return -1;
		t.op = HW_VOP_CREATE;
		if (pending) {
			x = cJSON_GetObjectItemCaseSensitive(e, "op");
			if (!cJSON_IsString(x))
				return -1;
			t.op = strcmp(x->valuestring, "delete") == 0 ?
			    HW_VOP_DELETE : HW_VOP_CREATE;
		}
		x = cJSON_GetObjectItemCaseSensitive(e, "drives");
		if (!cJSON_IsArray(x))
			return -1;
		cJSON_ArrayForEach(d, x) {
			if (!cJSON_IsNumber(d) || d->valueint < 0 ||
			    d->valueint >= HW_DISK_MAX)
				return -1;
			t.drives |= 1u << d->valueint;
		}
		/* drives the lab file no longer has: the volume is gone */
		if (t.drives == 0 || (t.drives >> h->ndisk) != 0 ||
		    !hw_raid_fits(t.raid, __builtin_popcount(t.drives)) ||
		    *n >= HW_VOL_MAX)
			continue;
		t.capacity = vol_capacity(h, t.raid, t.drives);
		v[(*n)++] = t;
	}
	return 0;
}

int
hw_state_decode(struct hw *h, const cJSON *o, char *err, size_t errlen)
{
	const cJSON	*b, *a, *e, *x;
	struct hw_fw	*f;
	int		 i, k;

	if (o == NULL)
		return 0;		/* an older state file: defaults */
	if (!cJSON_IsObject(o))
		return dfail(err, errlen, "hw");
	if ((b = cJSON_GetObjectItemCaseSensitive(o, "bios")) != NULL) {
		if (!cJSON_IsObject(b))
			return dfail(err, errlen, "bios");
		/* unknown attributes (an older registry) are dropped */
		a = cJSON_GetObjectItemCaseSensitive(b, "attributes");
		if (a != NULL && !cJSON_IsObject(a))
			return dfail(err, errlen, "attributes");
		if (a != NULL)
			cJSON_ArrayForEach(e, a)
				if ((i = hw_attr_find(e->string)) != -1 &&
				    !hw_attrs[i].read_only &&
				    attr_restore(i, e, h->cur[i]) == -1)
					return dfail(err, errlen, e->string);
		a = cJSON_GetObjectItemCaseSensitive(b, "pending");
		if (a != NULL && !cJSON_IsObject(a))
			return dfail(err, errlen, "pending");
		if (a != NULL)
			cJSON_ArrayForEach(e, a)
				if ((i = hw_attr_find(e->string)) != -1 &&
				    !hw_attrs[i].read_only) {
					if (attr_restore(i, e, h->pend[i]) ==
					    -1)
						return dfail(err, errlen,
						    e->string);
					h->pend_set |= 1u << i;
				}
		x = cJSON_GetObjectItemCaseSensitive(b, "reset_pending");
		h->reset_pending = cJSON_IsTrue(x);
		x = cJSON_GetObjectItemCaseSensitive(b, "admin_password");
		if (cJSON_IsString(x))
			strlcpy(h->admin_pw, x->valuestring,
			    sizeof(h->admin_pw));
		x = cJSON_GetObjectItemCaseSensitive(b, "system_password");
		if (cJSON_IsString(x))
			strlcpy(h->system_pw, x->valuestring,
			    sizeof(h->system_pw));
	}
	if ((a = cJSON_GetObjectItemCaseSensitive(o, "volumes")) != NULL &&
	    vols_restore(h, a, h->vol, &h->nvol, 0) == -1)
		return dfail(err, errlen, "volumes");
	if ((a = cJSON_GetObjectItemCaseSensitive(o, "pending_volumes")) !=
	    NULL && vols_restore(h, a, h->pvol, &h->npvol, 1) == -1)
		return dfail(err, errlen, "pending_volumes");
	if ((a = cJSON_GetObjectItemCaseSensitive(o, "boot_order")) != NULL) {
		if (!cJSON_IsArray(a))
			return dfail(err, errlen, "boot_order");
		h->norder = 0;
		cJSON_ArrayForEach(e, a) {
			if (!cJSON_IsNumber(e) || e->valueint < 0 ||
			    e->valueint > 0xffff)
				return dfail(err, errlen, "boot_order");
			if (h->norder < HW_BOOT_MAX)
				h->order[h->norder++] = e->valueint;
		}
	}
	boot_fix(h);
	if ((b = cJSON_GetObjectItemCaseSensitive(o, "secure_boot")) != NULL) {
		x = cJSON_GetObjectItemCaseSensitive(b, "mode");
		if (!cJSON_IsObject(b) || !cJSON_IsString(x) ||
		    (k = lookup(sbmodes, nitems(sbmodes), x->valuestring)) ==
		    -1)
			return dfail(err, errlen, "secure_boot");
		h->sb_mode = k;
		h->sb_enabled = cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(b, "enabled"));
		x = cJSON_GetObjectItemCaseSensitive(b, "pending");
		h->sb_pending = cJSON_IsNumber(x) && x->valueint >= 0 &&
		    x->valueint <= 1 ? x->valueint : -1;
		a = cJSON_GetObjectItemCaseSensitive(b, "keys");
		if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != HW_SB_N)
			return dfail(err, errlen, "secure_boot");
		for (i = 0; i < HW_SB_N; i++) {
			x = cJSON_GetArrayItem(a, i);
			if (!cJSON_IsNumber(x) || x->valueint < 0 ||
			    x->valueint > 1000)
				return dfail(err, errlen, "secure_boot");
			h->sb_keys[i] = x->valueint;
		}
	}
	if ((b = cJSON_GetObjectItemCaseSensitive(o, "firmware")) != NULL &&
	    !cJSON_IsObject(b))
		return dfail(err, errlen, "firmware");
	if (b != NULL)
		cJSON_ArrayForEach(e, b) {
			if ((f = fw_find(h, e->string)) == NULL)
				continue;
			x = cJSON_GetObjectItemCaseSensitive(e, "version");
			if (!cJSON_IsString(x) ||
			    !valid_version(x->valuestring))
				return dfail(err, errlen, "firmware");
			strlcpy(f->version, x->valuestring, sizeof(f->version));
			x = cJSON_GetObjectItemCaseSensitive(e, "pending");
			if (!cJSON_IsString(x) || (x->valuestring[0] != '\0' &&
			    !valid_version(x->valuestring)))
				return dfail(err, errlen, "firmware");
			strlcpy(f->pending, x->valuestring, sizeof(f->pending));
		}
	x = cJSON_GetObjectItemCaseSensitive(o, "http_boot_uri");
	if (x != NULL) {
		if (!cJSON_IsString(x) || strlcpy(h->http_uri, x->valuestring,
		    sizeof(h->http_uri)) >= sizeof(h->http_uri))
			return dfail(err, errlen, "http_boot_uri");
	}
	return 0;
}
