/* users.c: ipmid's cache of powerd's accounts (with secrets, for RAKP/MD5) and inventory GUID. */
/* SPDX-License-Identifier: ISC */

/*
 * A refresh is "accounts list" then one "accounts get secret:true" per
 * id, filled into a staging table that replaces d->users only when every
 * reply came back; a failed refresh keeps the old cache.  A new refresh
 * cancels the requests of the one in flight.  A failed refresh or
 * inventory request (powerd busy or slow, as on a crowded fleet host) is
 * tried again after USERS_RETRY_S, doubling up to USERS_RETRY_MAX_S, so a
 * daemon that started early never keeps refusing every user.
 */

#include <ev.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mbedtls/platform_util.h>

#include "evpdc.h"
#include "log.h"
#include "pdmsg.h"
#include "util.h"
#include "ipmid.h"
#include "users.h"

struct ureq {
	struct users_state	*us;
	long			 h;		/* evpdc handle, 0 = idle */
};

#define USERS_RETRY_S		0.5
#define USERS_FAIL_MAX		64	/* login-failed reports in flight */
#define USERS_RETRY_MAX_S	10.0

struct users_state {
	ev_timer		 retry;		/* first: see retry_cb */
	double			 backoff;
	int			 want_users;
	int			 want_inv;
	struct ipmid		*d;
	struct ureq		 req[1];		/* the accounts list */
	struct ureq		 inv;
	struct ipmid_user	 stage[IPMID_USERS_MAX + 1];
	int			 pending;
	int			 failed;
	int			 fails;		/* login-failed in flight */
};

static void
retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct users_state	*us = (struct users_state *)w;
	struct ipmid		*d = us->d;

	(void)loop;
	(void)revents;
	if (us->want_users)
		users_refresh(d);
	if (us->want_inv)
		users_inventory(d);
}

/* Something failed: try again later (once per backoff period). */
static void
schedule_retry(struct users_state *us)
{
	struct ev_loop	*loop = us->d->loop;

	if (loop == NULL || ev_is_active(&us->retry))
		return;
	us->backoff = us->backoff < USERS_RETRY_S ? USERS_RETRY_S :
	    us->backoff * 2;
	if (us->backoff > USERS_RETRY_MAX_S)
		us->backoff = USERS_RETRY_MAX_S;
	ev_timer_set(&us->retry, us->backoff, 0.);
	ev_timer_start(loop, &us->retry);
}

int
users_init(struct ipmid *d)
{
	struct users_state	*us;
	size_t			 i;

	if ((us = calloc(1, sizeof(*us))) == NULL)
		return -1;
	us->d = d;
	ev_timer_init(&us->retry, retry_cb, USERS_RETRY_S, 0.);
	for (i = 0; i < nitems(us->req); i++)
		us->req[i].us = us;
	us->inv.us = us;
	d->users_st = us;
	return 0;
}

static void
cancel_all(struct users_state *us)
{
	size_t	i;

	for (i = 0; i < nitems(us->req); i++)
		if (us->req[i].h > 0) {
			evpdc_cancel(us->d->pd, us->req[i].h);
			us->req[i].h = 0;
		}
	us->pending = 0;
	us->failed = 0;
}

void
users_fini(struct ipmid *d)
{
	struct users_state	*us = d->users_st;

	if (us == NULL)
		return;
	if (d->loop != NULL)
		ev_timer_stop(d->loop, &us->retry);
	mbedtls_platform_zeroize(us, sizeof(*us));
	free(us);
	d->users_st = NULL;
	mbedtls_platform_zeroize(d->users, sizeof(d->users));
}

int
users_role_priv(const char *role)
{
	static const struct {
		const char	*name;
		int		 priv;
	} map[] = {
		{ "administrator", IPMI_PRIV_ADMIN },
		{ "operator", IPMI_PRIV_OPERATOR },
		{ "readonly", IPMI_PRIV_USER },
		{ "user", IPMI_PRIV_USER },
		{ "callback", IPMI_PRIV_CALLBACK },
		{ "no-access", IPMI_PRIV_NOACCESS },
	};
	size_t	i;

	for (i = 0; role != NULL && i < nitems(map); i++)
		if (strcmp(role, map[i].name) == 0)
			return map[i].priv;
	return IPMI_PRIV_NOACCESS;
}

