/* state.c: a server's persistent model, its JSON state file and accounts; pure. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util.h"
#include "state.h"

static const char *powers[] = {
	"off", "on", "powering-on", "powering-off", "unknown"
};
static const char *targets[] = {
	"none", "pxe", "hdd", "cd", "usb", "floppy", "bios", "diags",
	"uefi-shell", "uefi-target", "uefi-http"
};
static const char *enables[] = { "disabled", "once", "continuous" };
static const char *modes[] = { "uefi", "legacy" };
static const char *causes[] = {
	"unknown", "chassis-control", "reset-button", "power-button",
	"watchdog", "oem", "always-on-restore", "previous-restore",
	"soft-reset", "os"
};
static const char *plexcs[] = { "none", "off", "log" };

static int
lookup(const char **tab, size_t n, const char *s)
{
	size_t	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(s, tab[i]) == 0)
			return (int)i;
	return -1;
}

#define STR(tab, v)	((v) >= 0 && (size_t)(v) < nitems(tab) ? tab[v] : \
			    "unknown")
#define PARSE(tab, s)	lookup(tab, nitems(tab), s)

const char *pd_power_str(int v) { return STR(powers, v); }
const char *pd_boot_target_str(int v) { return STR(targets, v); }
int pd_boot_target_parse(const char *s) { return PARSE(targets, s); }
const char *pd_boot_enabled_str(int v) { return STR(enables, v); }
int pd_boot_enabled_parse(const char *s) { return PARSE(enables, s); }
const char *pd_boot_mode_str(int v) { return STR(modes, v); }
int pd_boot_mode_parse(const char *s) { return PARSE(modes, s); }
const char *pd_cause_str(int v) { return STR(causes, v); }
int pd_cause_parse(const char *s) { return PARSE(causes, s); }
const char *pd_plexc_str(int v) { return STR(plexcs, v); }
int pd_plexc_parse(const char *s) { return PARSE(plexcs, s); }

void
state_init(struct pd_state *st, const struct lab *lab,
    const struct lab_server *srv, const struct lab_acct *slots)
{
	int	i;

	memset(st, 0, sizeof(*st));
	st->power = PD_PWR_OFF;
	st->policy = srv->policy;
	st->boot.mode = PD_BOOTMODE_UEFI;
	st->media.write_protected = 1;
	st->plimit.limit_w = 400;
	st->plimit.correction_ms = 1000;
	st->plimit.sampling_s = 1;
	st->lockout.threshold = lab->lockout_threshold;
	st->lockout.duration = lab->lockout_duration;
	st->lockout.reset_after = lab->lockout_reset;
	hw_init(&st->hw, srv);
	sel_init(&st->sel, (size_t)(lab->sel_max > 0 ? lab->sel_max :
	    LAB_SEL_MAX));
	for (i = LAB_ACCT_MIN_ID; slots != NULL && i <= LAB_ACCT_MAX_ID; i++) {
		if (slots[i].name[0] == '\0')
			continue;
		strlcpy(st->acct[i].name, slots[i].name,
		    sizeof(st->acct[i].name));
		strlcpy(st->acct[i].password, slots[i].password,
		    sizeof(st->acct[i].password));
		st->acct[i].role = slots[i].role;
		st->acct[i].enabled = slots[i].enabled;
	}
}

void
state_free(struct pd_state *st)
{
	sel_free(&st->sel);
	util_zeroize(st->acct, sizeof(st->acct));
}

static cJSON *
sel_row(const struct sel_entry *se)
{
	cJSON	*ent, *e;
	char	 hex[SEL_REC_LEN * 2 + 1];

	util_hex_encode(se->rec, SEL_REC_LEN, hex);
	if ((ent = cJSON_CreateArray()) == NULL)
		return NULL;
	if ((e = cJSON_CreateNumber(se->id)) == NULL)
		goto fail;
	cJSON_AddItemToArray(ent, e);
	if ((e = cJSON_CreateNumber(se->time)) == NULL)
		goto fail;
	cJSON_AddItemToArray(ent, e);
	if ((e = cJSON_CreateString(hex)) == NULL)
		goto fail;
	cJSON_AddItemToArray(ent, e);
	if ((e = cJSON_CreateString(sel_sev_str(se->sev))) == NULL)
		goto fail;
	cJSON_AddItemToArray(ent, e);
	if ((e = cJSON_CreateString(sel_origin_str(se->origin))) == NULL)
		goto fail;
	cJSON_AddItemToArray(ent, e);
	if ((e = cJSON_CreateString(se->msg)) == NULL)
		goto fail;
	cJSON_AddItemToArray(ent, e);
	return ent;
fail:
	cJSON_Delete(ent);
	return NULL;
}

char *
state_sel_line(const struct sel_entry *se, size_t *len)
{
	cJSON	*row;
	char	*txt, *out = NULL;
	size_t	 n;

	if ((row = sel_row(se)) == NULL)
		return NULL;
	if ((txt = cJSON_PrintUnformatted(row)) != NULL) {
		n = strlen(txt);
		if ((out = malloc(n + 2)) != NULL) {
			memcpy(out, txt, n);
			out[n] = '\n';
			out[n + 1] = '\0';
			*len = n + 1;
		}
	}
	cJSON_free(txt);
	cJSON_Delete(row);
	return out;
}

char *
state_encode(const struct pd_state *st, const char *server, int with_entries,
    size_t *len)
{
	cJSON			*o = NULL, *b, *a, *e, *s, *ent;
	char			*txt = NULL, *out = NULL;
	size_t			 i, n;
	int			 id;

	if ((o = cJSON_CreateObject()) == NULL ||
	    cJSON_AddNumberToObject(o, "version", STATE_VERSION) == NULL ||
	    cJSON_AddStringToObject(o, "server", server) == NULL ||
	    cJSON_AddStringToObject(o, "power", pd_power_str(st->power)) ==
	    NULL ||
	    cJSON_AddStringToObject(o, "policy", lab_policy_str(st->policy)) ==
	    NULL ||
	    (b = cJSON_AddObjectToObject(o, "boot")) == NULL ||
	    cJSON_AddStringToObject(b, "target",
	    pd_boot_target_str(st->boot.target)) == NULL ||
	    cJSON_AddStringToObject(b, "enabled",
	    pd_boot_enabled_str(st->boot.enabled)) == NULL ||
	    cJSON_AddStringToObject(b, "mode",
	    pd_boot_mode_str(st->boot.mode)) == NULL ||
	    cJSON_AddStringToObject(b, "uefi_target", st->boot.uefi_target) ==
	    NULL ||
	    cJSON_AddNumberToObject(o, "last_reset", (double)st->last_reset) ==
	    NULL ||
	    cJSON_AddStringToObject(o, "restart_cause",
	    pd_cause_str(st->restart_cause)) == NULL ||
	    cJSON_AddNumberToObject(o, "poh_ms", (double)st->poh_ms) == NULL ||
	    (b = cJSON_AddObjectToObject(o, "media")) == NULL ||
	    cJSON_AddBoolToObject(b, "inserted", st->media.inserted) == NULL ||
	    cJSON_AddBoolToObject(b, "write_protected",
	    st->media.write_protected) == NULL ||
	    cJSON_AddStringToObject(b, "image", st->media.image) == NULL ||
	    (b = cJSON_AddObjectToObject(o, "power_limit")) == NULL ||
	    cJSON_AddBoolToObject(b, "active", st->plimit.active) == NULL ||
	    cJSON_AddNumberToObject(b, "limit_w", st->plimit.limit_w) == NULL ||
	    cJSON_AddNumberToObject(b, "correction_ms",
	    st->plimit.correction_ms) == NULL ||
	    cJSON_AddNumberToObject(b, "sampling_s", st->plimit.sampling_s) ==
	    NULL ||
	    cJSON_AddStringToObject(b, "exception",
	    pd_plexc_str(st->plimit.exception)) == NULL ||
	    (a = cJSON_AddArrayToObject(o, "accounts")) == NULL)
		goto out;
	for (id = LAB_ACCT_MIN_ID; id <= LAB_ACCT_MAX_ID; id++) {
		if (st->acct[id].name[0] == '\0')
			continue;
		if ((e = cJSON_CreateObject()) == NULL)
			goto out;
		cJSON_AddItemToArray(a, e);
		if (cJSON_AddNumberToObject(e, "id", id) == NULL ||
		    cJSON_AddStringToObject(e, "name", st->acct[id].name) ==
		    NULL ||
		    cJSON_AddStringToObject(e, "password",
		    st->acct[id].password) == NULL ||
		    cJSON_AddStringToObject(e, "role",
		    lab_role_str(st->acct[id].role)) == NULL ||
		    cJSON_AddBoolToObject(e, "enabled", st->acct[id].enabled) ==
		    NULL)
			goto out;
	}
	if ((b = cJSON_AddObjectToObject(o, "lockout")) == NULL ||
	    cJSON_AddNumberToObject(b, "threshold", st->lockout.threshold) ==
	    NULL ||
	    cJSON_AddNumberToObject(b, "duration", st->lockout.duration) ==
	    NULL ||
	    cJSON_AddNumberToObject(b, "reset_after",
	    st->lockout.reset_after) == NULL)
		goto out;
	if ((s = cJSON_AddObjectToObject(o, "sel")) == NULL ||
	    cJSON_AddNumberToObject(s, "next_id", st->sel.next_id) == NULL ||
	    cJSON_AddNumberToObject(s, "last_add", (double)st->sel.last_add) ==
	    NULL ||
	    cJSON_AddNumberToObject(s, "last_erase",
	    (double)st->sel.last_erase) == NULL ||
	    cJSON_AddBoolToObject(s, "overflow", st->sel.overflow) == NULL ||
	    cJSON_AddNumberToObject(s, "offset", (double)st->sel.offset) ==
	    NULL ||
	    (a = cJSON_AddArrayToObject(s, "entries")) == NULL)
		goto out;
	if ((e = hw_state_json(&st->hw)) == NULL)
		goto out;
	cJSON_AddItemToObject(o, "hw", e);
	/* compact rows: [id, time, record, severity, origin, message] */
	n = with_entries ? st->sel.count : 0;
	for (i = 0; i < n; i++) {
		if ((ent = sel_row(sel_at(&st->sel, i))) == NULL)
			goto out;
		cJSON_AddItemToArray(a, ent);
	}
	if ((txt = cJSON_PrintUnformatted(o)) == NULL)
		goto out;
	n = strlen(txt);
	if ((out = malloc(n + 2)) == NULL)
		goto out;
	memcpy(out, txt, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	*len = n + 1;
out:
	cJSON_free(txt);
	cJSON_Delete(o);
	return out;
}

