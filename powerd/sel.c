/* sel.c: the System Event Log ring with IPMI records and human messages; pure. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "sel.h"

static const char *sevs[] = { "OK", "Warning", "Critical" };
static const char *origins[] = { "powerd", "ipmi", "redfish", "os", "engine" };

const char *
sel_sev_str(int s)
{
	return s >= 0 && (size_t)s < nitems(sevs) ? sevs[s] : "OK";
}

int
sel_sev_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < nitems(sevs); i++)
		if (strcmp(s, sevs[i]) == 0)
			return (int)i;
	return -1;
}

const char *
sel_origin_str(int o)
{
	return o >= 0 && (size_t)o < nitems(origins) ? origins[o] : "powerd";
}

int
sel_origin_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < nitems(origins); i++)
		if (strcmp(s, origins[i]) == 0)
			return (int)i;
	return -1;
}

void
sel_init(struct sel *sel, size_t max)
{
	memset(sel, 0, sizeof(*sel));
	sel->max = max;
	sel->next_id = 1;
}

void
sel_free(struct sel *sel)
{
	free(sel->e);
	sel->e = NULL;
	sel->cap = sel->count = sel->head = 0;
}

int
sel_copy(struct sel *dst, const struct sel *src)
{
	*dst = *src;
	dst->e = NULL;
	if (src->cap == 0)
		return 0;
	if ((dst->e = calloc(src->cap, sizeof(*dst->e))) == NULL)
		return -1;
	memcpy(dst->e, src->e, src->cap * sizeof(*dst->e));
	return 0;
}

uint32_t
sel_clock(const struct sel *sel, int64_t now)
{
	int64_t	t = now + sel->offset;

	if (t < 0)
		t = 0;
	if (t > 0xffffffffLL)
		t = 0xffffffffLL;
	return (uint32_t)t;
}

const struct sel_entry *
sel_at(const struct sel *sel, size_t i)
{
	if (i >= sel->count)
		return NULL;
	return &sel->e[(sel->head + i) % sel->cap];
}

const struct sel_entry *
sel_get(const struct sel *sel, unsigned id)
{
	size_t	i;

	for (i = 0; i < sel->count; i++)
		if (sel_at(sel, i)->id == id)
			return sel_at(sel, i);
	return NULL;
}

size_t
sel_free_bytes(const struct sel *sel)
{
	return (sel->max - sel->count) * SEL_REC_LEN;
}

/* Room for one more entry; drops the oldest when full. */
static struct sel_entry *
slot(struct sel *sel)
{
	struct sel_entry	*ne;
	size_t			 ncap, i;

	if (sel->count == sel->max) {
		sel->head = (sel->head + 1) % sel->cap;
		sel->count--;
		sel->overflow = 1;
	}
	if (sel->count == sel->cap) {
		ncap = sel->cap ? sel->cap * 2 : 16;
		if (ncap > sel->max)
			ncap = sel->max;
		if ((ne = calloc(ncap, sizeof(*ne))) == NULL)
			return NULL;
		for (i = 0; i < sel->count; i++)
			ne[i] = sel->e[(sel->head + i) % sel->cap];
		free(sel->e);
		sel->e = ne;
		sel->cap = ncap;
		sel->head = 0;
	}
	return &sel->e[(sel->head + sel->count) % sel->cap];
}

static uint16_t
take_id(struct sel *sel)
{
	uint16_t	id = sel->next_id;

	sel->next_id = id >= SEL_ID_MAX ? 1 : id + 1;
	return id;
}

static void
put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static const struct sel_entry *
commit(struct sel *sel, int64_t now, const uint8_t rec[SEL_REC_LEN],
    int stamp, int sev, int origin, const char *msg)
{
	struct sel_entry	*e;

	if ((e = slot(sel)) == NULL)
		return NULL;
	memset(e, 0, sizeof(*e));
	memcpy(e->rec, rec, SEL_REC_LEN);
	e->id = take_id(sel);
	e->time = sel_clock(sel, now);
	put_le16(e->rec, e->id);
	if (stamp)
		put_le32(e->rec + 3, e->time);
	e->sev = (uint8_t)(sev >= 0 && sev <= SEL_SEV_CRITICAL ? sev : 0);
	e->origin = (uint8_t)(origin >= 0 && origin < SEL_ORG_N ? origin : 0);
	if (msg != NULL)
		strlcpy(e->msg, msg, sizeof(e->msg));
	else
		sel_describe(e->rec, e->msg, sizeof(e->msg));
	sel->count++;
	sel->added++;
	sel->last_add = e->time;
	return e;
}