int
users_parse_account(const cJSON *a, struct ipmid_user *u)
{
	const char	*name, *pass;
	double		 id;
	size_t		 nl, pl;

	id = pdmsg_num(a, "id", -1);
	name = pdmsg_str(a, "name", NULL);
	pass = pdmsg_str(a, "password", "");
	if (id < 2 || id > IPMID_USERS_MAX || name == NULL)
		return -1;
	nl = strlen(name);
	pl = strlen(pass);
	if (nl == 0 || nl > IPMID_NAME_MAX || pl > IPMID_PASS_MAX)
		return -1;
	memset(u, 0, sizeof(*u));
	u->used = 1;
	u->id = (uint8_t)id;
	memcpy(u->name, name, nl);
	u->namelen = (uint8_t)nl;
	memcpy(u->pass, pass, pl);
	u->passlen = (uint8_t)pl;
	u->priv = (uint8_t)users_role_priv(pdmsg_str(a, "role", NULL));
	u->enabled = pdmsg_bool(a, "enabled", 1);
	users_parse_lock(a, u);
	return 0;
}

/* "locked", "locked_until" (-1: until unlocked) of an account object */
void
users_parse_lock(const cJSON *a, struct ipmid_user *u)
{
	double	until;

	u->locked_until = 0;
	if (!pdmsg_bool(a, "locked", 0))
		return;
	until = pdmsg_num(a, "locked_until", -1);
	u->locked_until = until <= 0 || until > 1e15 ? INT64_MAX :
	    (int64_t)until;
}

int
users_locked(const struct ipmid_user *u)
{
	return u->locked_until != 0 && u->locked_until > (int64_t)time(NULL);
}

static void
fail_cb(void *arg, cJSON *reply, int fd)
{
	struct ipmid		*d = arg;
	struct ipmid_user	 u;
	const cJSON		*a;
	double			 id;

	if (fd != -1)
		close(fd);
	if (d->users_st != NULL)
		d->users_st->fails--;
	if (reply == NULL || !pdmsg_ok(reply) ||
	    (a = cJSON_GetObjectItemCaseSensitive(reply, "account")) == NULL)
		return;
	/* learn a lock at once; the accounts event refreshes the rest */
	id = pdmsg_num(a, "id", -1);
	if (id < 2 || id > IPMID_USERS_MAX || !d->users[(int)id].used)
		return;
	users_parse_lock(a, &u);
	d->users[(int)id].locked_until = u.locked_until;
}

void
users_login_failed(struct ipmid *d, const uint8_t *name, size_t len)
{
	struct users_state	*us = d->users_st;
	char			 n[IPMID_NAME_MAX + 1];
	cJSON			*req;

	if (us == NULL || d->pd == NULL || len == 0 || len > IPMID_NAME_MAX)
		return;
	if (us->fails >= USERS_FAIL_MAX) {
		log_warnx("powerd: too many failed logins in flight; "
		    "one not reported");
		return;
	}
	memcpy(n, name, len);
	n[len] = '\0';
	if ((req = pdmsg_request(0, "accounts", d->conf.server)) == NULL ||
	    cJSON_AddStringToObject(req, "action", "login-failed") == NULL ||
	    cJSON_AddStringToObject(req, "by", "ipmi") == NULL ||
	    cJSON_AddStringToObject(req, "name", n) == NULL) {
		cJSON_Delete(req);
		return;
	}
	if (evpdc_call(d->pd, req, USERS_PD_TIMEOUT_MS, fail_cb, d) < 0) {
		log_warnx("powerd: failed login as \"%s\" not reported", n);
		return;
	}
	us->fails++;
}

static void
finish(struct users_state *us)
{
	struct ipmid	*d = us->d;

	if (us->pending > 0)
		return;
	if (!us->failed) {
		memcpy(d->users, us->stage, sizeof(d->users));
		d->have_users = 1;
		us->want_users = 0;
		if (!us->want_inv)
			us->backoff = 0;
		log_debug("%s: accounts refreshed", d->conf.server);
	} else
		schedule_retry(us);
	mbedtls_platform_zeroize(us->stage, sizeof(us->stage));
}

/*
 * The accounts with their passwords (RAKP and the MD5 keys need them), in
 * one reply: a list with "secret", not a get per account, which cost each
 * ipmid of a fleet four round trips to powerd at start.
 */
