/* rf_hw.c: Redfish resources over powerd's hardware model: hw JSON in, resources out (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * powerd owns the model (inventory.hw and the "hw" op, doc/protocol.md);
 * this file only translates.  Every builder takes the hw object and
 * returns a resource; every write turns a Redfish body into one powerd
 * "hw" request or a Redfish error.  I/O goes through struct rf_ops as in
 * route.c.  References: DSP0268 (Processor, Memory, EthernetInterface,
 * Storage, Drive, Volume, SimpleStorage, Bios, AttributeRegistry,
 * SecureBoot, BootOption, NetworkAdapter, PowerSupply, Fan,
 * UpdateService, SoftwareInventory), DSP0266 (OperationApplyTime,
 * @Redfish.Settings).
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "rf.h"
#include "rf_msgreg.h"
#include "rf_hw.h"
#define RFINT_LEAN	/* res_new, pd_fail, no_content: ours */
#include "rfint.h"
#include "rf_task.h"
#include "pdmsg.h"
#include "util.h"

/* route.c's, under the names this file calls them by */
#define link_add	add_link
#define status_add	add_status

#define V1	"/redfish/v1"
#define REG	RF_HW_BIOS_REG

struct hctx {
	const struct rf_conf	*conf;
	const struct rf_ops	*ops;
	const struct rf_req	*req;
	struct rf_resp		*resp;
	const char		*arg[3];
	int			 narg;
	cJSON			*rep;		/* powerd's hw reply */
	const cJSON		*hw;		/* in rep */
	char			 sys[128];	/* V1/Systems/<id> */
	char			 buf[RF_PATH_MAX];
};

struct hroute {
	const char	*pat;
	unsigned	 methods;
	unsigned	 wpriv;
	int		 where;		/* arg[0] is: 0 none, 1 System, 2 Chassis */
	void		 (*fn)(struct hctx *);
};

#define M_GET	(RF_MBIT(RF_M_GET) | RF_MBIT(RF_M_HEAD))
#define M_POST	RF_MBIT(RF_M_POST)
#define M_PATCH	RF_MBIT(RF_M_PATCH)
#define M_DEL	RF_MBIT(RF_M_DELETE)

/* ------------------------------------------------------------------ */
/* small helpers */

static int
jtrue(const cJSON *o, const char *k, int def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : def;
}

static const cJSON *
jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* the member of list arr whose "id" is id */
static const cJSON *
by_id(const cJSON *arr, const char *id)
{
	const cJSON	*m;

	cJSON_ArrayForEach(m, arr)
		if (strcmp(jstr(m, "id", ""), id) == 0)
			return m;
	return NULL;
}

/* ids we put in a URI: what powerd made, checked to be plain */
static int
id_ok(const char *id)
{
	size_t	 n = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_.");

	return n > 0 && n < RF_ID_MAX && id[n] == '\0';
}

static cJSON *
res_new(const char *path, const char *type, const char *id,
    const char *name)
{
	cJSON		*o;
	char		 ctx[128];
	const char	*dot;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "@odata.id", path);
	cJSON_AddStringToObject(o, "@odata.type", type);
	/* "#Ns.v1_0_0.Ns" -> "Ns.Ns" */
	if ((dot = strrchr(type, '.')) != NULL) {
		(void)snprintf(ctx, sizeof(ctx), V1 "/$metadata#%.*s.%s",
		    (int)strcspn(type + 1, "."), type + 1, dot + 1);
		cJSON_AddStringToObject(o, "@odata.context", ctx);
	}
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", name);
	return o;
}

static const char *
health_of(const cJSON *m)
{
	const char	*h = jstr(m, "health", "OK");

	if (strcmp(h, "Warning") == 0 || strcmp(h, "Critical") == 0)
		return h;
	return "OK";
}

static void
present_status(cJSON *o, const cJSON *m)
{
	if (jtrue(m, "present", 1))
		status_add(o, "Enabled", health_of(m));
	else
		status_add(o, "Absent", NULL);
}

/* one member per element of arr with an id; sets the count */
static void
coll_fill(cJSON *o, const cJSON *arr, const char *base)
{
	cJSON		*mem = cJSON_GetObjectItemCaseSensitive(o, "Members");
	const cJSON	*m;

	cJSON_ArrayForEach(m, arr)
		if (id_ok(jstr(m, "id", "")))
			link_add(mem, NULL, "%s/%s", base, jstr(m, "id", ""));
	cJSON_AddNumberToObject(o, "Members@odata.count",
	    cJSON_GetArraySize(mem));
}

static void
action_add(cJSON *o, const char *name, const char *target,
    const char *param, const char *const *vals)
{
	cJSON	*acts, *a, *arr;
	char	 k[64];

	if ((acts = cJSON_GetObjectItemCaseSensitive(o, "Actions")) == NULL &&
	    (acts = cJSON_AddObjectToObject(o, "Actions")) == NULL)
		return;
	if ((a = cJSON_AddObjectToObject(acts, name)) == NULL)
		return;
	cJSON_AddStringToObject(a, "target", target);
	if (param == NULL)
		return;
	(void)snprintf(k, sizeof(k), "%s@Redfish.AllowableValues", param);
	if ((arr = cJSON_AddArrayToObject(a, k)) == NULL)
		return;
	for (; *vals != NULL; vals++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(*vals));
}

/* the printed value of a JSON item, for a message argument */
static void
valstr(const cJSON *v, char *out, size_t outlen)
{
	char	*s;

	if (cJSON_IsString(v)) {
		(void)snprintf(out, outlen, "%s", v->valuestring);
		return;
	}
	s = cJSON_PrintUnformatted(v);
	(void)snprintf(out, outlen, "%s", s != NULL ? s : "");
	cJSON_free(s);
}

/*
 * Add an error: the first makes the body (rf_fail), the next ones add
 * their message to @Message.ExtendedInfo, so one answer lists them all.
 */
static void
err_add(struct rf_resp *r, int status, const char *id, const char *a1,
    const char *a2)
{
	cJSON	*e, *arr, *m, *more;

	if (r->body == NULL || r->status < 400) {
		rf_fail(r, status, id, a1, a2);
		return;
	}
	if ((more = rf_error(id, NULL, a1, a2)) == NULL)
		return;
	e = cJSON_GetObjectItemCaseSensitive(more, "error");
	m = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(e,
	    "@Message.ExtendedInfo"), 0);
	arr = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    r->body, "error"), "@Message.ExtendedInfo");
	if (m != NULL && arr != NULL)
		cJSON_AddItemToArray(arr, m);
	else
		cJSON_Delete(m);
	cJSON_Delete(more);
}

