/* privdrop.h: become an unprivileged user for good (STYLE.md §B, quark's order). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_PRIVDROP_H
#define BMC_PRIVDROP_H

#include <sys/types.h>

/*
 * Look the user up before binding, so that an unknown user is a usage
 * error (exit 100) and not a runtime one.  0, or -1 with a message logged.
 */
int	privdrop_lookup(const char *user, uid_t *uid, gid_t *gid);
/*
 * setgroups, setresgid, setresuid; then prove that root cannot be
 * regained and set PR_SET_NO_NEW_PRIVS.  Not running as root: nothing to
 * drop when uid is already ours, else fatal.  Any failure is fatal (111):
 * a daemon must never go on with privileges it was told to give up.
 */
void	privdrop(const char *user, uid_t uid, gid_t gid);

#endif
