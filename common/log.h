/* log.h: OpenBSD-style logging to stderr or syslog (-s). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_LOG_H
#define BMC_LOG_H

#include <stdarg.h>

/*
 * Lines look like "ipmid: what: why", lowercase, no timestamps, each
 * emitted with a single write(2) so threads never interleave.
 */
void	log_init(const char *progname, int to_syslog, int verbose);
void	log_setverbose(int verbose);
int	log_getverbose(void);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	vlog(int pri, const char *, va_list) __attribute__((format(printf, 2, 0)));
/* exit 111 (runtime/system failure); only at startup or on a broken invariant */
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
