/* 5006-req.c: request validation: op, server, action, id. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "util.h"
#include "../../powerd/powerd.h"
#include "../../powerd/req.h"

static void
check(const char *json, const char *want_tok, int want_op, int want_act)
{
	struct pd_req	 r;
	const char	*tok = NULL;
	char		 msg[200];
	cJSON		*o = cJSON_Parse(json);
	int		 rv;

	rv = pd_req_check(o, &r, &tok, msg, sizeof(msg));
	if (want_tok == NULL)
		ok(rv == 0 && r.op == want_op && r.action == want_act,
		    "accept %s (op %d action %d)", json, r.op, r.action);
	else
		ok(rv == -1 && tok != NULL && strcmp(tok, want_tok) == 0 &&
		    msg[0] != '\0', "refuse %s: %s (%s)", json, want_tok,
		    rv == -1 ? msg : "accepted");
	cJSON_Delete(o);
}

int
main(void)
{
	struct pd_req	 r;
	const char	*tok;
	char		 msg[200];
	cJSON		*o;

	check("{\"op\":\"hello\"}", NULL, PD_OP_HELLO, -1);
	check("{\"id\":3,\"op\":\"list\"}", NULL, PD_OP_LIST, -1);
	check("{\"op\":\"status\",\"server\":\"srv1\"}", NULL, PD_OP_STATUS, -1);
	check("{\"op\":\"power\",\"server\":\"s\",\"action\":\"cycle\"}", NULL,
	    PD_OP_POWER, 4);
	check("{\"op\":\"power\",\"server\":\"s\",\"action\":\"diag\"}", NULL,
	    PD_OP_POWER, 6);
	check("{\"op\":\"boot\",\"server\":\"s\"}", NULL, PD_OP_BOOT, 0);
	check("{\"op\":\"sel\",\"server\":\"s\",\"action\":\"time-set\"}", NULL,
	    PD_OP_SEL, 6);
	check("{\"op\":\"accounts\",\"server\":\"s\",\"action\":\"verify\"}",
	    NULL, PD_OP_ACCOUNTS, 2);
	check("{\"op\":\"subscribe\"}", NULL, PD_OP_SUBSCRIBE, -1);
	check("{\"op\":\"console\",\"server\":\"s\",\"extra\":[1,2]}", NULL,
	    PD_OP_CONSOLE, -1);
	check("{\"op\":\"power\",\"server\":\"s\"}", "bad-request", 0, 0);
	check("{\"op\":\"power\",\"server\":\"s\",\"action\":\"warp\"}",
	    "unknown-action", 0, 0);
	check("{\"op\":\"power\",\"server\":\"s\",\"action\":7}", "bad-request",
	    0, 0);
	check("{\"op\":\"reboot\"}", "unknown-op", 0, 0);
	check("{\"op\":7}", "bad-request", 0, 0);
	check("{}", "bad-request", 0, 0);
	check("[1]", "bad-request", 0, 0);
	check("{\"op\":\"status\"}", "bad-request", 0, 0);
	check("{\"op\":\"status\",\"server\":1}", "bad-request", 0, 0);
	check("{\"op\":\"hello\",\"id\":\"x\"}", "bad-request", 0, 0);
	check("{\"op\":\"hello\",\"id\":-1}", "bad-request", 0, 0);
	check("{\"op\":\"sel\",\"server\":\"s\",\"action\":\"drop\"}",
	    "unknown-action", 0, 0);

	o = cJSON_Parse("{\"id\":42,\"op\":\"power\",\"server\":\"srv9\","
	    "\"action\":\"on\",\"by\":\"ipmi\"}");
	is_int(pd_req_check(o, &r, &tok, msg, sizeof(msg)), 0, "full request");
	is_int(r.id, 42, "id");
	is_str(r.server, "srv9", "server (existence is checked later)");
	is_str(r.by, "ipmi", "by");
	is_str(pd_req_op_str(r.op), "power", "op name");
	is_str(pd_req_action_str(r.op, r.action), "on", "action name");
	cJSON_Delete(o);
	ok(pd_req_check(NULL, &r, &tok, msg, sizeof(msg)) == -1, "NULL");
	return done_testing();
}
