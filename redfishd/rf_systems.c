/* rf_systems.c: one family of the Redfish resource tree (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * ComputerSystem, its reset and ResetActionInfo.  The router, the
 * privileges and the shared helpers are in route.c (rfint.h).
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
/* Systems */

void
h_systems(struct ctx *c)
{
	cJSON	*o;
	int	 i;

	o = c->resp->body = coll_new(V1 "/Systems",
	    "ComputerSystemCollection", "Computer System Collection");
	if (o == NULL)
		return;
	if (c->conf->ids == NULL)
		add_link(members(o), NULL, V1 "/Systems/%s", c->conf->server);
	for (i = 0; c->conf->ids != NULL && i < c->conf->nids; i++)
		add_link(members(o), NULL, V1 "/Systems/%s", c->conf->ids[i]);
	coll_done(o);
}

static const char *const reset_types[] = {
	"On", "ForceOff", "GracefulShutdown", "GracefulRestart",
	"ForceRestart", "PowerCycle", "Nmi", NULL
};

/* status + inventory: both or NULL with resp set */
int
pd_status_inv(struct ctx *c, cJSON **st, cJSON **inv)
{
	*st = *inv = NULL;
	if ((*st = pd_call(c, "status", NULL, NULL, 0)) == NULL)
		return -1;
	if ((*inv = pd_call(c, "inventory", NULL, NULL, 0)) == NULL) {
		cJSON_Delete(*st);
		*st = NULL;
		return -1;
	}
	return 0;
}

const char *
led_of(const cJSON *st)
{
	const cJSON	*id = cJSON_GetObjectItemCaseSensitive(st, "identify");

	return to_rf(led_map, jstr(id, "state", "off"), "Off");
}

