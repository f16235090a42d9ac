/* rf_registries.c: one family of the Redfish resource tree (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * the service root, $metadata, odata.  The router, the privileges and
 * the shared helpers are in route.c (rfint.h).
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
/* /redfish, service root, $metadata, odata */

void
h_redfish(struct ctx *c)
{
	c->resp->body = cJSON_CreateObject();
	cJSON_AddStringToObject(c->resp->body, "v1", "/redfish/v1/");
}

void
h_root(struct ctx *c)
{
	cJSON	*o, *f, *e, *inv, *q;
	const char *uuid = NULL;

	o = c->resp->body = res_new(V1, "#ServiceRoot.v1_15_0.ServiceRoot",
	    "ServiceRoot.ServiceRoot");
	if (o == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", "RootService");
	cJSON_AddStringToObject(o, "Name", "Root Service");
	cJSON_AddStringToObject(o, "RedfishVersion", "1.17.0");
	/* UUID needs powerd; the root stays up without it */
	if ((q = cJSON_CreateObject()) != NULL) {
		cJSON_AddStringToObject(q, "op", "inventory");
		cJSON_AddStringToObject(q, "server", c->conf->server);
		inv = c->ops->pd(c->ops->arg, q);
		cJSON_Delete(q);
		if (inv != NULL && cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(inv, "ok")))
			uuid = jstr(cJSON_GetObjectItemCaseSensitive(inv,
			    "inventory"), "uuid", NULL);
		if (uuid != NULL)
			cJSON_AddStringToObject(o, "UUID", uuid);
		cJSON_Delete(inv);
	}
	cJSON_AddStringToObject(o, "Product", "bmcsim");
	cJSON_AddStringToObject(o, "Vendor", "bmcsim");
	add_link(o, "Systems", V1 "/Systems");
	add_link(o, "Chassis", V1 "/Chassis");
	add_link(o, "Managers", V1 "/Managers");
	add_link(o, "SessionService", V1 "/SessionService");
	add_link(o, "AccountService", V1 "/AccountService");
	add_link(o, "EventService", V1 "/EventService");
	add_link(o, "Tasks", V1 "/TaskService");
	rf_hw_extend(c->conf, c->ops, RF_HW_ROOT, o);
	if ((f = cJSON_AddObjectToObject(o, "Links")) != NULL)
		add_link(f, "Sessions", V1 "/SessionService/Sessions");
	if ((f = cJSON_AddObjectToObject(o, "ProtocolFeaturesSupported")) !=
	    NULL) {
		cJSON_AddBoolToObject(f, "FilterQuery", 0);
		cJSON_AddBoolToObject(f, "SelectQuery", 0);
		cJSON_AddBoolToObject(f, "OnlyMemberQuery", 0);
		cJSON_AddBoolToObject(f, "ExcerptQuery", 0);
		if ((e = cJSON_AddObjectToObject(f, "ExpandQuery")) != NULL) {
			cJSON_AddBoolToObject(e, "ExpandAll", 0);
			cJSON_AddBoolToObject(e, "Levels", 0);
			cJSON_AddBoolToObject(e, "Links", 0);
			cJSON_AddBoolToObject(e, "NoLinks", 0);
		}
	}
}

/* Schemas we use: file, namespace, version ("" for collections). */
static const struct schema {
	const char	*ns;
	const char	*ver;
} schemas[] = {
	{ "ServiceRoot", "v1_15_0" },
	{ "ComputerSystemCollection", "" }, { "ComputerSystem", "v1_20_0" },
	{ "ChassisCollection", "" }, { "Chassis", "v1_23_0" },
	{ "ManagerCollection", "" }, { "Manager", "v1_17_0" },
	{ "Thermal", "v1_7_1" }, { "Power", "v1_7_1" },
	{ "SensorCollection", "" }, { "Sensor", "v1_7_0" },
	{ "ThermalSubsystem", "v1_3_0" }, { "PowerSubsystem", "v1_1_0" },
	{ "ManagerNetworkProtocol", "v1_9_0" },
	{ "LogServiceCollection", "" }, { "LogService", "v1_4_0" },
	{ "LogEntryCollection", "" }, { "LogEntry", "v1_15_0" },
	{ "VirtualMediaCollection", "" }, { "VirtualMedia", "v1_6_0" },
	{ "SessionService", "v1_1_8" }, { "SessionCollection", "" },
	{ "Session", "v1_7_0" },
	{ "AccountService", "v1_13_0" }, { "ManagerAccountCollection", "" },
	{ "ManagerAccount", "v1_10_0" }, { "RoleCollection", "" },
	{ "Role", "v1_3_1" },
	{ "EventService", "v1_10_0" }, { "EventDestinationCollection", "" },
	{ "EventDestination", "v1_13_0" }, { "Event", "v1_7_0" },
	{ "TaskService", "v1_2_0" }, { "TaskCollection", "" },
	{ "Task", "v1_7_0" },
	{ "ActionInfo", "v1_3_0" }, { "Message", "v1_1_1" },
	{ "Resource", "v1_14_0" },
	/* rf_hw.c */
	{ "ProcessorCollection", "" }, { "Processor", "v1_18_0" },
	{ "MemoryCollection", "" }, { "Memory", "v1_17_0" },
	{ "EthernetInterfaceCollection", "" },
	{ "EthernetInterface", "v1_9_0" },
	{ "StorageCollection", "" }, { "Storage", "v1_13_0" },
	{ "StorageControllerCollection", "" },
	{ "StorageController", "v1_6_0" }, { "Drive", "v1_15_0" },
	{ "VolumeCollection", "" }, { "Volume", "v1_9_0" },
	{ "SimpleStorageCollection", "" }, { "SimpleStorage", "v1_3_1" },
	{ "Bios", "v1_2_0" }, { "Settings", "v1_3_5" },
	{ "MessageRegistryFileCollection", "" },
	{ "MessageRegistryFile", "v1_1_3" },
	{ "AttributeRegistry", "v1_3_8" },
	{ "SecureBoot", "v1_1_0" }, { "SecureBootDatabaseCollection", "" },
	{ "SecureBootDatabase", "v1_0_1" },
	{ "BootOptionCollection", "" }, { "BootOption", "v1_0_4" },
	{ "NetworkAdapterCollection", "" }, { "NetworkAdapter", "v1_9_0" },
	{ "NetworkDeviceFunctionCollection", "" },
	{ "NetworkDeviceFunction", "v1_9_0" },
	{ "PowerSupplyCollection", "" }, { "PowerSupply", "v1_5_0" },
	{ "FanCollection", "" }, { "Fan", "v1_4_0" },
	{ "UpdateService", "v1_11_0" }, { "SoftwareInventoryCollection", "" },
	{ "SoftwareInventory", "v1_9_0" },
};

