/* sdr.c: SDR records (full, compact, MC locator) and linear sensor conversions; pure. */
/* SPDX-License-Identifier: ISC */

#include <math.h>
#include <string.h>

#include "util.h"
#include "rbuf.h"
#include "sdr.h"

#define SDR_VERSION		0x51
#define SDR_T_FULL		0x01
#define SDR_T_COMPACT		0x02
#define SDR_T_MCLOC		0x12
#define SDR_BMC_ADDR		0x20
#define SDR_ID_ASCII		0xC0	/* type/length: 8-bit ASCII + Latin 1 */

static const struct {
	const char	*type;
	uint8_t		 stype;
	uint8_t		 unit;
	uint8_t		 entity;
	int16_t		 m;		/* default step = m * 10^rexp */
	int8_t		 rexp;
} sdr_types[] = {
	{ "temperature", 0x01, 1, 0x07, 1, 0 },		/* 0..255 C */
	{ "voltage", 0x02, 4, 0x07, 6, -2 },		/* 0..15.3 V */
	{ "current", 0x03, 5, 0x0A, 5, -2 },		/* 0..12.75 A */
	{ "fan", 0x04, 18, 0x1D, 50, 0 },		/* 0..12750 RPM */
	{ "power", 0x08, 6, 0x0A, 5, 0 },		/* 0..1275 W */
};

static const char *const th_key[SDR_NTH] = {
	"lnc", "lc", "lnr", "unc", "uc", "unr"
};

/*
 * powerd's sensor object (doc/protocol.md, sensors):
 * {"num","name","type","unit","reading","status","thresholds":{…}}
 */
int
sdr_parse_sensor(const cJSON *o, struct sdr_sensor *s)
{
	const cJSON	*num, *name, *type, *rd, *st, *th, *v;
	size_t		 i;
	int		 k;

	memset(s, 0, sizeof(*s));
	num = cJSON_GetObjectItemCaseSensitive(o, "num");
	name = cJSON_GetObjectItemCaseSensitive(o, "name");
	type = cJSON_GetObjectItemCaseSensitive(o, "type");
	rd = cJSON_GetObjectItemCaseSensitive(o, "reading");
	st = cJSON_GetObjectItemCaseSensitive(o, "status");
	th = cJSON_GetObjectItemCaseSensitive(o, "thresholds");
	if (!cJSON_IsNumber(num) || num->valuedouble < 1 ||
	    num->valuedouble > 254 || !cJSON_IsString(name) ||
	    !cJSON_IsString(type))
		return BMC_EPROTO;
	s->num = (uint8_t)num->valuedouble;
	strlcpy(s->name, name->valuestring, sizeof(s->name));
	for (i = 0; i < nitems(sdr_types); i++)
		if (strcmp(type->valuestring, sdr_types[i].type) == 0)
			break;
	if (i == nitems(sdr_types))
		return BMC_EPROTO;
	s->stype = sdr_types[i].stype;
	s->unit = sdr_types[i].unit;
	s->entity = sdr_types[i].entity;
	if (strstr(s->name, "CPU") != NULL)
		s->entity = 0x03;		/* processor */
	s->present = cJSON_IsNumber(rd);
	s->reading = s->present ? rd->valuedouble : 0;
	if (cJSON_IsString(st)) {
		if (strcmp(st->valuestring, "absent") == 0)
			s->present = 0;
		else if (strcmp(st->valuestring, "warning") == 0)
			s->status = 1;
		else if (strcmp(st->valuestring, "critical") == 0)
			s->status = 2;
	}
	for (k = 0; k < SDR_NTH && cJSON_IsObject(th); k++) {
		v = cJSON_GetObjectItemCaseSensitive(th, th_key[k]);
		if (cJSON_IsNumber(v)) {
			s->th[k] = v->valuedouble;
			s->thmask |= 1 << k;
		}
	}
	return 0;
}

/*
 * 10^e for the exponents an SDR holds (4 bits, signed): exact for e >= 0,
 * and 1 / 10^-e is rounded as pow's result is.  Not pow(3): ipmid then
 * needs no libm, one shared library less to load at every start.
 */
static double
exp10i(int e)
{
	double	p = 1;
	int	i;

	for (i = 0; i < (e < 0 ? -e : e); i++)
		p *= 10;
	return e < 0 ? 1 / p : p;
}

/*
 * y = M * x * 10^Rexp with B = 0: the step comes from the sensor type so
 * a record does not change when readings do; a threshold beyond the
 * type's range widens the step along 1-2-5.
 */
