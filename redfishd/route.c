/* route.c: the Redfish resource tree: method, path, body -> status, JSON (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * Pure in the house sense: no fds, no clock, no globals.  Everything that
 * needs I/O (powerd, the session and subscription tables, a URL check,
 * event fan-out) is reached through struct rf_ops, which the glue fills
 * in and the unit tests fake.  References: DMTF DSP0266 (protocol),
 * DSP0268 (schema guide), the Base message registry.  This file has
 * the router (the route table, matching, privileges), the Base messages
 * and the helpers every handler shares (rfint.h); the handlers are in
 * rf_<family>.c, the hardware model's in rf_hw.c.
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
#include "rf_msgreg.h"
#include "util.h"

struct route {
	const char	*pat;		/* '*' matches one segment */
	unsigned	 methods;	/* RF_MBIT set, GET implies HEAD */
	unsigned	 wpriv;		/* privileges for POST/PATCH/DELETE */
	void		 (*fn)(struct ctx *);
};

#define M_GET	(RF_MBIT(RF_M_GET) | RF_MBIT(RF_M_HEAD))
#define M_POST	RF_MBIT(RF_M_POST)
#define M_PATCH	RF_MBIT(RF_M_PATCH)
#define M_DEL	RF_MBIT(RF_M_DELETE)

/* ------------------------------------------------------------------ */
/* Base registry messages (Base.1.16.0) we use. */

static const struct msgdef {
	const char	*id;
	int		 nargs;
	const char	*fmt;		/* %1, %2 */
	const char	*sev;
	const char	*res;
} msgs[] = {
	{ "Success", 0, "The request completed successfully.", "OK",
	  "None." },
	{ "GeneralError", 0, "An error has occurred. See ExtendedInfo for "
	  "more information.", "Critical", "None." },
	{ "InternalError", 0, "The request failed due to an internal service "
	  "error.  The service is still operational.", "Critical",
	  "Resubmit the request.  If the problem persists, consider resetting "
	  "the service." },
	{ "ResourceNotFound", 2, "The requested resource of type %1 named "
	  "'%2' was not found.", "Critical", "Provide a valid resource "
	  "identifier and resubmit the request." },
	{ "PropertyUnknown", 1, "The property %1 is not in the list of valid "
	  "properties for the resource.", "Warning", "Remove the unknown "
	  "property from the request body and resubmit the request if the "
	  "operation failed." },
	{ "PropertyNotWritable", 1, "The property %1 is a read-only property "
	  "and cannot be assigned a value.", "Warning", "Remove the property "
	  "from the request body and resubmit the request if the operation "
	  "failed." },
	{ "PropertyValueNotInList", 2, "The value '%1' for the property %2 is "
	  "not in the list of acceptable values.", "Warning", "Choose a value "
	  "from the enumeration list that the implementation can support and "
	  "resubmit the request if the operation failed." },
	{ "PropertyValueTypeError", 2, "The value '%1' for the property %2 is "
	  "not a type that the property can accept.", "Warning", "Correct the "
	  "value for the property in the request body and resubmit the "
	  "request if the operation failed." },
	{ "PropertyValueFormatError", 2, "The value '%1' for the property %2 "
	  "is not a format that the property can accept.", "Warning",
	  "Correct the value for the property in the request body and "
	  "resubmit the request if the operation failed." },
	{ "PropertyValueOutOfRange", 2, "The value '%1' for the property %2 "
	  "is not in the supported range of acceptable values.", "Warning",
	  "Correct the value for the property in the request body and "
	  "resubmit the request if the operation failed." },
	{ "PropertyMissing", 1, "The property %1 is a required property and "
	  "must be included in the request.", "Warning", "Ensure that the "
	  "property is in the request body and has a valid value and "
	  "resubmit the request if the operation failed." },
	{ "MalformedJSON", 0, "The request body submitted was malformed JSON "
	  "and could not be parsed by the receiving service.", "Critical",
	  "Ensure that the request body is valid JSON and resubmit the "
	  "request." },
	{ "EmptyJSON", 0, "The request body submitted contained an empty JSON "
	  "object and the service is unable to process it.", "Warning",
	  "Add properties in the JSON object and resubmit the request." },
	{ "ActionParameterMissing", 2, "The action %1 requires the parameter "
	  "%2 to be present in the request body.", "Critical", "Supply the "
	  "action with the required parameter in the request body when the "
	  "request is resubmitted." },
	{ "ActionParameterNotSupported", 2, "The parameter %1 for the action "
	  "%2 is not supported on the target resource.", "Warning", "Remove "
	  "the parameter supplied and resubmit the request if the operation "
	  "failed." },
	{ "ActionParameterValueNotInList", 3, "The value '%1' for the "
	  "parameter %2 in the action %3 is not in the list of acceptable "
	  "values.", "Warning", "Choose a value from the enumeration list and "
	  "resubmit the request if the operation failed." },
	{ "ActionParameterValueTypeError", 3, "The value '%1' for the action "
	  "parameter %2 is of a different type than the parameter can "
	  "accept.", "Warning", "Correct the value for the parameter in the "
	  "request body and resubmit the request if the operation failed." },
	{ "InsufficientPrivilege", 0, "There are insufficient privileges for "
	  "the account or credentials associated with the current session to "
	  "perform the requested operation.", "Critical", "Either abandon the "
	  "operation or change the associated access rights and resubmit the "
	  "request if the operation failed." },
	{ "NoValidSession", 0, "There is no valid session established with "
	  "the implementation.", "Critical", "Establish a session before "
	  "attempting any operations." },
	{ "ResourceAtUriUnauthorized", 2, "While accessing the resource at "
	  "'%1', the service received an authorization error '%2'.",
	  "Critical", "Ensure that the appropriate access is provided for the "
	  "service in order for it to access the URI." },
	{ "OperationNotAllowed", 0, "The HTTP method is not allowed on this "
	  "resource.", "Critical", "None." },
	{ "UnsupportedMediaType", 0, "The content type of the request body "
	  "is not supported.", "Critical", "Resubmit the request with a "
	  "supported content type." },
	{ "PayloadTooLarge", 0, "The supplied payload exceeds the maximum "
	  "size supported by the service.", "Critical", "Resubmit the "
	  "request with a smaller payload." },
	{ "PreconditionFailed", 0, "The ETag supplied did not match the ETag "
	  "required to change this resource.", "Critical", "Try the "
	  "operation again using the appropriate ETag." },
	{ "ServiceTemporarilyUnavailable", 1, "The service is temporarily "
	  "unavailable.  Retry in %1 seconds.", "Critical", "Wait for the "
	  "indicated retry duration and retry the operation." },
	{ "ResourceAlreadyExists", 3, "The requested resource of type %1 with "
	  "the property %2 with the value '%3' already exists.", "Critical",
	  "Do not repeat the create operation as the resource has already "
	  "been created." },
	{ "CreateLimitReachedForResource", 0, "The create operation failed "
	  "because the resource has reached the limit of possible "
	  "resources.", "Critical", "Either delete resources and resubmit the "
	  "request if the operation failed or do not resubmit the request." },
	{ "CouldNotEstablishConnection", 1, "The service failed to establish "
	  "a connection with the URI '%1'.", "Critical", "Ensure that the "
	  "URI contains a valid and reachable node name, protocol "
	  "information and other URI components." },
	{ "QueryNotSupported", 0, "Querying is not supported by the "
	  "implementation.", "Warning", "Remove the query parameters and "
	  "resubmit the request if the operation failed." },
	{ "ActionNotSupported", 1, "The action %1 is not supported by the "
	  "resource.", "Critical", "The action supplied cannot be resubmitted "
	  "to the implementation." },
	{ "ResourceInUse", 0, "The change to the requested resource failed "
	  "because the resource is in use or in transition.", "Warning",
	  "Remove the condition and resubmit the request if the operation "
	  "failed." },
	{ "ResourceCannotBeDeleted", 0, "The delete request failed because "
	  "the resource requested cannot be deleted.", "Critical", "Do not "
	  "attempt to delete a non-deletable resource." },
	{ "EventSubscriptionLimitExceeded", 0, "The event subscription failed "
	  "due to the number of simultaneous subscriptions exceeding the "
	  "limit of the implementation.", "Critical", "Reduce the number of "
	  "other subscriptions before trying to establish the event "
	  "subscription or increase the limit of simultaneous subscriptions "
	  "(if supported)." },
};