/* decoding helpers: each returns 0 or -1 with err set */
struct dec {
	char	*err;
	size_t	 errlen;
};

static int
dfail(struct dec *d, const char *what)
{
	snprintf(d->err, d->errlen, "%s", what);
	return -1;
}

static const cJSON *
dget(const cJSON *o, const char *k, int type)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (v == NULL || (v->type & 0xff) != type)
		return NULL;
	return v;
}

static int
dnum(struct dec *d, const cJSON *o, const char *k, double min, double max,
    int64_t *out)
{
	const cJSON	*v = dget(o, k, cJSON_Number);

	if (v == NULL || v->valuedouble < min || v->valuedouble > max ||
	    v->valuedouble != (double)(int64_t)v->valuedouble) {
		snprintf(d->err, d->errlen, "bad or missing \"%s\"", k);
		return -1;
	}
	*out = (int64_t)v->valuedouble;
	return 0;
}

static int
dbool(struct dec *d, const cJSON *o, const char *k, int *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!cJSON_IsBool(v)) {
		snprintf(d->err, d->errlen, "bad or missing \"%s\"", k);
		return -1;
	}
	*out = cJSON_IsTrue(v);
	return 0;
}

static int
dstr(struct dec *d, const cJSON *o, const char *k, char *out, size_t outlen)
{
	const cJSON	*v = dget(o, k, cJSON_String);

	if (v == NULL || strlcpy(out, v->valuestring, outlen) >= outlen) {
		snprintf(d->err, d->errlen, "bad or missing \"%s\"", k);
		return -1;
	}
	return 0;
}

