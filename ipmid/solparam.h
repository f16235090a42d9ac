/* solparam.h: SOL configuration parameters (Set/Get SOL Configuration) for the SOL payload code. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_SOLPARAM_H
#define BMC_SOLPARAM_H

#include <stdint.h>

struct ipmid;

/*
 * IPMI v2.0 table 26-5.  cmd_transport.c owns these (in struct cmd_state)
 * and answers Get/Set SOL Configuration Parameters; sol.c reads them when
 * a payload is activated.  Defaults: enabled, OPERATOR privilege, no forced
 * encryption/authentication, 60 ms accumulate, 96-byte threshold, 7
 * retries every 500 ms, 115200 bit/s.
 */
struct solparam {
	uint8_t		inprog;		/* param 0 */
	uint8_t		enabled;	/* param 1 bit 0 */
	/* param 2: bit7 force encrypt, bit6 force auth, 3:0 priv */
	uint8_t		auth;
	uint8_t		accum_5ms;	/* param 3 byte 1, 5 ms units */
	uint8_t		send_thresh;	/* param 3 byte 2, characters */
	uint8_t		retry_count;	/* param 4 byte 1, bits 2:0 */
	uint8_t		retry_10ms;	/* param 4 byte 2, 10 ms units */
	uint8_t		nv_rate;	/* param 5 */
	uint8_t		v_rate;		/* param 6 */
	uint16_t	port;		/* param 8, read-only (default 623) */
};

/* NULL before cmd_init() */
const struct solparam	*solparam_get(const struct ipmid *);
/* The transport tells the UDP port it serves (param 8). */
void			 solparam_set_port(struct ipmid *, uint16_t);
/*
 * 1 if user id may activate SOL (Set User Payload Access has not taken it
 * away), for sol.c to check on Activate Payload.  Added after the first
 * version of this header; the two above are unchanged.
 */
int			 solparam_user_sol(const struct ipmid *, uint8_t);

#endif
