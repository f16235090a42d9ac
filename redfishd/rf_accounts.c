/* rf_accounts.c: one family of the Redfish resource tree (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * SessionService, Sessions, AccountService, Accounts, Roles.  The
 * router, the privileges and the shared helpers are in route.c
 * (rfint.h).
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "rf.h"
#include "rf_hw.h"
#include "rfint.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* SessionService */

static cJSON *
sesssvc_build(struct ctx *c)
{
	cJSON	*o;

	if ((o = res_new(V1 "/SessionService",
	    "#SessionService.v1_1_8.SessionService",
	    "SessionService.SessionService")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", "SessionService");
	cJSON_AddStringToObject(o, "Name", "Session Service");
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	cJSON_AddNumberToObject(o, "SessionTimeout",
	    (double)(c->ops->sess_timeout(c->ops->arg, 0) / 1000));
	add_status(o, "Enabled", "OK");
	add_link(o, "Sessions", V1 "/SessionService/Sessions");
	return o;
}

static const struct pspec sesssvc_spec[] = {
	{ "SessionTimeout", PT_INT, NULL, NULL, 30, 86400 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

void
h_sesssvc(struct ctx *c)
{
	cJSON	*cur, *b;

	if ((cur = sesssvc_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, sesssvc_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	(void)c->ops->sess_timeout(c->ops->arg, (uint64_t)jnum(b,
	    "SessionTimeout", 1800) * 1000);
	cJSON_Delete(b);
	c->resp->body = sesssvc_build(c);
	set_etag(c);
}

static cJSON *
session_build(const struct rf_sess *s)
{
	cJSON	*o;
	char	 p[RF_PATH_MAX];

	(void)snprintf(p, sizeof(p), V1 "/SessionService/Sessions/%s", s->id);
	if ((o = res_new(p, "#Session.v1_7_0.Session",
	    "Session.Session")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", s->id);
	cJSON_AddStringToObject(o, "Name", "User Session");
	cJSON_AddStringToObject(o, "UserName", s->user);
	cJSON_AddNullToObject(o, "Password");
	cJSON_AddStringToObject(o, "SessionType", "Redfish");
	return o;
}

void
h_sessions(struct ctx *c)
{
	char		 ids[RF_SESS_MAX][RF_ID_MAX];
	int		 n, i;
	cJSON		*o, *b, *x, *rep;
	const cJSON	*u, *pw;
	struct rf_sess	 s;
	enum rf_role	 role;

	if (c->req->method == RF_M_GET || c->req->method == RF_M_HEAD) {
		o = c->resp->body = coll_new(V1 "/SessionService/Sessions",
		    "SessionCollection", "Session Collection");
		if (o == NULL)
			return;
		n = c->ops->sess_ids(c->ops->arg, ids, RF_SESS_MAX);
		for (i = 0; i < n; i++)
			add_link(members(o), NULL,
			    V1 "/SessionService/Sessions/%s", ids[i]);
		coll_done(o);
		return;
	}
	/* POST: log in (DSP0266 "Session login") */
	if ((b = body_object(c)) == NULL)
		return;
	u = cJSON_GetObjectItemCaseSensitive(b, "UserName");
	pw = cJSON_GetObjectItemCaseSensitive(b, "Password");
	if (!cJSON_IsString(u) || !cJSON_IsString(pw)) {
		rf_fail(c->resp, 400, "PropertyMissing", u == NULL ||
		    !cJSON_IsString(u) ? "UserName" : "Password", NULL);
		goto out;
	}
	/* no account has such a name or password: not worth asking powerd */
	if (strlen(u->valuestring) >= RF_USER_MAX ||
	    strlen(pw->valuestring) >= RF_PASS_MAX) {
		role = RF_ROLE_NONE;
		goto denied;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		goto out;
	cJSON_AddStringToObject(x, "name", u->valuestring);
	cJSON_AddStringToObject(x, "password", pw->valuestring);
	if ((rep = pd_call(c, "accounts", "verify", x, 1)) == NULL)
		goto out;
	role = RF_ROLE_NONE;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep, "ok"))) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(rep,
		    "account");

		if (acct_enabled(a))
			role = rf_role_from_pd(jstr(a, "role", ""));
	}
	cJSON_Delete(rep);
denied:
	if (role == RF_ROLE_NONE) {
		rf_fail(c->resp, 401, "ResourceAtUriUnauthorized",
		    V1 "/SessionService/Sessions", "Invalid credentials");
		c->resp->www_auth = 0;
		goto out;
	}
	if (c->ops->sess_new(c->ops->arg, u->valuestring, role, &s) == -1) {
		rf_fail(c->resp, 503, "CreateLimitReachedForResource", NULL,
		    NULL);
		goto out;
	}
	c->resp->status = 201;
	c->resp->body = session_build(&s);
	(void)snprintf(c->resp->location, sizeof(c->resp->location),
	    V1 "/SessionService/Sessions/%s", s.id);
	(void)strlcpy(c->resp->token, s.token, sizeof(c->resp->token));
	util_zeroize(&s, sizeof(s));
out:
	cJSON_Delete(b);
}

void
h_session(struct ctx *c)
{
	struct rf_sess	 s;

	if (c->ops->sess_get(c->ops->arg, c->arg[0], &s) == -1) {
		rf_fail(c->resp, 404, "ResourceNotFound", "Session", c->arg[0]);
		return;
	}
	/* others' sessions: ConfigureManager; one's own: ConfigureSelf */
	if (strcmp(s.user, c->req->user) != 0 &&
	    !(rf_role_privs(c->req->role) & RF_PRIV_CONF_MGR)) {
		rf_fail(c->resp, 403, "InsufficientPrivilege", NULL, NULL);
		goto out;
	}
	if (c->req->method == RF_M_DELETE) {
		(void)c->ops->sess_del(c->ops->arg, s.id);
		no_content(c);
	} else
		c->resp->body = session_build(&s);
out:
	util_zeroize(&s, sizeof(s));
}

/* ------------------------------------------------------------------ */
/* AccountService */

/*
 * The lockout (DMTF AccountLockout*) is powerd's, per server, shared with
 * IPMI: every failed Redfish or IPMI login counts against the account.
 */
static cJSON *
acctsvc_build(struct ctx *c)
{
	cJSON		*o, *rep;
	const cJSON	*l;

	if ((rep = pd_call(c, "accounts", "lockout", NULL, 0)) == NULL)
		return NULL;
	l = cJSON_GetObjectItemCaseSensitive(rep, "lockout");
	if ((o = res_new(V1 "/AccountService",
	    "#AccountService.v1_13_0.AccountService",
	    "AccountService.AccountService")) == NULL) {
		cJSON_Delete(rep);
		return NULL;
	}
	cJSON_AddStringToObject(o, "Id", "AccountService");
	cJSON_AddStringToObject(o, "Name", "Account Service");
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	cJSON_AddNumberToObject(o, "MinPasswordLength", 1);
	cJSON_AddNumberToObject(o, "MaxPasswordLength", RF_PASS_MAX - 1);
	cJSON_AddStringToObject(o, "LocalAccountAuth", "Enabled");
	cJSON_AddNumberToObject(o, "AccountLockoutThreshold",
	    jnum(l, "threshold", 0));
	cJSON_AddNumberToObject(o, "AccountLockoutDuration",
	    jnum(l, "duration", 0));
	cJSON_AddNumberToObject(o, "AccountLockoutCounterResetAfter",
	    jnum(l, "reset_after", 1));
	cJSON_AddBoolToObject(o, "AccountLockoutCounterResetEnabled", 1);
	add_status(o, "Enabled", "OK");
	add_link(o, "Accounts", V1 "/AccountService/Accounts");
	add_link(o, "Roles", V1 "/AccountService/Roles");
	cJSON_Delete(rep);
	return o;
}

static const struct pspec acctsvc_spec[] = {
	{ "AccountLockoutThreshold", PT_INT, NULL, NULL, 0, 255 },
	{ "AccountLockoutDuration", PT_INT, NULL, NULL, 0, 86400 },
	{ "AccountLockoutCounterResetAfter", PT_INT, NULL, NULL, 1, 86400 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

void
h_acctsvc(struct ctx *c)
{
	cJSON		*cur, *b, *x, *rep;
	const cJSON	*v;

	if ((cur = acctsvc_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, acctsvc_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	if ((x = cJSON_CreateObject()) == NULL) {
		cJSON_Delete(b);
		return;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(b,
	    "AccountLockoutThreshold")) != NULL)
		cJSON_AddNumberToObject(x, "threshold", v->valuedouble);
	if ((v = cJSON_GetObjectItemCaseSensitive(b,
	    "AccountLockoutDuration")) != NULL)
		cJSON_AddNumberToObject(x, "duration", v->valuedouble);
	if ((v = cJSON_GetObjectItemCaseSensitive(b,
	    "AccountLockoutCounterResetAfter")) != NULL)
		cJSON_AddNumberToObject(x, "reset_after", v->valuedouble);
	cJSON_Delete(b);
	if ((rep = pd_call(c, "accounts", "lockout", x, 0)) == NULL)
		return;
	cJSON_Delete(rep);
	if ((c->resp->body = acctsvc_build(c)) != NULL)
		set_etag(c);
}

static cJSON *
account_build(const cJSON *a)
{
	cJSON	*o, *x;
	char	 p[RF_PATH_MAX], id[16];
	enum rf_role r = rf_role_from_pd(jstr(a, "role", ""));

	(void)snprintf(id, sizeof(id), "%.0f", jnum(a, "id", 0));
	(void)snprintf(p, sizeof(p), V1 "/AccountService/Accounts/%s", id);
	if ((o = res_new(p, "#ManagerAccount.v1_10_0.ManagerAccount",
	    "ManagerAccount.ManagerAccount")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", "User Account");
	cJSON_AddStringToObject(o, "UserName", jstr(a, "name", ""));
	cJSON_AddStringToObject(o, "RoleId", rf_role_name(r));
	cJSON_AddBoolToObject(o, "Enabled", acct_enabled(a));
	cJSON_AddBoolToObject(o, "Locked", cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(a, "locked")));
	cJSON_AddNullToObject(o, "Password");
	if ((x = cJSON_AddArrayToObject(o, "AccountTypes")) != NULL) {
		cJSON_AddItemToArray(x, cJSON_CreateString("Redfish"));
		cJSON_AddItemToArray(x, cJSON_CreateString("IPMI"));
	}
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL)
		add_link(x, "Role", V1 "/AccountService/Roles/%s",
		    rf_role_name(r));
	return o;
}

static const struct vmap role_map[] = {
	{ "administrator", "Administrator" }, { "operator", "Operator" },
	{ "readonly", "ReadOnly" }, { NULL, NULL }
};

static const struct pspec account_spec[] = {
	{ "UserName", PT_STR, NULL, NULL, 1, RF_USER_MAX - 1 },
	{ "Password", PT_STR, NULL, NULL, 1, RF_PASS_MAX - 1 },
	{ "RoleId", PT_ENUM, role_map, NULL, 0, 0 },
	{ "Enabled", PT_BOOL, NULL, NULL, 0, 0 },
	{ "Locked", PT_BOOL, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

/* account fields Redfish -> powerd (validated body) */
static cJSON *
account_fields(const cJSON *b)
{
	cJSON		*x;
	const cJSON	*v;

	if ((x = cJSON_CreateObject()) == NULL)
		return NULL;
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "UserName")) != NULL)
		cJSON_AddStringToObject(x, "name", v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "Password")) != NULL)
		cJSON_AddStringToObject(x, "password", v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "RoleId")) != NULL)
		cJSON_AddStringToObject(x, "role", to_pd(role_map,
		    v->valuestring));
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "Enabled")) != NULL)
		cJSON_AddBoolToObject(x, "enabled", cJSON_IsTrue(v));
	return x;
}