static void
list_cb(void *arg, cJSON *reply, int fd)
{
	struct ureq		*r = arg;
	struct users_state	*us = r->us;
	struct ipmid		*d = us->d;
	struct ipmid_user	 u;
	const cJSON		*list, *a;

	if (fd != -1)
		close(fd);
	r->h = 0;
	us->pending--;
	if (reply == NULL || !pdmsg_ok(reply) ||
	    (list = cJSON_GetObjectItemCaseSensitive(reply, "accounts")) ==
	    NULL || !cJSON_IsArray(list)) {
		log_warnx("powerd: accounts list of %s failed; will retry",
		    d->conf.server);
		schedule_retry(us);
		return;
	}
	memset(us->stage, 0, sizeof(us->stage));
	us->failed = 0;
	cJSON_ArrayForEach(a, list) {
		if (cJSON_GetObjectItemCaseSensitive(a, "password") == NULL ||
		    users_parse_account(a, &u) != 0) {
			us->failed = 1;
			continue;
		}
		us->stage[u.id] = u;
	}
	mbedtls_platform_zeroize(&u, sizeof(u));
	finish(us);
}

void
users_refresh(struct ipmid *d)
{
	struct users_state	*us = d->users_st;
	cJSON			*req;

	if (us == NULL || d->pd == NULL)
		return;
	us->want_users = 1;
	cancel_all(us);
	if ((req = pdmsg_request(0, "accounts", d->conf.server)) == NULL ||
	    cJSON_AddStringToObject(req, "action", "list") == NULL ||
	    cJSON_AddTrueToObject(req, "secret") == NULL) {
		cJSON_Delete(req);
		return;
	}
	if ((us->req[0].h = evpdc_call(d->pd, req, USERS_PD_TIMEOUT_MS,
	    list_cb, &us->req[0])) < 0) {
		us->req[0].h = 0;
		schedule_retry(us);
		return;
	}
	us->pending = 1;
}

const struct ipmid_user *
users_by_name(const struct ipmid *d, const uint8_t *name, size_t len)
{
	const struct ipmid_user	*u;
	int			 i;

	if (len == 0 || len > IPMID_NAME_MAX)
		return NULL;
	for (i = 2; i <= IPMID_USERS_MAX; i++) {
		u = &d->users[i];
		if (u->used && u->enabled && u->namelen == len &&
		    memcmp(u->name, name, len) == 0)
			return u;
	}
	return NULL;
}

static void
inv_cb(void *arg, cJSON *reply, int fd)
{
	struct ureq		*r = arg;
	struct ipmid		*d = r->us->d;
	const cJSON		*inv;
	const char		*g;
	uint8_t			 guid[16];

	if (fd != -1)
		close(fd);
	r->h = 0;
	if (reply == NULL || !pdmsg_ok(reply) ||
	    (inv = cJSON_GetObjectItemCaseSensitive(reply, "inventory")) ==
	    NULL || (g = pdmsg_str(inv, "bmc_guid", NULL)) == NULL ||
	    strlen(g) != 32 || util_hex_decode(g, guid, sizeof(guid)) != 16) {
		log_warnx("powerd: no usable inventory for %s; will retry",
		    d->conf.server);
		schedule_retry(r->us);
		return;
	}
	memcpy(d->guid, guid, sizeof(d->guid));
	d->have_inventory = 1;
	r->us->want_inv = 0;
}

void
users_inventory(struct ipmid *d)
{
	struct users_state	*us = d->users_st;
	cJSON			*req;

	if (us == NULL || d->pd == NULL)
		return;
	us->want_inv = 1;
	if (us->inv.h > 0) {
		evpdc_cancel(d->pd, us->inv.h);
		us->inv.h = 0;
	}
	/* the GUID alone: not the hardware model (8 kB a server at start) */
	if ((req = pdmsg_request(0, "inventory", d->conf.server)) == NULL ||
	    cJSON_AddFalseToObject(req, "hw") == NULL) {
		cJSON_Delete(req);
		return;
	}
	if ((us->inv.h = evpdc_call(d->pd, req, USERS_PD_TIMEOUT_MS, inv_cb,
	    &us->inv)) < 0) {
		us->inv.h = 0;
		schedule_retry(us);
	}
}
