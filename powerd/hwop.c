/* hwop.c: the hw op and the hardware model's changes at reset: SEL, log, state (glue). */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "util.h"
#include "powerd.h"

/* actions, in req.c's order */
enum {
	HA_GET, HA_BIOS_SET, HA_BIOS_CLEAR, HA_BIOS_RESET, HA_BIOS_PASSWORD,
	HA_BOOT_ORDER, HA_BOOT_ORDER_DEFAULT, HA_SECURE_BOOT, HA_SB_RESET,
	HA_VOL_CREATE, HA_VOL_DELETE, HA_FW_STAGE, HA_HTTP_URI
};

/* System Event 00h (system reconfigured), logged and in the SEL */
static void
changed(struct pd_srv *s, int origin, const char *by, const char *what)
{
	char	msg[SEL_MSG_MAX + 1];

	log_info("%s: hw: %s (by %s)", s->cfg->id, what, by != NULL ? by :
	    "powerd");
	snprintf(msg, sizeof(msg), "%s", what);
	pd_sel_event(s, SEL_ST_SYSTEM_EVENT, SEL_SN_SYSTEM, SEL_DIR_ASSERT,
	    0x00, SEL_SEV_OK, origin, msg);
	pd_dirty(s);
}

static const char *
jstr(const cJSON *req, const char *k, int *bad)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(req, k);

	if (v == NULL)
		return NULL;
	if (!cJSON_IsString(v)) {
		*bad = 1;
		return NULL;
	}
	return v->valuestring;
}

/* "apply": "immediate" (default) or "reset"; -1 bad */
static int
apply_now(const cJSON *req)
{
	int		 bad = 0;
	const char	*a = jstr(req, "apply", &bad);

	if (bad)
		return -1;
	if (a == NULL || strcmp(a, "immediate") == 0)
		return 1;
	return strcmp(a, "reset") == 0 ? 0 : -1;
}