void
h_metadata(struct ctx *c)
{
	size_t	 i, cap = 32768, o = 0;
	int	 n;
	char	*t;

	if ((t = malloc(cap)) == NULL) {
		rf_fail(c->resp, 500, "InternalError", NULL, NULL);
		return;
	}
	n = snprintf(t, cap,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\""
	    " Version=\"4.0\">\n"
	    "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/"
	    "RedfishExtensions_v1.xml\">\n"
	    "    <edmx:Include Namespace=\"RedfishExtensions.v1_0_0\""
	    " Alias=\"Redfish\"/>\n"
	    "  </edmx:Reference>\n");
	o += (size_t)n;
	for (i = 0; i < nitems(schemas); i++) {
		const char *file = schemas[i].ns;

		n = snprintf(t + o, cap - o,
		    "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/"
		    "v1/%s_v1.xml\">\n"
		    "    <edmx:Include Namespace=\"%s\"/>\n", file,
		    schemas[i].ns);
		if (n < 0 || (size_t)n >= cap - o)
			goto full;
		o += (size_t)n;
		if (schemas[i].ver[0] != '\0') {
			n = snprintf(t + o, cap - o,
			    "    <edmx:Include Namespace=\"%s.%s\"/>\n",
			    schemas[i].ns, schemas[i].ver);
			if (n < 0 || (size_t)n >= cap - o)
				goto full;
			o += (size_t)n;
		}
		n = snprintf(t + o, cap - o, "  </edmx:Reference>\n");
		if (n < 0 || (size_t)n >= cap - o)
			goto full;
		o += (size_t)n;
	}
	n = snprintf(t + o, cap - o,
	    "  <edmx:DataServices>\n"
	    "    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\""
	    " Namespace=\"Service\">\n"
	    "      <EntityContainer Name=\"Service\""
	    " Extends=\"ServiceRoot.v1_15_0.ServiceContainer\"/>\n"
	    "    </Schema>\n"
	    "  </edmx:DataServices>\n"
	    "</edmx:Edmx>\n");
	if (n < 0 || (size_t)n >= cap - o)
		goto full;
	c->resp->text = t;
	c->resp->ctype = "application/xml";
	return;
full:
	free(t);
	rf_fail(c->resp, 500, "InternalError", NULL, NULL);
}

void
h_odata(struct ctx *c)
{
	static const char *const top[][2] = {
		{ "Service", V1 "/" }, { "Systems", V1 "/Systems" },
		{ "Chassis", V1 "/Chassis" }, { "Managers", V1 "/Managers" },
		{ "SessionService", V1 "/SessionService" },
		{ "AccountService", V1 "/AccountService" },
		{ "EventService", V1 "/EventService" },
		{ "TaskService", V1 "/TaskService" },
	};
	cJSON	*o, *v, *e;
	size_t	 i;

	if ((o = c->resp->body = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddStringToObject(o, "@odata.context", V1 "/$metadata");
	if ((v = cJSON_AddArrayToObject(o, "value")) == NULL)
		return;
	for (i = 0; i < nitems(top); i++) {
		if ((e = cJSON_CreateObject()) == NULL)
			return;
		cJSON_AddStringToObject(e, "name", top[i][0]);
		cJSON_AddStringToObject(e, "kind", "Singleton");
		cJSON_AddStringToObject(e, "url", top[i][1]);
		cJSON_AddItemToArray(v, e);
	}
}
