/* req.c: request validation: op, server and action checked as data; pure. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "powerd.h"
#include "req.h"

#define ACTS_MAX	16

static const struct {
	const char	*name;
	int		 need_server;
	int		 need_action;	/* 0: the first action is the default */
	const char	*acts[ACTS_MAX];
} ops[PD_OP_N] = {
	[PD_OP_HELLO] = { "hello", 0, 0, { NULL } },
	[PD_OP_LIST] = { "list", 0, 0, { NULL } },
	[PD_OP_STATUS] = { "status", 1, 0, { NULL } },
	[PD_OP_POWER] = { "power", 1, 1, { "on", "off", "soft", "reset",
	    "cycle", "nmi", "diag", NULL } },
	[PD_OP_BOOT] = { "boot", 1, 0, { "get", "set", NULL } },
	[PD_OP_IDENTIFY] = { "identify", 1, 0, { "get", "set", NULL } },
	[PD_OP_POLICY] = { "policy", 1, 0, { "get", "set", NULL } },
	[PD_OP_SEL] = { "sel", 1, 0, { "info", "list", "get", "add", "clear",
	    "time-get", "time-set", NULL } },
	[PD_OP_SENSORS] = { "sensors", 1, 0, { NULL } },
	[PD_OP_POWERLIMIT] = { "powerlimit", 1, 0, { "get", "set", "activate",
	    NULL } },
	[PD_OP_INVENTORY] = { "inventory", 1, 0, { NULL } },
	[PD_OP_ACCOUNTS] = { "accounts", 1, 0, { "list", "get", "verify",
	    "add", "set", "delete", "lockout", "login-failed", NULL } },
	[PD_OP_MEDIA] = { "media", 1, 0, { "get", "insert", "eject", NULL } },
	[PD_OP_CONSOLE] = { "console", 1, 0, { NULL } },
	[PD_OP_SUBSCRIBE] = { "subscribe", 0, 0, { NULL } },
	/* the order of hwop.c */
	[PD_OP_HW] = { "hw", 1, 0, { "get", "bios-set", "bios-clear-pending",
	    "bios-reset", "bios-password", "boot-order", "boot-order-default",
	    "secure-boot", "secure-boot-reset", "volume-create",
	    "volume-delete", "firmware-stage", "http-boot-uri", NULL } },
};

const char *
pd_req_op_str(int op)
{
	return op >= 0 && op < PD_OP_N ? ops[op].name : "?";
}

const char *
pd_req_action_str(int op, int action)
{
	if (op < 0 || op >= PD_OP_N || action < 0 || action >= ACTS_MAX)
		return "";
	return ops[op].acts[action] != NULL ? ops[op].acts[action] : "";
}

int
pd_req_check(const cJSON *req, struct pd_req *r, const char **tok,
    char *msg, size_t msglen)
{
	const cJSON	*v;
	int		 i;

	memset(r, 0, sizeof(*r));
	r->id = -1;
	r->action = -1;
	if (!cJSON_IsObject(req)) {
		*tok = "bad-request";
		snprintf(msg, msglen, "request is not a JSON object");
		return -1;
	}
	v = cJSON_GetObjectItemCaseSensitive(req, "id");
	if (v != NULL) {
		if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
		    v->valuedouble > 9007199254740991.0) {
			*tok = "bad-request";
			snprintf(msg, msglen, "\"id\" must be a non-negative "
			    "integer");
			return -1;
		}
		r->id = (long)v->valuedouble;
	}
	v = cJSON_GetObjectItemCaseSensitive(req, "op");
	if (!cJSON_IsString(v)) {
		*tok = "bad-request";
		snprintf(msg, msglen, "missing \"op\"");
		return -1;
	}
	for (i = 0; i < PD_OP_N; i++)
		if (strcmp(v->valuestring, ops[i].name) == 0)
			break;
	if (i == PD_OP_N) {
		*tok = "unknown-op";
		snprintf(msg, msglen, "unknown op \"%.64s\"", v->valuestring);
		return -1;
	}
	r->op = i;
	v = cJSON_GetObjectItemCaseSensitive(req, "by");
	r->by = cJSON_IsString(v) ? v->valuestring : NULL;
	v = cJSON_GetObjectItemCaseSensitive(req, "server");
	if (v != NULL && !cJSON_IsString(v)) {
		*tok = "bad-request";
		snprintf(msg, msglen, "\"server\" must be a string");
		return -1;
	}
	r->server = v != NULL ? v->valuestring : NULL;
	if (ops[i].need_server && r->server == NULL) {
		*tok = "bad-request";
		snprintf(msg, msglen, "%s needs \"server\"", ops[i].name);
		return -1;
	}
	if (ops[i].acts[0] == NULL)
		return 0;
	v = cJSON_GetObjectItemCaseSensitive(req, "action");
	if (v == NULL && !ops[i].need_action) {
		r->action = 0;
		return 0;
	}
	if (!cJSON_IsString(v)) {
		*tok = "bad-request";
		snprintf(msg, msglen, "%s needs \"action\"", ops[i].name);
		return -1;
	}
	for (r->action = 0; r->action < ACTS_MAX &&
	    ops[i].acts[r->action] != NULL; r->action++)
		if (strcmp(v->valuestring, ops[i].acts[r->action]) == 0)
			return 0;
	r->action = -1;
	*tok = "unknown-action";
	snprintf(msg, msglen, "%s: unknown action \"%.64s\"", ops[i].name,
	    v->valuestring);
	return -1;
}
