/* pdclient.h: the blocking powerd client (redfishd handlers, powerctl, tests). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_PDCLIENT_H
#define BMC_PDCLIENT_H

#include <cjson/cJSON.h>

/*
 * A blocking connection with poll(2) timeouts.  Not thread-safe: a thread
 * uses its own struct pdc (redfishd keeps a small pool under a mutex).
 */
struct pdc;

/* Connect; NULL + errno (ENOENT/ECONNREFUSED when powerd is not there). */
struct pdc	*pdc_open(const char *path, int timeout_ms);
void		 pdc_close(struct pdc *);
int		 pdc_fd(const struct pdc *);
/*
 * 1 if an idle connection (in lockstep, nothing owed to us) is no longer
 * usable: the peer closed it (powerd restarted) or sent what we did not
 * ask for.  Does not block.
 */
int		 pdc_stale(const struct pdc *);

/*
 * Send req (the caller keeps ownership; "v" and "id" are set on it), wait
 * up to timeout_ms for the reply with the same id.  Returns 0 with *reply
 * (the caller cJSON_Deletes it; it may say "ok":false), or -1 with errno:
 * ETIMEDOUT, ECONNRESET (peer closed), EPROTO (garbage, unexpected fd),
 * EMSGSIZE.  If fdp is not NULL it receives the fd that came with the
 * reply ("fd":1), else -1; a reply carrying an fd the caller did not ask
 * for has that fd closed.  After -1 the connection is unusable: close it.
 */
int		 pdc_call(struct pdc *, cJSON *req, cJSON **reply, int *fdp,
		    int timeout_ms);
/*
 * After a "subscribe" call: wait up to timeout_ms (-1 forever) for the
 * next event line.  0 + *event, or -1 + errno as above.
 */
int		 pdc_next_event(struct pdc *, cJSON **event, int timeout_ms);

/*
 * One-shot helper: open, call, close.  Returns the reply (or NULL + errno).
 */
cJSON		*pdc_oneshot(const char *path, cJSON *req, int *fdp,
		    int timeout_ms);

#endif