void
h_accounts(struct ctx *c)
{
	cJSON		*rep, *o, *b = NULL, *x, *cur;
	const cJSON	*it;
	const char	*miss = NULL;

	if (c->req->method == RF_M_GET || c->req->method == RF_M_HEAD) {
		if ((rep = pd_call(c, "accounts", "list", NULL, 0)) == NULL)
			return;
		if ((o = c->resp->body = coll_new(V1 "/AccountService/Accounts",
		    "ManagerAccountCollection", "Accounts Collection")) !=
		    NULL) {
			cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(
			    rep, "accounts"))
				add_link(members(o), NULL,
				    V1 "/AccountService/Accounts/%.0f",
				    jnum(it, "id", 0));
			coll_done(o);
		}
		cJSON_Delete(rep);
		return;
	}
	/* POST: create (ConfigureUsers, checked by the route table) */
	if ((cur = cJSON_CreateObject()) == NULL)
		return;
	if ((b = body_object(c)) == NULL) {
		cJSON_Delete(cur);
		return;
	}
	if (patch_check(c->resp, b, cur, account_spec, "") == -1)
		goto out;
	if (cJSON_GetObjectItemCaseSensitive(b, "UserName") == NULL)
		miss = "UserName";
	else if (cJSON_GetObjectItemCaseSensitive(b, "Password") == NULL)
		miss = "Password";
	else if (cJSON_GetObjectItemCaseSensitive(b, "RoleId") == NULL)
		miss = "RoleId";
	if (miss != NULL) {
		rf_fail(c->resp, 400, "PropertyMissing", miss, NULL);
		goto out;
	}
	if ((x = account_fields(b)) == NULL)
		goto out;
	if (cJSON_GetObjectItemCaseSensitive(x, "enabled") == NULL)
		cJSON_AddBoolToObject(x, "enabled", 1);
	if ((rep = pd_call(c, "accounts", "add", x, 1)) == NULL)
		goto out;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep, "ok"))) {
		const char *tok = jstr(rep, "error", "");

		if (strcmp(tok, "exists") == 0)
			rf_fail(c->resp, 409, "ResourceAlreadyExists",
			    "ManagerAccount", "UserName");
		else if (strcmp(tok, "full") == 0)
			rf_fail(c->resp, 400, "CreateLimitReachedForResource",
			    NULL, NULL);
		else
			pd_fail(c, rep);
		cJSON_Delete(rep);
		goto out;
	}
	c->resp->status = 201;
	c->resp->body = account_build(cJSON_GetObjectItemCaseSensitive(rep,
	    "account"));
	(void)snprintf(c->resp->location, sizeof(c->resp->location),
	    V1 "/AccountService/Accounts/%.0f", jnum(
	    cJSON_GetObjectItemCaseSensitive(rep, "account"), "id", 0));
	cJSON_Delete(rep);