int
rf_base_msg(size_t i, const char **id, int *nargs, const char **fmt,
    const char **sev, const char **res)
{
	if (i >= nitems(msgs))
		return 0;
	*id = msgs[i].id;
	*nargs = msgs[i].nargs;
	*fmt = msgs[i].fmt;
	*sev = msgs[i].sev;
	*res = msgs[i].res;
	return 1;
}

static const struct msgdef *
msg_find(const char *id)
{
	size_t	 i;

	for (i = 0; i < nitems(msgs); i++)
		if (strcmp(msgs[i].id, id) == 0)
			return &msgs[i];
	return &msgs[1];
}

/* Substitute %1..%3 of fmt with args into out. */
static void
msg_format(const char *fmt, const char *const *args, int nargs, char *out,
    size_t outlen)
{
	size_t	 o = 0, l;
	const char *a;

	for (; *fmt != '\0' && o + 1 < outlen; fmt++) {
		if (fmt[0] == '%' && fmt[1] >= '1' && fmt[1] <= '3') {
			a = fmt[1] - '1' < nargs && args[fmt[1] - '1'] != NULL ?
			    args[fmt[1] - '1'] : "";
			l = strlen(a);
			if (l > outlen - o - 1)
				l = outlen - o - 1;
			memcpy(out + o, a, l);
			o += l;
			fmt++;
		} else
			out[o++] = *fmt;
	}
	out[o] = '\0';
}

/*
 * One Message (Message.v1_1_1) of the Base registry.  The arguments
 * may come from the request (a path, a value): invalid UTF-8 in them
 * becomes U+FFFD, never raw bytes in our JSON.
 */
