/* rf_managers.c: one family of the Redfish resource tree (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * Manager, NetworkProtocol, EthernetInterfaces, the SEL LogService,
 * VirtualMedia.  The router, the privileges and the shared helpers are
 * in route.c (rfint.h).
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
/* Managers */

void
h_managers(struct ctx *c)
{
	cJSON	*o;
	int	 i;

	o = c->resp->body = coll_new(V1 "/Managers", "ManagerCollection",
	    "Manager Collection");
	if (o == NULL)
		return;
	if (c->conf->ids == NULL)
		add_link(members(o), NULL, V1 "/Managers/%s", MGRID(c));
	for (i = 0; c->conf->ids != NULL && i < c->conf->nids; i++)
		add_link(members(o), NULL, V1 "/Managers/%s", c->conf->ids[i]);
	coll_done(o);
}

static const char *const mgr_resets[] = {
	"GracefulRestart", "ForceRestart", NULL
};

void
h_manager(struct ctx *c)
{
	cJSON		*inv, *o, *x, *a;
	const cJSON	*i;
	char		 t[40], uuid[40];
	const char	*g;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((inv = pd_call(c, "inventory", NULL, NULL, 0)) == NULL)
		return;
	i = cJSON_GetObjectItemCaseSensitive(inv, "inventory");
	if ((o = c->resp->body = res_new(mgr_path(c, ""),
	    "#Manager.v1_17_0.Manager", "Manager.Manager")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", MGRID(c));
	cJSON_AddStringToObject(o, "Name", "bmcsim BMC");
	cJSON_AddStringToObject(o, "ManagerType", "BMC");
	cJSON_AddStringToObject(o, "Model", "bmcsim");
	cJSON_AddStringToObject(o, "FirmwareVersion", jstr(i, "bmc_version",
	    ""));
	g = jstr(i, "bmc_guid", "");
	if (strlen(g) == 32) {
		(void)snprintf(uuid, sizeof(uuid),
		    "%.8s-%.4s-%.4s-%.4s-%.12s", g, g + 8, g + 12, g + 16,
		    g + 20);
		cJSON_AddStringToObject(o, "UUID", uuid);
	}
	iso_time(c->req->wall, t, sizeof(t));
	cJSON_AddStringToObject(o, "DateTime", t);
	cJSON_AddStringToObject(o, "DateTimeLocalOffset", "+00:00");
	cJSON_AddStringToObject(o, "PowerState", "On");
	add_status(o, "Enabled", "OK");
	if ((x = cJSON_AddObjectToObject(o, "SerialConsole")) != NULL) {
		cJSON_AddBoolToObject(x, "ServiceEnabled", c->conf->console);
		cJSON_AddNumberToObject(x, "MaxConcurrentSessions", 4);
		if ((a = cJSON_AddArrayToObject(x, "ConnectTypesSupported")) !=
		    NULL) {
			cJSON_AddItemToArray(a, cJSON_CreateString("IPMI"));
			cJSON_AddItemToArray(a, cJSON_CreateString("Oem"));
		}
	}
	if ((x = cJSON_AddObjectToObject(o, "GraphicalConsole")) != NULL) {
		cJSON_AddBoolToObject(x, "ServiceEnabled", 1);
		cJSON_AddNumberToObject(x, "MaxConcurrentSessions", 4);
		if ((a = cJSON_AddArrayToObject(x, "ConnectTypesSupported")) !=
		    NULL)
			cJSON_AddItemToArray(a, cJSON_CreateString("KVMIP"));
	}
	/* the WebSocket console has no standard property: say where it is */
	if ((x = cJSON_AddObjectToObject(o, "Oem")) != NULL &&
	    (x = cJSON_AddObjectToObject(x, "bmcsim")) != NULL) {
		if (c->conf->console)
			cJSON_AddStringToObject(x, "SerialConsoleWebSocket",
			    c->conf->console_uri != NULL ?
			    c->conf->console_uri : "/console0");
	}
	add_link(o, "NetworkProtocol", V1 "/Managers/%s/NetworkProtocol",
	    MGRID(c));
	add_link(o, "EthernetInterfaces", V1 "/Managers/%s/EthernetInterfaces",
	    MGRID(c));
	add_link(o, "LogServices", V1 "/Managers/%s/LogServices", MGRID(c));
	add_link(o, "VirtualMedia", V1 "/Managers/%s/VirtualMedia", MGRID(c));
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL) {
		add_link(cJSON_AddArrayToObject(x, "ManagerForServers"), NULL,
		    V1 "/Systems/%s", c->conf->server);
		add_link(cJSON_AddArrayToObject(x, "ManagerForChassis"), NULL,
		    V1 "/Chassis/%s", c->conf->server);
	}
	if ((a = cJSON_AddObjectToObject(o, "Actions")) != NULL)
		add_action(a, "#Manager.Reset",
		    mgr_path(c, "/Actions/Manager.Reset"),
		    mgr_path(c, "/ResetActionInfo"), "ResetType", mgr_resets);
out:
	cJSON_Delete(inv);
}

void
h_manager_resetinfo(struct ctx *c)
{
	if (is_ours(c, c->arg[0], "Manager"))
		actioninfo(c, "ResetActionInfo", "ResetType", mgr_resets);
}

void
h_manager_reset(struct ctx *c)
{
	static const char *const params[] = { "ResetType", NULL };
	const char	*act = "Manager.Reset", *rt;
	cJSON		*b;
	const char *const *v;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((b = action_begin(c, act, params)) == NULL)
		return;
	if ((rt = action_str(c, b, act, "ResetType", 0)) == NULL &&
	    c->resp->body != NULL)
		goto out;
	if (rt != NULL) {
		for (v = mgr_resets; *v != NULL; v++)
			if (strcmp(*v, rt) == 0)
				break;
		if (*v == NULL) {
			fail3(c->resp, 400, "ActionParameterValueNotInList",
			    rt, "ResetType", act);
			goto out;
		}
	}
	/*
	 * XXX #4: a simulated BMC "reboots" instantly: state lives in
	 * powerd, so there is nothing to restart here.
	 */
	no_content(c);
out:
	cJSON_Delete(b);
}

/* A collection of our manager's with one member, id "/" one. */
static void
mgr_coll_one(struct ctx *c, const char *id, const char *type,
    const char *name, const char *one)
{
	cJSON	*o;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((o = c->resp->body = coll_new(id, type, name)) == NULL)
		return;
	add_link(members(o), NULL, "%s/%s", id, one);
	coll_done(o);
}

/* Is c->arg[1] the one member of our manager's collection (else 404)? */
static int
is_mgr_one(struct ctx *c, const char *one, const char *type)
{
	if (!is_ours(c, c->arg[0], "Manager"))
		return 0;
	if (strcmp(c->arg[1], one) == 0)
		return 1;
	rf_fail(c->resp, 404, "ResourceNotFound", type, c->arg[1]);
	return 0;
}

/*
 * The BMC's own network side (Managers/bmc/NetworkProtocol and
 * EthernetInterfaces/eth0).  What it reports is what runs: the address
 * the HTTP(S) listeners are bound to and the ports the other front ends
 * were started on (-E).  A simulated BMC cannot move a listener or start
 * a service it does not run, so a PATCH may repeat the current values
 * (200) and change the HostName (kept while redfishd runs, not across a
 * restart); any other change is 400 with the reason, never a 200 that
 * lies.
 */
#define MGR_DOMAIN	"localdomain"
#define ETHIF		"eth0"

static void
mgr_host(struct ctx *c, char *out, size_t outlen)
{
	if (c->conf->mgr != NULL)
		rf_mgr_hostname(c->conf->mgr, out, outlen);
	else
		(void)snprintf(out, outlen, "bmc-%s", c->conf->server);
}

static int
mgr_port(struct ctx *c, int which)
{
	const struct rf_mgr *m = c->conf->mgr;

	if (m == NULL)
		return 0;
	switch (which) {
	case 'i':
		return m->ipmi_port;
	case 'v':
		return m->vnc_port;
	case 'n':
		return m->novnc_port;
	default:
		return m->telnet_port;
	}
}

/* Is every value of want the same in cur (objects and arrays member-wise)? */
static int
same_sub(const cJSON *want, const cJSON *cur)
{
	const cJSON	*w, *cu;
	int		 i;

	if (cur == NULL)
		return 0;
	if (cJSON_IsObject(want)) {
		if (!cJSON_IsObject(cur))
			return 0;
		cJSON_ArrayForEach(w, want)
			if (strncmp(w->string, "@odata.", 7) != 0 &&
			    !same_sub(w, cJSON_GetObjectItemCaseSensitive(cur,
			    w->string)))
				return 0;
		return 1;
	}
	if (cJSON_IsArray(want)) {
		/* DSP0266 array PATCH: null or {} leaves a member alone */
		if (!cJSON_IsArray(cur) ||
		    cJSON_GetArraySize(want) > cJSON_GetArraySize(cur))
			return 0;
		i = 0;
		cJSON_ArrayForEach(w, want) {
			cu = cJSON_GetArrayItem(cur, i++);
			if (cJSON_IsNull(w))
				continue;
			if (!same_sub(w, cu))
				return 0;
		}
		return 1;
	}
	return cJSON_Compare(want, cur, 1);
}

/* One "cannot do that" error, with the reason as the message. */
static void
mgr_cannot(struct ctx *c, const cJSON *v, const char *name, const char *why)
{
	char	*s = cJSON_PrintUnformatted(v), val[128];

	(void)snprintf(val, sizeof(val), "%s", cJSON_IsString(v) ?
	    v->valuestring : s != NULL ? s : "");
	cJSON_free(s);
	if (c->resp->body == NULL || c->resp->status < 400) {
		cJSON_Delete(c->resp->body);
		c->resp->status = 400;
		c->resp->body = rf_error("PropertyValueNotInList", why, val,
		    name);
	} else
		fail_more(c->resp, "PropertyValueNotInList", val, name, NULL);
}

/*
 * HostName and FQDN of a PATCH body into host (the current one if
 * neither is given).  The domain is fixed.  0, or -1 with resp set.
 */
static int
mgr_host_patch(struct ctx *c, const cJSON *b, char *host, size_t hostlen)
{
	const cJSON	*h = cJSON_GetObjectItemCaseSensitive(b, "HostName");
	const cJSON	*f = cJSON_GetObjectItemCaseSensitive(b, "FQDN");
	const char	*dot;
	char		 want[RF_HOST_MAX + sizeof(MGR_DOMAIN) + 1];
	size_t		 n;

	mgr_host(c, host, hostlen);
	if (h != NULL) {
		if (!rf_mgr_hostname_ok(h->valuestring)) {
			fail3(c->resp, 400, "PropertyValueFormatError",
			    h->valuestring, "HostName", NULL);
			return -1;
		}
		(void)strlcpy(host, h->valuestring, hostlen);
	}
	if (f == NULL)
		return 0;
	if (!cJSON_IsString(f)) {
		fail3(c->resp, 400, "PropertyValueTypeError", "", "FQDN", NULL);
		return -1;
	}
	dot = strchr(f->valuestring, '.');
	n = dot != NULL ? (size_t)(dot - f->valuestring) : 0;
	if (dot == NULL || strcmp(dot + 1, MGR_DOMAIN) != 0 ||
	    n >= sizeof(want)) {
		mgr_cannot(c, f, "FQDN", "The domain of this BMC is fixed: "
		    "the FQDN must be <HostName>." MGR_DOMAIN ".");
		return -1;
	}
	memcpy(want, f->valuestring, n);
	want[n] = '\0';
	if (h == NULL && rf_mgr_hostname_ok(want))
		(void)strlcpy(host, want, hostlen);
	else if (strcmp(want, host) != 0) {
		mgr_cannot(c, f, "FQDN", "The FQDN must be <HostName>."
		    MGR_DOMAIN " and agree with HostName.");
		return -1;
	}
	return 0;
}

static int
mgr_host_set(struct ctx *c, const char *host)
{
	char	 cur[RF_HOST_MAX];

	mgr_host(c, cur, sizeof(cur));
	if (strcmp(cur, host) == 0)
		return 0;
	if (c->conf->mgr == NULL) {
		rf_fail(c->resp, 500, "InternalError", NULL, NULL);
		return -1;
	}
	rf_mgr_set_hostname(c->conf->mgr, host);
	return 0;
}

static void
mgr_why(char *why, size_t whylen, const char *name)
{
	(void)snprintf(why, whylen, "%s cannot be changed: this simulated "
	    "BMC reports what runs and cannot move a listener or start or "
	    "stop a service; only the current values and HostName are "
	    "accepted.", name);
}

/* The rest of a PATCH body: the same as now, or the reason it cannot be. */
static int
mgr_same(struct ctx *c, const cJSON *b, const cJSON *cur)
{
	const cJSON	*it, *cu, *sub;
	char		 why[512], name[128];
	int		 bad = 0;

	cJSON_ArrayForEach(it, b) {
		if (strncmp(it->string, "@odata.", 7) == 0 ||
		    strcmp(it->string, "HostName") == 0 ||
		    strcmp(it->string, "FQDN") == 0)
			continue;
		cu = cJSON_GetObjectItemCaseSensitive(cur, it->string);
		if (same_sub(it, cu))
			continue;
		/* name the member that differs: IPMI/Port, DHCPv4/DHCPEnabled */
		if (cJSON_IsObject(it) && cJSON_IsObject(cu)) {
			cJSON_ArrayForEach(sub, it) {
				if (same_sub(sub, cJSON_GetObjectItemCaseSensitive(
				    cu, sub->string)))
					continue;
				(void)snprintf(name, sizeof(name), "%s/%s",
				    it->string, sub->string);
				mgr_why(why, sizeof(why), name);
				mgr_cannot(c, sub, name, why);
			}
		} else {
			mgr_why(why, sizeof(why), it->string);
			mgr_cannot(c, it, it->string, why);
		}
		bad = 1;
	}
	return bad ? -1 : 0;
}

static void
proto_add(cJSON *o, const char *name, int port)
{
	cJSON	*x;

	if ((x = cJSON_AddObjectToObject(o, name)) == NULL)
		return;
	cJSON_AddBoolToObject(x, "ProtocolEnabled", port > 0);
	if (port > 0)
		cJSON_AddNumberToObject(x, "Port", port);
}

static cJSON *
netproto_build(struct ctx *c)
{
	cJSON	*o, *x;
	char	 h[RF_HOST_MAX], f[RF_HOST_MAX + sizeof(MGR_DOMAIN) + 1];

	if ((o = res_new(mgr_path(c, "/NetworkProtocol"),
	    "#ManagerNetworkProtocol.v1_9_0.ManagerNetworkProtocol",
	    "ManagerNetworkProtocol.ManagerNetworkProtocol")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", "NetworkProtocol");
	cJSON_AddStringToObject(o, "Name", "Manager Network Protocol");
	cJSON_AddStringToObject(o, "Description", "The BMC's network "
	    "services, as they run");
	mgr_host(c, h, sizeof(h));
	(void)snprintf(f, sizeof(f), "%s." MGR_DOMAIN, h);
	cJSON_AddStringToObject(o, "HostName", h);
	cJSON_AddStringToObject(o, "FQDN", f);
	proto_add(o, "HTTP", c->conf->http_port);
	proto_add(o, "HTTPS", c->conf->https ? c->conf->https_port : 0);
	proto_add(o, "IPMI", mgr_port(c, 'i'));
	proto_add(o, "KVMIP", mgr_port(c, 'v'));
	proto_add(o, "RFB", mgr_port(c, 'v'));
	proto_add(o, "Telnet", mgr_port(c, 't'));
	proto_add(o, "SSH", 0);
	/* noVNC (VNC over WebSocket) has no standard property */
	if (mgr_port(c, 'n') > 0 &&
	    (x = cJSON_AddObjectToObject(o, "Oem")) != NULL &&
	    (x = cJSON_AddObjectToObject(x, "bmcsim")) != NULL)
		cJSON_AddNumberToObject(x, "NoVNCPort", mgr_port(c, 'n'));
	add_status(o, "Enabled", "OK");
	return o;
}

static const struct pspec netproto_spec[] = {
	{ "HostName", PT_STR, NULL, NULL, 1, RF_HOST_MAX - 1 },
	{ "FQDN", PT_ANY, NULL, NULL, 0, 0 },
	{ "HTTP", PT_ANY, NULL, NULL, 0, 0 },
	{ "HTTPS", PT_ANY, NULL, NULL, 0, 0 },
	{ "IPMI", PT_ANY, NULL, NULL, 0, 0 },
	{ "KVMIP", PT_ANY, NULL, NULL, 0, 0 },
	{ "RFB", PT_ANY, NULL, NULL, 0, 0 },
	{ "Telnet", PT_ANY, NULL, NULL, 0, 0 },
	{ "SSH", PT_ANY, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

/* The PATCH of NetworkProtocol and EthernetInterface alike. */
static void
mgr_net_patch(struct ctx *c, cJSON *cur, const struct pspec *spec,
    cJSON *(*build)(struct ctx *))
{
	cJSON	*b;
	char	 host[RF_HOST_MAX];

	b = patch_begin(c, cur, spec);
	if (b == NULL)
		goto out;
	if (mgr_host_patch(c, b, host, sizeof(host)) == -1 ||
	    mgr_same(c, b, cur) == -1 || mgr_host_set(c, host) == -1)
		goto out;
	if ((c->resp->body = build(c)) != NULL)
		set_etag(c);
out:
	cJSON_Delete(b);
	cJSON_Delete(cur);
}

void
h_netproto(struct ctx *c)
{
	cJSON	*cur;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((cur = netproto_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	mgr_net_patch(c, cur, netproto_spec, netproto_build);
}

void
h_ethifs(struct ctx *c)
{
	cJSON	*o;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((o = c->resp->body = coll_new(mgr_path(c, "/EthernetInterfaces"),
	    "EthernetInterfaceCollection",
	    "Manager Ethernet Interface Collection")) == NULL)
		return;
	add_link(members(o), NULL, V1 "/Managers/%s"
	    "/EthernetInterfaces/" ETHIF, MGRID(c));
	coll_done(o);
}

static cJSON *
ethif_addr(const char *addr, int origin)
{
	cJSON	*a, *x;

	if ((a = cJSON_CreateArray()) == NULL || addr[0] == '\0')
		return a;
	if ((x = cJSON_CreateObject()) == NULL)
		return a;
	cJSON_AddStringToObject(x, "Address", addr);
	/* 127.0.0.0/8 is one net; "any" has no mask to speak of */
	cJSON_AddStringToObject(x, "SubnetMask", strncmp(addr, "127.", 4) ==
	    0 ? "255.0.0.0" : "0.0.0.0");
	if (origin)
		cJSON_AddStringToObject(x, "AddressOrigin", "Static");
	cJSON_AddStringToObject(x, "Gateway", "0.0.0.0");
	cJSON_AddItemToArray(a, x);
	return a;
}

static cJSON *
ethif_build(struct ctx *c)
{
	cJSON		*inv, *o, *x;
	const cJSON	*i;
	const char	*mac, *addr;
	char		 h[RF_HOST_MAX], f[RF_HOST_MAX + sizeof(MGR_DOMAIN) + 1];

	if ((inv = pd_call(c, "inventory", NULL, NULL, 0)) == NULL)
		return NULL;
	i = cJSON_GetObjectItemCaseSensitive(inv, "inventory");
	if ((o = res_new(mgr_path(c, "/EthernetInterfaces/" ETHIF),
	    "#EthernetInterface.v1_8_0.EthernetInterface",
	    "EthernetInterface.EthernetInterface")) == NULL)
		goto out;
	addr = c->conf->mgr != NULL ? c->conf->mgr->addr : "";
	mac = jstr(i, "bmc_mac", "");
	mgr_host(c, h, sizeof(h));
	(void)snprintf(f, sizeof(f), "%s." MGR_DOMAIN, h);
	cJSON_AddStringToObject(o, "Id", ETHIF);
	cJSON_AddStringToObject(o, "Name", "Manager Ethernet Interface");
	cJSON_AddStringToObject(o, "Description", "The address the BMC's "
	    "services listen on");
	add_status(o, "Enabled", "OK");
	cJSON_AddBoolToObject(o, "InterfaceEnabled", 1);
	cJSON_AddStringToObject(o, "LinkStatus", "LinkUp");
	if (mac[0] != '\0') {
		cJSON_AddStringToObject(o, "MACAddress", mac);
		cJSON_AddStringToObject(o, "PermanentMACAddress", mac);
	}
	cJSON_AddNumberToObject(o, "SpeedMbps", 1000);
	cJSON_AddBoolToObject(o, "AutoNeg", 1);
	cJSON_AddBoolToObject(o, "FullDuplex", 1);
	cJSON_AddNumberToObject(o, "MTUSize", 1500);
	cJSON_AddStringToObject(o, "HostName", h);
	cJSON_AddStringToObject(o, "FQDN", f);
	cJSON_AddItemToObject(o, "IPv4Addresses", ethif_addr(addr, 1));
	cJSON_AddItemToObject(o, "IPv4StaticAddresses", ethif_addr(addr, 0));
	if ((x = cJSON_AddObjectToObject(o, "DHCPv4")) != NULL) {
		cJSON_AddBoolToObject(x, "DHCPEnabled", 0);
		cJSON_AddBoolToObject(x, "UseDNSServers", 0);
		cJSON_AddBoolToObject(x, "UseDomainName", 0);
		cJSON_AddBoolToObject(x, "UseGateway", 0);
		cJSON_AddBoolToObject(x, "UseNTPServers", 0);
		cJSON_AddBoolToObject(x, "UseStaticRoutes", 0);
	}
	if ((x = cJSON_AddObjectToObject(o, "DHCPv6")) != NULL)
		cJSON_AddStringToObject(x, "OperatingMode", "Disabled");
	/* the listeners are IPv4 only */
	cJSON_AddArrayToObject(o, "IPv6Addresses");
	cJSON_AddArrayToObject(o, "IPv6StaticAddresses");
	cJSON_AddArrayToObject(o, "NameServers");
	cJSON_AddArrayToObject(o, "StaticNameServers");
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL)
		add_link(x, "Chassis", V1 "/Chassis/%s", c->conf->server);
out:
	cJSON_Delete(inv);
	return o;
}

static const struct pspec ethif_spec[] = {
	{ "HostName", PT_STR, NULL, NULL, 1, RF_HOST_MAX - 1 },
	{ "FQDN", PT_ANY, NULL, NULL, 0, 0 },
	{ "InterfaceEnabled", PT_ANY, NULL, NULL, 0, 0 },
	{ "MACAddress", PT_ANY, NULL, NULL, 0, 0 },
	{ "SpeedMbps", PT_ANY, NULL, NULL, 0, 0 },
	{ "AutoNeg", PT_ANY, NULL, NULL, 0, 0 },
	{ "FullDuplex", PT_ANY, NULL, NULL, 0, 0 },
	{ "MTUSize", PT_ANY, NULL, NULL, 0, 0 },
	{ "IPv4StaticAddresses", PT_ANY, NULL, NULL, 0, 0 },
	{ "IPv6StaticAddresses", PT_ANY, NULL, NULL, 0, 0 },
	{ "DHCPv4", PT_ANY, NULL, NULL, 0, 0 },
	{ "DHCPv6", PT_ANY, NULL, NULL, 0, 0 },
	{ "StaticNameServers", PT_ANY, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

void
h_ethif(struct ctx *c)
{
	cJSON	*cur;

	if (!is_mgr_one(c, ETHIF, "EthernetInterface"))
		return;
	if ((cur = ethif_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	mgr_net_patch(c, cur, ethif_spec, ethif_build);
}

void
h_logservices(struct ctx *c)
{
	mgr_coll_one(c, mgr_path(c, "/LogServices"),
	    "LogServiceCollection", "Log Service Collection", "SEL");
}

static int
is_sel(struct ctx *c)
{
	return is_mgr_one(c, "SEL", "LogService");
}

void
h_logservice(struct ctx *c)
{
	cJSON	*o, *a, *rep;
	char	 t[40];

	if (!is_sel(c))
		return;
	if ((rep = pd_call(c, "sel", "info", NULL, 0)) == NULL)
		return;
	if ((o = c->resp->body = res_new(mgr_path(c, "/LogServices/SEL"),
	    "#LogService.v1_4_0.LogService",
	    "LogService.LogService")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "SEL");
	cJSON_AddStringToObject(o, "Name", "System Event Log");
	cJSON_AddStringToObject(o, "LogEntryType", "SEL");
	cJSON_AddNumberToObject(o, "MaxNumberOfRecords", jnum(rep, "max",
	    1024));
	cJSON_AddStringToObject(o, "OverWritePolicy", "WrapsWhenFull");
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	iso_time(c->req->wall, t, sizeof(t));
	cJSON_AddStringToObject(o, "DateTime", t);
	cJSON_AddStringToObject(o, "DateTimeLocalOffset", "+00:00");
	add_status(o, "Enabled", "OK");
	add_link(o, "Entries", V1 "/Managers/%s/LogServices/SEL/Entries",
	    MGRID(c));
	if ((a = cJSON_AddObjectToObject(o, "Actions")) != NULL)
		add_action(a, "#LogService.ClearLog", mgr_path(c,
		    "/LogServices/SEL/Actions/LogService.ClearLog"), NULL,
		    NULL, NULL);
out:
	cJSON_Delete(rep);
}

static cJSON *
entry_build(struct ctx *c, const cJSON *e)
{
	cJSON	*o;
	char	 p[RF_PATH_MAX], id[16], t[40], name[32];
	const char *sev = jstr(e, "severity", "OK");

	(void)snprintf(id, sizeof(id), "%.0f", jnum(e, "id", 0));
	(void)snprintf(p, sizeof(p), V1 "/Managers/%s"
	    "/LogServices/SEL/Entries/%s", MGRID(c), id);
	if ((o = res_new(p, "#LogEntry.v1_15_0.LogEntry",
	    "LogEntry.LogEntry")) == NULL)
		return NULL;
	(void)snprintf(name, sizeof(name), "SEL Entry %s", id);
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", name);
	cJSON_AddStringToObject(o, "EntryType", "SEL");
	iso_time((time_t)jnum(e, "time", 0), t, sizeof(t));
	cJSON_AddStringToObject(o, "Created", t);
	cJSON_AddStringToObject(o, "Message", jstr(e, "message", ""));
	if (strcmp(sev, "Warning") != 0 && strcmp(sev, "Critical") != 0)
		sev = "OK";
	cJSON_AddStringToObject(o, "Severity", sev);
	cJSON_AddStringToObject(o, "EntryCode", "Assert");
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "record"))) {
		cJSON *x = cJSON_AddObjectToObject(o, "Oem");

		if (x != NULL && (x = cJSON_AddObjectToObject(x, "bmcsim")) !=
		    NULL) {
			cJSON_AddStringToObject(x, "Record", jstr(e, "record",
			    ""));
			cJSON_AddStringToObject(x, "Origin", jstr(e, "origin",
			    ""));
		}
	}
	return o;
}

void
h_entries(struct ctx *c)
{
	cJSON		*rep, *x, *o, *e;
	const cJSON	*it;

	if (!is_sel(c))
		return;
	if ((x = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddNumberToObject(x, "start", 0);
	cJSON_AddNumberToObject(x, "count", 1024);
	if ((rep = pd_call(c, "sel", "list", x, 0)) == NULL)
		return;
	if ((o = c->resp->body = coll_new(mgr_path(c,
	    "/LogServices/SEL/Entries"), "LogEntryCollection",
	    "System Event Log Entries")) != NULL) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rep,
		    "entries"))
			if ((e = entry_build(c, it)) != NULL)
				cJSON_AddItemToArray(members(o), e);
		coll_done(o);
	}
	cJSON_Delete(rep);
}

void
h_entry(struct ctx *c)
{
	cJSON		*rep, *x;
	const char	*err;
	long long	 id;

	if (!is_sel(c))
		return;
	id = strtonum(c->arg[2], 1, 0xfffe, &err);
	if (err != NULL) {
		rf_fail(c->resp, 404, "ResourceNotFound", "LogEntry",
		    c->arg[2]);
		return;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddNumberToObject(x, "entry_id", (double)id);
	if ((rep = pd_call(c, "sel", "get", x, 0)) == NULL)
		return;
	c->resp->body = entry_build(c, cJSON_GetObjectItemCaseSensitive(rep,
	    "entry"));
	cJSON_Delete(rep);
}

/* An action without parameters: one powerd op, 204 on success. */
static void
plain_action(struct ctx *c, const char *act, const char *op,
    const char *verb)
{
	cJSON	*b, *rep;

	if ((b = action_begin(c, act, NULL)) == NULL)
		return;
	cJSON_Delete(b);
	if ((rep = pd_call(c, op, verb, NULL, 0)) == NULL)
		return;
	cJSON_Delete(rep);
	no_content(c);
}

void
h_clearlog(struct ctx *c)
{
	if (is_sel(c))
		plain_action(c, "LogService.ClearLog", "sel", "clear");
}

void
h_vmedia_coll(struct ctx *c)
{
	mgr_coll_one(c, mgr_path(c, "/VirtualMedia"),
	    "VirtualMediaCollection", "Virtual Media Services", "Cd");
}

static int
is_cd(struct ctx *c)
{
	return is_mgr_one(c, "Cd", "VirtualMedia");
}

void
h_vmedia(struct ctx *c)
{
	cJSON		*rep, *o, *a;
	const cJSON	*m;
	const char	*img, *slash;
	char		 p[RF_PATH_MAX];

	if (!is_cd(c))
		return;
	if ((rep = pd_call(c, "media", "get", NULL, 0)) == NULL)
		return;
	m = cJSON_GetObjectItemCaseSensitive(rep, "media");
	(void)snprintf(p, sizeof(p), V1 "/Managers/%s/VirtualMedia/Cd",
	    MGRID(c));
	if ((o = c->resp->body = res_new(p, "#VirtualMedia.v1_6_0."
	    "VirtualMedia", "VirtualMedia.VirtualMedia")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "Cd");
	cJSON_AddStringToObject(o, "Name", "Virtual CD");
	if ((a = cJSON_AddArrayToObject(o, "MediaTypes")) != NULL) {
		cJSON_AddItemToArray(a, cJSON_CreateString("CD"));
		cJSON_AddItemToArray(a, cJSON_CreateString("DVD"));
	}
	img = jstr(m, "image", "");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "inserted")) &&
	    img[0] != '\0') {
		cJSON_AddStringToObject(o, "Image", img);
		slash = strrchr(img, '/');
		cJSON_AddStringToObject(o, "ImageName", slash != NULL ?
		    slash + 1 : img);
		cJSON_AddBoolToObject(o, "Inserted", 1);
		cJSON_AddStringToObject(o, "ConnectedVia", "URI");
		cJSON_AddStringToObject(o, "TransferProtocolType",
		    strncasecmp(img, "https:", 6) == 0 ? "HTTPS" : "HTTP");
	} else {
		cJSON_AddNullToObject(o, "Image");
		cJSON_AddNullToObject(o, "ImageName");
		cJSON_AddBoolToObject(o, "Inserted", 0);
		cJSON_AddStringToObject(o, "ConnectedVia", "NotConnected");
	}
	cJSON_AddBoolToObject(o, "WriteProtected", 1);
	cJSON_AddStringToObject(o, "TransferMethod", "Stream");
	if ((a = cJSON_AddObjectToObject(o, "Actions")) != NULL) {
		add_action(a, "#VirtualMedia.InsertMedia", mgr_path(c,
		    "/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia"), NULL,
		    NULL, NULL);
		add_action(a, "#VirtualMedia.EjectMedia", mgr_path(c,
		    "/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia"), NULL,
		    NULL, NULL);
	}
out:
	cJSON_Delete(rep);
}

void
h_insert(struct ctx *c)
{
	static const char *const params[] = { "Image", "Inserted",
	    "WriteProtected", "TransferProtocolType", "TransferMethod",
	    "UserName", "Password", NULL };
	const char	*act = "VirtualMedia.InsertMedia", *img;
	const cJSON	*v;
	cJSON		*b, *x, *rep;
	char		 why[256];

	if (!is_cd(c))
		return;
	if ((b = action_begin(c, act, params)) == NULL)
		return;
	if ((img = action_str(c, b, act, "Image", 1)) == NULL)
		goto out;
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "Inserted")) != NULL &&
	    !cJSON_IsBool(v)) {
		fail3(c->resp, 400, "ActionParameterValueTypeError", "Inserted",
		    "Inserted", act);
		goto out;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "WriteProtected")) !=
	    NULL && !cJSON_IsBool(v)) {
		fail3(c->resp, 400, "ActionParameterValueTypeError",
		    "WriteProtected", "WriteProtected", act);
		goto out;
	}
	if (strlen(img) >= RF_URL_MAX || !rf_dest_allowed(img,
	    c->conf->allow_any_dest)) {
		fail3(c->resp, 400, "ActionParameterValueNotInList", img,
		    "Image", act);
		cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(
		    c->resp->body, "error"), "message", cJSON_CreateString(
		    "Image must be an http(s) URL on a loopback address"));
		goto out;
	}
	if (c->ops->url_check(c->ops->arg, img, why, sizeof(why)) == -1) {
		rf_fail(c->resp, 400, "CouldNotEstablishConnection", img, NULL);
		cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(
		    c->resp->body, "error"), "message", cJSON_CreateString(why));
		goto out;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		goto out;
	cJSON_AddStringToObject(x, "image", img);
	if ((rep = pd_call(c, "media", "insert", x, 0)) == NULL)
		goto out;
	cJSON_Delete(rep);
	no_content(c);
out:
	cJSON_Delete(b);
}

void
h_eject(struct ctx *c)
{
	if (is_cd(c))
		plain_action(c, "VirtualMedia.EjectMedia", "media", "eject");
}
