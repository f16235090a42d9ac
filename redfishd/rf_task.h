/* rf_task.h: redfishd's tasks (TaskService) and the firmware update job behind them. */
/* SPDX-License-Identifier: ISC */
#ifndef RF_TASK_H
#define RF_TASK_H

#include <stddef.h>
#include <time.h>

#include "rf.h"

#define RF_TASK_MAX	32		/* tasks kept; the oldest done goes */
#define RF_TASK_MSG_MAX	4		/* Messages of one task */
#define RF_IMAGE_MAX	(64L * 1024 * 1024)	/* a fetched image */
#define RF_FETCH_MS	(5 * 60 * 1000)	/* one image fetch, in all */
#define RF_FW_COMP_MAX	8		/* Targets of one update */
#define RF_FW_MAGIC	"BMCSIM-FW"	/* image header, see redfishd(8) */
#define RF_TASK_REG	"Task.1.0.3"

enum rf_task_state {
	RF_TASK_RUNNING = 0,
	RF_TASK_COMPLETED,
	RF_TASK_EXCEPTION
};

/*
 * The task table (in memory, lost when redfishd restarts).  Thread safe.
 * rf_task_new: a Running task named name; its id into id, or -1 when
 * RF_TASK_MAX tasks are all still running.
 */
int	 rf_task_new(const char *name, time_t wall, char *id, size_t idlen);
/* progress; pct < 0 keeps it */
void	 rf_task_progress(const char *id, int pct);
/* the end: Completed/OK with TaskCompletedOK, or Exception with why */
void	 rf_task_done(const char *id, int ok, const char *why, time_t wall);
/*
 * A task that ends when the model says so (a volume change applied at the
 * next reset): watch is the owner's condition, at most
 * RF_TASK_WATCH_MAX - 1 bytes; -1 if the task is not running or watch
 * too long.  rf_task_watch_each asks cb about every running watched task
 * (under the table's lock: cb must not call rf_task_*): 1 ends it
 * Completed, -1 Exception, 0 leaves it running.
 */
#define RF_TASK_WATCH_MAX	192
int	 rf_task_watch(const char *id, const char *watch);
void	 rf_task_watch_each(int (*cb)(void *arg, const char *watch),
	    void *arg, time_t wall);
/* the Task resource (caller frees) and its state, or NULL */
cJSON	*rf_task_json(const char *id, enum rf_task_state *);
/* the Tasks collection */
cJSON	*rf_task_list(void);

/*
 * A firmware update in the background: the image is url (fetched with
 * rf_fw_fetch) or data (pushed; the job owns and frees it).  comp[] are
 * the Targets; with none, the image header's component, else name_comp.
 * The version is the header's, else name_ver.  Each component is staged
 * with powerd's "hw" firmware-stage, then the task ends.
 */
struct rf_fw_job {
	const struct rf_conf	*conf;		/* live as long as redfishd */
	const struct rf_ops	*ops;
	char			 task[RF_ID_MAX];
	char			 url[RF_URL_MAX];
	unsigned char		*data;
	size_t			 len;
	char			 comp[RF_FW_COMP_MAX][RF_ID_MAX];
	int			 ncomp;
	char			 name_comp[RF_ID_MAX];
	char			 name_ver[RF_ID_MAX];
};
/* starts a thread on a copy of job (data moves to it); 0 or -1 */
int	 rf_fw_start(const struct rf_fw_job *);
/* rf_fw_drain: at exit, abort running jobs' transfers and wait for them */
void	 rf_fw_drain(int timeout_ms);
/*
 * The image header: a first line "BMCSIM-FW component=C version=V"
 * (in any order, more words ignored).  0 with what it names (either may
 * come back ""), or -1: no header.
 */
int	 rf_fw_header(const unsigned char *buf, size_t len, char *comp,
	    size_t complen, char *ver, size_t verlen);

/*
 * multipart/form-data (RFC 7578) as MultipartHttpPushUri takes it: the
 * boundary is the body's first line ("--" boundary CRLF).  Up to max
 * parts into parts (pointers into body); their count, or -1 when the
 * body is not multipart.
 */
struct rf_part {
	char			 name[32];
	char			 filename[128];
	const unsigned char	*data;
	size_t			 len;
};
int	 rf_multipart(const char *body, size_t len, struct rf_part *parts,
	    int max);

#endif
