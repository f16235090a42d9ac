/* pdmsg.h: powerd protocol messages: newline-delimited JSON framing and builders. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_PDMSG_H
#define BMC_PDMSG_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* See doc/protocol.md (and powerd(8), PROTOCOL) for the ops. */
#define PD_PROTO_VERSION	1
#define PD_MSG_MAX		4096		/* a request line, '\n' included */
#define PD_REPLY_MAX		(1024 * 1024)	/* a reply or event line */
#define PD_SOCK_DEFAULT		"/run/bmcsim/powerd.sock"

/*
 * Line framer: bytes in, complete lines out.  A line longer than max
 * (without its '\n') makes pd_framer_feed return BMC_ETOOLONG (the chunk
 * is then refused whole); the caller answers too-long and closes.  So a
 * server framing requests uses max = PD_MSG_MAX - 1.  Pure; the buffer
 * holds what was fed and not yet returned (at most one chunk more than
 * max).  BMC_ENOMEM if it cannot grow.
 */
struct pd_framer {
	char	*buf;
	size_t	 len;		/* bytes held */
	size_t	 cap;
	size_t	 max;
	size_t	 consumed;	/* bytes of buf already returned as lines */
};
void	pd_framer_init(struct pd_framer *, size_t max);
void	pd_framer_free(struct pd_framer *);
int	pd_framer_feed(struct pd_framer *, const void *, size_t);
/*
 * 1: *line (NUL-terminated, '\n' removed, valid until the next feed/next
 * call) and *len are set; 0: no complete line yet.
 */
int	pd_framer_next(struct pd_framer *, char **line, size_t *len);

/* Parse one line into a JSON object (cJSON_ParseWithLength); NULL if not an object. */
cJSON	*pdmsg_parse(const char *line, size_t len);

/* {"v":1,"id":id,"op":op[,"server":server]} */
cJSON	*pdmsg_request(long id, const char *op, const char *server);
/* {"v":1,"id":id,"ok":ok} */
cJSON	*pdmsg_reply(long id, int ok);
/* {"v":1,"id":id,"ok":false,"error":token,"message":...} */
cJSON	*pdmsg_error(long id, const char *token, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * Serialise unformatted plus '\n' into a malloc'd string (free(3) it);
 * *len excludes the NUL.  NULL on failure or if longer than max ('\n'
 * included, as PD_MSG_MAX counts it).
 */
char	*pdmsg_print(const cJSON *, size_t max, size_t *len);

/* Accessors that tolerate absence: default returned when missing or wrong type. */
const char	*pdmsg_str(const cJSON *, const char *key, const char *def);
double		 pdmsg_num(const cJSON *, const char *key, double def);
int		 pdmsg_bool(const cJSON *, const char *key, int def);
long		 pdmsg_id(const cJSON *);		/* "id", -1 when absent */
int		 pdmsg_ok(const cJSON *);		/* "ok" is true */

#endif
