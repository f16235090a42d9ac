/* 5002-sel.c: the SEL ring: records, ids, overflow, clear, restore. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "util.h"
#include "../../powerd/sel.h"

int
main(void)
{
	struct sel		 sel;
	const struct sel_entry	*e;
	uint8_t			 rec[SEL_REC_LEN], want[SEL_REC_LEN];
	char			 msg[SEL_MSG_MAX + 1];
	int			 i, ok_ids = 1;

	sel_init(&sel, 1024);
	e = sel_add_event(&sel, 1700000000, SEL_ST_POWER_UNIT,
	    SEL_SN_POWER_UNIT, SEL_DIR_ASSERT, 0x00, 0xff, 0xff, SEL_SEV_OK,
	    SEL_ORG_IPMI, "Power off");
	ok(e != NULL, "add an event");
	/* id 1, type 02, time LE, generator 0020, evm 04, 09 60 6f 00 ff ff */
	memcpy(want, "\x01\x00\x02\x00\xf1\x53\x65\x20\x00\x04\x09\x60\x6f"
	    "\x00\xff\xff", SEL_REC_LEN);
	is_mem(e->rec, want, SEL_REC_LEN, "16-byte IPMI record");
	is_int(e->id, 1, "first id is 1");
	is_int(e->time, 1700000000, "real epoch timestamp");
	is_str(e->msg, "Power off", "human message");
	is_int(sel.count, 1, "count 1");
	is_int(sel.last_add, 1700000000, "last add");

	sel.offset = -100;
	e = sel_add_text(&sel, 1700000000, "hello world", SEL_SEV_WARNING,
	    SEL_ORG_REDFISH);
	is_int(e->time, 1700000000 - 100, "SEL clock offset applied");
	is_int(e->rec[2], 0xc0, "text entries are OEM timestamped records");
	is_int(e->id, 2, "ids increase");
	sel.offset = 0;

	memset(rec, 0xaa, sizeof(rec));
	rec[2] = 0x02;
	e = sel_add_raw(&sel, 1700000001, rec, SEL_SEV_OK, SEL_ORG_IPMI, NULL);
	is_int(e->rec[0] | e->rec[1] << 8, 3, "raw: record id filled in");
	is_int(e->rec[3] | e->rec[4] << 8 | e->rec[5] << 16 |
	    (uint32_t)e->rec[6] << 24, 1700000001, "raw type 02: timestamp set");
	ok(strstr(e->msg, "asserted") != NULL || strstr(e->msg, "event") !=
	    NULL, "raw: message made from the record (%s)", e->msg);
	rec[2] = 0xe0;
	e = sel_add_raw(&sel, 1700000002, rec, SEL_SEV_OK, SEL_ORG_IPMI, NULL);
	is_int(e->rec[3], 0xaa, "raw type e0 (OEM non-timestamped) kept");
	ok(sel_get(&sel, 3) != NULL && sel_get(&sel, 99) == NULL, "get by id");

	e = sel_clear(&sel, 1700000100, SEL_ORG_IPMI);
	is_int(sel.count, 1, "clear leaves one entry");
	is_int(e->id, 1, "ids restart after a clear");
	is_int(e->rec[10], SEL_ST_LOGGING, "clear entry: Event Logging "
	    "Disabled");
	is_int(e->rec[13] & 0x0f, 2, "offset 02h log area reset/cleared");
	is_int(sel.last_erase, 1700000100, "last erase");

	for (i = 0; i < 2000; i++)
		sel_add_event(&sel, 1700000200 + i, SEL_ST_BOOT, SEL_SN_BOOT,
		    SEL_DIR_ASSERT, 1, 0xff, 0xff, 0, 0, "reset");
	is_int(sel.count, 1024, "bounded at 1024");
	ok(sel.overflow, "overflow set");
	for (i = 1; i < 1024; i++)
		if (sel_at(&sel, (size_t)i)->id != sel_at(&sel, (size_t)i - 1)->id + 1)
			ok_ids = 0;
	ok(ok_ids, "oldest first, ids consecutive");
	is_int(sel_at(&sel, 1023)->time, 1700000200 + 1999, "newest last");
	ok(sel_at(&sel, 1024) == NULL, "out of range");
	is_int(sel_free_bytes(&sel), 0, "no free bytes");
	sel_free(&sel);

	sel_init(&sel, 16);
	for (i = 0; i < 70000; i++)
		sel_add_event(&sel, 1, 1, 1, 0x6f, 0, 0xff, 0xff, 0, 0, NULL);
	e = sel_at(&sel, 15);
	ok(e->id >= 1 && e->id <= SEL_ID_MAX, "ids wrap within 1..fffe");
	sel_free(&sel);

	sel_describe((const uint8_t *)"\x01\x00\x02\x00\x00\x00\x00\x20\x00"
	    "\x04\x1d\x61\x6f\x06\xff\xff", msg, sizeof(msg));
	ok(strstr(msg, "OS/run-time software initiated warm reset") != NULL,
	    "describe: %s", msg);
	sel_describe((const uint8_t *)"\x01\x00\x02\x00\x00\x00\x00\x20\x00"
	    "\x04\x09\x60\xef\x00\xff\xff", msg, sizeof(msg));
	ok(strstr(msg, "Power off/down deasserted") != NULL, "describe: %s",
	    msg);
	is_int(sel_sev_parse("Critical"), SEL_SEV_CRITICAL, "severity");
	is_int(sel_origin_parse("os"), SEL_ORG_OS, "origin");
	is_int(sel_origin_parse("x"), -1, "unknown origin");
	return done_testing();
}
