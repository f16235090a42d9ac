/* cmd_storage.c: storage commands (IPMI v2.0 ch. 31, 33, 34): FRU, SDR repository, SEL. */
/* SPDX-License-Identifier: ISC */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "util.h"
#include "rbuf.h"
#include "pdmsg.h"
#include "fru.h"
#include "cmd.h"

#define SEL_VERSION		0x51
#define SEL_REC_LEN		16
#define SEL_FIRST		0x0000
#define SEL_LAST		0xFFFF
#define SEL_CLEAR_INITIATE	0xAA
#define SEL_CLEAR_STATUS	0x00
#define SEL_ERASE_DONE		0x01
#define SEL_LIST_MAX		1024
#define SDR_VERSION		0x51
#define SDR_UNIT		64	/* allocation unit size (bytes) */

static ev_tstamp
now(const struct ipmid *ipmid)
{
	return ev_now(ipmid->loop);
}

/* --- FRU (ch. 34): one FRU device, 0, built from powerd's inventory --- */

static int
fru_refresh(struct ipmid *ipmid, const cJSON *r)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct fru_info		 fi;
	int			 n;

	fru_info_from_json(cJSON_GetObjectItemCaseSensitive(r, "inventory"),
	    &fi);
	if ((n = fru_build(&fi, cs->fru, sizeof(cs->fru))) < 0)
		return -1;
	cs->fru_len = n;
	cs->fru_at = now(ipmid);
	return 0;
}

static int
fru_dev_ok(struct ipmid *ipmid, struct ipmi_call *call, size_t len)
{
	if (call->len != len) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return 0;
	}
	if (call->req[0] != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return 0;
	}
	return 1;
}

/* Get FRU Inventory Area Info (table 34-2): size LE16, byte access */
static void
fru_info_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t	out[3];

	if (fru_refresh(ipmid, r) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_UNSPECIFIED, NULL, 0);
		return;
	}
	out[0] = ipmid->cmd->fru_len & 0xFF;
	out[1] = ipmid->cmd->fru_len >> 8;
	out[2] = 0x00;
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

static void
fru_area_info(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (!fru_dev_ok(ipmid, call, 1))
		return;
	cmd_pd(ipmid, call, cmd_req(ipmid, "inventory", NULL), fru_info_done);
}

/* Read FRU Data (table 34-3): device, offset LE16, count -> count, data */
static void
fru_read_serve(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 out[IPMI_MSG_MAX];
	uint16_t		 off;
	size_t			 n;

	off = call->req[1] | call->req[2] << 8;
	n = call->req[3];
	if (off >= cs->fru_len) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
		return;
	}
	if (n > cs->fru_len - off)
		n = cs->fru_len - off;
	if (n > sizeof(out) - 1)
		n = sizeof(out) - 1;
	out[0] = n;
	memcpy(&out[1], &cs->fru[off], n);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, n + 1);
}

static void
fru_read_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	if (fru_refresh(ipmid, r) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_UNSPECIFIED, NULL, 0);
		return;
	}
	fru_read_serve(ipmid, call);
}

static void
fru_read(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;

	if (!fru_dev_ok(ipmid, call, 4))
		return;
	if (call->req[3] == 0) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (cs->fru_len > 0 && now(ipmid) - cs->fru_at < CMD_CACHE_S) {
		fru_read_serve(ipmid, call);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "inventory", NULL), fru_read_done);
}

/* --- SDR repository (ch. 33), built from powerd's sensors --- */

const struct sdr_sensor *
cmd_sdr_known(const struct ipmid *ipmid, uint8_t num)
{
	const struct cmd_state	*cs = ipmid->cmd;
	int			 i;

	for (i = 0; i < cs->nknown; i++)
		if (cs->known[i].num == num)
			return &cs->known[i];
	return NULL;
}

/*
 * powerd leaves out thresholds that do not apply at the moment (fans and
 * rails while off).  A record keeps every threshold seen so far, and
 * learning one does not count as an addition: a new "most recent
 * addition" time would make FreeIPMI call its SDR cache out of date after
 * every power-on.  Returns 1 if the sensor is new.
 */
