/* crypto.c: RMCP+ and IPMI 1.5 cryptography over mbedtls (pure: no I/O, no state). */
/* SPDX-License-Identifier: ISC */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mbedtls/aes.h>
#include <mbedtls/md.h>
#include <mbedtls/md5.h>
#include <mbedtls/platform_util.h>

#include "util.h"
#include "crypto.h"

static const mbedtls_md_info_t *
md_of(uint8_t auth)
{
	switch (auth) {
	case RAKP_AUTH_SHA1:
		return mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);
	case RAKP_AUTH_MD5:
		return mbedtls_md_info_from_type(MBEDTLS_MD_MD5);
	case RAKP_AUTH_SHA256:
		return mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	default:
		return NULL;
	}
}

size_t
crypto_auth_len(uint8_t auth)
{
	const mbedtls_md_info_t	*md = md_of(auth);

	return md == NULL ? 0 : mbedtls_md_get_size(md);
}

size_t
crypto_icv_len(uint8_t auth)
{
	switch (auth) {
	case RAKP_AUTH_SHA1:
		return 12;
	case RAKP_AUTH_MD5:
	case RAKP_AUTH_SHA256:
		return 16;
	default:
		return 0;
	}
}

size_t
crypto_integ_len(uint8_t integ)
{
	switch (integ) {
	case RAKP_INTEG_SHA1_96:
		return 12;
	case RAKP_INTEG_SHA256_128:
		return 16;
	default:
		return 0;
	}
}

int
crypto_hmac(uint8_t auth, const uint8_t *key, size_t klen,
    const struct crypto_iov *iov, int niov, uint8_t *out)
{
	const mbedtls_md_info_t	*md;
	mbedtls_md_context_t	 ctx;
	int			 i, rv = BMC_EINVAL;

	mbedtls_md_init(&ctx);
	if ((md = md_of(auth)) == NULL)
		goto out;
	rv = BMC_ENOMEM;
	if (mbedtls_md_setup(&ctx, md, 1) != 0 ||
	    mbedtls_md_hmac_starts(&ctx, key, klen) != 0)
		goto out;
	for (i = 0; i < niov; i++)
		if (iov[i].n > 0 &&
		    mbedtls_md_hmac_update(&ctx, iov[i].p, iov[i].n) != 0)
			goto out;
	if (mbedtls_md_hmac_finish(&ctx, out) != 0)
		goto out;
	rv = 0;
out:
	mbedtls_md_free(&ctx);
	return rv;
}

static void
put_le32(uint8_t b[4], uint32_t v)
{
	b[0] = v & 0xFF;
	b[1] = (v >> 8) & 0xFF;
	b[2] = (v >> 16) & 0xFF;
	b[3] = (v >> 24) & 0xFF;
}

int
crypto_md5_authcode(const uint8_t pw16[16], uint32_t sid, const uint8_t *msg,
    size_t len, uint32_t seq, uint8_t out[16])
{
	mbedtls_md5_context	ctx;
	uint8_t			bsid[4], bseq[4];
	int			rv = BMC_EINVAL;

	put_le32(bsid, sid);
	put_le32(bseq, seq);
	mbedtls_md5_init(&ctx);
	if (mbedtls_md5_starts_ret(&ctx) != 0 ||
	    mbedtls_md5_update_ret(&ctx, pw16, 16) != 0 ||
	    mbedtls_md5_update_ret(&ctx, bsid, 4) != 0 ||
	    mbedtls_md5_update_ret(&ctx, msg, len) != 0 ||
	    mbedtls_md5_update_ret(&ctx, bseq, 4) != 0 ||
	    mbedtls_md5_update_ret(&ctx, pw16, 16) != 0 ||
	    mbedtls_md5_finish_ret(&ctx, out) != 0)
		goto out;
	rv = 0;
out:
	mbedtls_md5_free(&ctx);
	return rv;
}

int
crypto_aes_cbc(int encrypt, const uint8_t key[16], const uint8_t iv[16],
    const uint8_t *in, size_t len, uint8_t *out)
{
	mbedtls_aes_context	ctx;
	uint8_t			ivc[16];
	int			rv = BMC_EINVAL;

	mbedtls_aes_init(&ctx);
	if (len % CRYPTO_AES_BLOCK != 0)
		goto out;
	memcpy(ivc, iv, sizeof(ivc));
	if ((encrypt ? mbedtls_aes_setkey_enc(&ctx, key, 128) :
	    mbedtls_aes_setkey_dec(&ctx, key, 128)) != 0)
		goto out;
	if (mbedtls_aes_crypt_cbc(&ctx, encrypt ? MBEDTLS_AES_ENCRYPT :
	    MBEDTLS_AES_DECRYPT, len, ivc, in, out) != 0)
		goto out;
	rv = 0;
out:
	mbedtls_aes_free(&ctx);
	return rv;
}

