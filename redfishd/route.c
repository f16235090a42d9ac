/* route.c: the Redfish resource tree: method, path, body -> status, JSON (pure). */
/* SPDX-License-Identifier: ISC */

/*
 * Pure in the house sense: no fds, no clock, no globals.  Everything that
 * needs I/O (powerd, the session and subscription tables, a URL check,
 * event fan-out) is reached through struct rf_ops, which the glue fills
 * in and the unit tests fake.  References: DMTF DSP0266 (protocol),
 * DSP0268 (schema guide), the Base message registry.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rf.h"
#include "rf_hw.h"
#include "util.h"

#define V1		"/redfish/v1"
#define MGR		"bmc"
#define SSE_URI		V1 "/EventService/SSE"

struct ctx {
	const struct rf_conf	*conf;
	const struct rf_ops	*ops;
	const struct rf_req	*req;
	struct rf_resp		*resp;
	const char		*arg[3];	/* the '*' segments */
	int			 narg;
	struct route		*hwr;	/* filled when rf_hw.c has the path */
	char			 buf[RF_PATH_MAX];
};

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

/* One Message (Message.v1_1_1) of the Base registry. */
static cJSON *
msg_new(const char *id, const char *a1, const char *a2, const char *a3)
{
	const struct msgdef	*d = msg_find(id);
	const char		*args[3] = { a1, a2, a3 };
	char			 text[512], full[64];
	cJSON			*m, *arr;
	int			 i;

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
	char	 code[64];

	(void)snprintf(code, sizeof(code), "%s.%s", RF_REGISTRY, id);
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
static void
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
static void
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

static cJSON *
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

static cJSON *
add_link(cJSON *o, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static cJSON *
add_link(cJSON *o, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	 p[RF_PATH_MAX];
	cJSON	*l;

	va_start(ap, fmt);
	(void)vsnprintf(p, sizeof(p), fmt, ap);
	va_end(ap);
	if ((l = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(l, "@odata.id", p);
	if (cJSON_IsArray(o))
		cJSON_AddItemToArray(o, l);
	else
		cJSON_AddItemToObject(o, name, l);
	return l;
}

static void
add_status(cJSON *o, const char *state, const char *health)
{
	cJSON	*s = cJSON_AddObjectToObject(o, "Status");

	if (s == NULL)
		return;
	cJSON_AddStringToObject(s, "State", state);
	if (health != NULL)
		cJSON_AddStringToObject(s, "Health", health);
}

static cJSON *
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
static void
coll_done(cJSON *o)
{
	cJSON	*m = cJSON_GetObjectItemCaseSensitive(o, "Members");

	cJSON_AddNumberToObject(o, "Members@odata.count",
	    cJSON_GetArraySize(m));
}

static cJSON *
members(cJSON *o)
{
	return cJSON_GetObjectItemCaseSensitive(o, "Members");
}

/* powerd accounts: "enabled" defaults to true */
static int
acct_enabled(const cJSON *a)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(a, "enabled");

	return v == NULL || cJSON_IsTrue(v);
}

static void
iso_time(time_t t, char *out, size_t outlen)
{
	struct tm	 tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, outlen, "%Y-%m-%dT%H:%M:%S+00:00", &tm) == 0)
		(void)strlcpy(out, "1970-01-01T00:00:00+00:00", outlen);
}

static void
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
static void
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
static cJSON *
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

static const char *
jstr(const cJSON *o, const char *k, const char *def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : def;
}

static double
jnum(const cJSON *o, const char *k, double def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* ------------------------------------------------------------------ */
/* value maps powerd <-> Redfish */

struct vmap {
	const char	*pd;
	const char	*rf;
};

static const struct vmap power_map[] = {
	{ "on", "On" }, { "off", "Off" }, { "powering-on", "PoweringOn" },
	{ "powering-off", "PoweringOff" }, { NULL, NULL }
};
static const struct vmap target_map[] = {
	{ "none", "None" }, { "pxe", "Pxe" }, { "hdd", "Hdd" }, { "cd", "Cd" },
	{ "usb", "Usb" }, { "floppy", "Floppy" }, { "bios", "BiosSetup" },
	{ "diags", "Diags" }, { "uefi-shell", "UefiShell" },
	{ "uefi-target", "UefiTarget" }, { "uefi-http", "UefiHttp" },
	{ NULL, NULL }
};
static const struct vmap enabled_map[] = {
	{ "disabled", "Disabled" }, { "once", "Once" },
	{ "continuous", "Continuous" }, { NULL, NULL }
};
static const struct vmap mode_map[] = {
	{ "uefi", "UEFI" }, { "legacy", "Legacy" }, { NULL, NULL }
};
static const struct vmap led_map[] = {
	{ "off", "Off" }, { "blink", "Blinking" }, { "on", "Lit" },
	{ NULL, NULL }
};
/* ResetType -> powerd power action (DSP0268 ResetType) */
static const struct vmap reset_map[] = {
	{ "on", "On" }, { "off", "ForceOff" }, { "soft", "GracefulShutdown" },
	{ "reset", "GracefulRestart" }, { "reset", "ForceRestart" },
	{ "cycle", "PowerCycle" }, { "nmi", "Nmi" }, { NULL, NULL }
};

static const char *
to_rf(const struct vmap *m, const char *pd, const char *def)
{
	if (pd == NULL)
		return def;
	for (; m->pd != NULL; m++)
		if (strcmp(m->pd, pd) == 0)
			return m->rf;
	return def;
}

static const char *
to_pd(const struct vmap *m, const char *rf)
{
	for (; m->pd != NULL; m++)
		if (strcmp(m->rf, rf) == 0)
			return m->pd;
	return NULL;
}

static void
add_allowable(cJSON *o, const char *key, const struct vmap *m)
{
	cJSON	*arr = cJSON_AddArrayToObject(o, key);

	for (; arr != NULL && m->pd != NULL; m++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(m->rf));
}

/* ------------------------------------------------------------------ */
/* PATCH validation (pure and table driven, unit-tested) */

enum ptype { PT_STR, PT_BOOL, PT_INT, PT_ENUM, PT_OBJ, PT_ANY };

struct pspec {
	const char		*name;
	enum ptype		 type;
	const struct vmap	*enums;		/* PT_ENUM: rf values */
	const struct pspec	*sub;		/* PT_OBJ */
	long			 min, max;	/* PT_INT; PT_STR length */
};

/*
 * Check body against spec; the current resource tells read-only
 * (present) from unknown (absent) properties.  Returns 0, or -1 with
 * the error response set (every problem listed).  OData annotations
 * ("@odata.*") are ignored, as DSP0266 allows.
 */
static int
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
 * The common PATCH prologue: Content-Type, body parse, If-Match, spec.
 * Returns the parsed body (caller deletes) or NULL with resp set.
 */
static cJSON *
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
	if ((b = cJSON_ParseWithLength(c->req->body, c->req->bodylen)) ==
	    NULL || !cJSON_IsObject(b)) {
		cJSON_Delete(b);
		rf_fail(c->resp, 400, "MalformedJSON", NULL, NULL);
		return NULL;
	}
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
static cJSON *
action_begin(struct ctx *c, const char *action, const char *const *params)
{
	cJSON		*b;
	const cJSON	*it;
	const char *const *p;
	int		 bad = 0;

	if (c->req->bodylen == 0)
		b = cJSON_CreateObject();
	else if ((b = cJSON_ParseWithLength(c->req->body, c->req->bodylen)) ==
	    NULL || !cJSON_IsObject(b)) {
		cJSON_Delete(b);
		rf_fail(c->resp, 400, "MalformedJSON", NULL, NULL);
		return NULL;
	}
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

static const char *
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

static void
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
static void
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

static int
is_ours(struct ctx *c, const char *id, const char *type)
{
	if (strcmp(id, type[0] == 'M' ? MGR : c->conf->server) == 0)
		return 1;
	rf_fail(c->resp, 404, "ResourceNotFound", type, id);
	return 0;
}

/* ------------------------------------------------------------------ */
/* /redfish, service root, $metadata, odata */

static void
h_redfish(struct ctx *c)
{
	c->resp->body = cJSON_CreateObject();
	cJSON_AddStringToObject(c->resp->body, "v1", "/redfish/v1/");
}

static void
h_root(struct ctx *c)
{
	cJSON	*o, *f, *e, *inv, *q;
	const char *uuid = NULL;

	o = c->resp->body = res_new(V1, "#ServiceRoot.v1_15_0.ServiceRoot",
	    "ServiceRoot.ServiceRoot");
	if (o == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", "RootService");
	cJSON_AddStringToObject(o, "Name", "Root Service");
	cJSON_AddStringToObject(o, "RedfishVersion", "1.17.0");
	/* UUID needs powerd; the root stays up without it */
	if ((q = cJSON_CreateObject()) != NULL) {
		cJSON_AddStringToObject(q, "op", "inventory");
		cJSON_AddStringToObject(q, "server", c->conf->server);
		inv = c->ops->pd(c->ops->arg, q);
		cJSON_Delete(q);
		if (inv != NULL && cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(inv, "ok")))
			uuid = jstr(cJSON_GetObjectItemCaseSensitive(inv,
			    "inventory"), "uuid", NULL);
		if (uuid != NULL)
			cJSON_AddStringToObject(o, "UUID", uuid);
		cJSON_Delete(inv);
	}
	cJSON_AddStringToObject(o, "Product", "bmcsim");
	cJSON_AddStringToObject(o, "Vendor", "bmcsim");
	add_link(o, "Systems", V1 "/Systems");
	add_link(o, "Chassis", V1 "/Chassis");
	add_link(o, "Managers", V1 "/Managers");
	add_link(o, "SessionService", V1 "/SessionService");
	add_link(o, "AccountService", V1 "/AccountService");
	add_link(o, "EventService", V1 "/EventService");
	add_link(o, "Tasks", V1 "/TaskService");
	rf_hw_extend(c->conf, c->ops, RF_HW_ROOT, o);
	if ((f = cJSON_AddObjectToObject(o, "Links")) != NULL)
		add_link(f, "Sessions", V1 "/SessionService/Sessions");
	if ((f = cJSON_AddObjectToObject(o, "ProtocolFeaturesSupported")) !=
	    NULL) {
		cJSON_AddBoolToObject(f, "FilterQuery", 0);
		cJSON_AddBoolToObject(f, "SelectQuery", 0);
		cJSON_AddBoolToObject(f, "OnlyMemberQuery", 0);
		cJSON_AddBoolToObject(f, "ExcerptQuery", 0);
		if ((e = cJSON_AddObjectToObject(f, "ExpandQuery")) != NULL) {
			cJSON_AddBoolToObject(e, "ExpandAll", 0);
			cJSON_AddBoolToObject(e, "Levels", 0);
			cJSON_AddBoolToObject(e, "Links", 0);
			cJSON_AddBoolToObject(e, "NoLinks", 0);
		}
	}
}

/* Schemas we use: file, namespace, version ("" for collections). */
static const struct schema {
	const char	*ns;
	const char	*ver;
} schemas[] = {
	{ "ServiceRoot", "v1_15_0" },
	{ "ComputerSystemCollection", "" }, { "ComputerSystem", "v1_20_0" },
	{ "ChassisCollection", "" }, { "Chassis", "v1_23_0" },
	{ "ManagerCollection", "" }, { "Manager", "v1_17_0" },
	{ "Thermal", "v1_7_1" }, { "Power", "v1_7_1" },
	{ "SensorCollection", "" }, { "Sensor", "v1_7_0" },
	{ "ThermalSubsystem", "v1_3_0" }, { "PowerSubsystem", "v1_1_0" },
	{ "ManagerNetworkProtocol", "v1_9_0" },
	{ "LogServiceCollection", "" }, { "LogService", "v1_4_0" },
	{ "LogEntryCollection", "" }, { "LogEntry", "v1_15_0" },
	{ "VirtualMediaCollection", "" }, { "VirtualMedia", "v1_6_0" },
	{ "SessionService", "v1_1_8" }, { "SessionCollection", "" },
	{ "Session", "v1_7_0" },
	{ "AccountService", "v1_13_0" }, { "ManagerAccountCollection", "" },
	{ "ManagerAccount", "v1_10_0" }, { "RoleCollection", "" },
	{ "Role", "v1_3_1" },
	{ "EventService", "v1_10_0" }, { "EventDestinationCollection", "" },
	{ "EventDestination", "v1_13_0" }, { "Event", "v1_7_0" },
	{ "TaskService", "v1_2_0" }, { "TaskCollection", "" },
	{ "Task", "v1_7_0" },
	{ "ActionInfo", "v1_3_0" }, { "Message", "v1_1_1" },
	{ "Resource", "v1_14_0" },
	/* rf_hw.c */
	{ "ProcessorCollection", "" }, { "Processor", "v1_18_0" },
	{ "MemoryCollection", "" }, { "Memory", "v1_17_0" },
	{ "EthernetInterfaceCollection", "" },
	{ "EthernetInterface", "v1_9_0" },
	{ "StorageCollection", "" }, { "Storage", "v1_13_0" },
	{ "StorageControllerCollection", "" },
	{ "StorageController", "v1_6_0" }, { "Drive", "v1_15_0" },
	{ "VolumeCollection", "" }, { "Volume", "v1_9_0" },
	{ "SimpleStorageCollection", "" }, { "SimpleStorage", "v1_3_1" },
	{ "Bios", "v1_2_0" }, { "Settings", "v1_3_5" },
	{ "MessageRegistryFileCollection", "" },
	{ "MessageRegistryFile", "v1_1_3" },
	{ "AttributeRegistry", "v1_3_8" },
	{ "SecureBoot", "v1_1_0" }, { "SecureBootDatabaseCollection", "" },
	{ "SecureBootDatabase", "v1_0_1" },
	{ "BootOptionCollection", "" }, { "BootOption", "v1_0_4" },
	{ "NetworkAdapterCollection", "" }, { "NetworkAdapter", "v1_9_0" },
	{ "NetworkDeviceFunctionCollection", "" },
	{ "NetworkDeviceFunction", "v1_9_0" },
	{ "PowerSupplyCollection", "" }, { "PowerSupply", "v1_5_0" },
	{ "FanCollection", "" }, { "Fan", "v1_4_0" },
	{ "UpdateService", "v1_11_0" }, { "SoftwareInventoryCollection", "" },
	{ "SoftwareInventory", "v1_9_0" },
};

static void
h_metadata(struct ctx *c)
{
	size_t	 i, cap = 32768, o = 0;
	int	 n;
	char	*t;

	if ((t = malloc(cap)) == NULL) {
		rf_fail(c->resp, 500, "InternalError", NULL, NULL);
		return;
	}
	n = snprintf(t, cap,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\""
	    " Version=\"4.0\">\n"
	    "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/v1/"
	    "RedfishExtensions_v1.xml\">\n"
	    "    <edmx:Include Namespace=\"RedfishExtensions.v1_0_0\""
	    " Alias=\"Redfish\"/>\n"
	    "  </edmx:Reference>\n");
	o += (size_t)n;
	for (i = 0; i < nitems(schemas); i++) {
		const char *file = schemas[i].ns;

		n = snprintf(t + o, cap - o,
		    "  <edmx:Reference Uri=\"http://redfish.dmtf.org/schemas/"
		    "v1/%s_v1.xml\">\n"
		    "    <edmx:Include Namespace=\"%s\"/>\n", file,
		    schemas[i].ns);
		if (n < 0 || (size_t)n >= cap - o)
			goto full;
		o += (size_t)n;
		if (schemas[i].ver[0] != '\0') {
			n = snprintf(t + o, cap - o,
			    "    <edmx:Include Namespace=\"%s.%s\"/>\n",
			    schemas[i].ns, schemas[i].ver);
			if (n < 0 || (size_t)n >= cap - o)
				goto full;
			o += (size_t)n;
		}
		n = snprintf(t + o, cap - o, "  </edmx:Reference>\n");
		if (n < 0 || (size_t)n >= cap - o)
			goto full;
		o += (size_t)n;
	}
	n = snprintf(t + o, cap - o,
	    "  <edmx:DataServices>\n"
	    "    <Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\""
	    " Namespace=\"Service\">\n"
	    "      <EntityContainer Name=\"Service\""
	    " Extends=\"ServiceRoot.v1_15_0.ServiceContainer\"/>\n"
	    "    </Schema>\n"
	    "  </edmx:DataServices>\n"
	    "</edmx:Edmx>\n");
	if (n < 0 || (size_t)n >= cap - o)
		goto full;
	c->resp->text = t;
	c->resp->ctype = "application/xml";
	return;
full:
	free(t);
	rf_fail(c->resp, 500, "InternalError", NULL, NULL);
}

static void
h_odata(struct ctx *c)
{
	static const char *const top[][2] = {
		{ "Service", V1 "/" }, { "Systems", V1 "/Systems" },
		{ "Chassis", V1 "/Chassis" }, { "Managers", V1 "/Managers" },
		{ "SessionService", V1 "/SessionService" },
		{ "AccountService", V1 "/AccountService" },
		{ "EventService", V1 "/EventService" },
		{ "TaskService", V1 "/TaskService" },
	};
	cJSON	*o, *v, *e;
	size_t	 i;

	if ((o = c->resp->body = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddStringToObject(o, "@odata.context", V1 "/$metadata");
	if ((v = cJSON_AddArrayToObject(o, "value")) == NULL)
		return;
	for (i = 0; i < nitems(top); i++) {
		if ((e = cJSON_CreateObject()) == NULL)
			return;
		cJSON_AddStringToObject(e, "name", top[i][0]);
		cJSON_AddStringToObject(e, "kind", "Singleton");
		cJSON_AddStringToObject(e, "url", top[i][1]);
		cJSON_AddItemToArray(v, e);
	}
}

/* ------------------------------------------------------------------ */
/* Systems */

static void
h_systems(struct ctx *c)
{
	cJSON	*o;

	o = c->resp->body = coll_new(V1 "/Systems",
	    "ComputerSystemCollection", "Computer System Collection");
	if (o == NULL)
		return;
	add_link(members(o), NULL, V1 "/Systems/%s", c->conf->server);
	coll_done(o);
}

static const char *const reset_types[] = {
	"On", "ForceOff", "GracefulShutdown", "GracefulRestart",
	"ForceRestart", "PowerCycle", "Nmi", NULL
};

/* status + inventory: both or NULL with resp set */
static int
pd_status_inv(struct ctx *c, cJSON **st, cJSON **inv)
{
	*st = *inv = NULL;
	if ((*st = pd_call(c, "status", NULL, NULL, 0)) == NULL)
		return -1;
	if ((*inv = pd_call(c, "inventory", NULL, NULL, 0)) == NULL) {
		cJSON_Delete(*st);
		*st = NULL;
		return -1;
	}
	return 0;
}

static const char *
led_of(const cJSON *st)
{
	const cJSON	*id = cJSON_GetObjectItemCaseSensitive(st, "identify");

	return to_rf(led_map, jstr(id, "state", "off"), "Off");
}

static cJSON *
system_build(struct ctx *c)
{
	cJSON		*st = NULL, *inv = NULL, *o = NULL, *b, *x, *a;
	const cJSON	*i, *bo;
	char		 p[RF_PATH_MAX], t[40];
	const char	*pw;

	if (pd_status_inv(c, &st, &inv) == -1)
		return NULL;
	i = cJSON_GetObjectItemCaseSensitive(inv, "inventory");
	bo = cJSON_GetObjectItemCaseSensitive(st, "boot");
	(void)snprintf(p, sizeof(p), V1 "/Systems/%s", c->conf->server);
	if ((o = res_new(p, "#ComputerSystem.v1_20_0.ComputerSystem",
	    "ComputerSystem.ComputerSystem")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", c->conf->server);
	cJSON_AddStringToObject(o, "Name", jstr(i, "name", c->conf->server));
	cJSON_AddStringToObject(o, "SystemType", "Physical");
	cJSON_AddStringToObject(o, "Manufacturer", jstr(i, "manufacturer",
	    ""));
	cJSON_AddStringToObject(o, "Model", jstr(i, "model", ""));
	cJSON_AddStringToObject(o, "SerialNumber", jstr(i, "serial", ""));
	cJSON_AddStringToObject(o, "PartNumber", jstr(i, "part", ""));
	/* validators want unsupported properties left out, not "" */
	if (*jstr(i, "sku", "") != '\0')
		cJSON_AddStringToObject(o, "SKU", jstr(i, "sku", ""));
	if (*jstr(i, "asset_tag", "") != '\0')
		cJSON_AddStringToObject(o, "AssetTag", jstr(i, "asset_tag",
		    ""));
	cJSON_AddStringToObject(o, "UUID", jstr(i, "uuid", ""));
	cJSON_AddStringToObject(o, "BiosVersion", jstr(i, "bios_version", ""));
	pw = to_rf(power_map, jstr(st, "power", NULL), NULL);
	if (pw != NULL)
		cJSON_AddStringToObject(o, "PowerState", pw);
	else
		cJSON_AddNullToObject(o, "PowerState");
	cJSON_AddStringToObject(o, "IndicatorLED", led_of(st));
	cJSON_AddBoolToObject(o, "LocationIndicatorActive",
	    strcmp(led_of(st), "Off") != 0);
	iso_time((time_t)jnum(st, "last_reset", 0), t, sizeof(t));
	cJSON_AddStringToObject(o, "LastResetTime", t);
	add_status(o, "Enabled", "OK");
	if ((b = cJSON_AddObjectToObject(o, "Boot")) != NULL) {
		cJSON_AddStringToObject(b, "BootSourceOverrideEnabled",
		    to_rf(enabled_map, jstr(bo, "enabled", NULL), "Disabled"));
		cJSON_AddStringToObject(b, "BootSourceOverrideTarget",
		    to_rf(target_map, jstr(bo, "target", NULL), "None"));
		add_allowable(b, "BootSourceOverrideTarget@Redfish."
		    "AllowableValues", target_map);
		cJSON_AddStringToObject(b, "BootSourceOverrideMode",
		    to_rf(mode_map, jstr(bo, "mode", NULL), "UEFI"));
		add_allowable(b, "BootSourceOverrideMode@Redfish."
		    "AllowableValues", mode_map);
		cJSON_AddStringToObject(b, "UefiTargetBootSourceOverride",
		    jstr(bo, "uefi_target", ""));
	}
	if ((x = cJSON_AddObjectToObject(o, "ProcessorSummary")) != NULL) {
		cJSON_AddNumberToObject(x, "Count", jnum(i, "cpus", 1));
		cJSON_AddNumberToObject(x, "CoreCount", jnum(i, "cpus", 1) *
		    jnum(i, "cpu_cores", 1));
		cJSON_AddStringToObject(x, "Model", jstr(i, "cpu_model", ""));
		add_status(x, "Enabled", "OK");
	}
	if ((x = cJSON_AddObjectToObject(o, "MemorySummary")) != NULL) {
		cJSON_AddNumberToObject(x, "TotalSystemMemoryGiB",
		    jnum(i, "memory_mib", 0) / 1024);
		add_status(x, "Enabled", "OK");
	}
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL) {
		add_link(cJSON_AddArrayToObject(x, "Chassis"), NULL,
		    V1 "/Chassis/%s", c->conf->server);
		add_link(cJSON_AddArrayToObject(x, "ManagedBy"), NULL,
		    V1 "/Managers/" MGR);
	}
	rf_hw_extend(c->conf, c->ops, RF_HW_SYSTEM, o);
	if ((a = cJSON_GetObjectItemCaseSensitive(o, "Actions")) != NULL ||
	    (a = cJSON_AddObjectToObject(o, "Actions")) != NULL) {
		char tg[RF_PATH_MAX + 64], in[RF_PATH_MAX + 64];

		(void)snprintf(tg, sizeof(tg), "%s/Actions/ComputerSystem.Reset",
		    p);
		(void)snprintf(in, sizeof(in), "%s/ResetActionInfo", p);
		add_action(a, "#ComputerSystem.Reset", tg, in, "ResetType",
		    reset_types);
	}
out:
	cJSON_Delete(st);
	cJSON_Delete(inv);
	return o;
}

static const struct pspec boot_spec[] = {
	{ "BootSourceOverrideEnabled", PT_ENUM, enabled_map, NULL, 0, 0 },
	{ "BootSourceOverrideTarget", PT_ENUM, target_map, NULL, 0, 0 },
	{ "BootSourceOverrideMode", PT_ENUM, mode_map, NULL, 0, 0 },
	{ "UefiTargetBootSourceOverride", PT_STR, NULL, NULL, 0, 200 },
	{ "BootOrder", PT_ANY, NULL, NULL, 0, 0 },	/* rf_hw.c */
	{ "HttpBootUri", PT_ANY, NULL, NULL, 0, 0 },	/* rf_hw.c */
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};
static const struct pspec system_spec[] = {
	{ "Boot", PT_OBJ, NULL, boot_spec, 0, 0 },
	{ "IndicatorLED", PT_ENUM, led_map, NULL, 0, 0 },
	{ "LocationIndicatorActive", PT_BOOL, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

static int
apply_led(struct ctx *c, const cJSON *b)
{
	const cJSON	*v;
	const char	*state = NULL;
	cJSON		*x, *rep;

	if ((v = cJSON_GetObjectItemCaseSensitive(b, "IndicatorLED")) != NULL)
		state = to_pd(led_map, v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(b,
	    "LocationIndicatorActive")) != NULL)
		state = cJSON_IsTrue(v) ? "on" : "off";
	if (state == NULL)
		return 0;
	if ((x = cJSON_CreateObject()) == NULL)
		return -1;
	cJSON_AddStringToObject(x, "state", state);
	if (strcmp(state, "blink") == 0)
		cJSON_AddBoolToObject(x, "forever", 1);
	if ((rep = pd_call(c, "identify", "set", x, 0)) == NULL)
		return -1;
	cJSON_Delete(rep);
	return 0;
}

static void
h_system(struct ctx *c)
{
	cJSON		*cur, *b, *x, *rep;
	const cJSON	*bo, *v;

	if (!is_ours(c, c->arg[0], "ComputerSystem"))
		return;
	if ((cur = system_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, system_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	bo = cJSON_GetObjectItemCaseSensitive(b, "Boot");
	if (rf_hw_boot_patch(c->conf, c->ops, bo, c->resp) == -1)
		goto out;
	if (bo != NULL && cJSON_GetArraySize(bo) > cJSON_HasObjectItem(bo,
	    "BootOrder") + cJSON_HasObjectItem(bo, "HttpBootUri")) {
		if ((x = cJSON_CreateObject()) == NULL)
			goto out;
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideEnabled")) != NULL)
			cJSON_AddStringToObject(x, "enabled",
			    to_pd(enabled_map, v->valuestring));
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideTarget")) != NULL)
			cJSON_AddStringToObject(x, "target",
			    to_pd(target_map, v->valuestring));
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideMode")) != NULL)
			cJSON_AddStringToObject(x, "mode",
			    to_pd(mode_map, v->valuestring));
		if ((v = cJSON_GetObjectItemCaseSensitive(bo,
		    "UefiTargetBootSourceOverride")) != NULL)
			cJSON_AddStringToObject(x, "uefi_target",
			    v->valuestring);
		/*
		 * A target without Enabled means "once" on a disabled
		 * override, as Ironic and bmcweb expect.
		 */
		if (cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideEnabled") == NULL &&
		    cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideTarget") != NULL &&
		    strcmp(cJSON_GetObjectItemCaseSensitive(bo,
		    "BootSourceOverrideTarget")->valuestring, "None") != 0) {
			cJSON *cb = pd_call(c, "boot", "get", NULL, 0);
			const cJSON *bb;

			if (cb == NULL) {
				cJSON_Delete(x);
				goto out;
			}
			bb = cJSON_GetObjectItemCaseSensitive(cb, "boot");
			if (strcmp(jstr(bb, "enabled", "disabled"),
			    "disabled") == 0)
				cJSON_AddStringToObject(x, "enabled", "once");
			cJSON_Delete(cb);
		}
		if ((rep = pd_call(c, "boot", "set", x, 0)) == NULL)
			goto out;
		cJSON_Delete(rep);
	}
	if (apply_led(c, b) == -1)
		goto out;
	if ((cur = system_build(c)) == NULL)
		goto out;
	c->resp->status = 200;
	c->resp->body = cur;
	set_etag(c);
out:
	cJSON_Delete(b);
}

static void
actioninfo(struct ctx *c, const char *id, const char *param,
    const char *const *vals)
{
	cJSON	*o, *ps, *p, *arr;

	o = c->resp->body = res_new(c->req->path, "#ActionInfo.v1_3_0."
	    "ActionInfo", "ActionInfo.ActionInfo");
	if (o == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", "Reset Action Info");
	if ((ps = cJSON_AddArrayToObject(o, "Parameters")) == NULL ||
	    (p = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddItemToArray(ps, p);
	cJSON_AddStringToObject(p, "Name", param);
	cJSON_AddBoolToObject(p, "Required", 1);
	cJSON_AddStringToObject(p, "DataType", "String");
	if ((arr = cJSON_AddArrayToObject(p, "AllowableValues")) == NULL)
		return;
	for (; *vals != NULL; vals++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(*vals));
}

static void
h_system_resetinfo(struct ctx *c)
{
	if (is_ours(c, c->arg[0], "ComputerSystem"))
		actioninfo(c, "ResetActionInfo", "ResetType", reset_types);
}

static void
h_system_reset(struct ctx *c)
{
	static const char *const params[] = { "ResetType", NULL };
	const char	*act = "ComputerSystem.Reset", *rt, *pa;
	cJSON		*b, *x, *rep;

	if (!is_ours(c, c->arg[0], "ComputerSystem"))
		return;
	if ((b = action_begin(c, act, params)) == NULL)
		return;
	if ((rt = action_str(c, b, act, "ResetType", 1)) == NULL)
		goto out;
	if ((pa = to_pd(reset_map, rt)) == NULL) {
		fail3(c->resp, 400, "ActionParameterValueNotInList", rt,
		    "ResetType", act);
		goto out;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		goto out;
	cJSON_AddStringToObject(x, "action", pa);
	if (strcmp(rt, "GracefulRestart") == 0)
		cJSON_AddStringToObject(x, "cause", "soft-reset");
	if ((rep = pd_call(c, "power", NULL, x, 0)) == NULL)
		goto out;
	cJSON_Delete(rep);
	no_content(c);
out:
	cJSON_Delete(b);
}

/* ------------------------------------------------------------------ */
/* Chassis */

static void
h_chassis_coll(struct ctx *c)
{
	cJSON	*o;

	o = c->resp->body = coll_new(V1 "/Chassis", "ChassisCollection",
	    "Chassis Collection");
	if (o == NULL)
		return;
	add_link(members(o), NULL, V1 "/Chassis/%s", c->conf->server);
	coll_done(o);
}

static cJSON *
chassis_build(struct ctx *c)
{
	cJSON		*st = NULL, *inv = NULL, *o = NULL, *x;
	const cJSON	*i;
	char		 p[RF_PATH_MAX];
	const char	*pw;

	if (pd_status_inv(c, &st, &inv) == -1)
		return NULL;
	i = cJSON_GetObjectItemCaseSensitive(inv, "inventory");
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s", c->conf->server);
	if ((o = res_new(p, "#Chassis.v1_23_0.Chassis",
	    "Chassis.Chassis")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", c->conf->server);
	cJSON_AddStringToObject(o, "Name", jstr(i, "name", c->conf->server));
	cJSON_AddStringToObject(o, "ChassisType", "RackMount");
	cJSON_AddStringToObject(o, "Manufacturer", jstr(i, "manufacturer",
	    ""));
	cJSON_AddStringToObject(o, "Model", jstr(i, "model", ""));
	cJSON_AddStringToObject(o, "SerialNumber", jstr(i, "serial", ""));
	cJSON_AddStringToObject(o, "PartNumber", jstr(i, "part", ""));
	cJSON_AddStringToObject(o, "UUID", jstr(i, "uuid", ""));
	pw = to_rf(power_map, jstr(st, "power", NULL), NULL);
	if (pw != NULL)
		cJSON_AddStringToObject(o, "PowerState", pw);
	else
		cJSON_AddNullToObject(o, "PowerState");
	cJSON_AddStringToObject(o, "IndicatorLED", led_of(st));
	cJSON_AddBoolToObject(o, "LocationIndicatorActive",
	    strcmp(led_of(st), "Off") != 0);
	add_status(o, "Enabled", "OK");
	add_link(o, "Thermal", "%s/Thermal", p);
	add_link(o, "Power", "%s/Power", p);
	add_link(o, "Sensors", "%s/Sensors", p);
	add_link(o, "ThermalSubsystem", "%s/ThermalSubsystem", p);
	add_link(o, "PowerSubsystem", "%s/PowerSubsystem", p);
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL) {
		add_link(cJSON_AddArrayToObject(x, "ComputerSystems"), NULL,
		    V1 "/Systems/%s", c->conf->server);
		add_link(cJSON_AddArrayToObject(x, "ManagedBy"), NULL,
		    V1 "/Managers/" MGR);
	}
	rf_hw_extend(c->conf, c->ops, RF_HW_CHASSIS, o);
out:
	cJSON_Delete(st);
	cJSON_Delete(inv);
	return o;
}

static const struct pspec chassis_spec[] = {
	{ "IndicatorLED", PT_ENUM, led_map, NULL, 0, 0 },
	{ "LocationIndicatorActive", PT_BOOL, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

static void
h_chassis(struct ctx *c)
{
	cJSON	*cur, *b;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((cur = chassis_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, chassis_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	if (apply_led(c, b) == 0 && (cur = chassis_build(c)) != NULL) {
		c->resp->status = 200;
		c->resp->body = cur;
		set_etag(c);
	}
	cJSON_Delete(b);
}

/* sensor id for a URI: the name with blanks made '_' */
static void
sensor_id(const cJSON *s, char *out, size_t outlen)
{
	size_t	 i;

	(void)strlcpy(out, jstr(s, "name", "sensor"), outlen);
	for (i = 0; out[i] != '\0'; i++)
		if (!((out[i] >= 'a' && out[i] <= 'z') ||
		    (out[i] >= 'A' && out[i] <= 'Z') ||
		    (out[i] >= '0' && out[i] <= '9') || out[i] == '-'))
			out[i] = '_';
}

static const char *
sensor_health(const cJSON *s)
{
	const char *st = jstr(s, "status", "ok");

	if (strcmp(st, "warning") == 0)
		return "Warning";
	if (strcmp(st, "critical") == 0)
		return "Critical";
	return "OK";
}

static int
sensor_absent(const cJSON *s)
{
	return strcmp(jstr(s, "status", "ok"), "absent") == 0;
}

static void
add_thresholds_legacy(cJSON *o, const cJSON *s)
{
	static const char *const k[][2] = {
		{ "unc", "UpperThresholdNonCritical" },
		{ "uc", "UpperThresholdCritical" },
		{ "unr", "UpperThresholdFatal" },
		{ "lnc", "LowerThresholdNonCritical" },
		{ "lc", "LowerThresholdCritical" },
		{ "lnr", "LowerThresholdFatal" },
	};
	const cJSON	*t = cJSON_GetObjectItemCaseSensitive(s, "thresholds");
	const cJSON	*v;
	size_t		 i;

	for (i = 0; i < nitems(k); i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(t, k[i][0])) !=
		    NULL && cJSON_IsNumber(v))
			cJSON_AddNumberToObject(o, k[i][1], v->valuedouble);
}

static void
h_thermal(struct ctx *c)
{
	cJSON		*rep, *o, *temps, *fans, *e;
	const cJSON	*s;
	char		 p[RF_PATH_MAX], m[16];
	int		 nt = 0, nf = 0;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/Thermal",
	    c->conf->server);
	if ((o = c->resp->body = res_new(p, "#Thermal.v1_7_1.Thermal",
	    "Thermal.Thermal")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "Thermal");
	cJSON_AddStringToObject(o, "Name", "Thermal");
	temps = cJSON_AddArrayToObject(o, "Temperatures");
	fans = cJSON_AddArrayToObject(o, "Fans");
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
	    "sensors")) {
		const char *ty = jstr(s, "type", "");
		int temp = strcmp(ty, "temperature") == 0;

		if (!temp && strcmp(ty, "fan") != 0)
			continue;
		if ((e = cJSON_CreateObject()) == NULL)
			break;
		(void)snprintf(m, sizeof(m), "%d", temp ? nt : nf);
		{
			char id[RF_PATH_MAX + 64];

			(void)snprintf(id, sizeof(id), "%s#/%s/%s", p,
			    temp ? "Temperatures" : "Fans", m);
			cJSON_AddStringToObject(e, "@odata.id", id);
		}
		cJSON_AddStringToObject(e, "MemberId", m);
		cJSON_AddStringToObject(e, "Name", jstr(s, "name", ""));
		cJSON_AddNumberToObject(e, "SensorNumber", jnum(s, "num", 0));
		if (temp)
			cJSON_AddNumberToObject(e, "ReadingCelsius",
			    jnum(s, "reading", 0));
		else {
			cJSON_AddNumberToObject(e, "Reading",
			    jnum(s, "reading", 0));
			cJSON_AddStringToObject(e, "ReadingUnits", "RPM");
		}
		add_thresholds_legacy(e, s);
		add_status(e, sensor_absent(s) ? "Absent" : "Enabled",
		    sensor_health(s));
		cJSON_AddItemToArray(temp ? temps : fans, e);
		temp ? nt++ : nf++;
	}
out:
	cJSON_Delete(rep);
}

static void
h_power(struct ctx *c)
{
	cJSON		*rep, *o, *pc, *volts, *e, *pl;
	const cJSON	*s, *lim;
	char		 p[RF_PATH_MAX], m[16];
	double		 watts = 0;
	int		 nv = 0;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/Power", c->conf->server);
	if ((o = c->resp->body = res_new(p, "#Power.v1_7_1.Power",
	    "Power.Power")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "Power");
	cJSON_AddStringToObject(o, "Name", "Power");
	volts = cJSON_AddArrayToObject(o, "Voltages");
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
	    "sensors")) {
		const char *ty = jstr(s, "type", "");

		if (strcmp(ty, "power") == 0) {
			watts += jnum(s, "reading", 0);
			continue;
		}
		if (strcmp(ty, "voltage") != 0 ||
		    (e = cJSON_CreateObject()) == NULL)
			continue;
		(void)snprintf(m, sizeof(m), "%d", nv++);
		{
			char id[RF_PATH_MAX + 64];

			(void)snprintf(id, sizeof(id), "%s#/Voltages/%s", p, m);
			cJSON_AddStringToObject(e, "@odata.id", id);
		}
		cJSON_AddStringToObject(e, "MemberId", m);
		cJSON_AddStringToObject(e, "Name", jstr(s, "name", ""));
		cJSON_AddNumberToObject(e, "SensorNumber", jnum(s, "num", 0));
		cJSON_AddNumberToObject(e, "ReadingVolts", jnum(s, "reading",
		    0));
		add_thresholds_legacy(e, s);
		add_status(e, sensor_absent(s) ? "Absent" : "Enabled",
		    sensor_health(s));
		cJSON_AddItemToArray(volts, e);
	}
	pc = cJSON_AddArrayToObject(o, "PowerControl");
	if (pc != NULL && (e = cJSON_CreateObject()) != NULL) {
		char id[RF_PATH_MAX + 64];

		(void)snprintf(id, sizeof(id), "%s#/PowerControl/0", p);
		cJSON_AddStringToObject(e, "@odata.id", id);
		cJSON_AddStringToObject(e, "MemberId", "0");
		cJSON_AddStringToObject(e, "Name", "System Power Control");
		cJSON_AddNumberToObject(e, "PowerConsumedWatts", watts);
		if ((pl = cJSON_AddObjectToObject(e, "PowerLimit")) != NULL) {
			lim = cJSON_GetObjectItemCaseSensitive(rep,
			    "power_limit");
			if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(lim,
			    "active")))
				cJSON_AddNumberToObject(pl, "LimitInWatts",
				    jnum(lim, "limit_w", 0));
			else
				cJSON_AddNullToObject(pl, "LimitInWatts");
		}
		add_status(e, "Enabled", "OK");
		cJSON_AddItemToArray(pc, e);
	}
	rf_hw_extend(c->conf, c->ops, RF_HW_POWER, o);
out:
	cJSON_Delete(rep);
}

static void
h_sensors(struct ctx *c)
{
	cJSON		*rep, *o;
	const cJSON	*s;
	char		 p[RF_PATH_MAX], id[64];

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	(void)snprintf(p, sizeof(p), V1 "/Chassis/%s/Sensors",
	    c->conf->server);
	if ((o = c->resp->body = coll_new(p, "SensorCollection",
	    "Sensor Collection")) != NULL) {
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
		    "sensors")) {
			sensor_id(s, id, sizeof(id));
			add_link(members(o), NULL, "%s/%s", p, id);
		}
		coll_done(o);
	}
	cJSON_Delete(rep);
}

static void
h_sensor(struct ctx *c)
{
	static const char *const units[][3] = {
		{ "temperature", "Temperature", "Cel" },
		{ "fan", "Rotational", "RPM" },
		{ "voltage", "Voltage", "V" },
		{ "power", "Power", "W" },
		{ "current", "Current", "A" },
	};
	static const char *const th[][2] = {
		{ "unc", "UpperCaution" }, { "uc", "UpperCritical" },
		{ "unr", "UpperFatal" }, { "lnc", "LowerCaution" },
		{ "lc", "LowerCritical" }, { "lnr", "LowerFatal" },
	};
	cJSON		*rep, *o, *t, *x;
	const cJSON	*s, *tv, *v;
	char		 id[64];
	size_t		 i;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "sensors", NULL, NULL, 0)) == NULL)
		return;
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(rep,
	    "sensors")) {
		sensor_id(s, id, sizeof(id));
		if (strcmp(id, c->arg[1]) == 0)
			break;
	}
	if (s == NULL) {
		rf_fail(c->resp, 404, "ResourceNotFound", "Sensor", c->arg[1]);
		goto out;
	}
	if ((o = c->resp->body = res_new(c->req->path,
	    "#Sensor.v1_7_0.Sensor", "Sensor.Sensor")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", jstr(s, "name", ""));
	for (i = 0; i < nitems(units); i++)
		if (strcmp(jstr(s, "type", ""), units[i][0]) == 0) {
			cJSON_AddStringToObject(o, "ReadingType", units[i][1]);
			cJSON_AddStringToObject(o, "ReadingUnits", units[i][2]);
		}
	cJSON_AddNumberToObject(o, "Reading", jnum(s, "reading", 0));
	tv = cJSON_GetObjectItemCaseSensitive(s, "thresholds");
	if (tv != NULL && (t = cJSON_AddObjectToObject(o, "Thresholds")) !=
	    NULL)
		for (i = 0; i < nitems(th); i++)
			if ((v = cJSON_GetObjectItemCaseSensitive(tv,
			    th[i][0])) != NULL && cJSON_IsNumber(v) &&
			    (x = cJSON_AddObjectToObject(t, th[i][1])) != NULL)
				cJSON_AddNumberToObject(x, "Reading",
				    v->valuedouble);
	add_status(o, sensor_absent(s) ? "Absent" : "Enabled",
	    sensor_health(s));
out:
	cJSON_Delete(rep);
}

static void
h_thermalsub(struct ctx *c)
{
	cJSON	*o;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((o = c->resp->body = res_new(c->req->path,
	    "#ThermalSubsystem.v1_3_0.ThermalSubsystem",
	    "ThermalSubsystem.ThermalSubsystem")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", "ThermalSubsystem");
	cJSON_AddStringToObject(o, "Name", "Thermal Subsystem");
	add_status(o, "Enabled", "OK");
	rf_hw_extend(c->conf, c->ops, RF_HW_THERMALSUB, o);
}

static void
h_powersub(struct ctx *c)
{
	cJSON	*o, *rep;
	const cJSON *lim;

	if (!is_ours(c, c->arg[0], "Chassis"))
		return;
	if ((rep = pd_call(c, "powerlimit", "get", NULL, 0)) == NULL)
		return;
	if ((o = c->resp->body = res_new(c->req->path,
	    "#PowerSubsystem.v1_1_0.PowerSubsystem",
	    "PowerSubsystem.PowerSubsystem")) != NULL) {
		lim = cJSON_GetObjectItemCaseSensitive(rep, "power_limit");
		cJSON_AddStringToObject(o, "Id", "PowerSubsystem");
		cJSON_AddStringToObject(o, "Name", "Power Subsystem");
		cJSON_AddNumberToObject(o, "CapacityWatts", jnum(lim,
		    "limit_w", 400));
		add_status(o, "Enabled", "OK");
		rf_hw_extend(c->conf, c->ops, RF_HW_POWERSUB, o);
	}
	cJSON_Delete(rep);
}

/* ------------------------------------------------------------------ */
/* Managers */

static void
h_managers(struct ctx *c)
{
	cJSON	*o;

	o = c->resp->body = coll_new(V1 "/Managers", "ManagerCollection",
	    "Manager Collection");
	if (o == NULL)
		return;
	add_link(members(o), NULL, V1 "/Managers/" MGR);
	coll_done(o);
}

static const char *const mgr_resets[] = {
	"GracefulRestart", "ForceRestart", NULL
};

static void
h_manager(struct ctx *c)
{
	cJSON		*inv, *o, *x, *a;
	const cJSON	*i;
	char		 t[40], uuid[40];
	const char	*g;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((inv = pd_call(c, "inventory", NULL, NULL, 0)) == NULL)
		return;
	i = cJSON_GetObjectItemCaseSensitive(inv, "inventory");
	if ((o = c->resp->body = res_new(V1 "/Managers/" MGR,
	    "#Manager.v1_17_0.Manager", "Manager.Manager")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", MGR);
	cJSON_AddStringToObject(o, "Name", "bmcsim BMC");
	cJSON_AddStringToObject(o, "ManagerType", "BMC");
	cJSON_AddStringToObject(o, "Model", "bmcsim");
	cJSON_AddStringToObject(o, "FirmwareVersion", jstr(i, "bmc_version",
	    ""));
	g = jstr(i, "bmc_guid", "");
	if (strlen(g) == 32) {
		(void)snprintf(uuid, sizeof(uuid),
		    "%.8s-%.4s-%.4s-%.4s-%.12s", g, g + 8, g + 12, g + 16,
		    g + 20);
		cJSON_AddStringToObject(o, "UUID", uuid);
	}
	iso_time(c->req->wall, t, sizeof(t));
	cJSON_AddStringToObject(o, "DateTime", t);
	cJSON_AddStringToObject(o, "DateTimeLocalOffset", "+00:00");
	cJSON_AddStringToObject(o, "PowerState", "On");
	add_status(o, "Enabled", "OK");
	if ((x = cJSON_AddObjectToObject(o, "SerialConsole")) != NULL) {
		cJSON_AddBoolToObject(x, "ServiceEnabled", c->conf->console);
		cJSON_AddNumberToObject(x, "MaxConcurrentSessions", 4);
		if ((a = cJSON_AddArrayToObject(x, "ConnectTypesSupported")) !=
		    NULL) {
			cJSON_AddItemToArray(a, cJSON_CreateString("IPMI"));
			cJSON_AddItemToArray(a, cJSON_CreateString("Oem"));
		}
	}
	if ((x = cJSON_AddObjectToObject(o, "GraphicalConsole")) != NULL) {
		cJSON_AddBoolToObject(x, "ServiceEnabled", 1);
		cJSON_AddNumberToObject(x, "MaxConcurrentSessions", 4);
		if ((a = cJSON_AddArrayToObject(x, "ConnectTypesSupported")) !=
		    NULL)
			cJSON_AddItemToArray(a, cJSON_CreateString("KVMIP"));
	}
	/* the WebSocket console has no standard property: say where it is */
	if ((x = cJSON_AddObjectToObject(o, "Oem")) != NULL &&
	    (x = cJSON_AddObjectToObject(x, "bmcsim")) != NULL) {
		if (c->conf->console)
			cJSON_AddStringToObject(x, "SerialConsoleWebSocket",
			    "/console0");
	}
	add_link(o, "NetworkProtocol", V1 "/Managers/" MGR "/NetworkProtocol");
	add_link(o, "LogServices", V1 "/Managers/" MGR "/LogServices");
	add_link(o, "VirtualMedia", V1 "/Managers/" MGR "/VirtualMedia");
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL) {
		add_link(cJSON_AddArrayToObject(x, "ManagerForServers"), NULL,
		    V1 "/Systems/%s", c->conf->server);
		add_link(cJSON_AddArrayToObject(x, "ManagerForChassis"), NULL,
		    V1 "/Chassis/%s", c->conf->server);
	}
	if ((a = cJSON_AddObjectToObject(o, "Actions")) != NULL)
		add_action(a, "#Manager.Reset", V1 "/Managers/" MGR
		    "/Actions/Manager.Reset", V1 "/Managers/" MGR
		    "/ResetActionInfo", "ResetType", mgr_resets);
out:
	cJSON_Delete(inv);
}

static void
h_manager_resetinfo(struct ctx *c)
{
	if (is_ours(c, c->arg[0], "Manager"))
		actioninfo(c, "ResetActionInfo", "ResetType", mgr_resets);
}

static void
h_manager_reset(struct ctx *c)
{
	static const char *const params[] = { "ResetType", NULL };
	const char	*act = "Manager.Reset", *rt;
	cJSON		*b;
	const char *const *v;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((b = action_begin(c, act, params)) == NULL)
		return;
	if ((rt = action_str(c, b, act, "ResetType", 0)) == NULL &&
	    c->resp->body != NULL)
		goto out;
	if (rt != NULL) {
		for (v = mgr_resets; *v != NULL; v++)
			if (strcmp(*v, rt) == 0)
				break;
		if (*v == NULL) {
			fail3(c->resp, 400, "ActionParameterValueNotInList",
			    rt, "ResetType", act);
			goto out;
		}
	}
	/*
	 * XXX #4: a simulated BMC "reboots" instantly: state lives in
	 * powerd, so there is nothing to restart here.
	 */
	no_content(c);
out:
	cJSON_Delete(b);
}

static void
h_netproto(struct ctx *c)
{
	cJSON	*o, *x;
	char	 h[64];

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((o = c->resp->body = res_new(c->req->path,
	    "#ManagerNetworkProtocol.v1_9_0.ManagerNetworkProtocol",
	    "ManagerNetworkProtocol.ManagerNetworkProtocol")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", "NetworkProtocol");
	cJSON_AddStringToObject(o, "Name", "Manager Network Protocol");
	(void)snprintf(h, sizeof(h), "bmc-%s", c->conf->server);
	cJSON_AddStringToObject(o, "HostName", h);
	if ((x = cJSON_AddObjectToObject(o, "HTTP")) != NULL) {
		cJSON_AddBoolToObject(x, "ProtocolEnabled",
		    c->conf->http_port > 0);
		cJSON_AddNumberToObject(x, "Port", c->conf->http_port);
	}
	if ((x = cJSON_AddObjectToObject(o, "HTTPS")) != NULL) {
		cJSON_AddBoolToObject(x, "ProtocolEnabled", c->conf->https);
		cJSON_AddNumberToObject(x, "Port", c->conf->https_port);
	}
	if ((x = cJSON_AddObjectToObject(o, "IPMI")) != NULL) {
		cJSON_AddBoolToObject(x, "ProtocolEnabled", 1);
		cJSON_AddNumberToObject(x, "Port", 623);
	}
	add_status(o, "Enabled", "OK");
}

/* A collection of our manager's with one member, id "/" one. */
static void
mgr_coll_one(struct ctx *c, const char *id, const char *type,
    const char *name, const char *one)
{
	cJSON	*o;

	if (!is_ours(c, c->arg[0], "Manager"))
		return;
	if ((o = c->resp->body = coll_new(id, type, name)) == NULL)
		return;
	add_link(members(o), NULL, "%s/%s", id, one);
	coll_done(o);
}

/* Is c->arg[1] the one member of our manager's collection (else 404)? */
static int
is_mgr_one(struct ctx *c, const char *one, const char *type)
{
	if (!is_ours(c, c->arg[0], "Manager"))
		return 0;
	if (strcmp(c->arg[1], one) == 0)
		return 1;
	rf_fail(c->resp, 404, "ResourceNotFound", type, c->arg[1]);
	return 0;
}

static void
h_logservices(struct ctx *c)
{
	mgr_coll_one(c, V1 "/Managers/" MGR "/LogServices",
	    "LogServiceCollection", "Log Service Collection", "SEL");
}

static int
is_sel(struct ctx *c)
{
	return is_mgr_one(c, "SEL", "LogService");
}

static void
h_logservice(struct ctx *c)
{
	cJSON	*o, *a, *rep;
	char	 t[40];

	if (!is_sel(c))
		return;
	if ((rep = pd_call(c, "sel", "info", NULL, 0)) == NULL)
		return;
	if ((o = c->resp->body = res_new(V1 "/Managers/" MGR
	    "/LogServices/SEL", "#LogService.v1_4_0.LogService",
	    "LogService.LogService")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "SEL");
	cJSON_AddStringToObject(o, "Name", "System Event Log");
	cJSON_AddStringToObject(o, "LogEntryType", "SEL");
	cJSON_AddNumberToObject(o, "MaxNumberOfRecords", jnum(rep, "max",
	    1024));
	cJSON_AddStringToObject(o, "OverWritePolicy", "WrapsWhenFull");
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	iso_time(c->req->wall, t, sizeof(t));
	cJSON_AddStringToObject(o, "DateTime", t);
	cJSON_AddStringToObject(o, "DateTimeLocalOffset", "+00:00");
	add_status(o, "Enabled", "OK");
	add_link(o, "Entries", V1 "/Managers/" MGR "/LogServices/SEL/Entries");
	if ((a = cJSON_AddObjectToObject(o, "Actions")) != NULL)
		add_action(a, "#LogService.ClearLog", V1 "/Managers/" MGR
		    "/LogServices/SEL/Actions/LogService.ClearLog", NULL, NULL,
		    NULL);
out:
	cJSON_Delete(rep);
}

static cJSON *
entry_build(const cJSON *e)
{
	cJSON	*o;
	char	 p[RF_PATH_MAX], id[16], t[40], name[32];
	const char *sev = jstr(e, "severity", "OK");

	(void)snprintf(id, sizeof(id), "%.0f", jnum(e, "id", 0));
	(void)snprintf(p, sizeof(p), V1 "/Managers/" MGR
	    "/LogServices/SEL/Entries/%s", id);
	if ((o = res_new(p, "#LogEntry.v1_15_0.LogEntry",
	    "LogEntry.LogEntry")) == NULL)
		return NULL;
	(void)snprintf(name, sizeof(name), "SEL Entry %s", id);
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", name);
	cJSON_AddStringToObject(o, "EntryType", "SEL");
	iso_time((time_t)jnum(e, "time", 0), t, sizeof(t));
	cJSON_AddStringToObject(o, "Created", t);
	cJSON_AddStringToObject(o, "Message", jstr(e, "message", ""));
	if (strcmp(sev, "Warning") != 0 && strcmp(sev, "Critical") != 0)
		sev = "OK";
	cJSON_AddStringToObject(o, "Severity", sev);
	cJSON_AddStringToObject(o, "EntryCode", "Assert");
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "record"))) {
		cJSON *x = cJSON_AddObjectToObject(o, "Oem");

		if (x != NULL && (x = cJSON_AddObjectToObject(x, "bmcsim")) !=
		    NULL) {
			cJSON_AddStringToObject(x, "Record", jstr(e, "record",
			    ""));
			cJSON_AddStringToObject(x, "Origin", jstr(e, "origin",
			    ""));
		}
	}
	return o;
}

static void
h_entries(struct ctx *c)
{
	cJSON		*rep, *x, *o, *e;
	const cJSON	*it;

	if (!is_sel(c))
		return;
	if ((x = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddNumberToObject(x, "start", 0);
	cJSON_AddNumberToObject(x, "count", 1024);
	if ((rep = pd_call(c, "sel", "list", x, 0)) == NULL)
		return;
	if ((o = c->resp->body = coll_new(V1 "/Managers/" MGR
	    "/LogServices/SEL/Entries", "LogEntryCollection",
	    "System Event Log Entries")) != NULL) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rep,
		    "entries"))
			if ((e = entry_build(it)) != NULL)
				cJSON_AddItemToArray(members(o), e);
		coll_done(o);
	}
	cJSON_Delete(rep);
}

static void
h_entry(struct ctx *c)
{
	cJSON		*rep, *x;
	const char	*err;
	long long	 id;

	if (!is_sel(c))
		return;
	id = strtonum(c->arg[2], 1, 0xfffe, &err);
	if (err != NULL) {
		rf_fail(c->resp, 404, "ResourceNotFound", "LogEntry",
		    c->arg[2]);
		return;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		return;
	cJSON_AddNumberToObject(x, "entry_id", (double)id);
	if ((rep = pd_call(c, "sel", "get", x, 0)) == NULL)
		return;
	c->resp->body = entry_build(cJSON_GetObjectItemCaseSensitive(rep,
	    "entry"));
	cJSON_Delete(rep);
}

/* An action without parameters: one powerd op, 204 on success. */
static void
plain_action(struct ctx *c, const char *act, const char *op,
    const char *verb)
{
	cJSON	*b, *rep;

	if ((b = action_begin(c, act, NULL)) == NULL)
		return;
	cJSON_Delete(b);
	if ((rep = pd_call(c, op, verb, NULL, 0)) == NULL)
		return;
	cJSON_Delete(rep);
	no_content(c);
}

static void
h_clearlog(struct ctx *c)
{
	if (is_sel(c))
		plain_action(c, "LogService.ClearLog", "sel", "clear");
}

static void
h_vmedia_coll(struct ctx *c)
{
	mgr_coll_one(c, V1 "/Managers/" MGR "/VirtualMedia",
	    "VirtualMediaCollection", "Virtual Media Services", "Cd");
}

static int
is_cd(struct ctx *c)
{
	return is_mgr_one(c, "Cd", "VirtualMedia");
}

static void
h_vmedia(struct ctx *c)
{
	cJSON		*rep, *o, *a;
	const cJSON	*m;
	const char	*img, *slash;
	char		 p[RF_PATH_MAX];

	if (!is_cd(c))
		return;
	if ((rep = pd_call(c, "media", "get", NULL, 0)) == NULL)
		return;
	m = cJSON_GetObjectItemCaseSensitive(rep, "media");
	(void)snprintf(p, sizeof(p), V1 "/Managers/" MGR "/VirtualMedia/Cd");
	if ((o = c->resp->body = res_new(p, "#VirtualMedia.v1_6_0."
	    "VirtualMedia", "VirtualMedia.VirtualMedia")) == NULL)
		goto out;
	cJSON_AddStringToObject(o, "Id", "Cd");
	cJSON_AddStringToObject(o, "Name", "Virtual CD");
	if ((a = cJSON_AddArrayToObject(o, "MediaTypes")) != NULL) {
		cJSON_AddItemToArray(a, cJSON_CreateString("CD"));
		cJSON_AddItemToArray(a, cJSON_CreateString("DVD"));
	}
	img = jstr(m, "image", "");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "inserted")) &&
	    img[0] != '\0') {
		cJSON_AddStringToObject(o, "Image", img);
		slash = strrchr(img, '/');
		cJSON_AddStringToObject(o, "ImageName", slash != NULL ?
		    slash + 1 : img);
		cJSON_AddBoolToObject(o, "Inserted", 1);
		cJSON_AddStringToObject(o, "ConnectedVia", "URI");
		cJSON_AddStringToObject(o, "TransferProtocolType",
		    strncasecmp(img, "https:", 6) == 0 ? "HTTPS" : "HTTP");
	} else {
		cJSON_AddNullToObject(o, "Image");
		cJSON_AddNullToObject(o, "ImageName");
		cJSON_AddBoolToObject(o, "Inserted", 0);
		cJSON_AddStringToObject(o, "ConnectedVia", "NotConnected");
	}
	cJSON_AddBoolToObject(o, "WriteProtected", 1);
	cJSON_AddStringToObject(o, "TransferMethod", "Stream");
	if ((a = cJSON_AddObjectToObject(o, "Actions")) != NULL) {
		add_action(a, "#VirtualMedia.InsertMedia", V1 "/Managers/" MGR
		    "/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia", NULL,
		    NULL, NULL);
		add_action(a, "#VirtualMedia.EjectMedia", V1 "/Managers/" MGR
		    "/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia", NULL,
		    NULL, NULL);
	}
out:
	cJSON_Delete(rep);
}

static void
h_insert(struct ctx *c)
{
	static const char *const params[] = { "Image", "Inserted",
	    "WriteProtected", "TransferProtocolType", "TransferMethod",
	    "UserName", "Password", NULL };
	const char	*act = "VirtualMedia.InsertMedia", *img;
	const cJSON	*v;
	cJSON		*b, *x, *rep;
	char		 why[256];

	if (!is_cd(c))
		return;
	if ((b = action_begin(c, act, params)) == NULL)
		return;
	if ((img = action_str(c, b, act, "Image", 1)) == NULL)
		goto out;
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "Inserted")) != NULL &&
	    !cJSON_IsBool(v)) {
		fail3(c->resp, 400, "ActionParameterValueTypeError", "Inserted",
		    "Inserted", act);
		goto out;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "WriteProtected")) !=
	    NULL && !cJSON_IsBool(v)) {
		fail3(c->resp, 400, "ActionParameterValueTypeError",
		    "WriteProtected", "WriteProtected", act);
		goto out;
	}
	if (strlen(img) >= RF_URL_MAX || !rf_dest_allowed(img,
	    c->conf->allow_any_dest)) {
		fail3(c->resp, 400, "ActionParameterValueNotInList", img,
		    "Image", act);
		cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(
		    c->resp->body, "error"), "message", cJSON_CreateString(
		    "Image must be an http(s) URL on a loopback address"));
		goto out;
	}
	if (c->ops->url_check(c->ops->arg, img, why, sizeof(why)) == -1) {
		rf_fail(c->resp, 400, "CouldNotEstablishConnection", img, NULL);
		cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(
		    c->resp->body, "error"), "message", cJSON_CreateString(why));
		goto out;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		goto out;
	cJSON_AddStringToObject(x, "image", img);
	if ((rep = pd_call(c, "media", "insert", x, 0)) == NULL)
		goto out;
	cJSON_Delete(rep);
	no_content(c);
out:
	cJSON_Delete(b);
}

static void
h_eject(struct ctx *c)
{
	if (is_cd(c))
		plain_action(c, "VirtualMedia.EjectMedia", "media", "eject");
}

/* ------------------------------------------------------------------ */
/* SessionService */

static cJSON *
sesssvc_build(struct ctx *c)
{
	cJSON	*o;

	if ((o = res_new(V1 "/SessionService",
	    "#SessionService.v1_1_8.SessionService",
	    "SessionService.SessionService")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", "SessionService");
	cJSON_AddStringToObject(o, "Name", "Session Service");
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	cJSON_AddNumberToObject(o, "SessionTimeout",
	    (double)(c->ops->sess_timeout(c->ops->arg, 0) / 1000));
	add_status(o, "Enabled", "OK");
	add_link(o, "Sessions", V1 "/SessionService/Sessions");
	return o;
}

static const struct pspec sesssvc_spec[] = {
	{ "SessionTimeout", PT_INT, NULL, NULL, 30, 86400 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

static void
h_sesssvc(struct ctx *c)
{
	cJSON	*cur, *b;

	if ((cur = sesssvc_build(c)) == NULL)
		return;
	if (c->req->method != RF_M_PATCH) {
		c->resp->body = cur;
		set_etag(c);
		return;
	}
	b = patch_begin(c, cur, sesssvc_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	(void)c->ops->sess_timeout(c->ops->arg, (uint64_t)jnum(b,
	    "SessionTimeout", 1800) * 1000);
	cJSON_Delete(b);
	c->resp->body = sesssvc_build(c);
	set_etag(c);
}

static cJSON *
session_build(const struct rf_sess *s)
{
	cJSON	*o;
	char	 p[RF_PATH_MAX];

	(void)snprintf(p, sizeof(p), V1 "/SessionService/Sessions/%s", s->id);
	if ((o = res_new(p, "#Session.v1_7_0.Session",
	    "Session.Session")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", s->id);
	cJSON_AddStringToObject(o, "Name", "User Session");
	cJSON_AddStringToObject(o, "UserName", s->user);
	cJSON_AddNullToObject(o, "Password");
	cJSON_AddStringToObject(o, "SessionType", "Redfish");
	return o;
}

static void
h_sessions(struct ctx *c)
{
	char		 ids[RF_SESS_MAX][RF_ID_MAX];
	int		 n, i;
	cJSON		*o, *b, *x, *rep;
	const cJSON	*u, *pw;
	struct rf_sess	 s;
	enum rf_role	 role;

	if (c->req->method == RF_M_GET || c->req->method == RF_M_HEAD) {
		o = c->resp->body = coll_new(V1 "/SessionService/Sessions",
		    "SessionCollection", "Session Collection");
		if (o == NULL)
			return;
		n = c->ops->sess_ids(c->ops->arg, ids, RF_SESS_MAX);
		for (i = 0; i < n; i++)
			add_link(members(o), NULL,
			    V1 "/SessionService/Sessions/%s", ids[i]);
		coll_done(o);
		return;
	}
	/* POST: log in (DSP0266 "Session login") */
	if ((b = cJSON_ParseWithLength(c->req->body, c->req->bodylen)) ==
	    NULL || !cJSON_IsObject(b)) {
		cJSON_Delete(b);
		rf_fail(c->resp, 400, "MalformedJSON", NULL, NULL);
		return;
	}
	u = cJSON_GetObjectItemCaseSensitive(b, "UserName");
	pw = cJSON_GetObjectItemCaseSensitive(b, "Password");
	if (!cJSON_IsString(u) || !cJSON_IsString(pw)) {
		rf_fail(c->resp, 400, "PropertyMissing", u == NULL ||
		    !cJSON_IsString(u) ? "UserName" : "Password", NULL);
		goto out;
	}
	if ((x = cJSON_CreateObject()) == NULL)
		goto out;
	cJSON_AddStringToObject(x, "name", u->valuestring);
	cJSON_AddStringToObject(x, "password", pw->valuestring);
	if ((rep = pd_call(c, "accounts", "verify", x, 1)) == NULL)
		goto out;
	role = RF_ROLE_NONE;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep, "ok"))) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(rep,
		    "account");

		if (acct_enabled(a))
			role = rf_role_from_pd(jstr(a, "role", ""));
	}
	cJSON_Delete(rep);
	if (role == RF_ROLE_NONE) {
		rf_fail(c->resp, 401, "ResourceAtUriUnauthorized",
		    V1 "/SessionService/Sessions", "Invalid credentials");
		c->resp->www_auth = 0;
		goto out;
	}
	if (c->ops->sess_new(c->ops->arg, u->valuestring, role, &s) == -1) {
		rf_fail(c->resp, 503, "CreateLimitReachedForResource", NULL,
		    NULL);
		goto out;
	}
	c->resp->status = 201;
	c->resp->body = session_build(&s);
	(void)snprintf(c->resp->location, sizeof(c->resp->location),
	    V1 "/SessionService/Sessions/%s", s.id);
	(void)strlcpy(c->resp->token, s.token, sizeof(c->resp->token));
	util_zeroize(&s, sizeof(s));
out:
	cJSON_Delete(b);
}

static void
h_session(struct ctx *c)
{
	struct rf_sess	 s;

	if (c->ops->sess_get(c->ops->arg, c->arg[0], &s) == -1) {
		rf_fail(c->resp, 404, "ResourceNotFound", "Session", c->arg[0]);
		return;
	}
	/* others' sessions: ConfigureManager; one's own: ConfigureSelf */
	if (strcmp(s.user, c->req->user) != 0 &&
	    !(rf_role_privs(c->req->role) & RF_PRIV_CONF_MGR)) {
		rf_fail(c->resp, 403, "InsufficientPrivilege", NULL, NULL);
		goto out;
	}
	if (c->req->method == RF_M_DELETE) {
		(void)c->ops->sess_del(c->ops->arg, s.id);
		no_content(c);
	} else
		c->resp->body = session_build(&s);
out:
	util_zeroize(&s, sizeof(s));
}

/* ------------------------------------------------------------------ */
/* AccountService */

static void
h_acctsvc(struct ctx *c)
{
	cJSON	*o;

	if ((o = c->resp->body = res_new(V1 "/AccountService",
	    "#AccountService.v1_13_0.AccountService",
	    "AccountService.AccountService")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", "AccountService");
	cJSON_AddStringToObject(o, "Name", "Account Service");
	cJSON_AddBoolToObject(o, "ServiceEnabled", 1);
	cJSON_AddNumberToObject(o, "MinPasswordLength", 1);
	cJSON_AddNumberToObject(o, "MaxPasswordLength", RF_PASS_MAX - 1);
	cJSON_AddStringToObject(o, "LocalAccountAuth", "Enabled");
	add_status(o, "Enabled", "OK");
	add_link(o, "Accounts", V1 "/AccountService/Accounts");
	add_link(o, "Roles", V1 "/AccountService/Roles");
}

static cJSON *
account_build(const cJSON *a)
{
	cJSON	*o, *x;
	char	 p[RF_PATH_MAX], id[16];
	enum rf_role r = rf_role_from_pd(jstr(a, "role", ""));

	(void)snprintf(id, sizeof(id), "%.0f", jnum(a, "id", 0));
	(void)snprintf(p, sizeof(p), V1 "/AccountService/Accounts/%s", id);
	if ((o = res_new(p, "#ManagerAccount.v1_10_0.ManagerAccount",
	    "ManagerAccount.ManagerAccount")) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "Id", id);
	cJSON_AddStringToObject(o, "Name", "User Account");
	cJSON_AddStringToObject(o, "UserName", jstr(a, "name", ""));
	cJSON_AddStringToObject(o, "RoleId", rf_role_name(r));
	cJSON_AddBoolToObject(o, "Enabled", acct_enabled(a));
	cJSON_AddBoolToObject(o, "Locked", 0);
	cJSON_AddNullToObject(o, "Password");
	if ((x = cJSON_AddArrayToObject(o, "AccountTypes")) != NULL) {
		cJSON_AddItemToArray(x, cJSON_CreateString("Redfish"));
		cJSON_AddItemToArray(x, cJSON_CreateString("IPMI"));
	}
	if ((x = cJSON_AddObjectToObject(o, "Links")) != NULL)
		add_link(x, "Role", V1 "/AccountService/Roles/%s",
		    rf_role_name(r));
	return o;
}

static const struct vmap role_map[] = {
	{ "administrator", "Administrator" }, { "operator", "Operator" },
	{ "readonly", "ReadOnly" }, { NULL, NULL }
};

static const struct pspec account_spec[] = {
	{ "UserName", PT_STR, NULL, NULL, 1, RF_USER_MAX - 1 },
	{ "Password", PT_STR, NULL, NULL, 1, RF_PASS_MAX - 1 },
	{ "RoleId", PT_ENUM, role_map, NULL, 0, 0 },
	{ "Enabled", PT_BOOL, NULL, NULL, 0, 0 },
	{ "Locked", PT_BOOL, NULL, NULL, 0, 0 },
	{ NULL, PT_STR, NULL, NULL, 0, 0 }
};

/* account fields Redfish -> powerd (validated body) */
static cJSON *
account_fields(const cJSON *b)
{
	cJSON		*x;
	const cJSON	*v;

	if ((x = cJSON_CreateObject()) == NULL)
		return NULL;
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "UserName")) != NULL)
		cJSON_AddStringToObject(x, "name", v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "Password")) != NULL)
		cJSON_AddStringToObject(x, "password", v->valuestring);
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "RoleId")) != NULL)
		cJSON_AddStringToObject(x, "role", to_pd(role_map,
		    v->valuestring));
	if ((v = cJSON_GetObjectItemCaseSensitive(b, "Enabled")) != NULL)
		cJSON_AddBoolToObject(x, "enabled", cJSON_IsTrue(v));
	return x;
}

