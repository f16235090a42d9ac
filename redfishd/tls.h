/* tls.h: certificate preparation and the civetweb/OpenSSL 3 fix (glue). */
/* SPDX-License-Identifier: ISC */
#ifndef RF_TLS_H
#define RF_TLS_H

#include <stddef.h>

/*
 * Write one PEM file (certificate, then key) for civetweb's
 * ssl_certificate into a new 0600 temp file named in path: from certfile
 * (+ keyfile when the key is separate), or a self-signed P-256
 * certificate for cn when certfile is NULL.  The caller unlinks it once
 * civetweb has read it.  0, or -1 (logged).
 */
int	tls_prepare(const char *certfile, const char *keyfile, const char *cn,
	    char *path, size_t pathlen);
/*
 * Write a new self-signed P-256 certificate for cn and its key, one PEM
 * file (0600, never over an existing file), for -c of many redfishd: one
 * key generated for a whole lab.  0, or -1 (logged).
 */
int	tls_generate_file(const char *file, const char *cn);
/*
 * Read certfile (+ keyfile) at start, while they are readable (before -u)
 * and check that they hold a certificate and its key: refused then, not
 * at the first HTTPS client.  *pem (NUL-terminated, *len bytes) is the
 * caller's, for tls_prepare_pem and tls_free_pem.  0, or -1 (logged).
 */
int	tls_load(const char *certfile, const char *keyfile, char **pem,
	    size_t *len);
/* tls_prepare with the PEM text of tls_load, or NULL: self-signed for cn */
int	tls_prepare_pem(const char *pem, size_t len, const char *cn,
	    char *path, size_t pathlen);
void	tls_free_pem(char *pem, size_t len);
/* After mg_init_library(MG_FEATURES_TLS): see tls.c. */
void	tls_compat(void);

#endif