const struct sel_entry *
sel_add_event(struct sel *sel, int64_t now, uint8_t stype, uint8_t snum,
    uint8_t dir, uint8_t ed1, uint8_t ed2, uint8_t ed3, int sev, int origin,
    const char *msg)
{
	uint8_t	rec[SEL_REC_LEN];

	/* IPMI v2.0 §32.1: id(2) type(1) time(4) gen(2) evmrev(1)
	 * stype(1) snum(1) dir|type(1) data(3) */
	memset(rec, 0, sizeof(rec));
	rec[2] = SEL_TYPE_SYSTEM;
	put_le16(rec + 7, SEL_GEN_BMC);
	rec[9] = SEL_EVM_REV;
	rec[10] = stype;
	rec[11] = snum;
	rec[12] = dir;
	rec[13] = ed1;
	rec[14] = ed2;
	rec[15] = ed3;
	return commit(sel, now, rec, 1, sev, origin, msg);
}

const struct sel_entry *
sel_add_raw(struct sel *sel, int64_t now, const uint8_t rec[SEL_REC_LEN],
    int sev, int origin, const char *msg)
{
	int	stamp = rec[2] == SEL_TYPE_SYSTEM ||
	    (rec[2] >= 0xc0 && rec[2] <= 0xdf);

	return commit(sel, now, rec, stamp, sev, origin, msg);
}

const struct sel_entry *
sel_add_text(struct sel *sel, int64_t now, const char *msg, int sev,
    int origin)
{
	uint8_t	rec[SEL_REC_LEN];
	size_t	n = strlen(msg);

	/* OEM timestamped (C0h): time(4) manufacturer id(3) OEM data(6);
	 * IANA 0 and the first six bytes of the text. */
	memset(rec, 0, sizeof(rec));
	rec[2] = 0xc0;
	memcpy(rec + 10, msg, n < 6 ? n : 6);
	return commit(sel, now, rec, 1, sev, origin, msg);
}

const struct sel_entry *
sel_clear(struct sel *sel, int64_t now, int origin)
{
	sel->head = sel->count = 0;
	sel->overflow = 0;
	sel->next_id = 1;
	sel->added = 0;
	sel->cleared = 1;
	sel->last_erase = sel_clock(sel, now);
	/* Event Logging Disabled, offset 02h: Log Area Reset/Cleared */
	return sel_add_event(sel, now, SEL_ST_LOGGING, SEL_SN_LOG,
	    SEL_DIR_ASSERT, 0x02, 0xff, 0xff, SEL_SEV_OK, origin,
	    "Log area reset/cleared");
}

int
sel_restore(struct sel *sel, const struct sel_entry *src)
{
	struct sel_entry	*e;

	if (src->id == 0 || src->id > SEL_ID_MAX)
		return BMC_ERANGE;
	if ((e = slot(sel)) == NULL)
		return BMC_ENOMEM;
	*e = *src;
	e->msg[SEL_MSG_MAX] = '\0';
	sel->count++;
	return 0;
}