static void
h_accounts(struct ctx *c)
{
	cJSON		*rep, *o, *b = NULL, *x, *cur;
	const cJSON	*it;
	const char	*miss = NULL;

	if (c->req->method == RF_M_GET || c->req->method == RF_M_HEAD) {
		if ((rep = pd_call(c, "accounts", "list", NULL, 0)) == NULL)
			return;
		if ((o = c->resp->body = coll_new(V1 "/AccountService/Accounts",
		    "ManagerAccountCollection", "Accounts Collection")) !=
		    NULL) {
			cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(
			    rep, "accounts"))
				add_link(members(o), NULL,
				    V1 "/AccountService/Accounts/%.0f",
				    jnum(it, "id", 0));
			coll_done(o);
		}
		cJSON_Delete(rep);
		return;
	}
	/* POST: create (ConfigureUsers, checked by the route table) */
	if ((cur = cJSON_CreateObject()) == NULL)
		return;
	if ((b = cJSON_ParseWithLength(c->req->body, c->req->bodylen)) ==
	    NULL || !cJSON_IsObject(b)) {
		cJSON_Delete(cur);
		cJSON_Delete(b);
		rf_fail(c->resp, 400, "MalformedJSON", NULL, NULL);
		return;
	}
	if (patch_check(c->resp, b, cur, account_spec, "") == -1)
		goto out;
	if (cJSON_GetObjectItemCaseSensitive(b, "UserName") == NULL)
		miss = "UserName";
	else if (cJSON_GetObjectItemCaseSensitive(b, "Password") == NULL)
		miss = "Password";
	else if (cJSON_GetObjectItemCaseSensitive(b, "RoleId") == NULL)
		miss = "RoleId";
	if (miss != NULL) {
		rf_fail(c->resp, 400, "PropertyMissing", miss, NULL);
		goto out;
	}
	if ((x = account_fields(b)) == NULL)
		goto out;
	if (cJSON_GetObjectItemCaseSensitive(x, "enabled") == NULL)
		cJSON_AddBoolToObject(x, "enabled", 1);
	if ((rep = pd_call(c, "accounts", "add", x, 1)) == NULL)
		goto out;
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep, "ok"))) {
		const char *tok = jstr(rep, "error", "");

		if (strcmp(tok, "exists") == 0)
			rf_fail(c->resp, 409, "ResourceAlreadyExists",
			    "ManagerAccount", "UserName");
		else if (strcmp(tok, "full") == 0)
			rf_fail(c->resp, 400, "CreateLimitReachedForResource",
			    NULL, NULL);
		else
			pd_fail(c, rep);
		cJSON_Delete(rep);
		goto out;
	}
	c->resp->status = 201;
	c->resp->body = account_build(cJSON_GetObjectItemCaseSensitive(rep,
	    "account"));
	(void)snprintf(c->resp->location, sizeof(c->resp->location),
	    V1 "/AccountService/Accounts/%.0f", jnum(
	    cJSON_GetObjectItemCaseSensitive(rep, "account"), "id", 0));
	cJSON_Delete(rep);
