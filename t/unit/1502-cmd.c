/* 1502-cmd.c: command dispatch without powerd: privileges, lengths, truncation, local state. */
/* SPDX-License-Identifier: ISC */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "../../ipmid/cmd.h"
#include "../../ipmid/users.h"
#include "../tap.h"

/*
 * The transport's side of the seam, stubbed: replies are recorded.  With
 * no powerd (ipmid.pd == NULL) every command that needs it answers D5h
 * once its request has been validated, so the completion code tells
 * which check fired.
 */
static int	 nreplies;
static uint8_t	 last_cc;
static uint8_t	 last_rsp[IPMI_MSG_MAX];
static size_t	 last_len;

void
ipmi_reply(struct ipmid *d, struct ipmi_call *c, uint8_t cc,
    const void *data, size_t len)
{
	(void)d;
	(void)c;
	nreplies++;
	last_cc = cc;
	last_len = len;
	if (len > sizeof(last_rsp))
		len = sizeof(last_rsp);
	if (len > 0)
		memcpy(last_rsp, data, len);
}

int
sess_count_active(const struct ipmid *d)
{
	(void)d;
	return 1;
}

void
users_refresh(struct ipmid *d)
{
	(void)d;
}

int
users_parse_account(const cJSON *a, struct ipmid_user *u)
{
	(void)a;
	(void)u;
	return -1;
}

static struct ipmid	d;

/* Dispatch one request; returns the completion code (-1: not exactly one reply). */
static int
req(uint8_t netfn, uint8_t cmd, uint8_t priv, const uint8_t *data,
    size_t len, uint8_t fill)
{
	struct ipmi_call	c;

	memset(&c, fill, sizeof(c));
	c.netfn = netfn;
	c.cmd = cmd;
	c.lun = 0;
	c.priv = priv;
	c.max_priv = IPMI_PRIV_ADMIN;
	c.userid = 2;
	c.sid = 0x1234;
	c.v20 = 1;
	c.tctx = NULL;
	if (len > 0)
		memcpy(c.req, data, len);
	c.len = len;
	nreplies = 0;
	cmd_dispatch(&d, &c);
	return nreplies == 1 ? last_cc : -1;
}

#define A(...)		((const uint8_t []){ __VA_ARGS__ })
#define N(...)		sizeof((const uint8_t []){ __VA_ARGS__ })
#define RQ(nf, c, p, ...)	req(nf, c, p, A(__VA_ARGS__), N(__VA_ARGS__), 0)