static cJSON *
hw_req(const char *action)
{
	cJSON	*q;

	if ((q = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(q, "op", "hw");
	cJSON_AddStringToObject(q, "action", action);
	return q;
}

/* ------------------------------------------------------------------ */
/* value maps: model -> Redfish enumerations */

static const char *
arch_of(const char *a)
{
	if (strcmp(a, "x86") == 0 || strcmp(a, "x86_64") == 0 ||
	    strcmp(a, "x86-64") == 0)
		return "x86";
	if (strcmp(a, "ARM") == 0 || strcmp(a, "arm") == 0 ||
	    strcmp(a, "aarch64") == 0 || strcmp(a, "arm64") == 0)
		return "ARM";
	if (strcmp(a, "riscv64") == 0 || strcmp(a, "RISC-V") == 0)
		return "RISC-V";
	if (strcmp(a, "ppc64le") == 0 || strcmp(a, "Power") == 0)
		return "Power";
	return NULL;
}

static const char *
isa_of(const char *a)
{
	static const char *const ok[] = { "x86", "x86-64", "IA-64",
	    "ARM-A32", "ARM-A64", "MIPS32", "MIPS64", "PowerISA", "RISC-V",
	    NULL };
	const char *const *p;

	if (strcmp(a, "x86_64") == 0)
		return "x86-64";
	if (strcmp(a, "aarch64") == 0 || strcmp(a, "arm64") == 0 ||
	    strcmp(a, "ARMv8-A") == 0)
		return "ARM-A64";
	for (p = ok; *p != NULL; p++)
		if (strcmp(*p, a) == 0)
			return *p;
	return NULL;
}

/* MemoryDeviceType (Memory.v1_x) */
static const char *
dimm_type_of(const char *t)
{
	static const char *const ok[] = { "DDR", "DDR2", "DDR3", "DDR4",
	    "DDR5", "LPDDR4_SDRAM", "LPDDR5_SDRAM", "HBM", "HBM2", "HBM3",
	    NULL };
	const char *const *p;

	for (p = ok; *p != NULL; p++)
		if (strcmp(*p, t) == 0)
			return *p;
	return NULL;
}

static const char *
media_of(const char *m)
{
	if (strcmp(m, "SSD") == 0 || strcmp(m, "ssd") == 0)
		return "SSD";
	if (strcmp(m, "HDD") == 0 || strcmp(m, "hdd") == 0)
		return "HDD";
	return NULL;
}

/* Protocol (Protocol.v1_x) we may see on a drive */
static const char *
proto_of(const char *p)
{
	static const char *const ok[] = { "SATA", "SAS", "NVMe", "USB",
	    "PCIe", NULL };
	const char *const *q;

	for (q = ok; *q != NULL; q++)
		if (strcmp(*q, p) == 0)
			return *q;
	return NULL;
}

/* volume RAID levels: RAIDType values we accept, minimum drives */
static const struct raid {
	const char	*type;
	const char	*voltype;	/* deprecated VolumeType */
	int		 min, max, even;
} raids[] = {
	{ "RAID0", "NonRedundant", 1, 64, 0 },
	{ "RAID1", "Mirrored", 2, 2, 0 },
	{ "RAID5", "StripedWithParity", 3, 64, 0 },
	{ "RAID10", "SpannedMirrors", 4, 64, 1 },
};

/* ------------------------------------------------------------------ */
/* System additions (pure) */

static const char *const xfer_protos[] = { "HTTP", "HTTPS", NULL };
static const char *const reset_keys[] = { "ResetAllKeysToDefault",
    "DeleteAllKeys", "DeletePK", NULL };

void
rf_hw_add_system(const char *sys, const cJSON *hw, cJSON *o)
{
	const cJSON	*m, *v;
	cJSON		*x, *b, *arr;
	double		 cores = 0, threads = 0, mib = 0;
	int		 n = 0;
	const char	*model = NULL;
	char		 p[RF_PATH_MAX];

	if (!cJSON_IsObject(hw))
		return;
	(void)snprintf(p, sizeof(p), V1 "/Systems/%s", sys);
	cJSON_ArrayForEach(m, jget(hw, "processors")) {
		if (!jtrue(m, "present", 1))
			continue;
		n++;
		cores += jnum(m, "cores", 0);
		threads += jnum(m, "threads", 0);
		if (model == NULL)
			model = jstr(m, "model", NULL);
	}
	cJSON_ArrayForEach(m, jget(hw, "memory"))
		if (jtrue(m, "present", 1))
			mib += jnum(m, "size_mib", 0);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "ProcessorSummary");
	if ((x = cJSON_AddObjectToObject(o, "ProcessorSummary")) != NULL) {
		cJSON_AddNumberToObject(x, "Count", n);
		cJSON_AddNumberToObject(x, "CoreCount", cores);
		cJSON_AddNumberToObject(x, "LogicalProcessorCount", threads);
		if (model != NULL)
			cJSON_AddStringToObject(x, "Model", model);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(o, "MemorySummary");
	if ((x = cJSON_AddObjectToObject(o, "MemorySummary")) != NULL) {
		cJSON_AddNumberToObject(x, "TotalSystemMemoryGiB", mib / 1024);
	}
	link_add(o, "Processors", "%s/Processors", p);
	link_add(o, "Memory", "%s/Memory", p);
	link_add(o, "EthernetInterfaces", "%s/EthernetInterfaces", p);
	link_add(o, "SimpleStorage", "%s/SimpleStorage", p);
	link_add(o, "Storage", "%s/Storage", p);
	link_add(o, "Bios", "%s/Bios", p);
	link_add(o, "SecureBoot", "%s/SecureBoot", p);
	if ((v = jget(hw, "bios")) != NULL && jstr(v, "version", NULL) != NULL)
		cJSON_ReplaceItemInObject(o, "BiosVersion",
		    cJSON_CreateString(jstr(v, "version", "")));
	if ((b = cJSON_GetObjectItemCaseSensitive(o, "Boot")) == NULL)
		b = cJSON_AddObjectToObject(o, "Boot");
	if (b != NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(b, "BootOrder");
		if ((arr = cJSON_AddArrayToObject(b, "BootOrder")) != NULL)
			cJSON_ArrayForEach(m, jget(hw, "boot_order"))
				if (cJSON_IsString(m))
					cJSON_AddItemToArray(arr,
					    cJSON_CreateString(m->valuestring));
		link_add(b, "BootOptions", "%s/BootOptions", p);
		if (jstr(hw, "http_boot_uri", NULL) != NULL) {
			cJSON_DeleteItemFromObjectCaseSensitive(b,
			    "HttpBootUri");
			cJSON_AddStringToObject(b, "HttpBootUri",
			    jstr(hw, "http_boot_uri", ""));
		}
	}
	{
		char tg[RF_PATH_MAX + 64];

		(void)snprintf(tg, sizeof(tg),
		    "%s/Actions/ComputerSystem.SetDefaultBootOrder", p);
		action_add(o, "#ComputerSystem.SetDefaultBootOrder", tg, NULL,
		    NULL);
	}
}

/* every drive of every controller, as Chassis Links.Drives */
void
rf_hw_add_chassis(const char *sys, const cJSON *hw, cJSON *o)
{
	const cJSON	*s, *d;
	cJSON		*l, *arr;

	if (!cJSON_IsObject(hw))
		return;
	link_add(o, "NetworkAdapters", V1 "/Chassis/%s/NetworkAdapters", sys);
	if ((l = cJSON_GetObjectItemCaseSensitive(o, "Links")) == NULL)
		l = cJSON_AddObjectToObject(o, "Links");
	if (l == NULL)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(l, "Drives");
	if ((arr = cJSON_AddArrayToObject(l, "Drives")) == NULL)
		return;
	cJSON_ArrayForEach(s, jget(hw, "storage"))
		cJSON_ArrayForEach(d, jget(s, "drives"))
			if (id_ok(jstr(s, "id", "")) && id_ok(jstr(d, "id", "")))
				link_add(arr, NULL, V1 "/Systems/%s/Storage/"
				    "%s/Drives/%s", sys, jstr(s, "id", ""),
				    jstr(d, "id", ""));
	cJSON_AddNumberToObject(l, "Drives@odata.count",
	    cJSON_GetArraySize(arr));
}

static void
psu_fill(cJSON *e, const cJSON *m)
{
	cJSON_AddStringToObject(e, "Name", jstr(m, "name", jstr(m, "id", "")));
	cJSON_AddStringToObject(e, "Model", jstr(m, "model", ""));
	cJSON_AddStringToObject(e, "SerialNumber", jstr(m, "serial", ""));
	cJSON_AddStringToObject(e, "FirmwareVersion", jstr(m, "firmware", ""));
	if (jstr(m, "manufacturer", NULL) != NULL)
		cJSON_AddStringToObject(e, "Manufacturer",
		    jstr(m, "manufacturer", ""));
	present_status(e, m);
}

/* legacy Power.PowerSupplies (Power.v1_7_1), what Ansible's GetPsuInventory reads */
void
rf_hw_add_power(const char *sys, const cJSON *hw, cJSON *o)
{
	const cJSON	*m;
	cJSON		*arr, *e;
	char		 id[RF_PATH_MAX + 32], n[16];
	int		 i = 0;

	if (!cJSON_IsObject(hw))
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(o, "PowerSupplies");
	if ((arr = cJSON_AddArrayToObject(o, "PowerSupplies")) == NULL)
		return;
	cJSON_ArrayForEach(m, jget(hw, "psus")) {
		if ((e = cJSON_CreateObject()) == NULL)
			return;
		(void)snprintf(n, sizeof(n), "%d", i++);
		(void)snprintf(id, sizeof(id), V1 "/Chassis/%s/Power#/"
		    "PowerSupplies/%s", sys, n);
		cJSON_AddStringToObject(e, "@odata.id", id);
		cJSON_AddStringToObject(e, "MemberId", n);
		psu_fill(e, m);
		cJSON_AddNumberToObject(e, "PowerCapacityWatts",
		    jnum(m, "capacity_w", 0));
		if (jtrue(m, "present", 1))
			cJSON_AddNumberToObject(e, "LineInputVoltage",
			    jnum(m, "input_v", 0));
		cJSON_AddStringToObject(e, "PowerSupplyType", "AC");
		cJSON_AddItemToArray(arr, e);
	}
}

/* ------------------------------------------------------------------ */
/* request translators (pure) */

/* one attribute against its registry entry: 0 or -1 with an error added */
static int
bios_check(struct rf_resp *r, const cJSON *reg, const cJSON *v)
{
	const char	*ty = jstr(reg, "type", "String");
	const cJSON	*e;
	char		 val[128], name[RF_ID_MAX + 16];

	valstr(v, val, sizeof(val));
	(void)snprintf(name, sizeof(name), "Attributes/%s", v->string);
	if (jtrue(reg, "read_only", 0)) {
		err_add(r, 400, "PropertyNotWritable", name, NULL);
		return -1;
	}
	if (strcmp(ty, "Enumeration") == 0) {
		if (!cJSON_IsString(v)) {
			err_add(r, 400, "PropertyValueTypeError", val, name);
			return -1;
		}
		cJSON_ArrayForEach(e, jget(reg, "values"))
			if (cJSON_IsString(e) &&
			    strcmp(e->valuestring, v->valuestring) == 0)
				return 0;
		err_add(r, 400, "PropertyValueNotInList", val, name);
		return -1;
	}
	if (strcmp(ty, "Boolean") == 0) {
		if (!cJSON_IsBool(v)) {
			err_add(r, 400, "PropertyValueTypeError", val, name);
			return -1;
		}
		return 0;
	}
	if (strcmp(ty, "Integer") == 0) {
		if (!cJSON_IsNumber(v) || v->valuedouble !=
		    (double)(long long)v->valuedouble) {
			err_add(r, 400, "PropertyValueTypeError", val, name);
			return -1;
		}
		if (v->valuedouble < jnum(reg, "min", -2147483648.0) ||
		    v->valuedouble > jnum(reg, "max", 2147483647.0)) {
			err_add(r, 400, "PropertyValueOutOfRange", val, name);
			return -1;
		}
		return 0;
	}
	/* String, Password */
	if (!cJSON_IsString(v)) {
		err_add(r, 400, "PropertyValueTypeError", val, name);
		return -1;
	}
	if ((double)strlen(v->valuestring) > jnum(reg, "max_len", 1024)) {
		err_add(r, 400, "PropertyValueFormatError", val, name);
		return -1;
	}
	return 0;
}

/*
 * PATCH Bios/Settings {"Attributes":{...}} -> bios-set.  Every problem
 * is listed (DSP0266: the whole PATCH fails); powerd checks again.
 */
cJSON *
rf_hw_bios_req(const cJSON *hw, const cJSON *body, struct rf_resp *r)
{
	const cJSON	*it, *attrs = NULL, *reg, *e;
	cJSON		*q = NULL, *out;
	int		 bad = 0, n = 0;

	reg = jget(jget(hw, "bios"), "registry");
	if (!cJSON_IsObject(body)) {
		rf_fail(r, 400, "MalformedJSON", NULL, NULL);
		return NULL;
	}
	cJSON_ArrayForEach(it, body) {
		if (strncmp(it->string, "@odata.", 7) == 0 ||
		    strcmp(it->string, "@Redfish.SettingsApplyTime") == 0)
			continue;
		if (strcmp(it->string, "Attributes") == 0) {
			attrs = it;
			continue;
		}
		err_add(r, 400, strcmp(it->string, "Id") == 0 ||
		    strcmp(it->string, "Name") == 0 ||
		    strcmp(it->string, "AttributeRegistry") == 0 ?
		    "PropertyNotWritable" : "PropertyUnknown", it->string,
		    NULL);
		bad = 1;
	}
	if (attrs == NULL && !bad) {
		rf_fail(r, 400, "PropertyMissing", "Attributes", NULL);
		return NULL;
	}
	if (attrs != NULL && !cJSON_IsObject(attrs)) {
		err_add(r, 400, "PropertyValueTypeError", "", "Attributes");
		return NULL;
	}
	cJSON_ArrayForEach(it, attrs) {
		if (++n > RF_HW_BIOS_ATTR_MAX) {
			err_add(r, 400, "PropertyValueOutOfRange", "",
			    "Attributes");
			return NULL;
		}
		cJSON_ArrayForEach(e, reg)
			if (strcmp(jstr(e, "name", ""), it->string) == 0)
				break;
		if (e == NULL) {
			char name[RF_ID_MAX + 16];

			(void)snprintf(name, sizeof(name), "Attributes/%.*s",
			    RF_ID_MAX, it->string);
			err_add(r, 400, "PropertyUnknown", name, NULL);
			bad = 1;
		} else if (bios_check(r, e, it) == -1)
			bad = 1;
	}
	if (bad)
		return NULL;
	if (n == 0) {
		rf_fail(r, 400, "EmptyJSON", NULL, NULL);
		return NULL;
	}
	if ((q = hw_req("bios-set")) == NULL ||
	    (out = cJSON_Duplicate(attrs, 1)) == NULL) {
		cJSON_Delete(q);
		rf_fail(r, 500, "InternalError", NULL, NULL);
		return NULL;
	}
	cJSON_AddItemToObject(q, "attributes", out);
	return q;
}

/* Boot.BootOrder: a permutation of the BootOption references */
cJSON *
rf_hw_bootorder_req(const cJSON *hw, const cJSON *order, struct rf_resp *r)
{
	const cJSON	*it, *o2, *opts = jget(hw, "boot_options");
	cJSON		*q, *arr;
	char		 val[256];
	int		 n = 0, k;

	valstr(order, val, sizeof(val));
	if (!cJSON_IsArray(order)) {
		rf_fail(r, 400, "PropertyValueTypeError", val, "Boot/BootOrder");
		return NULL;
	}
	cJSON_ArrayForEach(it, order) {
		if (!cJSON_IsString(it)) {
			rf_fail(r, 400, "PropertyValueTypeError", val,
			    "Boot/BootOrder");
			return NULL;
		}
		if (by_id(opts, it->valuestring) == NULL) {
			rf_fail(r, 400, "PropertyValueNotInList",
			    it->valuestring, "Boot/BootOrder");
			return NULL;
		}
		k = 0;
		cJSON_ArrayForEach(o2, order)
			if (cJSON_IsString(o2) &&
			    strcmp(o2->valuestring, it->valuestring) == 0)
				k++;
		if (k != 1) {
			rf_fail(r, 400, "PropertyValueFormatError", val,
			    "Boot/BootOrder");
			return NULL;
		}
		n++;
	}
	if (n != cJSON_GetArraySize(opts)) {
		rf_fail(r, 400, "PropertyValueFormatError", val,
		    "Boot/BootOrder");
		return NULL;
	}
	if ((q = hw_req("boot-order")) == NULL ||
	    (arr = cJSON_Duplicate(order, 1)) == NULL) {
		cJSON_Delete(q);
		rf_fail(r, 500, "InternalError", NULL, NULL);
		return NULL;
	}
	cJSON_AddItemToObject(q, "order", arr);
	return q;
}

/* "...Storage/<st>/Drives/<id>" -> id, if it is a drive of st */
static const char *
drive_ref(const char *sys, const cJSON *st, const char *uri)
{
	char		 base[RF_PATH_MAX];
	size_t		 n;
	const cJSON	*d;

	n = (size_t)snprintf(base, sizeof(base), V1 "/Systems/%s/Storage/%s/"
	    "Drives/", sys, jstr(st, "id", ""));
	if (n >= sizeof(base) || strncmp(uri, base, n) != 0)
		return NULL;
	if ((d = by_id(jget(st, "drives"), uri + n)) == NULL)
		return NULL;
	return jstr(d, "id", NULL);
}

static const char *
apply_of(const cJSON *body, struct rf_resp *r)
{
	const cJSON	*v = jget(body, "@Redfish.OperationApplyTime");

	if (v == NULL)
		return "immediate";
	if (!cJSON_IsString(v)) {
		char val[64];

		valstr(v, val, sizeof(val));
		rf_fail(r, 400, "PropertyValueTypeError", val,
		    "@Redfish.OperationApplyTime");
		return NULL;
	}
	if (strcmp(v->valuestring, "Immediate") == 0)
		return "immediate";
	if (strcmp(v->valuestring, "OnReset") == 0)
		return "reset";
	rf_fail(r, 400, "PropertyValueNotInList", v->valuestring,
	    "@Redfish.OperationApplyTime");
	return NULL;
}

/*
 * POST Storage/<id>/Volumes (Volume.v1_9_0): RAIDType (or the older
 * VolumeType), Links.Drives, Name, CapacityBytes (Ironic sends it; the
 * capacity follows from the drives), @Redfish.OperationApplyTime.
 */
cJSON *
rf_hw_volume_req(const char *sys, const cJSON *hw, const char *storage,
    const cJSON *body, struct rf_resp *r)
{
	const cJSON	*st, *it, *v, *drives = NULL, *l;
	const struct raid *rd = NULL;
	const char	*apply, *name = NULL, *id;
	cJSON		*q = NULL, *arr;
	char		 val[128];
	size_t		 i;
	int		 n = 0, bad = 0, supported = 0;

	if ((st = by_id(jget(hw, "storage"), storage)) == NULL) {
		rf_fail(r, 404, "ResourceNotFound", "Storage", storage);
		return NULL;
	}
	if (!cJSON_IsObject(body)) {
		rf_fail(r, 400, "MalformedJSON", NULL, NULL);
		return NULL;
	}
	cJSON_ArrayForEach(it, body) {
		valstr(it, val, sizeof(val));
		if (strncmp(it->string, "@odata.", 7) == 0 ||
		    strcmp(it->string, "@Redfish.OperationApplyTime") == 0)
			continue;
		if (strcmp(it->string, "RAIDType") == 0 ||
		    strcmp(it->string, "VolumeType") == 0) {
			if (!cJSON_IsString(it)) {
				err_add(r, 400, "PropertyValueTypeError", val,
				    it->string);
				bad = 1;
				continue;
			}
			for (i = 0; i < nitems(raids); i++)
				if (strcmp(it->valuestring, it->string[0] ==
				    'R' ? raids[i].type : raids[i].voltype) == 0)
					break;
			if (i == nitems(raids)) {
				err_add(r, 400, "PropertyValueNotInList", val,
				    it->string);
				bad = 1;
			} else if (rd == NULL || it->string[0] == 'R')
				rd = &raids[i];
		} else if (strcmp(it->string, "Name") == 0) {
			if (!cJSON_IsString(it) || strlen(it->valuestring) >=
			    RF_ID_MAX) {
				err_add(r, 400, "PropertyValueTypeError", val,
				    "Name");
				bad = 1;
			} else
				name = it->valuestring;
		} else if (strcmp(it->string, "CapacityBytes") == 0) {
			if (!cJSON_IsNumber(it) || it->valuedouble < 0) {
				err_add(r, 400, "PropertyValueTypeError", val,
				    "CapacityBytes");
				bad = 1;
			}
		} else if (strcmp(it->string, "Links") == 0) {
			drives = jget(it, "Drives");
			cJSON_ArrayForEach(l, it)
				if (strcmp(l->string, "Drives") != 0) {
					char nm[64];

					(void)snprintf(nm, sizeof(nm),
					    "Links/%.40s", l->string);
					err_add(r, 400, "PropertyUnknown", nm,
					    NULL);
					bad = 1;
				}
		} else {
			err_add(r, 400, "PropertyUnknown", it->string, NULL);
			bad = 1;
		}
	}
	if (bad)
		return NULL;
	if ((apply = apply_of(body, r)) == NULL)
		return NULL;
	if (rd == NULL) {
		rf_fail(r, 400, "PropertyMissing", "RAIDType", NULL);
		return NULL;
	}
	cJSON_ArrayForEach(v, jget(st, "raid_levels"))
		if (cJSON_IsString(v) && strcmp(v->valuestring, rd->type) == 0)
			supported = 1;
	if (!supported) {
		rf_fail(r, 400, "PropertyValueNotInList", rd->type,
		    "RAIDType");
		return NULL;
	}
	if (drives == NULL) {
		rf_fail(r, 400, "PropertyMissing", "Links/Drives", NULL);
		return NULL;
	}
	if (!cJSON_IsArray(drives)) {
		valstr(drives, val, sizeof(val));
		rf_fail(r, 400, "PropertyValueTypeError", val, "Links/Drives");
		return NULL;
	}
	if ((q = hw_req("volume-create")) == NULL ||
	    (arr = cJSON_AddArrayToObject(q, "drives")) == NULL)
		goto nomem;
	cJSON_ArrayForEach(it, drives) {
		const char *uri = jstr(it, "@odata.id", NULL);

		if (uri == NULL || (id = drive_ref(sys, st, uri)) == NULL) {
			valstr(it, val, sizeof(val));
			rf_fail(r, 400, "PropertyValueNotInList", val,
			    "Links/Drives");
			cJSON_Delete(q);
			return NULL;
		}
		cJSON_ArrayForEach(v, arr)
			if (strcmp(v->valuestring, id) == 0) {
				rf_fail(r, 400, "PropertyValueFormatError", uri,
				    "Links/Drives");
				cJSON_Delete(q);
				return NULL;
			}
		cJSON_AddItemToArray(arr, cJSON_CreateString(id));
		n++;
	}
	if (n < rd->min || n > rd->max || (rd->even && n % 2 != 0)) {
		(void)snprintf(val, sizeof(val), "%d drives", n);
		rf_fail(r, 400, "PropertyValueOutOfRange", val, "Links/Drives");
		cJSON_Delete(q);
		return NULL;
	}
	cJSON_AddStringToObject(q, "storage", jstr(st, "id", ""));
	cJSON_AddStringToObject(q, "raid", rd->type);
	if (name != NULL)
		cJSON_AddStringToObject(q, "name", name);
	cJSON_AddStringToObject(q, "apply", apply);
	return q;
nomem:
	cJSON_Delete(q);
	rf_fail(r, 500, "InternalError", NULL, NULL);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* powerd */

/* Map a powerd error reply to the Redfish answer. */
static void
pd_fail(struct rf_resp *r, const cJSON *rep, const char *path)
{
	const char	*tok = jstr(rep, "error", "engine");
	const char	*msg = jstr(rep, "message", "");

	cJSON_Delete(r->body);
	r->body = NULL;
	if (strcmp(tok, "not-found") == 0 ||
	    strcmp(tok, "no-such-server") == 0) {
		r->status = 404;
		r->body = rf_error("ResourceNotFound", msg, "Resource", path);
	} else if (strcmp(tok, "busy") == 0) {
		r->status = 409;
		r->body = rf_error("ResourceInUse", msg, NULL, NULL);
	} else if (strcmp(tok, "full") == 0) {
		r->status = 400;
		r->body = rf_error("CreateLimitReachedForResource", msg, NULL,
		    NULL);
	} else if (strcmp(tok, "timeout") == 0) {
		r->status = 503;
		r->body = rf_error("ServiceTemporarilyUnavailable", msg, "5",
		    NULL);
	} else if (strcmp(tok, "denied") == 0 ||
	    strcmp(tok, "bad-request") == 0) {
		r->status = 400;
		r->body = rf_error("GeneralError", msg, NULL, NULL);
	} else {
		r->status = 500;
		r->body = rf_error("InternalError", msg, NULL, NULL);
	}
}

/* a "hw" request (consumed) to powerd: the ok reply, or NULL + resp */
static cJSON *
hw_call(const struct rf_conf *conf, const struct rf_ops *ops, cJSON *q,
    struct rf_resp *r, const char *path)
{
	cJSON	*rep;
	char	*line;
	size_t	 len;

	if (q == NULL) {
		rf_fail(r, 500, "InternalError", NULL, NULL);
		return NULL;
	}
	cJSON_AddStringToObject(q, "server", conf->server);
	cJSON_AddStringToObject(q, "by", "redfish");
	/* a request line is at most PD_MSG_MAX, "v" and "id" included */
	if ((line = cJSON_PrintUnformatted(q)) == NULL) {
		cJSON_Delete(q);
		rf_fail(r, 500, "InternalError", NULL, NULL);
		return NULL;
	}
	len = strlen(line);
	cJSON_free(line);
	if (len > PD_MSG_MAX - 64) {
		cJSON_Delete(q);
		rf_fail(r, 413, "PayloadTooLarge", NULL, NULL);
		return NULL;
	}
	rep = ops->pd(ops->arg, q);
	cJSON_Delete(q);
	if (rep == NULL) {
		rf_fail(r, 503, "ServiceTemporarilyUnavailable", "5", NULL);
		return NULL;
	}
	if (!cJSON_IsTrue(jget(rep, "ok")) ||
	    !cJSON_IsObject(jget(rep, "hw"))) {
		/* a powerd without the model has no such op */
		if (cJSON_IsTrue(jget(rep, "ok")) ||
		    strcmp(jstr(rep, "error", ""), "unknown-op") == 0 ||
		    strcmp(jstr(rep, "error", ""), "unknown-action") == 0)
			rf_fail(r, 404, "ResourceNotFound", "Resource", path);
		else
			pd_fail(r, rep, path);
		cJSON_Delete(rep);
		return NULL;
	}
	return rep;
}

void
rf_hw_extend(const struct rf_conf *conf, const struct rf_ops *ops,
    enum rf_hw_ext what, cJSON *o)
{
	struct rf_resp	 r;
	cJSON		*rep;
	const cJSON	*hw;
	char		 p[RF_PATH_MAX];

	if (o == NULL)
		return;
	if (what == RF_HW_ROOT) {
		link_add(o, "UpdateService", V1 "/UpdateService");
		link_add(o, "Registries", V1 "/Registries");
		return;
	}
	memset(&r, 0, sizeof(r));
	rep = hw_call(conf, ops, hw_req("get"), &r, "");
	rf_resp_free(&r);
	if (rep == NULL)
		return;		/* no model: the resource stays as it was */
	hw = jget(rep, "hw");
	switch (what) {
	case RF_HW_SYSTEM:
		rf_hw_add_system(conf->server, hw, o);
		break;
	case RF_HW_CHASSIS:
		rf_hw_add_chassis(conf->server, hw, o);
		break;
	case RF_HW_POWER:
		rf_hw_add_power(conf->server, hw, o);
		break;
	case RF_HW_POWERSUB:
		(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/PowerSubsystem/"
		    "PowerSupplies", conf->server);
		link_add(o, "PowerSupplies", "%s", p);
		break;
	case RF_HW_THERMALSUB:
		(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/ThermalSubsystem/"
		    "Fans", conf->server);
		link_add(o, "Fans", "%s", p);
		break;
	default:
		break;
	}
	cJSON_Delete(rep);
}

int
rf_hw_boot_patch(const struct rf_conf *conf, const struct rf_ops *ops,
    const cJSON *boot, struct rf_resp *r)
{
	const cJSON	*order = jget(boot, "BootOrder");
	const cJSON	*uri = jget(boot, "HttpBootUri");
	cJSON		*rep, *q;
	char		 p[RF_PATH_MAX], val[128];

	(void)snprintf(p, sizeof(p), V1 "/Systems/%s", conf->server);
	if (uri != NULL) {
		/* powerd's http-boot-uri: what UEFI HTTP boots by default */
		if (!cJSON_IsString(uri) || strlen(uri->valuestring) > 255) {
			valstr(uri, val, sizeof(val));
			rf_fail(r, 400, cJSON_IsString(uri) ?
			    "PropertyValueFormatError" :
			    "PropertyValueTypeError", val, "Boot/HttpBootUri");
			return -1;
		}
		if ((q = hw_req("http-boot-uri")) == NULL) {
			rf_fail(r, 500, "InternalError", NULL, NULL);
			return -1;
		}
		cJSON_AddStringToObject(q, "uri", uri->valuestring);
		if ((rep = hw_call(conf, ops, q, r, p)) == NULL)
			return -1;
		cJSON_Delete(rep);
	}
	if (order == NULL)
		return 0;
	if ((rep = hw_call(conf, ops, hw_req("get"), r, p)) == NULL)
		return -1;
	q = rf_hw_bootorder_req(jget(rep, "hw"), order, r);
	cJSON_Delete(rep);
	if (q == NULL)
		return -1;
	if ((rep = hw_call(conf, ops, q, r, p)) == NULL)
		return -1;
	cJSON_Delete(rep);
	return 0;
}

/* ------------------------------------------------------------------ */
/* handlers: h->hw is the model, h->arg[0] checked when a route says so */

static void
set_body(struct hctx *h, cJSON *o)
{
	cJSON_Delete(h->resp->body);
	h->resp->body = o;
	if (o != NULL && h->resp->status == 200)
		rf_etag(o, h->resp->etag, sizeof(h->resp->etag));
}

static void
not_found(struct hctx *h, const char *type, const char *id)
{
	rf_fail(h->resp, 404, "ResourceNotFound", type, id);
}

static void
no_content(struct hctx *h)
{
	cJSON_Delete(h->resp->body);
	h->resp->body = NULL;
	h->resp->status = 204;
}

/* Parse the request body: an object (empty body: {} if empty_ok). */
static cJSON *
body_parse(struct hctx *h, int empty_ok)
{
	cJSON	*b;

	if (h->req->bodylen == 0 && empty_ok)
		return cJSON_CreateObject();
	/* the strict parser: depth, UTF-8, no NUL, no duplicate keys */
	if ((b = json_parse(h->req->body, h->req->bodylen, NULL)) == NULL ||
	    !cJSON_IsObject(b)) {
		cJSON_Delete(b);
		rf_fail(h->resp, 400, "MalformedJSON", NULL, NULL);
		return NULL;
	}
	return b;
}

/* run a write; the new model replaces h->hw.  0 or -1 (resp set) */
static int
hw_write(struct hctx *h, cJSON *q)
{
	cJSON	*rep;

	if (q == NULL)
		return -1;
	if ((rep = hw_call(h->conf, h->ops, q, h->resp, h->req->path)) ==
	    NULL)
		return -1;
	cJSON_Delete(h->rep);
	h->rep = rep;
	h->hw = jget(rep, "hw");
	return 0;
}

/* An action's parameters: every key one of params, else an error. */
static cJSON *
action_body(struct hctx *h, const char *action, const char *const *params)
{
	cJSON		*b;
	const cJSON	*it;
	const char *const *p;
	int		 bad = 0;

	if ((b = body_parse(h, 1)) == NULL)
		return NULL;
	cJSON_ArrayForEach(it, b) {
		if (strncmp(it->string, "@odata.", 7) == 0)
			continue;
		for (p = params; *p != NULL; p++)
			if (strcmp(*p, it->string) == 0)
				break;
		if (*p == NULL) {
			err_add(h->resp, 400, "ActionParameterNotSupported",
			    it->string, action);
			bad = 1;
		}
	}
	if (bad) {
		cJSON_Delete(b);
		return NULL;
	}
	return b;
}

static const char *
action_param(struct hctx *h, const cJSON *b, const char *action,
    const char *param)
{
	const cJSON	*v = jget(b, param);
	char		 val[128];

	if (v == NULL) {
		rf_fail(h->resp, 400, "ActionParameterMissing", action, param);
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		valstr(v, val, sizeof(val));
		rf_fail(h->resp, 400, "ActionParameterValueTypeError", val,
		    param);
		return NULL;
	}
	return v->valuestring;
}

/* Processors */

static void
h_procs(struct hctx *h)
{
	cJSON	*o;

	(void)snprintf(h->buf, sizeof(h->buf), "%s/Processors", h->sys);
	if ((o = coll_new(h->buf, "ProcessorCollection",
	    "Processor Collection")) != NULL)
		coll_fill(o, jget(h->hw, "processors"), h->buf);
	set_body(h, o);
}

static void
h_proc(struct hctx *h)
{
	const cJSON	*m = by_id(jget(h->hw, "processors"), h->arg[1]);
	cJSON		*o;
	const char	*v;

	if (m == NULL) {
		not_found(h, "Processor", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path, "#Processor.v1_18_0.Processor",
	    h->arg[1], jstr(m, "socket", h->arg[1]))) == NULL)
		return;
	cJSON_AddStringToObject(o, "Socket", jstr(m, "socket", ""));
	cJSON_AddStringToObject(o, "ProcessorType", "CPU");
	if ((v = arch_of(jstr(m, "arch", ""))) != NULL)
		cJSON_AddStringToObject(o, "ProcessorArchitecture", v);
	if ((v = isa_of(jstr(m, "isa", ""))) != NULL)
		cJSON_AddStringToObject(o, "InstructionSet", v);
	if (jtrue(m, "present", 1)) {
		cJSON_AddStringToObject(o, "Model", jstr(m, "model", ""));
		cJSON_AddStringToObject(o, "Manufacturer",
		    jstr(m, "manufacturer", ""));
		cJSON_AddNumberToObject(o, "TotalCores", jnum(m, "cores", 0));
		cJSON_AddNumberToObject(o, "TotalEnabledCores",
		    jnum(m, "cores", 0));
		cJSON_AddNumberToObject(o, "TotalThreads",
		    jnum(m, "threads", 0));
		cJSON_AddNumberToObject(o, "MaxSpeedMHz",
		    jnum(m, "max_speed_mhz", 0));
		cJSON_AddNumberToObject(o, "OperatingSpeedMHz",
		    jnum(m, "speed_mhz", 0));
	}
	present_status(o, m);
	set_body(h, o);
}

/* Memory */

static void
h_mems(struct hctx *h)
{
	cJSON	*o;

	(void)snprintf(h->buf, sizeof(h->buf), "%s/Memory", h->sys);
	if ((o = coll_new(h->buf, "MemoryCollection", "Memory Module "
	    "Collection")) != NULL)
		coll_fill(o, jget(h->hw, "memory"), h->buf);
	set_body(h, o);
}

static void
h_mem(struct hctx *h)
{
	const cJSON	*m = by_id(jget(h->hw, "memory"), h->arg[1]);
	cJSON		*o;
	const char	*v;

	if (m == NULL) {
		not_found(h, "Memory", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path, "#Memory.v1_17_0.Memory", h->arg[1],
	    jstr(m, "slot", h->arg[1]))) == NULL)
		return;
	cJSON_AddStringToObject(o, "DeviceLocator", jstr(m, "slot", ""));
	if (jtrue(m, "present", 1)) {
		cJSON_AddStringToObject(o, "MemoryType", "DRAM");
		if ((v = dimm_type_of(jstr(m, "type", ""))) != NULL)
			cJSON_AddStringToObject(o, "MemoryDeviceType", v);
		cJSON_AddNumberToObject(o, "CapacityMiB",
		    jnum(m, "size_mib", 0));
		cJSON_AddNumberToObject(o, "OperatingSpeedMhz",
		    jnum(m, "speed_mts", 0));
		cJSON_AddStringToObject(o, "Manufacturer",
		    jstr(m, "manufacturer", ""));
		cJSON_AddStringToObject(o, "PartNumber", jstr(m, "part", ""));
		cJSON_AddStringToObject(o, "SerialNumber",
		    jstr(m, "serial", ""));
	}
	present_status(o, m);
	set_body(h, o);
}

/* EthernetInterfaces: one per NIC port */

static const cJSON *
port_find(const cJSON *hw, const char *id, const cJSON **nic)
{
	const cJSON	*n, *p;

	cJSON_ArrayForEach(n, jget(hw, "nics"))
		if ((p = by_id(jget(n, "ports"), id)) != NULL) {
			if (nic != NULL)
				*nic = n;
			return p;
		}
	return NULL;
}

static void
h_eths(struct hctx *h)
{
	cJSON		*o, *mem;
	const cJSON	*n;

	(void)snprintf(h->buf, sizeof(h->buf), "%s/EthernetInterfaces",
	    h->sys);
	if ((o = coll_new(h->buf, "EthernetInterfaceCollection",
	    "Ethernet Interface Collection")) == NULL)
		return;
	cJSON_ArrayForEach(n, jget(h->hw, "nics")) {
		const cJSON *p;

		mem = cJSON_GetObjectItemCaseSensitive(o, "Members");
		cJSON_ArrayForEach(p, jget(n, "ports"))
			if (id_ok(jstr(p, "id", "")))
				link_add(mem, NULL, "%s/%s", h->buf,
				    jstr(p, "id", ""));
	}
	cJSON_AddNumberToObject(o, "Members@odata.count",
	    cJSON_GetArraySize(jget(o, "Members")));
	set_body(h, o);
}

static void
h_eth(struct hctx *h)
{
	const cJSON	*p = port_find(h->hw, h->arg[1], NULL);
	cJSON		*o;
	int		 up;

	if (p == NULL) {
		not_found(h, "EthernetInterface", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path,
	    "#EthernetInterface.v1_9_0.EthernetInterface", h->arg[1],
	    jstr(p, "iface", h->arg[1]))) == NULL)
		return;
	up = strcmp(jstr(p, "link", "down"), "up") == 0;
	cJSON_AddStringToObject(o, "MACAddress", jstr(p, "mac", ""));
	cJSON_AddStringToObject(o, "PermanentMACAddress", jstr(p, "mac", ""));
	cJSON_AddStringToObject(o, "LinkStatus", up ? "LinkUp" : "LinkDown");
	cJSON_AddNumberToObject(o, "SpeedMbps", jnum(p, "speed_mbps", 0));
	cJSON_AddBoolToObject(o, "InterfaceEnabled", 1);
	status_add(o, "Enabled", "OK");
	set_body(h, o);
}

