/* 2002-rf-hw.c: redfishd's hardware-model resources (rf_hw.c) over a sample hw object (t/data/hw-x86-1u.json). */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../redfishd/rf.h"
#include "../../redfishd/rf_hw.h"
#include "../../redfishd/rf_task.h"
#include "../tap.h"
#include "util.h"

static cJSON *hw;		/* the model the fake powerd holds */
static cJSON *last_write;	/* the last "hw" request that was not a get */
static int no_model;		/* powerd without the hw op */
static int pd_down;
static int next_vol = 1;

static cJSON *
reply_hw(void)
{
	cJSON	*r = cJSON_CreateObject();

	cJSON_AddBoolToObject(r, "ok", 1);
	cJSON_AddItemToObject(r, "hw", cJSON_Duplicate(hw, 1));
	return r;
}

/* the little of powerd's "hw" op the tests need to see a change */
static cJSON *
fake_hw(cJSON *req)
{
	const char	*a = cJSON_GetObjectItem(req, "action")->valuestring;
	cJSON		*st, *v, *it, *r;
	char		 id[16];

	if (strcmp(a, "get") != 0) {
		cJSON_Delete(last_write);
		last_write = cJSON_Duplicate(req, 1);
	}
	if (strcmp(a, "bios-set") == 0) {
		cJSON *pend = cJSON_GetObjectItem(cJSON_GetObjectItem(hw,
		    "bios"), "pending");

		cJSON_ArrayForEach(it, cJSON_GetObjectItem(req, "attributes")) {
			cJSON_DeleteItemFromObject(pend, it->string);
			cJSON_AddItemToObject(pend, it->string,
			    cJSON_Duplicate(it, 1));
		}
	} else if (strcmp(a, "bios-password") == 0 &&
	    strcmp(cJSON_GetObjectItem(req, "old")->valuestring, "old") != 0)
		return cJSON_Parse("{\"ok\":false,\"error\":\"denied\","
		    "\"message\":\"AdminPassword: wrong old password\"}");
	else if (strcmp(a, "http-boot-uri") == 0)
		cJSON_ReplaceItemInObject(hw, "http_boot_uri", cJSON_Duplicate(
		    cJSON_GetObjectItem(req, "uri"), 1));
	else if (strcmp(a, "boot-order") == 0)
		cJSON_ReplaceItemInObject(hw, "boot_order", cJSON_Duplicate(
		    cJSON_GetObjectItem(req, "order"), 1));
	else if (strcmp(a, "volume-create") == 0) {
		st = cJSON_GetArrayItem(cJSON_GetObjectItem(hw, "storage"), 0);
		(void)snprintf(id, sizeof(id), "Volume%d", next_vol++);
		if (strcmp(cJSON_GetObjectItem(req, "apply")->valuestring,
		    "immediate") == 0) {
			v = cJSON_CreateObject();
			cJSON_AddStringToObject(v, "id", id);
			cJSON_AddStringToObject(v, "name", "VDx");
			cJSON_AddStringToObject(v, "raid", cJSON_GetObjectItem(
			    req, "raid")->valuestring);
			cJSON_AddItemToObject(v, "drives", cJSON_Duplicate(
			    cJSON_GetObjectItem(req, "drives"), 1));
			cJSON_AddNumberToObject(v, "capacity_bytes", 1e12);
			cJSON_AddItemToArray(cJSON_GetObjectItem(st,
			    "volumes"), v);
		}
		r = reply_hw();
		cJSON_AddStringToObject(r, "volume", id);
		return r;
	} else if (strcmp(a, "secure-boot") == 0)
		cJSON_ReplaceItemInObject(cJSON_GetObjectItem(hw,
		    "secure_boot"), "pending_enabled", cJSON_CreateBool(
		    cJSON_IsTrue(cJSON_GetObjectItem(req, "enabled"))));
	return reply_hw();
}

static cJSON *
fake_pd(void *arg, cJSON *req)
{
	const char	*op = cJSON_GetObjectItem(req, "op")->valuestring;

	(void)arg;
	if (pd_down)
		return NULL;
	if (strcmp(op, "status") == 0)
		return cJSON_Parse("{\"ok\":true,\"power\":\"on\","
		    "\"boot\":{\"target\":\"none\",\"enabled\":\"disabled\","
		    "\"mode\":\"uefi\",\"uefi_target\":\"\"},\"identify\":"
		    "{\"state\":\"off\"},\"last_reset\":0}");
	if (strcmp(op, "inventory") == 0)
		return cJSON_Parse("{\"ok\":true,\"inventory\":{\"name\":\"srv1\","
		    "\"uuid\":\"8e5d0000-0000-4000-8000-000000000001\","
		    "\"cpus\":1,\"cpu_cores\":1,\"memory_mib\":1024}}");
	if (strcmp(op, "sensors") == 0)
		return cJSON_Parse("{\"ok\":true,\"sensors\":[]}");
	if (strcmp(op, "powerlimit") == 0)
		return cJSON_Parse("{\"ok\":true,\"power_limit\":{\"limit_w\":"
		    "400,\"active\":false}}");
	if (strcmp(op, "hw") == 0) {
		if (no_model)
			return cJSON_Parse("{\"ok\":false,\"error\":"
			    "\"unknown-op\",\"message\":\"hw\"}");
		return fake_hw(req);
	}
	return cJSON_Parse("{\"ok\":true}");
}

static const struct rf_ops ops = { fake_pd, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL };
static const struct rf_conf conf = { "srv1", 0, 8000, 0, 0, 0, NULL, NULL,
    NULL, 0, NULL };
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
	r.authed = 1;
	r.role = role;
	(void)strlcpy(r.user, "admin", sizeof(r.user));
	rf_route(&conf, &ops, &r, &resp);
	return resp.status;
}

/* o at a '/' path; numbers index arrays */
static const cJSON *
at(const cJSON *o, const char *path)
{
	char	 buf[256], *p = buf, *s;

	(void)strlcpy(buf, path, sizeof(buf));
	while (o != NULL && (s = strsep(&p, "/")) != NULL)
		o = cJSON_IsArray(o) ? cJSON_GetArrayItem(o, atoi(s)) :
		    cJSON_GetObjectItemCaseSensitive(o, s);
	return o;
}

static const char *
S(const char *path)
{
	const cJSON *v = at(resp.body, path);

	return cJSON_IsString(v) ? v->valuestring : "(none)";
}

