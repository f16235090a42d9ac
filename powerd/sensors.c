/* sensors.c: readings that follow power state with a little noise; pure. */
/* SPDX-License-Identifier: ISC */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "sensors.h"

#define AMBIENT		24.0
#define TEMP_TAU	60.0	/* s, thermal time constant */

static const char *types[] = { "temperature", "fan", "voltage", "power",
	"current" };
static const char *units[] = { "C", "RPM", "V", "W", "A" };
static const char *statuses[] = { "ok", "warning", "critical", "absent" };
static const char *thrs[] = { "lnr", "lc", "lnc", "unc", "uc", "unr" };

const char *sensor_type_str(int t) { return types[t]; }
const char *sensor_unit_str(int t) { return units[t]; }
const char *sensor_status_str(int s) { return statuses[s]; }
const char *sensor_thr_str(int i) { return thrs[i]; }

/* xorshift noise in [-1, 1] */
static double
noise(uint32_t *s)
{
	uint32_t	x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return ((double)(x % 2001) - 1000.0) / 1000.0;
}

static double
approach(double from, double to, double secs)
{
	return to + (from - to) * exp(-secs / TEMP_TAU);
}

static void
add(struct sensor *out, int *n, int num, const char *name, int type,
    double reading, const double thr[THR_N], int mask)
{
	struct sensor	*s = &out[(*n)++];
	int		 i;

	memset(s, 0, sizeof(*s));
	s->num = num;
	strlcpy(s->name, name, sizeof(s->name));
	s->type = type;
	s->reading = round(reading * 100.0) / 100.0;
	s->has_thr = mask;
	s->status = SNS_OK;
	for (i = 0; i < THR_N; i++)
		s->thr[i] = thr[i];
	if (((mask & (1 << THR_UC)) && s->reading >= thr[THR_UC]) ||
	    ((mask & (1 << THR_LC)) && s->reading <= thr[THR_LC]))
		s->status = SNS_CRITICAL;
	else if (((mask & (1 << THR_UNC)) && s->reading >= thr[THR_UNC]) ||
	    ((mask & (1 << THR_LNC)) && s->reading <= thr[THR_LNC]))
		s->status = SNS_WARNING;
}

int
sensors_read(int cpus, int fans, int powered, double secs, uint32_t seed,
    struct sensor *out)
{
	static const double tcpu[THR_N] = { 0, 5, 10, 80, 90, 100 };
	static const double tin[THR_N] = { 0, 0, 5, 38, 42, 45 };
	static const double tsys[THR_N] = { 0, 0, 5, 70, 80, 85 };
	static const double tfan[THR_N] = { 0, 300, 600, 0, 0, 0 };
	static const double tpsu[THR_N] = { 0, 0, 0, 800, 900, 1000 };
	struct volt {
		const char	*name;
		double		 nominal;
	} volts[] = {
		{ "12V", 12.0 }, { "5V", 5.0 }, { "3.3V", 3.3 },
		{ "VBAT", 3.0 }, { "CPU1 Vcore", 1.8 },
	};
	uint32_t	s = seed * 2654435761u + 1;
	double		 t, from, to, thr[THR_N];
	int		 n = 0, i, fan_mask, vmask;
	char		 name[SENSOR_NAME_MAX + 1];

	if (secs < 0)
		secs = 0;
	if (cpus < 1)
		cpus = 1;
	if (cpus > 8)
		cpus = 8;
	if (fans < 1)
		fans = 1;
	if (fans > 6)
		fans = 6;
	/* temperatures 1..: CPUs, then inlet and system board */
	for (i = 0; i < cpus; i++) {
		from = powered ? AMBIENT + 6.0 : 45.0 + i;
		to = powered ? 45.0 + i : AMBIENT + 6.0;
		t = approach(from, to, secs) + noise(&s) * 0.5;
		snprintf(name, sizeof(name), "CPU%d Temp", i + 1);
		add(out, &n, 1 + i, name, SNS_TEMP, t, tcpu, 0x3f);
	}
	add(out, &n, 9, "Inlet Temp", SNS_TEMP, AMBIENT + noise(&s) * 0.3,
	    tin, 0x3c);
	from = powered ? AMBIENT + 3.0 : 35.0;
	to = powered ? 35.0 : AMBIENT + 3.0;
	add(out, &n, 10, "System Temp", SNS_TEMP,
	    approach(from, to, secs) + noise(&s) * 0.3, tsys, 0x3c);
	/* fans 16..: stopped when off */
	fan_mask = powered ? 0x06 : 0;
	for (i = 0; i < fans; i++) {
		snprintf(name, sizeof(name), "Fan%d", i + 1);
		add(out, &n, 16 + i, name, SNS_FAN,
		    powered ? 6000.0 + 120.0 * i + noise(&s) * 60.0 : 0.0,
		    tfan, fan_mask);
	}
	/* voltages 32..: rails are down when off except the battery */
	for (i = 0; i < (int)nitems(volts); i++) {
		double	v = volts[i].nominal;

		thr[THR_LNR] = v * 0.80;
		thr[THR_LC] = v * 0.85;
		thr[THR_LNC] = v * 0.90;
		thr[THR_UNC] = v * 1.10;
		thr[THR_UC] = v * 1.15;
		thr[THR_UNR] = v * 1.20;
		vmask = 0x3f;
		if (!powered && i != 3) {
			v = 0.0;
			vmask = 0;
		}
		snprintf(name, sizeof(name), "%s", volts[i].name);
		add(out, &n, 32 + i, name, SNS_VOLT,
		    v == 0.0 ? 0.0 : v + noise(&s) * v * 0.01, thr, vmask);
	}
	/* power 48..: 0 W when off */
	t = powered ? 150.0 + 35.0 * cpus + noise(&s) * 8.0 : 0.0;
	add(out, &n, 48, "System Power", SNS_POWER, t, tpsu, 0x38);
	memset(thr, 0, sizeof(thr));
	add(out, &n, 49, "PSU1 Current", SNS_CURRENT, t / 230.0, thr, 0);
	return n;
}
