/* tls.c: the HTTPS certificate for civetweb: given, or self-signed with mbedtls. */
/* SPDX-License-Identifier: ISC */

#include <sys/stat.h>

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include "log.h"
#include "tls.h"
#include "util.h"

#define TLS_PEM_MAX	(16 * 1024)

/* Write the PEM text to a new private file; its path into path. */
static int
tls_write_tmp(const char *pem, size_t len, char *path, size_t pathlen)
{
	const char	*dir = getenv("TMPDIR");
	int		 fd, n;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = snprintf(path, pathlen, "%s/redfishd-tls.XXXXXX", dir);
	if (n < 0 || (size_t)n >= pathlen) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* mkstemp makes it 0600: the key is readable by us only */
	if ((fd = mkstemp(path)) == -1)
		return -1;
	if (write(fd, pem, len) != (ssize_t)len || close(fd) == -1) {
		(void)unlink(path);
		return -1;
	}
	return 0;
}

/* SAN: DNS:localhost, IP:127.0.0.1 (DER, RFC 5280 4.2.1.6). */
static const unsigned char san_der[] = {
	0x30, 0x11,
	0x82, 0x09, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't',
	0x87, 0x04, 0x7f, 0x00, 0x00, 0x01
};

static int
tls_generate(const char *cn, char *pem, size_t pemlen)
{
	mbedtls_pk_context	 key;
	mbedtls_entropy_context	 ent;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_x509write_cert	 crt;
	mbedtls_mpi		 serial;
	unsigned char		 rnd[16];
	char			 subj[128], err[128];
	size_t			 l;
	int			 r, rv = -1;

	mbedtls_pk_init(&key);
	mbedtls_entropy_init(&ent);
	mbedtls_ctr_drbg_init(&drbg);
	mbedtls_x509write_crt_init(&crt);
	mbedtls_mpi_init(&serial);

	if ((r = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &ent,
	    (const unsigned char *)"redfishd", 8)) != 0 ||
	    (r = mbedtls_pk_setup(&key,
	    mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY))) != 0 ||
	    (r = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1,
	    mbedtls_pk_ec(key), mbedtls_ctr_drbg_random, &drbg)) != 0)
		goto out;
	if ((r = mbedtls_ctr_drbg_random(&drbg, rnd, sizeof(rnd))) != 0)
		goto out;
	rnd[0] &= 0x7f;			/* a positive serial */
	(void)snprintf(subj, sizeof(subj), "CN=%s,O=bmcsim", cn);
	mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(&crt, &key);
	mbedtls_x509write_crt_set_issuer_key(&crt, &key);
	if ((r = mbedtls_mpi_read_binary(&serial, rnd, sizeof(rnd))) != 0 ||
	    (r = mbedtls_x509write_crt_set_serial(&crt, &serial)) != 0 ||
	    (r = mbedtls_x509write_crt_set_subject_name(&crt, subj)) != 0 ||
	    (r = mbedtls_x509write_crt_set_issuer_name(&crt, subj)) != 0 ||
	    (r = mbedtls_x509write_crt_set_validity(&crt, "20250101000000",
	    "20451231235959")) != 0 ||
	    (r = mbedtls_x509write_crt_set_basic_constraints(&crt, 0,
	    -1)) != 0 ||
	    (r = mbedtls_x509write_crt_set_extension(&crt,
	    MBEDTLS_OID_SUBJECT_ALT_NAME,
	    MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0, san_der,
	    sizeof(san_der))) != 0)
		goto out;
	if ((r = mbedtls_x509write_crt_pem(&crt, (unsigned char *)pem,
	    pemlen, mbedtls_ctr_drbg_random, &drbg)) != 0)
		goto out;
	l = strlen(pem);
	if ((r = mbedtls_pk_write_key_pem(&key, (unsigned char *)pem + l,
	    pemlen - l)) != 0)
		goto out;
	rv = 0;
out:
	if (rv == -1) {
		mbedtls_strerror(r, err, sizeof(err));
		log_warnx("certificate: %s", err);
	}
	mbedtls_mpi_free(&serial);
	mbedtls_x509write_crt_free(&crt);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&ent);
	mbedtls_pk_free(&key);
	util_zeroize(rnd, sizeof(rnd));
	return rv;
}

