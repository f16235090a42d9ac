/* sensors.h: simulated temperature, fan, voltage and power readings; pure. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_SENSORS_H
#define PD_SENSORS_H

#include <stdint.h>

#define SENSORS_MAX	24
#define SENSOR_NAME_MAX	31

enum sensor_type { SNS_TEMP, SNS_FAN, SNS_VOLT, SNS_POWER, SNS_CURRENT };
enum sensor_status { SNS_OK, SNS_WARNING, SNS_CRITICAL, SNS_ABSENT };
/* threshold index: lower non-recoverable … upper non-recoverable */
enum sensor_thr { THR_LNR, THR_LC, THR_LNC, THR_UNC, THR_UC, THR_UNR, THR_N };

struct sensor {
	int	num;
	char	name[SENSOR_NAME_MAX + 1];
	int	type;
	double	reading;
	int	status;
	double	thr[THR_N];
	int	has_thr;		/* bit i: thr[i] applies */
};

/*
 * Readings for a server with cpus CPUs.  powered: 1 on, 0 off; secs: time
 * since the last power change (temperatures move towards their target
 * with a time constant); seed varies the noise (pass a counter or time).
 * Numbers: temperatures 1-15, fans 16-31, voltages 32-47, power 48-55.
 * Returns the count written to out[SENSORS_MAX].
 */
int		 sensors_read(int cpus, int fans, int powered, double secs, uint32_t seed,
		    struct sensor *out);
const char	*sensor_type_str(int);
const char	*sensor_unit_str(int);
const char	*sensor_status_str(int);
const char	*sensor_thr_str(int);

#endif