static int
denum(struct dec *d, const cJSON *o, const char *k, int (*parse)(const char *),
    int *out)
{
	const cJSON	*v = dget(o, k, cJSON_String);

	if (v == NULL || (*out = parse(v->valuestring)) == -1) {
		snprintf(d->err, d->errlen, "bad or missing \"%s\"", k);
		return -1;
	}
	return 0;
}

static int
power_parse(const char *s)
{
	if (strcmp(s, "on") == 0)
		return PD_PWR_ON;
	if (strcmp(s, "off") == 0)
		return PD_PWR_OFF;
	return -1;
}

static int
decode_accounts(struct dec *d, const cJSON *arr, struct pd_state *st)
{
	const cJSON	*e;
	int64_t		 id;
	struct pd_acct	 a;

	if (!cJSON_IsArray(arr))
		return dfail(d, "bad or missing \"accounts\"");
	memset(st->acct, 0, sizeof(st->acct));
	cJSON_ArrayForEach(e, arr) {
		memset(&a, 0, sizeof(a));
		if (!cJSON_IsObject(e) ||
		    dnum(d, e, "id", LAB_ACCT_MIN_ID, LAB_ACCT_MAX_ID, &id) ==
		    -1 ||
		    dstr(d, e, "name", a.name, sizeof(a.name)) == -1 ||
		    dstr(d, e, "password", a.password, sizeof(a.password)) ==
		    -1 ||
		    denum(d, e, "role", lab_role_parse, &a.role) == -1 ||
		    dbool(d, e, "enabled", &a.enabled) == -1)
			return dfail(d, "bad account entry");
		if (a.name[0] == '\0' || st->acct[id].name[0] != '\0')
			return dfail(d, "bad or duplicate account id");
		st->acct[id] = a;
	}
	return 0;
}

