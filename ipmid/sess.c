/* sess.c: IPMI 1.5 and RMCP+ sessions: handshakes, integrity, sequence windows, session commands. */
/* SPDX-License-Identifier: ISC */

/*
 * Pure with respect to I/O: datagrams come in through sess_input() with
 * the time, replies leave through the table's send function, randomness
 * comes from util_random.  The order for every packet is: parse, find the
 * session, check integrity (HMAC or 1.5 AuthCode), then the sequence
 * window, and only then touch any session state.
 */

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/platform_util.h>

#include "rbuf.h"
#include "util.h"
#include "ipmid.h"
#include "crypto.h"
#include "rmcp.h"
#include "sess.h"
#include "sol.h"

enum sess_state {
	SS_FREE = 0,
	SS_CHALLENGE,		/* 1.5: Get Session Challenge answered */
	SS_OPEN,		/* 2.0: Open Session answered */
	SS_RAKP2,		/* 2.0: RAKP2 sent, waiting for RAKP3 */
	SS_ACTIVE
};

struct sess {
	enum sess_state	 state;
	uint32_t	 gen;
	uint32_t	 bmc_sid;		/* ours */
	uint32_t	 con_sid;		/* the console's (2.0) */
	int		 v20;
	uint8_t		 tag;
	uint8_t		 auth, integ, conf;
	uint8_t		 open_priv;		/* Open Session's maximum */
	uint8_t		 max_priv;		/* min(role, user, channel) */
	uint8_t		 priv;			/* current */
	uint8_t		 userid;
	uint8_t		 authtype15;
	uint8_t		 challenge[16];
	uint8_t		 pw16[16];
	struct rakp	 rk;
	uint8_t		 sik[CRYPTO_MAC_MAX];
	uint8_t		 k1[CRYPTO_MAC_MAX];
	uint8_t		 k2[CRYPTO_MAC_MAX];
	uint32_t	 in_hi, in_map;		/* authenticated inbound window */
	uint32_t	 un_hi, un_map;		/* unauthenticated inbound window */
	uint32_t	 out_seq;
	int		 got_msg;
	int		 fail_told;		/* a wrong password reported */
	double		 created, last;
	struct sess_peer peer;
};

/* A request in flight: ipmi_call first, so tctx == the tcall. */
struct tcall {
	struct ipmi_call	 c;
	struct tcall		*next, *prev;
	struct ipmi_lanmsg	 hdr;		/* addressing of the request */
	struct sess_peer	 peer;
	int			 slot;		/* -1: sessionless */
	uint32_t		 gen;
	int			 close_after;
};

#define SESS_RAND_POOL		512	/* random bytes fetched per getrandom */

/*
 * An RMCP+ handshake between Open Session and RAKP 1 costs nobody
 * anything to start, so it lives in its own ring of SESS_OPEN_MAX small
 * records, apart from the session slots: a flood of Open Session requests
 * only ever overwrites the oldest such record (each lives SESS_OPEN_MAX
 * Open Sessions: 270 ms at 30 000/s) and never a handshake past RAKP 1 or
 * a session.  The ring index is the low bits of the BMC session id.
 */
#define SESS_OPEN_BITS		13
#define SESS_OPEN_MAX		(1 << SESS_OPEN_BITS)

struct half {
	uint32_t	 bmc_sid;		/* 0: free */
	uint32_t	 con_sid;
	uint8_t		 tag, auth, integ, conf, open_priv;
	double		 created;
	/* whose listener the Open Session came to (a shared ring, -M) */
	const struct sess_table *owner;
};

/*
 * The ring is the table's own, or one shared by every table of an
 * aggregated ipmid (-M): a record is only ever found by the table that
 * made it, so a handshake opened on one server's listener cannot go on
 * on another's.
 */
struct sess_ring {
	struct half		 h[SESS_OPEN_MAX];
	unsigned int		 hnext;		/* next ring slot to take */
};

struct sess_table {
	struct sess		*s;		/* n slots; lazy: NULL, n 0 */
	struct sess_ring	*ring;
	int			 own_ring;
	int			 lazy;		/* slots on first use (-M) */
	int			 max;
	uint8_t			 pool[SESS_RAND_POOL];
	size_t			 pool_left;
	int			 n;
	uint32_t		 gen;
	sess_send_fn		 send;
	void			*arg;
	struct tcall		*calls;
	struct ipmid		*d;		/* set on every entry */
	uint16_t		 ports[SESS_LISTEN_MAX];
	struct sess_stats	 st;
	double			 now;
	uint8_t			 out[IPMI_MAX_PKT];
	uint8_t			 tmp[IPMI_MAX_PKT];
};

static const uint8_t suite_algs[][4] = {
	/* id, auth, integ, conf (IPMI v2.0 table 22-20) */
	{ 0, RAKP_AUTH_NONE, RAKP_INTEG_NONE, RAKP_CONF_NONE },
	{ 1, RAKP_AUTH_SHA1, RAKP_INTEG_NONE, RAKP_CONF_NONE },
	{ 2, RAKP_AUTH_SHA1, RAKP_INTEG_SHA1_96, RAKP_CONF_NONE },
	{ 3, RAKP_AUTH_SHA1, RAKP_INTEG_SHA1_96, RAKP_CONF_AES_CBC_128 },
	{ 15, RAKP_AUTH_SHA256, RAKP_INTEG_NONE, RAKP_CONF_NONE },
	{ 16, RAKP_AUTH_SHA256, RAKP_INTEG_SHA256_128, RAKP_CONF_NONE },
	{ 17, RAKP_AUTH_SHA256, RAKP_INTEG_SHA256_128, RAKP_CONF_AES_CBC_128 },
};

/* RMCP+ status codes (IPMI v2.0 table 13-15). */
#define RS_NO_RESOURCES		0x01
#define RS_BAD_SID		0x02
#define RS_BAD_PAYLOAD		0x03
#define RS_BAD_ROLE		0x09
#define RS_BAD_NAME_LEN		0x0C
#define RS_UNAUTH_NAME		0x0D
#define RS_BAD_ICV		0x0F
#define RS_NO_SUITE		0x11
#define RS_BAD_PARAM		0x12

/* Session-layer command numbers (netfn App). */
#define CMD_AUTH_CAPS		0x38
#define CMD_CHALLENGE		0x39
#define CMD_ACTIVATE		0x3A
#define CMD_SET_PRIV		0x3B
#define CMD_CLOSE		0x3C
#define CMD_SESS_INFO		0x3D
#define CMD_ACT_PAYLOAD		0x48
#define CMD_DEACT_PAYLOAD	0x49
#define CMD_PAYLOAD_STATUS	0x4A
#define CMD_PAYLOAD_INSTANCE	0x4B
#define CMD_PAYLOAD_SUPPORT	0x4E
#define CMD_PAYLOAD_VERSION	0x4F
#define CMD_CIPHER_SUITES	0x54

static uint8_t	min_u8(uint8_t a, uint8_t b) { return a < b ? a : b; }

/* A table without slots or ring: max clamped, the sender set. */
static struct sess_table *
table_alloc(int max, sess_send_fn send, void *arg)
{
	struct sess_table	*t;

	if (max < 1)
		max = 1;
	if (max > SESS_MAX_LIMIT)
		max = SESS_MAX_LIMIT;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->max = max;
	t->send = send;
	t->arg = arg;
	return t;
}

struct sess_table *
sess_new(int max, sess_send_fn send, void *arg)
{
	struct sess_table	*t;

	if ((t = table_alloc(max, send, arg)) == NULL)
		return NULL;
	if ((t->s = calloc((size_t)t->max, sizeof(*t->s))) == NULL ||
	    (t->ring = sess_ring_new()) == NULL) {
		free(t->s);
		free(t);
		return NULL;
	}
	t->own_ring = 1;
	t->n = t->max;
	return t;
}

struct sess_ring *
sess_ring_new(void)
{
	return calloc(1, sizeof(struct sess_ring));
}

void
sess_ring_free(struct sess_ring *r)
{
	if (r == NULL)
		return;
	mbedtls_platform_zeroize(r, sizeof(*r));
	free(r);
}

struct sess_table *
sess_new_lazy(int max, sess_send_fn send, void *arg, struct sess_ring *ring)
{
	struct sess_table	*t;

	if ((t = table_alloc(max, send, arg)) == NULL)
		return NULL;
	t->ring = ring;
	t->lazy = 1;
	return t;
}

/* A lazy table's slots, on the first handshake; -1 on ENOMEM. */
static int
slots(struct sess_table *t)
{
	if (t->s != NULL)
		return 0;
	if ((t->s = calloc((size_t)t->max, sizeof(*t->s))) == NULL)
		return -1;
	t->n = t->max;
	return 0;
}

int
sess_busy(const struct sess_table *t)
{
	return t->s != NULL || t->calls != NULL;
}

int
sess_quiet(const struct sess_table *t)
{
	int	i;

	if (t->calls != NULL)
		return 0;
	for (i = 0; i < t->n; i++)
		if (t->s[i].state != SS_FREE)
			return 0;
	if (t->own_ring)
		for (i = 0; i < SESS_OPEN_MAX; i++)
			if (t->ring->h[i].bmc_sid != 0)
				return 0;
	return 1;
}

static void
sess_wipe(struct sess *s)
{
	uint32_t	gen = s->gen;

	mbedtls_platform_zeroize(s, sizeof(*s));
	s->gen = gen + 1;
	s->state = SS_FREE;
}

