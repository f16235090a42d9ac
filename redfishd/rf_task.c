/* rf_task.c: the TaskService's tasks and the firmware update job that runs behind one. */
/* SPDX-License-Identifier: ISC */

/*
 * Tasks live in this table only (RF_TASK_MAX, the oldest finished one
 * is overwritten): a restarted redfishd has none.  A firmware update
 * runs on its own detached thread, never on a civetweb worker: it
 * fetches the image with a bounded libcurl transfer (size, time, no
 * redirects: the URL policy was checked before the task began), reads
 * the image header, asks powerd to stage each component and ends the
 * task.  References: DSP0266 "Asynchronous operations", DSP0268 Task,
 * TaskService, UpdateService; the Task message registry (DSP8011).
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "curlfn.h"
#include "log.h"
#include "rf_task.h"
#include "util.h"

#define V1	"/redfish/v1"
#ifndef MIN
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#endif

struct tmsg {
	char	 id[32];		/* TaskStarted, ... */
	char	 text[RF_URL_MAX + 320];
	char	 sev[12];
};

struct task {
	int			 used;
	unsigned		 seq;		/* the id, as a number */
	enum rf_task_state	 state;
	int			 pct;
	time_t			 start, end;
	char			 name[64];
	char			 watch[RF_TASK_WATCH_MAX];	/* "" none */
	struct tmsg		 msg[RF_TASK_MSG_MAX];
	int			 nmsg;
};

static pthread_mutex_t	 tmu = PTHREAD_MUTEX_INITIALIZER;
static struct task	 tasks[RF_TASK_MAX];
static unsigned		 tseq;

static void
iso(time_t t, char *out, size_t outlen)
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, outlen, "%Y-%m-%dT%H:%M:%S+00:00", &tm) == 0)
		(void)strlcpy(out, "1970-01-01T00:00:00+00:00", outlen);
}

/* under tmu */
static struct task *
tfind(const char *id)
{
	char		*e;
	unsigned long	 n;
	int		 i;

	n = strtoul(id, &e, 10);
	if (*id == '\0' || *e != '\0' || n == 0)
		return NULL;
	for (i = 0; i < RF_TASK_MAX; i++)
		if (tasks[i].used && tasks[i].seq == n)
			return &tasks[i];
	return NULL;
}

static void
tmsg_add(struct task *t, const char *id, const char *text, const char *sev)
{
	struct tmsg	*m;

	if (t->nmsg == RF_TASK_MSG_MAX) {
		memmove(&t->msg[1], &t->msg[2], sizeof(t->msg[0]) *
		    (RF_TASK_MSG_MAX - 2));	/* keep the first */
		t->nmsg--;
	}
	m = &t->msg[t->nmsg++];
	(void)strlcpy(m->id, id, sizeof(m->id));
	(void)strlcpy(m->text, text, sizeof(m->text));
	(void)strlcpy(m->sev, sev, sizeof(m->sev));
}

int
rf_task_new(const char *name, time_t wall, char *id, size_t idlen)
{
	struct task	*t = NULL;
	char		 text[128];
	int		 i;

	pthread_mutex_lock(&tmu);
	for (i = 0; i < RF_TASK_MAX; i++) {
		if (!tasks[i].used) {
			t = &tasks[i];
			break;
		}
		if (tasks[i].state != RF_TASK_RUNNING && (t == NULL ||
		    tasks[i].seq < t->seq))
			t = &tasks[i];
	}
	if (t == NULL) {
		pthread_mutex_unlock(&tmu);
		return -1;
	}
	memset(t, 0, sizeof(*t));
	t->used = 1;
	t->seq = ++tseq;
	t->state = RF_TASK_RUNNING;
	t->start = wall;
	(void)strlcpy(t->name, name, sizeof(t->name));
	(void)snprintf(id, idlen, "%u", t->seq);
	(void)snprintf(text, sizeof(text), "The task with Id '%u' has "
	    "started.", t->seq);
	tmsg_add(t, "TaskStarted", text, "OK");
	pthread_mutex_unlock(&tmu);
	return 0;
}

