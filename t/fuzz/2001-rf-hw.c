/* 2001-rf-hw.c: libFuzzer: redfishd's hardware-model writes, routed with a fixed model. */
/* SPDX-License-Identifier: ISC */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../redfishd/rf.h"
#include "../../redfishd/rf_hw.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char hw_text[] = "{\"ok\":true,\"volume\":\"Volume1\",\"hw\":{"
    "\"profile\":\"x86-1u\",\"processors\":[{\"id\":\"CPU0\",\"cores\":4}],"
    "\"memory\":[{\"id\":\"DIMM0\",\"size_mib\":1024}],\"nics\":[{\"id\":"
    "\"NIC0\",\"ports\":[{\"id\":\"NIC0-P0\",\"mac\":\"52:54:00:00:01:01\"}]}],"
    "\"storage\":[{\"id\":\"RAID0\",\"raid_levels\":[\"RAID0\",\"RAID1\"],"
    "\"drives\":[{\"id\":\"Disk0\",\"capacity_bytes\":1},{\"id\":\"Disk1\"}],"
    "\"volumes\":[{\"id\":\"Volume0\",\"raid\":\"RAID1\",\"drives\":[\"Disk0\","
    "\"Disk1\"]}],\"pending_volumes\":[]}],\"psus\":[{\"id\":\"PSU0\"}],"
    "\"fans\":[{\"id\":\"Fan0\"}],\"bios\":{\"attributes\":{\"A\":1},"
    "\"pending\":{},\"registry\":[{\"name\":\"E\",\"type\":\"Enumeration\","
    "\"values\":[\"x\",\"y\"]},{\"name\":\"B\",\"type\":\"Boolean\"},{\"name\":"
    "\"I\",\"type\":\"Integer\",\"min\":0,\"max\":9},{\"name\":\"S\",\"type\":"
    "\"String\",\"max_len\":8},{\"name\":\"R\",\"type\":\"String\","
    "\"read_only\":true}]},\"boot_options\":[{\"id\":\"Boot0001\"},{\"id\":"
    "\"Boot0002\"}],\"boot_order\":[\"Boot0001\",\"Boot0002\"],"
    "\"secure_boot\":{\"databases\":{\"PK\":1}},\"firmware\":[{\"id\":\"BIOS\","
    "\"updateable\":true}]}}";

static cJSON *
fake_pd(void *arg, cJSON *req)
{
	(void)arg;
	(void)req;
	return cJSON_Parse(hw_text);
}

static const char *const paths[] = {
	"/redfish/v1/Systems/srv1",
	"/redfish/v1/Systems/srv1/Bios/Settings",
	"/redfish/v1/Systems/srv1/Storage/RAID0/Volumes",
	"/redfish/v1/Systems/srv1/Storage/RAID0/Volumes/Volume0",
	"/redfish/v1/Systems/srv1/SecureBoot",
	"/redfish/v1/Systems/srv1/SecureBoot/Actions/SecureBoot.ResetKeys",
	"/redfish/v1/Systems/srv1/Bios/Actions/Bios.ChangePassword",
	"/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate",
};

/*
 * The first byte picks the path and the method, the rest is the body.
 * Invariants: no crash, no leak, every answer has a status and, when it
 * is an error, a body.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rf_ops ops = { fake_pd, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
	static const struct rf_conf conf = { "srv1", 0, 8000, 0, 0, 0, NULL,
	    NULL, NULL, 0, NULL };
	static const enum rf_method ms[] = { RF_M_PATCH, RF_M_POST,
	    RF_M_DELETE, RF_M_GET };
	struct rf_req	 req;
	struct rf_resp	 resp;
	char		*body, c[RF_ID_MAX], v[RF_ID_MAX];

	if (size < 1)
		return 0;
	if ((body = malloc(size)) == NULL)
		return 0;
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	(void)rf_hw_image_parse(body, c, sizeof(c), v, sizeof(v));
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	req.method = ms[(data[0] >> 4) % nitems(ms)];
	req.path = paths[data[0] % nitems(paths)];
	req.body = body;
	req.bodylen = size - 1;
	req.json_ctype = 1;
	req.authed = 1;
	req.role = RF_ROLE_ADMIN;
	rf_route(&conf, &ops, &req, &resp);
	if (resp.status == 0 || (resp.status >= 400 && resp.body == NULL))
		abort();
	rf_resp_free(&resp);
	free(body);
	return 0;
}
