/* rf_events.c: one family of the Redfish resource tree (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * EventService, Subscriptions, SubmitTestEvent.  The router, the
 * privileges and the shared helpers are in route.c (rfint.h).
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "rf.h"
#include "rf_hw.h"
#include "rfint.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* EventService */

void
h_evsvc(struct ctx *c)
{
	cJSON	*o, *a;

	if ((o = c->resp->body = res_new(V1 "/EventService",
	    "#EventService.v1_10_0.EventService",
	    "EventService.EventService")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", "EventService");
	cJSON_AddStringToObject(o, "Name", "Event Service");
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	cJSON_AddNumberToObject(o, "DeliveryRetryAttempts", 3);
	cJSON_AddNumberToObject(o, "DeliveryRetryIntervalSeconds", 5);
	if ((a = cJSON_AddArrayToObject(o, "EventFormatTypes")) != NULL)
		cJSON_AddItemToArray(a, cJSON_CreateString("Event"));
	if ((a = cJSON_AddArrayToObject(o, "RegistryPrefixes")) != NULL) {
		cJSON_AddItemToArray(a, cJSON_CreateString("Base"));
		cJSON_AddItemToArray(a, cJSON_CreateString("ResourceEvent"));
	}
	cJSON_AddStringToObject(o, "ServerSentEventUri", SSE_URI);
	add_status(o, "Enabled", "OK");
	add_link(o, "Subscriptions", V1 "/EventService/Subscriptions");
	if ((a = cJSON_AddObjectToObject(o, "Actions")) != NULL)
		add_action(a, "#EventService.SubmitTestEvent", V1
		    "/EventService/Actions/EventService.SubmitTestEvent", NULL,
		    NULL, NULL);
}

static cJSON *
sub_build(const struct rf_sub *s)
{
	cJSON	*o;
	char	 p[RF_PATH_MAX];

	(void)snprintf(p, sizeof(p), V1 "/EventService/Subscriptions/%s",
	    s->id);
	if ((o = res_new(p, "#EventDestination.v1_13_0.EventDestination",
	    "EventDestination.EventDestination")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", s->id);
	cJSON_AddStringToObject(o, "Name", "Event Subscription");
	cJSON_AddStringToObject(o, "Destination", s->dest);
	cJSON_AddStringToObject(o, "Context", s->context);
	cJSON_AddStringToObject(o, "Protocol", "Redfish");
	cJSON_AddStringToObject(o, "SubscriptionType", "RedfishEvent");
	cJSON_AddStringToObject(o, "EventFormatType", "Event");
	add_status(o, "Enabled", "OK");
	return o;
}

static const struct vmap evtype_map[] = {
	{ "s", "StatusChange" }, { "u", "ResourceUpdated" },
	{ "a", "ResourceAdded" }, { "r", "ResourceRemoved" },
	{ "l", "Alert" }, { "o", "Other" }, { NULL, NULL }
};
static const struct vmap proto_map[] = {
	{ "r", "Redfish" }, { NULL, NULL }
};
static const struct vmap stype_map[] = {
	{ "r", "RedfishEvent" }, { NULL, NULL }
};
static const struct vmap fmt_map[] = {
	{ "e", "Event" }, { NULL, NULL }
};
static const struct pspec sub_post_spec[] = {
	{ "Destination", PT_STR, NULL, NULL, 1, RF_URL_MAX - 1 },
	{ "Context", PT_STR, NULL, NULL, 0, 255 },
	{ "Protocol", PT_ENUM, proto_map, NULL, 0, 0 },
	{ "SubscriptionType", PT_ENUM, stype_map, NULL, 0, 0 },
	{ "EventFormatType", PT_ENUM, fmt_map, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};
static const struct pspec sub_patch_spec[] = {
	{ "Context", PT_STR, NULL, NULL, 0, 255 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

/* The deprecated list properties we accept on POST and skip in the check. */
static int
sub_lists(struct ctx *c, cJSON *b, unsigned *types)
{
	static const char *const lists[] = { "EventTypes",
	    "RegistryPrefixes", "ResourceTypes", "MessageIds",
	    "OriginResources", "HttpHeaders" };
	const cJSON	*v, *e;
	size_t		 i;

	*types = 0;
	for (i = 0; i < nitems(lists); i++) {
		if ((v = cJSON_GetObjectItemCaseSensitive(b, lists[i])) ==
		    NULL)
			continue;
		if (!cJSON_IsArray(v)) {
			rf_fail(c->resp, 400, "PropertyValueTypeError",
			    "", lists[i]);
			return -1;
		}
		if (i == 0)
			cJSON_ArrayForEach(e, v) {
				if (!cJSON_IsString(e) || to_pd(evtype_map,
				    e->valuestring) == NULL) {
					rf_fail(c->resp, 400,
					    "PropertyValueNotInList",
					    cJSON_IsString(e) ?
					    e->valuestring : "", "EventTypes");
					return -1;
				}
				*types |= strcmp(e->valuestring, "Alert") ==
				    0 ? RF_EV_ALERT : strcmp(e->valuestring,
				    "StatusChange") == 0 ? RF_EV_STATUS :
				    RF_EV_RESOURCE;
			}
		cJSON_DeleteItemFromObjectCaseSensitive(b, lists[i]);
	}
	return 0;
}

void
h_subs(struct ctx *c)
{
	char		 ids[RF_SUB_MAX][RF_ID_MAX];
	int		 n, i;
	cJSON		*o, *b, *cur;
	struct rf_sub	 s;

	if (c->req->method == RF_M_GET || c->req->method == RF_M_HEAD) {
		o = c->resp->body = coll_new(V1 "/EventService/Subscriptions",
		    "EventDestinationCollection",
		    "Event Subscriptions Collection");
		if (o == NULL)
			return;
		n = c->ops->sub_ids(c->ops->arg, ids, RF_SUB_MAX);
		for (i = 0; i < n; i++)
			add_link(members(o), NULL,
			    V1 "/EventService/Subscriptions/%s", ids[i]);
		coll_done(o);
		return;
	}
	if ((b = body_object(c)) == NULL)
		return;
	memset(&s, 0, sizeof(s));
	if ((cur = cJSON_CreateObject()) == NULL)
		goto out;
	if (sub_lists(c, b, &s.types) == -1 ||
	    patch_check(c->resp, b, cur, sub_post_spec, "") == -1)
		goto out;
	if (cJSON_GetObjectItemCaseSensitive(b, "Destination") == NULL) {
		rf_fail(c->resp, 400, "PropertyMissing", "Destination", NULL);
		goto out;
	}
	(void)strlcpy(s.dest, jstr(b, "Destination", ""), sizeof(s.dest));
	if (strncasecmp(s.dest, "http://", 7) != 0 &&
	    strncasecmp(s.dest, "https://", 8) != 0) {
		rf_fail(c->resp, 400, "PropertyValueFormatError", s.dest,
		    "Destination");
		goto out;
	}
	/*
	 * A destination off loopback is accepted (clients and the DMTF
	 * validator expect 201) but never sent to unless -A allows it:
	 * a simulator must not become a request-forgery tool.
	 */
	(void)strlcpy(s.context, jstr(b, "Context", ""), sizeof(s.context));
	(void)strlcpy(s.protocol, "Redfish", sizeof(s.protocol));
	if (c->ops->sub_new(c->ops->arg, &s) == -1) {
		rf_fail(c->resp, 400, "EventSubscriptionLimitExceeded", NULL,
		    NULL);
		goto out;
	}
	c->resp->status = 201;
	c->resp->body = sub_build(&s);
	(void)snprintf(c->resp->location, sizeof(c->resp->location),
	    V1 "/EventService/Subscriptions/%s", s.id);
out:
	cJSON_Delete(cur);
	cJSON_Delete(b);
}

void
h_sub(struct ctx *c)
{
	struct rf_sub	 s;
	cJSON		*cur, *b;

	if (c->ops->sub_get(c->ops->arg, c->arg[0], &s) == -1) {
		rf_fail(c->resp, 404, "ResourceNotFound", "EventDestination",
		    c->arg[0]);
		return;
	}
	if (c->req->method == RF_M_DELETE) {
		(void)c->ops->sub_del(c->ops->arg, s.id);
		no_content(c);
		return;
	}
	if ((cur = sub_build(&s)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, sub_patch_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	/* replace: delete and re-add keeps the table simple; same id */
	(void)strlcpy(s.context, jstr(b, "Context", s.context),
	    sizeof(s.context));
	(void)c->ops->sub_del(c->ops->arg, s.id);
	(void)c->ops->sub_new(c->ops->arg, &s);
	cJSON_Delete(b);
	c->resp->body = sub_build(&s);
	c->resp->status = 200;
	(void)snprintf(c->resp->location, sizeof(c->resp->location),
	    V1 "/EventService/Subscriptions/%s", s.id);
	set_etag(c);
}

void
h_testevent(struct ctx *c)
{
	static const char *const params[] = { "EventType", "EventId",
	    "EventTimestamp", "EventGroupId", "Message", "MessageArgs",
	    "MessageId", "MessageSeverity", "OriginOfCondition", "Severity",
	    "Context", NULL };
	const char	*act = "EventService.SubmitTestEvent";
	cJSON		*b, *ev, *rec;
	const cJSON	*v;

	if ((b = action_begin(c, act, params)) == NULL)
		return;
	ev = rf_event_new(jstr(b, "MessageId", "Base.1.16.0.Success"),
	    jstr(b, "Message", "Test event."),
	    cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(b,
	    "OriginOfCondition")) ? v->valuestring : NULL,
	    jstr(b, "MessageSeverity", jstr(b, "Severity", "OK")), 0,
	    c->req->wall);
	if (ev == NULL) {
		rf_fail(c->resp, 500, "InternalError", NULL, NULL);
		goto out;
	}
	rec = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ev,
	    "Events"), 0);
	if (cJSON_IsArray(v = cJSON_GetObjectItemCaseSensitive(b,
	    "MessageArgs")))
		cJSON_ReplaceItemInObject(rec, "MessageArgs",
		    cJSON_Duplicate(v, 1));
	if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(b, "EventId")))
		cJSON_ReplaceItemInObject(rec, "EventId",
		    cJSON_CreateString(v->valuestring));
	c->ops->event(c->ops->arg, ev, RF_EV_TEST);
	no_content(c);
out:
	cJSON_Delete(b);
}