out:
	cJSON_Delete(cur);
	cJSON_Delete(b);
}

static cJSON *
account_get(struct ctx *c, long id)
{
	cJSON	*x, *rep, *o;

	if ((x = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(x, "account_id", id);
	if ((rep = pd_call(c, "accounts", "get", x, 0)) == NULL)
		return NULL;
	o = account_build(cJSON_GetObjectItemCaseSensitive(rep, "account"));
	cJSON_Delete(rep);
	return o;
}

void
h_account(struct ctx *c)
{
	const char	*err;
	long		 id;
	cJSON		*cur, *b, *x, *rep;
	const cJSON	*it;
	int		 self;
	unsigned	 pv = rf_role_privs(c->req->role);

	id = (long)strtonum(c->arg[0], 1, 255, &err);
	if (err != NULL) {
		rf_fail(c->resp, 404, "ResourceNotFound", "ManagerAccount",
		    c->arg[0]);
		return;
	}
	if ((cur = account_get(c, id)) == NULL)
		return;
	self = strcmp(jstr(cur, "UserName", ""), c->req->user) == 0;
	/* DSP0266: ConfigureUsers, or ConfigureSelf for one's own */
	if (!(pv & RF_PRIV_CONF_USERS) && !(self &&
	    (pv & RF_PRIV_CONF_SELF))) {
		cJSON_Delete(cur);
		rf_fail(c->resp, 403, "InsufficientPrivilege", NULL, NULL);
		return;
	}
	switch (c->req->method) {
	case RF_M_GET:
	case RF_M_HEAD:
		c->resp->body = cur;
		set_etag(c);
		return;
	case RF_M_DELETE:
		cJSON_Delete(cur);
		if (!(pv & RF_PRIV_CONF_USERS)) {
			rf_fail(c->resp, 403, "InsufficientPrivilege", NULL,
			    NULL);
			return;
		}
		if ((x = cJSON_CreateObject()) == NULL)
			return;
		cJSON_AddNumberToObject(x, "account_id", id);
		if ((rep = pd_call(c, "accounts", "delete", x, 0)) == NULL)
			return;
		cJSON_Delete(rep);
		no_content(c);
		return;
	default:
		break;
	}
	b = patch_begin(c, cur, account_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	if (!(pv & RF_PRIV_CONF_USERS))
		cJSON_ArrayForEach(it, b)
			if (strcmp(it->string, "Password") != 0) {
				rf_fail(c->resp, 403, "InsufficientPrivilege",
				    NULL, NULL);
				goto out;
			}
	if ((it = cJSON_GetObjectItemCaseSensitive(b, "Locked")) != NULL &&
	    cJSON_IsTrue(it)) {
		rf_fail(c->resp, 400, "PropertyValueNotInList", "true",
		    "Locked");
		goto out;
	}
	if ((x = account_fields(b)) == NULL)
		goto out;
	/* Locked false: unlock (only failed logins lock) */
	if (cJSON_GetObjectItemCaseSensitive(b, "Locked") != NULL)
		cJSON_AddFalseToObject(x, "locked");
	cJSON_AddNumberToObject(x, "account_id", id);
	if (x->child->next == NULL)	/* nothing to change */
		cJSON_Delete(x);
	else {
		if ((rep = pd_call(c, "accounts", "set", x, 1)) == NULL)
			goto out;
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep,
		    "ok"))) {
			if (strcmp(jstr(rep, "error", ""), "exists") == 0)
				rf_fail(c->resp, 409, "ResourceAlreadyExists",
				    "ManagerAccount", "UserName");
			else
				pd_fail(c, rep);
			cJSON_Delete(rep);
			goto out;
		}
		cJSON_Delete(rep);
	}
	if ((cur = account_get(c, id)) != NULL) {
		c->resp->status = 200;
		c->resp->body = cur;
		set_etag(c);
	}
out:
	cJSON_Delete(b);
}

