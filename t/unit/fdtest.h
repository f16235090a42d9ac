/* fdtest.h: fd-leak counting shared by the fd-passing unit tests. */
/* SPDX-License-Identifier: ISC */

#ifndef FDTEST_H
#define FDTEST_H

#include <dirent.h>

/* Open fds of this process, or -1 if /proc/self/fd cannot be read. */
static int
count_fds(void)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

#endif /* FDTEST_H */