static cJSON *
system_build(struct ctx *c)
{
	cJSON		*st = NULL, *inv = NULL, *o = NULL, *b, *x, *a;
	const cJSON	*i, *bo;
	char		 p[RF_PATH_MAX], t[40];
	const char	*pw;

	if (pd_status_inv(c, &st, &inv) == -1)
		return NULL;
	i = cJSON_GetObjectItemCaseSensitive(inv, "inventory");
	bo = cJSON_GetObjectItemCaseSensitive(st, "boot");
	(void)snprintf(p, sizeof(p), V1 "/Systems/%s", c->conf->server);
	if ((o = res_new(p, "#ComputerSystem.v1_20_0.ComputerSystem",
	    "ComputerSystem.ComputerSystem")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", c->conf->server);
	cJSON_AddStringToObject(o, "Name", jstr(i, "name", c->conf->server));
	cJSON_AddStringToObject(o, "SystemType", "Physical");
	/* the system event log is the BMC's SEL (IPMI's SEL, one log) */
	add_link(o, "LogServices", V1 "/Managers/%s/LogServices",
	    MGRID(c));
	cJSON_AddStringToObject(o, "Manufacturer", jstr(i, "manufacturer",
	    ""));
	cJSON_AddStringToObject(o, "Model", jstr(i, "model", ""));
	cJSON_AddStringToObject(o, "SerialNumber", jstr(i, "serial", ""));
	cJSON_AddStringToObject(o, "PartNumber", jstr(i, "part", ""));
	/* validators want unsupported properties left out, not "" */
	if (*jstr(i, "sku", "") != '\0')
		cJSON_AddStringToObject(o, "SKU", jstr(i, "sku", ""));
	if (*jstr(i, "asset_tag", "") != '\0')
		cJSON_AddStringToObject(o, "AssetTag", jstr(i, "asset_tag",
		    ""));
	cJSON_AddStringToObject(o, "UUID", jstr(i, "uuid", ""));
	cJSON_AddStringToObject(o, "BiosVersion", jstr(i, "bios_version", ""));
	pw = to_rf(power_map, jstr(st, "power", NULL), NULL);
	if (pw != NULL)
		cJSON_AddStringToObject(o, "PowerState", pw);
	else
		cJSON_AddNullToObject(o, "PowerState");
	cJSON_AddStringToObject(o, "IndicatorLED", led_of(st));
	cJSON_AddBoolToObject(o, "LocationIndicatorActive",
	    strcmp(led_of(st), "Off") != 0);
	iso_time((time_t)jnum(st, "last_reset", 0), t, sizeof(t));
	cJSON_AddStringToObject(o, "LastResetTime", t);
	add_status(o, "Enabled", "OK");
	if ((b = cJSON_AddObjectToObject(o, "Boot")) != NULL) {
		cJSON_AddStringToObject(b, "BootSourceOverrideEnabled",
		    to_rf(enabled_map, jstr(bo, "enabled", NULL), "Disabled"));
		cJSON_AddStringToObject(b, "BootSourceOverrideTarget",
		    to_rf(target_map, jstr(bo, "target", NULL), "None"));
		add_allowable(b, "BootSourceOverrideTarget@Redfish."
		    "AllowableValues", target_map);
		cJSON_AddStringToObject(b, "BootSourceOverrideMode",
		    to_rf(mode_map, jstr(bo, "mode", NULL), "UEFI"));
		add_allowable(b, "BootSourceOverrideMode@Redfish."
		    "AllowableValues", mode_map);
		cJSON_AddStringToObject(b, "UefiTargetBootSourceOverride",
		    jstr(bo, "uefi_target", ""));
	}
	if ((x = cJSON_AddObjectToObject(o, "ProcessorSummary")) != NULL) {
		cJSON_AddNumberToObject(x, "Count", jnum(i, "cpus", 1));
		cJSON_AddNumberToObject(x, "CoreCount", jnum(i, "cpus", 1) *
		    jnum(i, "cpu_cores", 1));
		cJSON_AddStringToObject(x, "Model", jstr(i, "cpu_model", ""));
		add_status(x, "Enabled", "OK");
	}
	if ((x = cJSON_AddObjectToObject(o, "MemorySummary")) != NULL) {
		cJSON_AddNumberToObject(x, "TotalSystemMemoryGiB",
		    jnum(i, "memory_mib", 0) / 1024);
		add_status(x, "Enabled", "OK");
	}
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL) {
		add_link(cJSON_AddArrayToObject(x, "Chassis"), NULL,
		    V1 "/Chassis/%s", c->conf->server);
		add_link(cJSON_AddArrayToObject(x, "ManagedBy"), NULL,
		    V1 "/Managers/%s", MGRID(c));
	}
	rf_hw_extend(c->conf, c->ops, RF_HW_SYSTEM, o);
	if ((a = cJSON_GetObjectItemCaseSensitive(o, "Actions")) != NULL ||
	    (a = cJSON_AddObjectToObject(o, "Actions")) != NULL) {
		char tg[RF_PATH_MAX + 64], in[RF_PATH_MAX + 64];

		(void)snprintf(tg, sizeof(tg), "%s/Actions/ComputerSystem.Reset",
		    p);
		(void)snprintf(in, sizeof(in), "%s/ResetActionInfo", p);
		add_action(a, "#ComputerSystem.Reset", tg, in, "ResetType",
		    reset_types);
	}
out:
	cJSON_Delete(st);
	cJSON_Delete(inv);
	return o;
}

static const struct pspec boot_spec[] = {
	{ "BootSourceOverrideEnabled", PT_ENUM, enabled_map, NULL, 0, 0 },
	{ "BootSourceOverrideTarget", PT_ENUM, target_map, NULL, 0, 0 },
	{ "BootSourceOverrideMode", PT_ENUM, mode_map, NULL, 0, 0 },
	{ "UefiTargetBootSourceOverride", PT_STR, NULL, NULL, 0, 200 },
	{ "BootOrder", PT_ANY, NULL, NULL, 0, 0 },	/* rf_hw.c */
	{ "HttpBootUri", PT_ANY, NULL, NULL, 0, 0 },	/* rf_hw.c */
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};
static const struct pspec system_spec[] = {
	{ "Boot", PT_OBJ, NULL, boot_spec, 0, 0 },
	{ "IndicatorLED", PT_ENUM, led_map, NULL, 0, 0 },
	{ "LocationIndicatorActive", PT_BOOL, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

int
apply_led(struct ctx *c, const cJSON *b)
{
	const cJSON	*v;
	const char	*state = NULL;
	cJSON		*x, *rep;

	if ((v = cJSON_GetObjectItemCaseSensitive(b, "IndicatorLED")) != NULL)
		state = to_pd(led_map, v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(b,
	    "LocationIndicatorActive")) != NULL)
		state = cJSON_IsTrue(v) ? "on" : "off";
	if (state == NULL)
		return 0;
	if ((x = cJSON_CreateObject()) == NULL)
		return -1;
	cJSON_AddStringToObject(x, "state", state);
	if (strcmp(state, "blink") == 0)
		cJSON_AddBoolToObject(x, "forever", 1);
	if ((rep = pd_call(c, "identify", "set", x, 0)) == NULL)
		return -1;
	cJSON_Delete(rep);
	return 0;
}

void
h_system(struct ctx *c)
{
	cJSON		*cur, *b, *x, *rep;
	const cJSON	*bo, *v;

	if (!is_ours(c, c->arg[0], "ComputerSystem"))
		return;
	if ((cur = system_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, system_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	bo = cJSON_GetObjectItemCaseSensitive(b, "Boot");
	if (rf_hw_boot_patch(c->conf, c->ops, bo, c->resp) == -1)
		goto out;
	if (bo != NULL && cJSON_GetArraySize(bo) > cJSON_HasObjectItem(bo,
	    "BootOrder") + cJSON_HasObjectItem(bo, "HttpBootUri")) {
		if ((x = cJSON_CreateObject()) == NULL)
			goto out;
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideEnabled")) != NULL)
			cJSON_AddStringToObject(x, "enabled",
			    to_pd(enabled_map, v->valuestring));
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideTarget")) != NULL)
			cJSON_AddStringToObject(x, "target",
			    to_pd(target_map, v->valuestring));
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideMode")) != NULL)
			cJSON_AddStringToObject(x, "mode",
			    to_pd(mode_map, v->valuestring));
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "UefiTargetBootSourceOverride")) != NULL)
			cJSON_AddStringToObject(x, "uefi_target",
			    v->valuestring);
		/*
		 * A target without Enabled means "once" on a disabled
		 * override, as Ironic and bmcweb expect.
		 */
		if (cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideEnabled") == NULL &&
		    cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideTarget") != NULL &&
		    strcmp(cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideTarget")->valuestring, "None") != 0) {
			cJSON *cb = pd_call(c, "boot", "get", NULL, 0);
			const cJSON *bb;

			if (cb == NULL) {
				cJSON_Delete(x);
				goto out;
			}
			bb = cJSON_GetObjectItemCaseSensitive(cb, "boot");
			if (strcmp(jstr(bb, "enabled", "disabled"),
			    "disabled") == 0)
				cJSON_AddStringToObject(x, "enabled", "once");
			cJSON_Delete(cb);
		}
		if ((rep = pd_call(c, "boot", "set", x, 0)) == NULL)
			goto out;
		cJSON_Delete(rep);
	}
	if (apply_led(c, b) == -1)
		goto out;
	if ((cur = system_build(c)) == NULL)
		goto out;
	c->resp->status = 200;
	c->resp->body = cur;
	set_etag(c);
out:
	cJSON_Delete(b);
}

void
actioninfo(struct ctx *c, const char *id, const char *param,
    const char *const *vals)
{
	cJSON	*o, *ps, *p, *arr;

	o = c->resp->body = res_new(c->req->path, "#ActionInfo.v1_3_0."
	    "ActionInfo", "ActionInfo.ActionInfo");
	if (o == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", "Reset Action Info");
	if ((ps = cJSON_AddArrayToObject(o, "Parameters")) == NULL ||
	    (p = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddItemToArray(ps, p);
	cJSON_AddStringToObject(p, "Name", param);
	cJSON_AddBoolToObject(p, "Required", 1);
	cJSON_AddStringToObject(p, "DataType", "String");
	if ((arr = cJSON_AddArrayToObject(p, "AllowableValues")) == NULL)
		return;
	for (; *vals != NULL; vals++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(*vals));
}

void
h_system_resetinfo(struct ctx *c)
{
	if (is_ours(c, c->arg[0], "ComputerSystem"))
		actioninfo(c, "ResetActionInfo", "ResetType", reset_types);
}

void
h_system_reset(struct ctx *c)
{
	static const char *const params[] = { "ResetType", NULL };
	const char	*act = "ComputerSystem.Reset", *rt, *pa;
	cJSON		*b, *x, *rep;

	if (!is_ours(c, c->arg[0], "ComputerSystem"))
		return;
	if ((b = action_begin(c, act, params)) == NULL)
		return;
	if ((rt = action_str(c, b, act, "ResetType", 1)) == NULL)
		goto out;
	if ((pa = to_pd(reset_map, rt)) == NULL) {
		fail3(c->resp, 400, "ActionParameterValueNotInList", rt,
		    "ResetType", act);
		goto out;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		goto out;
	cJSON_AddStringToObject(x, "action", pa);
	if (strcmp(rt, "GracefulRestart") == 0)
		cJSON_AddStringToObject(x, "cause", "soft-reset");
	if ((rep = pd_call(c, "power", NULL, x, 0)) == NULL)
		goto out;
	cJSON_Delete(rep);
	no_content(c);
out:
	cJSON_Delete(b);
}