void
sdr_conv_for(const struct sdr_sensor *s, struct sdr_conv *c)
{
	static const int	series[] = { 1, 2, 5 };
	double			 max = 0, step;
	size_t			 i;
	int			 k;

	memset(c, 0, sizeof(*c));
	c->m = 1;
	for (i = 0; i < nitems(sdr_types); i++)
		if (sdr_types[i].stype == s->stype) {
			c->m = sdr_types[i].m;
			c->rexp = sdr_types[i].rexp;
		}
	for (k = 0; k < SDR_NTH; k++)
		if ((s->thmask & (1 << k)) && s->th[k] > max)
			max = s->th[k];
	step = c->m * exp10i(c->rexp);
	if (max <= 255 * step)
		return;
	for (k = c->rexp; k <= 7; k++)
		for (i = 0; i < nitems(series); i++)
			if (series[i] * exp10i(k) * 255 >= max) {
				c->m = series[i];
				c->rexp = k;
				return;
			}
}

double
sdr_from_raw(const struct sdr_conv *c, uint8_t x)
{
	return (c->m * (double)x + c->b * exp10i(c->bexp)) *
	    exp10i(c->rexp);
}

uint8_t
sdr_to_raw(const struct sdr_conv *c, double y)
{
	double	x;

	if (c->m == 0)
		return 0;
	x = (y / exp10i(c->rexp) - c->b * exp10i(c->bexp)) / c->m;
	/* rounded half away from zero, as round(3) */
	if (isnan(x) || x < 0.5)
		return 0;
	if (x >= 254.5)
		return 255;
	return (uint8_t)(x + 0.5);
}

/* Get Sensor Reading byte 3 (table 35-15): bit i = at or past threshold i */
uint8_t
sdr_th_status(const struct sdr_sensor *s, const struct sdr_conv *c)
{
	uint8_t	st = 0, r;
	int	k;

	if (!s->present)
		return 0;
	r = sdr_to_raw(c, s->reading);
	for (k = 0; k < SDR_NTH; k++) {
		if (!(s->thmask & (1 << k)))
			continue;
		if (k < SDR_UNC ? r <= sdr_to_raw(c, s->th[k]) :
		    r >= sdr_to_raw(c, s->th[k]))
			st |= 1 << k;
	}
	return st;
}

static void
sdr_header(struct wbuf *wb, uint16_t id, uint8_t type)
{
	wbuf_put_u16_le(wb, id);
	wbuf_put_u8(wb, SDR_VERSION);
	wbuf_put_u8(wb, type);
	wbuf_put_u8(wb, 0);		/* length, patched at the end */
}

static void
sdr_id_string(struct wbuf *wb, const char *name)
{
	size_t	n = strlen(name);

	if (n > SDR_NAME_MAX)
		n = SDR_NAME_MAX;
	wbuf_put_u8(wb, SDR_ID_ASCII | n);
	wbuf_put_bytes(wb, name, n);
}

static int
sdr_finish(struct wbuf *wb)
{
	if (wb->err)
		return BMC_ETOOLONG;
	wb->p[4] = wb->len - 5;
	return (int)wb->len;
}

/*
 * Full Sensor Record, type 01h (IPMI v2.0 table 43-1), threshold based, linear.
 */
