/* log.c: OpenBSD-style logging: stderr or syslog, one write(2) per line. */
/* SPDX-License-Identifier: ISC */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

#define LOG_LINE_MAX	1024

static const char	*log_progname = "bmcsim";
static int		 log_syslog;
static int		 log_verbose;

void
log_init(const char *progname, int to_syslog, int verbose)
{
	if (progname != NULL)
		log_progname = progname;
	log_syslog = to_syslog;
	log_verbose = verbose;
	if (log_syslog)
		openlog(log_progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	tzset();
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

int
log_getverbose(void)
{
	return log_verbose;
}

/* Emit "msg" (already formatted) as one line; errnum >= 0 appends strerror. */
static void __attribute__((format(printf, 3, 0)))
log_emit(int pri, int errnum, const char *fmt, va_list ap)
{
	char	 buf[LOG_LINE_MAX];
	char	 ebuf[128];
	size_t	 n = 0;
	ssize_t	 w;
	int	 r;

	if (!log_syslog) {
		r = snprintf(buf, sizeof(buf), "%s: ", log_progname);
		if (r > 0)
			n = (size_t)r < sizeof(buf) ? (size_t)r :
			    sizeof(buf) - 1;
	}
	r = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (r > 0)
		n += (size_t)r < sizeof(buf) - n ? (size_t)r :
		    sizeof(buf) - n - 1;
	if (errnum >= 0) {
		/* GNU strerror_r returns the string (maybe not ebuf) */
		const char *es = strerror_r(errnum, ebuf, sizeof(ebuf));

		r = snprintf(buf + n, sizeof(buf) - n, ": %s", es);
		if (r > 0)
			n += (size_t)r < sizeof(buf) - n ? (size_t)r :
			    sizeof(buf) - n - 1;
	}
	if (log_syslog) {
		syslog(pri, "%s", buf);
		return;
	}
	if (n >= sizeof(buf) - 1)
		n = sizeof(buf) - 2;	/* truncated: keep room for '\n' */
	buf[n++] = '\n';
	w = write(STDERR_FILENO, buf, n);
	(void)w;	/* nowhere left to report a failed log write */
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	int	saved = errno;

	if (pri == LOG_DEBUG && !log_verbose)
		return;
	log_emit(pri, -1, fmt, ap);
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_emit(LOG_ERR, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_emit(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(EXIT_RUNTIME);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(LOG_CRIT, -1, fmt, ap);
	va_end(ap);
	exit(EXIT_RUNTIME);
}