void
rf_task_progress(const char *id, int pct)
{
	struct task	*t;

	pthread_mutex_lock(&tmu);
	if ((t = tfind(id)) != NULL && t->state == RF_TASK_RUNNING &&
	    pct >= 0 && pct <= 100)
		t->pct = pct;
	pthread_mutex_unlock(&tmu);
}

void
rf_task_done(const char *id, int ok, const char *why, time_t wall)
{
	struct task	*t;
	char		 text[RF_URL_MAX + 320];

	pthread_mutex_lock(&tmu);
	if ((t = tfind(id)) != NULL && t->state == RF_TASK_RUNNING) {
		t->state = ok ? RF_TASK_COMPLETED : RF_TASK_EXCEPTION;
		t->end = wall;
		if (ok) {
			t->pct = 100;
			(void)snprintf(text, sizeof(text), "The task with Id "
			    "'%s' has completed.", id);
			tmsg_add(t, "TaskCompletedOK", text, "OK");
		} else {
			(void)snprintf(text, sizeof(text), "The task with Id "
			    "'%s' has been aborted: %s", id, why);
			tmsg_add(t, "TaskAborted", text, "Critical");
		}
	}
	pthread_mutex_unlock(&tmu);
}

static const char *const state_names[] = { "Running", "Completed",
    "Exception" };

int
rf_task_watch(const char *id, const char *watch)
{
	struct task	*t;
	int		 rc = -1;

	pthread_mutex_lock(&tmu);
	if ((t = tfind(id)) != NULL && t->state == RF_TASK_RUNNING &&
	    strlcpy(t->watch, watch, sizeof(t->watch)) < sizeof(t->watch))
		rc = 0;
	pthread_mutex_unlock(&tmu);
	return rc;
}

void
rf_task_watch_each(int (*cb)(void *, const char *), void *arg, time_t wall)
{
	char	 text[128];
	int	 i, r;

	pthread_mutex_lock(&tmu);
	for (i = 0; i < RF_TASK_MAX; i++) {
		struct task	*t = &tasks[i];

		if (!t->used || t->state != RF_TASK_RUNNING ||
		    t->watch[0] == '\0' || (r = cb(arg, t->watch)) == 0)
			continue;
		t->state = r > 0 ? RF_TASK_COMPLETED : RF_TASK_EXCEPTION;
		t->end = wall;
		if (r > 0) {
			t->pct = 100;
			(void)snprintf(text, sizeof(text), "The task with Id "
			    "'%u' has completed.", t->seq);
			tmsg_add(t, "TaskCompletedOK", text, "OK");
		} else {
			(void)snprintf(text, sizeof(text), "The task with Id "
			    "'%u' has been aborted.", t->seq);
			tmsg_add(t, "TaskAborted", text, "Critical");
		}
	}
	pthread_mutex_unlock(&tmu);
}

cJSON *
rf_task_json(const char *id, enum rf_task_state *st)
{
	struct task	*t;
	cJSON		*o = NULL, *arr, *m, *a;
	char		 p[96], ts[40];
	int		 i;

	pthread_mutex_lock(&tmu);
	if ((t = tfind(id)) == NULL || (o = cJSON_CreateObject()) == NULL)
		goto out;
	(void)snprintf(p, sizeof(p), V1 "/TaskService/Tasks/%u", t->seq);
	cJSON_AddStringToObject(o, "@odata.id", p);
	cJSON_AddStringToObject(o, "@odata.type", "#Task.v1_7_1.Task");
	cJSON_AddStringToObject(o, "@odata.context", V1 "/$metadata#Task.Task");
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", t->name);
	cJSON_AddStringToObject(o, "TaskState", state_names[t->state]);
	cJSON_AddStringToObject(o, "TaskStatus", t->state ==
	    RF_TASK_EXCEPTION ? "Critical" : "OK");
	cJSON_AddNumberToObject(o, "PercentComplete", t->pct);
	iso(t->start, ts, sizeof(ts));
	cJSON_AddStringToObject(o, "StartTime", ts);
	if (t->state != RF_TASK_RUNNING) {
		iso(t->end, ts, sizeof(ts));
		cJSON_AddStringToObject(o, "EndTime", ts);
	}
	(void)snprintf(p, sizeof(p), V1 "/TaskService/TaskMonitors/%u",
	    t->seq);
	cJSON_AddStringToObject(o, "TaskMonitor", p);
	cJSON_AddBoolToObject(o, "HidePayload", 1);
	if ((arr = cJSON_AddArrayToObject(o, "Messages")) != NULL)
		for (i = 0; i < t->nmsg; i++) {
			if ((m = cJSON_CreateObject()) == NULL)
				break;
			(void)snprintf(p, sizeof(p), RF_TASK_REG ".%s",
			    t->msg[i].id);
			cJSON_AddStringToObject(m, "MessageId", p);
			cJSON_AddStringToObject(m, "Message", t->msg[i].text);
			if ((a = cJSON_AddArrayToObject(m, "MessageArgs")) !=
			    NULL)
				cJSON_AddItemToArray(a,
				    cJSON_CreateString(id));
			cJSON_AddStringToObject(m, "MessageSeverity",
			    t->msg[i].sev);
			cJSON_AddItemToArray(arr, m);
		}
	if (st != NULL)
		*st = t->state;
out:
	pthread_mutex_unlock(&tmu);
	return o;
}