static double
N(const char *path)
{
	const cJSON *v = at(resp.body, path);

	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* the task the last 202 started, waited for (bounded): its final state */
static int
task_wait(void)
{
	const char		*id = strrchr(resp.location, '/');
	enum rf_task_state	 st = RF_TASK_RUNNING;
	struct timespec		 ts = { 0, 10 * 1000 * 1000 };
	cJSON			*t;
	int			 i;

	if (id == NULL)
		return -1;
	for (i = 0; i < 1000 && st == RF_TASK_RUNNING; i++) {
		if ((t = rf_task_json(id + 1, &st)) == NULL)
			return -1;
		cJSON_Delete(t);
		if (st == RF_TASK_RUNNING)
			(void)nanosleep(&ts, NULL);
	}
	return (int)st;
}

static const char *
W(const char *path)
{
	const cJSON *v = at(last_write, path);

	return cJSON_IsString(v) ? v->valuestring : "(none)";
}

static const char *
msgid(int i)
{
	char	 p[64];

	(void)snprintf(p, sizeof(p), "error/@Message.ExtendedInfo/%d/MessageId",
	    i);
	return S(p);
}

static void
load_hw(void)
{
	char	 path[512], *buf = NULL, *slash;
	size_t	 len;

	(void)strlcpy(path, __FILE__, sizeof(path));
	if ((slash = strrchr(path, '/')) != NULL)
		*slash = '\0';
	else
		(void)strlcpy(path, ".", sizeof(path));
	(void)strlcat(path, "/../data/hw-x86-1u.json", sizeof(path));
	if (util_read_file(path, 1 << 20, &buf, &len) == -1 &&
	    util_read_file("t/data/hw-x86-1u.json", 1 << 20, &buf, &len) == -1) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	cJSON_Delete(hw);
	if ((hw = cJSON_Parse(buf)) == NULL) {
		printf("Bail out! bad JSON in %s\n", path);
		exit(1);
	}
	free(buf);
}

#define SYS "/redfish/v1/Systems/srv1"
#define CHA "/redfish/v1/Chassis/srv1"
#define VOLS SYS "/Storage/RAID0/Volumes"
#define DRV SYS "/Storage/RAID0/Drives/"

int
main(void)
{
	const enum rf_role A = RF_ROLE_ADMIN, R = RF_ROLE_READONLY;
	struct rf_resp	 r;
	struct rf_req	 pr;
	cJSON		*b, *q;
	char		*s, tid[1024], tmon[1024];

	load_hw();

	/* System: summaries and links from the model */
	is_int(req(RF_M_GET, SYS, NULL, A), 200, "System");
	is_int(N("ProcessorSummary/Count"), 2, "ProcessorSummary.Count");
	is_int(N("ProcessorSummary/CoreCount"), 24, "CoreCount: 2 x 12");
	is_int(N("ProcessorSummary/LogicalProcessorCount"), 48, "threads");
	is_str(S("ProcessorSummary/Model"), "Intel(R) Xeon(R) Silver 4310 CPU "
	    "@ 2.10GHz", "ProcessorSummary.Model");
	is_int(N("MemorySummary/TotalSystemMemoryGiB"), 32,
	    "32 GiB present (absent DIMM not counted)");
	is_str(S("Processors/@odata.id"), SYS "/Processors", "Processors link");
	is_str(S("Bios/@odata.id"), SYS "/Bios", "Bios link");
	is_str(S("SimpleStorage/@odata.id"), SYS "/SimpleStorage",
	    "SimpleStorage link");
	is_str(S("Boot/BootOrder/0"), "Boot0010", "BootOrder[0]");
	is_str(S("Boot/BootOptions/@odata.id"), SYS "/BootOptions",
	    "Boot.BootOptions");
	is_str(S("Actions/#ComputerSystem.SetDefaultBootOrder/target"),
	    SYS "/Actions/ComputerSystem.SetDefaultBootOrder",
	    "SetDefaultBootOrder action");
	is_str(S("Actions/#ComputerSystem.Reset/target"),
	    SYS "/Actions/ComputerSystem.Reset", "Reset action kept");
	is_str(S("BiosVersion"), "1.0.0", "BiosVersion");

	/* Processors */
	is_int(req(RF_M_GET, SYS "/Processors", NULL, R), 200, "Processors");
	is_int(N("Members@odata.count"), 2, "two processors");
	is_str(S("Members/1/@odata.id"), SYS "/Processors/CPU1", "CPU1 link");
	is_int(req(RF_M_GET, SYS "/Processors/CPU0", NULL, R), 200, "CPU0");
	is_str(S("@odata.type"), "#Processor.v1_18_0.Processor", "type");
	is_str(S("ProcessorType"), "CPU", "ProcessorType");
	is_str(S("ProcessorArchitecture"), "x86", "ProcessorArchitecture");
	is_str(S("InstructionSet"), "x86-64", "InstructionSet");
	is_int(N("TotalCores"), 12, "TotalCores");
	is_int(N("TotalThreads"), 24, "TotalThreads");
	is_int(N("MaxSpeedMHz"), 3300, "MaxSpeedMHz");
	is_str(S("Socket"), "CPU 0", "Socket");
	is_str(S("Manufacturer"), "Intel(R) Corporation", "Manufacturer");
	is_str(S("Status/State"), "Enabled", "Status");
	ok(resp.etag[0] == 'W', "ETag set");
	is_int(req(RF_M_GET, SYS "/Processors/CPU9", NULL, R), 404,
	    "no CPU9");
	is_str(msgid(0), "Base.1.16.0.ResourceNotFound", "ResourceNotFound");
	is_int(req(RF_M_GET, "/redfish/v1/Systems/srv2/Processors", NULL, R),
	    404, "other system");
	is_int(req(RF_M_GET, SYS "/Processors/CPU0/x", NULL, R), 404,
	    "too deep");
	is_int(req(RF_M_GET, SYS "/Processors/..", NULL, R), 404,
	    "odd id refused");
	is_int(req(RF_M_POST, SYS "/Processors", "{}", A), 405, "POST 405");
	is_str(resp.allow, "GET, HEAD", "Allow");

	/* Memory */
	is_int(req(RF_M_GET, SYS "/Memory", NULL, R), 200, "Memory");
	is_int(N("Members@odata.count"), 3, "three slots");
	is_int(req(RF_M_GET, SYS "/Memory/DIMM0", NULL, R), 200, "DIMM0");
	is_int(N("CapacityMiB"), 16384, "CapacityMiB");
	is_str(S("MemoryDeviceType"), "DDR4", "MemoryDeviceType");
	is_int(N("OperatingSpeedMhz"), 3200, "OperatingSpeedMhz");
	is_str(S("DeviceLocator"), "CPU0_DIMM_A1", "DeviceLocator");
	is_str(S("PartNumber"), "M393A2K43DB3-CWE", "PartNumber");
	is_str(S("SerialNumber"), "3A1B0001", "SerialNumber");
	is_str(S("Manufacturer"), "Samsung", "Manufacturer");
	req(RF_M_GET, SYS "/Memory/DIMM2", NULL, R);
	is_str(S("Status/State"), "Absent", "empty slot Absent");
	ok(at(resp.body, "CapacityMiB") == NULL, "no capacity when absent");

	/* EthernetInterfaces */
	is_int(req(RF_M_GET, SYS "/EthernetInterfaces", NULL, R), 200,
	    "EthernetInterfaces");
	is_int(N("Members@odata.count"), 2, "one per port");
	req(RF_M_GET, SYS "/EthernetInterfaces/NIC0-P0", NULL, R);
	is_str(S("MACAddress"), "52:54:00:00:01:01", "MACAddress");
	is_str(S("PermanentMACAddress"), "52:54:00:00:01:01",
	    "PermanentMACAddress");
	is_str(S("LinkStatus"), "LinkUp", "LinkUp");
	is_int(N("SpeedMbps"), 10000, "SpeedMbps");
	req(RF_M_GET, SYS "/EthernetInterfaces/NIC0-P1", NULL, R);
	is_str(S("LinkStatus"), "LinkDown", "LinkDown");

	/* Storage, drives, volumes */
	is_int(req(RF_M_GET, SYS "/Storage", NULL, R), 200, "Storage");
	is_str(S("Members/0/@odata.id"), SYS "/Storage/RAID0", "RAID0 link");
	is_int(req(RF_M_GET, SYS "/Storage/RAID0", NULL, R), 200, "RAID0");
	is_int(N("Drives@odata.count"), 3, "three drives");
	is_str(S("Drives/2/@odata.id"), DRV "Disk2", "Disk2 link");
	is_str(S("StorageControllers/0/SupportedRAIDTypes/3"), "RAID10",
	    "SupportedRAIDTypes");
	is_str(S("StorageControllers/0/@odata.id"), SYS "/Storage/RAID0#/"
	    "StorageControllers/0", "StorageControllers member id");
	is_str(S("Controllers/@odata.id"), SYS "/Storage/RAID0/Controllers",
	    "Controllers");
	is_str(S("Volumes/@odata.id"), VOLS, "Volumes");
	is_int(req(RF_M_GET, SYS "/Storage/RAID0/Controllers/0", NULL, R), 200,
	    "controller 0");
	is_str(S("FirmwareVersion"), "51.16.0", "controller firmware");
	is_int(req(RF_M_GET, DRV "Disk2", NULL, R), 200, "Disk2");
	is_str(S("MediaType"), "HDD", "MediaType");
	is_str(S("Protocol"), "SAS", "Protocol");
	is_int(N("CapacityBytes"), 4000787030016LL, "CapacityBytes");
	req(RF_M_GET, DRV "Disk0", NULL, R);
	is_str(S("Links/Volumes/0/@odata.id"), VOLS "/Volume0",
	    "Disk0 is in Volume0");
	is_int(req(RF_M_GET, VOLS, NULL, R), 200, "Volumes");
	is_int(N("Members@odata.count"), 1, "one volume");
	is_str(S("@Redfish.OperationApplyTimeSupport/SupportedValues/1"),
	    "OnReset", "OperationApplyTimeSupport");
	is_int(req(RF_M_GET, VOLS "/Volume0", NULL, R), 200, "Volume0");
	is_str(S("RAIDType"), "RAID1", "RAIDType");
	is_int(N("CapacityBytes"), 960197124096LL, "volume CapacityBytes");
	is_int(N("Links/Drives@odata.count"), 2, "Links.Drives");
	is_str(S("Links/Drives/1/@odata.id"), DRV "Disk1", "Disk1 in it");

	is_int(req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID0\",\"Links\":"
	    "{\"Drives\":[{\"@odata.id\":\"" DRV "Disk2\"}]},\"Name\":\"VD1\","
	    "\"CapacityBytes\":1000}", R), 403, "ReadOnly may not create");
	is_int(req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID0\",\"Links\":"
	    "{\"Drives\":[{\"@odata.id\":\"" DRV "Disk2\"}]},\"Name\":\"VD1\","
	    "\"CapacityBytes\":1000}", A), 201, "create Immediate: 201");
	is_str(resp.location, VOLS "/Volume1", "Location");
	is_str(S("Id"), "Volume1", "the new volume");
	is_str(W("action"), "volume-create", "powerd volume-create");
	is_str(W("storage"), "RAID0", "storage");
	is_str(W("raid"), "RAID0", "raid");
	is_str(W("drives/0"), "Disk2", "drive ids");
	is_str(W("name"), "VD1", "name");
	is_str(W("apply"), "immediate", "apply immediate");
	is_int(req(RF_M_POST, VOLS "/Members", "{\"VolumeType\":\"Mirrored\","
	    "\"Links\":{\"Drives\":[{\"@odata.id\":\"" DRV "Disk0\"},"
	    "{\"@odata.id\":\"" DRV "Disk1\"}]},"
	    "\"@Redfish.OperationApplyTime\":\"OnReset\"}", A), 202,
	    "create OnReset (VolumeType, via Members): 202");
	is_str(W("raid"), "RAID1", "VolumeType Mirrored is RAID1");
	is_str(W("apply"), "reset", "apply reset");
	ok(strncmp(resp.location, "/redfish/v1/TaskService/TaskMonitors/", 37)
	    == 0, "202: Location a task monitor");
	is_str(S("TaskState"), "Running", "the task runs until the reset");
	is_str(S("Name"), "Volume create", "named for the change");
	(void)snprintf(tmon, sizeof(tmon), "%s", resp.location);
	/* this fixture's model neither holds the change pending nor shows it */
	is_int(req(RF_M_GET, tmon, NULL, R), 200,
	    "a change neither pending nor applied: the monitor is done");
	is_str(S("TaskState"), "Exception", "and the task ends in Exception");
	req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID6\",\"Links\":{\"Drives\":"
	    "[]}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueNotInList", "RAID6");
	is_int(req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID1\",\"Links\":"
	    "{\"Drives\":[{\"@odata.id\":\"" DRV "Disk0\"}]}}", A), 400,
	    "RAID1 on one drive");
	is_str(msgid(0), "Base.1.16.0.PropertyValueOutOfRange", "OutOfRange");
	req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID0\",\"Links\":{\"Drives\":"
	    "[{\"@odata.id\":\"/redfish/v1/Systems/srv1/Storage/X/Drives/"
	    "Disk0\"}]}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueNotInList",
	    "drive of another controller");
	req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID0\",\"Links\":{\"Drives\":"
	    "[{\"@odata.id\":\"" DRV "Disk0\"},{\"@odata.id\":\"" DRV
	    "Disk0\"}]}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueFormatError",
	    "same drive twice");
	req(RF_M_POST, VOLS, "{\"Links\":{\"Drives\":[]}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyMissing", "no RAIDType");
	req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID0\"}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyMissing", "no drives");
	req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID0\",\"Foo\":1,\"Bar\":2,"
	    "\"Links\":{\"Drives\":[]}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyUnknown", "unknown property");
	is_str(msgid(1), "Base.1.16.0.PropertyUnknown", "both are listed");
	req(RF_M_POST, VOLS, "{\"RAIDType\":\"RAID0\",\"Links\":{\"Drives\":"
	    "[{\"@odata.id\":\"" DRV "Disk2\"}]},"
	    "\"@Redfish.OperationApplyTime\":\"AtMaintenanceWindowStart\"}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueNotInList",
	    "unsupported apply time");
	is_int(req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"NumLock\":true},\"Attributes\":{\"SerialNumber\":\"x\"}}", A),
	    400, "duplicate keys refused");
	is_str(msgid(0), "Base.1.16.0.MalformedJSON", "as MalformedJSON");
	is_int(req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"AssetTag\":\"a\\u0000b\"}}", A), 400, "NUL in a string refused");
	is_int(req(RF_M_POST, VOLS, "[", A), 400, "malformed");
	is_str(msgid(0), "Base.1.16.0.MalformedJSON", "MalformedJSON");
	is_int(req(RF_M_DELETE, VOLS "/Volume0", NULL, A), 204, "DELETE 204");
	is_str(W("action"), "volume-delete", "powerd volume-delete");
	is_str(W("volume"), "Volume0", "which volume");
	is_str(W("apply"), "immediate", "immediately");
	is_int(req(RF_M_DELETE, VOLS "/Volume1", "{\"@Redfish."
	    "OperationApplyTime\":\"OnReset\"}", A), 202, "DELETE OnReset 202");
	is_int(req(RF_M_DELETE, VOLS "/Volume7", NULL, A), 404,
	    "DELETE unknown volume");

	/* SimpleStorage */
	is_int(req(RF_M_GET, SYS "/SimpleStorage", NULL, R), 200,
	    "SimpleStorage");
	is_int(req(RF_M_GET, SYS "/SimpleStorage/RAID0", NULL, R), 200,
	    "SimpleStorage/RAID0");
	is_int(cJSON_GetArraySize(at(resp.body, "Devices")), 3, "3 devices");
	is_int(N("Devices/0/CapacityBytes"), 960197124096LL,
	    "device capacity");

	/* Bios */
	is_int(req(RF_M_GET, SYS "/Bios", NULL, R), 200, "Bios");
	is_str(S("Attributes/BootMode"), "Uefi", "current attribute");
	is_str(S("AttributeRegistry"), RF_HW_BIOS_REG, "AttributeRegistry");
	is_str(S("@Redfish.Settings/SettingsObject/@odata.id"),
	    SYS "/Bios/Settings", "SettingsObject");
	is_str(S("Actions/#Bios.ResetBios/target"),
	    SYS "/Bios/Actions/Bios.ResetBios", "ResetBios");
	is_str(S("Actions/#Bios.ChangePassword/target"),
	    SYS "/Bios/Actions/Bios.ChangePassword", "ChangePassword");
	is_int(req(RF_M_GET, SYS "/Bios/Settings", NULL, R), 200, "Settings");
	is_str(S("Attributes/ProcVirtualization"), "Disabled",
	    "pending attributes");
	is_int(req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"BootMode\":\"Bios\",\"PowerOnDelay\":30,\"NumLock\":false}}",
	    R), 403, "ReadOnly may not PATCH");
	is_int(req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"BootMode\":\"Bios\",\"PowerOnDelay\":30,\"NumLock\":false}}",
	    A), 204, "PATCH Settings 204");
	is_str(W("action"), "bios-set", "powerd bios-set");
	is_str(W("attributes/BootMode"), "Bios", "attributes passed");
	req(RF_M_GET, SYS "/Bios/Settings", NULL, R);
	is_str(S("Attributes/BootMode"), "Bios", "now pending");
	is_int(req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"Nope\":1}}", A), 400, "unknown attribute");
	is_str(msgid(0), "Base.1.16.0.PropertyUnknown", "PropertyUnknown");
	is_str(S("error/@Message.ExtendedInfo/0/MessageArgs/0"),
	    "Attributes/Nope", "names the attribute");
	req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"SerialNumber\":\"x\"}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyNotWritable", "read-only");
	req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"BootMode\":\"Floppy\"}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueNotInList", "not in list");
	req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"NumLock\":\"yes\",\"PowerOnDelay\":1.5}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueTypeError", "type error");
	is_str(msgid(1), "Base.1.16.0.PropertyValueTypeError",
	    "both errors listed");
	req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":"
	    "{\"PowerOnDelay\":301}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueOutOfRange", "range");
	{
		char big[8192];

		(void)snprintf(big, sizeof(big), "{\"Attributes\":{"
		    "\"BootMode\":\"Bios\",\"PowerOnDelay\":1,\"NumLock\":true,"
		    "\"@odata.x\":\"%05000d\"}}", 0);
		is_int(req(RF_M_PATCH, SYS "/Bios/Settings", big, A), 400,
		    "annotation inside Attributes is no attribute");
		(void)snprintf(big, sizeof(big), "{\"Attributes\":{"
		    "\"BootMode\":\"%05000d\"}}", 0);
		is_int(req(RF_M_PATCH, SYS "/Bios/Settings", big, A), 400,
		    "long value: not in the list");
		/* a valid PATCH too long for one powerd request line */
		cJSON_AddItemToArray(cJSON_GetObjectItem(cJSON_GetObjectItem(hw,
		    "bios"), "registry"), cJSON_Parse("{\"name\":\"AssetTag\","
		    "\"type\":\"String\",\"max_len\":6000}"));
		(void)snprintf(big, sizeof(big), "{\"Attributes\":{"
		    "\"AssetTag\":\"%05000d\"}}", 0);
		is_int(req(RF_M_PATCH, SYS "/Bios/Settings", big, A), 413,
		    "longer than a powerd request: 413");
		is_str(msgid(0), "Base.1.16.0.PayloadTooLarge", "PayloadTooLarge");
		cJSON_DeleteItemFromArray(cJSON_GetObjectItem(cJSON_GetObjectItem(
		    hw, "bios"), "registry"), 5);
	}
	req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":{}}", A);
	is_str(msgid(0), "Base.1.16.0.EmptyJSON", "no attributes");
	req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Attributes\":3}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueTypeError",
	    "Attributes not an object");
	req(RF_M_PATCH, SYS "/Bios/Settings", "{\"Foo\":{}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyUnknown", "unknown property");
	is_int(req(RF_M_PATCH, SYS "/Bios", "{\"Attributes\":{}}", A), 405,
	    "Bios itself is not patched");
	is_int(req(RF_M_POST, SYS "/Bios/Actions/Bios.ResetBios", "{}", A),
	    204, "ResetBios");
	is_str(W("action"), "bios-reset", "powerd bios-reset");
	is_int(req(RF_M_POST, SYS "/Bios/Actions/Bios.ChangePassword",
	    "{\"PasswordName\":\"AdminPassword\",\"OldPassword\":\"old\","
	    "\"NewPassword\":\"new\"}", A), 204, "ChangePassword");
	is_str(W("action"), "bios-password", "powerd bios-password");
	is_str(W("name"), "AdminPassword", "name");
	is_str(W("new"), "new", "new");
	is_int(req(RF_M_POST, SYS "/Bios/Actions/Bios.ChangePassword",
	    "{\"PasswordName\":\"AdminPassword\",\"OldPassword\":\"bad\","
	    "\"NewPassword\":\"new\"}", A), 400, "wrong old password");
	is_int(req(RF_M_POST, SYS "/Bios/Actions/Bios.ChangePassword",
	    "{\"PasswordName\":\"Root\",\"OldPassword\":\"old\","
	    "\"NewPassword\":\"new\"}", A), 400, "unknown password name");
	is_str(msgid(0), "Base.1.16.0.ActionParameterValueNotInList",
	    "PasswordName not in list");
	is_int(req(RF_M_POST, SYS "/Bios/Actions/Bios.ChangePassword",
	    "{\"PasswordName\":\"AdminPassword\"}", A), 400, "missing param");
	is_str(msgid(0), "Base.1.16.0.ActionParameterMissing",
	    "ActionParameterMissing");

	/* the pure translator on its own */
	memset(&r, 0, sizeof(r));
	b = cJSON_Parse("{\"Attributes\":{\"NumLock\":true},"
	    "\"@Redfish.SettingsApplyTime\":{\"ApplyTime\":\"OnReset\"}}");
	q = rf_hw_bios_req(hw, b, &r);
	s = cJSON_PrintUnformatted(q);
	is_str(s, "{\"op\":\"hw\",\"action\":\"bios-set\",\"attributes\":"
	    "{\"NumLock\":true}}", "rf_hw_bios_req exact");
	cJSON_free(s);
	cJSON_Delete(q);
	cJSON_Delete(b);
	rf_resp_free(&r);

	/* the attribute registry */
	is_int(req(RF_M_GET, "/redfish/v1/Registries", NULL, R), 200,
	    "Registries");
	is_str(S("Members/0/@odata.id"), "/redfish/v1/Registries/"
	    RF_HW_BIOS_REG, "BIOS registry file");
	is_int(req(RF_M_GET, "/redfish/v1/Registries/" RF_HW_BIOS_REG, NULL,
	    R), 200, "registry file");
	is_str(S("Location/0/Uri"), "/redfish/v1/Registries/" RF_HW_BIOS_REG
	    "/" RF_HW_BIOS_REG, "Location.Uri");
	is_int(req(RF_M_GET, "/redfish/v1/Registries/" RF_HW_BIOS_REG "/"
	    RF_HW_BIOS_REG, NULL, R), 200, "registry");
	is_int(cJSON_GetArraySize(at(resp.body, "RegistryEntries/Attributes")),
	    5, "five attributes");
	is_str(S("RegistryEntries/Attributes/0/AttributeName"), "BootMode",
	    "AttributeName");
	is_str(S("RegistryEntries/Attributes/0/Type"), "Enumeration", "Type");
	is_str(S("RegistryEntries/Attributes/0/Value/1/ValueName"), "Bios",
	    "Value[].ValueName");
	is_str(S("RegistryEntries/Attributes/0/DefaultValue"), "Uefi",
	    "DefaultValue");
	ok(cJSON_IsTrue(at(resp.body, "RegistryEntries/Attributes/2/ReadOnly")),
	    "ReadOnly");
	is_int(N("RegistryEntries/Attributes/3/UpperBound"), 300,
	    "UpperBound");
	is_int(N("RegistryEntries/Attributes/2/MaxLength"), 32, "MaxLength");
	is_str(S("RegistryEntries/Attributes/4/DisplayName"),
	    "Virtualization Technology", "DisplayName");
	is_int(req(RF_M_GET, "/redfish/v1/Registries/Base", NULL, R), 200,
	    "the Base message registry file");
	is_int(req(RF_M_GET, "/redfish/v1/Registries/Nope", NULL, R), 404,
	    "an unknown registry");

	/* SecureBoot */
	is_int(req(RF_M_GET, SYS "/SecureBoot", NULL, R), 200, "SecureBoot");
	ok(cJSON_IsFalse(at(resp.body, "SecureBootEnable")), "disabled");
	is_str(S("SecureBootCurrentBoot"), "Disabled", "CurrentBoot");
	is_str(S("SecureBootMode"), "UserMode", "SecureBootMode");
	is_str(S("Actions/#SecureBoot.ResetKeys/ResetKeysType@Redfish."
	    "AllowableValues/2"), "DeletePK", "ResetKeys values");
	is_int(req(RF_M_PATCH, SYS "/SecureBoot", "{\"SecureBootEnable\":"
	    "true}", A), 200, "PATCH SecureBootEnable");
	ok(cJSON_IsTrue(at(last_write, "enabled")), "powerd secure-boot true");
	ok(cJSON_IsTrue(at(resp.body, "SecureBootEnable")),
	    "shows the value asked for");
	is_str(S("SecureBootCurrentBoot"), "Disabled",
	    "current boot unchanged until reset");
	req(RF_M_PATCH, SYS "/SecureBoot", "{\"SecureBootMode\":\"SetupMode\","
	    "\"Foo\":1}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyNotWritable", "mode read-only");
	is_str(msgid(1), "Base.1.16.0.PropertyUnknown", "and Foo unknown");
	req(RF_M_PATCH, SYS "/SecureBoot", "{\"SecureBootEnable\":1}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueTypeError", "not a bool");
	is_int(req(RF_M_POST, SYS "/SecureBoot/Actions/SecureBoot.ResetKeys",
	    "{\"ResetKeysType\":\"DeletePK\"}", A), 204, "ResetKeys");
	is_str(W("action"), "secure-boot-reset", "powerd secure-boot-reset");
	is_str(W("keys"), "DeletePK", "keys");
	is_int(req(RF_M_POST, SYS "/SecureBoot/Actions/SecureBoot.ResetKeys",
	    "{\"ResetKeysType\":\"Nuke\"}", A), 400, "bad ResetKeysType");
	is_str(msgid(0), "Base.1.16.0.ActionParameterValueNotInList",
	    "ActionParameterValueNotInList");
	is_int(req(RF_M_POST, SYS "/SecureBoot/Actions/SecureBoot.ResetKeys",
	    "{\"ResetKeysType\":\"DeletePK\",\"X\":1}", A), 400, "extra param");
	is_int(req(RF_M_GET, SYS "/SecureBoot/SecureBootDatabases", NULL, R),
	    200, "SecureBootDatabases");
	is_int(N("Members@odata.count"), 4, "PK KEK db dbx");
	is_int(req(RF_M_GET, SYS "/SecureBoot/SecureBootDatabases/db", NULL,
	    R), 200, "db");
	is_str(S("DatabaseId"), "db", "DatabaseId");

	/* BootOptions and BootOrder */
	is_int(req(RF_M_GET, SYS "/BootOptions", NULL, R), 200, "BootOptions");
	is_int(N("Members@odata.count"), 4, "four options");
	is_int(req(RF_M_GET, SYS "/BootOptions/Boot0001", NULL, R), 200,
	    "Boot0001");
	is_str(S("BootOptionReference"), "Boot0001", "BootOptionReference");
	is_str(S("DisplayName"), "UEFI PXEv4 (MAC:525400000101)",
	    "DisplayName");
	ok(strncmp(S("UefiDevicePath"), "PciRoot(0x0)", 12) == 0,
	    "UefiDevicePath");
	is_int(req(RF_M_PATCH, SYS, "{\"Boot\":{\"BootOrder\":[\"Boot0001\","
	    "\"Boot0002\",\"Boot0010\",\"Boot0009\"]}}", A), 200,
	    "PATCH BootOrder");
	is_str(W("action"), "boot-order", "powerd boot-order");
	is_str(W("order/0"), "Boot0001", "order passed");
	is_str(S("Boot/BootOrder/0"), "Boot0001", "System shows it");
	is_int(req(RF_M_PATCH, SYS, "{\"Boot\":{\"BootOrder\":[\"Boot0001\"]}}",
	    A), 400, "not a permutation");
	is_str(msgid(0), "Base.1.16.0.PropertyValueFormatError",
	    "FormatError");
	req(RF_M_PATCH, SYS, "{\"Boot\":{\"BootOrder\":[\"Boot0001\","
	    "\"Boot0002\",\"Boot0010\",\"Boot9999\"]}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueNotInList", "unknown id");
	req(RF_M_PATCH, SYS, "{\"Boot\":{\"BootOrder\":\"Boot0001\"}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueTypeError", "not an array");
	is_int(req(RF_M_PATCH, SYS, "{\"Boot\":{\"HttpBootUri\":"
	    "\"http://127.0.0.1/boot.efi\"}}", A), 200, "PATCH HttpBootUri");
	is_str(W("action"), "http-boot-uri", "powerd http-boot-uri");
	is_str(S("Boot/HttpBootUri"), "http://127.0.0.1/boot.efi", "shown");
	req(RF_M_PATCH, SYS, "{\"Boot\":{\"HttpBootUri\":5}}", A);
	is_str(msgid(0), "Base.1.16.0.PropertyValueTypeError", "not a string");
	is_int(req(RF_M_POST, SYS "/Actions/ComputerSystem.SetDefaultBootOrder",
	    "{}", A), 204, "SetDefaultBootOrder");
	is_str(W("action"), "boot-order-default", "powerd boot-order-default");

	/* Chassis */
	is_int(req(RF_M_GET, CHA, NULL, R), 200, "Chassis");
	is_str(S("NetworkAdapters/@odata.id"), CHA "/NetworkAdapters",
	    "NetworkAdapters link");
	is_int(N("Links/Drives@odata.count"), 3, "Links.Drives");
	is_str(S("Links/Drives/0/@odata.id"), DRV "Disk0", "drive link");
	is_int(req(RF_M_GET, CHA "/NetworkAdapters", NULL, R), 200,
	    "NetworkAdapters");
	is_int(N("Members@odata.count"), 1, "one adapter");
	is_int(req(RF_M_GET, CHA "/NetworkAdapters/NIC0", NULL, R), 200,
	    "NIC0");
	is_int(N("Controllers/0/ControllerCapabilities/NetworkPortCount"), 2,
	    "NetworkPortCount");
	is_str(S("Controllers/0/FirmwarePackageVersion"), "8.50",
	    "FirmwarePackageVersion");
	is_int(req(RF_M_GET, CHA "/NetworkAdapters/NIC0/NetworkDeviceFunctions",
	    NULL, R), 200, "NetworkDeviceFunctions");
	is_int(N("Members@odata.count"), 2, "two functions");
	is_int(req(RF_M_GET, CHA "/NetworkAdapters/NIC0/NetworkDeviceFunctions/"
	    "NIC0-P0", NULL, R), 200, "NIC0-P0 function");
	is_str(S("Ethernet/MACAddress"), "52:54:00:00:01:01", "function MAC");
	is_int(req(RF_M_GET, CHA "/Power", NULL, R), 200, "Power");
	is_int(cJSON_GetArraySize(at(resp.body, "PowerSupplies")), 2,
	    "legacy PowerSupplies");
	is_int(N("PowerSupplies/0/PowerCapacityWatts"), 800,
	    "PowerCapacityWatts");
	is_str(S("PowerSupplies/0/SerialNumber"), "PSU0001", "PSU serial");
	is_str(S("PowerSupplies/1/Status/State"), "Absent", "absent PSU");
	is_str(S("PowerSupplies/1/@odata.id"), CHA "/Power#/PowerSupplies/1",
	    "PSU @odata.id");
	is_int(req(RF_M_GET, CHA "/PowerSubsystem", NULL, R), 200,
	    "PowerSubsystem");
	is_str(S("PowerSupplies/@odata.id"), CHA "/PowerSubsystem/"
	    "PowerSupplies", "PowerSupplies link");
	is_int(req(RF_M_GET, CHA "/PowerSubsystem/PowerSupplies/PSU0", NULL,
	    R), 200, "PSU0");
	is_str(S("Model"), "SIM-PSU-800", "PSU model");
	is_int(req(RF_M_GET, CHA "/ThermalSubsystem", NULL, R), 200,
	    "ThermalSubsystem");
	is_str(S("Fans/@odata.id"), CHA "/ThermalSubsystem/Fans", "Fans link");
	is_int(req(RF_M_GET, CHA "/ThermalSubsystem/Fans", NULL, R), 200,
	    "Fans");
	is_int(N("Members@odata.count"), 2, "two fans");
	is_int(req(RF_M_GET, CHA "/ThermalSubsystem/Fans/Fan1", NULL, R), 200,
	    "Fan1");
	is_int(N("SpeedPercent/SpeedRPM"), 6100, "SpeedRPM");
	is_int(req(RF_M_GET, "/redfish/v1/Chassis/srv9/ThermalSubsystem/Fans",
	    NULL, R), 404, "other chassis");

	/* UpdateService */
	is_int(req(RF_M_GET, "/redfish/v1", NULL, R), 200, "root");
	is_str(S("UpdateService/@odata.id"), "/redfish/v1/UpdateService",
	    "root links UpdateService");
	is_int(req(RF_M_GET, "/redfish/v1/UpdateService", NULL, R), 200,
	    "UpdateService");
	is_int(req(RF_M_GET, "/redfish/v1/UpdateService/FirmwareInventory",
	    NULL, R), 200, "FirmwareInventory");
	is_int(N("Members@odata.count"), 4, "four components");
	is_int(req(RF_M_GET, "/redfish/v1/UpdateService/FirmwareInventory/BIOS",
	    NULL, R), 200, "BIOS firmware");
	is_str(S("Version"), "1.0.0", "Version");
	ok(cJSON_IsTrue(at(resp.body, "Updateable")), "Updateable");
	is_int(req(RF_M_GET, "/redfish/v1/UpdateService/SoftwareInventory/BMC",
	    NULL, R), 200, "SoftwareInventory member");
	is_str(S("@odata.id"), "/redfish/v1/UpdateService/SoftwareInventory/"
	    "BMC", "its own @odata.id");

	/* SimpleUpdate: the version from the image name, staged in powerd */
	{
		char c[RF_ID_MAX], v[RF_ID_MAX];

		is_int(rf_hw_image_parse("http://127.0.0.1/fw/BIOS-1.1.0.bin?x=2.2",
		    c, sizeof(c), v, sizeof(v)), 0, "image name parsed");
		is_str(c, "BIOS", "component from the name");
		is_str(v, "1.1.0", "version from the name");
		is_int(rf_hw_image_parse("http://h/a1.2/nic_8.60-rc1.img", c,
		    sizeof(c), v, sizeof(v)), 0, "last segment only");
		is_str(c, "nic", "up to '_'");
		is_str(v, "8.60", "8.60");
		is_int(rf_hw_image_parse("http://h/1.2/image.bin", c, sizeof(c),
		    v, sizeof(v)), -1, "no version");
		is_int(rf_hw_image_parse("", c, sizeof(c), v, sizeof(v)), -1,
		    "empty");
	}
	req(RF_M_GET, "/redfish/v1/UpdateService", NULL, R);
	is_str(S("Actions/#UpdateService.SimpleUpdate/target"),
	    "/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate",
	    "SimpleUpdate action");