/* Storage, Drives, Volumes */

static void
h_storages(struct hctx *h)
{
	cJSON	*o;

	(void)snprintf(h->buf, sizeof(h->buf), "%s/Storage", h->sys);
	if ((o = coll_new(h->buf, "StorageCollection", "Storage Collection"))
	    != NULL)
		coll_fill(o, jget(h->hw, "storage"), h->buf);
	set_body(h, o);
}

static const cJSON *
storage_of(struct hctx *h)
{
	const cJSON	*s = by_id(jget(h->hw, "storage"), h->arg[1]);

	if (s == NULL)
		not_found(h, "Storage", h->arg[1]);
	return s;
}

static void
ctrl_fill(cJSON *c, const cJSON *s)
{
	const cJSON	*v;
	cJSON		*arr;

	cJSON_AddStringToObject(c, "Model", jstr(s, "model", ""));
	cJSON_AddStringToObject(c, "Manufacturer", jstr(s, "manufacturer", ""));
	cJSON_AddStringToObject(c, "FirmwareVersion", jstr(s, "firmware", ""));
	if ((arr = cJSON_AddArrayToObject(c, "SupportedRAIDTypes")) != NULL)
		cJSON_ArrayForEach(v, jget(s, "raid_levels"))
			if (cJSON_IsString(v))
				cJSON_AddItemToArray(arr,
				    cJSON_CreateString(v->valuestring));
	status_add(c, "Enabled", "OK");
}

