/* sdr.h: SDR records (full, compact, MC locator) and linear sensor conversions; pure. */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_SDR_H
#define BMC_SDR_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#define SDR_REC_MAX	64	/* 48-byte full record + 16-byte id string */
#define SDR_NAME_MAX	16

/* threshold indexes, in the order of the threshold masks (IPMI v2.0 35.9) */
enum sdr_th { SDR_LNC, SDR_LC, SDR_LNR, SDR_UNC, SDR_UC, SDR_UNR, SDR_NTH };

/* One sensor as powerd's "sensors" op reports it. */
struct sdr_sensor {
	uint8_t		num;
	char		name[SDR_NAME_MAX + 1];
	/* IPMI sensor type: 01 temp, 02 volt, 03 current, 04 fan, 0B other */
	uint8_t		stype;
	uint8_t		unit;	/* IPMI base unit: 1 C, 4 V, 5 A, 6 W, 18 RPM */
	uint8_t		entity;
	double		reading;
	int		present;	/* 0: status "absent" or no reading */
	int		status;		/* 0 ok, 1 warning, 2 critical */
	double		th[SDR_NTH];
	uint8_t		thmask;		/* bit i: th[i] is given */
};

/* y = (M * x + B * 10^Bexp) * 10^Rexp, unsigned raw x (IPMI v2.0 36.3) */
struct sdr_conv {
	int16_t		m;		/* 10 bits signed */
	int16_t		b;		/* 10 bits signed */
	int8_t		bexp;		/* 4 bits signed */
	int8_t		rexp;		/* 4 bits signed */
};

/* powerd sensor object -> struct; BMC_EPROTO if a field is missing or wrong */
int	sdr_parse_sensor(const cJSON *, struct sdr_sensor *);
/*
 * Factors for a sensor, chosen from its type and thresholds (stable over
 * readings).
 */
void	sdr_conv_for(const struct sdr_sensor *, struct sdr_conv *);
uint8_t	sdr_to_raw(const struct sdr_conv *, double);
double	sdr_from_raw(const struct sdr_conv *, uint8_t);
/* threshold comparison status bits (Get Sensor Reading byte 3) */
uint8_t	sdr_th_status(const struct sdr_sensor *, const struct sdr_conv *);

/* Records, header included; return length or a negative BMC_E*. */
int	sdr_full(uint16_t id, const struct sdr_sensor *, uint8_t *, size_t);
/* discrete sensor: offsets in mask may be asserted */
int	sdr_compact(uint16_t id, uint8_t num, const char *name, uint8_t stype,
	    uint8_t evtype, uint8_t entity, uint16_t mask, uint8_t *, size_t);
int	sdr_mcloc(uint16_t id, const char *name, uint8_t *, size_t);

#endif