cJSON *
pd_hw_op(struct pd_srv *s, const cJSON *req, long id, int action,
    const char *by, int origin)
{
	struct hw	*h = &s->st.hw;
	const char	*tok = "bad-request", *a1, *a2, *a3;
	char		 msg[200], what[600], set[400], vol[24] = "";
	const cJSON	*v;
	int		 bad = 0, rv = 0, now, num;
	cJSON		*r, *j;

	what[0] = '\0';
	switch (action) {
	case HA_GET:
		break;
	case HA_BIOS_SET:
		if ((rv = hw_bios_set(h, cJSON_GetObjectItemCaseSensitive(req,
		    "attributes"), set, sizeof(set), &tok, msg,
		    sizeof(msg))) == 0 && set[0] != '\0')
			snprintf(what, sizeof(what), "BIOS pending: %s", set);
		break;
	case HA_BIOS_CLEAR:
		h->pend_set = 0;
		memset(h->pend, 0, sizeof(h->pend));
		snprintf(what, sizeof(what), "BIOS pending settings cleared");
		break;
	case HA_BIOS_RESET:
		h->reset_pending = 1;
		snprintf(what, sizeof(what), "BIOS defaults at next reset");
		break;
	case HA_BIOS_PASSWORD:
		a1 = jstr(req, "name", &bad);
		a2 = jstr(req, "old", &bad);
		a3 = jstr(req, "new", &bad);
		if (bad) {
			rv = -1;
			snprintf(msg, sizeof(msg), "bios-password: \"name\", "
			    "\"old\" and \"new\" are strings");
			break;
		}
		if ((rv = hw_bios_password(h, a1, a2, a3, &tok, msg,
		    sizeof(msg))) == 0)
			snprintf(what, sizeof(what), "BIOS %s changed", a1);
		break;
	case HA_BOOT_ORDER:
		if ((rv = hw_boot_order(h, cJSON_GetObjectItemCaseSensitive(req,
		    "order"), &tok, msg, sizeof(msg))) == 0)
			snprintf(what, sizeof(what), "Boot order changed");
		break;
	case HA_BOOT_ORDER_DEFAULT:
		hw_boot_order_default(h);
		snprintf(what, sizeof(what), "Boot order set to default");
		break;
	case HA_SECURE_BOOT:
		v = cJSON_GetObjectItemCaseSensitive(req, "enabled");
		if (!cJSON_IsBool(v)) {
			rv = -1;
			snprintf(msg, sizeof(msg), "secure-boot needs "
			    "\"enabled\" true or false");
		} else if (cJSON_IsTrue(v) && h->sb_keys[HW_SB_PK] == 0) {
			rv = -1;
			snprintf(msg, sizeof(msg), "no platform key (setup "
			    "mode): reset the keys to default first");
		} else {
			h->sb_pending = cJSON_IsTrue(v);
			snprintf(what, sizeof(what), "Secure Boot %s at next "
			    "reset", h->sb_pending ? "enabled" : "disabled");
		}
		break;
	case HA_SB_RESET:
		a1 = jstr(req, "keys", &bad);
		if ((rv = hw_secure_boot_reset(h, a1, &tok, msg,
		    sizeof(msg))) == 0)
			snprintf(what, sizeof(what), "Secure Boot keys: %s",
			    a1);
		break;
	case HA_VOL_CREATE:
		a1 = jstr(req, "storage", &bad);
		a2 = jstr(req, "raid", &bad);
		a3 = jstr(req, "name", &bad);
		if (bad || (now = apply_now(req)) == -1) {
			rv = -1;
			snprintf(msg, sizeof(msg), "volume-create: "
			    "\"storage\", \"raid\", \"name\" are strings, "
			    "\"apply\" immediate or reset");
			break;
		}
		if ((rv = hw_volume_create(h, a1, a2,
		    cJSON_GetObjectItemCaseSensitive(req, "drives"), a3, now,
		    &num, &tok, msg, sizeof(msg))) == 0) {
			snprintf(vol, sizeof(vol), "Volume%d", num);
			snprintf(what, sizeof(what), "%s (%s) %s", vol, a2,
			    now ? "created" : "to be created at next reset");
		}
		break;
	case HA_VOL_DELETE:
		a1 = jstr(req, "storage", &bad);
		a2 = jstr(req, "volume", &bad);
		if (bad || (now = apply_now(req)) == -1) {
			rv = -1;
			snprintf(msg, sizeof(msg), "volume-delete: "
			    "\"storage\", \"volume\" are strings, "
			    "\"apply\" immediate or reset");
			break;
		}
		if ((rv = hw_volume_delete(h, a1, a2, now, &tok, msg,
		    sizeof(msg))) == 0)
			snprintf(what, sizeof(what), "%s %s", a2, now ?
			    "deleted" : "to be deleted at next reset");
		break;
	case HA_FW_STAGE:
		a1 = jstr(req, "component", &bad);
		a2 = jstr(req, "version", &bad);
		if ((rv = hw_firmware_stage(h, a1, a2, &tok, msg,
		    sizeof(msg))) >= 0) {
			snprintf(what, sizeof(what), rv == 1 ? "Firmware "
			    "update: %s %s done" : "Firmware %s %s staged for "
			    "next reset", a1, a2);
			rv = 0;
		}
		break;
	case HA_HTTP_URI:
		a1 = jstr(req, "uri", &bad);
		if (bad || a1 == NULL || strlcpy(h->http_uri, a1,
		    sizeof(h->http_uri)) >= sizeof(h->http_uri)) {
			h->http_uri[0] = '\0';
			rv = -1;
			snprintf(msg, sizeof(msg), "http-boot-uri needs \"uri\""
			    " (at most %d bytes)", HW_VAL_MAX);
			break;
		}
		snprintf(what, sizeof(what), "HTTP boot URI set");
		break;
	default:
		return pdmsg_error(id, "unknown-action", "hw: unknown action");
	}
	if (rv != 0)
		return pdmsg_error(id, tok, "%s", msg);
	if (what[0] != '\0')
		changed(s, origin, by, what);
	if ((r = pdmsg_reply(id, 1)) == NULL)
		return NULL;
	if ((j = hw_json(h)) != NULL)
		cJSON_AddItemToObject(r, "hw", j);
	if (vol[0] != '\0')
		cJSON_AddStringToObject(r, "volume", vol);
	return r;
}

static void
note(void *arg, const char *what)
{
	struct pd_srv	*s = arg;

	changed(s, SEL_ORG_POWERD, "reset", what);
}

/* At power-on or reset, before the one-shot override is consumed. */
void
pd_hw_boot(struct pd_srv *s)
{
	struct pd_state	*st = &s->st;

	hw_apply(&st->hw, note, s);
	hw_boot_text(&st->hw, st->boot.enabled != PD_BOOTEN_DISABLED ?
	    st->boot.target : 0, st->media.inserted ? st->media.image : NULL,
	    st->boot.uefi_target);
}
