/* tap.h: header-only TAP producer for unit tests (t/unit/NNNN-*.c). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_TAP_H
#define BMC_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_bad;

static void __attribute__((format(printf, 4, 5), unused))
tap_ok(int c, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%s %d - ", c ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!c) {
		tap_bad++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
}

static void __attribute__((unused))
tap_is_int(long long g, long long w, const char *file, int line,
    const char *d)
{
	tap_ok(g == w, file, line, "%s", d);
	if (g != w)
		printf("#   got %lld (0x%llx), want %lld (0x%llx)\n", g,
		    (unsigned long long)g, w, (unsigned long long)w);
}

static void __attribute__((unused))
tap_is_str(const char *g, const char *w, const char *file, int line,
    const char *d)
{
	int c = g != NULL && w != NULL && strcmp(g, w) == 0;

	tap_ok(c, file, line, "%s", d);
	if (!c)
		printf("#   got \"%s\", want \"%s\"\n", g ? g : "(null)",
		    w ? w : "(null)");
}

static void __attribute__((unused))
tap_is_mem(const void *g, const void *w, size_t n, const char *file,
    int line, const char *d)
{
	const unsigned char *a = g, *b = w;
	size_t i;
	int c = memcmp(g, w, n) == 0;

	tap_ok(c, file, line, "%s", d);
	if (!c) {
		printf("#   got  ");
		for (i = 0; i < n; i++)
			printf("%02x", a[i]);
		printf("\n#   want ");
		for (i = 0; i < n; i++)
			printf("%02x", b[i]);
		printf("\n");
	}
}

#define ok(c, ...)	tap_ok(!!(c), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(g, w, d)	tap_is_int((long long)(g), (long long)(w), __FILE__, __LINE__, d)
#define is_str(g, w, d)	tap_is_str((g), (w), __FILE__, __LINE__, d)
#define is_mem(g, w, n, d) tap_is_mem((g), (w), (n), __FILE__, __LINE__, d)
#define diag(...)	(printf("# "), printf(__VA_ARGS__), printf("\n"))

static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_bad != 0;
}

#endif