static void
h_storage(struct hctx *h)
{
	const cJSON	*s, *d;
	cJSON		*o, *arr, *c;
	char		 p[RF_PATH_MAX + 32];

	if ((s = storage_of(h)) == NULL)
		return;
	if ((o = res_new(h->req->path, "#Storage.v1_13_0.Storage", h->arg[1],
	    jstr(s, "name", h->arg[1]))) == NULL)
		return;
	(void)snprintf(h->buf, sizeof(h->buf), "%s/Storage/%s", h->sys,
	    h->arg[1]);
	if ((arr = cJSON_AddArrayToObject(o, "StorageControllers")) != NULL &&
	    (c = cJSON_CreateObject()) != NULL) {
		(void)snprintf(p, sizeof(p), "%s#/StorageControllers/0",
		    h->buf);
		cJSON_AddStringToObject(c, "@odata.id", p);
		cJSON_AddStringToObject(c, "MemberId", "0");
		cJSON_AddStringToObject(c, "Name", jstr(s, "name", ""));
		ctrl_fill(c, s);
		cJSON_AddItemToArray(arr, c);
	}
	link_add(o, "Controllers", "%s/Controllers", h->buf);
	if ((arr = cJSON_AddArrayToObject(o, "Drives")) != NULL)
		cJSON_ArrayForEach(d, jget(s, "drives"))
			if (id_ok(jstr(d, "id", "")))
				link_add(arr, NULL, "%s/Drives/%s", h->buf,
				    jstr(d, "id", ""));
	cJSON_AddNumberToObject(o, "Drives@odata.count",
	    cJSON_GetArraySize(arr));
	link_add(o, "Volumes", "%s/Volumes", h->buf);
	status_add(o, "Enabled", "OK");
	set_body(h, o);
}

static void
h_ctrls(struct hctx *h)
{
	cJSON	*o;

	if (storage_of(h) == NULL)
		return;
	if ((o = coll_new(h->req->path, "StorageControllerCollection",
	    "Storage Controller Collection")) == NULL)
		return;
	link_add(cJSON_GetObjectItemCaseSensitive(o, "Members"), NULL, "%s/Storage/%s/Controllers/0",
	    h->sys, h->arg[1]);
	cJSON_AddNumberToObject(o, "Members@odata.count", 1);
	set_body(h, o);
}

static void
h_ctrl(struct hctx *h)
{
	const cJSON	*s;
	cJSON		*o;

	if ((s = storage_of(h)) == NULL)
		return;
	if (strcmp(h->arg[2], "0") != 0) {
		not_found(h, "StorageController", h->arg[2]);
		return;
	}
	if ((o = res_new(h->req->path,
	    "#StorageController.v1_6_0.StorageController", "0",
	    jstr(s, "name", ""))) == NULL)
		return;
	ctrl_fill(o, s);
	set_body(h, o);
}

static void
h_drive(struct hctx *h)
{
	const cJSON	*s, *d, *v, *x;
	cJSON		*o, *l, *arr;
	const char	*e;

	if ((s = storage_of(h)) == NULL)
		return;
	if ((d = by_id(jget(s, "drives"), h->arg[2])) == NULL) {
		not_found(h, "Drive", h->arg[2]);
		return;
	}
	if ((o = res_new(h->req->path, "#Drive.v1_15_0.Drive", h->arg[2],
	    jstr(d, "name", h->arg[2]))) == NULL)
		return;
	cJSON_AddStringToObject(o, "Model", jstr(d, "model", ""));
	cJSON_AddStringToObject(o, "SerialNumber", jstr(d, "serial", ""));
	cJSON_AddStringToObject(o, "Revision", jstr(d, "firmware", ""));
	if ((e = media_of(jstr(d, "media", ""))) != NULL)
		cJSON_AddStringToObject(o, "MediaType", e);
	if ((e = proto_of(jstr(d, "protocol", ""))) != NULL)
		cJSON_AddStringToObject(o, "Protocol", e);
	cJSON_AddNumberToObject(o, "CapacityBytes", jnum(d, "capacity_bytes",
	    0));
	if ((l = cJSON_AddObjectToObject(o, "Links")) != NULL &&
	    (arr = cJSON_AddArrayToObject(l, "Volumes")) != NULL) {
		cJSON_ArrayForEach(v, jget(s, "volumes"))
			cJSON_ArrayForEach(x, jget(v, "drives"))
				if (cJSON_IsString(x) && strcmp(x->valuestring,
				    h->arg[2]) == 0 && id_ok(jstr(v, "id", "")))
					link_add(arr, NULL, "%s/Storage/%s/"
					    "Volumes/%s", h->sys, h->arg[1],
					    jstr(v, "id", ""));
		link_add(l, "Chassis", V1 "/Chassis/%s", h->conf->server);
	}
	status_add(o, "Enabled", "OK");
	set_body(h, o);
}

static cJSON *
volume_build(struct hctx *h, const cJSON *v)
{
	const cJSON	*x;
	cJSON		*o, *l, *arr;
	char		 p[RF_PATH_MAX];

	(void)snprintf(p, sizeof(p), "%s/Storage/%s/Volumes/%s", h->sys,
	    h->arg[1], jstr(v, "id", ""));
	if ((o = res_new(p, "#Volume.v1_9_0.Volume", jstr(v, "id", ""),
	    jstr(v, "name", jstr(v, "id", "")))) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "RAIDType", jstr(v, "raid", "RAID0"));
	cJSON_AddNumberToObject(o, "CapacityBytes", jnum(v, "capacity_bytes",
	    0));
	if ((l = cJSON_AddObjectToObject(o, "Links")) != NULL &&
	    (arr = cJSON_AddArrayToObject(l, "Drives")) != NULL) {
		cJSON_ArrayForEach(x, jget(v, "drives"))
			if (cJSON_IsString(x) && id_ok(x->valuestring))
				link_add(arr, NULL, "%s/Storage/%s/Drives/%s",
				    h->sys, h->arg[1], x->valuestring);
		cJSON_AddNumberToObject(l, "Drives@odata.count",
		    cJSON_GetArraySize(arr));
	}
	status_add(o, "Enabled", "OK");
	return o;
}

static void
apply_support(cJSON *o)
{
	cJSON	*a, *arr;

	if ((a = cJSON_AddObjectToObject(o,
	    "@Redfish.OperationApplyTimeSupport")) == NULL)
		return;
	cJSON_AddStringToObject(a, "@odata.type",
	    "#Settings.v1_3_5.OperationApplyTimeSupport");
	if ((arr = cJSON_AddArrayToObject(a, "SupportedValues")) == NULL)
		return;
	cJSON_AddItemToArray(arr, cJSON_CreateString("Immediate"));
	cJSON_AddItemToArray(arr, cJSON_CreateString("OnReset"));
}

/*
 * A volume change that waits for the next reset: 202 Accepted with a
 * Task (Location its monitor) that stays Running until the reset applies
 * the change, as a RAID controller's job does.  The watch names the
 * server, storage, volume and change; vol_task_check ends it.
 */
static void
accepted(struct hctx *h, const char *vol, const char *op)
{
	char	 id[16], watch[RF_TASK_WATCH_MAX];
	cJSON	*o;

	no_content(h);
	(void)snprintf(watch, sizeof(watch), "%s/%s/%s/%s", h->conf->server,
	    h->arg[1], vol, op);
	if (rf_task_new(strcmp(op, "create") == 0 ? "Volume create" :
	    "Volume delete", h->req->wall, id, sizeof(id)) == -1) {
		rf_fail(h->resp, 503, "ServiceTemporarilyUnavailable", "5",
		    NULL);
		return;
	}
	if (rf_task_watch(id, watch) == -1) {
		rf_task_done(id, 0, "the volume change is not tracked",
		    h->req->wall);
		rf_fail(h->resp, 500, "InternalError", NULL, NULL);
		return;
	}
	o = rf_task_json(id, NULL);
	cJSON_Delete(h->resp->body);
	h->resp->body = o;
	h->resp->status = 202;
	(void)snprintf(h->resp->location, sizeof(h->resp->location),
	    V1 "/TaskService/TaskMonitors/%s", id);
}

