/* util.c: numbers, strings, errors, random bytes and small file helpers. */
/* SPDX-License-Identifier: ISC */

#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

const char *
bmc_strerror(int e)
{
	switch (e) {
	case BMC_OK:		return "success";
	case BMC_ESHORT:	return "input truncated";
	case BMC_EPROTO:	return "protocol violation";
	case BMC_ERANGE:	return "value out of range";
	case BMC_ENOMEM:	return "out of memory";
	case BMC_EAUTH:		return "authentication failed";
	case BMC_EINVAL:	return "invalid argument";
	case BMC_ETOOLONG:	return "too long";
	case BMC_ENOENT:	return "not found";
	case BMC_EAGAIN:	return "need more input";
	default:		return "unknown error";
	}
}

/* OpenBSD lib/libc/stdlib/strtonum.c */
long long
strtonum(const char *numstr, long long minval, long long maxval,
    const char **errstrp)
{
	long long	 ll = 0;
	char		*ep;
	int		 error = 0;
	const char	*errstr = NULL;
	int		 saved = errno;

	if (minval > maxval) {
		error = EINVAL;
		errstr = "invalid";
	} else if (numstr == NULL || *numstr == '\0') {
		error = EINVAL;
		errstr = "invalid";
	} else {
		errno = 0;
		ll = strtoll(numstr, &ep, 10);
		if (numstr == ep || *ep != '\0') {
			error = EINVAL;
			errstr = "invalid";
		} else if ((ll == LLONG_MIN && errno == ERANGE) ||
		    ll < minval) {
			error = ERANGE;
			errstr = "too small";
		} else if ((ll == LLONG_MAX && errno == ERANGE) ||
		    ll > maxval) {
			error = ERANGE;
			errstr = "too large";
		}
	}
	if (errstrp != NULL)
		*errstrp = errstr;
	errno = error ? error : saved;
	if (error)
		ll = 0;
	return ll;
}

size_t
strlcpy(char *dst, const char *src, size_t dsize)
{
	const char	*osrc = src;
	size_t		 nleft = dsize;

	if (nleft != 0) {
		while (--nleft != 0) {
			if ((*dst++ = *src++) == '\0')
				break;
		}
	}
	if (nleft == 0) {
		if (dsize != 0)
			*dst = '\0';
		while (*src++)
			;
	}
	return (size_t)(src - osrc - 1);
}

size_t
strlcat(char *dst, const char *src, size_t dsize)
{
	const char	*odst = dst;
	const char	*osrc = src;
	size_t		 n = dsize;
	size_t		 dlen;

	while (n-- != 0 && *dst != '\0')
		dst++;
	dlen = (size_t)(dst - odst);
	n = dsize - dlen;

	if (n-- == 0)
		return dlen + strlen(src);
	while (*src != '\0') {
		if (n != 0) {
			*dst++ = *src;
			n--;
		}
		src++;
	}
	*dst = '\0';
	return dlen + (size_t)(src - osrc);
}

long long
parse_duration_ms(const char *s)
{
	char		 num[32];
	const char	*errstr;
	const char	*unit;
	size_t		 n;
	long long	 v, mul;

	if (s == NULL)
		return -1;
	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++)
		;
	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	unit = s + n;
	if (*unit == '\0' || strcmp(unit, "ms") == 0)
		mul = 1;
	else if (strcmp(unit, "s") == 0)
		mul = 1000;
	else if (strcmp(unit, "m") == 0)
		mul = 60 * 1000;
	else if (strcmp(unit, "h") == 0)
		mul = 3600 * 1000;
	else
		return -1;
	v = strtonum(num, 0, LLONG_MAX / mul, &errstr);
	if (errstr != NULL)
		return -1;
	return v * mul;
}

