/* sub.c: event subscriptions and Event resources made from powerd events (pure). */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rf.h"
#include "util.h"

void
rf_sub_init(struct rf_subtab *t)
{
	memset(t, 0, sizeof(*t));
	t->next_id = 1;
}

int
rf_sub_add(struct rf_subtab *t, struct rf_sub *in)
{
	size_t	 i;

	for (i = 0; i < nitems(t->s); i++)
		if (!t->s[i].used) {
			(void)snprintf(in->id, sizeof(in->id), "%u",
			    t->next_id++);
			in->used = 1;
			t->s[i] = *in;
			return 0;
		}
	return -1;
}

int
rf_sub_find(const struct rf_subtab *t, const char *id, struct rf_sub *out)
{
	size_t	 i;

	for (i = 0; i < nitems(t->s); i++)
		if (t->s[i].used && strcmp(t->s[i].id, id) == 0) {
			if (out != NULL)
				*out = t->s[i];
			return 0;
		}
	return -1;
}

int
rf_sub_del(struct rf_subtab *t, const char *id)
{
	size_t	 i;

	for (i = 0; i < nitems(t->s); i++)
		if (t->s[i].used && strcmp(t->s[i].id, id) == 0) {
			memset(&t->s[i], 0, sizeof(t->s[i]));
			return 0;
		}
	return -1;
}

int
rf_sub_list(const struct rf_subtab *t, char (*ids)[RF_ID_MAX], int max)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < nitems(t->s) && n < max; i++)
		if (t->s[i].used)
			(void)strlcpy(ids[n++], t->s[i].id, RF_ID_MAX);
	return n;
}

/* Event.v1_x (DSP0268): one record per Event resource. */
cJSON *
rf_event_new(const char *msgid, const char *msg, const char *origin,
    const char *severity, unsigned seq, time_t wall)
{
	cJSON		*ev = NULL, *arr, *rec;
	struct tm	 tm;
	char		 ts[40], id[16];

	if (gmtime_r(&wall, &tm) == NULL ||
	    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S+00:00", &tm) == 0)
		return NULL;
	(void)snprintf(id, sizeof(id), "%u", seq);
	if ((ev = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(ev, "@odata.type",
	    "#Event.v1_7_0.Event") == NULL ||
	    cJSON_AddStringToObject(ev, "Id", id) == NULL ||
	    cJSON_AddStringToObject(ev, "Name", "Event") == NULL ||
	    (arr = cJSON_AddArrayToObject(ev, "Events")) == NULL ||
	    (rec = cJSON_CreateObject()) == NULL)
		goto fail;
	cJSON_AddItemToArray(arr, rec);
	if (cJSON_AddStringToObject(rec, "EventId", id) == NULL ||
	    cJSON_AddStringToObject(rec, "EventTimestamp", ts) == NULL ||
	    cJSON_AddStringToObject(rec, "MessageId", msgid) == NULL ||
	    cJSON_AddStringToObject(rec, "Message", msg) == NULL ||
	    cJSON_AddArrayToObject(rec, "MessageArgs") == NULL ||
	    cJSON_AddStringToObject(rec, "MessageSeverity", severity) ==
	    NULL)
		goto fail;
	if (origin != NULL) {
		cJSON *o = cJSON_AddObjectToObject(rec, "OriginOfCondition");

		if (o == NULL ||
		    cJSON_AddStringToObject(o, "@odata.id", origin) == NULL)
			goto fail;
	}
	return ev;
fail:
	cJSON_Delete(ev);
	return NULL;
}

static const char *
power_word(const char *p)
{
	if (strcmp(p, "on") == 0)
		return "On";
	if (strcmp(p, "off") == 0)
		return "Off";
	if (strcmp(p, "powering-on") == 0)
		return "PoweringOn";
	if (strcmp(p, "powering-off") == 0)
		return "PoweringOff";
	return "Unknown";
}

/* powerd "subscribe" lines (doc/protocol.md) -> Event, or NULL to ignore. */
cJSON *
rf_event_from_pd(const cJSON *pd, unsigned *type, unsigned seq, time_t wall)
{
	const cJSON	*k, *srv, *e, *m;
	char		 msg[256], origin[RF_PATH_MAX];
	const char	*sev = "OK";

	k = cJSON_GetObjectItemCaseSensitive(pd, "event");
	srv = cJSON_GetObjectItemCaseSensitive(pd, "server");
	if (!cJSON_IsString(k) || !cJSON_IsString(srv))
		return NULL;
	(void)snprintf(origin, sizeof(origin), "/redfish/v1/Systems/%s",
	    srv->valuestring);
	if (strcmp(k->valuestring, "power") == 0) {
		e = cJSON_GetObjectItemCaseSensitive(pd, "power");
		if (!cJSON_IsString(e))
			return NULL;
		(void)snprintf(msg, sizeof(msg),
		    "The PowerState of %s changed to %s.", srv->valuestring,
		    power_word(e->valuestring));
		*type = RF_EV_STATUS;
		return rf_event_new("ResourceEvent.1.3.0.ResourceChanged", msg,
		    origin, sev, seq, wall);
	}
	if (strcmp(k->valuestring, "boot") == 0 ||
	    strcmp(k->valuestring, "reset") == 0) {
		(void)snprintf(msg, sizeof(msg), "The %s of %s changed.",
		    k->valuestring[0] == 'b' ? "boot override" : "reset state",
		    srv->valuestring);
		*type = RF_EV_RESOURCE;
		return rf_event_new("ResourceEvent.1.3.0.ResourceChanged", msg,
		    origin, sev, seq, wall);
	}
	if (strcmp(k->valuestring, "sel") == 0) {
		e = cJSON_GetObjectItemCaseSensitive(pd, "entry");
		m = cJSON_GetObjectItemCaseSensitive(e, "message");
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pd,
		    "cleared")))
			(void)strlcpy(msg, "The SEL was cleared.", sizeof(msg));
		else if (cJSON_IsString(m))
			(void)snprintf(msg, sizeof(msg), "%s", m->valuestring);
		else
			return NULL;
		m = cJSON_GetObjectItemCaseSensitive(e, "severity");
		if (cJSON_IsString(m) && (strcmp(m->valuestring, "Warning") ==
		    0 || strcmp(m->valuestring, "Critical") == 0))
			sev = m->valuestring;
		(void)snprintf(origin, sizeof(origin),
		    "/redfish/v1/Managers/bmc/LogServices/SEL");
		*type = RF_EV_ALERT;
		return rf_event_new("ResourceEvent.1.3.0.ResourceCreated", msg,
		    origin, sev, seq, wall);
	}
	return NULL;
}