/*
 * A wrong password for the handshake's user (lockout, #10): reported to
 * powerd once per handshake, which counts and logs it.
 */
static void
wrong_password(struct sess_table *t, struct sess *s)
{
	const struct ipmid_user	*u;

	if (s->fail_told || t->d == NULL)
		return;
	s->fail_told = 1;
	if (s->v20)
		users_login_failed(t->d, s->rk.name, s->rk.ulen);
	else if (s->userid <= IPMID_USERS_MAX &&
	    (u = &t->d->users[s->userid])->used)
		users_login_failed(t->d, (const uint8_t *)u->name,
		    u->namelen);
}

/*
 * ipmitool and FreeIPMI check our RAKP 2 against their password and,
 * when it does not match, give up without a RAKP 3: a RAKP 2 left
 * unanswered past its grace is how a wrong password looks from here.
 */
static void
rakp2_abandoned(struct sess_table *t, struct sess *s)
{
	if (s->state == SS_RAKP2 && t->now - s->last > SESS_RAKP2_GRACE_S)
		wrong_password(t, s);
}

void
sess_free(struct sess_table *t)
{
	struct tcall	*tc, *next;
	int		 i;

	if (t == NULL)
		return;
	for (tc = t->calls; tc != NULL; tc = next) {
		next = tc->next;
		free(tc);
	}
	for (i = 0; i < t->n; i++)
		sess_wipe(&t->s[i]);
	if (t->own_ring)
		sess_ring_free(t->ring);
	else
		for (i = 0; i < SESS_OPEN_MAX; i++)
			if (t->ring->h[i].owner == t)
				memset(&t->ring->h[i], 0, sizeof(t->ring->h[i]));
	free(t->s);
	free(t);
}

const struct sess_stats *
sess_stats(const struct sess_table *t)
{
	return &t->st;
}

/*
 * Session ids, RAKP randoms, challenges and AES IVs: every one of them
 * comes from getrandom(2) through util_random, fetched SESS_RAND_POOL
 * bytes at a time (an encrypted session needs an IV per reply).
 */
static int
rnd(struct sess_table *t, void *buf, size_t n)
{
	uint8_t	*p = buf;
	size_t	 k;

	while (n > 0) {
		if (t->pool_left == 0) {
			if (util_random(t->pool, sizeof(t->pool)) != 0)
				return -1;
			t->pool_left = sizeof(t->pool);
		}
		k = n < t->pool_left ? n : t->pool_left;
		memcpy(p, t->pool + sizeof(t->pool) - t->pool_left, k);
		mbedtls_platform_zeroize(t->pool + sizeof(t->pool) -
		    t->pool_left, k);
		t->pool_left -= k;
		p += k;
		n -= k;
	}
	return 0;
}

static int
suite_ok(const struct ipmid *d, uint8_t auth, uint8_t integ, uint8_t conf)
{
	size_t	i;
	int	j;

	for (i = 0; i < nitems(suite_algs); i++) {
		if (suite_algs[i][1] != auth || suite_algs[i][2] != integ ||
		    suite_algs[i][3] != conf)
			continue;
		if (suite_algs[i][0] == 0)
			return d->conf.suite0;
		for (j = 0; j < d->conf.nsuites; j++)
			if (d->conf.suites[j] == suite_algs[i][0])
				return 1;
	}
	return 0;
}

static const uint8_t *
suite_find(uint8_t id)
{
	size_t	i;

	for (i = 0; i < nitems(suite_algs); i++)
		if (suite_algs[i][0] == id)
			return suite_algs[i];
	return NULL;
}

static struct sess *
find_sid(struct sess_table *t, uint32_t sid)
{
	int	i;

	if (sid == 0)
		return NULL;
	for (i = 0; i < t->n; i++)
		if (t->s[i].state != SS_FREE && t->s[i].bmc_sid == sid)
			return &t->s[i];
	return NULL;
}

static int
count_active(const struct sess_table *t)
{
	int	i, n = 0;

	for (i = 0; i < t->n; i++)
		if (t->s[i].state == SS_ACTIVE)
			n++;
	return n;
}

/* The Open Session record for sid, or NULL. */
static struct half *
find_half(struct sess_table *t, uint32_t sid)
{
	struct half	*h;

	if (sid == 0)
		return NULL;
	h = &t->ring->h[sid & (SESS_OPEN_MAX - 1)];
	return h->bmc_sid == sid && h->owner == t ? h : NULL;
}

/*
 * 2: a slot that may be reclaimed first (a handshake that has not gone
 * past its first step: an IPMI 1.5 challenge not yet activated), 1: one
 * that may be reclaimed when none of those is left (a RAKP 2 unanswered
 * for SESS_RAKP2_GRACE_S: consoles answer within milliseconds, so that
 * one was abandoned, e.g. on a wrong password), 0: never (a handshake
 * past RAKP 1 within its grace, an active session).
 */
static int
reclaimable(const struct sess_table *t, const struct sess *s)
{
	if (s->state == SS_CHALLENGE || s->state == SS_OPEN)
		return 2;
	if (s->state == SS_RAKP2 && t->now - s->last > SESS_RAKP2_GRACE_S)
		return 1;
	return 0;
}

/*
 * A free session slot.  When the table is full the oldest unprogressed
 * handshake is reclaimed, then the oldest abandoned RAKP 2; a handshake
 * past RAKP 1 and an active session are never evicted, so a flood of
 * Open Session or Get Session Challenge requests never locks a real
 * client out (ipmi_sim: 22-30 s).  sid 0 picks a new random id.
 */
static struct sess *
sess_alloc_sid(struct sess_table *t, uint32_t sid)
{
	struct sess	*s, *old = NULL;
	int		 i, tries, r, oldr = 0;

	if (slots(t) == -1)
		return NULL;
	for (i = 0; i < t->n; i++) {
		s = &t->s[i];
		if (s->state == SS_FREE)
			goto found;
		if ((r = reclaimable(t, s)) == 0 || r < oldr)
			continue;
		if (old == NULL || r > oldr || s->created < old->created) {
			old = s;
			oldr = r;
		}
	}
	if ((s = old) == NULL)
		return NULL;
	rakp2_abandoned(t, s);
	sess_wipe(s);
	t->st.reclaimed++;
found:
	for (tries = 0; sid == 0 && tries < 8; tries++) {
		if (rnd(t, &sid, sizeof(sid)) != 0)
			return NULL;
		if (sid == 0 || find_sid(t, sid) != NULL ||
		    find_half(t, sid) != NULL)
			sid = 0;
	}
	if (sid == 0)
		return NULL;
	s->bmc_sid = sid;
	s->created = s->last = t->now;
	return s;
}

static struct sess *
sess_alloc(struct sess_table *t)
{
	return sess_alloc_sid(t, 0);
}

/* 1 when a session slot is free or reclaimable. */
static int
sess_room(struct sess_table *t)
{
	int	i;

	if (slots(t) == -1)
		return 0;
	for (i = 0; i < t->n; i++)
		if (t->s[i].state == SS_FREE || reclaimable(t, &t->s[i]))
			return 1;
	return 0;
}

/* The next ring record for an Open Session, overwriting the oldest. */
static struct half *
half_alloc(struct sess_table *t)
{
	struct half	*h;
	uint32_t	 r, sid;
	unsigned int	 idx;
	int		 tries;

	idx = t->ring->hnext++ & (SESS_OPEN_MAX - 1);
	h = &t->ring->h[idx];
	if (h->bmc_sid != 0)
		t->st.reclaimed++;
	memset(h, 0, sizeof(*h));
	for (tries = 0; tries < 8; tries++) {
		if (rnd(t, &r, sizeof(r)) != 0)
			return NULL;
		sid = (r & ~(uint32_t)(SESS_OPEN_MAX - 1)) | idx;
		if (sid != 0 && find_sid(t, sid) == NULL) {
			h->bmc_sid = sid;
			h->owner = t;
			h->created = t->now;
			return h;
		}
	}
	return NULL;
}

/*
 * Session quotas (#10): an account below ADMINISTRATOR may hold at most
 * half the slots, and such accounts together leave a quarter free for
 * administrators, so the least privileged account cannot shut the
 * administrator out.  Counts handshakes past RAKP 1 within their grace
 * and active sessions, other than self.  0 fits, 1 the account's own
 * limit, 2 the reserve.
 */
static uint8_t
acct_priv(const struct ipmid *d, const struct sess *s)
{
	if (s->userid <= IPMID_USERS_MAX && d->users[s->userid].used)
		return d->users[s->userid].priv;
	return s->max_priv;
}

static int
sess_quota(const struct ipmid *d, const struct sess_table *t,
    const struct sess *self)
{
	const struct sess	*s;
	int			 i, mine = 0, low = 0;

	if (acct_priv(d, self) >= IPMI_PRIV_ADMIN)
		return 0;
	for (i = 0; i < t->n; i++) {
		s = &t->s[i];
		/* an abandoned RAKP 2 (reclaimable) does not count */
		if (s == self || (s->state != SS_ACTIVE &&
		    (s->state != SS_RAKP2 || reclaimable(t, s))))
			continue;
		if (s->userid == self->userid)
			mine++;
		if (acct_priv(d, s) < IPMI_PRIV_ADMIN)
			low++;
	}
	if (mine >= SESS_USER_MAX(t->n))
		return 1;
	if (low >= t->n - SESS_ADMIN_RESERVE(t->n))
		return 2;
	return 0;
}

