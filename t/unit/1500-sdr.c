/* 1500-sdr.c: SDR records (golden bytes, truncation) and linear conversions (round trips). */
/* SPDX-License-Identifier: ISC */

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "util.h"
#include "../../ipmid/sdr.h"
#include "../tap.h"

static const char cpu_json[] =
    "{\"num\":1,\"name\":\"CPU1 Temp\",\"type\":\"temperature\",\"unit\":\"C\","
    "\"reading\":45.5,\"status\":\"ok\",\"thresholds\":{\"lnr\":0,\"lc\":5,"
    "\"lnc\":10,\"unc\":80,\"uc\":90,\"unr\":100}}";

/* IPMI v2.0 table 43-1, worked out by hand for CPU1 Temp above */
static const uint8_t cpu_full[] = {
	0x07, 0x00, 0x51, 0x01, 0x34,		/* id 7, v1.5, full, 52 bytes */
	0x20, 0x00, 0x01,			/* BMC, LUN 0, sensor 1 */
	0x03, 0x01, 0x67, 0x47, 0x01, 0x01,	/* processor.1, init, caps, temp, threshold */
	0x00, 0x70, 0x00, 0x70, 0x3F, 0x00,	/* lower/upper reading masks, readable */
	0x00, 0x01, 0x00, 0x00,			/* unsigned, degrees C, linear */
	0x01, 0x00, 0x00, 0x00, 0x00,		/* M 1, B 0, accuracy 0 */
	0x00,					/* R and B exponents 0 */
	0x00, 0x00, 0x00, 0x00,			/* no nominal/normal values */
	0xFF, 0x00,				/* max, min */
	0x64, 0x5A, 0x50, 0x00, 0x05, 0x0A,	/* UNR UC UNC LNR LC LNC */
	0x00, 0x00, 0x00, 0x00, 0x00,		/* hysteresis, reserved, OEM */
	0xC9, 'C', 'P', 'U', '1', ' ', 'T', 'e', 'm', 'p'
};

static const uint8_t mcloc[] = {
	0x02, 0x00, 0x51, 0x12, 0x0E,
	0x20, 0x00, 0x00, 0x8F, 0x00, 0x00, 0x00, 0x06, 0x01, 0x00,
	0xC3, 'B', 'M', 'C'
};

static void
test_parse(void)
{
	struct sdr_sensor	 s;
	cJSON			*o;
	static const char *const bad[] = {
		"{}", "{\"num\":1}", "{\"num\":0,\"name\":\"x\",\"type\":\"fan\"}",
		"{\"num\":300,\"name\":\"x\",\"type\":\"fan\"}",
		"{\"num\":1,\"name\":2,\"type\":\"fan\"}",
		"{\"num\":1,\"name\":\"x\",\"type\":\"humidity\"}",
		"{\"num\":\"1\",\"name\":\"x\",\"type\":\"fan\"}",
	};
	size_t			 i;

	o = cJSON_Parse(cpu_json);
	is_int(sdr_parse_sensor(o, &s), 0, "parse CPU1 Temp");
	is_int(s.num, 1, "num");
	is_str(s.name, "CPU1 Temp", "name");
	is_int(s.stype, 0x01, "sensor type temperature");
	is_int(s.unit, 1, "unit degrees C");
	is_int(s.entity, 0x03, "entity processor (name has CPU)");
	is_int(s.thmask, 0x3F, "all six thresholds");
	ok(s.present && s.reading == 45.5, "reading");
	cJSON_Delete(o);
	for (i = 0; i < nitems(bad); i++) {
		o = cJSON_Parse(bad[i]);
		is_int(sdr_parse_sensor(o, &s), BMC_EPROTO, bad[i]);
		cJSON_Delete(o);
	}
	o = cJSON_Parse("{\"num\":16,\"name\":\"Fan1\",\"type\":\"fan\","
	    "\"status\":\"absent\"}");
	is_int(sdr_parse_sensor(o, &s), 0, "sensor without reading");
	ok(!s.present && s.thmask == 0, "absent, no thresholds");
	cJSON_Delete(o);
}