out:
	cJSON_Delete(cur);
	cJSON_Delete(b);
}

static cJSON *
account_get(struct ctx *c, long id)
{
	cJSON	*x, *rep, *o;

	if ((x = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(x, "account_id", id);
	if ((rep = pd_call(c, "accounts", "get", x, 0)) == NULL)
		return NULL;
	o = account_build(cJSON_GetObjectItemCaseSensitive(rep, "account"));
	cJSON_Delete(rep);
	return o;
}

static void
h_account(struct ctx *c)
{
	const char	*err;
	long		 id;
	cJSON		*cur, *b, *x, *rep;
	const cJSON	*it;
	int		 self;
	unsigned	 pv = rf_role_privs(c->req->role);

	id = (long)strtonum(c->arg[0], 1, 255, &err);
	if (err != NULL) {
		rf_fail(c->resp, 404, "ResourceNotFound", "ManagerAccount",
		    c->arg[0]);
		return;
	}
	if ((cur = account_get(c, id)) == NULL)
		return;
	self = strcmp(jstr(cur, "UserName", ""), c->req->user) == 0;
	/* DSP0266: ConfigureUsers, or ConfigureSelf for one's own */
	if (!(pv & RF_PRIV_CONF_USERS) && !(self &&
	    (pv & RF_PRIV_CONF_SELF))) {
		cJSON_Delete(cur);
		rf_fail(c->resp, 403, "InsufficientPrivilege", NULL, NULL);
		return;
	}
	switch (c->req->method) {
	case RF_M_GET:
	case RF_M_HEAD:
		c->resp->body = cur;
		set_etag(c);
		return;
	case RF_M_DELETE:
		cJSON_Delete(cur);
		if (!(pv & RF_PRIV_CONF_USERS)) {
			rf_fail(c->resp, 403, "InsufficientPrivilege", NULL,
			    NULL);
			return;
		}
		if ((x = cJSON_CreateObject()) == NULL)
			return;
		cJSON_AddNumberToObject(x, "account_id", id);
		if ((rep = pd_call(c, "accounts", "delete", x, 0)) == NULL)
			return;
		cJSON_Delete(rep);
		no_content(c);
		return;
	default:
		break;
	}
	b = patch_begin(c, cur, account_spec);
	cJSON_Delete(cur);
	if (b == NULL)
		return;
	if (!(pv & RF_PRIV_CONF_USERS))
		cJSON_ArrayForEach(it, b)
			if (strcmp(it->string, "Password") != 0) {
				rf_fail(c->resp, 403, "InsufficientPrivilege",
				    NULL, NULL);
				goto out;
			}
	if ((it = cJSON_GetObjectItemCaseSensitive(b, "Locked")) != NULL &&
	    cJSON_IsTrue(it)) {
		rf_fail(c->resp, 400, "PropertyValueNotInList", "true",
		    "Locked");
		goto out;
	}
	if ((x = account_fields(b)) == NULL)
		goto out;
	cJSON_AddNumberToObject(x, "account_id", id);
	if (x->child->next == NULL)	/* only Locked: false */
		cJSON_Delete(x);
	else {
		if ((rep = pd_call(c, "accounts", "set", x, 1)) == NULL)
			goto out;
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rep,
		    "ok"))) {
			if (strcmp(jstr(rep, "error", ""), "exists") == 0)
				rf_fail(c->resp, 409, "ResourceAlreadyExists",
				    "ManagerAccount", "UserName");
			else
				pd_fail(c, rep);
			cJSON_Delete(rep);
			goto out;
		}
		cJSON_Delete(rep);
	}
	if ((cur = account_get(c, id)) != NULL) {
		c->resp->status = 200;
		c->resp->body = cur;
		set_etag(c);
	}