static int
row_decode(const cJSON *row, struct sel_entry *se)
{
	const cJSON	*v[6];
	int		 i, sev, org;

	memset(se, 0, sizeof(*se));
	if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != 6)
		return BMC_EPROTO;
	for (i = 0; i < 6; i++)
		v[i] = cJSON_GetArrayItem(row, i);
	if (!cJSON_IsNumber(v[0]) || v[0]->valuedouble < 1 ||
	    v[0]->valuedouble > SEL_ID_MAX ||
	    !cJSON_IsNumber(v[1]) || v[1]->valuedouble < 0 ||
	    v[1]->valuedouble > 4294967295.0 ||
	    !cJSON_IsString(v[2]) || !cJSON_IsString(v[3]) ||
	    !cJSON_IsString(v[4]) || !cJSON_IsString(v[5]) ||
	    strlen(v[2]->valuestring) != SEL_REC_LEN * 2 ||
	    util_hex_decode(v[2]->valuestring, se->rec, SEL_REC_LEN) !=
	    SEL_REC_LEN ||
	    (sev = sel_sev_parse(v[3]->valuestring)) == -1 ||
	    (org = sel_origin_parse(v[4]->valuestring)) == -1 ||
	    strlen(v[5]->valuestring) > SEL_MSG_MAX)
		return BMC_EPROTO;
	se->id = (uint16_t)v[0]->valuedouble;
	se->time = (uint32_t)v[1]->valuedouble;
	se->sev = (uint8_t)sev;
	se->origin = (uint8_t)org;
	strlcpy(se->msg, v[5]->valuestring, sizeof(se->msg));
	return 0;
}

int
state_sel_parse_line(const char *buf, size_t len, struct sel_entry *se)
{
	cJSON	*row;
	int	 rv;

	if ((row = cJSON_ParseWithLength(buf, len)) == NULL)
		return BMC_EPROTO;
	rv = row_decode(row, se);
	cJSON_Delete(row);
	return rv;
}

static int
decode_sel(struct dec *d, const cJSON *s, struct pd_state *st)
{
	const cJSON		*arr, *row;
	struct sel_entry	 se;
	int64_t			 n;

	if (!cJSON_IsObject(s))
		return dfail(d, "bad or missing \"sel\"");
	if (dnum(d, s, "next_id", 1, SEL_ID_MAX, &n) == -1)
		return -1;
	st->sel.next_id = (uint16_t)n;
	if (dnum(d, s, "last_add", 0, 4294967295.0, &st->sel.last_add) == -1 ||
	    dnum(d, s, "last_erase", 0, 4294967295.0, &st->sel.last_erase) ==
	    -1 ||
	    dbool(d, s, "overflow", &st->sel.overflow) == -1 ||
	    dnum(d, s, "offset", -4294967296.0, 4294967296.0,
	    &st->sel.offset) == -1)
		return -1;
	/* the entries may live in a file of their own (state_sel_line) */
	if ((arr = cJSON_GetObjectItemCaseSensitive(s, "entries")) == NULL)
		return 0;
	if (!cJSON_IsArray(arr))
		return dfail(d, "bad \"entries\"");
	cJSON_ArrayForEach(row, arr) {
		if (row_decode(row, &se) != 0 ||
		    sel_restore(&st->sel, &se) != 0)
			return dfail(d, "bad SEL entry");
	}
	return 0;
}