#define SU "/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate"
	is_int(req(RF_M_POST, SU, "{\"ImageURI\":\"http://127.0.0.1/BIOS-1.1.0"
	    ".bin\"}", R), 403, "ReadOnly may not update");
	/* nothing listens on 127.0.0.1:1: the task ends in Exception */
	is_int(req(RF_M_POST, SU, "{\"ImageURI\":\"http://127.0.0.1:1/BIOS-1.1.0"
	    ".bin\"}", A), 202, "SimpleUpdate: a task");
	ok(strncmp(resp.location, "/redfish/v1/TaskService/TaskMonitors/", 37)
	    == 0, "Location: the task monitor");
	is_str(S("TaskState"), "Running", "the task runs");
	(void)snprintf(tid, sizeof(tid), "/redfish/v1/TaskService/Tasks/%s",
	    resp.location + 37);
	(void)snprintf(tmon, sizeof(tmon), "%s", resp.location);
	is_int(task_wait(), RF_TASK_EXCEPTION, "unreachable image: Exception");
	req(RF_M_GET, tid, NULL, R);
	is_str(S("TaskStatus"), "Critical", "TaskStatus Critical");
	is_str(S("Messages/1/MessageId"), "Task.1.0.3.TaskAborted",
	    "TaskAborted");
	ok(strstr(S("Messages/1/Message"), "127.0.0.1:1") != NULL,
	    "the message names the image");
	is_int(req(RF_M_GET, tmon, NULL, R),
	    200, "a done monitor answers 200");
	is_int(req(RF_M_GET, "/redfish/v1/TaskService/Tasks", NULL, R), 200,
	    "Tasks");
	is_int(N("Members@odata.count"), 3, "three tasks (the two OnReset volume changes too)");
	is_int(req(RF_M_GET, "/redfish/v1/TaskService/Tasks/99", NULL, R), 404,
	    "no such task");
	/* a push: no network, so the staging is seen here */
	{
		static const char mp[] = "--XyZ\r\nContent-Disposition: "
		    "form-data; name=\"UpdateParameters\"\r\nContent-Type: "
		    "application/json\r\n\r\n{\"Targets\":[\"/redfish/v1/"
		    "UpdateService/FirmwareInventory/NIC0\"]}\r\n--XyZ\r\n"
		    "Content-Disposition: form-data; name=\"UpdateFile\"; "
		    "filename=\"nic.img\"\r\n\r\nBMCSIM-FW version=2.0 "
		    "component=BIOS\nbits\r\n--XyZ--\r\n";
		struct rf_part pt[4];
		char c[RF_ID_MAX], v[RF_ID_MAX];

		is_int(rf_multipart(mp, sizeof(mp) - 1, pt, 4), 2,
		    "multipart: two parts");
		is_str(pt[1].filename, "nic.img", "filename");
		is_int((int)pt[1].len, 41, "file bytes");
		is_int(rf_multipart("{}", 2, pt, 4), -1, "JSON is not multipart");
		is_int(rf_multipart(mp, 60, pt, 4), -1, "cut short");
		is_int(rf_fw_header(pt[1].data, pt[1].len, c, sizeof(c), v,
		    sizeof(v)), 0, "image header");
		is_str(c, "BIOS", "header component");
		is_str(v, "2.0", "header version");
		is_int(rf_fw_header((const unsigned char *)"BMCSIM-FWX", 10, c,
		    sizeof(c), v, sizeof(v)), -1, "no header");
		is_int(rf_fw_header((const unsigned char *)"BMCSIM-FW version="
		    "1/2\n", 21, c, sizeof(c), v, sizeof(v)), 0,
		    "a bad version");
		is_str(v, "", "is ignored");
		is_int(req(RF_M_POST, RF_HW_PUSH_URI, mp, A), 202,
		    "multipart push: a task");
		(void)snprintf(tid, sizeof(tid),
		    "/redfish/v1/TaskService/Tasks/%s", resp.location + 37);
		is_int(task_wait(), RF_TASK_COMPLETED, "push: Completed");
		is_str(W("action"), "firmware-stage", "powerd firmware-stage");
		is_str(W("component"), "NIC0", "the Targets component");
		is_str(W("version"), "2.0", "the header's version");
		is_int(req(RF_M_GET, tid, NULL, R),
		    200, "the push task");
		is_str(S("TaskState"), "Completed", "TaskState Completed");
		is_str(S("Messages/1/MessageId"), "Task.1.0.3.TaskCompletedOK",
		    "TaskCompletedOK");
		is_int(N("PercentComplete"), 100, "100 percent");
		is_int(req(RF_M_POST, RF_HW_PUSH_URI, "{}", A), 400,
		    "a JSON push is refused");
	}
	is_int(req(RF_M_POST, SU, "{\"ImageURI\":\"http://127.0.0.1/x-2.0.img\","
	    "\"TransferProtocol\":\"HTTP\",\"Targets\":[\"/redfish/v1/"
	    "UpdateService/FirmwareInventory/NIC0\"]}", A), 202,
	    "SimpleUpdate with Targets");
	(void)task_wait();
	is_int(req(RF_M_POST, SU, "{\"ImageURI\":\"http://127.0.0.1/x-2.0.img\","
	    "\"Targets\":[\"/redfish/v1/UpdateService/FirmwareInventory/"
	    "CPLD\"]}", A), 400, "unknown target");
	is_str(msgid(0), "Base.1.16.0.ActionParameterValueNotInList",
	    "ActionParameterValueNotInList");
	is_int(req(RF_M_POST, SU, "{\"ImageURI\":\"http://10.0.0.1/BIOS-2.0.bin\"}",
	    A), 400, "off-host image refused");
	is_str(msgid(0), "Base.1.16.0.CouldNotEstablishConnection",
	    "CouldNotEstablishConnection");
	is_int(req(RF_M_POST, SU, "{\"ImageURI\":\"http://127.0.0.1/BIOS-1.1.bin\","
	    "\"TransferProtocol\":\"TFTP\"}", A), 400, "TFTP not offered");
	is_int(req(RF_M_POST, SU, "{}", A), 400, "ImageURI missing");
	is_str(msgid(0), "Base.1.16.0.ActionParameterMissing", "missing");

	/* $metadata names the schemas */
	req(RF_M_GET, "/redfish/v1/$metadata", NULL, R);
	ok(resp.text != NULL && strstr(resp.text, "Processor.v1_18_0") !=
	    NULL && strstr(resp.text, "AttributeRegistry.v1_3_8") != NULL,
	    "$metadata references the new schemas");

	/* privileges */
	memset(&pr, 0, sizeof(pr));
	pr.path = SYS "/Bios/Settings";
	pr.method = RF_M_PATCH;
	is_int(rf_route_privs(&pr), RF_PRIV_CONF_COMP, "PATCH needs "
	    "ConfigureComponents");
	pr.method = RF_M_GET;
	is_int(rf_route_privs(&pr), RF_PRIV_LOGIN, "GET needs Login");

	/* an older powerd without the model */
	no_model = 1;
	is_int(req(RF_M_GET, SYS, NULL, R), 200, "System without a model");
	ok(at(resp.body, "Processors") == NULL, "no Processors link");
	is_int(N("ProcessorSummary/Count"), 1, "flat inventory kept");
	is_int(req(RF_M_GET, SYS "/Processors", NULL, R), 404,
	    "Processors 404 without a model");
	is_int(req(RF_M_GET, "/redfish/v1/UpdateService/FirmwareInventory",
	    NULL, R), 200, "UpdateService stays without a model");
	is_int(N("Members@odata.count"), 0, "empty");
	is_int(req(RF_M_GET, "/redfish/v1/Registries/" RF_HW_BIOS_REG "/"
	    RF_HW_BIOS_REG, NULL, R), 200, "registry stays, empty");
	no_model = 0;
	pd_down = 1;
	is_int(req(RF_M_GET, SYS "/Memory", NULL, R), 503, "powerd away: 503");
	pd_down = 0;

	rf_resp_free(&resp);
	cJSON_Delete(hw);
	cJSON_Delete(last_write);
	return done_testing();
}
