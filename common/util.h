/* util.h: small helpers every daemon shares: numbers, strings, errors, exit codes. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_UTIL_H
#define BMC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define FALLTHROUGH	__attribute__((fallthrough))
#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#define UNUSED(x)	((void)(x))

/* Exit statuses (s6 convention): usage/config error vs runtime failure. */
#define EXIT_USAGE	100
#define EXIT_RUNTIME	111

/* Results of pure code: 0 or one of these (negative). */
#define BMC_OK		0
#define BMC_ESHORT	(-1)	/* input truncated */
#define BMC_EPROTO	(-2)	/* malformed / protocol violation */
#define BMC_ERANGE	(-3)	/* value or length out of range */
#define BMC_ENOMEM	(-4)	/* allocation failed */
#define BMC_EAUTH	(-5)	/* integrity / authentication failed */
#define BMC_EINVAL	(-6)	/* invalid argument */
#define BMC_ETOOLONG	(-7)	/* exceeds a named maximum */
#define BMC_ENOENT	(-8)	/* no such thing */
#define BMC_EAGAIN	(-9)	/* need more input */
const char	*bmc_strerror(int);

/* OpenBSD strtonum(3): errstr is NULL on success, else "invalid", "too small", "too large". */
long long	 strtonum(const char *, long long, long long, const char **);
/* BSD strlcpy/strlcat (glibc 2.36 has neither). */
size_t		 strlcpy(char *, const char *, size_t);
size_t		 strlcat(char *, const char *, size_t);

/* Parse "250ms", "2s", "1m", or a bare number of milliseconds; -1 on error. */
long long	 parse_duration_ms(const char *);
/* Monotonic milliseconds (CLOCK_MONOTONIC). */
uint64_t	 now_ms(void);
/* Fill buf with n random bytes (getrandom(2)); replaceable for tests. */
extern int	(*util_random)(void *buf, size_t n);
/* Constant-time compare, 0 when equal. */
int		 util_ct_memcmp(const void *, const void *, size_t);
/* Wipe memory the compiler may not elide. */
void		 util_zeroize(void *, size_t);
/*
 * /dev/null on whichever of fds 0, 1, 2 is closed, so no socket a daemon
 * opens becomes its stdout or stderr (a supervisor may start it so).
 * Call after the options: -N has checked its descriptor by then.
 */
void		 util_std_fds(void);
/* Read a whole (small) file into a malloc'd NUL-terminated buffer; -1 + errno. */
int		 util_read_file(const char *path, size_t max, char **buf, size_t *len);
/* Read a secret from a file: first line, trailing newline stripped; -1 + errno. */
int		 util_read_secret(const char *path, char *out, size_t outlen);
/* Write data to path atomically: temp file in same dir, fsync, rename, fsync dir. */
int		 util_write_atomic(const char *path, const void *data, size_t len, int mode);
/* hex encode/decode; decode returns bytes written or -1 */
void		 util_hex_encode(const uint8_t *in, size_t n, char *out /* 2n+1 */);
int		 util_hex_decode(const char *in, uint8_t *out, size_t outmax);

#endif