static void
test_records(void)
{
	struct sdr_sensor	 s;
	cJSON			*o;
	uint8_t			 buf[SDR_REC_MAX + 8];
	int			 n, i, bad;

	o = cJSON_Parse(cpu_json);
	sdr_parse_sensor(o, &s);
	cJSON_Delete(o);
	n = sdr_full(7, &s, buf, sizeof(buf));
	is_int(n, sizeof(cpu_full), "full record length");
	is_mem(buf, cpu_full, sizeof(cpu_full), "full record golden bytes");
	for (i = 0, bad = 0; i < n; i++)
		if (sdr_full(7, &s, buf, i) != BMC_ETOOLONG)
			bad++;
	is_int(bad, 0, "full record: every short buffer is refused");

	n = sdr_mcloc(2, "BMC", buf, sizeof(buf));
	is_int(n, sizeof(mcloc), "MC locator length");
	is_mem(buf, mcloc, sizeof(mcloc), "MC locator golden bytes");
	for (i = 0, bad = 0; i < n; i++)
		if (sdr_mcloc(2, "BMC", buf, i) != BMC_ETOOLONG)
			bad++;
	is_int(bad, 0, "MC locator: every short buffer is refused");

	n = sdr_compact(3, 0x70, "Watchdog", 0x23, 0x6F, 0x07, 0x000F,
	    buf, sizeof(buf));
	is_int(n, 32 + 8, "compact record length");
	ok(n > 0 && buf[3] == 0x02 && buf[4] == n - 5 && buf[7] == 0x70 &&
	    buf[12] == 0x23 && buf[13] == 0x6F && buf[14] == 0x0F &&
	    buf[18] == 0x0F && buf[31] == 0xC8 &&
	    memcmp(&buf[32], "Watchdog", 8) == 0, "compact record fields");
	for (i = 0, bad = 0; i < n; i++)
		if (sdr_compact(3, 0x70, "Watchdog", 0x23, 0x6F, 0x07, 0x000F,
		    buf, i) != BMC_ETOOLONG)
			bad++;
	is_int(bad, 0, "compact record: every short buffer is refused");

	strlcpy(s.name, "A very long sensor name", sizeof(s.name));
	n = sdr_full(1, &s, buf, sizeof(buf));
	ok(n == SDR_REC_MAX && buf[47] == (0xC0 | 16), "id string capped at 16");
}

/* |from_raw(to_raw(v)) - v| <= step / 2 across the type's range */
static void
roundtrip(const char *type, double lo, double hi, double want_step)
{
	struct sdr_sensor	s;
	struct sdr_conv		c;
	double			v, step, worst = 0, e;
	char			d[96];

	memset(&s, 0, sizeof(s));
	s.stype = strcmp(type, "temperature") == 0 ? 0x01 :
	    strcmp(type, "voltage") == 0 ? 0x02 :
	    strcmp(type, "current") == 0 ? 0x03 :
	    strcmp(type, "fan") == 0 ? 0x04 : 0x08;
	sdr_conv_for(&s, &c);
	step = c.m * pow(10, c.rexp);
	snprintf(d, sizeof(d), "%s step %g", type, want_step);
	ok(fabs(step - want_step) < 1e-9, "%s", d);
	for (v = lo; v <= hi; v += (hi - lo) / 997) {
		e = fabs(sdr_from_raw(&c, sdr_to_raw(&c, v)) - v);
		if (e > worst)
			worst = e;
	}
	snprintf(d, sizeof(d), "%s round trip within half a step (%g)", type,
	    worst);
	ok(worst <= step / 2 + 1e-9, "%s", d);
}

static void
test_conv(void)
{
	struct sdr_sensor	s;
	struct sdr_conv		c;

	roundtrip("temperature", 0, 255, 1);
	roundtrip("voltage", 0, 15.3, 0.06);
	roundtrip("current", 0, 12.75, 0.05);
	roundtrip("fan", 0, 12750, 50);
	roundtrip("power", 0, 1275, 5);

	memset(&s, 0, sizeof(s));
	s.stype = 0x02;
	s.th[SDR_UNR] = 48;
	s.thmask = 1 << SDR_UNR;
	sdr_conv_for(&s, &c);
	ok(c.m == 2 && c.rexp == -1, "48 V threshold widens the step to 0.2");
	is_int(sdr_to_raw(&c, 48), 240, "48 V -> 240");
	is_int(sdr_to_raw(&c, -3), 0, "negative clamps to 0");
	is_int(sdr_to_raw(&c, 1e9), 255, "huge clamps to 255");
	is_int(sdr_to_raw(&c, NAN), 0, "NaN reads 0");

	/* threshold status bits */
	memset(&s, 0, sizeof(s));
	s.stype = 0x01;
	s.present = 1;
	s.th[SDR_UNC] = 80;
	s.th[SDR_UC] = 90;
	s.th[SDR_LNC] = 10;
	s.thmask = (1 << SDR_UNC) | (1 << SDR_UC) | (1 << SDR_LNC);
	sdr_conv_for(&s, &c);
	s.reading = 50;
	is_int(sdr_th_status(&s, &c), 0, "50 C: nothing crossed");
	s.reading = 85;
	is_int(sdr_th_status(&s, &c), 1 << SDR_UNC, "85 C: upper non-critical");
	s.reading = 95;
	is_int(sdr_th_status(&s, &c), (1 << SDR_UNC) | (1 << SDR_UC),
	    "95 C: upper critical too");
	s.reading = 4;
	is_int(sdr_th_status(&s, &c), 1 << SDR_LNC, "4 C: lower non-critical");
	s.present = 0;
	is_int(sdr_th_status(&s, &c), 0, "absent: no status");
}

int
main(void)
{
	test_parse();
	test_records();
	test_conv();
	return done_testing();
}