out:
	cJSON_Delete(b);
}

static void
h_roles(struct ctx *c)
{
	static const enum rf_role r[] = { RF_ROLE_ADMIN, RF_ROLE_OPERATOR,
	    RF_ROLE_READONLY };
	cJSON	*o;
	size_t	 i;

	o = c->resp->body = coll_new(V1 "/AccountService/Roles",
	    "RoleCollection", "Roles Collection");
	if (o == NULL)
		return;
	for (i = 0; i < nitems(r); i++)
		add_link(members(o), NULL, V1 "/AccountService/Roles/%s",
		    rf_role_name(r[i]));
	coll_done(o);
}

static void
h_role(struct ctx *c)
{
	static const char *const names[] = { "Login", "ConfigureManager",
	    "ConfigureUsers", "ConfigureSelf", "ConfigureComponents" };
	static const unsigned bits[] = { RF_PRIV_LOGIN, RF_PRIV_CONF_MGR,
	    RF_PRIV_CONF_USERS, RF_PRIV_CONF_SELF, RF_PRIV_CONF_COMP };
	enum rf_role	 r = rf_role_from_name(c->arg[0]);
	cJSON		*o, *a;
	size_t		 i;

	if (r == RF_ROLE_NONE) {
		rf_fail(c->resp, 404, "ResourceNotFound", "Role", c->arg[0]);
		return;
	}
	if ((o = c->resp->body = res_new(c->req->path, "#Role.v1_3_1.Role",
	    "Role.Role")) == NULL)
		return;
	cJSON_AddStringToObject(o, "Id", rf_role_name(r));
	cJSON_AddStringToObject(o, "Name", "User Role");
	cJSON_AddStringToObject(o, "RoleId", rf_role_name(r));
	cJSON_AddBoolToObject(o, "IsPredefined", 1);
	if ((a = cJSON_AddArrayToObject(o, "AssignedPrivileges")) != NULL)
		for (i = 0; i < nitems(names); i++)
			if (rf_role_privs(r) & bits[i])
				cJSON_AddItemToArray(a,
				    cJSON_CreateString(names[i]));
	cJSON_AddArrayToObject(o, "OemPrivileges");
}