cJSON *
rf_task_list(void)
{
	struct task	*order[RF_TASK_MAX], *t;
	cJSON		*o, *arr, *m;
	char		 p[96];
	int		 i, j, n = 0;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "@odata.id", V1 "/TaskService/Tasks");
	cJSON_AddStringToObject(o, "@odata.type",
	    "#TaskCollection.TaskCollection");
	cJSON_AddStringToObject(o, "@odata.context",
	    V1 "/$metadata#TaskCollection.TaskCollection");
	cJSON_AddStringToObject(o, "Name", "Task Collection");
	if ((arr = cJSON_AddArrayToObject(o, "Members")) == NULL)
		return o;
	pthread_mutex_lock(&tmu);
	for (i = 0; i < RF_TASK_MAX; i++) {
		if (!tasks[i].used)
			continue;
		t = &tasks[i];
		for (j = n; j > 0 && order[j - 1]->seq > t->seq; j--)
			order[j] = order[j - 1];
		order[j] = t;
		n++;
	}
	for (i = 0; i < n; i++) {
		if ((m = cJSON_CreateObject()) == NULL)
			break;
		(void)snprintf(p, sizeof(p), V1 "/TaskService/Tasks/%u",
		    order[i]->seq);
		cJSON_AddStringToObject(m, "@odata.id", p);
		cJSON_AddItemToArray(arr, m);
	}
	pthread_mutex_unlock(&tmu);
	cJSON_AddNumberToObject(o, "Members@odata.count",
	    cJSON_GetArraySize(arr));
	return o;
}

/* ------------------------------------------------------------------ */
/* the image */

static int
ver_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-';
}

int
rf_fw_header(const unsigned char *buf, size_t len, char *comp,
    size_t complen, char *ver, size_t verlen)
{
	size_t		 ml = strlen(RF_FW_MAGIC), i, n, e;
	const char	*w;
	char		*dst;
	size_t		 dlen;

	comp[0] = ver[0] = '\0';
	if (len < ml || memcmp(buf, RF_FW_MAGIC, ml) != 0 ||
	    (len > ml && buf[ml] != ' ' && buf[ml] != '\n' && buf[ml] != '\r'))
		return -1;
	for (e = ml; e < len && e < 256 && buf[e] != '\n'; e++)
		;
	for (i = ml; i < e;) {
		while (i < e && (buf[i] == ' ' || buf[i] == '\t' ||
		    buf[i] == '\r'))
			i++;
		w = (const char *)buf + i;
		for (n = 0; i + n < e && buf[i + n] != ' ' &&
		    buf[i + n] != '\t' && buf[i + n] != '\r'; n++)
			;
		i += n;
		if (n > 10 && strncmp(w, "component=", 10) == 0) {
			dst = comp;
			dlen = complen;
			w += 10;
			n -= 10;
		} else if (n > 8 && strncmp(w, "version=", 8) == 0) {
			dst = ver;
			dlen = verlen;
			w += 8;
			n -= 8;
		} else
			continue;
		if (n >= dlen)
			continue;
		memcpy(dst, w, n);
		dst[n] = '\0';
		for (; n > 0; n--)
			if (!ver_char((unsigned char)w[n - 1]))
				dst[0] = '\0';	/* not plain: ignored */
	}
	return 0;
}

