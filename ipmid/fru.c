/* fru.c: FRU inventory image (common header, chassis, board, product areas); pure. */
/* SPDX-License-Identifier: ISC */

#include <string.h>

#include "util.h"
#include "rbuf.h"
#include "pdmsg.h"
#include "fru.h"

#define FRU_FORMAT	0x01
#define FRU_TL_ASCII	0xC0		/* 8-bit ASCII + Latin 1 */
#define FRU_END		0xC1		/* end of fields */
#define FRU_LANG_EN	0x00

void
fru_info_from_json(const cJSON *inv, struct fru_info *fi)
{
	fi->manufacturer = pdmsg_str(inv, "manufacturer", "");
	fi->product = pdmsg_str(inv, "model", "");
	fi->part = pdmsg_str(inv, "part", "");
	fi->serial = pdmsg_str(inv, "serial", "");
	fi->sku = pdmsg_str(inv, "sku", "");
	fi->asset_tag = pdmsg_str(inv, "asset_tag", "");
	fi->version = pdmsg_str(inv, "bios_version", "");
	fi->chassis_type = pdmsg_str(inv, "chassis_type", "");
}

uint8_t
fru_cksum(const uint8_t *p, size_t n)
{
	uint8_t	sum = 0;

	while (n-- > 0)
		sum += *p++;
	return (uint8_t)(0x100 - sum);
}

/*
 * Type/length field (FRU spec 13): 11b = 8-bit ASCII, length in bits 5:0.
 * C1h means "end of fields", so a one-character value gets a space.
 */
static void
fru_field(struct wbuf *wb, const char *s)
{
	size_t	n = strlen(s);

	if (n > FRU_FIELD_MAX)
		n = FRU_FIELD_MAX;
	if (n == 1) {
		wbuf_put_u8(wb, FRU_TL_ASCII | 2);
		wbuf_put_u8(wb, (uint8_t)s[0]);
		wbuf_put_u8(wb, ' ');
		return;
	}
	wbuf_put_u8(wb, FRU_TL_ASCII | n);
	wbuf_put_bytes(wb, s, n);
}

/* End an area started at off: end marker, pad to 8, length byte, checksum. */
static void
fru_area_end(struct wbuf *wb, size_t off)
{
	size_t	n;

	wbuf_put_u8(wb, FRU_END);
	n = wb->len - off + 1;			/* with the checksum */
	wbuf_put_fill(wb, 0, (8 - n % 8) % 8);
	wbuf_put_u8(wb, 0);
	if (wb->err)
		return;
	wb->p[off + 1] = (wb->len - off) / 8;
	wb->p[wb->len - 1] = fru_cksum(wb->p + off, wb->len - off - 1);
}

/* SMBIOS chassis types (FRU spec 10 refers to them) */
static uint8_t
fru_chassis_type(const char *s)
{
	if (strcmp(s, "tower") == 0)
		return 0x07;
	if (strcmp(s, "desktop") == 0)
		return 0x03;
	if (strcmp(s, "blade") == 0)
		return 0x1C;
	if (strcmp(s, "other") == 0)
		return 0x01;
	return 0x17;				/* rack mount chassis */
}

/*
 * Image: common header (8 bytes), chassis info area, board info area
 * (manufacturing date unspecified), product info area.
 */
int
fru_build(const struct fru_info *fi, uint8_t *buf, size_t cap)
{
	struct wbuf	 wb = WBUF_INIT(buf, cap);
	size_t		 chassis, board, product;

	wbuf_put_fill(&wb, 0, 8);

	chassis = wb.len;
	wbuf_put_u8(&wb, FRU_FORMAT);
	wbuf_put_u8(&wb, 0);			/* length, patched */
	wbuf_put_u8(&wb, fru_chassis_type(fi->chassis_type));
	fru_field(&wb, fi->part);
	fru_field(&wb, fi->serial);
	fru_area_end(&wb, chassis);

	board = wb.len;
	wbuf_put_u8(&wb, FRU_FORMAT);
	wbuf_put_u8(&wb, 0);
	wbuf_put_u8(&wb, FRU_LANG_EN);
	wbuf_put_fill(&wb, 0, 3);		/* mfg date: unspecified */
	fru_field(&wb, fi->manufacturer);
	fru_field(&wb, fi->product);
	fru_field(&wb, fi->serial);
	fru_field(&wb, fi->part);
	fru_field(&wb, "");			/* FRU file id */
	fru_area_end(&wb, board);

	product = wb.len;
	wbuf_put_u8(&wb, FRU_FORMAT);
	wbuf_put_u8(&wb, 0);
	wbuf_put_u8(&wb, FRU_LANG_EN);
	fru_field(&wb, fi->manufacturer);
	fru_field(&wb, fi->product);
	fru_field(&wb, fi->sku[0] != '\0' ? fi->sku : fi->part);
	fru_field(&wb, fi->version);
	fru_field(&wb, fi->serial);
	fru_field(&wb, fi->asset_tag);
	fru_field(&wb, "");			/* FRU file id */
	fru_area_end(&wb, product);

	if (wb.err)
		return BMC_ETOOLONG;
	buf[0] = FRU_FORMAT;
	buf[2] = chassis / 8;
	buf[3] = board / 8;
	buf[4] = product / 8;
	buf[7] = fru_cksum(buf, 7);
	return (int)wb.len;
}
