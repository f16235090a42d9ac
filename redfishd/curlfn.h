/* curlfn.h: libcurl, loaded when redfishd first needs it. */
/* SPDX-License-Identifier: ISC */
#ifndef RF_CURLFN_H
#define RF_CURLFN_H

#include <curl/curl.h>

/*
 * redfishd fetches (virtual media checks, firmware images) and pushes
 * events with libcurl, which most BMCs of a lab never do.  Linked, libcurl
 * and the TLS, Kerberos, LDAP and SSH libraries it needs cost every
 * redfishd about 0.7 MB of relocated, private pages and their start-up
 * time; so libcurl is opened with dlopen(3) at the first use and called
 * through this table.  The members have their own names: wrappers named
 * curl_* would interpose libcurl's own internal calls wherever libcurl is
 * linked too (the unit tests).
 */
struct curlfn {
	CURL		*(*easy_init)(void);
	CURLcode	 (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	 (*easy_perform)(CURL *);
	CURLcode	 (*easy_getinfo)(CURL *, CURLINFO, ...);
	void		 (*easy_reset)(CURL *);
	void		 (*easy_cleanup)(CURL *);
	const char	*(*easy_strerror)(CURLcode);
	CURLM		*(*multi_init)(void);
	CURLMcode	 (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode	 (*multi_perform)(CURLM *, int *);
	CURLMcode	 (*multi_poll)(CURLM *, struct curl_waitfd *,
			    unsigned int, int, int *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
	CURLMcode	 (*multi_cleanup)(CURLM *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		 (*slist_free_all)(struct curl_slist *);
	void		 (*global_cleanup)(void);
};

extern struct curlfn	 cu;

/*
 * Open libcurl and run curl_global_init, once (any thread).  0, or -1
 * when it cannot be loaded (logged once; the caller fails its request).
 */
int	curlfn_load(void);
/* curl_global_cleanup if it was loaded (at exit) */
void	curlfn_unload(void);

#endif