/* rf_task_watch_each: has this server's model applied the change? */
static int
vol_task_check(void *arg, const char *watch)
{
	struct hctx	*h = arg;
	const cJSON	*st, *v;
	char		 w[RF_TASK_WATCH_MAX], *srv, *sto, *vol, *op;

	(void)strlcpy(w, watch, sizeof(w));
	srv = w;
	if ((sto = strchr(srv, '/')) == NULL)
		return -1;
	*sto++ = '\0';
	if ((vol = strchr(sto, '/')) == NULL)
		return -1;
	*vol++ = '\0';
	if ((op = strchr(vol, '/')) == NULL)
		return -1;
	*op++ = '\0';
	if (strcmp(srv, h->conf->server) != 0)
		return 0;		/* another server's (aggregated) */
	if ((st = by_id(jget(h->hw, "storage"), sto)) == NULL)
		return -1;		/* the controller went away */
	cJSON_ArrayForEach(v, jget(st, "pending_volumes"))
		if (strcmp(jstr(v, "id", ""), vol) == 0 &&
		    strcmp(jstr(v, "op", ""), op) == 0)
			return 0;	/* still waiting for the reset */
	/* applied, or dropped (a later change replaced it) */
	v = by_id(jget(st, "volumes"), vol);
	return (strcmp(op, "create") == 0) == (v != NULL) ? 1 : -1;
}

static void
h_volumes(struct hctx *h)
{
	const cJSON	*s, *v;
	cJSON		*o, *b, *q;
	const char	*id;

	if ((s = storage_of(h)) == NULL)
		return;
	if (h->req->method == RF_M_POST) {
		if ((b = body_parse(h, 0)) == NULL)
			return;
		q = rf_hw_volume_req(h->conf->server, h->hw, h->arg[1], b,
		    h->resp);
		if (q == NULL || hw_write(h, q) == -1) {
			cJSON_Delete(b);
			return;
		}
		id = jstr(h->rep, "volume", "");
		if (strcmp(jstr(b, "@Redfish.OperationApplyTime", "Immediate"),
		    "OnReset") == 0) {
			accepted(h, id, "create");
			cJSON_Delete(b);
			return;
		}
		cJSON_Delete(b);
		s = by_id(jget(h->hw, "storage"), h->arg[1]);
		if ((v = by_id(jget(s, "volumes"), id)) == NULL) {
			rf_fail(h->resp, 500, "InternalError", NULL, NULL);
			return;
		}
		h->resp->status = 201;
		(void)snprintf(h->resp->location, sizeof(h->resp->location),
		    "%s/Storage/%s/Volumes/%s", h->sys, h->arg[1], id);
		set_body(h, volume_build(h, v));
		return;
	}
	if ((o = coll_new(h->req->path, "VolumeCollection",
	    "Volume Collection")) == NULL)
		return;
	apply_support(o);
	(void)snprintf(h->buf, sizeof(h->buf), "%s/Storage/%s/Volumes",
	    h->sys, h->arg[1]);
	coll_fill(o, jget(s, "volumes"), h->buf);
	set_body(h, o);
}

static void
h_volume(struct hctx *h)
{
	const cJSON	*s, *v;
	cJSON		*b, *q;
	const char	*apply;

	if ((s = storage_of(h)) == NULL)
		return;
	if ((v = by_id(jget(s, "volumes"), h->arg[2])) == NULL) {
		not_found(h, "Volume", h->arg[2]);
		return;
	}
	if (h->req->method != RF_M_DELETE) {
		set_body(h, volume_build(h, v));
		return;
	}
	if ((b = body_parse(h, 1)) == NULL)
		return;
	if ((apply = apply_of(b, h->resp)) == NULL ||
	    (q = hw_req("volume-delete")) == NULL) {
		cJSON_Delete(b);
		return;
	}
	cJSON_AddStringToObject(q, "storage", h->arg[1]);
	cJSON_AddStringToObject(q, "volume", h->arg[2]);
	cJSON_AddStringToObject(q, "apply", apply);
	cJSON_Delete(b);
	if (hw_write(h, q) == -1)
		return;
	if (strcmp(apply, "reset") == 0)
		accepted(h, h->arg[2], "delete");
	else
		no_content(h);
}

/* SimpleStorage (Ironic's inspection reads the device sizes) */

static void
h_simples(struct hctx *h)
{
	cJSON	*o;

	(void)snprintf(h->buf, sizeof(h->buf), "%s/SimpleStorage", h->sys);
	if ((o = coll_new(h->buf, "SimpleStorageCollection",
	    "Simple Storage Collection")) != NULL)
		coll_fill(o, jget(h->hw, "storage"), h->buf);
	set_body(h, o);
}

static void
h_simple(struct hctx *h)
{
	const cJSON	*s, *d;
	cJSON		*o, *arr, *e;

	if ((s = storage_of(h)) == NULL)
		return;
	if ((o = res_new(h->req->path, "#SimpleStorage.v1_3_1.SimpleStorage",
	    h->arg[1], jstr(s, "name", h->arg[1]))) == NULL)
		return;
	if ((arr = cJSON_AddArrayToObject(o, "Devices")) != NULL)
		cJSON_ArrayForEach(d, jget(s, "drives")) {
			if ((e = cJSON_CreateObject()) == NULL)
				break;
			cJSON_AddStringToObject(e, "Name", jstr(d, "name", ""));
			cJSON_AddStringToObject(e, "Model", jstr(d, "model",
			    ""));
			cJSON_AddNumberToObject(e, "CapacityBytes",
			    jnum(d, "capacity_bytes", 0));
			status_add(e, "Enabled", "OK");
			cJSON_AddItemToArray(arr, e);
		}
	status_add(o, "Enabled", "OK");
	set_body(h, o);
}

/* Bios, Bios/Settings, the attribute registry */

