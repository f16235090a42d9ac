/* facts.c: the boot facts both the docker and exec backends pass on. */
/* SPDX-License-Identifier: ISC */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "powerd.h"
#include "facts.h"

/* the option the firmware will boot, as hw_boot_text picks it; NULL none */
static const struct hw_bootopt *
boot_choice(const struct hw *h, int override, struct hw_bootopt *o)
{
	const char	*want = NULL;
	int		 n, i, j;

	switch (override) {
	case PD_BOOT_NONE:
		break;
	case PD_BOOT_PXE:
		want = "pxe";
		break;
	case PD_BOOT_HDD:
		want = "hdd";
		break;
	case PD_BOOT_CD:
		want = "cd";
		break;
	case PD_BOOT_UEFI_HTTP:
		want = "http";
		break;
	default:
		return NULL;		/* setup, shell …: no boot option */
	}
	n = hw_boot_options(h, o);
	for (i = 0; i < h->norder; i++)
		for (j = 0; j < n; j++)
			if (o[j].num == h->order[i] && (want == NULL ||
			    strcmp(o[j].target, want) == 0))
				return &o[j];
	return NULL;
}

void
facts_boot(const struct pd_srv *s, const char *action, facts_put put,
    void *arg)
{
	const struct hw		*h = &s->st.hw;
	struct hw_bootopt	 o[HW_BOOT_MAX];
	const struct hw_bootopt	*b;
	const char		*v, *bios;
	char			 name[64], num[16];
	int			 a, i, ov;

	ov = s->st.boot.enabled != PD_BOOTEN_DISABLED ? s->st.boot.target : 0;
	put(arg, "BMCSIM_SERVER", s->cfg->id);
	put(arg, "BMCSIM_ACTION", action);
	put(arg, "BMCSIM_CONTAINER", s->cfg->container);
	put(arg, "BMCSIM_BOOT_DEVICE", hw_next_boot(h, ov));
	put(arg, "BMCSIM_SECURE_BOOT", (h->sb_pending != -1 ? h->sb_pending :
	    h->sb_enabled) ? "on" : "off");
	put(arg, "BMCSIM_MEDIA_URL", s->st.media.inserted ?
	    s->st.media.image : "");
	b = boot_choice(h, ov, o);
	if (b != NULL)
		snprintf(num, sizeof(num), "Boot%04X", b->num);
	put(arg, "BMCSIM_BOOT_OPTION", b != NULL ? num : "");
	put(arg, "BMCSIM_BOOT_TARGET", b != NULL ? b->target : "");
	put(arg, "BMCSIM_BOOT_NAME", b != NULL ? b->name : "");
	v = "";
	if (b != NULL && strncmp(b->device, "NIC", 3) == 0 &&
	    (i = atoi(b->device + 3)) >= 0 && i < h->nnic)
		v = h->mac[i][0];
	put(arg, "BMCSIM_BOOT_MAC", v);
	v = "";
	for (a = 0; a < HW_ATTR_N; a++) {
		snprintf(name, sizeof(name), "BMCSIM_BIOS_%s",
		    hw_attrs[a].name);
		bios = h->pend_set & (1u << a) ? h->pend[a] :
		    h->reset_pending ? h->def[a] : h->cur[a];
		put(arg, name, bios);
		if (a == hw_attr_find("HttpDev1Uri"))
			v = bios;
	}
	/* the URI as hw_boot_text prints it */
	put(arg, "BMCSIM_BOOT_URI", b == NULL || strcmp(b->target, "http") !=
	    0 ? "" : s->st.boot.uefi_target[0] != '\0' ?
	    s->st.boot.uefi_target : h->http_uri[0] != '\0' ? h->http_uri : v);
}
