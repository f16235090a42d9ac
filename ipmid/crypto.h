/* crypto.h: RMCP+ and IPMI 1.5 cryptography over mbedtls: HMACs, AES-CBC-128, MD5 auth, RAKP keys. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_CRYPTO_H
#define BMC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/* RAKP authentication algorithms (IPMI v2.0 table 13-17). */
#define RAKP_AUTH_NONE		0x00
#define RAKP_AUTH_SHA1		0x01
#define RAKP_AUTH_MD5		0x02
#define RAKP_AUTH_SHA256	0x03
/* Integrity algorithms (table 13-18). */
#define RAKP_INTEG_NONE		0x00
#define RAKP_INTEG_SHA1_96	0x01
#define RAKP_INTEG_MD5_128	0x02
#define RAKP_INTEG_SHA256_128	0x04
/* Confidentiality algorithms (table 13-19). */
#define RAKP_CONF_NONE		0x00
#define RAKP_CONF_AES_CBC_128	0x01

#define CRYPTO_MAC_MAX		32	/* SHA-256 */
#define CRYPTO_KUID_LEN		20	/* password zero-padded */
#define CRYPTO_AES_BLOCK	16
#define IPMI_NAME_LEN_MAX	16

/* One input slice of a MAC. */
struct crypto_iov {
	const void	*p;
	size_t		 n;
};

/* Output length of the RAKP auth algorithm's HMAC (0 = unsupported). */
size_t	crypto_auth_len(uint8_t auth);
/* RAKP4 ICV length: 12 for SHA1, 16 for MD5 and SHA256. */
size_t	crypto_icv_len(uint8_t auth);
/* AuthCode length of an integrity algorithm (0 = none/unsupported). */
size_t	crypto_integ_len(uint8_t integ);

/* HMAC of the concatenated slices with the RAKP auth algorithm's hash. */
int	crypto_hmac(uint8_t auth, const uint8_t *key, size_t klen,
	    const struct crypto_iov *, int niov, uint8_t *out);
/* IPMI 1.5 MD5 AuthCode: MD5(pw16 sid msg seq pw16), IPMI v2.0 §22.17.1. */
int	crypto_md5_authcode(const uint8_t pw16[16], uint32_t sid,
	    const uint8_t *msg, size_t len, uint32_t seq, uint8_t out[16]);
/* AES-CBC-128 on whole blocks (len % 16 == 0); iv is not modified. */
int	crypto_aes_cbc(int encrypt, const uint8_t key[16],
	    const uint8_t iv[16], const uint8_t *in, size_t len, uint8_t *out);

/*
 * RAKP (IPMI v2.0 §13.31-13.32).  Names as in the spec: Rm is the
 * console's random number, Rc the BMC's; sidm the console's session id,
 * sidc the BMC's.  role is the whole RAKP1 byte 24.
 */
struct rakp {
	uint8_t		 auth;			/* RAKP_AUTH_* */
	uint8_t		 kuid[CRYPTO_KUID_LEN];
	uint8_t		 kg[CRYPTO_KUID_LEN];	/* all zero: use kuid */
	uint32_t	 sidm;
	uint32_t	 sidc;
	uint8_t		 rm[16];
	uint8_t		 rc[16];
	uint8_t		 guid[16];
	uint8_t		 role;
	uint8_t		 ulen;
	uint8_t		 name[IPMI_NAME_LEN_MAX];
};

int	rakp2_code(const struct rakp *, uint8_t *out);
int	rakp3_code(const struct rakp *, uint8_t *out);
int	rakp_sik(const struct rakp *, uint8_t *sik);
int	rakp4_icv(const struct rakp *, const uint8_t *sik, uint8_t *out);
/* K1/K2 = HMAC_SIK(0x01 x 20 / 0x02 x 20); the constant stays 20 bytes. */
int	rakp_kn(uint8_t auth, const uint8_t *sik, int n, uint8_t *out);

#endif