static cJSON *
bios_build(struct hctx *h, int settings)
{
	const cJSON	*b = jget(h->hw, "bios");
	cJSON		*o, *s, *arr, *a;
	char		 p[RF_PATH_MAX + 64];

	(void)snprintf(p, sizeof(p), "%s/Bios%s", h->sys,
	    settings ? "/Settings" : "");
	if ((o = res_new(p, "#Bios.v1_2_0.Bios", settings ? "Settings" :
	    "BIOS", settings ? "BIOS Pending Settings" : "BIOS")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "AttributeRegistry", REG);
	a = cJSON_Duplicate(jget(b, settings ? "pending" : "attributes"), 1);
	cJSON_AddItemToObject(o, "Attributes", cJSON_IsObject(a) ? a :
	    cJSON_CreateObject());
	if (!cJSON_IsObject(a))
		cJSON_Delete(a);
	if (settings)
		return o;
	if ((s = cJSON_AddObjectToObject(o, "@Redfish.Settings")) != NULL) {
		cJSON_AddStringToObject(s, "@odata.type",
		    "#Settings.v1_3_5.Settings");
		link_add(s, "SettingsObject", "%s/Bios/Settings", h->sys);
		if ((arr = cJSON_AddArrayToObject(s, "SupportedApplyTimes")) !=
		    NULL)
			cJSON_AddItemToArray(arr, cJSON_CreateString("OnReset"));
	}
	(void)snprintf(p, sizeof(p), "%s/Bios/Actions/Bios.ResetBios",
	    h->sys);
	action_add(o, "#Bios.ResetBios", p, NULL, NULL);
	(void)snprintf(p, sizeof(p), "%s/Bios/Actions/Bios.ChangePassword",
	    h->sys);
	action_add(o, "#Bios.ChangePassword", p, NULL, NULL);
	return o;
}

static void
h_bios(struct hctx *h)
{
	set_body(h, bios_build(h, 0));
}

static void
h_bios_settings(struct hctx *h)
{
	cJSON	*cur, *b, *q;
	char	 et[sizeof(h->resp->etag)];
	const char *tag;

	if ((cur = bios_build(h, 1)) == NULL)
		return;
	if (h->req->method != RF_M_PATCH) {
		set_body(h, cur);
		return;
	}
	rf_etag(cur, et, sizeof(et));
	cJSON_Delete(cur);
	/* If-Match: "*" or our tag (weak compare, RFC 7232 3.1) */
	tag = strncmp(et, "W/", 2) == 0 ? et + 2 : et;
	if (h->req->if_match != NULL && strchr(h->req->if_match, '*') ==
	    NULL && strstr(h->req->if_match, tag) == NULL) {
		rf_fail(h->resp, 412, "PreconditionFailed", NULL, NULL);
		return;
	}
	if ((b = body_parse(h, 0)) == NULL)
		return;
	q = rf_hw_bios_req(h->hw, b, h->resp);
	cJSON_Delete(b);
	if (q != NULL && hw_write(h, q) == 0)
		no_content(h);
}

static void
h_bios_reset(struct hctx *h)
{
	static const char *const none[] = { NULL };
	cJSON	*b;

	if ((b = action_body(h, "Bios.ResetBios", none)) == NULL)
		return;
	cJSON_Delete(b);
	if (hw_write(h, hw_req("bios-reset")) == 0)
		no_content(h);
}

static void
h_bios_password(struct hctx *h)
{
	static const char *const params[] = { "PasswordName", "OldPassword",
	    "NewPassword", NULL };
	const char	*act = "Bios.ChangePassword", *n, *o, *w;
	cJSON		*b, *q;

	if ((b = action_body(h, act, params)) == NULL)
		return;
	if ((n = action_param(h, b, act, "PasswordName")) == NULL ||
	    (o = action_param(h, b, act, "OldPassword")) == NULL ||
	    (w = action_param(h, b, act, "NewPassword")) == NULL)
		goto out;
	if (strcmp(n, "AdminPassword") != 0 && strcmp(n, "SystemPassword") !=
	    0) {
		rf_fail(h->resp, 400, "ActionParameterValueNotInList", n,
		    "PasswordName");
		goto out;
	}
	if ((q = hw_req("bios-password")) == NULL)
		goto out;
	cJSON_AddStringToObject(q, "name", n);
	cJSON_AddStringToObject(q, "old", o);
	cJSON_AddStringToObject(q, "new", w);
	if (hw_write(h, q) == 0)
		no_content(h);
out:
	cJSON_Delete(b);
}

static void
h_registries(struct hctx *h)
{
	cJSON	*o;
	int	 i;

	if ((o = coll_new(V1 "/Registries", "MessageRegistryFileCollection",
	    "Registry File Collection")) == NULL)
		return;
	link_add(cJSON_GetObjectItemCaseSensitive(o, "Members"), NULL, V1 "/Registries/" REG);
	for (i = 0; i < RF_MSGREG_N; i++)
		link_add(cJSON_GetObjectItemCaseSensitive(o, "Members"), NULL,
		    V1 "/Registries/%s", rf_msgreg_prefix(i));
	cJSON_AddNumberToObject(o, "Members@odata.count", 1 + RF_MSGREG_N);
	set_body(h, o);
}

static void
h_registry_file(struct hctx *h)
{
	cJSON	*o, *arr, *l;

	if ((o = rf_msgreg_file(h->arg[0])) != NULL) {
		set_body(h, o);
		return;
	}
	if (strcmp(h->arg[0], REG) != 0) {
		not_found(h, "MessageRegistryFile", h->arg[0]);
		return;
	}
	if ((o = res_new(V1 "/Registries/" REG,
	    "#MessageRegistryFile.v1_1_3.MessageRegistryFile", REG,
	    "BIOS Attribute Registry File")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Description", "BIOS attributes of the "
	    "simulated system");
	if ((arr = cJSON_AddArrayToObject(o, "Languages")) != NULL)
		cJSON_AddItemToArray(arr, cJSON_CreateString("en"));
	cJSON_AddStringToObject(o, "Registry", REG ".1.0.0");
	if ((arr = cJSON_AddArrayToObject(o, "Location")) != NULL &&
	    (l = cJSON_CreateObject()) != NULL) {
		cJSON_AddStringToObject(l, "Language", "en");
		cJSON_AddStringToObject(l, "Uri", V1 "/Registries/" REG "/"
		    REG);
		cJSON_AddItemToArray(arr, l);
	}
	set_body(h, o);
}

static void
h_registry(struct hctx *h)
{
	const cJSON	*b = jget(h->hw, "bios"), *e, *v;
	cJSON		*o, *x, *attrs, *a, *vals, *one;
	const char	*ty;

	if ((o = rf_msgreg_registry(h->arg[0], h->arg[1])) != NULL) {
		set_body(h, o);
		return;
	}
	if (strcmp(h->arg[0], REG) != 0 || strcmp(h->arg[1], REG) != 0) {
		not_found(h, "AttributeRegistry", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path,
	    "#AttributeRegistry.v1_3_8.AttributeRegistry", REG,
	    "BIOS Attribute Registry")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Language", "en");
	cJSON_AddStringToObject(o, "OwningEntity", "bmcsim");
	cJSON_AddStringToObject(o, "RegistryVersion", "1.0.0");
	if ((x = cJSON_AddArrayToObject(o, "SupportedSystems")) != NULL &&
	    (a = cJSON_CreateObject()) != NULL) {
		cJSON_AddStringToObject(a, "ProductName", "bmcsim");
		char	 sid[RF_ID_MAX];
		size_t	 i, k = 0;
		const char *pf = jstr(h->hw, "profile", "");

		/* SystemId is ^[A-Za-z0-9]+$: "x86-1u" -> "x861u" */
		for (i = 0; pf[i] != '\0' && k + 1 < sizeof(sid); i++)
			if ((pf[i] >= 'a' && pf[i] <= 'z') || (pf[i] >= 'A' &&
			    pf[i] <= 'Z') || (pf[i] >= '0' && pf[i] <= '9'))
				sid[k++] = pf[i];
		sid[k] = '\0';
		cJSON_AddStringToObject(a, "SystemId", k > 0 ? sid : "bmcsim");
		cJSON_AddStringToObject(a, "FirmwareVersion", jstr(b,
		    "version", ""));
		cJSON_AddItemToArray(x, a);
	}
	if ((x = cJSON_AddObjectToObject(o, "RegistryEntries")) == NULL ||
	    (attrs = cJSON_AddArrayToObject(x, "Attributes")) == NULL) {
		set_body(h, o);
		return;
	}
	cJSON_ArrayForEach(e, jget(b, "registry")) {
		if ((a = cJSON_CreateObject()) == NULL)
			break;
		ty = jstr(e, "type", "String");
		cJSON_AddStringToObject(a, "AttributeName", jstr(e, "name", ""));
		cJSON_AddStringToObject(a, "Type", ty);
		cJSON_AddStringToObject(a, "DisplayName", jstr(e, "display",
		    jstr(e, "name", "")));
		if ((v = jget(e, "default")) != NULL && !cJSON_IsNull(v))
			cJSON_AddItemToObject(a, "DefaultValue",
			    cJSON_Duplicate(v, 1));
		cJSON_AddBoolToObject(a, "ReadOnly", jtrue(e, "read_only", 0));
		cJSON_AddBoolToObject(a, "ResetRequired",
		    jtrue(e, "reset_required", 1));
		if (strcmp(ty, "Enumeration") == 0 &&
		    (vals = cJSON_AddArrayToObject(a, "Value")) != NULL)
			cJSON_ArrayForEach(v, jget(e, "values")) {
				if (!cJSON_IsString(v) ||
				    (one = cJSON_CreateObject()) == NULL)
					continue;
				cJSON_AddStringToObject(one, "ValueName",
				    v->valuestring);
				cJSON_AddStringToObject(one,
				    "ValueDisplayName", v->valuestring);
				cJSON_AddItemToArray(vals, one);
			}
		if (strcmp(ty, "Integer") == 0) {
			if ((v = jget(e, "min")) != NULL && cJSON_IsNumber(v))
				cJSON_AddNumberToObject(a, "LowerBound",
				    v->valuedouble);
			if ((v = jget(e, "max")) != NULL && cJSON_IsNumber(v))
				cJSON_AddNumberToObject(a, "UpperBound",
				    v->valuedouble);
		}
		if ((v = jget(e, "max_len")) != NULL && cJSON_IsNumber(v))
			cJSON_AddNumberToObject(a, "MaxLength", v->valuedouble);
		cJSON_AddItemToArray(attrs, a);
	}
	set_body(h, o);
}

/* SecureBoot */

static cJSON *
secboot_build(struct hctx *h)
{
	const cJSON	*sb = jget(h->hw, "secure_boot"), *pe;
	cJSON		*o;
	const char	*mode = jstr(sb, "mode", "SetupMode");
	char		 p[RF_PATH_MAX + 64];
	int		 en = jtrue(sb, "enabled", 0);

	(void)snprintf(p, sizeof(p), "%s/SecureBoot", h->sys);
	if ((o = res_new(p, "#SecureBoot.v1_1_0.SecureBoot", "SecureBoot",
	    "UEFI Secure Boot")) == NULL)
		return NULL;
	/* the value asked for, applied at the next reset */
	pe = jget(sb, "pending_enabled");
	cJSON_AddBoolToObject(o, "SecureBootEnable", cJSON_IsBool(pe) ?
	    cJSON_IsTrue(pe) : en);
	cJSON_AddStringToObject(o, "SecureBootCurrentBoot", en ? "Enabled" :
	    "Disabled");
	if (strcmp(mode, "SetupMode") != 0 && strcmp(mode, "UserMode") != 0 &&
	    strcmp(mode, "AuditMode") != 0 && strcmp(mode, "DeployedMode") !=
	    0)
		mode = "SetupMode";
	cJSON_AddStringToObject(o, "SecureBootMode", mode);
	link_add(o, "SecureBootDatabases", "%s/SecureBootDatabases", p);
	(void)snprintf(p, sizeof(p), "%s/SecureBoot/Actions/"
	    "SecureBoot.ResetKeys", h->sys);
	action_add(o, "#SecureBoot.ResetKeys", p, "ResetKeysType",
	    reset_keys);
	return o;
}

static void
h_secboot(struct hctx *h)
{
	cJSON		*cur, *b = NULL, *q;
	const cJSON	*it;
	char		 val[64];
	int		 bad = 0;

	if ((cur = secboot_build(h)) == NULL)
		return;
	if (h->req->method != RF_M_PATCH) {
		set_body(h, cur);
		return;
	}
	if ((b = body_parse(h, 0)) == NULL)
		goto out;
	if (b->child == NULL) {
		rf_fail(h->resp, 400, "EmptyJSON", NULL, NULL);
		goto out;
	}
	cJSON_ArrayForEach(it, b) {
		if (strncmp(it->string, "@odata.", 7) == 0)
			continue;
		if (strcmp(it->string, "SecureBootEnable") != 0) {
			err_add(h->resp, 400, jget(cur, it->string) != NULL ?
			    "PropertyNotWritable" : "PropertyUnknown",
			    it->string, NULL);
			bad = 1;
		} else if (!cJSON_IsBool(it)) {
			valstr(it, val, sizeof(val));
			err_add(h->resp, 400, "PropertyValueTypeError", val,
			    it->string);
			bad = 1;
		}
	}
	if (bad || (it = jget(b, "SecureBootEnable")) == NULL)
		goto out;
	if ((q = hw_req("secure-boot")) == NULL)
		goto out;
	cJSON_AddBoolToObject(q, "enabled", cJSON_IsTrue(it));
	if (hw_write(h, q) == 0) {
		h->resp->status = 200;
		set_body(h, secboot_build(h));
	}
out:
	cJSON_Delete(cur);
	cJSON_Delete(b);
}

static void
h_secboot_reset(struct hctx *h)
{
	static const char *const params[] = { "ResetKeysType", NULL };
	const char	*act = "SecureBoot.ResetKeys", *t;
	const char *const *k;
	cJSON		*b, *q;

	if ((b = action_body(h, act, params)) == NULL)
		return;
	if ((t = action_param(h, b, act, "ResetKeysType")) == NULL)
		goto out;
	for (k = reset_keys; *k != NULL; k++)
		if (strcmp(*k, t) == 0)
			break;
	if (*k == NULL) {
		rf_fail(h->resp, 400, "ActionParameterValueNotInList", t,
		    "ResetKeysType");
		goto out;
	}
	if ((q = hw_req("secure-boot-reset")) == NULL)
		goto out;
	cJSON_AddStringToObject(q, "keys", t);
	if (hw_write(h, q) == 0)
		no_content(h);
out:
	cJSON_Delete(b);
}

static void
h_sbdbs(struct hctx *h)
{
	const cJSON	*d;
	cJSON		*o;

	(void)snprintf(h->buf, sizeof(h->buf), "%s/SecureBoot/"
	    "SecureBootDatabases", h->sys);
	if ((o = coll_new(h->buf, "SecureBootDatabaseCollection",
	    "UEFI Secure Boot Database Collection")) == NULL)
		return;
	cJSON_ArrayForEach(d, jget(jget(h->hw, "secure_boot"), "databases"))
		if (id_ok(d->string))
			link_add(cJSON_GetObjectItemCaseSensitive(o, "Members"), NULL, "%s/%s", h->buf,
			    d->string);
	cJSON_AddNumberToObject(o, "Members@odata.count",
	    cJSON_GetArraySize(jget(o, "Members")));
	set_body(h, o);
}

static void
h_sbdb(struct hctx *h)
{
	const cJSON	*d;
	cJSON		*o;
	char		 desc[64];

	d = jget(jget(jget(h->hw, "secure_boot"), "databases"), h->arg[1]);
	if (d == NULL) {
		not_found(h, "SecureBootDatabase", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path,
	    "#SecureBootDatabase.v1_0_1.SecureBootDatabase", h->arg[1],
	    h->arg[1])) == NULL)
		return;
	cJSON_AddStringToObject(o, "DatabaseId", h->arg[1]);
	(void)snprintf(desc, sizeof(desc), "%d key(s)", (int)jnum(
	    jget(jget(h->hw, "secure_boot"), "databases"), h->arg[1], 0));
	cJSON_AddStringToObject(o, "Description", desc);
	set_body(h, o);
}

/* BootOptions, SetDefaultBootOrder */

static void
h_bootopts(struct hctx *h)
{
	cJSON	*o;

	(void)snprintf(h->buf, sizeof(h->buf), "%s/BootOptions", h->sys);
	if ((o = coll_new(h->buf, "BootOptionCollection",
	    "Boot Option Collection")) != NULL)
		coll_fill(o, jget(h->hw, "boot_options"), h->buf);
	set_body(h, o);
}

static void
h_bootopt(struct hctx *h)
{
	const cJSON	*m = by_id(jget(h->hw, "boot_options"), h->arg[1]);
	cJSON		*o;

	if (m == NULL) {
		not_found(h, "BootOption", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path, "#BootOption.v1_0_4.BootOption",
	    h->arg[1], jstr(m, "name", h->arg[1]))) == NULL)
		return;
	cJSON_AddStringToObject(o, "BootOptionReference", h->arg[1]);
	cJSON_AddStringToObject(o, "DisplayName", jstr(m, "name", ""));
	cJSON_AddStringToObject(o, "UefiDevicePath", jstr(m, "uefi_path", ""));
	cJSON_AddBoolToObject(o, "BootOptionEnabled", 1);
	set_body(h, o);
}

static void
h_default_order(struct hctx *h)
{
	static const char *const none[] = { NULL };
	cJSON	*b;

	if ((b = action_body(h, "ComputerSystem.SetDefaultBootOrder",
	    none)) == NULL)
		return;
	cJSON_Delete(b);
	if (hw_write(h, hw_req("boot-order-default")) == 0)
		no_content(h);
}

/* Chassis: NetworkAdapters, PowerSupplies, Fans */

static void
h_adapters(struct hctx *h)
{
	cJSON	*o;

	if ((o = coll_new(h->req->path, "NetworkAdapterCollection",
	    "Network Adapter Collection")) != NULL) {
		(void)snprintf(h->buf, sizeof(h->buf), V1 "/Chassis/%s/"
		    "NetworkAdapters", h->conf->server);
		coll_fill(o, jget(h->hw, "nics"), h->buf);
	}
	set_body(h, o);
}

static void
h_adapter(struct hctx *h)
{
	const cJSON	*n = by_id(jget(h->hw, "nics"), h->arg[1]), *p;
	cJSON		*o, *arr, *c, *x, *l, *fns;

	if (n == NULL) {
		not_found(h, "NetworkAdapter", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path, "#NetworkAdapter.v1_9_0."
	    "NetworkAdapter", h->arg[1], jstr(n, "model", h->arg[1]))) ==
	    NULL)
		return;
	cJSON_AddStringToObject(o, "Manufacturer", jstr(n, "manufacturer",
	    ""));
	cJSON_AddStringToObject(o, "Model", jstr(n, "model", ""));
	(void)snprintf(h->buf, sizeof(h->buf), V1 "/Chassis/%s/"
	    "NetworkAdapters/%s", h->conf->server, h->arg[1]);
	link_add(o, "NetworkDeviceFunctions", "%s/NetworkDeviceFunctions",
	    h->buf);
	if ((arr = cJSON_AddArrayToObject(o, "Controllers")) != NULL &&
	    (c = cJSON_CreateObject()) != NULL) {
		cJSON_AddItemToArray(arr, c);
		cJSON_AddStringToObject(c, "FirmwarePackageVersion",
		    jstr(n, "firmware", ""));
		if ((x = cJSON_AddObjectToObject(c, "ControllerCapabilities"))
		    != NULL)
			cJSON_AddNumberToObject(x, "NetworkPortCount",
			    cJSON_GetArraySize(jget(n, "ports")));
		if ((l = cJSON_AddObjectToObject(c, "Links")) != NULL &&
		    (fns = cJSON_AddArrayToObject(l,
		    "NetworkDeviceFunctions")) != NULL)
			cJSON_ArrayForEach(p, jget(n, "ports"))
				if (id_ok(jstr(p, "id", "")))
					link_add(fns, NULL, "%s/"
					    "NetworkDeviceFunctions/%s",
					    h->buf, jstr(p, "id", ""));
	}
	status_add(o, "Enabled", "OK");
	set_body(h, o);
}

static void
h_ndfs(struct hctx *h)
{
	const cJSON	*n = by_id(jget(h->hw, "nics"), h->arg[1]);
	cJSON		*o;

	if (n == NULL) {
		not_found(h, "NetworkAdapter", h->arg[1]);
		return;
	}
	if ((o = coll_new(h->req->path, "NetworkDeviceFunctionCollection",
	    "Network Device Function Collection")) != NULL) {
		(void)snprintf(h->buf, sizeof(h->buf), V1 "/Chassis/%s/"
		    "NetworkAdapters/%s/NetworkDeviceFunctions",
		    h->conf->server, h->arg[1]);
		coll_fill(o, jget(n, "ports"), h->buf);
	}
	set_body(h, o);
}

static void
h_ndf(struct hctx *h)
{
	const cJSON	*n = by_id(jget(h->hw, "nics"), h->arg[1]), *p;
	cJSON		*o, *e, *l;

	if (n == NULL || (p = by_id(jget(n, "ports"), h->arg[2])) == NULL) {
		not_found(h, "NetworkDeviceFunction", h->arg[2]);
		return;
	}
	if ((o = res_new(h->req->path, "#NetworkDeviceFunction.v1_9_0."
	    "NetworkDeviceFunction", h->arg[2], jstr(p, "iface",
	    h->arg[2]))) == NULL)
		return;
	cJSON_AddStringToObject(o, "NetDevFuncType", "Ethernet");
	if ((e = cJSON_AddObjectToObject(o, "Ethernet")) != NULL) {
		cJSON_AddStringToObject(e, "MACAddress", jstr(p, "mac", ""));
		cJSON_AddStringToObject(e, "PermanentMACAddress",
		    jstr(p, "mac", ""));
	}
	cJSON_AddStringToObject(o, "BootMode", jtrue(p, "pxe", 0) ? "PXE" :
	    "Disabled");
	if ((l = cJSON_AddObjectToObject(o, "Links")) != NULL)
		link_add(cJSON_AddArrayToObject(l, "EthernetInterfaces"), NULL,
		    V1 "/Systems/%s/EthernetInterfaces/%s", h->conf->server,
		    h->arg[2]);
	status_add(o, "Enabled", "OK");
	set_body(h, o);
}