static int
sdr_merge(struct cmd_state *cs, const struct sdr_sensor *s)
{
	struct sdr_sensor	*k;
	int			 i, j;

	for (i = 0; i < cs->nknown; i++)
		if (cs->known[i].num == s->num)
			break;
	if (i == cs->nknown) {
		if (cs->nknown >= CMD_SDR_RECS - 8)
			return 0;
		/* keep known[] sorted by sensor number */
		for (i = cs->nknown; i > 0 && cs->known[i - 1].num > s->num;
		    i--)
			cs->known[i] = cs->known[i - 1];
		cs->known[i] = *s;
		cs->nknown++;
		return 1;
	}
	k = &cs->known[i];
	for (j = 0; j < SDR_NTH; j++)
		if (s->thmask & (1 << j)) {
			k->th[j] = s->th[j];
			k->thmask |= 1 << j;
		}
	return strcmp(k->name, s->name) != 0 || k->stype != s->stype;
}

/*
 * The discrete sensors SEL records name (doc/protocol.md, sel; the
 * watchdog is ours): compact records, so `sel elist` shows names.
 */
static const struct {
	uint8_t		 num;
	const char	*name;
	uint8_t		 stype;
	uint8_t		 entity;
	uint16_t	 mask;
} sdr_discrete[] = {
	{ 0x60, "Power Unit", 0x09, 0x15, 0x0011 },
	{ 0x61, "System Boot", 0x1D, 0x07, 0x0042 },
	{ 0x62, "OS Stop", 0x20, 0x07, 0x0008 },
	{ 0x63, "System Event", 0x12, 0x07, 0x0001 },
	{ 0x64, "Event Logging", 0x10, 0x07, 0x0004 },
	{ 0x65, "Critical Intr", 0x13, 0x07, 0x0001 },
	{ CMD_WD_SENSOR, "Watchdog", 0x23, 0x07, 0x000F },
};

int
cmd_sdr_discrete(uint8_t num, uint8_t *stype)
{
	size_t	i;

	for (i = 0; i < nitems(sdr_discrete); i++)
		if (sdr_discrete[i].num == num) {
			if (stype != NULL)
				*stype = sdr_discrete[i].stype;
			return 1;
		}
	return 0;
}

void
cmd_sdr_update(struct ipmid *ipmid, const cJSON *r)
{
	struct cmd_state	*cs = ipmid->cmd;
	const cJSON		*arr, *o;
	struct sdr_sensor	 s;
	uint8_t			 rec[SDR_REC_MAX];
	int			 i, j, n, nd, len, added = 0;

	if (cs->sdr == NULL &&
	    ((cs->sdr = calloc(CMD_SDR_RECS, sizeof(*cs->sdr))) == NULL ||
	    (cs->known = calloc(CMD_SDR_RECS, sizeof(*cs->known))) == NULL)) {
		log_warn("sdr");
		free(cs->sdr);
		cs->sdr = NULL;
		return;
	}
	arr = cJSON_GetObjectItemCaseSensitive(r, "sensors");
	cJSON_ArrayForEach(o, arr) {
		if (sdr_parse_sensor(o, &s) == 0 &&
		    !cmd_sdr_discrete(s.num, NULL) && sdr_merge(cs, &s))
			added = 1;
	}
	n = 0;
	nd = (int)nitems(sdr_discrete);
	for (i = 0; i <= cs->nknown + nd && n < CMD_SDR_RECS; i++) {
		if (i < cs->nknown)
			len = sdr_full(n + 1, &cs->known[i], rec, sizeof(rec));
		else if (i < cs->nknown + nd) {
			j = i - cs->nknown;
			len = sdr_compact(n + 1, sdr_discrete[j].num,
			    sdr_discrete[j].name, sdr_discrete[j].stype, 0x6F,
			    sdr_discrete[j].entity, sdr_discrete[j].mask, rec,
			    sizeof(rec));
		} else
			len = sdr_mcloc(n + 1, "BMC", rec, sizeof(rec));
		if (len < 0)
			continue;
		if (n >= cs->sdr_n || cs->sdr_len[n] != len ||
		    memcmp(cs->sdr[n], rec, len) != 0) {
			memcpy(cs->sdr[n], rec, len);
			cs->sdr_len[n] = len;
		}
		n++;
	}
	if (n != cs->sdr_n)
		added = 1;
	cs->sdr_n = n;
	cs->sdr_at = now(ipmid);
	if (added) {
		cs->sdr_added = (uint32_t)time(NULL);
		/* records came or went: reservations lapse */
		cs->sdr_rsv_base = ++cs->sdr_rsv;
	}
}

