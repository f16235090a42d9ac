/* rf_chassis.c: one family of the Redfish resource tree (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * Chassis, Thermal, Power, Sensors, ThermalSubsystem, PowerSubsystem.
 * The router, the privileges and the shared helpers are in route.c
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
/* Chassis */

void
h_chassis_coll(struct ctx *c)
{
	cJSON	*o;
	int	 i;

	o = c->resp->body = coll_new(V1 "/Chassis", "ChassisCollection",
	    "Chassis Collection");
	if (o == NULL)
		return;
	if (c->conf->ids == NULL)
		add_link(members(o), NULL, V1 "/Chassis/%s", c->conf->server);
	for (i = 0; c->conf->ids != NULL && i < c->conf->nids; i++)
		add_link(members(o), NULL, V1 "/Chassis/%s", c->conf->ids[i]);
	coll_done(o);
}

static cJSON *
chassis_build(struct ctx *c)
{
	cJSON		*st = NULL, *inv = NULL, *o = NULL, *x;
	const cJSON	*i;
	char		 p[RF_PATH_MAX];
	const char	*pw;

	if (pd_status_inv(c, &st, &inv) == -1)
		return NULL;
	i = cJSON_GetObjectItemCaseSensitive(inv, "inventory");
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s", c->conf->server);
	if ((o = res_new(p, "#Chassis.v1_23_0.Chassis",
	    "Chassis.Chassis")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", c->conf->server);
	cJSON_AddStringToObject(o, "Name", jstr(i, "name", c->conf->server));
	cJSON_AddStringToObject(o, "ChassisType", "RackMount");
	cJSON_AddStringToObject(o, "Manufacturer", jstr(i, "manufacturer",
	    ""));
	cJSON_AddStringToObject(o, "Model", jstr(i, "model", ""));
	cJSON_AddStringToObject(o, "SerialNumber", jstr(i, "serial", ""));
	cJSON_AddStringToObject(o, "PartNumber", jstr(i, "part", ""));
	cJSON_AddStringToObject(o, "UUID", jstr(i, "uuid", ""));
	pw = to_rf(power_map, jstr(st, "power", NULL), NULL);
	if (pw != NULL)
		cJSON_AddStringToObject(o, "PowerState", pw);
	else
		cJSON_AddNullToObject(o, "PowerState");
	cJSON_AddStringToObject(o, "IndicatorLED", led_of(st));
	cJSON_AddBoolToObject(o, "LocationIndicatorActive",
	    strcmp(led_of(st), "Off") != 0);
	add_status(o, "Enabled", "OK");
	add_link(o, "Thermal", "%s/Thermal", p);
	add_link(o, "Power", "%s/Power", p);
	add_link(o, "Sensors", "%s/Sensors", p);
	add_link(o, "ThermalSubsystem", "%s/ThermalSubsystem", p);
	add_link(o, "PowerSubsystem", "%s/PowerSubsystem", p);
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL) {
		add_link(cJSON_AddArrayToObject(x, "ComputerSystems"), NULL,
		    V1 "/Systems/%s", c->conf->server);
		add_link(cJSON_AddArrayToObject(x, "ManagedBy"), NULL,
		    V1 "/Managers/%s", MGRID(c));
	}
	rf_hw_extend(c->conf, c->ops, RF_HW_CHASSIS, o);
out:
	cJSON_Delete(st);
	cJSON_Delete(inv);
	return o;
}

static const struct pspec chassis_spec[] = {
	{ "IndicatorLED", PT_ENUM, led_map, NULL, 0, 0 },
	{ "LocationIndicatorActive", PT_BOOL, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

void
h_chassis(struct ctx *c)
{
	cJSON	*cur, *b;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((cur = chassis_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, chassis_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	if (apply_led(c, b) == 0 && (cur = chassis_build(c)) != NULL) {
		c->resp->status = 200;
		c->resp->body = cur;
		set_etag(c);
	}
	cJSON_Delete(b);
}

/* sensor id for a URI: the name with blanks made '_' */
static void
sensor_id(const cJSON *s, char *out, size_t outlen)
{
	size_t	 i;

	(void)strlcpy(out, jstr(s, "name", "sensor"), outlen);
	for (i = 0; out[i] != '\0'; i++)
		if (!((out[i] >= 'a' && out[i] <= 'z') ||
		    (out[i] >= 'A' && out[i] <= 'Z') ||
		    (out[i] >= '0' && out[i] <= '9') || out[i] == '-'))
			out[i] = '_';
}

static const char *
sensor_health(const cJSON *s)
{
	const char *st = jstr(s, "status", "ok");

	if (strcmp(st, "warning") == 0)
		return "Warning";
	if (strcmp(st, "critical") == 0)
		return "Critical";
	return "OK";
}

static int
sensor_absent(const cJSON *s)
{
	return strcmp(jstr(s, "status", "ok"), "absent") == 0;
}

static void
add_thresholds_legacy(cJSON *o, const cJSON *s)
{
	static const char *const k[][2] = {
		{ "unc", "UpperThresholdNonCritical" },
		{ "uc", "UpperThresholdCritical" },
		{ "unr", "UpperThresholdFatal" },
		{ "lnc", "LowerThresholdNonCritical" },
		{ "lc", "LowerThresholdCritical" },
		{ "lnr", "LowerThresholdFatal" },
	};
	const cJSON	*t = cJSON_GetObjectItemCaseSensitive(s, "thresholds");
	const cJSON	*v;
	size_t		 i;

	for (i = 0; i < nitems(k); i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(t, k[i][0])) !=
		    NULL && cJSON_IsNumber(v))
			cJSON_AddNumberToObject(o, k[i][1], v->valuedouble);
}

void
h_thermal(struct ctx *c)
{
	cJSON		*rep, *o, *temps, *fans, *e;
	const cJSON	*s;
	char		 p[RF_PATH_MAX], m[16];
	int		 nt = 0, nf = 0;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/Thermal",
	    c->conf->server);
	if ((o = c->resp->body = res_new(p, "#Thermal.v1_7_1.Thermal",
	    "Thermal.Thermal")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "Thermal");
	cJSON_AddStringToObject(o, "Name", "Thermal");
	temps = cJSON_AddArrayToObject(o, "Temperatures");
	fans = cJSON_AddArrayToObject(o, "Fans");
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
	    "sensors")) {
		const char *ty = jstr(s, "type", "");
		int temp = strcmp(ty, "temperature") == 0;

		if (!temp && strcmp(ty, "fan") != 0)
			continue;
		if ((e = cJSON_CreateObject()) == NULL)
			break;
		(void)snprintf(m, sizeof(m), "%d", temp ? nt : nf);
		{
			char id[RF_PATH_MAX + 64];

			(void)snprintf(id, sizeof(id), "%s#/%s/%s", p,
			    temp ? "Temperatures" : "Fans", m);
			cJSON_AddStringToObject(e, "@odata.id", id);
		}
		cJSON_AddStringToObject(e, "MemberId", m);
		cJSON_AddStringToObject(e, "Name", jstr(s, "name", ""));
		cJSON_AddNumberToObject(e, "SensorNumber", jnum(s, "num", 0));
		if (temp)
			cJSON_AddNumberToObject(e, "ReadingCelsius",
			    jnum(s, "reading", 0));
		else {
			cJSON_AddNumberToObject(e, "Reading",
			    jnum(s, "reading", 0));
			cJSON_AddStringToObject(e, "ReadingUnits", "RPM");
		}
		add_thresholds_legacy(e, s);
		add_status(e, sensor_absent(s) ? "Absent" : "Enabled",
		    sensor_health(s));
		cJSON_AddItemToArray(temp ? temps : fans, e);
		temp ? nt++ : nf++;
	}
out:
	cJSON_Delete(rep);
}

void
h_power(struct ctx *c)
{
	cJSON		*rep, *o, *pc, *volts, *e, *pl;
	const cJSON	*s, *lim;
	char		 p[RF_PATH_MAX], m[16];
	double		 watts = 0;
	int		 nv = 0;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/Power", c->conf->server);
	if ((o = c->resp->body = res_new(p, "#Power.v1_7_1.Power",
	    "Power.Power")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "Power");
	cJSON_AddStringToObject(o, "Name", "Power");
	volts = cJSON_AddArrayToObject(o, "Voltages");
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
	    "sensors")) {
		const char *ty = jstr(s, "type", "");

		if (strcmp(ty, "power") == 0) {
			watts += jnum(s, "reading", 0);
			continue;
		}
		if (strcmp(ty, "voltage") != 0 ||
		    (e = cJSON_CreateObject()) == NULL)
			continue;
		(void)snprintf(m, sizeof(m), "%d", nv++);
		{
			char id[RF_PATH_MAX + 64];

			(void)snprintf(id, sizeof(id), "%s#/Voltages/%s", p, m);
			cJSON_AddStringToObject(e, "@odata.id", id);
		}
		cJSON_AddStringToObject(e, "MemberId", m);
		cJSON_AddStringToObject(e, "Name", jstr(s, "name", ""));
		cJSON_AddNumberToObject(e, "SensorNumber", jnum(s, "num", 0));
		cJSON_AddNumberToObject(e, "ReadingVolts", jnum(s, "reading",
		    0));
		add_thresholds_legacy(e, s);
		add_status(e, sensor_absent(s) ? "Absent" : "Enabled",
		    sensor_health(s));
		cJSON_AddItemToArray(volts, e);
	}
	pc = cJSON_AddArrayToObject(o, "PowerControl");
	if (pc != NULL && (e = cJSON_CreateObject()) != NULL) {
		char id[RF_PATH_MAX + 64];

		(void)snprintf(id, sizeof(id), "%s#/PowerControl/0", p);
		cJSON_AddStringToObject(e, "@odata.id", id);
		cJSON_AddStringToObject(e, "MemberId", "0");
		cJSON_AddStringToObject(e, "Name", "System Power Control");
		cJSON_AddNumberToObject(e, "PowerConsumedWatts", watts);
		if ((pl = cJSON_AddObjectToObject(e, "PowerLimit")) != NULL) {
			lim = cJSON_GetObjectItemCaseSensitive(rep,
			    "power_limit");
			if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lim,
			    "active")))
				cJSON_AddNumberToObject(pl, "LimitInWatts",
				    jnum(lim, "limit_w", 0));
			else
				cJSON_AddNullToObject(pl, "LimitInWatts");
		}
		add_status(e, "Enabled", "OK");
		cJSON_AddItemToArray(pc, e);
	}
	rf_hw_extend(c->conf, c->ops, RF_HW_POWER, o);