int
tls_generate_file(const char *file, const char *cn)
{
	char	*pem;
	size_t	 len;
	int	 fd, rv = -1;

	if ((pem = calloc(1, TLS_PEM_MAX)) == NULL)
		return -1;
	if (tls_generate(cn, pem, TLS_PEM_MAX) == -1)
		goto out;
	len = strlen(pem);
	/* the key is in it: 0600, and never over an existing file */
	if ((fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		log_warn("%s", file);
		goto out;
	}
	if (write(fd, pem, len) != (ssize_t)len || close(fd) == -1) {
		log_warn("%s", file);
		(void)unlink(file);
		goto out;
	}
	rv = 0;
out:
	util_zeroize(pem, TLS_PEM_MAX);
	free(pem);
	return rv;
}

/* certfile, then keyfile if given, in one NUL-terminated buffer */
static int
tls_read_pem(const char *certfile, const char *keyfile, char **pem,
    size_t *len)
{
	char	*a = NULL, *b = NULL;
	size_t	 al = 0, bl = 0;
	int	 rv = -1;

	*pem = NULL;
	*len = 0;
	if (util_read_file(certfile, TLS_PEM_MAX / 2, &a, &al) == -1) {
		log_warn("%s", certfile);
		goto out;
	}
	if (keyfile != NULL && util_read_file(keyfile, TLS_PEM_MAX / 2, &b,
	    &bl) == -1) {
		log_warn("%s", keyfile);
		goto out;
	}
	if ((*pem = calloc(1, al + bl + 2)) == NULL)
		goto out;
	memcpy(*pem, a, al);
	if (al > 0 && a[al - 1] != '\n')
		(*pem)[al++] = '\n';
	if (b != NULL)
		memcpy(*pem + al, b, bl);
	*len = al + bl;
	rv = 0;
out:
	if (a != NULL) {
		util_zeroize(a, al);
		free(a);
	}
	if (b != NULL) {
		util_zeroize(b, bl);
		free(b);
	}
	return rv;
}

void
tls_free_pem(char *pem, size_t len)
{
	if (pem == NULL)
		return;
	util_zeroize(pem, len);
	free(pem);
}

int
tls_prepare_pem(const char *pem, size_t len, const char *cn, char *path,
    size_t pathlen)
{
	char	*gen;
	int	 rv = -1;

	if (pem != NULL)
		return tls_write_tmp(pem, len, path, pathlen);
	if ((gen = calloc(1, TLS_PEM_MAX)) == NULL)
		return -1;
	if (tls_generate(cn, gen, TLS_PEM_MAX) == 0)
		rv = tls_write_tmp(gen, strlen(gen), path, pathlen);
	util_zeroize(gen, TLS_PEM_MAX);
	free(gen);
	return rv;
}

int
tls_prepare(const char *certfile, const char *keyfile, const char *cn,
    char *path, size_t pathlen)
{
	char	*pem = NULL;
	size_t	 len = 0;
	int	 rv;

	/* civetweb wants certificate and key in one PEM file */
	if (certfile != NULL && tls_read_pem(certfile, keyfile, &pem, &len) ==
	    -1)
		return -1;
	rv = tls_prepare_pem(pem, len, cn, path, pathlen);
	tls_free_pem(pem, len);
	return rv;
}

/*
 * The key's public half is the certificate's: their DER compared, not
 * mbedtls_pk_check_pair, whose P-256 multiplication cost every redfishd
 * of a lab a millisecond at start (OpenSSL checks the pair itself when
 * HTTPS starts).  0, or -1.
 */
static int
tls_same_pub(mbedtls_pk_context *crt, mbedtls_pk_context *key)
{
	unsigned char	 a[2048], b[2048];
	int		 al, bl;

	if ((al = mbedtls_pk_write_pubkey_der(crt, a, sizeof(a))) <= 0 ||
	    (bl = mbedtls_pk_write_pubkey_der(key, b, sizeof(b))) <= 0 ||
	    al != bl || memcmp(a + sizeof(a) - al, b + sizeof(b) - bl,
	    (size_t)al) != 0)
		return -1;
	return 0;
}

int
tls_load(const char *certfile, const char *keyfile, char **pemp,
    size_t *lenp)
{
	mbedtls_x509_crt	 crt;
	mbedtls_pk_context	 key;
	const char		*kf = keyfile != NULL ? keyfile : certfile;
	char			*pem;
	size_t			 len;
	int			 e;

	if (tls_read_pem(certfile, keyfile, &pem, &len) == -1)
		return -1;
	mbedtls_x509_crt_init(&crt);
	mbedtls_pk_init(&key);
	/* PEM input: the length counts the terminating NUL */
	if ((e = mbedtls_x509_crt_parse(&crt, (const unsigned char *)pem,
	    len + 1)) < 0)
		log_warnx("%s: no certificate (mbedtls -0x%04x)", certfile,
		    (unsigned)-e);
	else if ((e = mbedtls_pk_parse_key(&key, (const unsigned char *)pem,
	    len + 1, NULL, 0)) != 0)
		log_warnx("%s: no private key (mbedtls -0x%04x)", kf,
		    (unsigned)-e);
	else if ((e = tls_same_pub(&crt.pk, &key)) != 0)
		log_warnx("%s: the key is not the certificate's", kf);
	mbedtls_pk_free(&key);
	mbedtls_x509_crt_free(&crt);
	if (e < 0) {
		tls_free_pem(pem, len);
		return -1;
	}
	*pemp = pem;
	*lenp = len;
	return 0;
}

/*
 * Debian's civetweb 1.15 dlopen()s libssl.so and looks its functions up
 * by name.  With OpenSSL 3 "SSL_get_peer_certificate" is only a macro
 * (the symbol is SSL_get1_peer_certificate, same semantics), civetweb
 * marks it optional, leaves its pointer NULL and then calls it on every
 * accepted TLS connection: a NULL call.  Until civetweb is fixed we find
 * its entry {name, required, ptr} in civetweb's data and fill it in.
 */
struct patch_arg {
	void	*fn;
	int	 patched;
};

static int
tls_patch_cb(struct dl_phdr_info *info, size_t size, void *varg)
{
	static const char	 name[] = "SSL_get_peer_certificate";
	struct patch_arg	*pa = varg;
	const ElfW(Phdr)	*ph;
	uintptr_t		 str = 0;
	int			 i, j;

	(void)size;
	if (info->dlpi_name == NULL ||
	    strstr(info->dlpi_name, "libcivetweb") == NULL)
		return 0;
	/* the name string, in a read-only segment */
	for (i = 0; i < info->dlpi_phnum && str == 0; i++) {
		const char *base, *hit;
		size_t len;

		ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		base = (const char *)(info->dlpi_addr + ph->p_vaddr);
		len = ph->p_memsz;
		for (hit = base; (hit = memmem(hit, len - (size_t)(hit - base),
		    name, sizeof(name))) != NULL; hit++) {
			if (hit == base || hit[-1] == '\0') {
				str = (uintptr_t)hit;
				break;
			}
			if ((size_t)(hit - base) + sizeof(name) >= len)
				break;
		}
	}
	if (str == 0)
		return 1;
	/* the table entry pointing at it, in a writable segment */
	for (i = 0; i < info->dlpi_phnum; i++) {
		uintptr_t *w;
		size_t n;

		ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
			continue;
		w = (uintptr_t *)(info->dlpi_addr + ph->p_vaddr);
		n = ph->p_memsz / sizeof(uintptr_t);
		for (j = 0; (size_t)j + 2 < n; j++)
			if (w[j] == str && w[j + 1] <= 1 && w[j + 2] == 0) {
				w[j + 2] = (uintptr_t)pa->fn;
				pa->patched++;
			}
	}
	return 1;
}

void
tls_compat(void)
{
	struct patch_arg	 pa;
	void			*h;

	if ((h = dlopen("libssl.so.3", RTLD_NOW | RTLD_NOLOAD)) == NULL &&
	    (h = dlopen("libssl.so", RTLD_NOW | RTLD_NOLOAD)) == NULL)
		return;			/* civetweb did not load OpenSSL */
	pa.fn = dlsym(h, "SSL_get1_peer_certificate");
	pa.patched = 0;
	if (pa.fn != NULL && dlsym(h, "SSL_get_peer_certificate") == NULL) {
		(void)dl_iterate_phdr(tls_patch_cb, &pa);
		if (pa.patched == 0)
			log_warnx("tls: civetweb lacks SSL_get_peer_certificate"
			    " and no entry was found to fix");
		else
			log_debug("tls: civetweb's OpenSSL 3 entry fixed");
	}
	(void)dlclose(h);
}
