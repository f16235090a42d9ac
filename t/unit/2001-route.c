/* 2001-route.c: the pure redfishd modules: routing, privileges, PATCH checks, ETags, auth tables. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../redfishd/rf.h"
#include "../tap.h"
#include "util.h"

static const char *pd_power = "off";
static int pd_down;
static cJSON *last_req;
static struct rf_sesstab sess;
static struct rf_subtab subs;
static int nevents;

static cJSON *
fake_pd(void *arg, cJSON *req)
{
	const char	*op = cJSON_GetObjectItem(req, "op")->valuestring;
	char		 buf[1024];

	(void)arg;
	cJSON_Delete(last_req);
	last_req = cJSON_Duplicate(req, 1);
	if (pd_down)
		return NULL;
	if (strcmp(op, "status") == 0) {
		(void)snprintf(buf, sizeof(buf), "{\"ok\":true,\"power\":\"%s\","
		    "\"boot\":{\"target\":\"pxe\",\"enabled\":\"once\","
		    "\"mode\":\"uefi\",\"uefi_target\":\"\"},\"identify\":"
		    "{\"state\":\"off\"},\"last_reset\":0}", pd_power);
		return cJSON_Parse(buf);
	}
	if (strcmp(op, "inventory") == 0)
		return cJSON_Parse("{\"ok\":true,\"inventory\":{\"name\":\"srv1\","
		    "\"uuid\":\"8e5d0000-0000-4000-8000-000000000001\","
		    "\"cpus\":2,\"cpu_cores\":4,\"memory_mib\":8192}}");
	if (strcmp(op, "power") == 0)
		return cJSON_Parse("{\"ok\":true,\"power\":\"on\"}");
	if (strcmp(op, "accounts") == 0)
		return cJSON_Parse("{\"ok\":false,\"error\":\"not-found\","
		    "\"message\":\"no such account\"}");
	return cJSON_Parse("{\"ok\":true}");
}

static int
fake_rnd(void *p, size_t n)
{
	memset(p, 0xab, n);
	return 0;
}

static int
o_sess_new(void *a, const char *u, enum rf_role r, struct rf_sess *o)
{
	(void)a;
	return rf_sess_add(&sess, u, r, 1000, 0, fake_rnd, o);
}
static int
o_sess_get(void *a, const char *id, struct rf_sess *o)
{
	(void)a;
	return rf_sess_find(&sess, id, 1000, o);
}
static int
o_sess_del(void *a, const char *id)
{
	(void)a;
	return rf_sess_del(&sess, id);
}
static int
o_sess_ids(void *a, char (*ids)[RF_ID_MAX], int max)
{
	(void)a;
	return rf_sess_list(&sess, 1000, ids, max);
}
static uint64_t
o_sess_timeout(void *a, uint64_t s)
{
	(void)a;
	if (s)
		sess.timeout_ms = s;
	return sess.timeout_ms;
}
static int
o_sub_new(void *a, struct rf_sub *s)
{
	(void)a;
	return rf_sub_add(&subs, s);
}
static int
o_sub_get(void *a, const char *id, struct rf_sub *o)
{
	(void)a;
	return rf_sub_find(&subs, id, o);
}
static int
o_sub_del(void *a, const char *id)
{
	(void)a;
	return rf_sub_del(&subs, id);
}
static int
o_sub_ids(void *a, char (*ids)[RF_ID_MAX], int max)
{
	(void)a;
	return rf_sub_list(&subs, ids, max);
}
static int
o_url(void *a, const char *u, char *why, size_t wl)
{
	(void)a;
	(void)u;
	(void)strlcpy(why, "unreachable", wl);
	return -1;
}
static void
o_event(void *a, cJSON *ev, unsigned t)
{
	(void)a;
	(void)t;
	nevents++;
	cJSON_Delete(ev);
}

static const struct rf_ops ops = { fake_pd, o_sess_new, o_sess_get,
    o_sess_del, o_sess_ids, o_sess_timeout, o_sub_new, o_sub_get, o_sub_del,
    o_sub_ids, o_url, o_event, NULL };
static const struct rf_conf conf = { "srv1", 1, 8000, 8443, 1, 0, NULL,
    NULL, NULL, 0, NULL };
/* -M, the sushy-tools shape: srv2's view of a three-server service */
static const char *const agg_ids[] = { "srv1", "srv2", "srv3" };
static const struct rf_conf aconf = { "srv2", 1, 8000, 8443, 1, 0, NULL,
    "srv2", agg_ids, 3, "/console/srv2" };
