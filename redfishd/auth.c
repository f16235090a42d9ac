/* auth.c: Redfish roles and privileges, the session table, the Basic credential cache (pure). */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <mbedtls/base64.h>
#include <mbedtls/sha256.h>

#include "rf.h"
#include "util.h"

/* The three predefined roles (DSP0266, "Roles"). */
unsigned
rf_role_privs(enum rf_role r)
{
	switch (r) {
	case RF_ROLE_ADMIN:
		return RF_PRIV_LOGIN | RF_PRIV_CONF_MGR | RF_PRIV_CONF_USERS |
		    RF_PRIV_CONF_SELF | RF_PRIV_CONF_COMP;
	case RF_ROLE_OPERATOR:
		return RF_PRIV_LOGIN | RF_PRIV_CONF_SELF | RF_PRIV_CONF_COMP;
	case RF_ROLE_READONLY:
		return RF_PRIV_LOGIN | RF_PRIV_CONF_SELF;
	default:
		return 0;
	}
}

/* powerd's roles (doc/protocol.md, accounts); callback/no-access cannot log in. */
enum rf_role
rf_role_from_pd(const char *s)
{
	if (s == NULL)
		return RF_ROLE_NONE;
	if (strcmp(s, "administrator") == 0)
		return RF_ROLE_ADMIN;
	if (strcmp(s, "operator") == 0)
		return RF_ROLE_OPERATOR;
	if (strcmp(s, "readonly") == 0)
		return RF_ROLE_READONLY;
	return RF_ROLE_NONE;
}

const char *
rf_role_pd(enum rf_role r)
{
	switch (r) {
	case RF_ROLE_ADMIN:
		return "administrator";
	case RF_ROLE_OPERATOR:
		return "operator";
	case RF_ROLE_READONLY:
		return "readonly";
	default:
		return "no-access";
	}
}

const char *
rf_role_name(enum rf_role r)
{
	switch (r) {
	case RF_ROLE_ADMIN:
		return "Administrator";
	case RF_ROLE_OPERATOR:
		return "Operator";
	case RF_ROLE_READONLY:
		return "ReadOnly";
	default:
		return "NoAccess";
	}
}

enum rf_role
rf_role_from_name(const char *s)
{
	if (s == NULL)
		return RF_ROLE_NONE;
	if (strcmp(s, "Administrator") == 0)
		return RF_ROLE_ADMIN;
	if (strcmp(s, "Operator") == 0)
		return RF_ROLE_OPERATOR;
	if (strcmp(s, "ReadOnly") == 0)
		return RF_ROLE_READONLY;
	return RF_ROLE_NONE;
}

/* RFC 7617: "Basic" 1*SP base64(user ":" pass). */
int
rf_basic_parse(const char *hdr, char *user, size_t ulen, char *pass,
    size_t plen)
{
	unsigned char	 dec[RF_USER_MAX + RF_PASS_MAX + 8];
	size_t		 n = 0, ul;
	const char	*p;
	unsigned char	*colon;

	if (hdr == NULL || strncasecmp(hdr, "Basic ", 6) != 0)
		return -1;
	for (p = hdr + 6; *p == ' '; p++)
		;
	if (mbedtls_base64_decode(dec, sizeof(dec) - 1, &n,
	    (const unsigned char *)p, strlen(p)) != 0)
		return -1;
	dec[n] = '\0';
	if ((colon = memchr(dec, ':', n)) == NULL)
		return -1;
	ul = (size_t)(colon - dec);
	if (ul == 0 || ul >= ulen || n - ul - 1 >= plen ||
	    memchr(dec, '\0', n) != NULL)
		goto bad;
	memcpy(user, dec, ul);
	user[ul] = '\0';
	memcpy(pass, colon + 1, n - ul - 1);
	pass[n - ul - 1] = '\0';
	util_zeroize(dec, sizeof(dec));
	return 0;
bad:
	util_zeroize(dec, sizeof(dec));
	return -1;
}

void
rf_sess_init(struct rf_sesstab *t, uint64_t timeout_ms)
{
	memset(t, 0, sizeof(*t));
	t->next_id = 1;
	t->timeout_ms = timeout_ms;
}

static int
sess_live(const struct rf_sesstab *t, const struct rf_sess *s, uint64_t now)
{
	/* now may predate last_ms: another thread stamped it meanwhile */
	return s->used && (now <= s->last_ms ||
	    now - s->last_ms < t->timeout_ms);
}

int
rf_sess_add(struct rf_sesstab *t, const char *user, enum rf_role role,
    uint64_t now, time_t wall, int (*rnd)(void *, size_t),
    struct rf_sess *out)
{
	uint8_t		 raw[RF_TOKEN_LEN / 2];
	struct rf_sess	*s = NULL;
	size_t		 i;
	int		 mine = 0, others = 0;

	/* the least privileged cannot take every slot (issue 10) */
	for (i = 0; i < nitems(t->s); i++)
		if (!sess_live(t, &t->s[i], now)) {
			if (s == NULL)
				s = &t->s[i];
		} else {
			mine += strcmp(t->s[i].user, user) == 0;
			others += t->s[i].role != RF_ROLE_ADMIN;
		}
	if (s == NULL || mine >= RF_SESS_USER_MAX ||
	    (role != RF_ROLE_ADMIN &&
	    others >= RF_SESS_MAX - RF_SESS_ADMIN_KEEP))
		return -1;
	if (rnd(raw, sizeof(raw)) != 0)
		return -1;
	memset(s, 0, sizeof(*s));
	util_hex_encode(raw, sizeof(raw), s->token);
	util_zeroize(raw, sizeof(raw));
	/* ids are never reused while we run: a deleted URI stays 404 */
	(void)snprintf(s->id, sizeof(s->id), "%u", t->next_id++);
	(void)strlcpy(s->user, user, sizeof(s->user));
	s->role = role;
	s->last_ms = now;
	s->created = wall;
	s->used = 1;
	*out = *s;
	return 0;
}