int
sdr_full(uint16_t id, const struct sdr_sensor *s, uint8_t *buf, size_t cap)
{
	struct wbuf	wb = WBUF_INIT(buf, cap);
	struct sdr_conv	c;
	static const int order[SDR_NTH] = {	/* bytes 37-42 */
		SDR_UNR, SDR_UC, SDR_UNC, SDR_LNR, SDR_LC, SDR_LNC
	};
	int		k;

	sdr_conv_for(s, &c);
	sdr_header(&wb, id, SDR_T_FULL);
	wbuf_put_u8(&wb, SDR_BMC_ADDR);		/* owner id */
	wbuf_put_u8(&wb, 0);			/* owner LUN */
	wbuf_put_u8(&wb, s->num);
	wbuf_put_u8(&wb, s->entity);
	wbuf_put_u8(&wb, 0x01);			/* entity instance */
	wbuf_put_u8(&wb, 0x67);		/* init scanning/events/type; enabled */
	/*
	 * auto re-arm; thresholds readable (01b) if any; no event messages
	 * (11b)
	 */
	wbuf_put_u8(&wb, 0x40 | (s->thmask ? 0x04 : 0) | 0x03);
	wbuf_put_u8(&wb, s->stype);
	wbuf_put_u8(&wb, 0x01);		/* event/reading type: threshold */
	wbuf_put_u16_le(&wb, (uint16_t)((s->thmask & 0x07) << 12));
	wbuf_put_u16_le(&wb, (uint16_t)(((s->thmask >> 3) & 0x07) << 12));
	wbuf_put_u8(&wb, s->thmask & 0x3F);	/* readable thresholds */
	wbuf_put_u8(&wb, 0);			/* settable thresholds */
	wbuf_put_u8(&wb, 0x00);			/* unsigned, no rate/modifier */
	wbuf_put_u8(&wb, s->unit);
	wbuf_put_u8(&wb, 0);			/* modifier unit */
	wbuf_put_u8(&wb, 0x00);			/* linear */
	wbuf_put_u8(&wb, c.m & 0xFF);
	wbuf_put_u8(&wb, ((c.m >> 8) & 0x03) << 6);	/* tolerance 0 */
	wbuf_put_u8(&wb, c.b & 0xFF);
	wbuf_put_u8(&wb, ((c.b >> 8) & 0x03) << 6);	/* accuracy 0 */
	wbuf_put_u8(&wb, 0);			/* accuracy, direction */
	wbuf_put_u8(&wb, (uint8_t)(((c.rexp & 0x0F) << 4) | (c.bexp & 0x0F)));
	wbuf_put_u8(&wb, 0);			/* no nominal/normal values */
	wbuf_put_fill(&wb, 0, 3);
	wbuf_put_u8(&wb, 0xFF);			/* sensor maximum */
	wbuf_put_u8(&wb, 0x00);			/* sensor minimum */
	for (k = 0; k < SDR_NTH; k++)
		wbuf_put_u8(&wb, (s->thmask & (1 << order[k])) ?
		    sdr_to_raw(&c, s->th[order[k]]) : 0);
	wbuf_put_u8(&wb, 0);			/* hysteresis + */
	wbuf_put_u8(&wb, 0);			/* hysteresis - */
	wbuf_put_fill(&wb, 0, 2);
	wbuf_put_u8(&wb, 0);			/* OEM */
	sdr_id_string(&wb, s->name);
	return sdr_finish(&wb);
}

/*
 * Compact Sensor Record, type 02h (table 43-2): discrete sensors (SEL sources).
 */
int
sdr_compact(uint16_t id, uint8_t num, const char *name, uint8_t stype,
    uint8_t evtype, uint8_t entity, uint16_t mask, uint8_t *buf, size_t cap)
{
	struct wbuf	wb = WBUF_INIT(buf, cap);

	sdr_header(&wb, id, SDR_T_COMPACT);
	wbuf_put_u8(&wb, SDR_BMC_ADDR);
	wbuf_put_u8(&wb, 0);
	wbuf_put_u8(&wb, num);
	wbuf_put_u8(&wb, entity);
	wbuf_put_u8(&wb, 0x01);
	wbuf_put_u8(&wb, 0x67);
	wbuf_put_u8(&wb, 0x40 | 0x03);	/* auto re-arm, no event messages */
	wbuf_put_u8(&wb, stype);
	wbuf_put_u8(&wb, evtype);
	wbuf_put_u16_le(&wb, mask);		/* assertion event mask */
	wbuf_put_u16_le(&wb, 0x0000);
	wbuf_put_u16_le(&wb, mask);		/* discrete reading mask */
	wbuf_put_u8(&wb, 0xC0);			/* no analog reading */
	wbuf_put_u8(&wb, 0);			/* unspecified unit */
	wbuf_put_u8(&wb, 0);
	wbuf_put_u8(&wb, 0);			/* no record sharing */
	wbuf_put_u8(&wb, 0);
	wbuf_put_u8(&wb, 0);			/* hysteresis */
	wbuf_put_u8(&wb, 0);
	wbuf_put_fill(&wb, 0, 3);
	wbuf_put_u8(&wb, 0);			/* OEM */
	sdr_id_string(&wb, name);
	return sdr_finish(&wb);
}

/*
 * Management Controller Device Locator, type 12h (table 43-7): the BMC itself.
 */
int
sdr_mcloc(uint16_t id, const char *name, uint8_t *buf, size_t cap)
{
	struct wbuf	wb = WBUF_INIT(buf, cap);

	sdr_header(&wb, id, SDR_T_MCLOC);
	wbuf_put_u8(&wb, SDR_BMC_ADDR);
	wbuf_put_u8(&wb, 0);			/* channel 0 */
	wbuf_put_u8(&wb, 0);			/* power state notification */
	wbuf_put_u8(&wb, 0x8F);			/* as Get Device ID byte 6 */
	wbuf_put_fill(&wb, 0, 3);
	wbuf_put_u8(&wb, 0x06);		/* entity: system management module */
	wbuf_put_u8(&wb, 0x01);
	wbuf_put_u8(&wb, 0);			/* OEM */
	sdr_id_string(&wb, name);
	return sdr_finish(&wb);
}