/* RAKP2 code: HMAC_Kuid(SIDm SIDc Rm Rc GUIDc ROLEm ULENm UNAMEm). */
int
rakp2_code(const struct rakp *r, uint8_t *out)
{
	uint8_t			 sm[4], sc[4];
	struct crypto_iov	 v[8];

	put_le32(sm, r->sidm);
	put_le32(sc, r->sidc);
	v[0] = (struct crypto_iov){ sm, 4 };
	v[1] = (struct crypto_iov){ sc, 4 };
	v[2] = (struct crypto_iov){ r->rm, 16 };
	v[3] = (struct crypto_iov){ r->rc, 16 };
	v[4] = (struct crypto_iov){ r->guid, 16 };
	v[5] = (struct crypto_iov){ &r->role, 1 };
	v[6] = (struct crypto_iov){ &r->ulen, 1 };
	v[7] = (struct crypto_iov){ r->name, r->ulen };
	return crypto_hmac(r->auth, r->kuid, CRYPTO_KUID_LEN, v, 8, out);
}

/* RAKP3 code: HMAC_Kuid(Rc SIDm ROLEm ULENm UNAMEm). */
int
rakp3_code(const struct rakp *r, uint8_t *out)
{
	uint8_t			 sm[4];
	struct crypto_iov	 v[5];

	put_le32(sm, r->sidm);
	v[0] = (struct crypto_iov){ r->rc, 16 };
	v[1] = (struct crypto_iov){ sm, 4 };
	v[2] = (struct crypto_iov){ &r->role, 1 };
	v[3] = (struct crypto_iov){ &r->ulen, 1 };
	v[4] = (struct crypto_iov){ r->name, r->ulen };
	return crypto_hmac(r->auth, r->kuid, CRYPTO_KUID_LEN, v, 5, out);
}

/* SIK = HMAC_KG(Rm Rc ROLEm ULENm UNAMEm), KG = Kuid while K_g is all zero. */
int
rakp_sik(const struct rakp *r, uint8_t *sik)
{
	static const uint8_t	 zero[CRYPTO_KUID_LEN];
	struct crypto_iov	 v[5];
	const uint8_t		*key;

	key = memcmp(r->kg, zero, sizeof(zero)) == 0 ? r->kuid : r->kg;
	v[0] = (struct crypto_iov){ r->rm, 16 };
	v[1] = (struct crypto_iov){ r->rc, 16 };
	v[2] = (struct crypto_iov){ &r->role, 1 };
	v[3] = (struct crypto_iov){ &r->ulen, 1 };
	v[4] = (struct crypto_iov){ r->name, r->ulen };
	return crypto_hmac(r->auth, key, CRYPTO_KUID_LEN, v, 5, sik);
}

/* RAKP4 ICV = HMAC_SIK(Rm SIDc GUIDc), truncated (crypto_icv_len). */
int
rakp4_icv(const struct rakp *r, const uint8_t *sik, uint8_t *out)
{
	uint8_t			 sc[4], full[CRYPTO_MAC_MAX];
	struct crypto_iov	 v[3];
	int			 rv;

	put_le32(sc, r->sidc);
	v[0] = (struct crypto_iov){ r->rm, 16 };
	v[1] = (struct crypto_iov){ sc, 4 };
	v[2] = (struct crypto_iov){ r->guid, 16 };
	if ((rv = crypto_hmac(r->auth, sik, crypto_auth_len(r->auth), v, 3,
	    full)) != 0)
		return rv;
	memcpy(out, full, crypto_icv_len(r->auth));
	mbedtls_platform_zeroize(full, sizeof(full));
	return 0;
}

int
rakp_kn(uint8_t auth, const uint8_t *sik, int n, uint8_t *out)
{
	uint8_t			c[20];
	struct crypto_iov	v;

	memset(c, n, sizeof(c));
	v = (struct crypto_iov){ c, sizeof(c) };
	return crypto_hmac(auth, sik, crypto_auth_len(auth), &v, 1, out);
}