static cJSON *
msg_new(const char *id, const char *a1, const char *a2, const char *a3)
{
	const struct msgdef	*d = msg_find(id);
	const char		*args[3] = { a1, a2, a3 };
	char			 text[512], full[64], clean[3][768];
	cJSON			*m, *arr;
	int			 i;

	for (i = 0; i < 3; i++)
		if (args[i] != NULL) {
			json_utf8_clean(args[i], clean[i], sizeof(clean[i]));
			args[i] = clean[i];
		}
	msg_format(d->fmt, args, d->nargs, text, sizeof(text));
	(void)snprintf(full, sizeof(full), "%s.%s", RF_REGISTRY, d->id);
	if ((m = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(m, "@odata.type", "#Message.v1_1_1.Message");
	cJSON_AddStringToObject(m, "MessageId", full);
	cJSON_AddStringToObject(m, "Message", text);
	arr = cJSON_AddArrayToObject(m, "MessageArgs");
	for (i = 0; i < d->nargs && arr != NULL; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(args[i] != NULL ?
		    args[i] : ""));
	cJSON_AddStringToObject(m, "MessageSeverity", d->sev);
	cJSON_AddStringToObject(m, "Resolution", d->res);
	return m;
}

/* {"error":{"code","message","@Message.ExtendedInfo":[msg]}} */
cJSON *
rf_error(const char *id, const char *msg, const char *a1, const char *a2)
{
	cJSON	*root, *e, *arr, *m;
	char	 code[64], clean[512];

	(void)snprintf(code, sizeof(code), "%s.%s", RF_REGISTRY, id);
	if (msg != NULL) {
		json_utf8_clean(msg, clean, sizeof(clean));
		msg = clean;
	}
	if ((root = cJSON_CreateObject()) == NULL)
		return NULL;
	if ((e = cJSON_AddObjectToObject(root, "error")) == NULL ||
	    (m = msg_new(id, a1, a2, NULL)) == NULL) {
		cJSON_Delete(root);
		return NULL;
	}
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", msg != NULL ? msg :
	    cJSON_GetObjectItemCaseSensitive(m, "Message")->valuestring);
	if ((arr = cJSON_AddArrayToObject(e, "@Message.ExtendedInfo")) ==
	    NULL) {
		cJSON_Delete(m);
		cJSON_Delete(root);
		return NULL;
	}
	cJSON_AddItemToArray(arr, m);
	return root;
}

void
rf_fail(struct rf_resp *r, int status, const char *id, const char *a1,
    const char *a2)
{
	cJSON_Delete(r->body);
	r->status = status;
	r->body = rf_error(id, NULL, a1, a2);
}

/* Add a further message to an error body made by rf_fail. */
void
fail_more(struct rf_resp *r, const char *id, const char *a1, const char *a2,
    const char *a3)
{
	cJSON	*e, *arr, *m;

	e = cJSON_GetObjectItemCaseSensitive(r->body, "error");
	arr = cJSON_GetObjectItemCaseSensitive(e, "@Message.ExtendedInfo");
	if (arr == NULL || (m = msg_new(id, a1, a2, a3)) == NULL)
		return;
	cJSON_AddItemToArray(arr, m);
}

/* First error of a list: the first says it all; more go to ExtendedInfo. */
void
fail3(struct rf_resp *r, int status, const char *id, const char *a1,
    const char *a2, const char *a3)
{
	if (r->body == NULL || r->status < 400) {
		rf_fail(r, status, id, a1, a2);
		if (a3 != NULL) {
			cJSON *arr = cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(r->body, "error"),
			    "@Message.ExtendedInfo");
			cJSON_DeleteItemFromArray(arr, 0);
			fail_more(r, id, a1, a2, a3);
		}
		return;
	}
	fail_more(r, id, a1, a2, a3);
}

void
rf_resp_free(struct rf_resp *r)
{
	cJSON_Delete(r->body);
	free(r->text);
	r->body = NULL;
	r->text = NULL;
}

/* FNV-1a 64 over the compact JSON: cheap, and a change changes it. */
void
rf_etag(const cJSON *o, char *out, size_t outlen)
{
	char		*s;
	uint64_t	 h = 0xcbf29ce484222325ULL;
	const unsigned char *p;

	out[0] = '\0';
	if ((s = cJSON_PrintUnformatted(o)) == NULL)
		return;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	cJSON_free(s);
	(void)snprintf(out, outlen, "W/\"%016llx\"", (unsigned long long)h);
}

/*
 * The server id a URI names when it is a System, Chassis or Manager
 * itself ("/redfish/v1/Systems/<id>", no further path; -M's Targets), its
 * length in *len; NULL otherwise.
 */
const char *
rf_server_of(const char *uri, size_t *len)
{
	static const char *const pre[] = { "/redfish/v1/Systems/",
	    "/redfish/v1/Chassis/", "/redfish/v1/Managers/" };
	size_t	i, l;

	for (i = 0; i < nitems(pre); i++) {
		l = strlen(pre[i]);
		if (strncmp(uri, pre[i], l) == 0 && uri[l] != '\0' &&
		    strchr(uri + l, '/') == NULL) {
			*len = strlen(uri + l);
			return uri + l;
		}
	}
	return NULL;
}

/* http(s)://host[:port]/... with host a loopback literal or "localhost". */
int
rf_dest_allowed(const char *url, int any)
{
	const char	*h, *e;
	char		 host[256];
	size_t		 n;

	if (strncasecmp(url, "http://", 7) == 0)
		h = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		h = url + 8;
	else
		return 0;
	if (strpbrk(h, "@") != NULL &&
	    strpbrk(h, "@") < h + strcspn(h, "/"))
		return 0;			/* no userinfo tricks */
	if (*h == '[') {
		if ((e = strchr(h, ']')) == NULL)
			return 0;
		n = (size_t)(e - h - 1);
		h++;
	} else
		n = strcspn(h, ":/?#");
	if (n == 0 || n >= sizeof(host))
		return 0;
	memcpy(host, h, n);
	host[n] = '\0';
	if (any)
		return 1;
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "::1") == 0)
		return 1;
	if (strncmp(host, "127.", 4) == 0 &&
	    strspn(host, "0123456789.") == n)
		return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* small builders */

cJSON *
res_new(const char *id, const char *type, const char *ctx)
{
	cJSON	*o;
	char	 c[128];

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "@odata.id", id);
	cJSON_AddStringToObject(o, "@odata.type", type);
	if (ctx != NULL) {
		(void)snprintf(c, sizeof(c), V1 "/$metadata#%s", ctx);
		cJSON_AddStringToObject(o, "@odata.context", c);
	}
	return o;
}

