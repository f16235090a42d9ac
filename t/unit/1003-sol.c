/* 1003-sol.c: the SOL packet parser (IPMI v2.0 table 15-2), every truncation, sequence wrap. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <string.h>

#include "util.h"
#include "../../ipmid/sol.h"
#include "../tap.h"

int
main(void)
{
	/* ipmitool sending "ls\r" as packet 3, acking our packet 2 with 5 chars */
	static const uint8_t	pkt[] = { 0x03, 0x02, 0x05, 0x00, 'l', 's', '\r' };
	static const uint8_t	ack[] = { 0x00, 0x07, 0x10, 0x40 };
	uint8_t			big[4 + SOL_PKT_MAX + 1];
	struct sol_pkt		k;
	size_t			n;
	int			bad = 0, s, i;

	is_int(sol_parse(pkt, sizeof(pkt), &k), 0, "data packet");
	is_int(k.seq, 3, "seq");
	is_int(k.ack, 2, "ack seq");
	is_int(k.count, 5, "accepted count");
	is_int(k.len, 3, "3 data bytes");
	ok(memcmp(k.data, "ls\r", 3) == 0, "data");
	is_int(sol_parse(ack, sizeof(ack), &k), 0, "ack-only packet");
	is_int(k.seq, 0, "seq 0 = ack only");
	is_int(k.status & SOL_ST_NACK, SOL_ST_NACK, "NACK bit");
	is_int(k.len, 0, "no data");
	for (n = 0; n < 4; n++)
		if (sol_parse(pkt, n, &k) != BMC_ESHORT)
			bad++;
	ok(bad == 0, "every truncation of the 4-byte header is BMC_ESHORT");
	memset(big, 0, sizeof(big));
	is_int(sol_parse(big, sizeof(big), &k), BMC_ETOOLONG,
	    "more than SOL_PKT_MAX data bytes refused");
	is_int(sol_parse(big, sizeof(big) - 1, &k), 0, "SOL_PKT_MAX accepted");
	big[0] = 0xF3;
	big[1] = 0xA2;
	is_int(sol_parse(big, 8, &k), 0, "reserved bits");
	is_int(k.seq, 3, "seq masked to 4 bits");
	is_int(k.ack, 2, "ack masked to 4 bits");
	for (s = 0, i = 0; i < 30; i++) {
		s = sol_next_seq((uint8_t)s);
		if (s < 1 || s > 15)
			bad++;
	}
	ok(bad == 0, "sequence numbers stay in 1..15");
	is_int(sol_next_seq(15), 1, "15 wraps to 1, never 0");
	return done_testing();
}