static const struct {
	uint8_t		 type;
	const char	*name;
	const char	*off[8];
} stypes[] = {
	{ 0x01, "Temperature", { NULL } },
	{ 0x02, "Voltage", { NULL } },
	{ 0x04, "Fan", { NULL } },
	{ 0x07, "Processor", { "IERR", "Thermal trip", "FRB1/BIST failure",
	    "FRB2/Hang in POST", "FRB3/Processor startup failure",
	    "Configuration error", "SM BIOS uncorrectable CPU-complex error",
	    "Presence detected" } },
	{ 0x08, "Power Supply", { "Presence detected", "Failure detected",
	    "Predictive failure", "Power supply AC lost", NULL } },
	{ SEL_ST_POWER_UNIT, "Power Unit", { "Power off/down", "Power cycle",
	    "240VA power down", "Interlock power down", "AC lost",
	    "Soft power control failure", "Failure detected",
	    "Predictive failure" } },
	{ 0x0c, "Memory", { "Correctable ECC", "Uncorrectable ECC", NULL } },
	{ 0x0f, "System Firmware Progress", { "Error", "Hang", "Progress" } },
	{ SEL_ST_LOGGING, "Event Logging Disabled", {
	    "Correctable memory error logging disabled",
	    "Event type logging disabled", "Log area reset/cleared",
	    "All event logging disabled", "SEL full", "SEL almost full" } },
	{ 0x11, "Watchdog 1", { NULL } },
	{ SEL_ST_SYSTEM_EVENT, "System Event", { "System reconfigured",
	    "OEM system boot event", "Undetermined system hardware failure",
	    "Entry added to auxiliary log", "PEF action", "Timestamp clock sync"
	    } },
	{ SEL_ST_CRIT_INT, "Critical Interrupt", { "Front panel NMI",
	    "Bus timeout", "I/O channel check NMI", "Software NMI",
	    "PCI PERR", "PCI SERR", "EISA failsafe timeout",
	    "Bus correctable error" } },
	{ 0x14, "Button", { "Power button pressed", "Sleep button pressed",
	    "Reset button pressed", NULL } },
	{ SEL_ST_BOOT, "System Boot Initiated", { "Initiated by power up",
	    "Initiated by hard reset", "Initiated by warm reset",
	    "User requested PXE boot", "Automatic boot to diagnostic",
	    "OS/run-time software initiated hard reset",
	    "OS/run-time software initiated warm reset", "System restart" } },
	{ 0x1e, "Boot Error", { "No bootable media", NULL } },
	{ 0x1f, "OS Boot", { "A: boot completed", "C: boot completed",
	    "PXE boot completed", "Diagnostic boot completed",
	    "CD-ROM boot completed", "ROM boot completed",
	    "Boot completed", NULL } },
	{ SEL_ST_OS_STOP, "OS Stop/Shutdown", { "Critical stop during OS load",
	    "Run-time critical stop", "OS graceful stop",
	    "OS graceful shutdown", "Soft shutdown by PEF",
	    "Agent not responding", NULL } },
	{ 0x22, "System ACPI Power State", { "S0/G0: working",
	    "S1: sleeping", "S2: sleeping", "S3: sleeping",
	    "S4: suspend-to-disk",
	    "S5/G2: soft-off", "S4/S5: soft-off", "G3: mechanical off" } },
	{ SEL_ST_WATCHDOG2, "Watchdog 2", { "Timer expired", "Hard reset",
	    "Power down", "Power cycle", NULL } },
};

void
sel_describe(const uint8_t rec[SEL_REC_LEN], char *out, size_t len)
{
	const char	*name = "Sensor", *what = NULL;
	size_t		 i;
	unsigned	 off = rec[13] & 0x0f;

	if (rec[2] != SEL_TYPE_SYSTEM) {
		snprintf(out, len, "OEM record type 0x%02x", rec[2]);
		return;
	}
	for (i = 0; i < nitems(stypes); i++)
		if (stypes[i].type == rec[10]) {
			name = stypes[i].name;
			if ((rec[12] & 0x7f) == 0x6f && off < 8)
				what = stypes[i].off[off];
			break;
		}
	if (what != NULL)
		snprintf(out, len, "%s #0x%02x: %s %s", name, rec[11], what,
		    rec[12] & 0x80 ? "deasserted" : "asserted");
	else
		snprintf(out, len, "%s #0x%02x: event type 0x%02x offset 0x%x "
		    "%s", name, rec[11], rec[12] & 0x7f, off,
		    rec[12] & 0x80 ? "deasserted" : "asserted");
}