cJSON *
add_link(cJSON *o, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	 p[RF_PATH_MAX];
	cJSON	*l;

	if (o == NULL)
		return NULL;
	va_start(ap, fmt);
	(void)vsnprintf(p, sizeof(p), fmt, ap);
	va_end(ap);
	if ((l = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(l, "@odata.id", p);
	if (cJSON_IsArray(o))
		cJSON_AddItemToArray(o, l);
	else {
		cJSON_DeleteItemFromObjectCaseSensitive(o, name);
		cJSON_AddItemToObject(o, name, l);
	}
	return l;
}

void
add_status(cJSON *o, const char *state, const char *health)
{
	cJSON	*s;

	cJSON_DeleteItemFromObjectCaseSensitive(o, "Status");
	if ((s = cJSON_AddObjectToObject(o, "Status")) == NULL)
		return;
	cJSON_AddStringToObject(s, "State", state);
	if (health != NULL)
		cJSON_AddStringToObject(s, "Health", health);
}

cJSON *
coll_new(const char *id, const char *type, const char *name)
{
	char	 t[96], c[96];
	cJSON	*o;

	(void)snprintf(t, sizeof(t), "#%s.%s", type, type);
	(void)snprintf(c, sizeof(c), "%s.%s", type, type);
	if ((o = res_new(id, t, c)) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Name", name);
	cJSON_AddItemToObject(o, "Members", cJSON_CreateArray());
	return o;
}

/* Set Members@odata.count from Members (call last). */
void
coll_done(cJSON *o)
{
	cJSON	*m = cJSON_GetObjectItemCaseSensitive(o, "Members");

	cJSON_AddNumberToObject(o, "Members@odata.count",
	    cJSON_GetArraySize(m));
}

cJSON *
members(cJSON *o)
{
	return cJSON_GetObjectItemCaseSensitive(o, "Members");
}

/* powerd accounts: "enabled" defaults to true */
int
acct_enabled(const cJSON *a)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(a, "enabled");

	return v == NULL || cJSON_IsTrue(v);
}

void
iso_time(time_t t, char *out, size_t outlen)
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, outlen, "%Y-%m-%dT%H:%M:%S+00:00", &tm) == 0)
		(void)strlcpy(out, "1970-01-01T00:00:00+00:00", outlen);
}

void
add_action(cJSON *actions, const char *name, const char *target,
    const char *info, const char *param, const char *const *vals)
{
	cJSON	*a, *arr;

	if ((a = cJSON_AddObjectToObject(actions, name)) == NULL)
		return;
	cJSON_AddStringToObject(a, "target", target);
	if (info != NULL)
		cJSON_AddStringToObject(a, "@Redfish.ActionInfo", info);
	if (param != NULL && vals != NULL) {
		char k[64];

		(void)snprintf(k, sizeof(k), "%s@Redfish.AllowableValues",
		    param);
		if ((arr = cJSON_AddArrayToObject(a, k)) == NULL)
			return;
		for (; *vals != NULL; vals++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(*vals));
	}
}

/* ------------------------------------------------------------------ */
/* powerd */

/* Map a powerd error token to an HTTP answer. */
void
pd_fail(struct ctx *c, const cJSON *rep)
{
	const char	*tok = "engine", *msg = "";
	const cJSON	*t;

	if ((t = cJSON_GetObjectItemCaseSensitive(rep, "error")) != NULL &&
	    cJSON_IsString(t))
		tok = t->valuestring;
	if ((t = cJSON_GetObjectItemCaseSensitive(rep, "message")) != NULL &&
	    cJSON_IsString(t))
		msg = t->valuestring;
	cJSON_Delete(c->resp->body);
	c->resp->body = NULL;
	if (strcmp(tok, "not-found") == 0 ||
	    strcmp(tok, "no-such-server") == 0) {
		c->resp->status = 404;
		c->resp->body = rf_error("ResourceNotFound", msg, "Resource",
		    c->req->path);
	} else if (strcmp(tok, "busy") == 0) {
		c->resp->status = 409;
		c->resp->body = rf_error("ResourceInUse", msg, NULL, NULL);
	} else if (strcmp(tok, "unsupported") == 0) {
		c->resp->status = 501;
		c->resp->body = rf_error("ActionNotSupported", msg, "action",
		    NULL);
	} else if (strcmp(tok, "timeout") == 0) {
		c->resp->status = 503;
		c->resp->body = rf_error("ServiceTemporarilyUnavailable", msg,
		    "5", NULL);
	} else if (strcmp(tok, "denied") == 0 ||
	    strcmp(tok, "bad-request") == 0 ||
	    strcmp(tok, "unknown-action") == 0) {
		c->resp->status = 400;
		c->resp->body = rf_error("GeneralError", msg, NULL, NULL);
	} else {
		c->resp->status = 500;
		c->resp->body = rf_error("InternalError", msg, NULL, NULL);
	}
}

/*
 * Call powerd: op on our server with optional action and extra fields
 * (consumed).  Returns the ok reply, or NULL with the response set
 * (503 when powerd is away, else the mapped error).  raw: return
 * "ok":false replies too.
 */
cJSON *
pd_call(struct ctx *c, const char *op, const char *action, cJSON *extra,
    int raw)
{
	cJSON	*req, *rep, *it, *next;

	if ((req = cJSON_CreateObject()) == NULL) {
		cJSON_Delete(extra);
		rf_fail(c->resp, 500, "InternalError", NULL, NULL);
		return NULL;
	}
	cJSON_AddStringToObject(req, "op", op);
	cJSON_AddStringToObject(req, "server", c->conf->server);
	if (action != NULL)
		cJSON_AddStringToObject(req, "action", action);
	cJSON_AddStringToObject(req, "by", "redfish");
	if (extra != NULL) {
		for (it = extra->child; it != NULL; it = next) {
			next = it->next;
			cJSON_AddItemToObject(req, it->string,
			    cJSON_DetachItemViaPointer(extra, it));
		}
		cJSON_Delete(extra);
	}
	rep = c->ops->pd(c->ops->arg, req);
	cJSON_Delete(req);
	if (rep == NULL) {
		rf_fail(c->resp, 503, "ServiceTemporarilyUnavailable", "5",
		    NULL);
		return NULL;
	}
	if (!raw && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep,
	    "ok"))) {
		pd_fail(c, rep);
		cJSON_Delete(rep);
		return NULL;
	}
	return rep;
}

