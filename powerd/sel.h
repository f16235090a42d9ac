/* sel.h: the System Event Log: a bounded ring of 16-byte IPMI records; pure. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_SEL_H
#define PD_SEL_H

#include <stddef.h>
#include <stdint.h>

#define SEL_REC_LEN	16		/* IPMI v2.0 §32.1 SEL event record */
#define SEL_MSG_MAX	95
#define SEL_ID_MAX	0xfffe		/* 0x0000 and 0xffff are reserved */
/* generator id: BMC (slave address 20h) */
#define SEL_GEN_BMC	0x0020
#define SEL_EVM_REV	0x04		/* IPMI v2.0 event message revision */
#define SEL_TYPE_SYSTEM	0x02		/* standard system event record */

/* IPMI sensor types (IPMI v2.0 Table 42-3) */
#define SEL_ST_CRIT_INT		0x13
#define SEL_ST_POWER_UNIT	0x09
#define SEL_ST_LOGGING		0x10	/* Event Logging Disabled */
#define SEL_ST_SYSTEM_EVENT	0x12
#define SEL_ST_BOOT		0x1d	/* System Boot / Restart Initiated */
#define SEL_ST_OS_STOP		0x20	/* OS Stop / Shutdown */
#define SEL_ST_WATCHDOG2	0x23
#define SEL_ST_SESSION_AUDIT	0x2a

/* sensor numbers of powerd's discrete sensors (doc/protocol.md) */
#define SEL_SN_POWER_UNIT	0x60
#define SEL_SN_BOOT		0x61
#define SEL_SN_OS		0x62
#define SEL_SN_SYSTEM		0x63
#define SEL_SN_LOG		0x64
#define SEL_SN_NMI		0x65
#define SEL_SN_SESSION		0x66

#define SEL_DIR_ASSERT		0x6f	/* sensor-specific, assertion */
#define SEL_DIR_DEASSERT	0xef	/* sensor-specific, deassertion */

enum sel_sev { SEL_SEV_OK, SEL_SEV_WARNING, SEL_SEV_CRITICAL };
enum sel_origin {
	SEL_ORG_POWERD, SEL_ORG_IPMI, SEL_ORG_REDFISH, SEL_ORG_OS,
	SEL_ORG_ENGINE, SEL_ORG_N
};

struct sel_entry {
	uint16_t	id;
	uint32_t	time;
	uint8_t		rec[SEL_REC_LEN];
	uint8_t		sev;
	uint8_t		origin;
	char		msg[SEL_MSG_MAX + 1];
};

struct sel {
	/* grows up to max, then a ring */
	struct sel_entry	*e;
	size_t			 cap;
	size_t			 head;		/* index of the oldest */
	size_t			 count;
	size_t			 max;
	uint16_t		 next_id;
	int64_t			 last_add;
	int64_t			 last_erase;
	int			 overflow;
	int64_t			 offset;	/* SEL clock - real time, s */
	/* for the glue that persists the log: */
	size_t			 added;		/* entries added since reset */
	int			 cleared;	/* a clear since reset */
};

void	sel_init(struct sel *, size_t max);
void	sel_free(struct sel *);
/* dst becomes a copy of src with entries of its own; 0 or -1 (ENOMEM) */
int	sel_copy(struct sel *dst, const struct sel *src);
/* i-th entry, oldest first; NULL when out of range */
const struct sel_entry *sel_at(const struct sel *, size_t i);
const struct sel_entry *sel_get(const struct sel *, unsigned id);
/*
 * Add a standard record (type 02h, generator 0020h) for a sensor event.
 * now is real time (s); the entry's time is the SEL clock.  Returns the
 * entry or NULL (BMC_ENOMEM).
 */
const struct sel_entry *sel_add_event(struct sel *, int64_t now,
	    uint8_t stype, uint8_t snum, uint8_t dir, uint8_t ed1, uint8_t ed2,
	    uint8_t ed3, int sev, int origin, const char *msg);
/*
 * Add a record as given (IPMI Add SEL Entry): the record id is assigned and
 * the timestamp set for type 02h and C0h-DFh; others are kept.  msg NULL:
 * one is made from the record.
 */
const struct sel_entry *sel_add_raw(struct sel *, int64_t now,
	    const uint8_t rec[SEL_REC_LEN], int sev, int origin,
	    const char *msg);
/* Add an OEM timestamped record (C0h) carrying a text message. */
const struct sel_entry *sel_add_text(struct sel *, int64_t now,
	    const char *msg, int sev, int origin);
/* Clear; the "log area reset/cleared" entry is the first new one. */
const struct sel_entry *sel_clear(struct sel *, int64_t now, int origin);
/* Restore an entry as stored (state file); 0 or BMC_E*. */
int	sel_restore(struct sel *, const struct sel_entry *);
uint32_t sel_clock(const struct sel *, int64_t now);
size_t	sel_free_bytes(const struct sel *);
/* Describe a record in words ("Power Unit #0x60: Power off/down asserted"). */
void	sel_describe(const uint8_t rec[SEL_REC_LEN], char *out, size_t len);

const char	*sel_sev_str(int);
int		 sel_sev_parse(const char *);
const char	*sel_origin_str(int);
int		 sel_origin_parse(const char *);

#endif