out:
	cJSON_Delete(rep);
}

void
h_sensors(struct ctx *c)
{
	cJSON		*rep, *o;
	const cJSON	*s;
	char		 p[RF_PATH_MAX], id[64];

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/Sensors",
	    c->conf->server);
	if ((o = c->resp->body = coll_new(p, "SensorCollection",
	    "Sensor Collection")) != NULL) {
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
		    "sensors")) {
			sensor_id(s, id, sizeof(id));
			add_link(members(o), NULL, "%s/%s", p, id);
		}
		coll_done(o);
	}
	cJSON_Delete(rep);
}

void
h_sensor(struct ctx *c)
{
	static const char *const units[][3] = {
		{ "temperature", "Temperature", "Cel" },
		{ "fan", "Rotational", "RPM" },
		{ "voltage", "Voltage", "V" },
		{ "power", "Power", "W" },
		{ "current", "Current", "A" },
	};
	static const char *const th[][2] = {
		{ "unc", "UpperCaution" }, { "uc", "UpperCritical" },
		{ "unr", "UpperFatal" }, { "lnc", "LowerCaution" },
		{ "lc", "LowerCritical" }, { "lnr", "LowerFatal" },
	};
	cJSON		*rep, *o, *t, *x;
	const cJSON	*s, *tv, *v;
	char		 id[64];
	size_t		 i;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
	    "sensors")) {
		sensor_id(s, id, sizeof(id));
		if (strcmp(id, c->arg[1]) == 0)
			break;
	}
	if (s == NULL) {
		rf_fail(c->resp, 404, "ResourceNotFound", "Sensor", c->arg[1]);
		goto out;
	}
	if ((o = c->resp->body = res_new(c->req->path,
	    "#Sensor.v1_7_0.Sensor", "Sensor.Sensor")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", jstr(s, "name", ""));
	for (i = 0; i < nitems(units); i++)
		if (strcmp(jstr(s, "type", ""), units[i][0]) == 0) {
			cJSON_AddStringToObject(o, "ReadingType", units[i][1]);
			cJSON_AddStringToObject(o, "ReadingUnits", units[i][2]);
		}
	cJSON_AddNumberToObject(o, "Reading", jnum(s, "reading", 0));
	tv = cJSON_GetObjectItemCaseSensitive(s, "thresholds");
	if (tv != NULL && (t = cJSON_AddObjectToObject(o, "Thresholds")) !=
	    NULL)
		for (i = 0; i < nitems(th); i++)
			if ((v = cJSON_GetObjectItemCaseSensitive(tv,
			    th[i][0])) != NULL && cJSON_IsNumber(v) &&
			    (x = cJSON_AddObjectToObject(t, th[i][1])) != NULL)
				cJSON_AddNumberToObject(x, "Reading",
				    v->valuedouble);
	add_status(o, sensor_absent(s) ? "Absent" : "Enabled",
	    sensor_health(s));
out:
	cJSON_Delete(rep);
}

void
h_thermalsub(struct ctx *c)
{
	cJSON	*o;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((o = c->resp->body = res_new(c->req->path,
	    "#ThermalSubsystem.v1_3_0.ThermalSubsystem",
	    "ThermalSubsystem.ThermalSubsystem")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", "ThermalSubsystem");
	cJSON_AddStringToObject(o, "Name", "Thermal Subsystem");
	add_status(o, "Enabled", "OK");
	rf_hw_extend(c->conf, c->ops, RF_HW_THERMALSUB, o);
}

void
h_powersub(struct ctx *c)
{
	cJSON	*o, *rep;
	const cJSON *lim;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "powerlimit", "get", NULL, 0)) == NULL)
		return;
	if ((o = c->resp->body = res_new(c->req->path,
	    "#PowerSubsystem.v1_1_0.PowerSubsystem",
	    "PowerSubsystem.PowerSubsystem")) != NULL) {
		lim = cJSON_GetObjectItemCaseSensitive(rep, "power_limit");
		cJSON_AddStringToObject(o, "Id", "PowerSubsystem");
		cJSON_AddStringToObject(o, "Name", "Power Subsystem");
		cJSON_AddNumberToObject(o, "CapacityWatts", jnum(lim,
		    "limit_w", 400));
		add_status(o, "Enabled", "OK");
		rf_hw_extend(c->conf, c->ops, RF_HW_POWERSUB, o);
	}
	cJSON_Delete(rep);
}