int
state_decode(const char *buf, size_t len, struct pd_state *st, char *err,
    size_t errlen)
{
	struct dec	 d = { err, errlen };
	cJSON		*o = NULL;
	const cJSON	*b;
	int64_t		 v;
	int		 rv = BMC_EPROTO;

	if ((o = cJSON_ParseWithLength(buf, len)) == NULL ||
	    !cJSON_IsObject(o)) {
		dfail(&d, "not a JSON object");
		goto out;
	}
	if (dnum(&d, o, "version", STATE_VERSION, STATE_VERSION, &v) == -1 ||
	    denum(&d, o, "power", power_parse, &st->power) == -1 ||
	    denum(&d, o, "policy", lab_policy_parse, &st->policy) == -1)
		goto out;
	if ((b = dget(o, "boot", cJSON_Object)) == NULL) {
		dfail(&d, "bad or missing \"boot\"");
		goto out;
	}
	if (denum(&d, b, "target", pd_boot_target_parse, &st->boot.target) ==
	    -1 ||
	    denum(&d, b, "enabled", pd_boot_enabled_parse, &st->boot.enabled) ==
	    -1 ||
	    denum(&d, b, "mode", pd_boot_mode_parse, &st->boot.mode) == -1 ||
	    dstr(&d, b, "uefi_target", st->boot.uefi_target,
	    sizeof(st->boot.uefi_target)) == -1 ||
	    dnum(&d, o, "last_reset", 0, 1e15, &st->last_reset) == -1 ||
	    denum(&d, o, "restart_cause", pd_cause_parse,
	    &st->restart_cause) == -1 ||
	    dnum(&d, o, "poh_ms", 0, 1e15, &st->poh_ms) == -1)
		goto out;
	if ((b = dget(o, "media", cJSON_Object)) == NULL) {
		dfail(&d, "bad or missing \"media\"");
		goto out;
	}
	if (dbool(&d, b, "inserted", &st->media.inserted) == -1 ||
	    dbool(&d, b, "write_protected", &st->media.write_protected) ==
	    -1 ||
	    dstr(&d, b, "image", st->media.image, sizeof(st->media.image)) ==
	    -1)
		goto out;
	if ((b = dget(o, "power_limit", cJSON_Object)) == NULL) {
		dfail(&d, "bad or missing \"power_limit\"");
		goto out;
	}
	if (dbool(&d, b, "active", &st->plimit.active) == -1 ||
	    dnum(&d, b, "limit_w", 0, 65535, &v) == -1)
		goto out;
	st->plimit.limit_w = (int)v;
	if (dnum(&d, b, "correction_ms", 0, 4294967295.0, &v) == -1)
		goto out;
	st->plimit.correction_ms = (int)v;
	if (dnum(&d, b, "sampling_s", 0, 65535, &v) == -1)
		goto out;
	st->plimit.sampling_s = (int)v;
	if (denum(&d, b, "exception", pd_plexc_parse,
	    &st->plimit.exception) == -1 ||
	    decode_accounts(&d,
	    cJSON_GetObjectItemCaseSensitive(o, "accounts"), st) == -1 ||
	    decode_sel(&d, cJSON_GetObjectItemCaseSensitive(o, "sel"), st) ==
	    -1 ||
	    hw_state_decode(&st->hw, cJSON_GetObjectItemCaseSensitive(o,
	    "hw"), err, errlen) == -1)
		goto out;
	/* files older than the lockout keep the lab's values */
	if ((b = cJSON_GetObjectItemCaseSensitive(o, "lockout")) != NULL) {
		if (!cJSON_IsObject(b) ||
		    dnum(&d, b, "threshold", 0, 255, &v) == -1)
			goto bad_lockout;
		st->lockout.threshold = (int)v;
		if (dnum(&d, b, "duration", 0, LAB_LOCKOUT_MAX, &v) == -1)
			goto bad_lockout;
		st->lockout.duration = (int)v;
		if (dnum(&d, b, "reset_after", 1, LAB_LOCKOUT_MAX, &v) == -1)
			goto bad_lockout;
		st->lockout.reset_after = (int)v;
	}
	rv = 0;
	goto out;
bad_lockout:
	dfail(&d, "bad \"lockout\"");
out:
	cJSON_Delete(o);
	return rv;
}

/* Accounts */

int
acct_find(const struct pd_state *st, const char *name)
{
	int	i;

	for (i = LAB_ACCT_MIN_ID; i <= LAB_ACCT_MAX_ID; i++)
		if (st->acct[i].name[0] != '\0' &&
		    strcmp(st->acct[i].name, name) == 0)
			return i;
	return -1;
}

int
acct_admins(const struct pd_state *st, int except_id)
{
	int	i, n = 0;

	for (i = LAB_ACCT_MIN_ID; i <= LAB_ACCT_MAX_ID; i++)
		if (i != except_id && st->acct[i].name[0] != '\0' &&
		    st->acct[i].enabled && st->acct[i].role == LAB_ROLE_ADMIN)
			n++;
	return n;
}