static void
h_psus(struct hctx *h)
{
	cJSON	*o;

	if ((o = coll_new(h->req->path, "PowerSupplyCollection",
	    "Power Supply Collection")) != NULL) {
		(void)snprintf(h->buf, sizeof(h->buf), V1 "/Chassis/%s/"
		    "PowerSubsystem/PowerSupplies", h->conf->server);
		coll_fill(o, jget(h->hw, "psus"), h->buf);
	}
	set_body(h, o);
}

static void
h_psu(struct hctx *h)
{
	const cJSON	*m = by_id(jget(h->hw, "psus"), h->arg[1]);
	cJSON		*o;

	if (m == NULL) {
		not_found(h, "PowerSupply", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path, "#PowerSupply.v1_5_0.PowerSupply",
	    h->arg[1], jstr(m, "name", h->arg[1]))) == NULL)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(o, "Name");
	psu_fill(o, m);
	cJSON_AddNumberToObject(o, "PowerCapacityWatts", jnum(m, "capacity_w",
	    0));
	cJSON_AddStringToObject(o, "PowerSupplyType", "AC");
	set_body(h, o);
}

static void
h_fans(struct hctx *h)
{
	cJSON	*o;

	if ((o = coll_new(h->req->path, "FanCollection", "Fan Collection")) !=
	    NULL) {
		(void)snprintf(h->buf, sizeof(h->buf), V1 "/Chassis/%s/"
		    "ThermalSubsystem/Fans", h->conf->server);
		coll_fill(o, jget(h->hw, "fans"), h->buf);
	}
	set_body(h, o);
}

static void
h_fan(struct hctx *h)
{
	const cJSON	*m = by_id(jget(h->hw, "fans"), h->arg[1]);
	cJSON		*o, *s;

	if (m == NULL) {
		not_found(h, "Fan", h->arg[1]);
		return;
	}
	if ((o = res_new(h->req->path, "#Fan.v1_4_0.Fan", h->arg[1],
	    jstr(m, "name", h->arg[1]))) == NULL)
		return;
	if ((s = cJSON_AddObjectToObject(o, "SpeedPercent")) != NULL)
		cJSON_AddNumberToObject(s, "SpeedRPM", jnum(m, "rpm", 0));
	cJSON_AddBoolToObject(o, "HotPluggable", 1);
	present_status(o, m);
	set_body(h, o);
}

/* UpdateService: FirmwareInventory and SoftwareInventory */

static void
h_updsvc(struct hctx *h)
{
	cJSON	*o;

	if ((o = res_new(V1 "/UpdateService",
	    "#UpdateService.v1_11_0.UpdateService", "UpdateService",
	    "Update Service")) == NULL)
		return;
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	link_add(o, "FirmwareInventory", V1 "/UpdateService/"
	    "FirmwareInventory");
	link_add(o, "SoftwareInventory", V1 "/UpdateService/"
	    "SoftwareInventory");
	action_add(o, "#UpdateService.SimpleUpdate", V1 "/UpdateService/"
	    "Actions/UpdateService.SimpleUpdate", "TransferProtocol",
	    xfer_protos);
	cJSON_AddStringToObject(o, "MultipartHttpPushUri", RF_HW_PUSH_URI);
	cJSON_AddNumberToObject(o, "MaxImageSizeBytes", RF_PUSH_MAX);
	status_add(o, "Enabled", "OK");
	set_body(h, o);
}

/*
 * The version an image carries, from its file name: the last run of
 * dotted numbers in the last path segment ("BIOS-1.1.0.bin" -> "1.1.0");
 * the component is what comes before the first '-' when no Target names
 * it.  0 or -1.
 */
int
rf_hw_image_parse(const char *uri, char *comp, size_t complen, char *ver,
    size_t verlen)
{
	const char	*b, *e, *p, *best = NULL;
	size_t		 n, bestn = 0, i;

	e = uri + strcspn(uri, "?#");
	for (b = e; b > uri && b[-1] != '/'; b--)
		;
	for (p = b; p < e; p += n ? n : 1) {
		n = 0;
		if (*p >= '0' && *p <= '9') {
			int dots = 0;

			while (p + n < e && ((p[n] >= '0' && p[n] <= '9') ||
			    (p[n] == '.' && p + n + 1 < e && p[n + 1] >= '0' &&
			    p[n + 1] <= '9')))
				dots += p[n++] == '.';
			if (dots > 0) {
				best = p;
				bestn = n;
			}
		}
	}
	if (best == NULL || bestn >= verlen)
		return -1;
	memcpy(ver, best, bestn);
	ver[bestn] = '\0';
	comp[0] = '\0';
	n = strcspn(b, "-_");
	if (b + n < e && n > 0 && n < complen) {
		for (i = 0; i < n; i++)
			comp[i] = b[i];
		comp[n] = '\0';
	}
	return 0;
}

/*
 * -M, several servers: the component of a FirmwareInventory member id
 * "<server>-<component>" of this server, "" when it is not one of its.
 */
static const char *
fw_comp_of(const struct hctx *h, const char *id)
{
	size_t	l = strlen(h->conf->server);

	if (h->conf->nids <= 1)
		return id;
	return strncmp(id, h->conf->server, l) == 0 && id[l] == '-' ?
	    id + l + 1 : "";
}

/*
 * Targets of an update into j->comp: the FirmwareInventory members
 * named (each updateable), else the component the image's file name
 * names when it is one, else none (the image header will say).
 * 0, or -1 with the error in h->resp.
 */
static int
fw_targets(struct hctx *h, const cJSON *b, const char *act,
    struct rf_fw_job *j)
{
	const char	*pre = V1 "/UpdateService/FirmwareInventory/";
	const cJSON	*tg, *it, *fw;
	size_t		 l;
	int		 i, many = h->conf->nids > 1;

	j->ncomp = 0;
	tg = jget(b, "Targets");
	/*
	 * A service of several Systems (-M, the sushy-tools shape): the
	 * Targets name the System to update, or its FirmwareInventory
	 * members ("<server>-<component>"), and web.c routed the request
	 * to that server; without one, no server is chosen for the caller.
	 */
	if (many && !h->req->targeted) {
		if (tg == NULL)
			rf_fail(h->resp, 400, "ActionParameterMissing", act,
			    "Targets");
		else
			rf_fail(h->resp, 400, "ActionParameterValueNotInList",
			    cJSON_IsArray(tg) && cJSON_GetArraySize(tg) > 0 &&
			    cJSON_IsString(cJSON_GetArrayItem(tg, 0)) ?
			    cJSON_GetArrayItem(tg, 0)->valuestring : "Targets",
			    "Targets");
		return -1;
	}
	if (tg != NULL) {
		if (!cJSON_IsArray(tg) || cJSON_GetArraySize(tg) == 0 ||
		    cJSON_GetArraySize(tg) > RF_FW_COMP_MAX) {
			rf_fail(h->resp, 400, "ActionParameterValueTypeError",
			    "Targets", act);
			return -1;
		}
		cJSON_ArrayForEach(it, tg) {
			const char *u = cJSON_IsString(it) ? it->valuestring :
			    jstr(it, "@odata.id", "");
			const char *id;

			/* the System (Chassis, Manager) web.c routed on */
			if (h->req->targeted && rf_server_of(u, &l) != NULL)
				continue;
			if (strncmp(u, pre, strlen(pre)) != 0 ||
			    *(id = fw_comp_of(h, u + strlen(pre))) == '\0' ||
			    by_id(jget(h->hw, "firmware"), id) == NULL ||
			    !id_ok(id)) {
				rf_fail(h->resp, 400,
				    "ActionParameterValueNotInList", u,
				    "Targets");
				return -1;
			}
			(void)strlcpy(j->comp[j->ncomp++], id,
			    sizeof(j->comp[0]));
		}
	}
	if (j->ncomp == 0 && j->name_comp[0] != '\0' &&
	    by_id(jget(h->hw, "firmware"), j->name_comp) != NULL)
		(void)strlcpy(j->comp[j->ncomp++], j->name_comp,
		    sizeof(j->comp[0]));
	for (i = 0; i < j->ncomp; i++) {
		fw = by_id(jget(h->hw, "firmware"), j->comp[i]);
		if (!jtrue(fw, "updateable", 0)) {
			rf_fail(h->resp, 400, "ActionParameterValueNotInList",
			    j->comp[i], "Targets");
			return -1;
		}
	}
	return 0;
}

/*
 * Start j as a Task: 202 Accepted, Location the task monitor, the Task
 * as the body (DSP0266 "Asynchronous operations").  On failure j->data
 * is freed.
 */
static void
fw_begin(struct hctx *h, struct rf_fw_job *j, const char *name)
{
	cJSON	*o;

	j->conf = h->conf;
	j->ops = h->ops;
	if (rf_task_new(name, h->req->wall, j->task, sizeof(j->task)) ==
	    -1) {
		rf_fail(h->resp, 503, "ServiceTemporarilyUnavailable", "5",
		    NULL);
		goto fail;
	}
	if (rf_fw_start(j) == -1) {
		rf_task_done(j->task, 0, "cannot start the update",
		    h->req->wall);
		rf_fail(h->resp, 500, "InternalError", NULL, NULL);
		goto fail;
	}
	o = rf_task_json(j->task, NULL);
	cJSON_Delete(h->resp->body);
	h->resp->body = o;
	h->resp->status = 202;
	(void)snprintf(h->resp->location, sizeof(h->resp->location),
	    V1 "/TaskService/TaskMonitors/%s", j->task);
	return;
fail:
	if (j->data != NULL) {
		util_zeroize(j->data, j->len);
		free(j->data);
		j->data = NULL;
	}
}

static void
h_simple_update(struct hctx *h)
{
	static const char *const params[] = { "ImageURI", "TransferProtocol",
	    "Targets", "@Redfish.OperationApplyTime", NULL };
	const char	*act = "UpdateService.SimpleUpdate", *img, *t;
	const char *const *pp;
	struct rf_fw_job j;
	cJSON		*b;

	memset(&j, 0, sizeof(j));
	if ((b = action_body(h, act, params)) == NULL)
		return;
	if ((img = action_param(h, b, act, "ImageURI")) == NULL)
		goto out;
	if ((t = jstr(b, "TransferProtocol", NULL)) != NULL) {
		for (pp = xfer_protos; *pp != NULL; pp++)
			if (strcmp(*pp, t) == 0)
				break;
		if (*pp == NULL) {
			rf_fail(h->resp, 400, "ActionParameterValueNotInList",
			    t, "TransferProtocol");
			goto out;
		}
	}
	/* the URL policy of event destinations and virtual media (-A) */
	if (strlen(img) >= sizeof(j.url) ||
	    !rf_dest_allowed(img, h->conf->allow_any_dest)) {
		rf_fail(h->resp, 400, "CouldNotEstablishConnection", img, NULL);
		goto out;
	}
	(void)strlcpy(j.url, img, sizeof(j.url));
	if (rf_hw_image_parse(img, j.name_comp, sizeof(j.name_comp),
	    j.name_ver, sizeof(j.name_ver)) == -1)
		j.name_comp[0] = j.name_ver[0] = '\0';	/* the header may say */
	if (fw_targets(h, b, act, &j) == -1)
		goto out;
	fw_begin(h, &j, "SimpleUpdate");
out:
	cJSON_Delete(b);
}

/*
 * MultipartHttpPushUri (DSP0268 UpdateService): multipart/form-data
 * with an UpdateParameters part (JSON: Targets,
 * @Redfish.OperationApplyTime) and an UpdateFile part, the image.  The
 * whole request is bounded by RF_PUSH_MAX (413 beyond; web.c).
 */
static void
h_push(struct hctx *h)
{
	static const char *const params[] = { "Targets",
	    "@Redfish.OperationApplyTime", "Oem", NULL };
	const char	*act = "UpdateService.MultipartPush";
	struct rf_part	 parts[4];
	const struct rf_part *upd = NULL, *file = NULL;
	struct rf_req	 r2;
	const struct rf_req *r1 = h->req;
	struct rf_fw_job j;
	cJSON		*b = NULL;
	int		 n, i;

	memset(&j, 0, sizeof(j));
	if ((n = rf_multipart(h->req->body, h->req->bodylen, parts,
	    (int)nitems(parts))) == -1) {
		cJSON_Delete(h->resp->body);
		h->resp->status = 400;
		h->resp->body = rf_error("UnsupportedMediaType", "The body is "
		    "not multipart/form-data with UpdateParameters and "
		    "UpdateFile parts.", NULL, NULL);
		return;
	}
	for (i = 0; i < n; i++)
		if (strcmp(parts[i].name, "UpdateParameters") == 0)
			upd = &parts[i];
		else if (strcmp(parts[i].name, "UpdateFile") == 0)
			file = &parts[i];
	if (file == NULL || file->len == 0) {
		rf_fail(h->resp, 400, "ActionParameterMissing", act,
		    "UpdateFile");
		return;
	}
	r2 = *h->req;
	r2.body = upd != NULL ? (const char *)upd->data : "";
	r2.bodylen = upd != NULL ? upd->len : 0;
	h->req = &r2;
	b = action_body(h, act, params);
	h->req = r1;
	if (b == NULL)
		return;
	if (file->filename[0] != '\0' && rf_hw_image_parse(file->filename,
	    j.name_comp, sizeof(j.name_comp), j.name_ver,
	    sizeof(j.name_ver)) == -1)
		j.name_comp[0] = j.name_ver[0] = '\0';
	if (fw_targets(h, b, act, &j) == -1)
		goto out;
	if ((j.data = malloc(file->len)) == NULL) {
		rf_fail(h->resp, 500, "InternalError", NULL, NULL);
		goto out;
	}
	memcpy(j.data, file->data, file->len);
	j.len = file->len;
	(void)snprintf(j.url, sizeof(j.url), "%s", file->filename[0] !=
	    '\0' ? file->filename : "UpdateFile");
	fw_begin(h, &j, "MultipartHttpPush");
out:
	cJSON_Delete(b);
}