const char *
jstr(const cJSON *o, const char *k, const char *def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : def;
}

double
jnum(const cJSON *o, const char *k, double def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* ------------------------------------------------------------------ */
/* value maps powerd <-> Redfish */


const struct vmap power_map[] = {
	{ "on", "On" }, { "off", "Off" }, { "powering-on", "PoweringOn" },
	{ "powering-off", "PoweringOff" }, { NULL, NULL }
};
const struct vmap target_map[] = {
	{ "none", "None" }, { "pxe", "Pxe" }, { "hdd", "Hdd" }, { "cd", "Cd" },
	{ "usb", "Usb" }, { "floppy", "Floppy" }, { "bios", "BiosSetup" },
	{ "diags", "Diags" }, { "uefi-shell", "UefiShell" },
	{ "uefi-target", "UefiTarget" }, { "uefi-http", "UefiHttp" },
	{ NULL, NULL }
};
const struct vmap enabled_map[] = {
	{ "disabled", "Disabled" }, { "once", "Once" },
	{ "continuous", "Continuous" }, { NULL, NULL }
};
const struct vmap mode_map[] = {
	{ "uefi", "UEFI" }, { "legacy", "Legacy" }, { NULL, NULL }
};
const struct vmap led_map[] = {
	{ "off", "Off" }, { "blink", "Blinking" }, { "on", "Lit" },
	{ NULL, NULL }
};
/* ResetType -> powerd power action (DSP0268 ResetType) */
const struct vmap reset_map[] = {
	{ "on", "On" }, { "off", "ForceOff" }, { "soft", "GracefulShutdown" },
	{ "reset", "GracefulRestart" }, { "reset", "ForceRestart" },
	{ "cycle", "PowerCycle" }, { "nmi", "Nmi" }, { NULL, NULL }
};

const char *
to_rf(const struct vmap *m, const char *pd, const char *def)
{
	if (pd == NULL)
		return def;
	for (; m->pd != NULL; m++)
		if (strcmp(m->pd, pd) == 0)
			return m->rf;
	return def;
}

const char *
to_pd(const struct vmap *m, const char *rf)
{
	for (; m->pd != NULL; m++)
		if (strcmp(m->rf, rf) == 0)
			return m->pd;
	return NULL;
}

void
add_allowable(cJSON *o, const char *key, const struct vmap *m)
{
	cJSON	*arr = cJSON_AddArrayToObject(o, key);

	for (; arr != NULL && m->pd != NULL; m++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(m->rf));
}

/* ------------------------------------------------------------------ */
/* PATCH validation (pure and table driven, unit-tested) */

/*
 * Check body against spec; the current resource tells read-only
 * (present) from unknown (absent) properties.  Returns 0, or -1 with
 * the error response set (every problem listed).  OData annotations
 * ("@odata.*") are ignored, as DSP0266 allows.
 */
int
patch_check(struct rf_resp *r, const cJSON *body, const cJSON *cur,
    const struct pspec *spec, const char *prefix)
{
	const cJSON		*it;
	const struct pspec	*p;
	char			 name[128], val[128];
	int			 bad = 0;

	cJSON_ArrayForEach(it, body) {
		if (strncmp(it->string, "@odata.", 7) == 0)
			continue;
		(void)snprintf(name, sizeof(name), "%s%s", prefix, it->string);
		for (p = spec; p != NULL && p->name != NULL; p++)
			if (strcmp(p->name, it->string) == 0)
				break;
		if (p == NULL || p->name == NULL) {
			if (cJSON_GetObjectItemCaseSensitive(cur, it->string))
				fail3(r, 400, "PropertyNotWritable", name,
				    NULL, NULL);
			else
				fail3(r, 400, "PropertyUnknown", name, NULL,
				    NULL);
			bad = 1;
			continue;
		}
		if (cJSON_IsString(it))
			(void)snprintf(val, sizeof(val), "%s",
			    it->valuestring);
		else {
			char *s = cJSON_PrintUnformatted(it);

			(void)snprintf(val, sizeof(val), "%s", s ? s : "");
			cJSON_free(s);
		}
		switch (p->type) {
		case PT_STR:
			if (!cJSON_IsString(it)) {
				fail3(r, 400, "PropertyValueTypeError", val,
				    name, NULL);
				bad = 1;
			} else if ((long)strlen(it->valuestring) < p->min ||
			    (long)strlen(it->valuestring) > p->max) {
				fail3(r, 400, "PropertyValueFormatError", val,
				    name, NULL);
				bad = 1;
			}
			break;
		case PT_BOOL:
			if (!cJSON_IsBool(it)) {
				fail3(r, 400, "PropertyValueTypeError", val,
				    name, NULL);
				bad = 1;
			}
			break;
		case PT_INT:
			if (!cJSON_IsNumber(it) ||
			    it->valuedouble != (double)(long)it->valuedouble) {
				fail3(r, 400, "PropertyValueTypeError", val,
				    name, NULL);
				bad = 1;
			} else if (it->valuedouble < p->min ||
			    it->valuedouble > p->max) {
				fail3(r, 400, "PropertyValueOutOfRange", val,
				    name, NULL);
				bad = 1;
			}
			break;
		case PT_ENUM:
			if (!cJSON_IsString(it)) {
				fail3(r, 400, "PropertyValueTypeError", val,
				    name, NULL);
				bad = 1;
			} else if (to_pd(p->enums, it->valuestring) == NULL) {
				fail3(r, 400, "PropertyValueNotInList", val,
				    name, NULL);
				bad = 1;
			}
			break;
		case PT_OBJ:
			if (!cJSON_IsObject(it)) {
				fail3(r, 400, "PropertyValueTypeError", val,
				    name, NULL);
				bad = 1;
				break;
			}
			(void)snprintf(name, sizeof(name), "%s%s/", prefix,
			    it->string);
			if (patch_check(r, it, cJSON_GetObjectItemCaseSensitive(
			    cur, it->string), p->sub, name) == -1)
				bad = 1;
			break;
		case PT_ANY:		/* checked by its handler */
			break;
		}
	}
	return bad ? -1 : 0;
}

/*
 * If-Match (RFC 7232 3.1): "*" or a comma-separated list of entity tags;
 * one must equal ours.  Weak comparison: W/ is ignored on both sides.
 */
static int
etag_match(const char *list, const char *et)
{
	const char	*p = list, *e;
	size_t		 n, el;

	if (strncmp(et, "W/", 2) == 0)
		et += 2;
	el = strlen(et);
	for (;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			return 0;
		if (*p == '*')
			return 1;
		e = p + strcspn(p, ",");
		n = (size_t)(e - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 2 && strncmp(p, "W/", 2) == 0) {
			p += 2;
			n -= 2;
		}
		if (n == el && memcmp(p, et, n) == 0)
			return 1;
		p = e;
	}
}

/*
 * The request body as a JSON object, parsed with the bounded, strict
 * parser (common/json.c): deep nesting, bad UTF-8, NUL, duplicate keys
 * and trailing data are 400 MalformedJSON.  NULL with resp set.
 */
cJSON *
body_object(struct ctx *c)
{
	cJSON	*b;

	if ((b = json_parse(c->req->body, c->req->bodylen, NULL)) == NULL ||
	    !cJSON_IsObject(b)) {
		cJSON_Delete(b);
		rf_fail(c->resp, 400, "MalformedJSON", NULL, NULL);
		return NULL;
	}
	return b;
}

/*
 * The common PATCH prologue: Content-Type, body parse, If-Match, spec.
 * Returns the parsed body (caller deletes) or NULL with resp set.
 */
cJSON *
patch_begin(struct ctx *c, const cJSON *cur, const struct pspec *spec)
{
	cJSON	*b;
	char	 et[sizeof(c->resp->etag)];

	if (c->req->if_match != NULL) {
		rf_etag(cur, et, sizeof(et));
		if (!etag_match(c->req->if_match, et)) {
			rf_fail(c->resp, 412, "PreconditionFailed", NULL, NULL);
			return NULL;
		}
	}
	if ((b = body_object(c)) == NULL)
		return NULL;
	if (b->child == NULL) {
		cJSON_Delete(b);
		rf_fail(c->resp, 400, "EmptyJSON", NULL, NULL);
		return NULL;
	}
	if (patch_check(c->resp, b, cur, spec, "") == -1) {
		cJSON_Delete(b);
		return NULL;
	}
	return b;
}

/* Parse an action body: object, every key one of params. */
cJSON *
action_begin(struct ctx *c, const char *action, const char *const *params)
{
	cJSON		*b;
	const cJSON	*it;
	const char *const *p;
	int		 bad = 0;

	if (c->req->bodylen == 0)
		b = cJSON_CreateObject();
	else if ((b = body_object(c)) == NULL)
		return NULL;
	cJSON_ArrayForEach(it, b) {
		if (strncmp(it->string, "@odata.", 7) == 0)
			continue;
		for (p = params; p != NULL && *p != NULL; p++)
			if (strcmp(*p, it->string) == 0)
				break;
		if (p == NULL || *p == NULL) {
			fail3(c->resp, 400, "ActionParameterNotSupported",
			    it->string, action, NULL);
			bad = 1;
		}
	}
	if (bad) {
		cJSON_Delete(b);
		return NULL;
	}
	return b;
}

const char *
action_str(struct ctx *c, const cJSON *b, const char *action,
    const char *param, int required)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(b, param);
	char		*s;

	if (v == NULL) {
		if (required)
			rf_fail(c->resp, 400, "ActionParameterMissing", action,
			    param);
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		s = cJSON_PrintUnformatted(v);
		fail3(c->resp, 400, "ActionParameterValueTypeError",
		    s ? s : "", param, action);
		cJSON_free(s);
		return NULL;
	}
	return v->valuestring;
}

