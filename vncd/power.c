/* power.c: powerd's power events (no-signal screen) and the server's name. */
/* SPDX-License-Identifier: ISC */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "evpdc.h"
#include "log.h"
#include "pdmsg.h"
#include "util.h"
#include "vncd.h"

/*
 * doc/protocol.md: "subscribe" streams power events; "status" gives the
 * power state after each (re)connect, "inventory" the server's name for
 * the desktop name.  While powerd is away the power is unknown and the
 * picture follows the console source alone.
 */
#define POWER_TIMEOUT_MS	5000

static enum vncd_power
power_parse(const char *s)
{
	if (s == NULL)
		return VNCD_POWER_UNKNOWN;
	if (strcmp(s, "off") == 0)
		return VNCD_POWER_OFF;
	if (strcmp(s, "on") == 0 || strcmp(s, "powering-off") == 0 ||
	    strcmp(s, "powering-on") == 0)
		return VNCD_POWER_ON;
	return VNCD_POWER_UNKNOWN;
}

static void
power_set(struct vncd *v, enum vncd_power p)
{
	if (p == v->power)
		return;
	log_info("server %s power %s", v->server, p == VNCD_POWER_ON ? "on" :
	    p == VNCD_POWER_OFF ? "off" : "unknown");
	/* a new boot starts on a clean screen, as a monitor shows it */
	if (v->power == VNCD_POWER_OFF && p == VNCD_POWER_ON &&
	    v->mode == VNCD_CONSOLE)
		vt_init(&v->vt);
	__atomic_store_n(&v->power, p, __ATOMIC_RELEASE);
	if (v->mode == VNCD_CONSOLE)
		vncd_show(v);
	else
		proxy_input(v, NULL);		/* the upstream thread looks */
}

static void
power_status_cb(void *arg, cJSON *reply, int fd)
{
	struct vncd	*v = arg;

	if (fd != -1)
		close(fd);
	if (reply == NULL || !pdmsg_ok(reply)) {
		log_debug("powerd status: %s", reply == NULL ? "no reply" :
		    pdmsg_str(reply, "message", "?"));
		return;
	}
	power_set(v, power_parse(pdmsg_str(reply, "power", NULL)));
}

/*
 * The inventory reply is the largest thing vncd parses (some 60 kB of
 * cJSON for one name), and glibc keeps the heap pages it freed: once it
 * is freed, give them back (an idle vncd's heap: 72 -> 40 kB).
 */
static ev_timer	power_trim;

static void
power_trim_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	UNUSED(loop);
	UNUSED(w);
	UNUSED(revents);
	(void)malloc_trim(0);
}

static void
power_inventory_cb(void *arg, cJSON *reply, int fd)
{
	struct vncd	*v = arg;
	cJSON		*inv;
	const char	*name;

	if (fd != -1)
		close(fd);
	/* -M: thousands of replies on one big heap; not each a walk of it */
	if (!v->agg && !ev_is_active(&power_trim)) {
		ev_timer_init(&power_trim, power_trim_cb, 0., 0.);
		ev_timer_start(v->loop, &power_trim);
	}
	if (reply == NULL || !pdmsg_ok(reply))
		return;
	inv = cJSON_GetObjectItemCaseSensitive(reply, "inventory");
	if ((name = pdmsg_str(inv, "name", NULL)) != NULL && name[0] != '\0' &&
	    strcmp(name, rfb_name(v)) != 0) {
		log_info("desktop name %s", name);
		rfb_set_name(v, name);
	}
}

static void
power_ask(struct vncd *v, const char *op, evpdc_reply_cb cb)
{
	cJSON	*req;

	if ((req = pdmsg_request(0, op, v->server)) == NULL)
		return;
	cJSON_AddStringToObject(req, "by", "vncd");
	evpdc_call(v->pdc, req, POWER_TIMEOUT_MS, cb, v);
}

static void
power_event_cb(void *arg, cJSON *ev)
{
	struct vncd	*v = arg;
	const char	*server;

	if (strcmp(pdmsg_str(ev, "event", ""), "power") != 0)
		return;
	server = pdmsg_str(ev, "server", NULL);
	if (server != NULL && strcmp(server, v->server) != 0)
		return;
	power_set(v, power_parse(pdmsg_str(ev, "power", NULL)));
}

