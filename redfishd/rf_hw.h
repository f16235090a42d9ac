/* rf_hw.h: the Redfish resources over powerd's hardware model (pure). */
/* SPDX-License-Identifier: ISC */
#ifndef RF_HW_H
#define RF_HW_H

#include "rf.h"

#define RF_HW_BIOS_REG	"BiosAttributeRegistry"	/* Registries/<this> */
#define RF_HW_PUSH_URI	"/redfish/v1/UpdateService/update-multipart"
#define RF_HW_BIOS_ATTR_MAX 64	/* attributes in one Settings PATCH */

/*
 * The routes of rf_hw.c.  rf_hw_match: 0 and the methods and write
 * privileges of path, or -1 when the path is not ours.  rf_hw_route
 * answers a request whose path rf_hw_match knows (authorisation is done
 * by the caller, as for route.c's own table).
 */
int	 rf_hw_match(const char *path, unsigned *methods, unsigned *wpriv);
void	 rf_hw_route(const struct rf_conf *, const struct rf_ops *,
	    const struct rf_req *, struct rf_resp *);

/* Resources route.c builds that the model fills in further. */
enum rf_hw_ext {
	RF_HW_ROOT,		/* links: UpdateService, Registries */
	RF_HW_SYSTEM,		/* summaries, links, Boot.BootOrder */
	RF_HW_CHASSIS,		/* NetworkAdapters, Links.Drives */
	RF_HW_POWER,		/* legacy Power.PowerSupplies */
	RF_HW_POWERSUB,		/* PowerSubsystem.PowerSupplies */
	RF_HW_THERMALSUB	/* ThermalSubsystem.Fans */
};
/* Asks powerd for the model; without one (an older powerd) o is kept. */
void	 rf_hw_extend(const struct rf_conf *, const struct rf_ops *,
	    enum rf_hw_ext, cJSON *o);
/* System PATCH: Boot.BootOrder of boot (may be NULL); 0, or -1 + resp */
int	 rf_hw_boot_patch(const struct rf_conf *, const struct rf_ops *,
	    const cJSON *boot, struct rf_resp *);

/*
 * Pure builders and translators, hw (SPEC-hw "inventory.hw") in.
 * rf_hw_add_*: fill a resource that route.c made.
 * rf_hw_*_req: a Redfish request body -> the powerd "hw" request
 * (caller frees), or NULL with the Redfish error in resp.
 */
void	 rf_hw_add_system(const char *sys, const cJSON *hw, cJSON *o);
void	 rf_hw_add_chassis(const char *sys, const cJSON *hw, cJSON *o);
void	 rf_hw_add_power(const char *sys, const cJSON *hw, cJSON *o);
cJSON	*rf_hw_bios_req(const cJSON *hw, const cJSON *body,
	    struct rf_resp *);
cJSON	*rf_hw_bootorder_req(const cJSON *hw, const cJSON *order,
	    struct rf_resp *);
/* "…/BIOS-1.1.0.bin" -> comp "BIOS" (or ""), ver "1.1.0"; 0 or -1 */
int	 rf_hw_image_parse(const char *uri, char *comp, size_t complen,
	    char *ver, size_t verlen);
cJSON	*rf_hw_volume_req(const char *sys, const cJSON *hw,
	    const char *storage, const cJSON *body, struct rf_resp *);

#endif
