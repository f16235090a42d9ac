/* rf_msgreg.h: the message registries this service's messages come from. */
/* SPDX-License-Identifier: ISC */
#ifndef RF_MSGREG_H
#define RF_MSGREG_H

#include <stddef.h>
#include <cjson/cJSON.h>

/*
 * Served under /redfish/v1/Registries so a client needs no copy of the
 * DMTF files: Base (the error and success messages), Task (TaskService
 * tasks) and ResourceEvent (EventService events).  Each registry holds
 * the messages this service sends, with the DMTF text and arguments; the
 * registry file's Location also names the DMTF publication.
 */
#define RF_MSGREG_N	3
const char	*rf_msgreg_prefix(int i);
/* MessageRegistryFile for prefix, or NULL (unknown). */
cJSON	*rf_msgreg_file(const char *prefix);
/* MessageRegistry at /Registries/<prefix>/<id>, or NULL (unknown). */
cJSON	*rf_msgreg_registry(const char *prefix, const char *id);

/* route.c: the Base messages it sends (i from 0; 0 past the end). */
int	rf_base_msg(size_t i, const char **id, int *nargs, const char **fmt,
	    const char **sev, const char **res);

#endif