/* what the fetch keeps: the head of the image and its size */
struct fetch {
	unsigned char	 head[256];
	size_t		 len;
	int		 toobig;
	const char	*task;
	int		 last_pct;
};

static size_t
fetch_cb(char *p, size_t sz, size_t nm, void *arg)
{
	struct fetch	*f = arg;
	size_t		 n = sz * nm;

	if (n > (size_t)RF_IMAGE_MAX - f->len) {
		f->toobig = 1;
		return 0;			/* aborts the transfer */
	}
	if (f->len < sizeof(f->head))
		memcpy(f->head + f->len, p, MIN(n, sizeof(f->head) - f->len));
	f->len += n;
	return n;
}

/*
 * Running jobs, so that redfishd's shutdown waits for them (they use the
 * powerd pool and the task table): rf_fw_drain aborts their transfers.
 */
static pthread_mutex_t	 jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 jobs_cv = PTHREAD_COND_INITIALIZER;
static int		 jobs, jobs_stop;

static int
stopping(void)
{
	int	 st;

	pthread_mutex_lock(&jobs_mu);
	st = jobs_stop;
	pthread_mutex_unlock(&jobs_mu);
	return st;
}

static int
fetch_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct fetch	*f = arg;
	int		 pct;

	(void)ultotal;
	(void)ulnow;
	if (stopping())
		return 1;		/* aborts the transfer */
	if (dltotal > 0 && dlnow <= dltotal) {
		pct = (int)(dlnow * 80 / dltotal);	/* staging is the rest */
		if (pct != f->last_pct) {
			f->last_pct = pct;
			rf_task_progress(f->task, pct);
		}
	}
	return 0;
}

/* GET url into f, bounded; 0, or -1 and why */
static int
fw_fetch(const char *url, struct fetch *f, char *why, size_t whylen)
{
	CURL		*c;
	CURLcode	 cc;
	long		 code = 0;
	int		 rv = -1;

	if (curlfn_load() == -1) {
		(void)strlcpy(why, "libcurl cannot be loaded", whylen);
		return -1;
	}
	if ((c = cu.easy_init()) == NULL) {
		(void)strlcpy(why, "out of memory", whylen);
		return -1;
	}
	(void)cu.easy_setopt(c, CURLOPT_URL, url);
	(void)cu.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	(void)cu.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	(void)cu.easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)RF_FETCH_MS);
	(void)cu.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	(void)cu.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)RF_IMAGE_MAX);
	(void)cu.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	(void)cu.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
	(void)cu.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	(void)cu.easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_cb);
	(void)cu.easy_setopt(c, CURLOPT_WRITEDATA, f);
	(void)cu.easy_setopt(c, CURLOPT_XFERINFOFUNCTION, fetch_progress);
	(void)cu.easy_setopt(c, CURLOPT_XFERINFODATA, f);
	(void)cu.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	cc = cu.easy_perform(c);
	(void)cu.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (f->toobig || cc == CURLE_FILESIZE_EXCEEDED)
		(void)snprintf(why, whylen, "%s: the image is larger than "
		    "%ld bytes", url, (long)RF_IMAGE_MAX);
	else if (cc != CURLE_OK)
		(void)snprintf(why, whylen, "%s: %s", url,
		    cu.easy_strerror(cc));
	else if (code < 200 || code > 299)
		(void)snprintf(why, whylen, "%s: HTTP status %ld", url, code);
	else if (f->len == 0)
		(void)snprintf(why, whylen, "%s: the image is empty", url);
	else
		rv = 0;
	cu.easy_cleanup(c);
	return rv;
}

