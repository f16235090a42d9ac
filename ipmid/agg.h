/* agg.h: aggregated mode (-M): one ipmid serving every server of a servers file. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_IPMID_AGG_H
#define BMC_IPMID_AGG_H

#include <sys/types.h>

struct ipmid_conf;
struct config_extra;

#define AGG_PD_CONNS	2	/* request connections per powerd socket */
#define AGG_FDS_SRV	2	/* a UDP listener, a SOL console while active */
#define AGG_FDS_BASE	64	/* stdio, the loop, logs, slack */

/*
 * Run an aggregated ipmid: every server of file with the configuration
 * base (-f, -S) gets its own context, listener, sessions, accounts cache
 * and SOL console, as a separate ipmid would.  noaction: check and exit.
 * Returns the exit status; usage errors (a bad file, a line without
 * ipmi=) log one line and return EXIT_USAGE, failures to bind or too few
 * file descriptors EXIT_RUNTIME.
 */
int	agg_main(const char *file, const struct ipmid_conf *base,
	    const char *user, uid_t, gid_t, int noaction, int rdyfd);

#endif