void
no_content(struct ctx *c)
{
	cJSON_Delete(c->resp->body);
	c->resp->body = NULL;
	c->resp->status = 204;
}

/*
 * ETag of the body, also as "@odata.etag" in it.  The body is printed
 * once: the hash is over that text, and the same text with the property
 * spliced in before its closing brace becomes resp->text, which the glue
 * sends as is.
 */
void
set_etag(struct ctx *c)
{
	struct rf_resp	*r = c->resp;
	char		*s, *t;
	size_t		 l, tl;
	uint64_t	 h = 0xcbf29ce484222325ULL;
	const unsigned char *p;

	if ((s = cJSON_PrintUnformatted(r->body)) == NULL)
		return;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	(void)snprintf(r->etag, sizeof(r->etag), "W/\"%016llx\"",
	    (unsigned long long)h);
	cJSON_AddStringToObject(r->body, "@odata.etag", r->etag);
	l = strlen(s);
	tl = l + 48;
	if (l >= 2 && s[l - 1] == '}' && (t = malloc(tl)) != NULL) {
		memcpy(t, s, l - 1);
		(void)snprintf(t + l - 1, tl - (l - 1),
		    ",\"@odata.etag\":\"W/\\\"%016llx\\\"\"}",
		    (unsigned long long)h);
		free(r->text);
		r->text = t;
		r->ctype = "application/json; charset=utf-8";
	}
	cJSON_free(s);
}

int
is_ours(struct ctx *c, const char *id, const char *type)
{
	if (strcmp(id, type[0] == 'M' ? MGRID(c) : c->conf->server) == 0)
		return 1;
	rf_fail(c->resp, 404, "ResourceNotFound", type, id);
	return 0;
}

