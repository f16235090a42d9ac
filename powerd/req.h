/* req.h: validate a powerd request (op, server, action) before it is acted on; pure. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_REQ_H
#define PD_REQ_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct pd_req {
	long		 id;
	int		 op;		/* enum pd_op (powerd.h) */
	/* index into the op's action list, -1 none */
	int		 action;
	const char	*server;	/* NULL for hello, list, subscribe */
	const char	*by;
};

/*
 * Check the shape of req: "op" a known string, "server" a string where the
 * op needs one, "action" one of the op's actions (default: the first,
 * where the op has a default).  0, or -1 with *tok an error token and msg
 * a message.  Whether the server exists is the caller's business.
 */
int		 pd_req_check(const cJSON *req, struct pd_req *,
		    const char **tok, char *msg, size_t msglen);
const char	*pd_req_op_str(int op);
const char	*pd_req_action_str(int op, int action);

#endif