static void
sess_release(struct sess_table *t, struct sess *s)
{
	if (s->state == SS_ACTIVE && t->d != NULL && t->d->sol != NULL)
		sol_session_closed(t->d, s->bmc_sid);
	sess_wipe(s);
}

void
sess_set_port(struct sess_table *t, int lidx, uint16_t port)
{
	if (lidx >= 0 && lidx < SESS_LISTEN_MAX)
		t->ports[lidx] = port;
}

/*
 * Sequence window with a replay bitmap: bit i of map is seq hi - i.
 * Returns 0 and records seq, or -1 (zero, too far, or seen before).
 */
int
sess_seq_accept(uint32_t *hi, uint32_t *map, uint32_t seq, uint32_t ahead,
    uint32_t behind)
{
	uint32_t	d, back;

	if (seq == 0)
		return -1;
	d = seq - *hi;
	if (d != 0 && d <= ahead) {
		*map = d >= 32 ? 0 : *map << d;
		*map |= 1;
		*hi = seq;
		return 0;
	}
	back = *hi - seq;
	if (back < behind && back < 32) {
		if (*map & (1U << back))
			return -1;
		*map |= 1U << back;
		return 0;
	}
	return -1;
}

static uint32_t
next_out(struct sess *s)
{
	uint32_t	v = s->out_seq++;

	if (s->out_seq == 0)
		s->out_seq = 1;
	return v == 0 ? next_out(s) : v;
}

static void
emit(struct sess_table *t, const struct sess_peer *peer, struct wbuf *wb)
{
	if (wb->err)
		return;
	t->send(t->arg, peer, wb->p, wb->len);
}

/* ---- framing of replies ---- */

/* IPMI 1.5 framing; sessionless when s == NULL. */
static void
send15(struct sess_table *t, const struct sess *s, const struct sess_peer *peer,
    uint32_t sid, uint32_t seq, const uint8_t *msg, size_t mlen)
{
	struct wbuf	 wb = WBUF_INIT(t->out, sizeof(t->out));
	uint8_t		 at = s == NULL ? IPMI_AUTH_NONE : s->authtype15;
	uint8_t		*ac;

	rmcp_put_hdr(&wb, RMCP_CLASS_IPMI);
	wbuf_put_u8(&wb, at);
	wbuf_put_u32_le(&wb, seq);
	wbuf_put_u32_le(&wb, sid);
	if (at != IPMI_AUTH_NONE && (ac = wbuf_reserve(&wb, 16)) != NULL) {
		if (at == IPMI_AUTH_MD5) {
			if (crypto_md5_authcode(s->pw16, sid, msg, mlen, seq,
			    ac) != 0)
				return;
		} else
			memcpy(ac, s->pw16, 16);
	}
	wbuf_put_u8(&wb, (uint8_t)mlen);
	wbuf_put_bytes(&wb, msg, mlen);
	emit(t, peer, &wb);
}

static uint8_t
integ_hash(uint8_t integ)
{
	return integ == RAKP_INTEG_SHA256_128 ? RAKP_AUTH_SHA256 :
	    RAKP_AUTH_SHA1;
}

/* RMCP+ framing: pre-session (s NULL: sid 0, seq 0, clear) or in a session. */
static void
send20(struct sess_table *t, struct sess *s,
    const struct sess_peer *peer, uint8_t ptype, const uint8_t *pl, size_t plen)
{
	struct wbuf		 wb = WBUF_INIT(t->out, sizeof(t->out));
	struct crypto_iov	 v;
	uint8_t			 pt = ptype, *lenp, *iv, *ac;
	uint8_t			 mac[CRYPTO_MAC_MAX];
	size_t			 start, plstart, n, i, aclen;

	if (s != NULL && s->conf != RAKP_CONF_NONE)
		pt |= RMCPP_PT_ENC;
	if (s != NULL && s->integ != RAKP_INTEG_NONE)
		pt |= RMCPP_PT_AUTH;
	rmcp_put_hdr(&wb, RMCP_CLASS_IPMI);
	start = wb.len;
	wbuf_put_u8(&wb, IPMI_AUTH_RMCPP);
	wbuf_put_u8(&wb, pt);
	wbuf_put_u32_le(&wb, s == NULL ? 0 : s->con_sid);
	wbuf_put_u32_le(&wb, s == NULL ? 0 : next_out(s));
	if ((lenp = wbuf_reserve(&wb, 2)) == NULL)
		return;
	plstart = wb.len;
	if (pt & RMCPP_PT_ENC) {
		/* IV(16) then E(data 01 02 .. n n), IPMI v2.0 §13.29.1 */
		n = (CRYPTO_AES_BLOCK - (plen + 1) % CRYPTO_AES_BLOCK) %
		    CRYPTO_AES_BLOCK;
		if (plen + n + 1 > sizeof(t->tmp))
			return;
		memcpy(t->tmp, pl, plen);
		for (i = 0; i < n; i++)
			t->tmp[plen + i] = (uint8_t)(i + 1);
		t->tmp[plen + n] = (uint8_t)n;
		if ((iv = wbuf_reserve(&wb, 16)) == NULL ||
		    rnd(t, iv, 16) != 0 ||
		    (ac = wbuf_reserve(&wb, plen + n + 1)) == NULL ||
		    crypto_aes_cbc(1, s->k2, iv, t->tmp, plen + n + 1, ac) != 0)
			return;
	} else
		wbuf_put_bytes(&wb, pl, plen);
	if (wb.err)
		return;
	n = wb.len - plstart;
	lenp[0] = n & 0xFF;
	lenp[1] = (n >> 8) & 0xFF;
	if (pt & RMCPP_PT_AUTH) {
		n = rmcp_s20_padlen(wb.len - start);
		wbuf_put_fill(&wb, 0xFF, n);
		wbuf_put_u8(&wb, (uint8_t)n);
		wbuf_put_u8(&wb, RMCPP_NEXT_HDR);
		if (wb.err)
			return;
		v = (struct crypto_iov){ wb.p + start, wb.len - start };
		aclen = crypto_integ_len(s->integ);
		if (crypto_hmac(integ_hash(s->integ), s->k1,
		    crypto_auth_len(integ_hash(s->integ)), &v, 1, mac) != 0)
			return;
		wbuf_put_bytes(&wb, mac, aclen);
	}
	emit(t, peer, &wb);
}

/* ---- replies to IPMI requests ---- */

static void
call_unlink(struct sess_table *t, struct tcall *tc)
{
	if (tc->prev != NULL)
		tc->prev->next = tc->next;
	else if (t->calls == tc)
		t->calls = tc->next;
	if (tc->next != NULL)
		tc->next->prev = tc->prev;
	tc->next = tc->prev = NULL;
}

void
ipmi_reply(struct ipmid *d, struct ipmi_call *c, uint8_t cc, const void *data,
    size_t len)
{
	struct sess_table	*t = d->sessions;
	struct tcall		*tc = c->tctx;
	struct sess		*s = NULL;
	struct wbuf		 wb;
	uint8_t			 msg[IPMI_MSG_MAX + 16];

	t->d = d;
	call_unlink(t, tc);
	if (len > IPMI_MSG_MAX) {
		cc = IPMI_CC_CANT_RETURN_BYTES;
		len = 0;
	}
	wbuf_init(&wb, msg, sizeof(msg));
	rmcp_put_rsp(&wb, &tc->hdr, cc, data, len);
	if (wb.err)
		goto out;
	if (tc->slot >= 0) {
		s = &t->s[tc->slot];
		if (s->gen != tc->gen || s->state != SS_ACTIVE)
			goto out;		/* the session is gone */
		if (s->v20)
			send20(t, s, &tc->peer, RMCPP_PT_IPMI, msg, wb.len);
		else
			send15(t, s, &tc->peer, s->bmc_sid, next_out(s), msg,
			    wb.len);
		if (tc->close_after)
			sess_release(t, s);
	} else if (c->v20)
		send20(t, NULL, &tc->peer, RMCPP_PT_IPMI, msg, wb.len);
	else
		send15(t, NULL, &tc->peer, 0, 0, msg, wb.len);
out:
	free(tc);
}

/* ---- session-layer commands ---- */

static int
chan_ok(uint8_t ch)
{
	ch &= 0x0F;
	return ch == IPMI_LAN_CHANNEL || ch == IPMI_THIS_CHANNEL;
}

/*
 * Get Channel Authentication Capabilities (IPMI v2.0 §22.13): channel,
 * auth type mask (bit 7: v2 data), status (bit 5 KG set, 4 per-message
 * auth disabled, 3 user-level auth disabled, 2 non-null names, 1 null
 * names, 0 anonymous), ext caps (bit 1: 2.0, bit 0: 1.5), OEM IANA, aux.
 */
