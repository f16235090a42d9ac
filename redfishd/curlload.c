/* curlload.c: libcurl, loaded when the first event is pushed. */
/* SPDX-License-Identifier: ISC */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

/* the functions themselves, not curl.h's type-checking macros */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

#include "log.h"
#include "util.h"

/*
 * libcurl and the thirty libraries it needs cost every redfishd about a
 * megabyte of relocated, private pages at start, for event pushes that
 * most simulated BMCs never make.  So redfishd is not linked with it:
 * these are the curl functions web.c calls, and the first one that needs
 * libcurl dlopen()s it.  Until then the multi handle web.c's loop waits
 * on is ours: curl_multi_poll() is poll() on the caller's descriptors and
 * a wake-up pipe; it becomes libcurl's at the first curl_multi_add_handle
 * (the loop's thread, as web.c calls it).
 */
#define CL_SONAME	"libcurl.so.4"

struct cl_multi {
	CURLM		*real;		/* libcurl's, once a transfer came */
	int		 wake[2];	/* curl_multi_wakeup() before that */
};

static struct {
	CURLcode	 (*global_init)(long);
	void		 (*global_cleanup)(void);
	CURL		*(*easy_init)(void);
	void		 (*easy_cleanup)(CURL *);
	void		 (*easy_reset)(CURL *);
	CURLcode	 (*easy_perform)(CURL *);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char	*(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		 (*slist_free_all)(struct curl_slist *);
	CURLM		*(*multi_init)(void);
	CURLMcode	 (*multi_cleanup)(CURLM *);
	CURLMcode	 (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_perform)(CURLM *, int *);
	CURLMcode	 (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned,
			    int, int *);
	CURLMcode	 (*multi_wakeup)(CURLM *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
} cl;

static const char *const cl_names[] = {
	"curl_global_init", "curl_global_cleanup", "curl_easy_init",
	"curl_easy_cleanup", "curl_easy_reset", "curl_easy_perform",
	"curl_easy_setopt", "curl_easy_getinfo", "curl_easy_strerror",
	"curl_slist_append", "curl_slist_free_all", "curl_multi_init",
	"curl_multi_cleanup", "curl_multi_add_handle",
	"curl_multi_remove_handle", "curl_multi_perform", "curl_multi_poll",
	"curl_multi_wakeup", "curl_multi_info_read"
};

static pthread_once_t	 cl_once = PTHREAD_ONCE_INIT;
static long		 cl_flags = CURL_GLOBAL_DEFAULT;
static int		 cl_ok;		/* loaded and initialised */

static void
cl_load(void)
{
	void	*h, **slot = (void **)&cl;
	size_t	 i;

	if ((h = dlopen(CL_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warnx("%s: %s: no event push", CL_SONAME, dlerror());
		return;
	}
	for (i = 0; i < nitems(cl_names); i++)
		if ((slot[i] = dlsym(h, cl_names[i])) == NULL) {
			log_warnx("%s: no %s: no event push", CL_SONAME,
			    cl_names[i]);
			return;
		}
	if (cl.global_init(cl_flags) != CURLE_OK) {
		log_warnx("curl_global_init failed: no event push");
		return;
	}
	log_debug("%s loaded", CL_SONAME);
	cl_ok = 1;
}

static int
cl_need(void)
{
	(void)pthread_once(&cl_once, cl_load);
	return cl_ok;
}

CURLcode
curl_global_init(long flags)
{
	cl_flags = flags;		/* for cl_load(), later */
	return CURLE_OK;
}

void
curl_global_cleanup(void)
{
	if (cl_ok)
		cl.global_cleanup();
}

CURL *
curl_easy_init(void)
{
	return cl_need() ? cl.easy_init() : NULL;
}

void
curl_easy_cleanup(CURL *c)
{
	if (c != NULL && cl_ok)
		cl.easy_cleanup(c);
}

void
curl_easy_reset(CURL *c)
{
	if (c != NULL && cl_ok)
		cl.easy_reset(c);
}

CURLcode
curl_easy_perform(CURL *c)
{
	return cl_ok ? cl.easy_perform(c) : CURLE_FAILED_INIT;
}

/* The one argument's type follows from the option's number (curl.h). */
CURLcode
curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	va_list		 ap;
	CURLcode	 r;

	if (!cl_ok)
		return CURLE_FAILED_INIT;
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		r = cl.easy_setopt(c, opt, va_arg(ap, long));
	else if (opt >= CURLOPTTYPE_FUNCTIONPOINT &&
	    opt < CURLOPTTYPE_OFF_T)
		r = cl.easy_setopt(c, opt, va_arg(ap, void (*)(void)));
	else if (opt >= CURLOPTTYPE_OFF_T && opt < CURLOPTTYPE_BLOB)
		r = cl.easy_setopt(c, opt, va_arg(ap, curl_off_t));
	else
		r = cl.easy_setopt(c, opt, va_arg(ap, void *));
	va_end(ap);
	return r;
}

CURLcode
curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	va_list		 ap;
	CURLcode	 r;

	if (!cl_ok)
		return CURLE_FAILED_INIT;
	va_start(ap, info);
	r = cl.easy_getinfo(c, info, va_arg(ap, void *));
	va_end(ap);
	return r;
}

const char *
curl_easy_strerror(CURLcode code)
{
	return cl_ok ? cl.easy_strerror(code) : "libcurl not loaded";
}

struct curl_slist *
curl_slist_append(struct curl_slist *l, const char *s)
{
	return cl_need() ? cl.slist_append(l, s) : NULL;
}

void
curl_slist_free_all(struct curl_slist *l)
{
	if (l != NULL && cl_ok)
		cl.slist_free_all(l);
}

CURLM *
curl_multi_init(void)
{
	struct cl_multi	*m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if (pipe2(m->wake, O_CLOEXEC | O_NONBLOCK) == -1) {
		free(m);
		return NULL;
	}
	return (CURLM *)m;
}

CURLMcode
curl_multi_cleanup(CURLM *mh)
{
	struct cl_multi	*m = (struct cl_multi *)mh;

	if (m == NULL)
		return CURLM_BAD_HANDLE;
	if (m->real != NULL)
		(void)cl.multi_cleanup(m->real);
	close(m->wake[0]);
	close(m->wake[1]);
	free(m);
	return CURLM_OK;
}

CURLMcode
curl_multi_add_handle(CURLM *mh, CURL *c)
{
	struct cl_multi	*m = (struct cl_multi *)mh;

	if (!cl_need())
		return CURLM_INTERNAL_ERROR;
	if (m->real == NULL) {
		CURLM	*r;

		if ((r = cl.multi_init()) == NULL)
			return CURLM_OUT_OF_MEMORY;
		__atomic_store_n(&m->real, r, __ATOMIC_RELEASE);
	}
	return cl.multi_add_handle(m->real, c);
}

CURLMcode
curl_multi_remove_handle(CURLM *mh, CURL *c)
{
	struct cl_multi	*m = (struct cl_multi *)mh;

	if (m->real == NULL)
		return CURLM_BAD_EASY_HANDLE;
	return cl.multi_remove_handle(m->real, c);
}

CURLMcode
curl_multi_perform(CURLM *mh, int *running)
{
	struct cl_multi	*m = (struct cl_multi *)mh;

	if (m->real == NULL) {
		*running = 0;
		return CURLM_OK;
	}
	return cl.multi_perform(m->real, running);
}

CURLMsg *
curl_multi_info_read(CURLM *mh, int *left)
{
	struct cl_multi	*m = (struct cl_multi *)mh;

	if (m->real == NULL) {
		*left = 0;
		return NULL;
	}
	return cl.multi_info_read(m->real, left);
}

CURLMcode
curl_multi_wakeup(CURLM *mh)
{
	struct cl_multi	*m = (struct cl_multi *)mh;
	CURLM		*r = __atomic_load_n(&m->real, __ATOMIC_ACQUIRE);

	/* the pipe too: the loop may be in our poll still */
	(void)write(m->wake[1], "", 1);
	if (r != NULL)
		return cl.multi_wakeup(r);
	return CURLM_OK;
}

/* curl_multi_poll(3) without transfers: the extra descriptors, a wake-up. */
CURLMcode
curl_multi_poll(CURLM *mh, struct curl_waitfd *xf, unsigned nx, int ms,
    int *nready)
{
	struct cl_multi	*m = (struct cl_multi *)mh;
	struct pollfd	 pfd[16];
	char		 buf[64];
	unsigned	 i;
	int		 n = 0;

	if (m->real != NULL) {
		/* a wake-up sent before the switch is in the pipe */
		while (read(m->wake[0], buf, sizeof(buf)) > 0)
			ms = 0;
		return cl.multi_poll(m->real, xf, nx, ms, nready);
	}
	if (nx + 1 > nitems(pfd))
		return CURLM_BAD_FUNCTION_ARGUMENT;
	for (i = 0; i < nx; i++) {
		pfd[i].fd = xf[i].fd;
		pfd[i].events = (short)xf[i].events;
		pfd[i].revents = 0;
	}
	pfd[nx].fd = m->wake[0];
	pfd[nx].events = POLLIN;
	pfd[nx].revents = 0;
	if (poll(pfd, nx + 1, ms) == -1 && errno != EINTR)
		return CURLM_INTERNAL_ERROR;
	for (i = 0; i < nx; i++) {
		xf[i].revents = (short)pfd[i].revents;
		if (pfd[i].revents != 0)
			n++;
	}
	if (pfd[nx].revents != 0)
		while (read(m->wake[0], buf, sizeof(buf)) > 0)
			;
	if (nready != NULL)
		*nready = n;
	return CURLM_OK;
}