/* Get SDR Repository Info (table 33-3) */
static void
sdr_info_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct cmd_state	*cs = ipmid->cmd;
	uint8_t			 out[14];
	struct wbuf		 wb = WBUF_INIT(out, sizeof(out));

	cmd_sdr_update(ipmid, r);
	wbuf_put_u8(&wb, SDR_VERSION);
	wbuf_put_u16_le(&wb, cs->sdr_n);
	wbuf_put_u16_le(&wb, 0);	/* free space: none (read-only) */
	wbuf_put_u32_le(&wb, cs->sdr_added);
	wbuf_put_u32_le(&wb, 0);		/* never erased */
	wbuf_put_u8(&wb, 0x03);			/* reserve, get alloc info */
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
sdr_info(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sensors", NULL), sdr_info_done);
}

/* Get SDR Repository Allocation Info (table 33-4) */
static void
sdr_alloc(struct ipmid *ipmid, struct ipmi_call *call)
{
	uint8_t		out[9];
	struct wbuf	wb = WBUF_INIT(out, sizeof(out));

	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	wbuf_put_u16_le(&wb, CMD_SDR_RECS);
	wbuf_put_u16_le(&wb, SDR_UNIT);
	wbuf_put_u16_le(&wb, CMD_SDR_RECS - ipmid->cmd->sdr_n);
	wbuf_put_u16_le(&wb, CMD_SDR_RECS - ipmid->cmd->sdr_n);
	wbuf_put_u8(&wb, 1);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static uint16_t
next_rsv(uint16_t *r)
{
	if (++*r == 0)
		*r = 1;
	return *r;
}

static void
reply_u16(struct ipmid *ipmid, struct ipmi_call *call, uint16_t v)
{
	uint8_t	out[2] = { v & 0xFF, v >> 8 };

	ipmi_reply(ipmid, call, IPMI_CC_OK, out, sizeof(out));
}

/*
 * Reserve SDR Repository (33.11).  A new reservation does not cancel the
 * earlier ones, only a change of the repository does: ours is read-only,
 * and with the spec's "last one wins" parallel `ipmitool sdr list` runs
 * cancel each other and ipmitool sleeps up to 3 s after each C5h.
 */
static int
sdr_rsv_ok(const struct cmd_state *cs, uint16_t rsv)
{
	uint16_t	issued = cs->sdr_rsv - cs->sdr_rsv_base;

	return rsv != 0 && (uint16_t)(rsv - cs->sdr_rsv_base) != 0 &&
	    (uint16_t)(rsv - cs->sdr_rsv_base) <= issued;
}

static void
sdr_reserve(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	reply_u16(ipmid, call, next_rsv(&ipmid->cmd->sdr_rsv));
}

/*
 * Get SDR (table 33-5): reservation LE16, record id LE16 (0 first, FFFFh
 * last), offset, count (FFh whole record) -> next id LE16, bytes.
 * Partial reads need the current reservation.
 */
static void
sdr_get_serve(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct rbuf		 rb = RBUF_INIT(call->req, call->len);
	uint8_t			 out[2 + SDR_REC_MAX];
	uint16_t		 rsv, id, next;
	uint8_t			 off, cnt;
	int			 i;

	if (rbuf_get_u16_le(&rb, &rsv) == -1 ||
	    rbuf_get_u16_le(&rb, &id) == -1 ||
	    rbuf_get_u8(&rb, &off) == -1 || rbuf_get_u8(&rb, &cnt) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (off != 0 && !sdr_rsv_ok(cs, rsv)) {
		ipmi_reply(ipmid, call, IPMI_CC_RESV_CANCELLED, NULL, 0);
		return;
	}
	if (cs->sdr_n == 0) {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return;
	}
	if (id == 0)
		i = 0;
	else if (id == 0xFFFF)
		i = cs->sdr_n - 1;
	else
		i = id - 1;
	if (i < 0 || i >= cs->sdr_n) {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return;
	}
	if (off > cs->sdr_len[i]) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
		return;
	}
	if (cnt == 0xFF || cnt > cs->sdr_len[i] - off)
		cnt = cs->sdr_len[i] - off;
	next = i + 1 < cs->sdr_n ? i + 2 : 0xFFFF;
	out[0] = next & 0xFF;
	out[1] = next >> 8;
	memcpy(&out[2], &cs->sdr[i][off], cnt);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, 2 + cnt);
}

static void
sdr_get_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	cmd_sdr_update(ipmid, r);
	sdr_get_serve(ipmid, call);
}

