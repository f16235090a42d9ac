/* 1004-seqwin.c: session sequence windows with the replay bitmap (RMCP+ 15/16, IPMI 1.5 8/8). */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>

#include "../../ipmid/sess.h"
#include "../tap.h"

int
main(void)
{
	uint32_t	hi = 0, map = 0, s;
	int		bad = 0;

	is_int(sess_seq_accept(&hi, &map, 0, 15, 16), -1, "0 is never valid");
	is_int(sess_seq_accept(&hi, &map, 1, 15, 16), 0, "first packet 1");
	is_int(sess_seq_accept(&hi, &map, 1, 15, 16), -1, "replay of 1");
	is_int(sess_seq_accept(&hi, &map, 3, 15, 16), 0, "3 (2 skipped)");
	is_int(sess_seq_accept(&hi, &map, 2, 15, 16), 0, "late 2 inside the window");
	is_int(sess_seq_accept(&hi, &map, 2, 15, 16), -1, "replay of late 2");
	is_int(sess_seq_accept(&hi, &map, 3 + 16, 15, 16), -1, "16 ahead refused");
	is_int(sess_seq_accept(&hi, &map, 3 + 15, 15, 16), 0, "15 ahead accepted");
	is_int(hi, 18, "window moved");
	is_int(sess_seq_accept(&hi, &map, 4, 15, 16), 0, "14 behind, unseen");
	is_int(sess_seq_accept(&hi, &map, 4, 15, 16), -1, "14 behind, seen");
	is_int(sess_seq_accept(&hi, &map, 3, 15, 16), -1, "15 behind, seen");
	is_int(sess_seq_accept(&hi, &map, 2, 15, 16), -1, "16 behind refused");
	for (s = 19; s < 19 + 100; s++)
		if (sess_seq_accept(&hi, &map, s, 15, 16) != 0)
			bad++;
	ok(bad == 0, "in-order stream accepted");
	/* wrap-around: the window crosses 2^32 */
	hi = 0xFFFFFFF0;
	map = 1;
	is_int(sess_seq_accept(&hi, &map, 0xFFFFFFFE, 15, 16), 0, "near wrap");
	is_int(sess_seq_accept(&hi, &map, 0xFFFFFFF3, 8, 8), -1,
	    "1.5 window: 11 behind refused");
	is_int(sess_seq_accept(&hi, &map, 0xFFFFFFF7, 8, 8), 0,
	    "1.5 window: 7 behind accepted");
	is_int(sess_seq_accept(&hi, &map, 5, 15, 16), 0,
	    "5 across the wrap (7 ahead)");
	is_int(sess_seq_accept(&hi, &map, 4, 15, 16), 0, "4 across the wrap");
	is_int(sess_seq_accept(&hi, &map, 0xFFFFFFFE, 15, 16), -1,
	    "replay across the wrap");
	return done_testing();
}