int
rf_sess_auth(struct rf_sesstab *t, const char *token, uint64_t now,
    struct rf_sess *out)
{
	size_t	 i, n;
	int	 hit = -1;

	if (token == NULL || (n = strlen(token)) != RF_TOKEN_LEN)
		return -1;
	/* look at every slot: the time taken says nothing about the token */
	for (i = 0; i < nitems(t->s); i++)
		if (t->s[i].used &&
		    util_ct_memcmp(t->s[i].token, token, RF_TOKEN_LEN) == 0)
			hit = (int)i;
	if (hit < 0 || !sess_live(t, &t->s[hit], now))
		return -1;
	if (now > t->s[hit].last_ms)
		t->s[hit].last_ms = now;
	*out = t->s[hit];
	return 0;
}

int
rf_sess_find(struct rf_sesstab *t, const char *id, uint64_t now,
    struct rf_sess *out)
{
	size_t	 i;

	for (i = 0; i < nitems(t->s); i++)
		if (sess_live(t, &t->s[i], now) &&
		    strcmp(t->s[i].id, id) == 0) {
			if (out != NULL)
				*out = t->s[i];
			return 0;
		}
	return -1;
}

int
rf_sess_del(struct rf_sesstab *t, const char *id)
{
	size_t	 i;

	for (i = 0; i < nitems(t->s); i++)
		if (t->s[i].used && strcmp(t->s[i].id, id) == 0) {
			util_zeroize(&t->s[i], sizeof(t->s[i]));
			return 0;
		}
	return -1;
}

/*
 * After an account change: a session whose user is gone or disabled ends,
 * one whose role changed takes the new role.  accounts is powerd's
 * "accounts" array.  Returns how many sessions ended.
 */
int
rf_sess_sync(struct rf_sesstab *t, const cJSON *accounts)
{
	const cJSON	*a, *v;
	size_t		 i;
	int		 n = 0, found;

	for (i = 0; i < nitems(t->s); i++) {
		if (!t->s[i].used)
			continue;
		found = 0;
		cJSON_ArrayForEach(a, accounts) {
			v = cJSON_GetObjectItemCaseSensitive(a, "name");
			if (!cJSON_IsString(v) ||
			    strcmp(v->valuestring, t->s[i].user) != 0)
				continue;
			v = cJSON_GetObjectItemCaseSensitive(a, "enabled");
			if (v != NULL && !cJSON_IsTrue(v))
				break;
			v = cJSON_GetObjectItemCaseSensitive(a, "role");
			t->s[i].role = rf_role_from_pd(cJSON_IsString(v) ?
			    v->valuestring : NULL);
			found = t->s[i].role != RF_ROLE_NONE;
			break;
		}
		if (!found) {
			util_zeroize(&t->s[i], sizeof(t->s[i]));
			n++;
		}
	}
	return n;
}

int
rf_sess_list(struct rf_sesstab *t, uint64_t now, char (*ids)[RF_ID_MAX],
    int max)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < nitems(t->s) && n < max; i++)
		if (sess_live(t, &t->s[i], now))
			(void)strlcpy(ids[n++], t->s[i].id, RF_ID_MAX);
	return n;
}

/*
 * A Basic request costs one SHA-256 of the credentials and a table scan,
 * not a round trip to powerd (and no password hash): the digest of
 * "user\0pass" is remembered for RF_CACHE_TTL_MS after powerd verified it,
 * and the whole cache is dropped on every powerd "accounts" event.
 */
void
rf_cred_digest(const char *user, const char *pass, uint8_t dig[32])
{
	mbedtls_sha256_context	 c;

	mbedtls_sha256_init(&c);
	(void)mbedtls_sha256_starts_ret(&c, 0);
	(void)mbedtls_sha256_update_ret(&c, (const unsigned char *)user,
	    strlen(user) + 1);
	(void)mbedtls_sha256_update_ret(&c, (const unsigned char *)pass,
	    strlen(pass));
	(void)mbedtls_sha256_finish_ret(&c, dig);
	mbedtls_sha256_free(&c);
}

int
rf_cred_lookup(struct rf_credcache *cc, const uint8_t dig[32], uint64_t now,
    char *user, size_t ulen, enum rf_role *role)
{
	size_t	 i;

	for (i = 0; i < nitems(cc->c); i++) {
		if (!cc->c[i].used || now >= cc->c[i].expires)
			continue;
		if (util_ct_memcmp(cc->c[i].dig, dig, 32) == 0) {
			(void)strlcpy(user, cc->c[i].user, ulen);
			*role = cc->c[i].role;
			return 0;
		}
	}
	return -1;
}

void
rf_cred_store(struct rf_credcache *cc, const uint8_t dig[32],
    const char *user, enum rf_role role, uint64_t now)
{
	struct rf_cred	*c = NULL;
	size_t		 i;

	for (i = 0; i < nitems(cc->c); i++)
		if (!cc->c[i].used || now >= cc->c[i].expires ||
		    memcmp(cc->c[i].dig, dig, 32) == 0) {
			c = &cc->c[i];
			break;
		}
	if (c == NULL)
		c = &cc->c[cc->clock++ % nitems(cc->c)];
	memcpy(c->dig, dig, 32);
	(void)strlcpy(c->user, user, sizeof(c->user));
	c->role = role;
	c->expires = now + RF_CACHE_TTL_MS;
	c->used = 1;
}

void
rf_cred_flush(struct rf_credcache *cc)
{
	util_zeroize(cc, sizeof(*cc));
}