const char *
mgr_path(struct ctx *c, const char *suffix)
{
	char	*p = c->mp[c->nmp++ % 2];

	(void)snprintf(p, RF_PATH_MAX, V1 "/Managers/%s%s", MGRID(c), suffix);
	return p;
}

/* ------------------------------------------------------------------ */
/* the table (TaskService, UpdateService: rf_hw.c and rf_task.c) */

#define A_NONE	RF_PRIV_NOAUTH
#define A_COMP	RF_PRIV_CONF_COMP
#define A_MGR	RF_PRIV_CONF_MGR
#define A_USERS	RF_PRIV_CONF_USERS
#define A_LOGIN	RF_PRIV_LOGIN

static const struct route routes[] = {
	{ "/redfish", M_GET, 0, h_redfish },
	{ V1, M_GET, 0, h_root },
	{ V1 "/$metadata", M_GET, 0, h_metadata },
	{ V1 "/odata", M_GET, 0, h_odata },
	{ V1 "/Systems", M_GET, 0, h_systems },
	{ V1 "/Systems/*", M_GET | M_PATCH, A_COMP, h_system },
	{ V1 "/Systems/*/ResetActionInfo", M_GET, 0, h_system_resetinfo },
	{ V1 "/Systems/*/Actions/ComputerSystem.Reset", M_POST, A_COMP,
	  h_system_reset },
	{ V1 "/Chassis", M_GET, 0, h_chassis_coll },
	{ V1 "/Chassis/*", M_GET | M_PATCH, A_COMP, h_chassis },
	{ V1 "/Chassis/*/Thermal", M_GET, 0, h_thermal },
	{ V1 "/Chassis/*/Power", M_GET, 0, h_power },
	{ V1 "/Chassis/*/Sensors", M_GET, 0, h_sensors },
	{ V1 "/Chassis/*/Sensors/*", M_GET, 0, h_sensor },
	{ V1 "/Chassis/*/ThermalSubsystem", M_GET, 0, h_thermalsub },
	{ V1 "/Chassis/*/PowerSubsystem", M_GET, 0, h_powersub },
	{ V1 "/Managers", M_GET, 0, h_managers },
	{ V1 "/Managers/*", M_GET, 0, h_manager },
	{ V1 "/Managers/*/ResetActionInfo", M_GET, 0, h_manager_resetinfo },
	{ V1 "/Managers/*/Actions/Manager.Reset", M_POST, A_MGR,
	  h_manager_reset },
	{ V1 "/Managers/*/NetworkProtocol", M_GET | M_PATCH, A_MGR,
	  h_netproto },
	{ V1 "/Managers/*/EthernetInterfaces", M_GET, 0, h_ethifs },
	{ V1 "/Managers/*/EthernetInterfaces/*", M_GET | M_PATCH, A_MGR,
	  h_ethif },
	{ V1 "/Managers/*/LogServices", M_GET, 0, h_logservices },
	{ V1 "/Managers/*/LogServices/*", M_GET, 0, h_logservice },
	{ V1 "/Managers/*/LogServices/*/Entries", M_GET, 0, h_entries },
	{ V1 "/Managers/*/LogServices/*/Entries/*", M_GET, 0, h_entry },
	{ V1 "/Managers/*/LogServices/*/Actions/LogService.ClearLog", M_POST,
	  A_MGR, h_clearlog },
	{ V1 "/Managers/*/VirtualMedia", M_GET, 0, h_vmedia_coll },
	{ V1 "/Managers/*/VirtualMedia/*", M_GET, 0, h_vmedia },
	{ V1 "/Managers/*/VirtualMedia/*/Actions/VirtualMedia.InsertMedia",
	  M_POST, A_MGR, h_insert },
	{ V1 "/Managers/*/VirtualMedia/*/Actions/VirtualMedia.EjectMedia",
	  M_POST, A_MGR, h_eject },
	{ V1 "/SessionService", M_GET | M_PATCH, A_MGR, h_sesssvc },
	{ V1 "/SessionService/Sessions", M_GET | M_POST, A_NONE, h_sessions },
	/* own session: checked in the handler */
	{ V1 "/SessionService/Sessions/*", M_GET | M_DEL, A_LOGIN, h_session },
	{ V1 "/AccountService", M_GET | M_PATCH, A_USERS, h_acctsvc },
	{ V1 "/AccountService/Accounts", M_GET | M_POST, A_USERS,
	  h_accounts },
	/* ConfigureUsers or ConfigureSelf: checked in the handler */
	{ V1 "/AccountService/Accounts/*", M_GET | M_PATCH | M_DEL, A_LOGIN,
	  h_account },
	{ V1 "/AccountService/Roles", M_GET, 0, h_roles },
	{ V1 "/AccountService/Roles/*", M_GET, 0, h_role },
	{ V1 "/EventService", M_GET, 0, h_evsvc },
	{ V1 "/EventService/Subscriptions", M_GET | M_POST, A_MGR, h_subs },
	{ V1 "/EventService/Subscriptions/*", M_GET | M_PATCH | M_DEL, A_MGR,
	  h_sub },
	{ V1 "/EventService/Actions/EventService.SubmitTestEvent", M_POST,
	  A_MGR, h_testevent },
};

/* Routes public without authentication (DSP0266 "Authentication"). */
static int
public_get(const char *pat)
{
	return strcmp(pat, "/redfish") == 0 || strcmp(pat, V1) == 0 ||
	    strcmp(pat, V1 "/$metadata") == 0 || strcmp(pat, V1 "/odata") == 0;
}

/* A path of rf_hw.c's table: a route without fn, in c->hwr. */
static const struct route *
hw_route(struct ctx *c, const char *path)
{
	if (c->hwr == NULL || rf_hw_match(path, &c->hwr->methods,
	    &c->hwr->wpriv) == -1)
		return NULL;
	c->hwr->pat = "";
	c->hwr->fn = NULL;
	return c->hwr;
}

