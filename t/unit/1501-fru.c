/* 1501-fru.c: FRU image builder: header, areas, type/length fields, checksums, truncation. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <string.h>

#include "util.h"
#include "../../ipmid/fru.h"
#include "../tap.h"

static const char inv_json[] =
    "{\"inventory\":{\"id\":\"srv1\",\"uuid\":\"8e5d\",\"serial\":\"BMCSIM0001\","
    "\"manufacturer\":\"bmcsim\",\"model\":\"Simulated Server\","
    "\"part\":\"BS-1000\",\"sku\":\"\",\"asset_tag\":\"X\","
    "\"bios_version\":\"1.0.0\",\"chassis_type\":\"rack-mount\"}}";

static int
sum(const uint8_t *p, size_t n)
{
	uint8_t	s = 0;

	while (n-- > 0)
		s += *p++;
	return s;
}

/* Walk an area's type/length fields from off; fill up to max strings. */
static int
fields(const uint8_t *p, size_t len, size_t off, char out[][64], int max)
{
	int	n = 0;
	size_t	l;

	while (off < len && p[off] != 0xC1) {
		if ((p[off] & 0xC0) != 0xC0)
			return -1;
		l = p[off] & 0x3F;
		if (len - off - 1 < l)
			return -1;
		if (n < max) {
			memcpy(out[n], &p[off + 1], l);
			out[n][l] = '\0';
		}
		n++;
		off += 1 + l;
	}
	return off < len ? n : -1;
}

int
main(void)
{
	struct fru_info	 fi;
	cJSON		*o;
	uint8_t		 buf[512];
	char		 f[8][64];
	int		 n, i, bad;
	size_t		 a, alen;

	o = cJSON_Parse(inv_json);
	fru_info_from_json(cJSON_GetObjectItemCaseSensitive(o, "inventory"),
	    &fi);
	n = fru_build(&fi, buf, sizeof(buf));
	ok(n > 8 && n % 8 == 0, "image built, a multiple of 8 bytes (%d)", n);
	is_int(buf[0], 0x01, "common header format version 1");
	is_int(buf[1], 0, "no internal use area");
	is_int(buf[2], 1, "chassis area at 8");
	is_int(sum(buf, 8), 0, "common header checksum");
	ok(buf[5] == 0 && buf[6] == 0, "no multirecord area, pad");

	for (i = 2; i <= 4; i++) {
		a = buf[i] * 8;
		alen = buf[a + 1] * 8;
		ok(a + alen <= (size_t)n && buf[a] == 0x01 && alen > 0,
		    "area %d: version 1, inside the image", i);
		is_int(sum(&buf[a], alen), 0, "area checksum");
		if (i < 4)
			is_int(buf[i + 1] * 8, a + alen, "areas are contiguous");
	}
	a = buf[2] * 8;
	is_int(buf[a + 2], 0x17, "chassis type rack mount");
	is_int(fields(buf, n, a + 3, f, 8), 2, "chassis: part, serial");
	is_str(f[0], "BS-1000", "chassis part number");
	is_str(f[1], "BMCSIM0001", "chassis serial");

	a = buf[3] * 8;
	ok(buf[a + 3] == 0 && buf[a + 4] == 0 && buf[a + 5] == 0,
	    "board: manufacturing date unspecified");
	is_int(fields(buf, n, a + 6, f, 8), 5, "board: 5 fields");
	is_str(f[0], "bmcsim", "board manufacturer");
	is_str(f[1], "Simulated Server", "board product");
	is_str(f[2], "BMCSIM0001", "board serial");
	is_str(f[3], "BS-1000", "board part");

	a = buf[4] * 8;
	is_int(fields(buf, n, a + 3, f, 8), 7, "product: 7 fields");
	is_str(f[0], "bmcsim", "product manufacturer");
	is_str(f[1], "Simulated Server", "product name");
	is_str(f[2], "BS-1000", "product part/model (no sku)");
	is_str(f[3], "1.0.0", "product version");
	is_str(f[4], "BMCSIM0001", "product serial");
	is_str(f[5], "X ", "one-character asset tag padded (C1h is the end marker)");

	for (i = 0, bad = 0; i < n; i++)
		if (fru_build(&fi, buf, i) != BMC_ETOOLONG)
			bad++;
	is_int(bad, 0, "every short buffer is refused");

	fru_info_from_json(NULL, &fi);
	n = fru_build(&fi, buf, sizeof(buf));
	ok(n > 0 && sum(buf, 8) == 0, "empty inventory still builds");
	is_int(buf[buf[2] * 8 + 2], 0x17, "default chassis type");
	cJSON_Delete(o);
	return done_testing();
}