static void
test_unknown_and_priv(void)
{
	is_int(req(IPMI_NETFN_APP, 0xFF, IPMI_PRIV_ADMIN, NULL, 0, 0),
	    IPMI_CC_INVALID_CMD, "unknown app command: C1h");
	is_int(req(0x30, 0x01, IPMI_PRIV_ADMIN, NULL, 0, 0),
	    IPMI_CC_INVALID_CMD, "unknown netfn: C1h");
	is_int(RQ(IPMI_NETFN_GROUP, 0x00, IPMI_PRIV_ADMIN, 0x00),
	    IPMI_CC_INVALID_CMD, "Get PICMG Properties: C1h");
	is_int(RQ(IPMI_NETFN_GROUP, 0x00, IPMI_PRIV_ADMIN, 0x03),
	    IPMI_CC_INVALID_CMD, "Get VSO Capabilities: C1h");
	is_int(req(IPMI_NETFN_GROUP, 0x01, IPMI_PRIV_ADMIN, NULL, 0, 0),
	    IPMI_CC_REQ_LEN_INVALID, "group extension without body code: C7h");
	is_int(RQ(IPMI_NETFN_GROUP, 0x7F, IPMI_PRIV_ADMIN, 0xDC),
	    IPMI_CC_INVALID_CMD, "unknown DCMI command: C1h");

	is_int(RQ(IPMI_NETFN_CHASSIS, 0x02, IPMI_PRIV_USER, 0x00),
	    IPMI_CC_INSUFFICIENT_PRIV, "USER: chassis power off refused");
	is_int(RQ(IPMI_NETFN_CHASSIS, 0x02, IPMI_PRIV_OPERATOR, 0x00),
	    IPMI_CC_NOT_SUPPORTED_STATE, "OPERATOR: chassis power off passes (D5h: no powerd)");
	is_int(RQ(IPMI_NETFN_STORAGE, 0x47, IPMI_PRIV_USER, 0, 0, 'C', 'L',
	    'R', 0xAA), IPMI_CC_INSUFFICIENT_PRIV, "USER: clear SEL refused");
	is_int(RQ(IPMI_NETFN_APP, 0x45, IPMI_PRIV_OPERATOR, 3, 'b', 'o', 'b',
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	    IPMI_CC_INSUFFICIENT_PRIV, "OPERATOR: set user name refused");
	is_int(RQ(IPMI_NETFN_APP, 0x45, IPMI_PRIV_ADMIN, 3, 'b', 'o', 'b',
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	    IPMI_CC_NOT_SUPPORTED_STATE, "ADMIN: set user name passes");
	is_int(RQ(IPMI_NETFN_APP, 0x47, IPMI_PRIV_OPERATOR, 2, 1),
	    IPMI_CC_INSUFFICIENT_PRIV, "OPERATOR: enable user refused");
	is_int(req(IPMI_NETFN_APP, 0x01, IPMI_PRIV_CALLBACK, NULL, 0, 0),
	    IPMI_CC_INSUFFICIENT_PRIV, "CALLBACK: get device id refused");
	is_int(req(IPMI_NETFN_APP, 0x01, IPMI_PRIV_NONE, NULL, 0, 0),
	    IPMI_CC_INSUFFICIENT_PRIV, "sessionless: refused");
	is_int(cmd_priv(IPMI_NETFN_CHASSIS, 0x02), IPMI_PRIV_OPERATOR,
	    "cmd_priv: chassis control OPERATOR");
	is_int(cmd_priv(IPMI_NETFN_CHASSIS | 1, 0x02), IPMI_PRIV_OPERATOR,
	    "cmd_priv: response netfn too");
	is_int(cmd_priv(IPMI_NETFN_APP, 0x47), IPMI_PRIV_ADMIN,
	    "cmd_priv: set user password ADMIN");
	is_int(cmd_priv(IPMI_NETFN_STORAGE, 0x43), IPMI_PRIV_USER,
	    "cmd_priv: get SEL entry USER");
	is_int(cmd_priv(IPMI_NETFN_APP, 0xEE), -1, "cmd_priv: unknown -1");
	{
		struct ipmi_call c;

		memset(&c, 0, sizeof(c));
		c.netfn = IPMI_NETFN_APP;
		c.cmd = 0x01;
		c.lun = 2;
		c.priv = IPMI_PRIV_ADMIN;
		nreplies = 0;
		cmd_dispatch(&d, &c);
		is_int(last_cc, IPMI_CC_INVALID_LUN, "LUN 2: C2h");
	}
}

/* Valid requests of fixed length: every truncation is C7h. */
static const struct vec {
	uint8_t		 netfn, cmd;
	uint8_t		 len;
	uint8_t		 alt;		/* another valid length (0: none) */
	uint8_t		 data[24];
	const char	*name;
} vecs[] = {
	{ 0x00, 0x02, 1, 0, { 0x01 }, "chassis control" },
	{ 0x00, 0x06, 1, 0, { 0x03 }, "set power restore policy" },
	{ 0x00, 0x08, 6, 0, { 0x05, 0xE0, 0x04, 0, 0, 0 }, "set boot flags" },
	{ 0x00, 0x08, 3, 0, { 0x04, 0x01, 0x01 }, "set boot info ack" },
	{ 0x00, 0x09, 3, 0, { 0x05, 0, 0 }, "get boot options" },
	{ 0x06, 0x24, 6, 0, { 0x04, 0x01, 0, 0x10, 0x64, 0 }, "set watchdog" },
	{ 0x06, 0x2E, 1, 0, { 0x08 }, "set global enables" },
	{ 0x06, 0x40, 3, 0, { 0x0E, 0x42, 0x44 }, "set channel access" },
	{ 0x06, 0x41, 2, 0, { 0x0E, 0x40 }, "get channel access" },
	{ 0x06, 0x42, 1, 0, { 0x0E }, "get channel info" },
	{ 0x06, 0x43, 4, 3, { 0x91, 0x02, 0x04, 0 }, "set user access" },
	{ 0x06, 0x44, 2, 0, { 0x01, 0x02 }, "get user access" },
	{ 0x06, 0x45, 17, 0, { 0x02, 'a', 'd', 'm', 'i', 'n' }, "set user name" },
	{ 0x06, 0x46, 1, 0, { 0x02 }, "get user name" },
	{ 0x06, 0x47, 18, 0, { 0x02, 0x02, 'p', 'w' }, "set user password 16" },
	{ 0x06, 0x47, 22, 0, { 0x82, 0x03, 'p', 'w' }, "test user password 20" },
	{ 0x06, 0x4C, 6, 0, { 0x01, 0x45, 0x02, 0, 0, 0 }, "set user payload access" },
	{ 0x06, 0x4D, 2, 0, { 0x01, 0x02 }, "get user payload access" },
	{ 0x06, 0x58, 18, 0, { 0x02, 0x00, 0x00, 0x04, 'h', 'o', 's', 't' }, "set system info" },
	{ 0x06, 0x59, 4, 0, { 0x00, 0x02, 0x00, 0x00 }, "get system info" },
	{ 0x0A, 0x10, 1, 0, { 0x00 }, "get FRU inventory area info" },
	{ 0x0A, 0x11, 4, 0, { 0x00, 0x00, 0x00, 0x10 }, "read FRU data" },
	{ 0x0A, 0x23, 6, 0, { 0, 0, 0, 0, 0, 0xFF }, "get SDR" },
	{ 0x0A, 0x43, 6, 0, { 0, 0, 0, 0, 0, 0xFF }, "get SEL entry" },
	{ 0x0A, 0x44, 16, 0, { 0, 0, 0x02 }, "add SEL entry" },
	{ 0x0A, 0x49, 4, 0, { 0x00, 0x00, 0x00, 0x60 }, "set SEL time" },
	{ 0x04, 0x2D, 1, 0, { 0x01 }, "get sensor reading" },
	{ 0x04, 0x27, 1, 0, { 0x01 }, "get sensor thresholds" },
	{ 0x04, 0x25, 2, 0, { 0x01, 0xFF }, "get sensor hysteresis" },
	{ 0x04, 0x29, 1, 0, { 0x01 }, "get sensor event enable" },
	{ 0x04, 0x2F, 1, 0, { 0x01 }, "get sensor type" },
	{ 0x0C, 0x01, 6, 0, { 0x01, 0x03, 10, 0, 0, 1 }, "set LAN IP" },
	{ 0x0C, 0x02, 4, 0, { 0x01, 0x03, 0, 0 }, "get LAN IP" },
	{ 0x0C, 0x21, 3, 0, { 0x01, 0x01, 0x01 }, "set SOL enable" },
	{ 0x0C, 0x22, 4, 0, { 0x01, 0x01, 0, 0 }, "get SOL enable" },
	{ 0x2C, 0x01, 2, 0, { 0xDC, 0x01 }, "DCMI capabilities" },
	{ 0x2C, 0x02, 4, 0, { 0xDC, 0x01, 0, 0 }, "DCMI power reading" },
	{ 0x2C, 0x03, 3, 0, { 0xDC, 0, 0 }, "DCMI get power limit" },
	{ 0x2C, 0x04, 15, 0, { 0xDC, 0, 0, 0, 0x00, 0x90, 0x01 }, "DCMI set power limit" },
	{ 0x2C, 0x05, 4, 0, { 0xDC, 0x01, 0, 0 }, "DCMI activate power limit" },
};

static void
test_truncation(void)
{
	const struct vec	*v;
	size_t			 i, n;
	int			 cc, bad;
	char			 why[256];

	for (i = 0; i < nitems(vecs); i++) {
		v = &vecs[i];
		cc = req(v->netfn, v->cmd, IPMI_PRIV_ADMIN, v->data, v->len, 0);
		ok(cc >= 0 && cc != IPMI_CC_REQ_LEN_INVALID &&
		    cc != IPMI_CC_INVALID_CMD, "%s: whole request accepted (%02x)",
		    v->name, cc);
		why[0] = '\0';
		for (n = 0, bad = 0; n < v->len; n++) {
			if (n == v->alt && n != 0)
				continue;
			cc = req(v->netfn, v->cmd, IPMI_PRIV_ADMIN, v->data, n,
			    0);
			/* group extension: no body code at all is C7h too */
			if (cc != IPMI_CC_REQ_LEN_INVALID) {
				bad++;
				snprintf(why, sizeof(why), " (len %zu: %02x)",
				    n, cc);
			}
		}
		ok(bad == 0, "%s: every truncation is C7h%s", v->name, why);
		cc = req(v->netfn, v->cmd, IPMI_PRIV_ADMIN, v->data,
		    v->len + 1, 0);
		ok(cc == IPMI_CC_REQ_LEN_INVALID,
		    "%s: one byte too many is C7h (%02x)", v->name, cc);
	}
}

/*
 * Every command, every length 0-40, three fillings: exactly one reply,
 * and nothing depends on bytes past the request's length.
 */
static void
test_all_lengths(void)
{
	const struct cmd_entry	*const tabs[] = {
		cmd_app_tab, cmd_chassis_tab, cmd_storage_tab,
		cmd_sensor_tab, cmd_transport_tab, cmd_dcmi_tab
	};
	const struct cmd_entry	*e;
	uint8_t			 data[IPMI_MSG_MAX], rsp[IPMI_MSG_MAX];
	size_t			 t, n, rlen;
	int			 f, cc, cc2, bad = 0, diff = 0, total = 0;

	for (t = 0; t < nitems(tabs); t++)
		for (e = tabs[t]; e->fn != NULL; e++)
			for (f = 0; f < 3; f++)
				for (n = 0; n <= 40; n++) {
					for (size_t k = 0; k < n; k++)
						data[k] = f == 0 ? 0 :
						    f == 1 ? 0xFF : (k * 37 + 11);
					if (e->netfn == IPMI_NETFN_GROUP &&
					    n > 0)
						data[0] = 0xDC;
					/* keep the watchdog from arming */
					if (e->netfn == 6 && e->cmd == 0x22)
						continue;
					total++;
					cc = req(e->netfn, e->cmd,
					    IPMI_PRIV_ADMIN, data, n, 0x00);
					rlen = last_len;
					memcpy(rsp, last_rsp, rlen);
					cc2 = req(e->netfn, e->cmd,
					    IPMI_PRIV_ADMIN, data, n, 0xA5);
					if (cc < 0 || cc2 < 0)
						bad++;
					else if (cc != cc2 ||
					    rlen != last_len ||
					    memcmp(rsp, last_rsp, rlen) != 0) {
						/* the reservation counters move */
						if (!(e->netfn == 0x0A &&
						    (e->cmd == 0x22 ||
						    e->cmd == 0x42)))
							diff++;
					}
				}
	ok(total > 1000, "%d requests sent", total);
	is_int(bad, 0, "every request answered exactly once");
	is_int(diff, 0, "no answer depends on bytes past the length");
}

static void
test_boot_codec(void)
{
	static const struct {
		const char	*target, *enabled, *mode;
		uint8_t		 b0, b1;
	} v[] = {
		{ "pxe", "once", "uefi", 0xA0, 0x04 },
		{ "pxe", "continuous", "uefi", 0xE0, 0x04 },
		{ "hdd", "continuous", "legacy", 0xC0, 0x08 },
		{ "cd", "once", "legacy", 0x80, 0x14 },
		{ "bios", "once", "legacy", 0x80, 0x18 },
		{ "floppy", "once", "legacy", 0x80, 0x3C },
		{ "diags", "once", "legacy", 0x80, 0x10 },
		{ "usb", "once", "legacy", 0x80, 0x1C },
		{ "none", "disabled", "legacy", 0x00, 0x00 },
		{ "none", "disabled", "uefi", 0x20, 0x00 },
	};
	struct boot_flags	bf, back;
	uint8_t			b[5], in[5];
	size_t			i;

	for (i = 0; i < nitems(v); i++) {
		memset(&bf, 0, sizeof(bf));
		strlcpy(bf.target, v[i].target, sizeof(bf.target));
		strlcpy(bf.enabled, v[i].enabled, sizeof(bf.enabled));
		strlcpy(bf.mode, v[i].mode, sizeof(bf.mode));
		cmd_boot_encode(&bf, b);
		ok(b[0] == v[i].b0 && b[1] == v[i].b1 && b[2] == 0 &&
		    b[3] == 0 && b[4] == 0, "encode %s/%s/%s -> %02x %02x",
		    v[i].target, v[i].enabled, v[i].mode, b[0], b[1]);
		ok(cmd_boot_decode(b, &back) == 0 &&
		    strcmp(back.target, bf.target) == 0 &&
		    strcmp(back.enabled, bf.enabled) == 0 &&
		    strcmp(back.mode, bf.mode) == 0, "decode round trip %s",
		    v[i].target);
	}
	memcpy(in, A(0x80, 0x0C, 0, 0, 0), 5);
	ok(cmd_boot_decode(in, &back) == 0 && strcmp(back.target, "hdd") == 0,
	    "safe-mode disk reads as hdd");
	memcpy(in, A(0x80, 0x20, 0, 0, 0), 5);
	is_int(cmd_boot_decode(in, &back), BMC_ERANGE, "device 8 refused");
	memcpy(in, A(0x40, 0x04, 0, 0, 0), 5);
	ok(cmd_boot_decode(in, &back) == 0 &&
	    strcmp(back.enabled, "disabled") == 0 &&
	    strcmp(back.target, "none") == 0, "valid bit clear: disabled");
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x05, 0x80, 0x20, 0, 0, 0),
	    IPMI_CC_INVALID_FIELD, "set boot flags with device 8: CCh");
}