/* powerd "hw" firmware-stage; 0 or -1 and why */
static int
fw_stage(const struct rf_fw_job *j, const char *comp, const char *ver,
    char *why, size_t whylen)
{
	cJSON	*q, *rep;
	int	 rv = -1;

	if ((q = cJSON_CreateObject()) == NULL) {
		(void)strlcpy(why, "out of memory", whylen);
		return -1;
	}
	cJSON_AddStringToObject(q, "op", "hw");
	cJSON_AddStringToObject(q, "action", "firmware-stage");
	cJSON_AddStringToObject(q, "component", comp);
	cJSON_AddStringToObject(q, "version", ver);
	cJSON_AddStringToObject(q, "server", j->conf->server);
	cJSON_AddStringToObject(q, "by", "redfish");
	rep = j->ops->pd(j->ops->arg, q);
	cJSON_Delete(q);
	if (rep == NULL)
		(void)strlcpy(why, "powerd is unreachable", whylen);
	else if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep, "ok"))) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(rep,
		    "message"), *e = cJSON_GetObjectItemCaseSensitive(rep,
		    "error");

		(void)snprintf(why, whylen, "staging %s %s: %s", comp, ver,
		    cJSON_IsString(m) ? m->valuestring : cJSON_IsString(e) ?
		    e->valuestring : "refused");
	} else
		rv = 0;
	cJSON_Delete(rep);
	return rv;
}

static void *
fw_run(void *arg)
{
	struct rf_fw_job	*j = arg;
	struct fetch		 f;
	char			 why[RF_URL_MAX + 256], comp[RF_ID_MAX], ver[RF_ID_MAX];
	const unsigned char	*head;
	size_t			 hlen;
	int			 i, ok = 0;

	memset(&f, 0, sizeof(f));
	f.task = j->task;
	why[0] = '\0';
	if (j->data == NULL) {
		if (fw_fetch(j->url, &f, why, sizeof(why)) == -1)
			goto done;
		head = f.head;
		hlen = MIN(f.len, sizeof(f.head));
	} else {
		head = j->data;
		hlen = j->len;
	}
	rf_task_progress(j->task, 80);
	if (rf_fw_header(head, hlen, comp, sizeof(comp), ver, sizeof(ver)) ==
	    -1 || ver[0] == '\0')
		(void)strlcpy(ver, j->name_ver, sizeof(ver));
	if (ver[0] == '\0') {
		(void)snprintf(why, sizeof(why), "the image names no version "
		    "(no \"" RF_FW_MAGIC " version=\" header and no version in "
		    "its file name)");
		goto done;
	}
	if (j->ncomp == 0) {
		if (comp[0] == '\0')
			(void)strlcpy(comp, j->name_comp, sizeof(comp));
		if (comp[0] == '\0') {
			(void)snprintf(why, sizeof(why), "no component: name "
			    "Targets or use an image header");
			goto done;
		}
		(void)strlcpy(j->comp[0], comp, sizeof(j->comp[0]));
		j->ncomp = 1;
	}
	if (stopping()) {
		(void)strlcpy(why, "redfishd is stopping", sizeof(why));
		goto done;
	}
	for (i = 0; i < j->ncomp; i++)
		if (fw_stage(j, j->comp[i], ver, why, sizeof(why)) == -1)
			goto done;
	ok = 1;
	log_info("task %s: %s staged version %s", j->task, j->comp[0], ver);
done:
	if (!ok)
		log_warnx("task %s: %s", j->task, why);
	rf_task_done(j->task, ok, why, time(NULL));
	if (j->data != NULL) {
		util_zeroize(j->data, j->len);
		free(j->data);
	}
	free(j);
	pthread_mutex_lock(&jobs_mu);
	if (--jobs == 0)
		pthread_cond_broadcast(&jobs_cv);
	pthread_mutex_unlock(&jobs_mu);
	return NULL;
}

void
rf_fw_drain(int timeout_ms)
{
	struct timespec	 ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&jobs_mu);
	jobs_stop = 1;
	while (jobs > 0)
		if (pthread_cond_timedwait(&jobs_cv, &jobs_mu, &ts) != 0)
			break;
	if (jobs > 0)
		log_warnx("%d firmware job(s) still running at exit", jobs);
	pthread_mutex_unlock(&jobs_mu);
}

