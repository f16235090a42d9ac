/* 5005-sensors.c: sensor readings follow power; numbering and thresholds. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "util.h"
#include "../../powerd/sensors.h"

int
main(void)
{
	struct sensor	on[SENSORS_MAX], off[SENSORS_MAX], again[SENSORS_MAX];
	int		n, m, i, fans_zero = 1, fans_spin = 1, nums_ok = 1;
	double		watts_on = -1, watts_off = -1, cpu_hot = 0, cpu_cool = 0;

	n = sensors_read(2, 4, 1, 600, 1, on);
	m = sensors_read(2, 4, 0, 600, 2, off);
	ok(n > 10 && n == m, "same sensors on and off (%d)", n);
	for (i = 0; i < n; i++) {
		if (on[i].num != off[i].num || strcmp(on[i].name, off[i].name))
			nums_ok = 0;
		if ((on[i].type == SNS_TEMP && (on[i].num < 1 || on[i].num > 15)) ||
		    (on[i].type == SNS_FAN && (on[i].num < 16 || on[i].num > 31)) ||
		    (on[i].type == SNS_VOLT && (on[i].num < 32 || on[i].num > 47)) ||
		    ((on[i].type == SNS_POWER || on[i].type == SNS_CURRENT) &&
		    (on[i].num < 48 || on[i].num > 55)))
			nums_ok = 0;
		if (on[i].type == SNS_FAN) {
			if (off[i].reading != 0)
				fans_zero = 0;
			if (on[i].reading < 3000)
				fans_spin = 0;
		}
		if (on[i].type == SNS_POWER) {
			watts_on = on[i].reading;
			watts_off = off[i].reading;
		}
		if (on[i].num == 1) {
			cpu_hot = on[i].reading;
			cpu_cool = off[i].reading;
		}
	}
	ok(nums_ok, "stable numbers in the documented ranges");
	ok(fans_zero, "fans 0 RPM when off");
	ok(fans_spin, "fans spin when on");
	is_int(watts_off, 0, "0 W when off");
	ok(watts_on > 100, "power drawn when on (%.1f W)", watts_on);
	ok(cpu_hot > cpu_cool + 10, "CPU hotter when on (%.1f > %.1f)",
	    cpu_hot, cpu_cool);
	is_int(on[0].status, SNS_OK, "status ok");
	ok(on[0].has_thr == 0x3f && on[0].thr[THR_UC] == 90,
	    "CPU thresholds");
	sensors_read(2, 4, 1, 0, 1, again);
	ok(again[0].reading < on[0].reading - 5,
	    "just powered on: still cool (%.1f)", again[0].reading);
	sensors_read(2, 4, 1, 600, 99, again);
	ok(again[4].reading != on[4].reading, "noise varies with the seed");
	is_int(sensors_read(8, 4, 1, 1, 1, again), n + 6, "one temperature per CPU");
	is_str(sensor_unit_str(SNS_FAN), "RPM", "unit");
	is_str(sensor_type_str(SNS_VOLT), "voltage", "type");
	return done_testing();
}
