/* 1002-sol.c: libFuzzer harness for the SOL packet parser and the SOL state machine's input. */
/* SPDX-License-Identifier: ISC */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ev.h>

#include "util.h"
#include "../../ipmid/ipmid.h"
#include "../../ipmid/sess.h"
#include "../../ipmid/sol.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_send(void *arg, const struct sess_peer *peer, const uint8_t *p, size_t n)
{
	(void)arg;
	(void)peer;
	(void)p;
	(void)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct ipmid	 d;
	struct sol_pkt		 k;

	if (d.loop == NULL) {
		d.loop = ev_default_loop(0);
		if ((d.sessions = sess_new(4, fuzz_send, NULL)) == NULL ||
		    sol_init(&d, "/nonexistent/sold.sock") == -1)
			return 0;
	}
	if (sol_parse(data, len, &k) == 0 && k.len > SOL_PKT_MAX)
		__builtin_trap();
	/* no payload active: must be ignored whatever the bytes */
	sol_input(&d, 1, data, len);
	return 0;
}