int
rf_fw_start(const struct rf_fw_job *job)
{
	struct rf_fw_job	*j;
	pthread_attr_t		 at;
	pthread_t		 th;
	int			 rc;

	if ((j = malloc(sizeof(*j))) == NULL)
		return -1;
	*j = *job;
	if (pthread_attr_init(&at) != 0) {
		free(j);
		return -1;
	}
	(void)pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_mutex_lock(&jobs_mu);
	if (jobs_stop) {
		pthread_mutex_unlock(&jobs_mu);
		(void)pthread_attr_destroy(&at);
		free(j);
		return -1;
	}
	jobs++;
	pthread_mutex_unlock(&jobs_mu);
	rc = pthread_create(&th, &at, fw_run, j);
	(void)pthread_attr_destroy(&at);
	if (rc != 0) {
		pthread_mutex_lock(&jobs_mu);
		jobs--;
		pthread_mutex_unlock(&jobs_mu);
		free(j);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* multipart/form-data */

/* the value of param (name="x" or name=x) in a header line h[0..n) */
static void
mp_param(const char *h, size_t n, const char *param, char *out,
    size_t outlen)
{
	size_t		 pl = strlen(param), i, k;
	const char	*v;

	out[0] = '\0';
	for (i = 0; i + pl + 1 < n; i++) {
		if ((i > 0 && h[i - 1] != ';' && h[i - 1] != ' ') ||
		    strncasecmp(h + i, param, pl) != 0 || h[i + pl] != '=')
			continue;
		v = h + i + pl + 1;
		n -= i + pl + 1;
		if (n > 0 && *v == '"') {
			v++;
			n--;
			for (k = 0; k < n && v[k] != '"'; k++)
				;
		} else
			k = strcspn(v, ";\r\n") < n ? strcspn(v, ";\r\n") : n;
		if (k < outlen) {
			memcpy(out, v, k);
			out[k] = '\0';
		}
		return;
	}
}

int
rf_multipart(const char *body, size_t len, struct rf_part *parts, int max)
{
	char		 delim[80];
	size_t		 bl, dl, pos, he, ll;
	const char	*p, *e, *l;
	int		 n = 0;

	/* "--boundary\r\n" */
	if (len < 4 || body[0] != '-' || body[1] != '-')
		return -1;
	for (bl = 2; bl < len && bl < 74 && body[bl] != '\r'; bl++)
		;
	if (bl == 2 || bl + 1 >= len || body[bl] != '\r' ||
	    body[bl + 1] != '\n')
		return -1;
	delim[0] = '\r';
	delim[1] = '\n';
	memcpy(delim + 2, body, bl);
	dl = bl + 2;
	pos = bl + 2;
	for (;;) {
		/* headers up to the blank line */
		if ((p = memmem(body + pos, len - pos, "\r\n\r\n", 4)) ==
		    NULL)
			return -1;
		he = (size_t)(p - body);
		if (n == max)
			return -1;
		memset(&parts[n], 0, sizeof(parts[n]));
		for (l = body + pos; l < body + he; l += ll + 2) {
			e = memmem(l, (size_t)(body + he - l) + 2, "\r\n", 2);
			ll = (size_t)(e - l);
			if (ll > 20 && strncasecmp(l, "Content-Disposition:",
			    20) == 0) {
				mp_param(l + 20, ll - 20, "name",
				    parts[n].name, sizeof(parts[n].name));
				mp_param(l + 20, ll - 20, "filename",
				    parts[n].filename,
				    sizeof(parts[n].filename));
			}
		}
		pos = he + 4;
		if ((p = memmem(body + pos, len - pos, delim, dl)) == NULL)
			return -1;
		parts[n].data = (const unsigned char *)body + pos;
		parts[n].len = (size_t)(p - body) - pos;
		n++;
		pos = (size_t)(p - body) + dl;
		if (pos + 2 <= len && body[pos] == '-' && body[pos + 1] == '-')
			return n;
		if (pos + 2 > len || body[pos] != '\r' || body[pos + 1] != '\n')
			return -1;
		pos += 2;
	}
}