/*
 * Printable ASCII without ':' (Basic auth's separator): every front end
 * and the powerd protocol (strict UTF-8, common/json.c) carry it unchanged.
 */
static int
valid_name(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0 || n > LAB_ACCT_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] >= 0x7f ||
		    s[i] == ':')
			return 0;
	return 1;
}

int
acct_add(struct pd_state *st, int id, const char *name, const char *pw,
    int role, int enabled, const char **why)
{
	if (!valid_name(name) || (pw != NULL && strlen(pw) >
	    LAB_ACCT_PASS_MAX) || role < 0 || role > LAB_ROLE_NOACCESS) {
		*why = "bad-request";
		return BMC_EINVAL;
	}
	if (acct_find(st, name) != -1) {
		*why = "exists";
		return BMC_EINVAL;
	}
	if (id == 0) {
		for (id = LAB_ACCT_MIN_ID; id <= LAB_ACCT_MAX_ID; id++)
			if (st->acct[id].name[0] == '\0')
				break;
		if (id > LAB_ACCT_MAX_ID) {
			*why = "full";
			return BMC_ERANGE;
		}
	} else if (id < LAB_ACCT_MIN_ID || id > LAB_ACCT_MAX_ID) {
		*why = "bad-request";
		return BMC_ERANGE;
	} else if (st->acct[id].name[0] != '\0') {
		*why = "exists";
		return BMC_EINVAL;
	}
	memset(&st->acct[id], 0, sizeof(st->acct[id]));
	strlcpy(st->acct[id].name, name, sizeof(st->acct[id].name));
	if (pw != NULL)
		strlcpy(st->acct[id].password, pw,
		    sizeof(st->acct[id].password));
	st->acct[id].role = role;
	st->acct[id].enabled = enabled;
	return id;
}

int
acct_set(struct pd_state *st, int id, const char *name, const char *pw,
    int role, int enabled, const char **why)
{
	struct pd_acct	*a;
	int		 other, was_admin, is_admin;

	if (id < LAB_ACCT_MIN_ID || id > LAB_ACCT_MAX_ID) {
		*why = "not-found";
		return BMC_ENOENT;
	}
	a = &st->acct[id];
	if (name != NULL && name[0] == '\0')
		return acct_delete(st, id, why);
	if (a->name[0] == '\0' && name == NULL) {
		*why = "not-found";
		return BMC_ENOENT;
	}
	if ((name != NULL && !valid_name(name)) ||
	    (pw != NULL && strlen(pw) > LAB_ACCT_PASS_MAX) ||
	    role > LAB_ROLE_NOACCESS) {
		*why = "bad-request";
		return BMC_EINVAL;
	}
	if (name != NULL && (other = acct_find(st, name)) != -1 &&
	    other != id) {
		*why = "exists";
		return BMC_EINVAL;
	}
	was_admin = a->name[0] != '\0' && a->enabled &&
	    a->role == LAB_ROLE_ADMIN;
	is_admin = (enabled >= 0 ? enabled : a->enabled) &&
	    (role >= 0 ? role : a->role) == LAB_ROLE_ADMIN;
	if (was_admin && !is_admin && acct_admins(st, id) == 0) {
		*why = "denied";
		return BMC_EINVAL;
	}
	if (a->name[0] == '\0') {
		/* IPMI Set User Name on a free slot creates the user */
		memset(a, 0, sizeof(*a));
		a->role = LAB_ROLE_NOACCESS;
	}
	if (name != NULL)
		strlcpy(a->name, name, sizeof(a->name));
	if (pw != NULL) {
		memset(a->password, 0, sizeof(a->password));
		strlcpy(a->password, pw, sizeof(a->password));
	}
	if (role >= 0)
		a->role = role;
	if (enabled >= 0)
		a->enabled = enabled;
	return id;
}

int
acct_delete(struct pd_state *st, int id, const char **why)
{
	struct pd_acct	*a;

	if (id < LAB_ACCT_MIN_ID || id > LAB_ACCT_MAX_ID ||
	    st->acct[id].name[0] == '\0') {
		*why = "not-found";
		return BMC_ENOENT;
	}
	a = &st->acct[id];
	if (a->enabled && a->role == LAB_ROLE_ADMIN &&
	    acct_admins(st, id) == 0) {
		*why = "denied";
		return BMC_EINVAL;
	}
	util_zeroize(a, sizeof(*a));
	return 0;
}