static void
sdr_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;

	if (call->len != 6) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if (cs->sdr_n > 0 && now(ipmid) - cs->sdr_at < CMD_CACHE_S * 6) {
		sdr_get_serve(ipmid, call);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sensors", NULL), sdr_get_done);
}

/* --- SEL (ch. 31), kept by powerd --- */

void
cmd_storage_event(struct ipmid *ipmid, const char *ev)
{
	struct cmd_state	*cs = ipmid->cmd;

	if (strcmp(ev, "sel") == 0) {
		cJSON_Delete(cs->sel);
		cs->sel = NULL;
	} else if (strcmp(ev, "inventory") == 0)
		cs->fru_len = 0;
}

void
cmd_storage_fini(struct ipmid *ipmid)
{
	cJSON_Delete(ipmid->cmd->sel);
	ipmid->cmd->sel = NULL;
	free(ipmid->cmd->sdr);
	free(ipmid->cmd->known);
	ipmid->cmd->sdr = NULL;
	ipmid->cmd->known = NULL;
}

/* Get SEL Info (table 31-2) */
static void
sel_info_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t		out[14];
	struct wbuf	wb = WBUF_INIT(out, sizeof(out));
	double		cnt, fr;

	cnt = pdmsg_num(r, "count", 0);
	fr = pdmsg_num(r, "free", 0);
	wbuf_put_u8(&wb, SEL_VERSION);
	wbuf_put_u16_le(&wb, cnt > 0 && cnt < 0xFFFF ? (uint16_t)cnt : 0);
	wbuf_put_u16_le(&wb, fr > 0 && fr < 0xFFFF ? (uint16_t)fr : 0);
	wbuf_put_u32_le(&wb, (uint32_t)pdmsg_num(r, "last_add", 0xFFFFFFFF));
	wbuf_put_u32_le(&wb, (uint32_t)pdmsg_num(r, "last_erase", 0xFFFFFFFF));
	/* reserve, get alloc info; overflow bit 7 */
	wbuf_put_u8(&wb, 0x03 | (pdmsg_bool(r, "overflow", 0) ? 0x80 : 0));
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
sel_info(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sel", "info"), sel_info_done);
}

/* Get SEL Allocation Info (table 31-3) */
static void
sel_alloc_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t		out[9];
	struct wbuf	wb = WBUF_INIT(out, sizeof(out));
	double		max, cnt, fr;

	max = pdmsg_num(r, "max", SEL_LIST_MAX);
	cnt = pdmsg_num(r, "count", 0);
	if (max < 0 || max > 0xFFFF)
		max = SEL_LIST_MAX;
	fr = max - cnt;
	if (fr < 0 || fr > max)
		fr = 0;
	wbuf_put_u16_le(&wb, (uint16_t)max);
	wbuf_put_u16_le(&wb, SEL_REC_LEN);
	wbuf_put_u16_le(&wb, (uint16_t)fr);
	wbuf_put_u16_le(&wb, (uint16_t)fr);
	wbuf_put_u8(&wb, 1);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
sel_alloc(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sel", "info"), sel_alloc_done);
}

/* Reserve SEL (31.4) */
static void
sel_reserve(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	reply_u16(ipmid, call, next_rsv(&ipmid->cmd->sel_rsv));
}

static uint16_t
entry_id(const cJSON *e)
{
	double	id = pdmsg_num(e, "id", 0);

	return id > 0 && id < 0xFFFF ? (uint16_t)id : 0;
}

/*
 * Get SEL Entry (table 31-5): reservation LE16, record id LE16 (0000h
 * first, FFFFh last), offset, count (FFh: all) -> next id LE16, bytes.
 */
