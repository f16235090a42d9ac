/* curlfn.c: libcurl through dlopen(3), at the first use (curlfn.h). */
/* SPDX-License-Identifier: ISC */

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "curlfn.h"
#include "log.h"

struct curlfn		 cu;
static pthread_once_t	 once = PTHREAD_ONCE_INIT;
static int		 loaded = -1;

#define SYM(member, name)	{ #name, offsetof(struct curlfn, member) }

static const struct {
	const char	*name;
	size_t		 off;
} syms[] = {
	SYM(easy_init, curl_easy_init),
	SYM(easy_setopt, curl_easy_setopt),
	SYM(easy_perform, curl_easy_perform),
	SYM(easy_getinfo, curl_easy_getinfo),
	SYM(easy_reset, curl_easy_reset),
	SYM(easy_cleanup, curl_easy_cleanup),
	SYM(easy_strerror, curl_easy_strerror),
	SYM(multi_init, curl_multi_init),
	SYM(multi_add_handle, curl_multi_add_handle),
	SYM(multi_remove_handle, curl_multi_remove_handle),
	SYM(multi_perform, curl_multi_perform),
	SYM(multi_poll, curl_multi_poll),
	SYM(multi_info_read, curl_multi_info_read),
	SYM(multi_cleanup, curl_multi_cleanup),
	SYM(slist_append, curl_slist_append),
	SYM(slist_free_all, curl_slist_free_all),
	SYM(global_cleanup, curl_global_cleanup),
};

static void
load(void)
{
	CURLcode	(*init)(long);
	void		*h, *f;
	size_t		 i;

	/* the soname of Debian's libcurl4 (the ABI curl.h describes) */
	if ((h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL) {
		log_warnx("libcurl: %s", dlerror());
		return;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		if ((f = dlsym(h, syms[i].name)) == NULL) {
			log_warnx("libcurl: no %s", syms[i].name);
			return;
		}
		/* POSIX: a function pointer has the size of a void * */
		*(void **)((char *)&cu + syms[i].off) = f;
	}
	*(void **)&init = dlsym(h, "curl_global_init");
	if (init == NULL || init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_warnx("libcurl: curl_global_init failed");
		return;
	}
	log_debug("libcurl loaded");
	loaded = 0;
}

int
curlfn_load(void)
{
	(void)pthread_once(&once, load);
	return loaded;
}

void
curlfn_unload(void)
{
	if (loaded == 0)
		cu.global_cleanup();
}
