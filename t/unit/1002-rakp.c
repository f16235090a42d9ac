/* 1002-rakp.c: RAKP key derivation for suites 3 (SHA1) and 17 (SHA256), MD5 1.5 auth, AES-CBC. */
/* SPDX-License-Identifier: ISC */

/*
 * The expected values were computed independently with Python's hmac and
 * hashlib from the formulas ipmitool's lanplus_crypt.c implements.
 */

#include <stdint.h>
#include <string.h>

#include "util.h"
#include "../../ipmid/crypto.h"
#include "../tap.h"

static void
unhex(const char *s, uint8_t *out)
{
	is_int(util_hex_decode(s, out, 64), (long long)strlen(s) / 2, "vector");
}

static void
suite(uint8_t auth, const char *name, const char *r2, const char *r3,
    const char *sik, const char *icv, const char *k1, const char *k2,
    const char *sikkg)
{
	struct rakp	r;
	uint8_t		got[CRYPTO_MAC_MAX], want[CRYPTO_MAC_MAX], s[CRYPTO_MAC_MAX];
	size_t		n = crypto_auth_len(auth), i;

	diag("%s", name);
	memset(&r, 0, sizeof(r));
	r.auth = auth;
	memcpy(r.kuid, "password", 8);
	r.sidm = 0x11223344;
	r.sidc = 0xA0B0C0D0;
	for (i = 0; i < 16; i++) {
		r.rm[i] = (uint8_t)i;
		r.rc[i] = (uint8_t)(16 + i);
		r.guid[i] = (uint8_t)(32 + i);
	}
	r.role = 0x14;
	r.ulen = 5;
	memcpy(r.name, "admin", 5);

	is_int(rakp2_code(&r, got), 0, "rakp2");
	unhex(r2, want);
	is_mem(got, want, n, "RAKP2 key exchange code");
	is_int(rakp3_code(&r, got), 0, "rakp3");
	unhex(r3, want);
	is_mem(got, want, n, "RAKP3 code");
	is_int(rakp_sik(&r, s), 0, "sik");
	unhex(sik, want);
	is_mem(s, want, n, "SIK (K_g unset: Kuid)");
	is_int(rakp4_icv(&r, s, got), 0, "icv");
	unhex(icv, want);
	is_mem(got, want, crypto_icv_len(auth), "RAKP4 ICV truncated");
	is_int(rakp_kn(auth, s, 1, got), 0, "k1");
	unhex(k1, want);
	is_mem(got, want, n, "K1");
	is_int(rakp_kn(auth, s, 2, got), 0, "k2");
	unhex(k2, want);
	is_mem(got, want, n, "K2");
	memcpy(r.kg, "0123456789abcdefghij", 20);
	is_int(rakp_sik(&r, s), 0, "sik kg");
	unhex(sikkg, want);
	is_mem(s, want, n, "SIK with K_g");
}

int
main(void)
{
	uint8_t		pw[16] = "password", msg[8] = {
		0x20, 0x18, 0xc8, 0x81, 0x04, 0x3b, 0x04, 0x3c };
	uint8_t		got[64], want[64], key[16], iv[16], pt[32], ct[32];

	suite(RAKP_AUTH_SHA1, "suite 3",
	    "d8ddd685456b4de8dd647989a758125c64586db1",
	    "4402012e214da511895a399bd77d5396e7998a4d",
	    "122c77c4b11ccd93251cbae6c34a9cb6310da154",
	    "42ae7dd363e0c205d20bbf44",
	    "e4472be78f9a81fa68297aab696a7be8c97fc9f8",
	    "2b6552012a2517cb3b5713901d757a6efc7d8301",
	    "65f784b694a40588bbd04701ea80d7f32d82e940");
	suite(RAKP_AUTH_SHA256, "suite 17",
	    "4be7b724c94318237c758b889de9ed8e7f0d55bb939a17c4228bbd0c87711b06",
	    "e6f17841e92f8c11cbc4fd1cafcc9c21e3d814e713e13e9ee640103b50c0ef15",
	    "e5935f7199865ad961063477b0662684e2ce9b1da8f2b8d41c5ce127d37e9bcf",
	    "b03f475184357f9c8c60d1e05fac9ae6",
	    "dc4fe73d075306f6897115dd63257385e845c10404fa1d73991790c6a101bec2",
	    "2a4f969ea6dfa83066f36674fdc2fea289fa1a21da90303e9b5269b54ec5adb5",
	    "1b81a421925c6a1fe7328bea4e72c8e5826e24f55ba8bc6fc9511f62edcd7b9f");

	is_int(crypto_md5_authcode(pw, 0x01020304, msg, sizeof(msg), 5, got), 0,
	    "md5");
	unhex("a1f16e3893415c81f48603d3e69f424e", want);
	is_mem(got, want, 16, "IPMI 1.5 MD5 AuthCode");

	/* FIPS-197 / SP 800-38A F.2.1 CBC-AES128 first block */
	unhex("2b7e151628aed2a6abf7158809cf4f3c", key);
	unhex("000102030405060708090a0b0c0d0e0f", iv);
	unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51",
	    pt);
	is_int(crypto_aes_cbc(1, key, iv, pt, 32, ct), 0, "aes enc");
	unhex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2",
	    want);
	is_mem(ct, want, 32, "AES-CBC-128 SP 800-38A vector");
	is_int(crypto_aes_cbc(0, key, iv, ct, 32, got), 0, "aes dec");
	is_mem(got, pt, 32, "AES-CBC-128 round trip");
	ok(crypto_aes_cbc(1, key, iv, pt, 17, ct) != 0, "partial block refused");
	is_int(crypto_integ_len(RAKP_INTEG_SHA1_96), 12, "SHA1-96");
	is_int(crypto_integ_len(RAKP_INTEG_SHA256_128), 16, "SHA256-128");
	is_int(crypto_icv_len(RAKP_AUTH_SHA256), 16, "SHA256 ICV 16");
	return done_testing();
}