static const struct rf_conf *cur = &conf;

static struct rf_resp resp;

static int
req(enum rf_method m, const char *path, const char *body, enum rf_role role)
{
	struct rf_req	 r;

	rf_resp_free(&resp);
	memset(&resp, 0, sizeof(resp));
	memset(&r, 0, sizeof(r));
	r.method = m;
	r.path = path;
	r.body = body != NULL ? body : "";
	r.bodylen = strlen(r.body);
	r.json_ctype = 1;
	r.authed = role != RF_ROLE_NONE;
	r.role = role;
	(void)strlcpy(r.user, "admin", sizeof(r.user));
	rf_route(cur, &ops, &r, &resp);
	return resp.status;
}

static const char *
msgid(void)
{
	cJSON *e = cJSON_GetObjectItem(resp.body, "error");
	cJSON *a = cJSON_GetObjectItem(e, "@Message.ExtendedInfo");
	cJSON *m = cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "MessageId");

	return cJSON_IsString(m) ? m->valuestring : "";
}

static const char *
str(const char *k)
{
	cJSON *v = cJSON_GetObjectItem(resp.body, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static unsigned
privs(enum rf_method m, const char *path)
{
	struct rf_req	 r;

	memset(&r, 0, sizeof(r));
	r.method = m;
	r.path = path;
	return rf_route_privs(&r);
}

int
main(void)
{
	const enum rf_role A = RF_ROLE_ADMIN;
	char		 e1[24], e2[24], u[RF_USER_MAX], p[RF_PASS_MAX];
	char		*s;
	cJSON		*o, *ev;
	struct rf_sess	 ss, out;
	struct rf_credcache cc;
	uint8_t		 d1[32], d2[32];
	enum rf_role	 role;
	unsigned	 type;
	int		 i;

	rf_sess_init(&sess, 60000);
	rf_sub_init(&subs);

	/* routing */
	is_int(req(RF_M_GET, "/redfish", NULL, RF_ROLE_NONE), 200, "/redfish");
	s = cJSON_PrintUnformatted(resp.body);
	is_str(s, "{\"v1\":\"/redfish/v1/\"}", "/redfish body exact");
	cJSON_free(s);
	is_int(req(RF_M_GET, "/redfish/v1/", NULL, RF_ROLE_NONE), 200,
	    "root with slash, no auth");
	is_str(str("@odata.id"), "/redfish/v1", "root @odata.id");
	is_int(req(RF_M_GET, "/redfish/v1", NULL, RF_ROLE_NONE), 200,
	    "root without slash");
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv1/", NULL, A), 200,
	    "trailing slash");
	is_int(req(RF_M_GET, "/redfish//v1", NULL, A), 404, "empty segment");
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv2", NULL, A), 404,
	    "other system");
	is_str(msgid(), "Base.1.16.0.ResourceNotFound", "ResourceNotFound");
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv1/x/y/z", NULL, A), 404,
	    "too deep");
	is_int(req(RF_M_DELETE, "/redfish/v1/Systems/srv1", NULL, A), 405,
	    "DELETE System 405");
	is_str(resp.allow, "GET, HEAD, PATCH", "Allow");
	is_int(req(RF_M_OTHER, "/redfish/v1", NULL, A), 405, "unknown method");
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv1", NULL, RF_ROLE_NONE),
	    401, "no auth 401");
	ok(resp.www_auth, "401 asks for Basic");
	is_int(req(RF_M_GET, "/redfish/v1/$metadata", NULL, RF_ROLE_NONE), 200,
	    "$metadata");
	ok(resp.text != NULL && strstr(resp.text, "ComputerSystem_v1.xml"),
	    "$metadata references ComputerSystem");
	is_str(resp.ctype, "application/xml", "$metadata type");

	/* System, ETag */
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv1", NULL, A), 200,
	    "System");
	is_str(str("PowerState"), "Off", "PowerState from powerd");
	(void)strlcpy(e1, resp.etag, sizeof(e1));
	ok(strncmp(e1, "W/\"", 3) == 0 && strlen(e1) == 20, "ETag shape");
	req(RF_M_GET, "/redfish/v1/Systems/srv1", NULL, A);
	is_str(resp.etag, e1, "ETag stable");
	pd_power = "on";
	req(RF_M_GET, "/redfish/v1/Systems/srv1", NULL, A);
	(void)strlcpy(e2, resp.etag, sizeof(e2));
	ok(strcmp(e1, e2) != 0, "ETag follows the state");
	o = cJSON_Parse("{\"a\":1}");
	rf_etag(o, e1, sizeof(e1));
	rf_etag(o, e2, sizeof(e2));
	is_str(e1, e2, "rf_etag deterministic");
	cJSON_Delete(o);

	/* PATCH checks */
	is_int(req(RF_M_PATCH, "/redfish/v1/Systems/srv1", "{\"Foo\":1}", A),
	    400, "unknown property");
	is_str(msgid(), "Base.1.16.0.PropertyUnknown", "PropertyUnknown");
	req(RF_M_PATCH, "/redfish/v1/Systems/srv1", "{\"UUID\":\"x\"}", A);
	is_str(msgid(), "Base.1.16.0.PropertyNotWritable", "PropertyNotWritable");
	req(RF_M_PATCH, "/redfish/v1/Systems/srv1",
	    "{\"Boot\":{\"BootSourceOverrideTarget\":\"Moon\"}}", A);
	is_str(msgid(), "Base.1.16.0.PropertyValueNotInList", "NotInList nested");
	req(RF_M_PATCH, "/redfish/v1/Systems/srv1",
	    "{\"Boot\":{\"Nope\":1}}", A);
	is_str(msgid(), "Base.1.16.0.PropertyUnknown", "unknown nested");
	req(RF_M_PATCH, "/redfish/v1/Systems/srv1",
	    "{\"LocationIndicatorActive\":1}", A);
	is_str(msgid(), "Base.1.16.0.PropertyValueTypeError", "type error");
	req(RF_M_PATCH, "/redfish/v1/Systems/srv1", "{", A);
	is_str(msgid(), "Base.1.16.0.MalformedJSON", "MalformedJSON");
	req(RF_M_PATCH, "/redfish/v1/Systems/srv1", "[]", A);
	is_str(msgid(), "Base.1.16.0.MalformedJSON", "array body");
	req(RF_M_PATCH, "/redfish/v1/Systems/srv1", "{}", A);
	is_str(msgid(), "Base.1.16.0.EmptyJSON", "EmptyJSON");
	is_int(req(RF_M_PATCH, "/redfish/v1/Systems/srv1",
	    "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\","
	    "\"BootSourceOverrideEnabled\":\"Continuous\"}}", A), 200,
	    "valid PATCH");
	/* the hardware model (op "hw") is read last */
	is_str(cJSON_GetObjectItem(last_req, "op")->valuestring, "hw",
	    "PATCH re-reads the System");

	/* actions */
	req(RF_M_POST, "/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset",
	    "{}", A);
	is_str(msgid(), "Base.1.16.0.ActionParameterMissing", "missing param");
	req(RF_M_POST, "/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset",
	    "{\"ResetType\":\"On\",\"X\":1}", A);
	is_str(msgid(), "Base.1.16.0.ActionParameterNotSupported",
	    "extra param");
	req(RF_M_POST, "/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset",
	    "{\"ResetType\":\"Boom\"}", A);
	is_str(msgid(), "Base.1.16.0.ActionParameterValueNotInList",
	    "bad ResetType");
	is_int(req(RF_M_POST,
	    "/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset",
	    "{\"ResetType\":\"PowerCycle\"}", A), 204, "PowerCycle 204");
	is_str(cJSON_GetObjectItem(last_req, "action")->valuestring, "cycle",
	    "PowerCycle -> cycle");
	req(RF_M_POST, "/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset",
	    "{\"ResetType\":\"GracefulShutdown\"}", A);
	is_str(cJSON_GetObjectItem(last_req, "action")->valuestring, "soft",
	    "GracefulShutdown -> soft");
	is_int(req(RF_M_POST, "/redfish/v1/Managers/bmc/VirtualMedia/Cd/"
	    "Actions/VirtualMedia.InsertMedia",
	    "{\"Image\":\"http://10.0.0.1/x.iso\"}", A), 400,
	    "off-loopback image");
	is_int(req(RF_M_POST, "/redfish/v1/Managers/bmc/VirtualMedia/Cd/"
	    "Actions/VirtualMedia.InsertMedia",
	    "{\"Image\":\"http://127.0.0.1/x.iso\"}", A), 400,
	    "unreachable image");
	is_str(msgid(), "Base.1.16.0.CouldNotEstablishConnection",
	    "CouldNotEstablishConnection");
	is_int(req(RF_M_POST, "/redfish/v1/EventService/Actions/"
	    "EventService.SubmitTestEvent", "{\"Message\":\"x\"}", A), 204,
	    "SubmitTestEvent");
	is_int(nevents, 1, "test event handed over");

	/* powerd away */
	pd_down = 1;
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv1", NULL, A), 503,
	    "powerd down 503");
	is_int(req(RF_M_GET, "/redfish/v1", NULL, RF_ROLE_NONE), 200,
	    "root without powerd");
	pd_down = 0;
	is_int(req(RF_M_GET, "/redfish/v1/AccountService/Accounts/9", NULL, A),
	    404, "powerd not-found -> 404");

	/* privilege map */
	ok(privs(RF_M_GET, "/redfish/v1") & RF_PRIV_NOAUTH, "root public");
	ok(privs(RF_M_GET, "/redfish/v1/odata") & RF_PRIV_NOAUTH, "odata public");
	ok(privs(RF_M_POST, "/redfish/v1/SessionService/Sessions") &
	    RF_PRIV_NOAUTH, "login public");
	is_int(privs(RF_M_GET, "/redfish/v1/SessionService/Sessions"),
	    RF_PRIV_LOGIN, "session list needs Login");
	is_int(privs(RF_M_GET, "/redfish/v1/Systems/srv1"), RF_PRIV_LOGIN,
	    "GET needs Login");
	is_int(privs(RF_M_POST,
	    "/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset"),
	    RF_PRIV_CONF_COMP, "reset needs ConfigureComponents");
	is_int(privs(RF_M_POST, "/redfish/v1/AccountService/Accounts"),
	    RF_PRIV_CONF_USERS, "accounts need ConfigureUsers");
	is_int(privs(RF_M_POST, "/redfish/v1/Managers/bmc/LogServices/SEL/"
	    "Actions/LogService.ClearLog"), RF_PRIV_CONF_MGR,
	    "ClearLog needs ConfigureManager");
	ok(!(rf_role_privs(RF_ROLE_OPERATOR) & RF_PRIV_CONF_USERS),
	    "Operator lacks ConfigureUsers");
	ok(rf_role_privs(RF_ROLE_OPERATOR) & RF_PRIV_CONF_COMP,
	    "Operator has ConfigureComponents");
	ok(!(rf_role_privs(RF_ROLE_READONLY) & RF_PRIV_CONF_COMP),
	    "ReadOnly lacks ConfigureComponents");
	is_int(req(RF_M_POST,
	    "/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset",
	    "{\"ResetType\":\"On\"}", RF_ROLE_READONLY), 403, "ReadOnly 403");
	is_str(msgid(), "Base.1.16.0.InsufficientPrivilege",
	    "InsufficientPrivilege");
	is_int(rf_role_from_pd("operator"), RF_ROLE_OPERATOR, "pd role map");
	is_int(rf_role_from_pd("callback"), RF_ROLE_NONE, "callback: no login");

	/* Basic */
	is_int(rf_basic_parse("Basic YWRtaW46cGFzc3dvcmQ=", u, sizeof(u), p,
	    sizeof(p)), 0, "Basic parse");
	is_str(u, "admin", "user");
	is_str(p, "password", "pass");
	is_int(rf_basic_parse("Basic YWRtaW4=", u, sizeof(u), p, sizeof(p)),
	    -1, "no colon");
	is_int(rf_basic_parse("Bearer x", u, sizeof(u), p, sizeof(p)), -1,
	    "not Basic");
	is_int(rf_basic_parse("Basic !!!", u, sizeof(u), p, sizeof(p)), -1,
	    "bad base64");
	is_int(rf_basic_parse("Basic OnBhc3M=", u, sizeof(u), p, sizeof(p)),
	    -1, "empty user");
	is_int(rf_basic_parse("Basic YWFhYWFhYWFhYWFhYWFhYWFhYWE6eA==", u,
	    sizeof(u), p, sizeof(p)), -1, "17-byte user");

	/* sessions */
	rf_sess_init(&sess, 1000);
	is_int(rf_sess_add(&sess, "bob", RF_ROLE_OPERATOR, 5000, 0, fake_rnd,
	    &ss), 0, "session add");
	is_int((int)strlen(ss.token), RF_TOKEN_LEN, "token length");
	is_int(rf_sess_auth(&sess, ss.token, 5500, &out), 0, "token works");
	is_int(rf_sess_auth(&sess, ss.token, 5400, &out), 0,
	    "clock read before another thread's stamp: still live");
	is_int(rf_sess_auth(&sess, ss.token, 6499, &out), 0, "idle < timeout");
	is_int(rf_sess_auth(&sess, ss.token, 7600, &out), -1, "timed out");
	rf_sess_add(&sess, "bob", RF_ROLE_OPERATOR, 8000, 0, fake_rnd, &ss);
	is_int(rf_sess_del(&sess, ss.id), 0, "delete");
	is_int(rf_sess_auth(&sess, ss.token, 8001, &out), -1, "deleted dead");
	is_int(rf_sess_auth(&sess, "short", 8001, &out), -1, "short token");

	/* per-user limit, and the last slots kept for Administrators */
	rf_sess_init(&sess, 60000);
	for (i = 0; i < RF_SESS_USER_MAX; i++)
		rf_sess_add(&sess, "ro1", RF_ROLE_READONLY, 1, 0, fake_rnd, &ss);
	is_int(rf_sess_add(&sess, "ro1", RF_ROLE_READONLY, 1, 0, fake_rnd,
	    &ss), -1, "a user's 17th session refused");
	is_int(rf_sess_add(&sess, "ro2", RF_ROLE_READONLY, 1, 0, fake_rnd,
	    &ss), 0, "another user still gets one");
	for (i = 0; i < 2 * RF_SESS_USER_MAX; i++) {
		rf_sess_add(&sess, "ro2", RF_ROLE_READONLY, 1, 0, fake_rnd, &ss);
		rf_sess_add(&sess, "op3", RF_ROLE_OPERATOR, 1, 0, fake_rnd, &ss);
		rf_sess_add(&sess, "op4", RF_ROLE_OPERATOR, 1, 0, fake_rnd, &ss);
	}
	is_int(rf_sess_add(&sess, "op5", RF_ROLE_OPERATOR, 1, 0, fake_rnd,
	    &ss), -1, "non-administrators stop at the reserve");
	for (i = 0; i < RF_SESS_ADMIN_KEEP; i++)
		is_int(rf_sess_add(&sess, i % 2 ? "adm" : "root", RF_ROLE_ADMIN,
		    1, 0, fake_rnd, &ss), 0, "an administrator takes a reserved slot");
	is_int(rf_sess_add(&sess, "adm", RF_ROLE_ADMIN, 1, 0, fake_rnd, &ss),
	    -1, "full is full");
	is_int(rf_sess_add(&sess, "op5", RF_ROLE_OPERATOR, 60002, 0,
	    fake_rnd, &ss), 0, "expired sessions free their slots");

	/* sessions follow their accounts */
	rf_sess_init(&sess, 60000);
	rf_sess_add(&sess, "bob", RF_ROLE_OPERATOR, 1, 0, fake_rnd, &ss);
	rf_sess_add(&sess, "eve", RF_ROLE_OPERATOR, 1, 0, fake_rnd, &out);
	rf_sess_add(&sess, "amy", RF_ROLE_ADMIN, 1, 0, fake_rnd, &out);
	o = cJSON_Parse("[{\"name\":\"bob\",\"role\":\"readonly\","
	    "\"enabled\":true},{\"name\":\"amy\",\"role\":"
	    "\"administrator\",\"enabled\":false}]");
	is_int(rf_sess_sync(&sess, o), 2, "gone and disabled sessions end");
	is_int(rf_sess_find(&sess, ss.id, 2, &out), 0, "bob's stays");
	is_int(out.role, RF_ROLE_READONLY, "with the new role");
	cJSON_Delete(o);

	/* credential cache */
	memset(&cc, 0, sizeof(cc));
	rf_cred_digest("admin", "password", d1);
	rf_cred_digest("admin", "passwore", d2);
	ok(memcmp(d1, d2, 32) != 0, "digests differ");
	rf_cred_store(&cc, d1, "admin", RF_ROLE_ADMIN, 0);
	is_int(rf_cred_lookup(&cc, d1, 10, u, sizeof(u), &role), 0, "hit");
	is_int(role, RF_ROLE_ADMIN, "role kept");
	is_int(rf_cred_lookup(&cc, d2, 10, u, sizeof(u), &role), -1,
	    "other password misses");
	is_int(rf_cred_lookup(&cc, d1, RF_CACHE_TTL_MS, u, sizeof(u), &role),
	    -1, "expired");
	rf_cred_store(&cc, d1, "admin", RF_ROLE_ADMIN, 0);
	rf_cred_flush(&cc);
	is_int(rf_cred_lookup(&cc, d1, 10, u, sizeof(u), &role), -1, "flushed");

	/* destinations */
	{
		size_t	l = 0;
		const char *id;

		id = rf_server_of("/redfish/v1/Systems/srv2", &l);
		ok(id != NULL && l == 4 && strncmp(id, "srv2", l) == 0,
		    "server of a System");
		id = rf_server_of("/redfish/v1/Managers/srv-3", &l);
		ok(id != NULL && l == 5, "server of a Manager");
		ok(rf_server_of("/redfish/v1/Chassis/srv2/Power", &l) == NULL,
		    "a Chassis' sub-resource names no server");
		ok(rf_server_of("/redfish/v1/Systems/", &l) == NULL,
		    "an empty id names none");
		ok(rf_server_of("/redfish/v1/UpdateService/FirmwareInventory/"
		    "srv2-BIOS", &l) == NULL, "an inventory member names none");
	}
	ok(rf_dest_allowed("http://127.0.0.1:8080/x", 0), "127.0.0.1");
	ok(rf_dest_allowed("https://[::1]/x", 0), "::1");
	ok(rf_dest_allowed("http://localhost/x", 0), "localhost");
	ok(!rf_dest_allowed("http://127.0.0.1.evil.com/x", 0), "not 127.x name");
	ok(!rf_dest_allowed("http://user@10.0.0.1/x", 0), "userinfo");
	ok(!rf_dest_allowed("http://192.168.1.50/x", 0), "LAN refused");
	ok(rf_dest_allowed("http://192.168.1.50/x", 1), "LAN with -A");
	ok(!rf_dest_allowed("file:///etc/passwd", 1), "file:");
	ok(!rf_dest_allowed("gopher://127.0.0.1/", 0), "gopher:");

	/* events from powerd */
	o = cJSON_Parse("{\"event\":\"power\",\"server\":\"srv1\","
	    "\"power\":\"on\"}");
	ev = rf_event_from_pd(o, &type, 1, 0);
	ok(ev != NULL && type == RF_EV_STATUS, "power event");
	s = cJSON_PrintUnformatted(ev);
	ok(s != NULL && strstr(s, "changed to On") != NULL, "power message");
	cJSON_free(s);
	cJSON_Delete(ev);
	cJSON_Delete(o);
	o = cJSON_Parse("{\"event\":\"accounts\",\"server\":\"srv1\"}");
	ok(rf_event_from_pd(o, &type, 1, 0) == NULL, "accounts: no Event");
	cJSON_Delete(o);

	/* aggregated (-M): collections list every id, the Manager is srv2 */
	cur = &aconf;
	is_int(req(RF_M_GET, "/redfish/v1/Systems", NULL, A), 200, "-M Systems");
	s = cJSON_PrintUnformatted(cJSON_GetObjectItem(resp.body, "Members"));
	is_str(s, "[{\"@odata.id\":\"/redfish/v1/Systems/srv1\"},"
	    "{\"@odata.id\":\"/redfish/v1/Systems/srv2\"},"
	    "{\"@odata.id\":\"/redfish/v1/Systems/srv3\"}]", "-M all Systems");
	cJSON_free(s);
	is_int(req(RF_M_GET, "/redfish/v1/Managers", NULL, A), 200,
	    "-M Managers");
	is_int(cJSON_GetArraySize(cJSON_GetObjectItem(resp.body, "Members")),
	    3, "-M three Managers");
	is_int(req(RF_M_GET, "/redfish/v1/Chassis", NULL, A), 200, "-M Chassis");
	is_int(cJSON_GetArraySize(cJSON_GetObjectItem(resp.body, "Members")),
	    3, "-M three Chassis");
	is_int(req(RF_M_GET, "/redfish/v1/Managers/srv2", NULL, A), 200,
	    "-M Manager srv2");
	is_str(str("Id"), "srv2", "-M Manager Id");
	is_str(str("@odata.id"), "/redfish/v1/Managers/srv2", "-M its @odata.id");
	s = cJSON_PrintUnformatted(cJSON_GetObjectItem(resp.body, "Oem"));
	ok(s != NULL && strstr(s, "/console/srv2") != NULL, "-M console path");
	cJSON_free(s);
	is_int(req(RF_M_GET, "/redfish/v1/Managers/bmc", NULL, A), 404,
	    "-M no Manager bmc");
	is_int(req(RF_M_GET, "/redfish/v1/Managers/srv2/LogServices/SEL", NULL,
	    A), 200, "-M SEL under srv2");
	is_str(str("@odata.id"), "/redfish/v1/Managers/srv2/LogServices/SEL",
	    "-M SEL @odata.id");
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv2", NULL, A), 200,
	    "-M System srv2");
	s = cJSON_PrintUnformatted(cJSON_GetObjectItem(resp.body, "Links"));
	ok(s != NULL && strstr(s, "/redfish/v1/Managers/srv2") != NULL,
	    "-M System ManagedBy srv2");
	cJSON_free(s);
	cur = &conf;

	rf_resp_free(&resp);
	cJSON_Delete(last_req);
	return done_testing();
}