uint64_t
now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int
util_getrandom(void *buf, size_t n)
{
	uint8_t	*p = buf;
	ssize_t	 r;

	while (n > 0) {
		r = getrandom(p, n, 0);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int	(*util_random)(void *, size_t) = util_getrandom;

int
util_ct_memcmp(const void *a, const void *b, size_t n)
{
	const volatile uint8_t	*pa = a, *pb = b;
	uint8_t			 d = 0;
	size_t			 i;

	for (i = 0; i < n; i++)
		d |= pa[i] ^ pb[i];
	return d != 0;
}

void
util_zeroize(void *p, size_t n)
{
	volatile uint8_t	*v = p;

	while (n--)
		*v++ = 0;
}

int
util_read_file(const char *path, size_t max, char **bufp, size_t *lenp)
{
	struct stat	 st;
	char		*buf = NULL, *nb;
	size_t		 len = 0, cap = 0;
	ssize_t		 r;
	int		 fd = -1, rv = -1, saved;

	*bufp = NULL;
	if (lenp != NULL)
		*lenp = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto out;
	if (fstat(fd, &st) == -1)
		goto out;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto out;
	}
	if (max > SIZE_MAX / 4)
		max = SIZE_MAX / 4;
	for (;;) {
		if (len == cap) {
			/* room for max + 1 bytes tells "too big" from "max" */
			size_t ncap = cap == 0 ? 4096 : cap * 2;

			if (ncap > max + 1)
				ncap = max + 1;
			if ((nb = realloc(buf, ncap + 1)) == NULL)
				goto out;
			buf = nb;
			cap = ncap;
		}
		r = read(fd, buf + len, cap - len);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > max) {
			errno = EFBIG;
			goto out;
		}
	}
	if (buf == NULL && (buf = malloc(1)) == NULL)
		goto out;
	buf[len] = '\0';
	*bufp = buf;
	buf = NULL;
	if (lenp != NULL)
		*lenp = len;
	rv = 0;
out:
	saved = errno;
	free(buf);
	if (fd != -1)
		close(fd);
	errno = saved;
	return rv;
}

int
util_read_secret(const char *path, char *out, size_t outlen)
{
	char	*buf = NULL;
	size_t	 len = 0, n;
	int	 rv = -1;

	if (outlen == 0) {
		errno = EINVAL;
		return -1;
	}
	if (util_read_file(path, 64 * 1024, &buf, &len) == -1)
		return -1;
	n = strcspn(buf, "\n");
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	if (n >= outlen) {
		errno = ENAMETOOLONG;
		goto out;
	}
	memcpy(out, buf, n);
	out[n] = '\0';
	rv = 0;
out:
	util_zeroize(buf, len);
	free(buf);
	return rv;
}

int
util_write_atomic(const char *path, const void *data, size_t len, int mode)
{
	char		 tmp[PATH_MAX], dir[PATH_MAX];
	const uint8_t	*p = data;
	char		*slash;
	ssize_t		 w;
	int		 fd = -1, dfd = -1, rv = -1, saved, r;

	r = snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path);
	if (r < 0 || (size_t)r >= sizeof(tmp) ||
	    strlcpy(dir, path, sizeof(dir)) >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((slash = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';

	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		return -1;
	if (fchmod(fd, (mode_t)mode) == -1)
		goto out;
	while (len > 0) {
		w = write(fd, p, len);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) == -1)
		goto out;
	if (close(fd) == -1) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto out;
	tmp[0] = '\0';		/* nothing left to unlink */
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(dfd) == -1)
		goto out;
	rv = 0;
out:
	saved = errno;
	if (fd != -1)
		close(fd);
	if (dfd != -1)
		close(dfd);
	if (rv == -1 && tmp[0] != '\0')
		unlink(tmp);
	errno = saved;
	return rv;
}

void
util_hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
util_hex_decode(const char *in, uint8_t *out, size_t outmax)
{
	size_t	n = 0;
	int	hi, lo;

	while (in[0] != '\0') {
		if ((hi = hexval((unsigned char)in[0])) == -1 ||
		    (lo = hexval((unsigned char)in[1])) == -1)
			return -1;
		if (n >= outmax)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		in += 2;
	}
	if (n > INT_MAX)
		return -1;
	return (int)n;
}

void
util_std_fds(void)
{
	int	fd;

	while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) != -1 && fd <= 2)
		if (fcntl(fd, F_SETFD, 0) == -1)
			break;
	if (fd > 2)
		close(fd);
}
