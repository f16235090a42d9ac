/* users.h: ipmid's cache of powerd's accounts and inventory (GUID). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_USERS_H
#define BMC_USERS_H

#include <cjson/cJSON.h>

struct ipmid;

#define USERS_PD_TIMEOUT_MS	5000

/* Allocate d->users_st; -1 on ENOMEM. */
int	users_init(struct ipmid *);
void	users_fini(struct ipmid *);
/* Ask powerd for the inventory (bmc_guid -> d->guid). */
void	users_inventory(struct ipmid *);
/* Map a powerd role to an IPMI privilege; IPMI_PRIV_NOACCESS if unknown. */
int	users_role_priv(const char *);
/* Fill one cache entry from an "account" object; -1 if malformed. */
int	users_parse_account(const cJSON *, struct ipmid_user *);
/* Fill locked_until from an "account" object. */
void	users_parse_lock(const cJSON *, struct ipmid_user *);

#endif