/*
 * Split path into c->buf segments and match.  A trailing '/' is
 * ignored ("/redfish/v1/" is the root).  Returns the route or NULL.
 */
static const struct route *
match(struct ctx *c, const char *path)
{
	const char	*seg[RF_SEG_MAX];
	char		*p, *s;
	int		 n = 0, k;
	size_t		 i, len;

	len = strlen(path);
	if (len == 0 || len >= sizeof(c->buf) || path[0] != '/')
		return NULL;
	memcpy(c->buf, path, len + 1);
	while (len > 1 && c->buf[len - 1] == '/')
		c->buf[--len] = '\0';
	for (p = c->buf + 1; (s = strsep(&p, "/")) != NULL;) {
		if (*s == '\0' || n == RF_SEG_MAX)
			return NULL;		/* "//" or too deep */
		seg[n++] = s;
	}
	for (i = 0; i < nitems(routes); i++) {
		const char *q = routes[i].pat + 1;

		c->narg = 0;
		for (k = 0; k < n; k++) {
			size_t l = strcspn(q, "/");

			if (l == 1 && q[0] == '*') {
				if (c->narg < (int)nitems(c->arg))
					c->arg[c->narg++] = seg[k];
			} else if (strlen(seg[k]) != l ||
			    strncmp(seg[k], q, l) != 0)
				break;
			q += l;
			if (*q == '/')
				q++;
			else if (k + 1 < n) {
				k = -1;
				break;
			}
		}
		if (k == n && *q == '\0')
			return &routes[i];
	}
	return hw_route(c, path);
}

unsigned
rf_route_privs(const struct rf_req *req)
{
	struct ctx		 c;
	const struct route	*r;
	struct route		 hr;

	memset(&c, 0, sizeof(c));
	c.hwr = &hr;
	if ((r = match(&c, req->path)) == NULL)
		return RF_PRIV_LOGIN;	/* 404 only for the authenticated */
	if (req->method == RF_M_GET || req->method == RF_M_HEAD) {
		if (public_get(r->pat))
			return RF_PRIV_NOAUTH;
		return RF_PRIV_LOGIN;
	}
	if (r->wpriv == 0)
		return RF_PRIV_LOGIN;	/* 405 comes later */
	if (r->wpriv == A_NONE && req->method == RF_M_POST)
		return RF_PRIV_NOAUTH;
	return r->wpriv & ~RF_PRIV_NOAUTH ? r->wpriv & ~RF_PRIV_NOAUTH :
	    RF_PRIV_LOGIN;
}

static void
allow_str(unsigned m, char *out, size_t outlen)
{
	static const char *const names[] = { "GET", "HEAD", "POST", "PATCH",
	    "PUT", "DELETE" };
	size_t	 i;

	out[0] = '\0';
	for (i = 0; i < nitems(names); i++)
		if (m & RF_MBIT(i)) {
			if (out[0] != '\0')
				(void)strlcat(out, ", ", outlen);
			(void)strlcat(out, names[i], outlen);
		}
}

void
rf_route(const struct rf_conf *conf, const struct rf_ops *ops,
    const struct rf_req *req, struct rf_resp *resp)
{
	struct ctx		 c;
	const struct route	*r;
	struct route		 hr;
	struct rf_req		 r2;
	char			 members_path[RF_PATH_MAX];
	size_t			 len;
	unsigned		 need;

	memset(&c, 0, sizeof(c));
	c.conf = conf;
	c.ops = ops;
	c.req = req;
	c.resp = resp;
	c.hwr = &hr;
	resp->status = 200;
	/* DSP0266: POST to a collection's Members is POST to the collection */
	if (req->method == RF_M_POST && (len = strlen(req->path)) > 8 &&
	    len < sizeof(members_path) &&
	    strcmp(req->path + len - 8, "/Members") == 0) {
		memcpy(members_path, req->path, len - 8);
		members_path[len - 8] = '\0';
		r2 = *req;
		r2.path = members_path;
		c.req = req = &r2;
	}
	/*
	 * Without credentials only the public documents are answered: an
	 * unknown path or method is 401 like any other (bmcweb does the
	 * same), so nothing about the tree leaks to the anonymous.
	 */
	need = rf_route_privs(req);
	if (!(need & RF_PRIV_NOAUTH) && !req->authed) {
		rf_fail(resp, 401, "NoValidSession", NULL, NULL);
		resp->www_auth = 1;
		return;
	}
	if ((r = match(&c, req->path)) == NULL) {
		rf_fail(resp, 404, "ResourceNotFound", "Resource", req->path);
		return;
	}
	allow_str(r->methods, resp->allow, sizeof(resp->allow));
	if (req->method == RF_M_OTHER || !(r->methods & RF_MBIT(req->method))) {
		rf_fail(resp, 405, "OperationNotAllowed", NULL, NULL);
		return;
	}
	if (!(need & RF_PRIV_NOAUTH)) {
		if ((rf_role_privs(req->role) & need) != need) {
			rf_fail(resp, 403, "InsufficientPrivilege", NULL, NULL);
			return;
		}
	}
	/* the push URI takes multipart/form-data (rf_hw.c h_push) */
	if ((req->method == RF_M_POST || req->method == RF_M_PATCH) &&
	    !req->json_ctype && strcmp(req->path, RF_HW_PUSH_URI) != 0) {
		rf_fail(resp, 415, "UnsupportedMediaType", NULL, NULL);
		return;
	}
	if (r->fn != NULL)
		r->fn(&c);
	else
		rf_hw_route(conf, ops, req, resp);
	if (resp->status < 300 && resp->body == NULL && resp->text == NULL &&
	    resp->status != 204)
		rf_fail(resp, 500, "InternalError", NULL, NULL);
}
