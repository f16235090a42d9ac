/* 0001-rbuf.c: rbuf getters and wbuf putters: golden bytes, truncation, overflow. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <string.h>

#include "rbuf.h"
#include "util.h"
#include "../tap.h"

/* A made-up record using every getter: u8 u16le u24le u32le u16be u32be bytes[3]. */
static const uint8_t golden[] = {
	0x81,
	0x34, 0x12,
	0x56, 0x34, 0x12,
	0x78, 0x56, 0x34, 0x12,
	0x12, 0x34,
	0x12, 0x34, 0x56, 0x78,
	'a', 'b', 'c',
};

struct rec {
	uint8_t		a;
	uint16_t	b;
	uint32_t	c, d;
	uint16_t	e;
	uint32_t	f;
	uint8_t		g[3];
};

static int
parse(const uint8_t *p, size_t len, struct rec *r)
{
	struct rbuf	rb = RBUF_INIT(p, len);

	if (rbuf_get_u8(&rb, &r->a) == -1 ||
	    rbuf_get_u16_le(&rb, &r->b) == -1 ||
	    rbuf_get_u24_le(&rb, &r->c) == -1 ||
	    rbuf_get_u32_le(&rb, &r->d) == -1 ||
	    rbuf_get_u16_be(&rb, &r->e) == -1 ||
	    rbuf_get_u32_be(&rb, &r->f) == -1 ||
	    rbuf_get_bytes(&rb, r->g, sizeof(r->g)) == -1)
		return BMC_ESHORT;
	if (rbuf_left(&rb) != 0)
		return BMC_EPROTO;
	return 0;
}

int
main(void)
{
	struct rec	 r;
	struct rbuf	 rb;
	uint8_t		 out[sizeof(golden)], small[5], u8;
	uint16_t	 u16;
	uint32_t	 u32;
	const uint8_t	*p;
	struct wbuf	 wb;
	size_t		 n;
	int		 allshort = 1;

	memset(&r, 0, sizeof(r));
	is_int(parse(golden, sizeof(golden), &r), 0, "golden parses");
	is_int(r.a, 0x81, "u8");
	is_int(r.b, 0x1234, "u16 le");
	is_int(r.c, 0x123456, "u24 le");
	is_int(r.d, 0x12345678, "u32 le");
	is_int(r.e, 0x1234, "u16 be");
	is_int(r.f, 0x12345678, "u32 be");
	is_mem(r.g, "abc", 3, "bytes");

	for (n = 0; n < sizeof(golden); n++)
		if (parse(golden, n, &r) != BMC_ESHORT) {
			allshort = 0;
			diag("truncation at %zu not detected", n);
		}
	ok(allshort, "every truncation 0..n-1 gives BMC_ESHORT");

	/* a failed get leaves the position unchanged */
	rbuf_init(&rb, golden, 3);
	ok(rbuf_get_u32_le(&rb, &u32) == -1, "u32 on 3 bytes fails");
	is_int(rbuf_left(&rb), 3, "position unchanged after failure");
	ok(rbuf_get_u24_le(&rb, &u32) == 0 && u32 == 0x123481, "u24 then");
	ok(rbuf_get_u8(&rb, &u8) == -1, "u8 at end fails");
	ok(rbuf_get_u16_be(&rb, &u16) == -1, "u16 at end fails");
	ok(rbuf_get_bytes(&rb, &u8, 0) == 0, "zero bytes at end is fine");

	rbuf_init(&rb, golden, sizeof(golden));
	ok(rbuf_skip(&rb, sizeof(golden) + 1) == -1, "skip past end fails");
	ok(rbuf_skip(&rb, SIZE_MAX) == -1, "skip SIZE_MAX fails (no wrap)");
	ok(rbuf_get_ptr(&rb, SIZE_MAX) == NULL, "get_ptr SIZE_MAX fails");
	ok(rbuf_skip(&rb, 16) == 0, "skip 16");
	p = rbuf_get_ptr(&rb, 3);
	ok(p == golden + 16, "get_ptr points into the input");
	ok(rbuf_ptr(&rb) == golden + sizeof(golden), "rbuf_ptr at end");
	is_int(rbuf_left(&rb), 0, "nothing left");

	/* writer: the golden record round-trips */
	wbuf_init(&wb, out, sizeof(out));
	wbuf_put_u8(&wb, 0x81);
	wbuf_put_u16_le(&wb, 0x1234);
	wbuf_put_u24_le(&wb, 0x123456);
	wbuf_put_u32_le(&wb, 0x12345678);
	wbuf_put_u16_be(&wb, 0x1234);
	wbuf_put_u32_be(&wb, 0x12345678);
	wbuf_put_bytes(&wb, "abc", 3);
	ok(wb.err == 0 && wb.len == sizeof(golden), "writer filled exactly");
	is_mem(out, golden, sizeof(golden), "writer matches golden bytes");

	/* overflow is sticky and writes nothing past cap */
	memset(small, 0xee, sizeof(small));
	wbuf_init(&wb, small, 4);
	wbuf_put_u16_be(&wb, 0x0102);
	wbuf_put_u24_le(&wb, 0x030405);
	ok(wb.err, "overflowing put sets err");
	is_int(wb.len, 2, "len unchanged by the failed put");
	wbuf_put_u8(&wb, 0x09);
	is_int(wb.len, 2, "later puts do nothing");
	is_int(small[4], 0xee, "no byte written past cap");
	ok(wbuf_reserve(&wb, 0) == NULL, "reserve after error is NULL");

	{
		struct wbuf w2 = WBUF_INIT(small, sizeof(small));

		wbuf_put_fill(&w2, 0x00, 4);
		ok(w2.err == 0 && w2.len == 4 && small[3] == 0, "fill");
		ok(wbuf_reserve(&w2, SIZE_MAX) == NULL && w2.err,
		    "reserve SIZE_MAX fails (no wrap)");
	}
	return done_testing();
}