/* TaskService (DSP0268 TaskService, Task; DSP0266 task monitors) */

static void
h_tasksvc(struct hctx *h)
{
	cJSON	*o;
	char	 t[40];
	struct tm tm;

	if ((o = res_new(V1 "/TaskService", "#TaskService.v1_2_0.TaskService",
	    "TaskService", "Task Service")) == NULL)
		return;
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	cJSON_AddStringToObject(o, "CompletedTaskOverWritePolicy", "Oldest");
	cJSON_AddBoolToObject(o, "LifeCycleEventOnTaskStateChange", 0);
	if (gmtime_r(&h->req->wall, &tm) != NULL && strftime(t, sizeof(t),
	    "%Y-%m-%dT%H:%M:%S+00:00", &tm) != 0)
		cJSON_AddStringToObject(o, "DateTime", t);
	status_add(o, "Enabled", "OK");
	link_add(o, "Tasks", V1 "/TaskService/Tasks");
	set_body(h, o);
}

static void
h_tasks(struct hctx *h)
{
	rf_task_watch_each(vol_task_check, h, h->req->wall);
	set_body(h, rf_task_list());
}

static void
h_task(struct hctx *h)
{
	cJSON	*o;

	rf_task_watch_each(vol_task_check, h, h->req->wall);
	if ((o = rf_task_json(h->arg[0], NULL)) == NULL) {
		not_found(h, "Task", h->arg[0]);
		return;
	}
	set_body(h, o);
}

/* 202 and the Task while it runs, then 200 and the Task (sushy reads it) */
static void
h_monitor(struct hctx *h)
{
	enum rf_task_state	 st;
	cJSON			*o;

	rf_task_watch_each(vol_task_check, h, h->req->wall);
	if ((o = rf_task_json(h->arg[0], &st)) == NULL) {
		not_found(h, "Task", h->arg[0]);
		return;
	}
	cJSON_Delete(h->resp->body);
	h->resp->body = o;
	if (st == RF_TASK_RUNNING) {
		h->resp->status = 202;
		(void)snprintf(h->resp->location, sizeof(h->resp->location),
		    V1 "/TaskService/TaskMonitors/%s", h->arg[0]);
	}
}

static int
is_fw(struct hctx *h)
{
	return strstr(h->req->path, "/FirmwareInventory") != NULL;
}

/*
 * -M, the sushy-tools shape: every server's firmware, member ids
 * "<server>-<component>" (web.c routes a member to its server).  Each
 * server's model comes from powerd's inventory, which web.c keeps.
 */
static void
inv_fill_all(struct hctx *h, cJSON *o)
{
	cJSON		*mem = cJSON_GetObjectItemCaseSensitive(o, "Members");
	cJSON		*q, *rep;
	const cJSON	*m;
	int		 i;

	for (i = 0; i < h->conf->nids; i++) {
		if ((q = cJSON_CreateObject()) == NULL)
			break;
		cJSON_AddStringToObject(q, "op", "inventory");
		cJSON_AddStringToObject(q, "server", h->conf->ids[i]);
		rep = h->ops->pd(h->ops->arg, q);
		cJSON_Delete(q);
		cJSON_ArrayForEach(m, jget(jget(jget(rep, "inventory"), "hw"),
		    "firmware"))
			if (id_ok(jstr(m, "id", "")))
				link_add(mem, NULL, "%s/%s-%s", h->buf,
				    h->conf->ids[i], jstr(m, "id", ""));
		cJSON_Delete(rep);
	}
	cJSON_AddNumberToObject(o, "Members@odata.count",
	    cJSON_GetArraySize(mem));
}

static void
h_inventories(struct hctx *h)
{
	cJSON	*o;
	int	 fw = is_fw(h);

	(void)snprintf(h->buf, sizeof(h->buf), V1 "/UpdateService/%s",
	    fw ? "FirmwareInventory" : "SoftwareInventory");
	if ((o = coll_new(h->buf, "SoftwareInventoryCollection", fw ?
	    "Firmware Inventory Collection" : "Software Inventory Collection"))
	    == NULL)
		return;
	if (h->conf->nids > 1)
		inv_fill_all(h, o);
	else
		coll_fill(o, jget(h->hw, "firmware"), h->buf);
	set_body(h, o);
}

static void
h_inventory(struct hctx *h)
{
	const cJSON	*m;
	cJSON		*o, *rel;

	if ((m = by_id(jget(h->hw, "firmware"), fw_comp_of(h, h->arg[0]))) ==
	    NULL) {
		not_found(h, "SoftwareInventory", h->arg[0]);
		return;
	}
	(void)snprintf(h->buf, sizeof(h->buf), V1 "/UpdateService/%s/%s",
	    is_fw(h) ? "FirmwareInventory" : "SoftwareInventory", h->arg[0]);
	if ((o = res_new(h->buf, "#SoftwareInventory.v1_9_0."
	    "SoftwareInventory", h->arg[0], jstr(m, "name", h->arg[0]))) ==
	    NULL)
		return;
	cJSON_AddStringToObject(o, "Version", jstr(m, "version", ""));
	cJSON_AddBoolToObject(o, "Updateable", jtrue(m, "updateable", 0));
	status_add(o, "Enabled", "OK");
	if (h->conf->nids > 1 &&
	    (rel = cJSON_AddArrayToObject(o, "RelatedItem")) != NULL)
		link_add(rel, NULL, "%s", h->sys);
	set_body(h, o);
}

/* ------------------------------------------------------------------ */
/* the table */

#define A_COMP	RF_PRIV_CONF_COMP
#define SYS	V1 "/Systems/*"
#define CHA	V1 "/Chassis/*"

static const struct hroute hroutes[] = {
	{ SYS "/Processors", M_GET, 0, 1, h_procs },
	{ SYS "/Processors/*", M_GET, 0, 1, h_proc },
	{ SYS "/Memory", M_GET, 0, 1, h_mems },
	{ SYS "/Memory/*", M_GET, 0, 1, h_mem },
	{ SYS "/EthernetInterfaces", M_GET, 0, 1, h_eths },
	{ SYS "/EthernetInterfaces/*", M_GET, 0, 1, h_eth },
	{ SYS "/Storage", M_GET, 0, 1, h_storages },
	{ SYS "/Storage/*", M_GET, 0, 1, h_storage },
	{ SYS "/Storage/*/Controllers", M_GET, 0, 1, h_ctrls },
	{ SYS "/Storage/*/Controllers/*", M_GET, 0, 1, h_ctrl },
	{ SYS "/Storage/*/Drives/*", M_GET, 0, 1, h_drive },
	{ SYS "/Storage/*/Volumes", M_GET | M_POST, A_COMP, 1, h_volumes },
	{ SYS "/Storage/*/Volumes/*", M_GET | M_DEL, A_COMP, 1, h_volume },
	{ SYS "/SimpleStorage", M_GET, 0, 1, h_simples },
	{ SYS "/SimpleStorage/*", M_GET, 0, 1, h_simple },
	{ SYS "/Bios", M_GET, 0, 1, h_bios },
	{ SYS "/Bios/Settings", M_GET | M_PATCH, A_COMP, 1, h_bios_settings },
	{ SYS "/Bios/Actions/Bios.ResetBios", M_POST, A_COMP, 1,
	  h_bios_reset },
	{ SYS "/Bios/Actions/Bios.ChangePassword", M_POST, A_COMP, 1,
	  h_bios_password },
	{ SYS "/SecureBoot", M_GET | M_PATCH, A_COMP, 1, h_secboot },
	{ SYS "/SecureBoot/Actions/SecureBoot.ResetKeys", M_POST, A_COMP, 1,
	  h_secboot_reset },
	{ SYS "/SecureBoot/SecureBootDatabases", M_GET, 0, 1, h_sbdbs },
	{ SYS "/SecureBoot/SecureBootDatabases/*", M_GET, 0, 1, h_sbdb },
	{ SYS "/BootOptions", M_GET, 0, 1, h_bootopts },
	{ SYS "/BootOptions/*", M_GET, 0, 1, h_bootopt },
	{ SYS "/Actions/ComputerSystem.SetDefaultBootOrder", M_POST, A_COMP,
	  1, h_default_order },
	{ CHA "/NetworkAdapters", M_GET, 0, 2, h_adapters },
	{ CHA "/NetworkAdapters/*", M_GET, 0, 2, h_adapter },
	{ CHA "/NetworkAdapters/*/NetworkDeviceFunctions", M_GET, 0, 2,
	  h_ndfs },
	{ CHA "/NetworkAdapters/*/NetworkDeviceFunctions/*", M_GET, 0, 2,
	  h_ndf },
	{ CHA "/PowerSubsystem/PowerSupplies", M_GET, 0, 2, h_psus },
	{ CHA "/PowerSubsystem/PowerSupplies/*", M_GET, 0, 2, h_psu },
	{ CHA "/ThermalSubsystem/Fans", M_GET, 0, 2, h_fans },
	{ CHA "/ThermalSubsystem/Fans/*", M_GET, 0, 2, h_fan },
	{ V1 "/Registries", M_GET, 0, 0, h_registries },
	{ V1 "/Registries/*", M_GET, 0, 0, h_registry_file },
	{ V1 "/Registries/*/*", M_GET, 0, 0, h_registry },
	{ V1 "/UpdateService", M_GET, 0, 0, h_updsvc },
	{ V1 "/UpdateService/Actions/UpdateService.SimpleUpdate", M_POST,
	  A_COMP, 0, h_simple_update },
	{ RF_HW_PUSH_URI, M_POST, A_COMP, 0, h_push },
	{ V1 "/UpdateService/FirmwareInventory", M_GET, 0, 0, h_inventories },
	{ V1 "/UpdateService/FirmwareInventory/*", M_GET, 0, 0, h_inventory },
	{ V1 "/UpdateService/SoftwareInventory", M_GET, 0, 0, h_inventories },
	{ V1 "/UpdateService/SoftwareInventory/*", M_GET, 0, 0, h_inventory },
	{ V1 "/TaskService", M_GET, 0, 0, h_tasksvc },
	{ V1 "/TaskService/Tasks", M_GET, 0, 0, h_tasks },
	{ V1 "/TaskService/Tasks/*", M_GET, 0, 0, h_task },
	{ V1 "/TaskService/TaskMonitors/*", M_GET, 0, 0, h_monitor },
};

/*
 * path (trailing '/' ignored) against the table: the route and its '*'
 * segments in h->arg, or NULL.
 */
static const struct hroute *
hmatch(const char *path, char *buf, size_t buflen, const char **arg,
    int *narg)
{
	const char	*seg[RF_SEG_MAX];
	char		*p, *s;
	size_t		 len, i;
	int		 n = 0, k;

	len = strlen(path);
	if (len == 0 || len >= buflen || path[0] != '/')
		return NULL;
	memcpy(buf, path, len + 1);
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	for (p = buf + 1; (s = strsep(&p, "/")) != NULL;) {
		if (*s == '\0' || n == RF_SEG_MAX)
			return NULL;
		seg[n++] = s;
	}
	for (i = 0; i < nitems(hroutes); i++) {
		const char *q = hroutes[i].pat + 1;

		*narg = 0;
		for (k = 0; k < n && *q != '\0'; k++) {
			size_t l = strcspn(q, "/");

			if (l == 1 && q[0] == '*') {
				if (*narg < 3)
					arg[(*narg)++] = seg[k];
			} else if (strlen(seg[k]) != l ||
			    strncmp(seg[k], q, l) != 0)
				break;
			q += l;
			if (*q == '/')
				q++;
		}
		if (k == n && *q == '\0')
			return &hroutes[i];
	}
	return NULL;
}

int
rf_hw_match(const char *path, unsigned *methods, unsigned *wpriv)
{
	const struct hroute	*r;
	const char		*arg[3];
	char			 buf[RF_PATH_MAX];
	int			 narg;

	if ((r = hmatch(path, buf, sizeof(buf), arg, &narg)) == NULL)
		return -1;
	*methods = r->methods;
	*wpriv = r->wpriv;
	return 0;
}

void
rf_hw_route(const struct rf_conf *conf, const struct rf_ops *ops,
    const struct rf_req *req, struct rf_resp *resp)
{
	struct hctx		 h;
	const struct hroute	*r;
	char			 args[3][RF_ID_MAX];
	int			 i;

	memset(&h, 0, sizeof(h));
	h.conf = conf;
	h.ops = ops;
	h.req = req;
	h.resp = resp;
	resp->status = 200;
	if ((r = hmatch(req->path, h.buf, sizeof(h.buf), h.arg, &h.narg)) ==
	    NULL) {
		rf_fail(resp, 404, "ResourceNotFound", "Resource", req->path);
		return;
	}
	if (r->where != 0 && strcmp(h.arg[0], conf->server) != 0) {
		rf_fail(resp, 404, "ResourceNotFound", r->where == 1 ?
		    "ComputerSystem" : "Chassis", h.arg[0]);
		return;
	}
	/*
	 * Ids we route on must be plain (they come back in URIs); they live
	 * in h.buf, which handlers reuse, so they are copied.
	 */
	for (i = 0; i < h.narg; i++) {
		if (!id_ok(h.arg[i])) {
			rf_fail(resp, 404, "ResourceNotFound", "Resource",
			    req->path);
			return;
		}
		(void)strlcpy(args[i], h.arg[i], sizeof(args[i]));
		h.arg[i] = args[i];
	}
	(void)snprintf(h.sys, sizeof(h.sys), V1 "/Systems/%s", conf->server);
	h.rep = hw_call(conf, ops, hw_req("get"), resp, req->path);
	/* the service-wide resources stay, empty, without a model */
	if (h.rep == NULL && r->where == 0 && resp->status == 404) {
		rf_resp_free(resp);
		resp->status = 200;
		h.rep = cJSON_Parse("{\"hw\":{}}");
	}
	if (h.rep == NULL)
		return;
	h.hw = jget(h.rep, "hw");
	r->fn(&h);
	cJSON_Delete(h.rep);
}