/* ------------------------------------------------------------------ */
/* EventService, TaskService */

static void
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

static void
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
	if ((b = cJSON_ParseWithLength(c->req->body, c->req->bodylen)) ==
	    NULL || !cJSON_IsObject(b)) {
		cJSON_Delete(b);
		rf_fail(c->resp, 400, "MalformedJSON", NULL, NULL);
		return;
	}
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

static void
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

static void
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

/* ------------------------------------------------------------------ */
/* the table */

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
	{ V1 "/Managers/*/NetworkProtocol", M_GET, 0, h_netproto },
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
	{ V1 "/AccountService", M_GET, 0, h_acctsvc },
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
	if ((r = match(&c, req->path)) == NULL) {
		rf_fail(resp, 404, "ResourceNotFound", "Resource", req->path);
		return;
	}
	allow_str(r->methods, resp->allow, sizeof(resp->allow));
	if (req->method == RF_M_OTHER || !(r->methods & RF_MBIT(req->method))) {
		rf_fail(resp, 405, "OperationNotAllowed", NULL, NULL);
		return;
	}
	need = rf_route_privs(req);
	if (!(need & RF_PRIV_NOAUTH)) {
		if (!req->authed) {
			rf_fail(resp, 401, "NoValidSession", NULL, NULL);
			resp->www_auth = 1;
			return;
		}
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
