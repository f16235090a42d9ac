/* rf_msgreg.c: the Base, Task and ResourceEvent message registries. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <string.h>

#include "rf.h"
#include "rf_msgreg.h"
#include "rf_task.h"

#define V1	"/redfish/v1"

struct tmsg {
	const char	*id;
	int		 nargs;
	const char	*fmt;
	const char	*sev;
	const char	*res;
};

/* Task.1.0.3: what rf_task.c sends */
static const struct tmsg task_msgs[] = {
	{ "TaskStarted", 1, "The task with Id '%1' has started.", "OK",
	  "None." },
	{ "TaskCompletedOK", 1, "The task with Id '%1' has completed.", "OK",
	  "None." },
	{ "TaskAborted", 1, "The task with Id '%1' has been aborted.",
	  "Critical", "None." },
};

/* ResourceEvent.1.3.0: what sub.c sends */
static const struct tmsg rev_msgs[] = {
	{ "ResourceChanged", 0, "One or more resource properties have "
	  "changed.", "OK", "None." },
	{ "ResourceCreated", 0, "The resource has been created "
	  "successfully.", "OK", "None." },
};

static const struct reg {
	const char	*prefix;
	const char	*version;
	const char	*name;
	const char	*desc;
} regs[RF_MSGREG_N] = {
	{ "Base", "1.16.0", "Base Message Registry", "This registry defines "
	  "the base messages for Redfish." },
	{ "Task", "1.0.3", "Task Event Message Registry", "This registry "
	  "defines the messages for task related events." },
	{ "ResourceEvent", "1.3.0", "Resource Event Message Registry", "This "
	  "registry defines the messages to use for resource events." },
};

const char *
rf_msgreg_prefix(int i)
{
	return i >= 0 && i < RF_MSGREG_N ? regs[i].prefix : NULL;
}

static const struct reg *
reg_find(const char *prefix)
{
	int	i;

	for (i = 0; i < RF_MSGREG_N; i++)
		if (strcmp(regs[i].prefix, prefix) == 0)
			return &regs[i];
	return NULL;
}

cJSON *
rf_msgreg_file(const char *prefix)
{
	const struct reg	*r = reg_find(prefix);
	cJSON			*o, *arr, *l;
	char			 p[128], full[64];

	if (r == NULL || (o = cJSON_CreateObject()) == NULL)
		return NULL;
	(void)snprintf(p, sizeof(p), V1 "/Registries/%s", r->prefix);
	(void)snprintf(full, sizeof(full), "%s.%s", r->prefix, r->version);
	cJSON_AddStringToObject(o, "@odata.id", p);
	cJSON_AddStringToObject(o, "@odata.type",
	    "#MessageRegistryFile.v1_1_3.MessageRegistryFile");
	cJSON_AddStringToObject(o, "Id", r->prefix);
	cJSON_AddStringToObject(o, "Name", r->name);
	cJSON_AddStringToObject(o, "Description", r->desc);
	if ((arr = cJSON_AddArrayToObject(o, "Languages")) != NULL)
		cJSON_AddItemToArray(arr, cJSON_CreateString("en"));
	cJSON_AddStringToObject(o, "Registry", full);
	if ((arr = cJSON_AddArrayToObject(o, "Location")) != NULL &&
	    (l = cJSON_CreateObject()) != NULL) {
		cJSON_AddStringToObject(l, "Language", "en");
		(void)snprintf(p, sizeof(p), V1 "/Registries/%s/%s",
		    r->prefix, full);
		cJSON_AddStringToObject(l, "Uri", p);
		(void)snprintf(p, sizeof(p), "https://redfish.dmtf.org/"
		    "registries/%s.json", full);
		cJSON_AddStringToObject(l, "PublicationUri", p);
		cJSON_AddItemToArray(arr, l);
	}
	return o;
}

static void
add_msg(cJSON *msgs, const char *id, int nargs, const char *fmt,
    const char *sev, const char *res)
{
	cJSON	*m, *pt;
	int	 i;

	if ((m = cJSON_AddObjectToObject(msgs, id)) == NULL)
		return;
	cJSON_AddStringToObject(m, "Description", fmt);
	cJSON_AddStringToObject(m, "Message", fmt);
	/* deprecated, but in DMTF's files and sushy 4.3 reads it */
	cJSON_AddStringToObject(m, "Severity", sev);
	cJSON_AddStringToObject(m, "MessageSeverity", sev);
	cJSON_AddNumberToObject(m, "NumberOfArgs", nargs);
	if (nargs > 0 && (pt = cJSON_AddArrayToObject(m, "ParamTypes")) !=
	    NULL)
		for (i = 0; i < nargs; i++)
			cJSON_AddItemToArray(pt, cJSON_CreateString("string"));
	cJSON_AddStringToObject(m, "Resolution", res);
}

cJSON *
rf_msgreg_registry(const char *prefix, const char *id)
{
	const struct reg	*r = reg_find(prefix);
	const struct tmsg	*t = NULL;
	const char		*mid, *fmt, *sev, *res;
	cJSON			*o, *msgs;
	char			 full[64];
	size_t			 i, n = 0;
	int			 nargs;

	if (r == NULL)
		return NULL;
	(void)snprintf(full, sizeof(full), "%s.%s", r->prefix, r->version);
	if (strcmp(id, full) != 0 || (o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "@odata.type",
	    "#MessageRegistry.v1_6_0.MessageRegistry");
	cJSON_AddStringToObject(o, "Id", full);
	cJSON_AddStringToObject(o, "Name", r->name);
	cJSON_AddStringToObject(o, "Language", "en");
	cJSON_AddStringToObject(o, "Description", r->desc);
	cJSON_AddStringToObject(o, "RegistryPrefix", r->prefix);
	cJSON_AddStringToObject(o, "RegistryVersion", r->version);
	cJSON_AddStringToObject(o, "OwningEntity", "DMTF");
	if ((msgs = cJSON_AddObjectToObject(o, "Messages")) == NULL)
		return o;
	if (strcmp(r->prefix, "Base") == 0) {
		for (i = 0; rf_base_msg(i, &mid, &nargs, &fmt, &sev, &res);
		    i++)
			add_msg(msgs, mid, nargs, fmt, sev, res);
		return o;
	}
	if (strcmp(r->prefix, "Task") == 0) {
		t = task_msgs;
		n = sizeof(task_msgs) / sizeof(task_msgs[0]);
	} else {
		t = rev_msgs;
		n = sizeof(rev_msgs) / sizeof(rev_msgs[0]);
	}
	for (i = 0; i < n; i++)
		add_msg(msgs, t[i].id, t[i].nargs, t[i].fmt, t[i].sev,
		    t[i].res);
	return o;
}
