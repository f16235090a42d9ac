/* fru.h: FRU inventory image (common header, chassis, board, product areas); pure. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_FRU_H
#define BMC_FRU_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#define FRU_FIELD_MAX	63		/* type/length byte: 6-bit length */

/* Values from powerd's "inventory" object; missing keys read as "". */
struct fru_info {
	const char	*manufacturer;
	const char	*product;	/* model */
	const char	*part;
	const char	*serial;
	const char	*sku;
	const char	*asset_tag;
	const char	*version;	/* product version */
	const char	*chassis_type;	/* rack-mount, tower, … */
};

void	fru_info_from_json(const cJSON *inventory, struct fru_info *);
/*
 * Build the image (IPMI Platform Management FRU Information Storage Definition
 * v1.0); length or BMC_E*.
 */
int	fru_build(const struct fru_info *, uint8_t *, size_t);
/* zero-sum checksum byte over n bytes */
uint8_t	fru_cksum(const uint8_t *, size_t);

#endif