static void
test_local_state(void)
{
	/* boot option parameters kept in ipmid */
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x00, 0x01), 0, "set in progress");
	is_int(RQ(0x00, 0x09, IPMI_PRIV_ADMIN, 0x00, 0, 0), 0, "get param 0");
	ok(last_len == 3 && last_rsp[0] == 1 && last_rsp[1] == 0 &&
	    last_rsp[2] == 1, "param 0 reads back in progress");
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x00, 0x02), 0, "commit write");
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x00, 0x00), 0, "set complete");
	RQ(0x00, 0x09, IPMI_PRIV_ADMIN, 0x00, 0, 0);
	is_int(last_rsp[2], 0, "param 0 reads back complete");
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x00, 0x03), IPMI_CC_INVALID_FIELD,
	    "set in progress 3: CCh");
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x04, 0x01, 0x01), 0, "info ack");
	RQ(0x00, 0x09, IPMI_PRIV_ADMIN, 0x04, 0, 0);
	ok(last_len == 4 && last_rsp[3] == 0x01, "param 4 reads back");
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x03, 0x1F), 0, "valid bit clearing");
	RQ(0x00, 0x09, IPMI_PRIV_ADMIN, 0x03, 0, 0);
	ok(last_len == 3 && last_rsp[2] == 0x1F, "param 3 reads back");
	is_int(RQ(0x00, 0x09, IPMI_PRIV_ADMIN, 0x07, 0, 0),
	    IPMI_CC_PARAM_UNSUPPORTED, "get param 7: 80h");
	is_int(RQ(0x00, 0x08, IPMI_PRIV_ADMIN, 0x01, 0x00),
	    IPMI_CC_PARAM_UNSUPPORTED, "set param 1: 80h");
	is_int(RQ(0x00, 0x09, IPMI_PRIV_ADMIN, 0x05, 0, 0),
	    IPMI_CC_NOT_SUPPORTED_STATE, "param 5 needs powerd: D5h");

	/* device id, self test, guid */
	is_int(req(6, 0x01, IPMI_PRIV_USER, NULL, 0, 0), 0, "get device id");
	ok(last_len == 15 && last_rsp[4] == 0x02 && last_rsp[5] == 0x8F,
	    "device id: 15 bytes, IPMI 2.0, chassis/FRU/SEL/SDR/sensors");
	is_int(req(6, 0x04, IPMI_PRIV_USER, NULL, 0, 0), 0, "self test");
	ok(last_len == 2 && last_rsp[0] == 0x55 && last_rsp[1] == 0, "55h 00h");
	memset(d.guid, 0xAB, sizeof(d.guid));
	is_int(req(6, 0x37, IPMI_PRIV_USER, NULL, 0, 0), 0, "system guid");
	ok(last_len == 16 && memcmp(last_rsp, d.guid, 16) == 0, "guid bytes");
	is_int(RQ(0x00, 0x06, IPMI_PRIV_OPERATOR, 0x03), 0, "policy: no change");
	ok(last_len == 1 && last_rsp[0] == 0x07, "all three policies supported");
	is_int(RQ(0x00, 0x04, IPMI_PRIV_OPERATOR, 15, 0, 0),
	    IPMI_CC_REQ_LEN_INVALID, "identify with 3 bytes: C7h");
	is_int(RQ(0x00, 0x02, IPMI_PRIV_OPERATOR, 0x06), IPMI_CC_INVALID_FIELD,
	    "chassis control 6: CCh");

	/* watchdog (cold reset first: the length sweep has set it) */
	is_int(req(6, 0x02, IPMI_PRIV_ADMIN, NULL, 0, 0), 0, "cold reset");
	is_int(req(6, 0x22, IPMI_PRIV_OPERATOR, NULL, 0, 0),
	    IPMI_CC_WD_UNINITIALISED, "reset watchdog before set: 80h");
	is_int(RQ(6, 0x24, IPMI_PRIV_OPERATOR, 0x04, 0x01, 0x00, 0x10, 0x2C, 0x01),
	    0, "set watchdog: SMS/OS, hard reset, 30 s");
	is_int(req(6, 0x25, IPMI_PRIV_USER, NULL, 0, 0), 0, "get watchdog");
	ok(last_len == 8 && last_rsp[0] == 0x04 && last_rsp[1] == 0x01 &&
	    last_rsp[4] == 0x2C && last_rsp[5] == 0x01 && last_rsp[6] == 0 &&
	    last_rsp[7] == 0, "stopped, countdown 300");
	is_int(req(6, 0x22, IPMI_PRIV_OPERATOR, NULL, 0, 0), 0, "reset watchdog");
	req(6, 0x25, IPMI_PRIV_USER, NULL, 0, 0);
	ok(last_rsp[0] == 0x44 && (last_rsp[6] | last_rsp[7] << 8) > 290,
	    "running, present countdown near 300");
	is_int(RQ(6, 0x24, IPMI_PRIV_OPERATOR, 0x04, 0x00, 0x00, 0x10, 0x2C, 0x01),
	    0, "set without don't-stop stops it");
	req(6, 0x25, IPMI_PRIV_USER, NULL, 0, 0);
	is_int(last_rsp[0], 0x04, "stopped");
	is_int(RQ(6, 0x24, IPMI_PRIV_OPERATOR, 0x04, 0x01, 50, 0x10, 0x64, 0x00),
	    IPMI_CC_INVALID_FIELD, "pre-timeout longer than countdown: CCh");
	is_int(RQ(6, 0x24, IPMI_PRIV_OPERATOR, 0x00, 0x01, 0, 0, 0x64, 0x00),
	    IPMI_CC_INVALID_FIELD, "timer use 0: CCh");

	/* channel */
	is_int(RQ(6, 0x42, IPMI_PRIV_USER, 0x0E), 0, "channel info 0Eh");
	ok(last_len == 9 && last_rsp[0] == 1 && last_rsp[1] == 0x04 &&
	    last_rsp[3] == 0x81, "channel 1, 802.3 LAN, multi-session, 1 active");
	is_int(RQ(6, 0x42, IPMI_PRIV_USER, 0x05), IPMI_CC_INVALID_FIELD,
	    "channel 5 does not exist");
	is_int(RQ(6, 0x40, IPMI_PRIV_ADMIN, 0x01, 0x62, 0x44), 0,
	    "set non-volatile access");
	is_int(RQ(6, 0x40, IPMI_PRIV_ADMIN, 0x01, 0x82, 0x83), 0,
	    "set volatile access");
	RQ(6, 0x41, IPMI_PRIV_USER, 0x0E, 0x80);
	ok(last_rsp[0] == 0x02 && last_rsp[1] == 0x03, "volatile reads back");
	RQ(6, 0x41, IPMI_PRIV_USER, 0x0E, 0x40);
	ok(last_rsp[0] == 0x22 && last_rsp[1] == 0x04, "non-volatile unchanged");

	/* the serial/modem channel 2 */
	is_int(RQ(6, 0x42, IPMI_PRIV_USER, 0x02), 0, "channel info 2");
	ok(last_len == 9 && last_rsp[0] == 2 && last_rsp[1] == 0x05 &&
	    last_rsp[3] == 0x40, "channel 2, RS-232, single-session");
	is_int(RQ(6, 0x40, IPMI_PRIV_ADMIN, 0x02, 0x82, 0x83), 0,
	    "set channel 2 volatile access");
	RQ(6, 0x41, IPMI_PRIV_USER, 0x02, 0x80);
	ok(last_rsp[0] == 0x02 && last_rsp[1] == 0x03, "channel 2 reads back");
	RQ(6, 0x41, IPMI_PRIV_USER, 0x0E, 0x80);
	ok(last_rsp[0] == 0x02 && last_rsp[1] == 0x03, "channel 1 its own");
	is_int(RQ(0x0C, 0x11, IPMI_PRIV_OPERATOR, 0x02, 0x03, 0, 0), 0,
	    "serial parameter 3");
	ok(last_len == 2 && last_rsp[0] == 0x11 && last_rsp[1] == 0x81,
	    "direct connect, basic mode");
	is_int(RQ(0x0C, 0x11, IPMI_PRIV_OPERATOR, 0x01, 0x03, 0, 0),
	    IPMI_CC_INVALID_FIELD, "serial parameters of channel 1: CCh");
	is_int(RQ(0x0C, 0x10, IPMI_PRIV_ADMIN, 0x02, 0x07, 0x00, 0x09), 0,
	    "set serial parameter 7: 57600, no flow control");
	RQ(0x0C, 0x11, IPMI_PRIV_OPERATOR, 0x02, 0x07, 0, 0);
	ok(last_len == 3 && last_rsp[1] == 0x00 && last_rsp[2] == 0x09,
	    "reads back");
	is_int(RQ(0x0C, 0x10, IPMI_PRIV_ADMIN, 0x02, 0x07, 0x00, 0x0F),
	    IPMI_CC_INVALID_FIELD, "bit rate 15: CCh");
	is_int(RQ(0x0C, 0x10, IPMI_PRIV_ADMIN, 0x02, 0x07, 0x00),
	    IPMI_CC_REQ_LEN_INVALID, "parameter 7 with 1 byte: C7h");
	is_int(RQ(0x0C, 0x11, IPMI_PRIV_OPERATOR, 0x02, 0x0A, 0, 0),
	    IPMI_CC_PARAM_UNSUPPORTED, "serial parameter 10: 80h");

	/* channel security keys */
	is_int(RQ(6, 0x56, IPMI_PRIV_ADMIN, 0x01, 0x00, 0x01), 0, "read K_G");
	ok(last_len == 21 && last_rsp[0] == 0, "not lockable, 20 key bytes");
	is_int(RQ(6, 0x56, IPMI_PRIV_ADMIN, 0x01, 0x01, 0x01, 1, 2, 3),
	    0x81, "set K_G with 3 bytes: 81h");
	is_int(RQ(6, 0x56, IPMI_PRIV_ADMIN, 0x01, 0x02, 0x01),
	    IPMI_CC_INVALID_FIELD, "lock: CCh");
	is_int(RQ(6, 0x56, IPMI_PRIV_ADMIN, 0x01, 0x00, 0x02),
	    IPMI_CC_INVALID_FIELD, "key id 2: CCh");

	/* DCMI MC identifier string */
	strlcpy(d.cmd->mci, "srv1", sizeof(d.cmd->mci));
	is_int(RQ(0x2C, 0x09, IPMI_PRIV_USER, 0xDC, 0, 16), 0, "get MCI");
	ok(last_len == 18 && last_rsp[0] == 0xDC && last_rsp[1] == 5 &&
	    memcmp(&last_rsp[2], "srv1", 5) == 0, "srv1 and its NUL, length 5");
	is_int(RQ(0x2C, 0x09, IPMI_PRIV_USER, 0xDC, 0, 17),
	    IPMI_CC_PARAM_OUT_OF_RANGE, "get 17 bytes: C9h");
	is_int(RQ(0x2C, 0x0A, IPMI_PRIV_ADMIN, 0xDC, 0, 3, 'a', 'b', 0), 0,
	    "set \"ab\"");
	ok(last_len == 2 && last_rsp[1] == 3, "total length 3");
	ok(strcmp(d.cmd->mci, "ab") == 0, "stored");
	is_int(RQ(0x2C, 0x0A, IPMI_PRIV_ADMIN, 0xDC, 63, 2, 'x', 'y'),
	    IPMI_CC_PARAM_OUT_OF_RANGE, "past 64 bytes: C9h");
	is_int(RQ(0x2C, 0x0A, IPMI_PRIV_ADMIN, 0xDC, 0, 2, 'x'),
	    IPMI_CC_REQ_LEN_INVALID, "count 2 with 1 byte: C7h");
	is_int(RQ(0x2C, 0x0A, IPMI_PRIV_ADMIN, 0xDC, 0, 1, 0x1B),
	    IPMI_CC_INVALID_FIELD, "ESC: CCh");
	ok(strcmp(d.cmd->mci, "ab") == 0, "unchanged");

	/* users from the cache */
	d.users[2].used = 1;
	d.users[2].id = 2;
	strlcpy(d.users[2].name, "admin", sizeof(d.users[2].name));
	d.users[2].namelen = 5;
	strlcpy(d.users[2].pass, "password", sizeof(d.users[2].pass));
	d.users[2].passlen = 8;
	d.users[2].priv = IPMI_PRIV_ADMIN;
	d.users[2].enabled = 1;
	is_int(RQ(6, 0x44, IPMI_PRIV_OPERATOR, 0x0E, 0x02), 0, "user access 2");
	ok(last_len == 4 && last_rsp[0] == 15 && last_rsp[1] == 0x41 &&
	    last_rsp[2] == 1 && last_rsp[3] == 0x34, "15 ids, enabled, ADMIN");
	RQ(6, 0x44, IPMI_PRIV_OPERATOR, 0x0E, 0x05);
	ok(last_rsp[1] == 0x81 && last_rsp[3] == 0x0F,
	    "unused id: disabled, no access");
	is_int(RQ(6, 0x44, IPMI_PRIV_OPERATOR, 0x0E, 0x00),
	    IPMI_CC_INVALID_FIELD, "user id 0: CCh");
	is_int(RQ(6, 0x46, IPMI_PRIV_OPERATOR, 0x02), 0, "user name 2");
	ok(last_len == 16 && memcmp(last_rsp, "admin\0\0\0", 8) == 0, "admin");
	RQ(6, 0x46, IPMI_PRIV_OPERATOR, 0x07);
	ok(last_len == 16 && last_rsp[0] == 0, "unused id: empty name");
	is_int(RQ(6, 0x47, IPMI_PRIV_ADMIN, 0x02, 0x03, 'p', 'a', 's', 's',
	    'w', 'o', 'r', 'd', 0, 0, 0, 0, 0, 0, 0, 0), 0, "test password ok");
	is_int(RQ(6, 0x47, IPMI_PRIV_ADMIN, 0x02, 0x03, 'p', 'a', 's', 's',
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), IPMI_CC_PW_TEST_FAILED,
	    "test wrong password: 80h");
	is_int(RQ(6, 0x47, IPMI_PRIV_ADMIN, 0x82, 0x03, 'p', 'a', 's', 's',
	    'w', 'o', 'r', 'd', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0,
	    "test password, 20-byte form");
	is_int(RQ(6, 0x47, IPMI_PRIV_ADMIN, 0x02, 0x01), IPMI_CC_NOT_SUPPORTED_STATE,
	    "enable user, short form: to powerd");
	is_int(RQ(6, 0x47, IPMI_PRIV_ADMIN, 0x01, 0x01), IPMI_CC_INVALID_FIELD,
	    "user 1 (anonymous) cannot be changed");
	is_int(RQ(6, 0x43, IPMI_PRIV_ADMIN, 0x91, 0x02, 0x05, 0),
	    IPMI_CC_INVALID_FIELD, "privilege OEM: CCh");

	/* payload access */
	is_int(RQ(6, 0x4D, IPMI_PRIV_OPERATOR, 0x0E, 0x02), 0, "payload access");
	ok(last_len == 4 && last_rsp[0] == 0x02, "SOL allowed by default");
	ok(solparam_user_sol(&d, 2), "solparam_user_sol agrees");
	is_int(RQ(6, 0x4C, IPMI_PRIV_ADMIN, 0x0E, 0x42, 0x02, 0, 0, 0), 0,
	    "disable SOL for user 2");
	RQ(6, 0x4D, IPMI_PRIV_OPERATOR, 0x0E, 0x02);
	ok(last_len == 4 && last_rsp[0] == 0, "SOL disabled");
	ok(!solparam_user_sol(&d, 2), "solparam_user_sol agrees");
	is_int(RQ(6, 0x4C, IPMI_PRIV_ADMIN, 0x0E, 0x02, 0x02, 0, 0, 0), 0,
	    "enable it again");
	ok(solparam_user_sol(&d, 2), "allowed again");
	is_int(RQ(6, 0x4C, IPMI_PRIV_ADMIN, 0x0E, 0x02, 0x04, 0, 0, 0),
	    IPMI_CC_INVALID_FIELD, "payload type 2: CCh");

	/* system info: a 20-character name spans two sets */
	is_int(RQ(6, 0x58, IPMI_PRIV_ADMIN, 0x02, 0x00, 0x00, 20, 'a', 'b', 'c',
	    'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'), 0,
	    "set system name, set 0");
	is_int(RQ(6, 0x58, IPMI_PRIV_ADMIN, 0x02, 0x01, 'o', 'p', 'q', 'r',
	    's', 't', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0, "set system name, set 1");
	is_int(RQ(6, 0x59, IPMI_PRIV_USER, 0x00, 0x02, 0x00, 0x00), 0,
	    "get system name, set 0");
	ok(last_len == 18 && last_rsp[0] == 0x11 && last_rsp[1] == 0 &&
	    last_rsp[2] == 0 && last_rsp[3] == 20 &&
	    memcmp(&last_rsp[4], "abcdefghijklmn", 14) == 0, "set 0 reads back");
	RQ(6, 0x59, IPMI_PRIV_USER, 0x00, 0x02, 0x01, 0x00);
	ok(last_len == 18 && last_rsp[1] == 1 &&
	    memcmp(&last_rsp[2], "opqrst\0", 7) == 0, "set 1 reads back");
	is_int(RQ(6, 0x59, IPMI_PRIV_USER, 0x00, 0x02, 0x04, 0x00),
	    IPMI_CC_PARAM_OUT_OF_RANGE, "set 4 is out of range");
	is_int(RQ(6, 0x59, IPMI_PRIV_USER, 0x00, 0x07, 0x00, 0x00),
	    IPMI_CC_PARAM_UNSUPPORTED, "param 7: 80h");
	is_int(RQ(6, 0x59, IPMI_PRIV_USER, 0x00, 0x01, 0x00, 0x00),
	    IPMI_CC_NOT_SUPPORTED_STATE, "firmware version comes from powerd");
	is_int(RQ(6, 0x58, IPMI_PRIV_ADMIN, 0x02, 0x00, 0x00, 63, 'a', 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 0), IPMI_CC_INVALID_FIELD,
	    "63 characters do not fit 4 sets");

	/* LAN and SOL parameters */
	is_int(RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x81, 0x03, 0, 0), 0,
	    "LAN revision only");
	ok(last_len == 1 && last_rsp[0] == 0x11, "revision 11h");
	is_int(RQ(0x0C, 0x01, IPMI_PRIV_ADMIN, 0x01, 0x03, 10, 1, 2, 3), 0,
	    "set IP");
	RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x0E, 0x03, 0, 0);
	ok(last_len == 5 && memcmp(&last_rsp[1], A(10, 1, 2, 3), 4) == 0,
	    "IP reads back");
	RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x01, 22, 0, 0);
	ok(last_len == 2 && last_rsp[1] == 2, "2 cipher suites");
	RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x01, 23, 0, 0);
	ok(last_len == 4 && last_rsp[2] == 3 && last_rsp[3] == 17,
	    "suites 3, 17");
	RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x01, 24, 0, 0);
	ok(last_len == 10 && last_rsp[2] == 0x00 && last_rsp[3] == 0x40 &&
	    last_rsp[9] == 0, "privilege nibbles by suite id: 3 ADMIN, 17 none");
	is_int(RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x01, 26, 0, 0),
	    IPMI_CC_NOT_SUPPORTED_STATE,
	    "bad password threshold is powerd's lockout: D5h");
	is_int(RQ(0x0C, 0x01, IPMI_PRIV_ADMIN, 0x01, 26, 1, 5, 6, 0, 6),
	    IPMI_CC_REQ_LEN_INVALID, "bad password threshold: 6 bytes");
	is_int(RQ(0x0C, 0x01, IPMI_PRIV_ADMIN, 0x01, 26, 1, 5, 6, 0, 0xC1,
	    0x21), IPMI_CC_PARAM_OUT_OF_RANGE, "lockout 8641 units: C9h");
	is_int(RQ(0x0C, 0x01, IPMI_PRIV_ADMIN, 0x01, 26, 2, 5, 6, 0, 6, 0),
	    IPMI_CC_PARAM_OUT_OF_RANGE, "reserved bits: C9h");
	is_int(RQ(0x0C, 0x01, IPMI_PRIV_ADMIN, 0x01, 26, 1, 5, 0xC0, 0x21, 6,
	    0), IPMI_CC_NOT_SUPPORTED_STATE, "8640 units fit: to powerd");
	is_int(RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x01, 99, 0, 0),
	    IPMI_CC_PARAM_UNSUPPORTED, "LAN param 99: 80h");
	is_int(RQ(0x0C, 0x01, IPMI_PRIV_ADMIN, 0x01, 23, 3),
	    IPMI_CC_PARAM_READ_ONLY, "LAN param 23 read-only: 82h");
	is_int(RQ(0x0C, 0x02, IPMI_PRIV_ADMIN, 0x02, 0x03, 0, 0),
	    IPMI_CC_INVALID_FIELD, "LAN channel 2: CCh");
	is_int(RQ(0x0C, 0x21, IPMI_PRIV_ADMIN, 0x0E, 0x01, 0x00), 0,
	    "SOL disable");
	RQ(0x0C, 0x22, IPMI_PRIV_USER, 0x0E, 0x01, 0, 0);
	ok(last_len == 2 && last_rsp[1] == 0, "SOL disabled reads back");
	ok(solparam_get(&d) != NULL && solparam_get(&d)->enabled == 0,
	    "solparam_get sees it");
	solparam_set_port(&d, 6230);
	RQ(0x0C, 0x22, IPMI_PRIV_USER, 0x0E, 0x08, 0, 0);
	ok(last_len == 3 && (last_rsp[1] | last_rsp[2] << 8) == 6230,
	    "SOL port from the transport");
	is_int(RQ(0x0C, 0x21, IPMI_PRIV_ADMIN, 0x0E, 0x05, 0x03),
	    IPMI_CC_INVALID_FIELD, "SOL bit rate 3: CCh");
	is_int(RQ(0x0C, 0x22, IPMI_PRIV_USER, 0x0E, 0x09, 0, 0),
	    IPMI_CC_PARAM_UNSUPPORTED, "SOL param 9: 80h");

	/* SEL reservations and clear */
	is_int(req(0x0A, 0x42, IPMI_PRIV_USER, NULL, 0, 0), 0, "reserve SEL");
	{
		uint8_t r0 = last_rsp[0], r1 = last_rsp[1];

		is_int(RQ(0x0A, 0x47, IPMI_PRIV_OPERATOR, r0 ^ 1, r1, 'C', 'L',
		    'R', 0xAA), IPMI_CC_RESV_CANCELLED, "clear, wrong reservation: C5h");
		is_int(RQ(0x0A, 0x47, IPMI_PRIV_OPERATOR, r0, r1, 'C', 'L',
		    'X', 0xAA), IPMI_CC_INVALID_FIELD, "clear without CLR: CCh");
		is_int(RQ(0x0A, 0x47, IPMI_PRIV_OPERATOR, r0, r1, 'C', 'L',
		    'R', 0x00), 0, "clear status");
		ok(last_len == 1 && last_rsp[0] == 0x01, "erasure completed");
		is_int(RQ(0x0A, 0x47, IPMI_PRIV_OPERATOR, r0, r1, 'C', 'L',
		    'R', 0xAA), IPMI_CC_NOT_SUPPORTED_STATE, "clear: to powerd");
		is_int(RQ(0x0A, 0x43, IPMI_PRIV_USER, r0 ^ 1, r1, 0, 0, 2, 4),
		    IPMI_CC_RESV_CANCELLED, "partial SEL read, wrong reservation");
	}
	is_int(RQ(0x0A, 0x11, IPMI_PRIV_USER, 0x01, 0, 0, 16),
	    IPMI_CC_NOT_PRESENT, "FRU device 1: CBh");
	is_int(req(0x0A, 0x21, IPMI_PRIV_USER, NULL, 0, 0), 0, "SDR alloc info");
	is_int(last_len, 9, "9 bytes");
}

int
main(void)
{
	d.loop = ev_default_loop(0);
	strlcpy(d.conf.server, "srv1", sizeof(d.conf.server));
	d.conf.suites[0] = 3;
	d.conf.suites[1] = 17;
	d.conf.nsuites = 2;
	d.conf.ipmi15 = 1;
	if (cmd_init(&d) == -1)
		return 1;
	test_unknown_and_priv();
	test_truncation();
	test_all_lengths();
	test_boot_codec();
	test_local_state();
	cmd_fini(&d);
	ev_loop_destroy(d.loop);
	return done_testing();
}