static void
sel_get_serve(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	struct rbuf		 rb = RBUF_INIT(call->req, call->len);
	const cJSON		*e, *nx;
	uint8_t			 rec[SEL_REC_LEN], out[2 + SEL_REC_LEN];
	uint16_t		 rsv, id, next;
	uint8_t			 off, cnt;
	int			 n, i;

	if (rbuf_get_u16_le(&rb, &rsv) == -1 ||
	    rbuf_get_u16_le(&rb, &id) == -1 ||
	    rbuf_get_u8(&rb, &off) == -1 || rbuf_get_u8(&rb, &cnt) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	n = cJSON_GetArraySize(cs->sel);
	e = NULL;
	if (id == SEL_FIRST)
		i = 0;
	else if (id == SEL_LAST)
		i = n - 1;
	else
		for (i = 0; i < n; i++)
			if (entry_id(cJSON_GetArrayItem(cs->sel, i)) == id)
				break;
	if (i >= 0 && i < n)
		e = cJSON_GetArrayItem(cs->sel, i);
	if (e == NULL || util_hex_decode(pdmsg_str(e, "record", ""), rec,
	    sizeof(rec)) != SEL_REC_LEN) {
		ipmi_reply(ipmid, call, IPMI_CC_NOT_PRESENT, NULL, 0);
		return;
	}
	if (off >= SEL_REC_LEN) {
		ipmi_reply(ipmid, call, IPMI_CC_PARAM_OUT_OF_RANGE, NULL, 0);
		return;
	}
	if (cnt == 0xFF || cnt > SEL_REC_LEN - off)
		cnt = SEL_REC_LEN - off;
	nx = i + 1 < n ? cJSON_GetArrayItem(cs->sel, i + 1) : NULL;
	next = nx != NULL ? entry_id(nx) : SEL_LAST;
	out[0] = next & 0xFF;
	out[1] = next >> 8;
	memcpy(&out[2], &rec[off], cnt);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, 2 + cnt);
}

static void
sel_get_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	struct cmd_state	*cs = ipmid->cmd;
	cJSON			*ent;

	ent = cJSON_GetObjectItemCaseSensitive(r, "entries");
	cJSON_Delete(cs->sel);
	cs->sel = cJSON_IsArray(ent) ? cJSON_Duplicate(ent, 1) : NULL;
	if (cs->sel == NULL) {
		ipmi_reply(ipmid, call, IPMI_CC_UNSPECIFIED, NULL, 0);
		return;
	}
	cs->sel_at = now(ipmid);
	sel_get_serve(ipmid, call);
}

static void
sel_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct cmd_state	*cs = ipmid->cmd;
	cJSON			*req;
	uint16_t		 rsv;

	if (call->len != 6) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	rsv = call->req[0] | call->req[1] << 8;
	if ((call->req[4] != 0 || call->req[5] != 0xFF) &&
	    rsv != cs->sel_rsv) {
		ipmi_reply(ipmid, call, IPMI_CC_RESV_CANCELLED, NULL, 0);
		return;
	}
	/* a list that starts over re-reads the SEL; later ids use the copy */
	if (cs->sel != NULL && now(ipmid) - cs->sel_at < CMD_CACHE_S &&
	    !(call->req[2] == 0 && call->req[3] == 0)) {
		sel_get_serve(ipmid, call);
		return;
	}
	if ((req = cmd_req(ipmid, "sel", "list")) != NULL &&
	    (cJSON_AddNumberToObject(req, "start", 0) == NULL ||
	    cJSON_AddNumberToObject(req, "count", SEL_LIST_MAX) == NULL)) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, sel_get_done);
}

/* Add SEL Entry (table 31-6): 16-byte record -> record id LE16 */
static void
sel_add_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	double	id = pdmsg_num(r, "entry_id", 0); /* "id" is the envelope's */

	cJSON_Delete(ipmid->cmd->sel);
	ipmid->cmd->sel = NULL;
	reply_u16(ipmid, call, id > 0 && id < 0xFFFF ? (uint16_t)id : 0);
}

static void
sel_add(struct ipmid *ipmid, struct ipmi_call *call)
{
	char	 hex[2 * SEL_REC_LEN + 1];
	cJSON	*req;

	if (call->len != SEL_REC_LEN) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	util_hex_encode(call->req, SEL_REC_LEN, hex);
	if ((req = cmd_req(ipmid, "sel", "add")) != NULL &&
	    cJSON_AddStringToObject(req, "record", hex) == NULL) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, sel_add_done);
}

/*
 * Clear SEL (table 31-9): reservation LE16, 'C' 'L' 'R', AAh initiate /
 * 00h get status -> erasure progress (01h done: powerd clears at once).
 * The reservation survives so FreeIPMI can poll the status with it.
 */
static void
sel_clear_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	UNUSED(r);
	cJSON_Delete(ipmid->cmd->sel);
	ipmid->cmd->sel = NULL;
	cmd_reply_u8(ipmid, call, SEL_ERASE_DONE);
}