static void
power_sub_state_cb(void *arg, int connected)
{
	struct vncd	*v = arg;

	if (connected) {
		/* events only tell changes: ask where we stand */
		power_ask(v, "status", power_status_cb);
		power_ask(v, "inventory", power_inventory_cb);
	} else
		power_set(v, VNCD_POWER_UNKNOWN);
}

int
power_init(struct vncd *v)
{
	if (v->pdsock == NULL)
		return 0;
	if ((v->pdc = evpdc_new(v->loop, v->pdsock, NULL, v)) == NULL ||
	    (v->pdsub = evpdc_subscribe(v->loop, v->pdsock, v->server,
	    power_event_cb, power_sub_state_cb, v)) == NULL) {
		log_warn("powerd client");
		return -1;
	}
	return 0;
}

void
power_fini(struct vncd *v)
{
	if (v->loop != NULL)
		ev_timer_stop(v->loop, &power_trim);
	evpdc_free(v->pdsub);
	evpdc_free(v->pdc);
	v->pdsub = v->pdc = NULL;
}

/*
 * -M: per distinct powerd socket one subscriber to every server's events
 * and one request connection, shared by the servers that use it; events
 * go to their server by its id.
 */
struct power_grp {
	const char	 *path;
	struct evpdc	 *sub, *pdc;
	struct vncd	**vs;
	int		  nvs;
};

static struct power_grp	*power_grps;
static int		 power_ngrps;
static struct vncd	*(*power_find)(const char *);

static void
power_all_event_cb(void *arg, cJSON *ev)
{
	struct power_grp	*g = arg;
	struct vncd		*v;
	const char		*server;

	if (strcmp(pdmsg_str(ev, "event", ""), "power") != 0 ||
	    (server = pdmsg_str(ev, "server", NULL)) == NULL ||
	    (v = power_find(server)) == NULL || v->pdgrp != g)
		return;
	power_set(v, power_parse(pdmsg_str(ev, "power", NULL)));
}

static void
power_all_state_cb(void *arg, int connected)
{
	struct power_grp	*g = arg;
	int			 i;

	for (i = 0; i < g->nvs; i++)
		power_sub_state_cb(g->vs[i], connected);
}

int
power_init_all(struct ev_loop *loop, struct vncd **vs, int n,
    struct vncd *(*find)(const char *))
{
	struct power_grp	*g;
	int			 i, j;

	power_find = find;
	if ((power_grps = calloc((size_t)n, sizeof(*power_grps))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (vs[i]->pdsock == NULL)
			continue;
		for (j = 0; j < power_ngrps; j++)
			if (strcmp(power_grps[j].path, vs[i]->pdsock) == 0)
				break;
		g = &power_grps[j];
		if (j == power_ngrps) {
			power_ngrps++;
			g->path = vs[i]->pdsock;
		}
		vs[i]->pdgrp = g;
		g->nvs++;
	}
	for (j = 0; j < power_ngrps; j++) {
		g = &power_grps[j];
		if ((g->vs = calloc((size_t)g->nvs, sizeof(*g->vs))) == NULL)
			return -1;
		g->nvs = 0;
	}
	for (i = 0; i < n; i++)
		if ((g = vs[i]->pdgrp) != NULL)
			g->vs[g->nvs++] = vs[i];
	for (j = 0; j < power_ngrps; j++) {
		g = &power_grps[j];
		if ((g->pdc = evpdc_new(loop, g->path, NULL, g)) == NULL ||
		    (g->sub = evpdc_subscribe(loop, g->path, NULL,
		    power_all_event_cb, power_all_state_cb, g)) == NULL) {
			log_warn("powerd client %s", g->path);
			return -1;
		}
		for (i = 0; i < g->nvs; i++)
			g->vs[i]->pdc = g->pdc;
	}
	return 0;
}

void
power_fini_all(void)
{
	int	j;

	for (j = 0; j < power_ngrps; j++) {
		evpdc_free(power_grps[j].sub);
		evpdc_free(power_grps[j].pdc);
		free(power_grps[j].vs);
	}
	free(power_grps);
	power_grps = NULL;
	power_ngrps = 0;
}
