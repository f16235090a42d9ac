/* facts.h: what the simulated firmware boots, for a backend to pass on. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_FACTS_H
#define PD_FACTS_H

struct pd_srv;

/*
 * The boot facts of server s as NAME/value pairs, each handed to put:
 * BMCSIM_SERVER, _ACTION (action), _CONTAINER, _BOOT_DEVICE,
 * _SECURE_BOOT, _MEDIA_URL, _BOOT_OPTION, _BOOT_TARGET, _BOOT_NAME,
 * _BOOT_MAC, BMCSIM_BIOS_<attribute> (the value this boot applies,
 * pending changes included) and _BOOT_URI.  The docker backend writes
 * them to its boot-facts file, the exec backend into its commands'
 * environment: both get the same facts.
 */
typedef void	(*facts_put)(void *arg, const char *name, const char *value);
void	facts_boot(const struct pd_srv *s, const char *action, facts_put put,
	    void *arg);

#endif