static void
sel_clear(struct ipmid *ipmid, struct ipmi_call *call)
{
	uint16_t	rsv;

	if (call->len != 6) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	rsv = call->req[0] | call->req[1] << 8;
	if (rsv != ipmid->cmd->sel_rsv || rsv == 0) {
		ipmi_reply(ipmid, call, IPMI_CC_RESV_CANCELLED, NULL, 0);
		return;
	}
	if (memcmp(&call->req[2], "CLR", 3) != 0 ||
	    (call->req[5] != SEL_CLEAR_INITIATE &&
	    call->req[5] != SEL_CLEAR_STATUS)) {
		ipmi_reply(ipmid, call, IPMI_CC_INVALID_FIELD, NULL, 0);
		return;
	}
	if (call->req[5] == SEL_CLEAR_STATUS) {
		cmd_reply_u8(ipmid, call, SEL_ERASE_DONE);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sel", "clear"), sel_clear_done);
}

/* Get SEL Time (31.10) / Set SEL Time (31.11): epoch LE32 */
static void
sel_time_done(struct ipmid *ipmid, struct ipmi_call *call, const cJSON *r)
{
	uint8_t		out[4];
	struct wbuf	wb = WBUF_INIT(out, sizeof(out));
	double		t = pdmsg_num(r, "time", 0);

	if (call->cmd == 0x49) {
		ipmi_reply(ipmid, call, IPMI_CC_OK, NULL, 0);
		return;
	}
	wbuf_put_u32_le(&wb, t > 0 && t <= 0xFFFFFFFF ? (uint32_t)t : 0);
	ipmi_reply(ipmid, call, IPMI_CC_OK, out, wb.len);
}

static void
sel_time_get(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	cmd_pd(ipmid, call, cmd_req(ipmid, "sel", "time-get"), sel_time_done);
}

static void
sel_time_set(struct ipmid *ipmid, struct ipmi_call *call)
{
	struct rbuf	 rb = RBUF_INIT(call->req, call->len);
	uint32_t	 t;
	cJSON		*req;

	if (call->len != 4 || rbuf_get_u32_le(&rb, &t) == -1) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	if ((req = cmd_req(ipmid, "sel", "time-set")) != NULL &&
	    cJSON_AddNumberToObject(req, "time", t) == NULL) {
		cJSON_Delete(req);
		req = NULL;
	}
	cmd_pd(ipmid, call, req, sel_time_done);
}

/* Get SEL Time UTC Offset (31.11a): the SEL clock is UTC */
static void
sel_utc(struct ipmid *ipmid, struct ipmi_call *call)
{
	if (call->len != 0) {
		ipmi_reply(ipmid, call, IPMI_CC_REQ_LEN_INVALID, NULL, 0);
		return;
	}
	reply_u16(ipmid, call, 0);
}

const struct cmd_entry cmd_storage_tab[] = {
	{ IPMI_NETFN_STORAGE, 0x10, IPMI_PRIV_USER, fru_area_info },
	{ IPMI_NETFN_STORAGE, 0x11, IPMI_PRIV_USER, fru_read },
	{ IPMI_NETFN_STORAGE, 0x20, IPMI_PRIV_USER, sdr_info },
	{ IPMI_NETFN_STORAGE, 0x21, IPMI_PRIV_USER, sdr_alloc },
	{ IPMI_NETFN_STORAGE, 0x22, IPMI_PRIV_USER, sdr_reserve },
	{ IPMI_NETFN_STORAGE, 0x23, IPMI_PRIV_USER, sdr_get },
	{ IPMI_NETFN_STORAGE, 0x40, IPMI_PRIV_USER, sel_info },
	{ IPMI_NETFN_STORAGE, 0x41, IPMI_PRIV_USER, sel_alloc },
	{ IPMI_NETFN_STORAGE, 0x42, IPMI_PRIV_USER, sel_reserve },
	{ IPMI_NETFN_STORAGE, 0x43, IPMI_PRIV_USER, sel_get },
	{ IPMI_NETFN_STORAGE, 0x44, IPMI_PRIV_OPERATOR, sel_add },
	{ IPMI_NETFN_STORAGE, 0x47, IPMI_PRIV_OPERATOR, sel_clear },
	{ IPMI_NETFN_STORAGE, 0x48, IPMI_PRIV_USER, sel_time_get },
	{ IPMI_NETFN_STORAGE, 0x49, IPMI_PRIV_OPERATOR, sel_time_set },
	{ IPMI_NETFN_STORAGE, 0x5C, IPMI_PRIV_USER, sel_utc },
	{ 0, 0, 0, NULL }
};