static void
cmd_auth_caps(struct ipmid *d, struct tcall *tc)
{
	struct ipmi_call	*c = &tc->c;
	uint8_t			 r[8] = { 0 };
	int			 v2 = 0;

	if (c->len != 2) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	v2 = (c->req[0] & 0x80) != 0;
	if (!chan_ok(c->req[0]) || (c->req[1] & 0x0F) == 0 ||
	    (c->req[1] & 0x0F) > IPMI_PRIV_OEM) {
		ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	r[0] = IPMI_LAN_CHANNEL;
	if (d->conf.ipmi15)
		r[1] = 1 << IPMI_AUTH_MD5;
	if (d->conf.ipmi15 && d->conf.ipmi15_password)
		r[1] |= 1 << IPMI_AUTH_PASSWORD;
	if (v2)
		r[1] |= 0x80;
	r[2] = 0x04;			/* non-null user names only */
	if (d->conf.kg_set)
		r[2] |= 0x20;
	r[3] = v2 ? 0x02 : 0x00;
	if (d->conf.ipmi15)
		r[3] |= 0x01;
	ipmi_reply(d, c, IPMI_CC_OK, r, sizeof(r));
}

/* 16 NUL-padded bytes: the name is up to the first NUL. */
static size_t
name_len16(const uint8_t *p)
{
	size_t	n;

	for (n = 0; n < 16 && p[n] != 0; n++)
		;
	return n;
}

/*
 * Get Session Challenge (§22.16): authtype(1) name(16) -> temporary
 * session id(4) challenge(16).  0x81 unknown name, 0x82 null name.
 */
static void
cmd_challenge(struct ipmid *d, struct tcall *tc)
{
	struct sess_table	*t = d->sessions;
	struct ipmi_call	*c = &tc->c;
	const struct ipmid_user	*u;
	struct sess		*s;
	uint8_t			 r[20], at;
	size_t			 nl;

	if (c->len != 17) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	at = c->req[0] & 0x0F;
	if (!d->conf.ipmi15 || (at != IPMI_AUTH_MD5 &&
	    (at != IPMI_AUTH_PASSWORD || !d->conf.ipmi15_password))) {
		ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if ((nl = name_len16(c->req + 1)) == 0) {
		ipmi_reply(d, c, 0x82, NULL, 0);
		return;
	}
	if ((u = users_by_name(d, c->req + 1, nl)) == NULL ||
	    u->passlen > 16 || users_locked(u)) {
		ipmi_reply(d, c, 0x81, NULL, 0);
		return;
	}
	if ((s = sess_alloc(t)) == NULL) {
		ipmi_reply(d, c, IPMI_CC_NO_SPACE, NULL, 0);
		return;
	}
	s->state = SS_CHALLENGE;
	s->v20 = 0;
	s->authtype15 = at;
	s->userid = u->id;
	memset(s->pw16, 0, sizeof(s->pw16));
	memcpy(s->pw16, u->pass, u->passlen);
	s->max_priv = u->priv;
	s->peer = tc->peer;
	if (rnd(t, s->challenge, sizeof(s->challenge)) != 0) {
		sess_release(t, s);
		ipmi_reply(d, c, IPMI_CC_UNSPECIFIED, NULL, 0);
		return;
	}
	r[0] = s->bmc_sid & 0xFF;
	r[1] = (s->bmc_sid >> 8) & 0xFF;
	r[2] = (s->bmc_sid >> 16) & 0xFF;
	r[3] = (s->bmc_sid >> 24) & 0xFF;
	memcpy(r + 4, s->challenge, 16);
	ipmi_reply(d, c, IPMI_CC_OK, r, sizeof(r));
}

/* Set Session Privilege Level (§22.18): never above min(user, channel). */
static void
cmd_set_priv(struct ipmid *d, struct tcall *tc, struct sess *s)
{
	struct ipmi_call	*c = &tc->c;
	uint8_t			 want;

	if (c->len != 1) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	want = c->req[0] & 0x0F;
	if (want == 0) {
		ipmi_reply(d, c, IPMI_CC_OK, &s->priv, 1);
		return;
	}
	if (want < IPMI_PRIV_USER || want > IPMI_PRIV_OEM) {
		ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (want > s->max_priv || want > IPMI_PRIV_ADMIN) {
		ipmi_reply(d, c, 0x81, NULL, 0);	/* not available for user */
		return;
	}
	s->priv = want;
	ipmi_reply(d, c, IPMI_CC_OK, &s->priv, 1);
}

/* Close Session (§22.19): sid(4) [handle(1) when sid is 0]. */
static void
cmd_close(struct ipmid *d, struct tcall *tc, struct sess *s)
{
	struct sess_table	*t = d->sessions;
	struct ipmi_call	*c = &tc->c;
	struct rbuf		 rb = RBUF_INIT(c->req, c->len);
	struct sess		*o = NULL;
	uint32_t		 sid;
	uint8_t			 h;

	if ((c->len != 4 && c->len != 5) || rbuf_get_u32_le(&rb, &sid) == -1) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (sid != 0)
		o = find_sid(t, sid);
	else if (c->len == 5 && rbuf_get_u8(&rb, &h) == 0) {
		if (h >= 1 && h <= t->n && t->s[h - 1].state == SS_ACTIVE)
			o = &t->s[h - 1];
		if (o == NULL) {
			ipmi_reply(d, c, 0x88, NULL, 0);
			return;
		}
	}
	if (o == NULL || o->state != SS_ACTIVE) {
		ipmi_reply(d, c, 0x87, NULL, 0);
		return;
	}
	if (o == s) {
		tc->close_after = 1;
		ipmi_reply(d, c, IPMI_CC_OK, NULL, 0);
		return;
	}
	if (s->priv < IPMI_PRIV_ADMIN) {
		ipmi_reply(d, c, IPMI_CC_INSUFFICIENT_PRIV, NULL, 0);
		return;
	}
	sess_release(t, o);
	ipmi_reply(d, c, IPMI_CC_OK, NULL, 0);
}

static void
fill_info(const struct sess_table *t, int i, struct sess_info *o)
{
	const struct sess		*s = &t->s[i];
	const struct sockaddr_in	*sin;

	memset(o, 0, sizeof(*o));
	o->handle = (uint8_t)(i + 1);
	o->userid = s->userid;
	o->priv = s->priv;
	o->v20 = (uint8_t)s->v20;
	o->chan = IPMI_LAN_CHANNEL;
	if (s->peer.ss.ss_family == AF_INET) {
		sin = (const struct sockaddr_in *)&s->peer.ss;
		memcpy(o->ip, &sin->sin_addr, 4);
		o->port = ntohs(sin->sin_port);
	}
}

int
sess_count_active(const struct ipmid *d)
{
	return d->sessions == NULL ? 0 : count_active(d->sessions);
}

int
sess_info_by_index(const struct ipmid *d, int idx, struct sess_info *o)
{
	const struct sess_table	*t = d->sessions;
	int			 i, k = 0;

	for (i = 0; t != NULL && i < t->n; i++)
		if (t->s[i].state == SS_ACTIVE && ++k == idx) {
			fill_info(t, i, o);
			return 0;
		}
	return -1;
}

int
sess_info_by_handle(const struct ipmid *d, uint8_t h, struct sess_info *o)
{
	const struct sess_table	*t = d->sessions;

	if (t == NULL || h < 1 || h > t->n || t->s[h - 1].state != SS_ACTIVE)
		return -1;
	fill_info(t, h - 1, o);
	return 0;
}

int
sess_info_by_sid(const struct ipmid *d, uint32_t sid, struct sess_info *o)
{
	const struct sess_table	*t = d->sessions;
	int			 i;

	for (i = 0; t != NULL && i < t->n; i++)
		if (t->s[i].state == SS_ACTIVE && t->s[i].bmc_sid == sid) {
			fill_info(t, i, o);
			return 0;
		}
	return -1;
}

/*
 * Get Session Info (§22.20): index 0 = this session, 1..n = n-th active,
 * 0xFE + handle, 0xFF + sid.  Reply: handle, slots, active, user id,
 * privilege, channel | aux<<4 (aux 1 = 2.0), IP(4), MAC(6), port (LE).
 */
static void
cmd_sess_info(struct ipmid *d, struct tcall *tc, struct sess *s)
{
	struct sess_table	*t = d->sessions;
	struct ipmi_call	*c = &tc->c;
	struct rbuf		 rb = RBUF_INIT(c->req, c->len);
	struct sess_info	 si;
	uint8_t			 r[18], idx, h;
	uint32_t		 sid;
	int			 rv = -1;

	if (rbuf_get_u8(&rb, &idx) == -1) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (idx == 0)
		rv = sess_info_by_sid(d, s->bmc_sid, &si);
	else if (idx == 0xFE) {
		if (rbuf_get_u8(&rb, &h) == -1) {
			ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
			return;
		}
		rv = sess_info_by_handle(d, h, &si);
	} else if (idx == 0xFF) {
		if (rbuf_get_u32_le(&rb, &sid) == -1) {
			ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
			return;
		}
		rv = sess_info_by_sid(d, sid, &si);
	} else if (idx <= t->n)
		rv = sess_info_by_index(d, idx, &si);
	if (rv == -1) {
		if (idx != 0 && idx <= t->n) {
			r[0] = 0;
			r[1] = (uint8_t)t->n;
			r[2] = (uint8_t)count_active(t);
			ipmi_reply(d, c, IPMI_CC_OK, r, 3);
		} else
			ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	r[0] = si.handle;
	r[1] = (uint8_t)t->n;
	r[2] = (uint8_t)count_active(t);
	r[3] = si.userid;
	r[4] = si.priv;
	r[5] = (uint8_t)(si.chan | (si.v20 ? 0x10 : 0));
	memcpy(r + 6, si.ip, 4);
	memcpy(r + 10, si.mac, 6);
	r[16] = si.port & 0xFF;
	r[17] = (si.port >> 8) & 0xFF;
	ipmi_reply(d, c, IPMI_CC_OK, r, sizeof(r));
}

/*
 * Get Channel Cipher Suites (§22.15): channel, payload type, index (bit
 * 7: list by suite, bits 5:0: 16-byte block) -> channel + up to 16 bytes
 * of the record list.  By suite: C0 id 00|auth 40|integ 80|conf.
 */
static void
cmd_cipher_suites(struct ipmid *d, struct tcall *tc)
{
	struct ipmi_call	*c = &tc->c;
	uint8_t			 list[4 * (IPMID_SUITES_MAX + 1) + 1];
	uint8_t			 r[17];
	const uint8_t		*a;
	size_t			 n = 0, off, k;
	int			 i, bysuite;

	if (c->len != 3) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (!chan_ok(c->req[0]) || (c->req[1] & 0x3F) > RMCPP_PT_SOL) {
		ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	bysuite = (c->req[2] & 0x80) != 0;
	for (i = -1; i < d->conf.nsuites; i++) {
		if (i == -1 && !d->conf.suite0)
			continue;
		if ((a = suite_find(i == -1 ? 0 : d->conf.suites[i])) == NULL)
			continue;
		if (bysuite) {
			list[n++] = 0xC0;
			list[n++] = a[0];
		}
		list[n++] = 0x00 | a[1];
		list[n++] = 0x40 | a[2];
		list[n++] = 0x80 | a[3];
		if (n + 5 > sizeof(list))
			break;
	}
	off = (size_t)(c->req[2] & 0x3F) * 16;
	r[0] = IPMI_LAN_CHANNEL;
	k = off < n ? n - off : 0;
	if (k > 16)
		k = 16;
	if (k > 0)
		memcpy(r + 1, list + off, k);
	ipmi_reply(d, c, IPMI_CC_OK, r, 1 + k);
}

/* Get Channel Payload Support (§24.8): standard, session-setup, OEM masks. */
static void
cmd_payload_support(struct ipmid *d, struct tcall *tc)
{
	struct ipmi_call	*c = &tc->c;
	uint8_t			 r[8] = { 0x01, 0x00, 0x3F, 0x00, 0, 0, 0, 0 };

	if (sol_enabled(d))
		r[0] |= 1 << RMCPP_PT_SOL;

	if (c->len != 1) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (!chan_ok(c->req[0])) {
		ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	ipmi_reply(d, c, IPMI_CC_OK, r, sizeof(r));
}

/* Get Payload Version (§24.9): 0x10 = version 1.0 for IPMI; others 0x80. */
static void
cmd_payload_version(struct ipmid *d, struct tcall *tc)
{
	struct ipmi_call	*c = &tc->c;
	uint8_t			 v = 0x10;

	if (c->len != 2) {
		ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (!chan_ok(c->req[0])) {
		ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (c->req[1] != RMCPP_PT_IPMI &&
	    !(c->req[1] == RMCPP_PT_SOL && sol_enabled(d))) {
		ipmi_reply(d, c, 0x80, NULL, 0);
		return;
	}
	ipmi_reply(d, c, IPMI_CC_OK, &v, 1);
}

/*
 * Payload activation (§24.1-24.5).  Only SOL (type 1) can be activated;
 * sol.c does it when a console socket is configured, else SOL is
 * reported disabled (0x81).
 */
static void
cmd_payload(struct ipmid *d, struct tcall *tc, struct sess *s)
{
	struct sess_table	*t = d->sessions;
	struct ipmi_call	*c = &tc->c;
	struct sol_sess		 ss;
	uint8_t			 r[12] = { 0 };

	if (!s->v20) {			/* payloads are RMCP+ only */
		ipmi_reply(d, c, IPMI_CC_INVALID_CMD, NULL, 0);
		return;
	}
	if (c->len >= 1 && (c->req[0] & 0x3F) == RMCPP_PT_SOL &&
	    sol_enabled(d)) {
		ss.sid = s->bmc_sid;
		ss.priv = s->priv;
		ss.conf = s->v20 && s->conf != RAKP_CONF_NONE;
		ss.port = tc->peer.lidx >= 0 && tc->peer.lidx < SESS_LISTEN_MAX ?
		    t->ports[tc->peer.lidx] : 623;
		sol_cmd(d, c, &ss);
		return;
	}

	switch (c->cmd) {
	case CMD_ACT_PAYLOAD:
	case CMD_DEACT_PAYLOAD:
		if (c->len != 6) {
			ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
			return;
		}
		ipmi_reply(d, c, (c->req[0] & 0x3F) == RMCPP_PT_SOL ? 0x81 :
		    IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	case CMD_PAYLOAD_STATUS:
		if (c->len != 1) {
			ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
			return;
		}
		if ((c->req[0] & 0x3F) != RMCPP_PT_SOL) {
			ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
			return;
		}
		r[0] = 1;		/* one instance */
		ipmi_reply(d, c, IPMI_CC_OK, r, 3);
		return;
	default:			/* Get Payload Instance Info */
		if (c->len != 2) {
			ipmi_reply(d, c, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
			return;
		}
		if ((c->req[0] & 0x3F) != RMCPP_PT_SOL || c->req[1] != 1) {
			ipmi_reply(d, c, IPMI_CC_INVALID_FIELD, NULL, 0);
			return;
		}
		ipmi_reply(d, c, IPMI_CC_OK, r, 12);
		return;
	}
}

/*
 * Route one request: session commands here, the rest to cmd_dispatch().
 * Outside a session only what a handshake needs is answered.
 */
static void
dispatch(struct ipmid *d, struct tcall *tc, struct sess *s)
{
	struct ipmi_call	*c = &tc->c;
	int			 app = c->netfn == IPMI_NETFN_APP;

	if (app && c->cmd == CMD_AUTH_CAPS) {
		cmd_auth_caps(d, tc);
		return;
	}
	if (app && c->cmd == CMD_CIPHER_SUITES) {
		cmd_cipher_suites(d, tc);
		return;
	}
	if (s == NULL) {
		if (app && c->cmd == CMD_CHALLENGE && !c->v20)
			cmd_challenge(d, tc);
		else
			ipmi_reply(d, c, IPMI_CC_INSUFFICIENT_PRIV, NULL, 0);
		return;
	}
	if (app) {
		switch (c->cmd) {
		case CMD_CHALLENGE:
		case CMD_ACTIVATE:
			ipmi_reply(d, c, IPMI_CC_ILLEGAL_CMD, NULL, 0);
			return;
		case CMD_SET_PRIV:
			cmd_set_priv(d, tc, s);
			return;
		case CMD_CLOSE:
			cmd_close(d, tc, s);
			return;
		case CMD_SESS_INFO:
			cmd_sess_info(d, tc, s);
			return;
		case CMD_PAYLOAD_SUPPORT:
			cmd_payload_support(d, tc);
			return;
		case CMD_PAYLOAD_VERSION:
			cmd_payload_version(d, tc);
			return;
		case CMD_ACT_PAYLOAD:
		case CMD_DEACT_PAYLOAD:
		case CMD_PAYLOAD_STATUS:
		case CMD_PAYLOAD_INSTANCE:
			if (s->priv < IPMI_PRIV_USER) {
				ipmi_reply(d, c, IPMI_CC_INSUFFICIENT_PRIV,
				    NULL, 0);
				return;
			}
			cmd_payload(d, tc, s);
			return;
		default:
			break;
		}
	}
	cmd_dispatch(d, c);
}

/* Make a call for a parsed request; NULL (dropped) if out of memory. */
static struct tcall *
call_new(struct sess_table *t, const struct ipmi_lanmsg *m,
    const struct sess_peer *peer, struct sess *s, int v20)
{
	struct tcall	*tc;

	if (m->len > IPMI_MSG_MAX || (tc = calloc(1, sizeof(*tc))) == NULL)
		return NULL;
	tc->c.netfn = m->netfn & 0x3E;
	tc->c.cmd = m->cmd;
	tc->c.lun = m->rslun;
	memcpy(tc->c.req, m->data, m->len);
	tc->c.len = m->len;
	tc->c.v20 = v20;
	tc->c.tctx = tc;
	tc->hdr = *m;
	tc->hdr.data = NULL;
	tc->hdr.len = 0;
	tc->peer = *peer;
	tc->slot = -1;
	if (s != NULL) {
		tc->slot = (int)(s - t->s);
		tc->gen = s->gen;
		tc->c.priv = s->priv;
		tc->c.max_priv = s->max_priv;
		tc->c.userid = s->userid;
		tc->c.sid = s->bmc_sid;
	}
	tc->next = t->calls;
	if (t->calls != NULL)
		t->calls->prev = tc;
	t->calls = tc;
	return tc;
}

static void
handle_msg(struct ipmid *d, const uint8_t *p, size_t len,
    const struct sess_peer *peer, struct sess *s, int v20)
{
	struct sess_table	*t = d->sessions;
	struct ipmi_lanmsg	 m;
	struct tcall		*tc;

	if (rmcp_parse_msg(p, len, &m) != 0 || (m.netfn & 1) != 0) {
		t->st.dropped++;
		return;
	}
	if ((tc = call_new(t, &m, peer, s, v20)) == NULL) {
		t->st.dropped++;
		return;
	}
	dispatch(d, tc, s);
}

/* ---- IPMI 1.5 ---- */

static int
check15(const struct sess *s, const struct rmcp_s15 *p)
{
	uint8_t	ac[16];

	if (p->authtype != s->authtype15 || p->authcode == NULL)
		return -1;
	if (s->authtype15 == IPMI_AUTH_MD5) {
		if (crypto_md5_authcode(s->pw16, p->sid, p->msg, p->msglen,
		    p->seq, ac) != 0)
			return -1;
	} else
		memcpy(ac, s->pw16, 16);
	return util_ct_memcmp(ac, p->authcode, 16) == 0 ? 0 : -1;
}

/*
 * Activate Session (§22.17), on the temporary id: authtype(1) priv(1)
 * challenge(16) initial outbound seq(4) -> authtype, sid(4), initial
 * inbound seq(4), max priv.  The reply goes out under the temporary id
 * with the console's initial outbound sequence number.
 */
static void
activate15(struct ipmid *d, struct sess *s, const struct rmcp_s15 *p,
    const struct sess_peer *peer)
{
	struct sess_table	*t = d->sessions;
	struct ipmi_lanmsg	 m;
	struct rbuf		 rb;
	struct wbuf		 wb;
	const uint8_t		*ch;
	uint8_t			 at, pv, cc = IPMI_CC_OK, r[10], msg[64];
	uint32_t		 outseq, inseq, tmp_sid = s->bmc_sid, nsid;
	size_t			 rlen = 0;
	int			 q;

	if (rmcp_parse_msg(p->msg, p->msglen, &m) != 0 ||
	    m.netfn != IPMI_NETFN_APP || m.cmd != CMD_ACTIVATE) {
		t->st.dropped++;
		return;
	}
	rbuf_init(&rb, m.data, m.len);
	if (m.len != 22 || rbuf_get_u8(&rb, &at) == -1 ||
	    rbuf_get_u8(&rb, &pv) == -1 || (ch = rbuf_get_ptr(&rb, 16)) == NULL ||
	    rbuf_get_u32_le(&rb, &outseq) == -1)
		cc = IPMI_CC_REQ_LEN_INVALID;
	else if ((at & 0x0F) != s->authtype15 || (pv & 0x0F) == 0 ||
	    (pv & 0x0F) > IPMI_PRIV_OEM ||
	    util_ct_memcmp(ch, s->challenge, 16) != 0)
		cc = IPMI_CC_INVALID_FIELD;
	else if ((pv & 0x0F) > min_u8(s->max_priv, IPMI_PRIV_ADMIN))
		cc = 0x86;		/* exceeds the user's limit */
	else if ((q = sess_quota(d, t, s)) != 0)
		cc = q == 1 ? 0x82 : 0x83;	/* no slot for this user */
	if (cc == IPMI_CC_OK) {
		do {
			if (rnd(t, &nsid, sizeof(nsid)) != 0 ||
			    rnd(t, &inseq, sizeof(inseq)) != 0) {
				cc = IPMI_CC_UNSPECIFIED;
				break;
			}
		} while (nsid == 0 || inseq == 0 || find_sid(t, nsid) != NULL);
	}
	if (cc == IPMI_CC_OK) {
		s->state = SS_ACTIVE;
		s->bmc_sid = nsid;
		s->max_priv = pv & 0x0F;
		s->priv = min_u8(IPMI_PRIV_USER, s->max_priv);
		s->in_hi = inseq - 1;
		s->in_map = 0;
		s->out_seq = outseq == 0 ? 1 : outseq;
		s->peer = *peer;
		s->last = t->now;
		t->st.opened++;
		r[0] = s->authtype15;
		r[1] = nsid & 0xFF;
		r[2] = (nsid >> 8) & 0xFF;
		r[3] = (nsid >> 16) & 0xFF;
		r[4] = (nsid >> 24) & 0xFF;
		r[5] = inseq & 0xFF;
		r[6] = (inseq >> 8) & 0xFF;
		r[7] = (inseq >> 16) & 0xFF;
		r[8] = (inseq >> 24) & 0xFF;
		r[9] = s->max_priv;
		rlen = 10;
	}
	wbuf_init(&wb, msg, sizeof(msg));
	rmcp_put_rsp(&wb, &m, cc, r, rlen);
	if (!wb.err)
		send15(t, s, peer, tmp_sid, cc == IPMI_CC_OK ? next_out(s) :
		    outseq, msg, wb.len);
	if (cc != IPMI_CC_OK)
		sess_release(t, s);
}

static void
input15(struct ipmid *d, const uint8_t *p, size_t len,
    const struct sess_peer *peer)
{
	struct sess_table	*t = d->sessions;
	struct rmcp_s15		 h;
	struct sess		*s;

	if (rmcp_parse_s15(p, len, &h) != 0) {
		t->st.dropped++;
		return;
	}
	if (h.sid == 0) {
		if (h.authtype != IPMI_AUTH_NONE) {
			t->st.dropped++;
			return;
		}
		handle_msg(d, h.msg, h.msglen, peer, NULL, 0);
		return;
	}
	if (!d->conf.ipmi15 || (s = find_sid(t, h.sid)) == NULL || s->v20 ||
	    (s->state != SS_CHALLENGE && s->state != SS_ACTIVE)) {
		t->st.dropped++;
		return;
	}
	if (check15(s, &h) != 0) {
		t->st.badauth++;
		/* Activate Session with a bad auth code: a wrong password */
		if (s->state == SS_CHALLENGE && h.authtype == s->authtype15) {
			wrong_password(t, s);
			sess_release(t, s);
		}
		return;
	}
	if (s->state == SS_CHALLENGE) {
		activate15(d, s, &h, peer);
		return;
	}
	if (sess_seq_accept(&s->in_hi, &s->in_map, h.seq, SESS_SEQ_WIN15,
	    SESS_SEQ_WIN15) != 0) {
		t->st.dropped++;
		return;
	}
	s->last = t->now;
	s->peer = *peer;
	handle_msg(d, h.msg, h.msglen, peer, s, 0);
}

/* ---- RMCP+ handshake ---- */

/*
 * Open Session Request (§13.17): tag, max priv, reserved(2), console
 * sid(4), then three 8-byte algorithm payloads: type(1) reserved(2)
 * length(1) algorithm(1) reserved(3).  Length 0 means "BMC picks".
 */
static int
parse_alg(struct rbuf *rb, uint8_t type, uint8_t *alg, int *pick)
{
	uint8_t	ty, l, a;

	if (rbuf_get_u8(rb, &ty) == -1 || rbuf_skip(rb, 2) == -1 ||
	    rbuf_get_u8(rb, &l) == -1)
		return BMC_ESHORT;
	if (ty != type)
		return BMC_EPROTO;
	if (l == 0) {			/* no proposal: skip what is there */
		*pick = 1;
		*alg = 0;
		(void)rbuf_skip(rb, rbuf_left(rb) < 4 ? rbuf_left(rb) : 4);
		return 0;
	}
	if (l != 8 || rbuf_get_u8(rb, &a) == -1 || rbuf_skip(rb, 3) == -1)
		return BMC_EPROTO;
	*alg = a & 0x3F;
	return 0;
}

static void
put_alg(struct wbuf *wb, uint8_t type, uint8_t alg)
{
	wbuf_put_u8(wb, type);
	wbuf_put_u16_le(wb, 0);
	wbuf_put_u8(wb, 8);
	wbuf_put_u8(wb, alg);
	wbuf_put_fill(wb, 0, 3);
}

static void
rmcpp_error(struct sess_table *t, const struct sess_peer *peer, uint8_t pt,
    uint8_t tag, uint8_t status, uint32_t con_sid)
{
	uint8_t		b[8];
	struct wbuf	wb = WBUF_INIT(b, sizeof(b));

	wbuf_put_u8(&wb, tag);
	wbuf_put_u8(&wb, status);
	wbuf_put_u16_le(&wb, 0);
	wbuf_put_u32_le(&wb, con_sid);
	send20(t, NULL, peer, pt, b, wb.len);
}

static void
open_session(struct ipmid *d, const struct rmcp_s20 *h,
    const struct sess_peer *peer)
{
	struct sess_table	*t = d->sessions;
	struct rbuf		 rb = RBUF_INIT(h->payload, h->plen);
	struct wbuf		 wb;
	struct half		*s;
	const uint8_t		*a = NULL;
	uint8_t			 tag, pv, auth, integ, conf, b[36];
	uint32_t		 con_sid;
	int			 pick = 0, i;

	if (rbuf_get_u8(&rb, &tag) == -1 || rbuf_get_u8(&rb, &pv) == -1 ||
	    rbuf_skip(&rb, 2) == -1 || rbuf_get_u32_le(&rb, &con_sid) == -1) {
		t->st.dropped++;
		return;
	}
	if (parse_alg(&rb, 0, &auth, &pick) != 0 ||
	    parse_alg(&rb, 1, &integ, &pick) != 0 ||
	    parse_alg(&rb, 2, &conf, &pick) != 0) {
		rmcpp_error(t, peer, RMCPP_PT_OPEN_RSP, tag, RS_BAD_PARAM,
		    con_sid);
		return;
	}
	if (con_sid == 0) {
		rmcpp_error(t, peer, RMCPP_PT_OPEN_RSP, tag, RS_BAD_SID, 0);
		return;
	}
	pv &= 0x0F;
	if (pv > IPMI_PRIV_ADMIN) {
		rmcpp_error(t, peer, RMCPP_PT_OPEN_RSP, tag, RS_BAD_ROLE,
		    con_sid);
		return;
	}
	if (pick) {
		/* the first enabled suite (XXX: ignores partial choices) */
		for (i = 0; i < d->conf.nsuites; i++)
			if ((a = suite_find(d->conf.suites[i])) != NULL &&
			    a[0] != 0)
				break;
		if (i == d->conf.nsuites || a == NULL) {
			rmcpp_error(t, peer, RMCPP_PT_OPEN_RSP, tag,
			    RS_NO_SUITE, con_sid);
			return;
		}
		auth = a[1];
		integ = a[2];
		conf = a[3];
	}
	if (!suite_ok(d, auth, integ, conf)) {
		rmcpp_error(t, peer, RMCPP_PT_OPEN_RSP, tag, RS_NO_SUITE,
		    con_sid);
		return;
	}
	if (!sess_room(t) || (s = half_alloc(t)) == NULL) {
		rmcpp_error(t, peer, RMCPP_PT_OPEN_RSP, tag, RS_NO_RESOURCES,
		    con_sid);
		return;
	}
	s->tag = tag;
	s->con_sid = con_sid;
	s->auth = auth;
	s->integ = integ;
	s->conf = conf;
	/* "highest" (0) gets the channel's real maximum, not an echo of 0 */
	s->open_priv = pv == 0 ? IPMI_PRIV_ADMIN : pv;
	wbuf_init(&wb, b, sizeof(b));
	wbuf_put_u8(&wb, tag);
	wbuf_put_u8(&wb, 0);
	wbuf_put_u8(&wb, s->open_priv);
	wbuf_put_u8(&wb, 0);
	wbuf_put_u32_le(&wb, con_sid);
	wbuf_put_u32_le(&wb, s->bmc_sid);
	put_alg(&wb, 0, auth);
	put_alg(&wb, 1, integ);
	put_alg(&wb, 2, conf);
	send20(t, NULL, peer, RMCPP_PT_OPEN_RSP, b, wb.len);
}

/*
 * RAKP1 (§13.20): tag, reserved(3), BMC sid(4), Rm(16), role(1),
 * reserved(2), name length(1), name.  RAKP2 (§13.21): tag, status,
 * reserved(2), console sid(4), Rc(16), GUID(16), key exchange code.
 */
static void
rakp1(struct ipmid *d, const struct rmcp_s20 *h, const struct sess_peer *peer)
{
	struct sess_table	*t = d->sessions;
	struct rbuf		 rb = RBUF_INIT(h->payload, h->plen);
	struct wbuf		 wb;
	const struct ipmid_user	*u = NULL;
	struct sess		*s;
	struct half		*hs;
	const uint8_t		*rm, *name = NULL;
	uint8_t			 tag, role, ulen, rp, b[8 + 32 + CRYPTO_MAC_MAX];
	uint8_t			 code[CRYPTO_MAC_MAX], st = 0;
	uint32_t		 sid;

	if (rbuf_get_u8(&rb, &tag) == -1 || rbuf_skip(&rb, 3) == -1 ||
	    rbuf_get_u32_le(&rb, &sid) == -1 ||
	    (rm = rbuf_get_ptr(&rb, 16)) == NULL ||
	    rbuf_get_u8(&rb, &role) == -1 || rbuf_skip(&rb, 2) == -1 ||
	    rbuf_get_u8(&rb, &ulen) == -1) {
		t->st.dropped++;
		return;
	}
	if ((s = find_sid(t, sid)) == NULL && (hs = find_half(t, sid)) != NULL) {
		/* past RAKP 1: into a session slot, out of the ring */
		if ((s = sess_alloc_sid(t, sid)) == NULL) {
			rmcpp_error(t, peer, RMCPP_PT_RAKP2, tag,
			    RS_NO_RESOURCES, hs->con_sid);
			memset(hs, 0, sizeof(*hs));
			return;
		}
		s->state = SS_OPEN;
		s->v20 = 1;
		s->tag = hs->tag;
		s->con_sid = hs->con_sid;
		s->auth = hs->auth;
		s->integ = hs->integ;
		s->conf = hs->conf;
		s->open_priv = hs->open_priv;
		s->peer = *peer;
		memset(hs, 0, sizeof(*hs));
	}
	if (s == NULL || !s->v20 ||
	    (s->state != SS_OPEN && s->state != SS_RAKP2)) {
		rmcpp_error(t, peer, RMCPP_PT_RAKP2, tag, RS_BAD_SID, 0);
		return;
	}
	if (ulen > IPMI_NAME_LEN_MAX || (name = rbuf_get_ptr(&rb, ulen)) == NULL)
		st = RS_BAD_NAME_LEN;
	else if ((rp = role & 0x0F) < IPMI_PRIV_CALLBACK ||
	    rp > IPMI_PRIV_ADMIN || rp > s->open_priv || (role & 0xE0) != 0)
		st = RS_BAD_ROLE;
	else if (ulen == 0 || (u = users_by_name(d, name, ulen)) == NULL ||
	    u->priv < IPMI_PRIV_CALLBACK || u->priv > IPMI_PRIV_ADMIN)
		st = RS_UNAUTH_NAME;
	else if ((role & 0x10) == 0 && u->priv != rp)
		st = RS_UNAUTH_NAME;	/* role lookup: the level must match */
	else if (users_locked(u))
		st = RS_UNAUTH_NAME;	/* locked out: as OpenBMC's netipmid */
	if (st != 0) {
		rmcpp_error(t, peer, RMCPP_PT_RAKP2, tag, st, s->con_sid);
		sess_release(t, s);
		return;
	}
	s->tag = tag;
	s->userid = u->id;
	s->max_priv = min_u8(rp, u->priv);
	if (sess_quota(d, t, s) != 0) {
		rmcpp_error(t, peer, RMCPP_PT_RAKP2, tag, RS_NO_RESOURCES,
		    s->con_sid);
		sess_release(t, s);
		return;
	}
	s->rk.auth = s->auth;
	memset(s->rk.kuid, 0, sizeof(s->rk.kuid));
	memcpy(s->rk.kuid, u->pass, u->passlen);
	memcpy(s->rk.kg, d->conf.kg, sizeof(s->rk.kg));
	s->rk.sidm = s->con_sid;
	s->rk.sidc = s->bmc_sid;
	memcpy(s->rk.rm, rm, 16);
	memcpy(s->rk.guid, d->guid, 16);
	s->rk.role = role;
	s->rk.ulen = ulen;
	memcpy(s->rk.name, name, ulen);
	if (rnd(t, s->rk.rc, 16) != 0 ||
	    (s->auth != RAKP_AUTH_NONE && rakp2_code(&s->rk, code) != 0)) {
		rmcpp_error(t, peer, RMCPP_PT_RAKP2, tag, RS_NO_RESOURCES,
		    s->con_sid);
		sess_release(t, s);
		return;
	}
	s->state = SS_RAKP2;
	s->last = t->now;
	wbuf_init(&wb, b, sizeof(b));
	wbuf_put_u8(&wb, tag);
	wbuf_put_u8(&wb, 0);
	wbuf_put_u16_le(&wb, 0);
	wbuf_put_u32_le(&wb, s->con_sid);
	wbuf_put_bytes(&wb, s->rk.rc, 16);
	wbuf_put_bytes(&wb, s->rk.guid, 16);
	wbuf_put_bytes(&wb, code, crypto_auth_len(s->auth));
	send20(t, NULL, peer, RMCPP_PT_RAKP2, b, wb.len);
}

/*
 * RAKP3 (§13.22): tag, status, reserved(2), BMC sid(4), code.  RAKP4
 * (§13.23): tag, status, reserved(2), console sid(4), ICV.  A RAKP3 for
 * a session that is active but has seen no message yet is a retransmit
 * (our RAKP4 was lost): answer it again.
 */
static void
rakp3(struct ipmid *d, const struct rmcp_s20 *h, const struct sess_peer *peer)
{
	struct sess_table	*t = d->sessions;
	struct rbuf		 rb = RBUF_INIT(h->payload, h->plen);
	struct wbuf		 wb;
	struct sess		*s;
	const uint8_t		*got;
	uint8_t			 tag, st, b[8 + CRYPTO_MAC_MAX];
	uint8_t			 want[CRYPTO_MAC_MAX], icv[CRYPTO_MAC_MAX];
	uint32_t		 sid;
	size_t			 cl;

	if (rbuf_get_u8(&rb, &tag) == -1 || rbuf_get_u8(&rb, &st) == -1 ||
	    rbuf_skip(&rb, 2) == -1 || rbuf_get_u32_le(&rb, &sid) == -1) {
		t->st.dropped++;
		return;
	}
	if ((s = find_sid(t, sid)) == NULL || !s->v20 ||
	    (s->state != SS_RAKP2 && !(s->state == SS_ACTIVE && !s->got_msg))) {
		rmcpp_error(t, peer, RMCPP_PT_RAKP4, tag, RS_BAD_SID, 0);
		return;
	}
	if (st != 0) {			/* the console gave up */
		if (s->state != SS_ACTIVE) {
			/* our RAKP 2 did not match its password */
			if (st == RS_BAD_ICV)
				wrong_password(t, s);
			sess_release(t, s);
		}
		return;
	}
	cl = crypto_auth_len(s->auth);
	if (rbuf_left(&rb) != cl || (got = rbuf_get_ptr(&rb, cl)) == NULL ||
	    (cl > 0 && (rakp3_code(&s->rk, want) != 0 ||
	    util_ct_memcmp(want, got, cl) != 0))) {
		t->st.badauth++;
		rmcpp_error(t, peer, RMCPP_PT_RAKP4, tag, RS_BAD_ICV,
		    s->con_sid);
		if (s->state != SS_ACTIVE) {
			wrong_password(t, s);
			sess_release(t, s);
		}
		return;
	}
	if (s->state != SS_ACTIVE) {
		if (cl > 0 && (rakp_sik(&s->rk, s->sik) != 0 ||
		    rakp_kn(s->auth, s->sik, 1, s->k1) != 0 ||
		    rakp_kn(s->auth, s->sik, 2, s->k2) != 0)) {
			rmcpp_error(t, peer, RMCPP_PT_RAKP4, tag,
			    RS_NO_RESOURCES, s->con_sid);
			sess_release(t, s);
			return;
		}
		s->state = SS_ACTIVE;
		s->priv = min_u8(IPMI_PRIV_USER, s->max_priv);
		s->out_seq = 1;
		s->peer = *peer;
		t->st.opened++;
	}
	s->last = t->now;
	wbuf_init(&wb, b, sizeof(b));
	wbuf_put_u8(&wb, tag);
	wbuf_put_u8(&wb, 0);
	wbuf_put_u16_le(&wb, 0);
	wbuf_put_u32_le(&wb, s->con_sid);
	if (cl > 0) {
		if (rakp4_icv(&s->rk, s->sik, icv) != 0)
			return;
		wbuf_put_bytes(&wb, icv, crypto_icv_len(s->auth));
	}
	send20(t, NULL, peer, RMCPP_PT_RAKP4, b, wb.len);
}

/* Check integrity, then the window, then decrypt into t->tmp. */
static int
open20(struct sess_table *t, struct sess *s, const struct rmcp_s20 *h,
    const uint8_t **pl, size_t *plen)
{
	struct crypto_iov	 v;
	const uint8_t		*ac;
	uint8_t			 mac[CRYPTO_MAC_MAX], n;
	size_t			 aclen, covered, i;
	int			 rv;

	if (h->auth != (s->integ != RAKP_INTEG_NONE) ||
	    h->enc != (s->conf != RAKP_CONF_NONE))
		return BMC_EAUTH;
	if (h->auth) {
		aclen = crypto_integ_len(s->integ);
		if ((rv = rmcp_s20_trailer(h, aclen, &ac, &covered)) != 0)
			return rv;
		v = (struct crypto_iov){ h->start, covered };
		if (crypto_hmac(integ_hash(s->integ), s->k1,
		    crypto_auth_len(integ_hash(s->integ)), &v, 1, mac) != 0 ||
		    util_ct_memcmp(mac, ac, aclen) != 0)
			return BMC_EAUTH;
		if (sess_seq_accept(&s->in_hi, &s->in_map, h->seq,
		    SESS_SEQ_AHEAD20, SESS_SEQ_BEHIND20) != 0)
			return BMC_EPROTO;
	} else if (sess_seq_accept(&s->un_hi, &s->un_map, h->seq,
	    SESS_SEQ_AHEAD20, SESS_SEQ_BEHIND20) != 0)
		return BMC_EPROTO;
	if (!h->enc) {
		*pl = h->payload;
		*plen = h->plen;
		return 0;
	}
	if (h->plen < 32 || (h->plen - 16) % CRYPTO_AES_BLOCK != 0 ||
	    h->plen - 16 > sizeof(t->tmp))
		return BMC_EPROTO;
	if (crypto_aes_cbc(0, s->k2, h->payload, h->payload + 16,
	    h->plen - 16, t->tmp) != 0)
		return BMC_EPROTO;
	n = t->tmp[h->plen - 17];
	if ((size_t)n + 1 > h->plen - 16)
		return BMC_EPROTO;
	for (i = 0; i < n; i++)
		if (t->tmp[h->plen - 17 - n + i] != i + 1)
			return BMC_EPROTO;
	*pl = t->tmp;
	*plen = h->plen - 17 - n;
	return 0;
}

static void
input20(struct ipmid *d, const uint8_t *p, size_t len,
    const struct sess_peer *peer)
{
	struct sess_table	*t = d->sessions;
	struct rmcp_s20		 h;
	struct sess		*s;
	const uint8_t		*pl;
	uint8_t			 copy[IPMI_MAX_PKT];
	size_t			 plen;
	int			 rv;

	if (rmcp_parse_s20(p, len, &h) != 0) {
		t->st.dropped++;
		return;
	}
	if (h.sid == 0) {
		if (h.auth || h.enc) {
			t->st.dropped++;
			return;
		}
		switch (h.ptype) {
		case RMCPP_PT_IPMI:
			handle_msg(d, h.payload, h.plen, peer, NULL, 1);
			return;
		case RMCPP_PT_OPEN_REQ:
			open_session(d, &h, peer);
			return;
		case RMCPP_PT_RAKP1:
			rakp1(d, &h, peer);
			return;
		case RMCPP_PT_RAKP3:
			rakp3(d, &h, peer);
			return;
		default:
			t->st.dropped++;
			return;
		}
	}
	if ((s = find_sid(t, h.sid)) == NULL || !s->v20 ||
	    s->state != SS_ACTIVE) {
		t->st.dropped++;
		return;
	}
	if ((rv = open20(t, s, &h, &pl, &plen)) != 0) {
		if (rv == BMC_EAUTH)
			t->st.badauth++;
		else
			t->st.dropped++;
		return;
	}
	s->last = t->now;
	s->peer = *peer;
	s->got_msg = 1;
	switch (h.ptype) {
	case RMCPP_PT_IPMI:
		/* t->tmp is reused by the reply: copy the message out */
		if (plen > sizeof(copy))
			return;
		memcpy(copy, pl, plen);
		handle_msg(d, copy, plen, peer, s, 1);
		return;
	case RMCPP_PT_SOL:
		if (d->sol != NULL)
			sol_input(d, s->bmc_sid, pl, plen);
		return;
	default:
		t->st.dropped++;
		return;
	}
}

int
sess_send_payload(struct ipmid *d, uint32_t sid, uint8_t ptype,
    const uint8_t *p, size_t n)
{
	struct sess_table	*t = d->sessions;
	struct sess		*s;

	t->d = d;
	if ((s = find_sid(t, sid)) == NULL || s->state != SS_ACTIVE ||
	    !s->v20)
		return -1;
	send20(t, s, &s->peer, ptype, p, n);
	return 0;
}

void
sess_input(struct ipmid *d, const uint8_t *pkt, size_t len,
    const struct sess_peer *peer, double now)
{
	struct sess_table	*t = d->sessions;
	struct rmcp_hdr		 h;
	struct wbuf		 wb;
	uint8_t			 tag;

	t->now = now;
	t->d = d;
	t->st.rx++;
	if (len > IPMI_MAX_PKT || rmcp_parse(pkt, len, &h) != 0) {
		t->st.dropped++;
		return;
	}
	switch (h.class) {
	case RMCP_CLASS_ASF:
		if (rmcp_asf_ping(h.body, h.bodylen, &tag) != 0) {
			t->st.dropped++;
			return;
		}
		wbuf_init(&wb, t->out, sizeof(t->out));
		rmcp_put_pong(&wb, tag);
		emit(t, peer, &wb);
		return;
	case RMCP_CLASS_IPMI:
		if (h.bodylen > 0 && h.body[0] == IPMI_AUTH_RMCPP)
			input20(d, h.body, h.bodylen, peer);
		else
			input15(d, h.body, h.bodylen, peer);
		return;
	default:
		t->st.dropped++;
		return;
	}
}

void
sess_sweep(struct ipmid *d, double now)
{
	struct sess_table	*t = d->sessions;
	struct sess		*s;
	double			 idle;
	int			 i;

	t->now = now;
	t->d = d;
	idle = d->conf.idle_timeout_s > 0 ? d->conf.idle_timeout_s : 60;
	for (i = 0; i < t->n; i++) {
		s = &t->s[i];
		if (s->state == SS_FREE)
			continue;
		rakp2_abandoned(t, s);
		if (s->state == SS_ACTIVE ? now - s->last > idle :
		    now - s->last > SESS_HALFOPEN_S)
			sess_release(t, s);
	}
	if (t->own_ring)
		(void)sess_ring_sweep(t->ring, now);
	if (!t->lazy || t->calls != NULL)
		return;
	for (i = 0; i < t->n; i++)
		if (t->s[i].state != SS_FREE)
			return;
	/*
	 * A lazy table gives its slots back once none is in use and no call
	 * is pending (a call names its slot and generation: a new array
	 * would start the generations again).
	 */
	if (t->s != NULL)
		mbedtls_platform_zeroize(t->s, (size_t)t->n * sizeof(*t->s));
	free(t->s);
	t->s = NULL;
	t->n = 0;
}

int
sess_ring_sweep(struct sess_ring *r, double now)
{
	int	i, live = 0;

	for (i = 0; i < SESS_OPEN_MAX; i++) {
		if (r->h[i].bmc_sid == 0)
			continue;
		if (now - r->h[i].created > SESS_HALFOPEN_S)
			memset(&r->h[i], 0, sizeof(r->h[i]));
		else
			live++;
	}
	return live;
}

void
sess_close_all(struct ipmid *d)
{
	struct sess_table	*t = d->sessions;
	int			 i;

	t->d = d;
	for (i = 0; i < t->n; i++)
		if (t->s[i].state != SS_FREE)
			sess_release(t, &t->s[i]);
}
