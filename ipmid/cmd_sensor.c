/* cmd_sensor.c: sensor/event commands (IPMI v2.0 ch. 35): readings, thresholds, SDR info. */
/* SPDX-License-Identifier: ISC */

#include <string.h>

#include "log.h"
#include "util.h"
#include "pdmsg.h"
#include "cmd.h"

/*
 * Every reading asks powerd for the sensor list (one small JSON reply)
 * and converts with the factors of the sensor's SDR, which that same
 * reply refreshes.
 */
static int
find_sensor(struct ipmid *ipmid, const cJSON *r, uint8_t num,
    struct sdr_sensor *s, struct sdr_conv *c)
{
	const struct sdr_sensor	*k;
	const cJSON		*o;

	cmd_sdr_update(ipmid, r);
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(r, "sensors")) {
		if (sdr_parse_sensor(o, s) != 0 || s->num != num)
			continue;
		/* the record's factors, whatever the thresholds now */
		if ((k = cmd_sdr_known(ipmid, num)) != NULL)
			sdr_conv_for(k, c);
		else
			sdr_conv_for(s, c);
		return 0;
	}
	return -1;
}

static int
num_ok(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return 0;
	}
	if (call->req[0] == 0xFF) {		/* reserved sensor number */
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return 0;
	}
	return 1;
}

/*
 * Get Sensor Reading (table 35-15): reading, flags (bit 7 event messages,
 * bit 6 scanning, bit 5 reading unavailable), threshold status.
 */
static void
reading_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct sdr_sensor	s;
	struct sdr_conv		c;
	uint8_t			out[4];

	if (cmd_sdr_discrete(call->req[0], NULL)) {
		cmd_sdr_update(ipmid, r);
		out[0] = 0;
		out[1] = 0x40;
		out[2] = 0;			/* no state asserted */
		out[3] = 0;
		ipmi_reply(ipmid, call, IPMI_CC_OK, out, 4);
		return;
	}
	if (find_sensor(ipmid, r, call->req[0], &s, &c) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return;
	}
	out[0] = s.present ? sdr_to_raw(&c, s.reading) : 0;
	out[1] = s.present ? 0x40 : 0x20;
	out[2] = sdr_th_status(&s, &c) | 0xC0;	/* bits 7:6 reserved, 1b */
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, 3);
}

static void
sensor_reading(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (!num_ok(ipmid, call))
		return;
	cmd_pd(ipmid, call, cmd_req(ipmid, "sensors", NULL), reading_done);
}

/*
 * Get Sensor Thresholds (table 35-9): readable mask, LNC LC LNR UNC UC
 * UNR; the thresholds that apply now, in the record's conversion.
 */
static void
thresholds_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct sdr_sensor	 s;
	struct sdr_conv		 c;
	uint8_t			 out[1 + SDR_NTH] = { 0 };
	int			 i;

	if (find_sensor(ipmid, r, call->req[0], &s, &c) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return;
	}
	out[0] = s.thmask;
	for (i = 0; i < SDR_NTH; i++)
		if (s.thmask & (1 << i))
			out[1 + i] = sdr_to_raw(&c, s.th[i]);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
sensor_thresholds(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (!num_ok(ipmid, call))
		return;
	if (cmd_sdr_discrete(call->req[0], NULL)) {	/* no thresholds */
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_CMD, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sensors", NULL), thresholds_done);
}

/* Get Sensor Hysteresis (table 35-7): none */
static void
sensor_hysteresis(struct ipmid *ipmid, struct ipmi_call *call)
{
	static const uint8_t	out[2] = { 0, 0 };

	if (call->len != 2) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/* Get Sensor Event Enable (table 35-5): scanning on, event messages off */
static void
sensor_event_enable(struct ipmid *ipmid, struct ipmi_call *call)
{
	static const uint8_t	out[5] = { 0x40, 0, 0, 0, 0 };

	if (!num_ok(ipmid, call))
		return;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/* Get Sensor Type (table 35-17) */
static void
type_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct sdr_sensor	s;
	struct sdr_conv		c;
	uint8_t			out[2];

	if (cmd_sdr_discrete(call->req[0], &out[0])) {
		out[1] = 0x6F;
	} else if (find_sensor(ipmid, r, call->req[0], &s, &c) == 0) {
		out[0] = s.stype;
		out[1] = 0x01;
	} else {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return;
	}
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
sensor_type(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (!num_ok(ipmid, call))
		return;
	cmd_pd(ipmid, call, cmd_req(ipmid, "sensors", NULL), type_done);
}

/*
 * Get Device SDR Info (table 35-2): number of sensors on LUN 0 (with no
 * data byte: on the BMC), static population, LUN 0 has sensors.
 */
static void
sdrinfo_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t	out[2];

	cmd_sdr_update(ipmid, r);
	/* - MC locator */
	out[0] = ipmid->cmd->sdr_n > 0 ? ipmid->cmd->sdr_n - 1 : 0;
	out[1] = 0x01;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
sensor_sdrinfo(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len > 1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sensors", NULL), sdrinfo_done);
}

const struct cmd_entry cmd_sensor_tab[] = {
	{ IPMI_NETFN_SENSOR, 0x20, IPMI_PRIV_USER, sensor_sdrinfo },
	{ IPMI_NETFN_SENSOR, 0x25, IPMI_PRIV_USER, sensor_hysteresis },
	{ IPMI_NETFN_SENSOR, 0x27, IPMI_PRIV_USER, sensor_thresholds },
	{ IPMI_NETFN_SENSOR, 0x29, IPMI_PRIV_USER, sensor_event_enable },
	{ IPMI_NETFN_SENSOR, 0x2D, IPMI_PRIV_USER, sensor_reading },
	{ IPMI_NETFN_SENSOR, 0x2F, IPMI_PRIV_USER, sensor_type },
	{ 0, 0, 0, NULL }
};
