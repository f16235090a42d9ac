/* telnet.h: the TCP port's telnet side: negotiation parser and IAC escaping. */
/* SPDX-License-Identifier: ISC */
#ifndef SOLD_TELNET_H
#define SOLD_TELNET_H

#include <stddef.h>
#include <stdint.h>

/* RFC 854 commands and the RFC 856/857/858 options sold knows. */
#define TN_SE		240
#define TN_NOP		241
#define TN_SB		250
#define TN_WILL		251
#define TN_WONT		252
#define TN_DO		253
#define TN_DONT		254
#define TN_IAC		255
#define TN_OPT_BINARY	0
#define TN_OPT_ECHO	1
#define TN_OPT_SGA	3

/* The offer sold sends on connect: IAC WILL ECHO, IAC WILL SGA. */
#define TELNET_OFFER_LEN	6

/*
 * Parser state survives between reads, so a command split across reads
 * (every truncation) is handled.  Options are tracked per side as RFC 1143
 * asks in spirit: a request for the mode already in force gets no answer,
 * so two peers can never loop.  Subnegotiations are skipped without
 * buffering.  Pure.
 */
struct telnet {
	int		 state;
	uint8_t		 verb;		/* WILL/WONT/DO/DONT */
	uint8_t		 cr;		/* last data byte was CR */
	uint8_t		 seen_iac;	/* the peer speaks telnet */
	uint32_t	 us[8];		/* options enabled on our side */
	uint32_t	 him[8];	/* options enabled on the peer's side */
};

void	telnet_init(struct telnet *);
/* Write the offer into out (TELNET_OFFER_LEN bytes) and note it. */
size_t	telnet_offer(struct telnet *, uint8_t *out);
/*
 * Feed len bytes from the peer.  Host data goes to data (room for len
 * bytes: telnet never expands), answers for the peer to reply (room for
 * len + 2 bytes: an answer is 3 bytes for a 3-byte request, whose first
 * two bytes may have come in the previous call).  *dlen and *rlen are
 * set.  Never fails: junk is data or ignored, as RFC 854 says.  CR NUL
 * becomes CR (NVT end of line in character mode).
 */
void	telnet_feed(struct telnet *, const uint8_t *in, size_t len,
	    uint8_t *data, size_t *dlen, uint8_t *reply, size_t *rlen);
/* 1 if the peer has sent any IAC: host 0xFF bytes must then be doubled. */
int	telnet_active(const struct telnet *);
int	telnet_us(const struct telnet *, uint8_t opt);
int	telnet_him(const struct telnet *, uint8_t opt);
/*
 * Copy src to dst doubling IAC; stops before a byte that does not fit.
 * Returns bytes written, *used is set to bytes of src consumed.
 */
size_t	telnet_escape(const uint8_t *src, size_t srclen, uint8_t *dst,
	    size_t dstcap, size_t *used);

#endif