void
h_roles(struct ctx *c)
{
	static const enum rf_role r[] = { RF_ROLE_ADMIN, RF_ROLE_OPERATOR,
	    RF_ROLE_READONLY };
	cJSON	*o;
	size_t	 i;

	o = c->resp->body = coll_new(V1 "/AccountService/Roles",
	    "RoleCollection", "Roles Collection");
	if (o == NULL)
		return;
	for (i = 0; i < nitems(r); i++)
		add_link(members(o), NULL, V1 "/AccountService/Roles/%s",
		    rf_role_name(r[i]));
	coll_done(o);
}

void
h_role(struct ctx *c)
{
	static const char *const names[] = { "Login", "ConfigureManager",
	    "ConfigureUsers", "ConfigureSelf", "ConfigureComponents" };
	static const unsigned bits[] = { RF_PRIV_LOGIN, RF_PRIV_CONF_MGR,
	    RF_PRIV_CONF_USERS, RF_PRIV_CONF_SELF, RF_PRIV_CONF_COMP };
	enum rf_role	 r = rf_role_from_name(c->arg[0]);
	cJSON		*o, *a;
	size_t		 i;

	if (r == RF_ROLE_NONE) {
		rf_fail(c->resp, 404, "ResourceNotFound", "Role", c->arg[0]);
		return;
	}
	if ((o = c->resp->body = res_new(c->req->path, "#Role.v1_3_1.Role",
	    "Role.Role")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", rf_role_name(r));
	cJSON_AddStringToObject(o, "Name", "User Role");
	cJSON_AddStringToObject(o, "RoleId", rf_role_name(r));
	cJSON_AddBoolToObject(o, "IsPredefined", 1);
	if ((a = cJSON_AddArrayToObject(o, "AssignedPrivileges")) != NULL)
		for (i = 0; i < nitems(names); i++)
			if (rf_role_privs(r) & bits[i])
				cJSON_AddItemToArray(a,
				    cJSON_CreateString(names[i]));
	cJSON_AddArrayToObject(o, "OemPrivileges");
}
