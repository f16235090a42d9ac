/* privdrop.c: become an unprivileged user for good (STYLE.md §B, quark's order). */
/* SPDX-License-Identifier: ISC */

#include <sys/prctl.h>
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "log.h"
#include "privdrop.h"

int
privdrop_lookup(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd	*pw;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		if (errno != 0)
			log_warn("user %s", user);
		else
			log_warnx("unknown user %s", user);
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

void
privdrop(const char *user, uid_t uid, gid_t gid)
{
	if (geteuid() != 0) {
		if (uid == geteuid() && gid == getegid())
			return;
		fatalx("cannot become %s: not running as root", user);
	}
	if (setgroups(1, &gid) == -1 || setresgid(gid, gid, gid) == -1 ||
	    setresuid(uid, uid, uid) == -1)
		fatal("cannot drop privileges to %s", user);
	if (uid != 0 && setuid(0) != -1)
		fatalx("could regain root after dropping privileges");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("PR_SET_NO_NEW_PRIVS");
	log_debug("running as %s (uid %lu)", user, (unsigned long)uid);
}
