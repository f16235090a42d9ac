/* 5007-hw.c: the hardware model: profiles, BIOS validation, RAID rules, boot order, apply at reset, state round trip. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "util.h"
#include "../../powerd/state.h"
#include "../../powerd/hw.h"


static const char labtxt[] =
    "server srv1\n"
    "server srv2\n"
    "server arm\n"
    "\tprofile arm-1u\n"
    "server st\n"
    "\tprofile storage-2u\n"
    "\tdisks 4\n"
    "\tbios PowerOnDelay 30\n"
    "server small\n"
    "\tcpus 1\n"
    "\tmemory 8192\n"
    "\tdimms 3\n"
    "\tnics 2\n";

static int notes;
static char lastnote[512];

static void
note(void *arg, const char *msg)
{
	(void)arg;
	notes++;
	strlcpy(lastnote, msg, sizeof(lastnote));
}

static cJSON *
js(const char *txt)
{
	return cJSON_Parse(txt);
}

static const char *
jstr(const cJSON *o, const char *path)
{
	char		 buf[256], *p, *save = NULL;
	const cJSON	*v = o;

	strlcpy(buf, path, sizeof(buf));
	for (p = strtok_r(buf, ".", &save); p != NULL && v != NULL;
	    p = strtok_r(NULL, ".", &save)) {
		if (p[0] >= '0' && p[0] <= '9')
			v = cJSON_GetArrayItem(v, atoi(p));
		else
			v = cJSON_GetObjectItemCaseSensitive(v, p);
	}
	if (v == NULL)
		return "(missing)";
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (cJSON_IsNumber(v)) {
		static char n[64];

		snprintf(n, sizeof(n), "%.0f", v->valuedouble);
		return n;
	}
	return cJSON_IsArray(v) ? "[array]" : "{object}";
}

static int
try(int (*f)(struct hw *, const cJSON *, const char **, char *, size_t),
    struct hw *h, const char *txt, const char **tok, char *msg)
{
	cJSON	*j = js(txt);
	int	 rv = f(h, j, tok, msg, 128);

	cJSON_Delete(j);
	return rv;
}

static int
bios(struct hw *h, const char *txt, const char **tok, char *msg)
{
	cJSON	*j = js(txt);
	char	 what[256];
	int	 rv = hw_bios_set(h, j, what, sizeof(what), tok, msg, 128);

	cJSON_Delete(j);
	return rv;
}

static int
vol(struct hw *h, const char *raid, const char *drives, int now, int *num,
    const char **tok, char *msg)
{
	cJSON	*j = js(drives);
	int	 rv;

	rv = hw_volume_create(h, "RAID0", raid, j, NULL, now, num, tok, msg,
	    128);

	cJSON_Delete(j);
	return rv;
}

int
main(void)
{
	struct lab		 lab;
	struct hw		 h, h2, copy;
	cJSON			*j, *st;
	const char		*tok = "";
	char			 err[128], msg[128], *txt;
	int			 line, num = -1;
	struct pd_state		 a, b;
	size_t			 len;

	if (lab_parse(labtxt, strlen(labtxt), &lab, &line, err,
	    sizeof(err)) != 0) {
		printf("# %s\n", err);
		return 1;
	}
	{
		static const char *const bad[] = {
			"server a\nbios BootMode Foo\n",
			"server a\nbios PowerOnDelay 12x\n",
			"server a\nbios PowerOnDelay 301\n",
			"server a\nbios NumLock yes\n",
			"server a\nbios SerialNumber X\n",
			"server a\nbios Nope 1\n",
			"server a\nbios BootMode\n",
			"server a\nprofile x86-2u\n",
			"server a\ncpu-arch sparc\n",
			"server a\ndisks 0\n",
			"server a\ndisks 23\n",
			"server a\ndimms 65\n",
			"server a\nnics 5\n",
			"server a\ndisk-media tape\n",
			"server a\nprofile\n",
		};
		struct lab	l2;
		size_t		k;
		int		refused = 0;

		for (k = 0; k < nitems(bad); k++) {
			if (lab_parse(bad[k], strlen(bad[k]), &l2, &line, err,
			    sizeof(err)) != 0 && line == 2)
				refused++;
			else
				diag("accepted %s", bad[k]);
		}
		is_int(refused, nitems(bad), "bad hardware keys refused");
		ok(lab_parse("server a\nbios NumLock false\n", 27, &l2, &line,
		    err, sizeof(err)) == 0, "bios NumLock false");
		hw_init(&h, &l2.servers[0]);
		is_str(h.def[9], "false", "lab bios default");
		lab_free(&l2);
	}

	/* the flat inventory follows the profile */
	is_int(lab.servers[0].cpus, 2, "x86-1u: 2 sockets");
	is_int(lab.servers[0].cpu_cores, 12, "x86-1u: 12 cores");
	is_int(lab.servers[0].memory_mib, 8 * 16384, "x86-1u: 8 x 16 GiB");
	is_int(lab.servers[2].cpus, 1, "arm-1u: 1 socket");
	is_int(lab.servers[2].cpu_cores, 80, "arm-1u: 80 cores");
	is_int(lab.servers[4].memory_mib, 8192, "memory key kept");

	hw_init(&h, &lab.servers[0]);
	hw_init(&h2, &lab.servers[1]);
	j = hw_json(&h);
	is_str(jstr(j, "profile"), "x86-1u", "profile");
	is_str(jstr(j, "processors.1.id"), "CPU1", "two processors");
	is_str(jstr(j, "processors.0.threads"), "24", "threads");
	is_str(jstr(j, "memory.7.size_mib"), "16384", "eight DIMMs");
	is_str(jstr(j, "nics.0.ports.0.mac"), lab.servers[0].macs[0],
	    "first port's MAC is the server's mac");
	ok(strcmp(jstr(j, "nics.0.ports.1.mac"), jstr(j,
	    "nics.0.ports.0.mac")) != 0, "second port differs");
	is_str(jstr(j, "storage.0.volumes.0.raid"), "RAID1", "RAID1 volume");
	is_str(jstr(j, "storage.0.volumes.0.capacity_bytes"), "960197124096",
	    "RAID1 capacity: one drive");
	is_str(jstr(j, "storage.0.pending_volumes"), "[array]",
	    "pending volumes: a list");
	is_str(jstr(j, "psus.1.id"), "PSU1", "two PSUs");
	is_str(jstr(j, "fans.3.id"), "Fan4", "four fans, named as their sensors");
	is_str(jstr(j, "bios.attributes.BootMode"), "Uefi", "BootMode");
	is_str(jstr(j, "bios.attributes.NumLock"), "true", "boolean typed");
	is_str(jstr(j, "bios.attributes.PowerOnDelay"), "0", "integer typed");
	is_str(jstr(j, "bios.attributes.SerialNumber"), lab.servers[0].serial,
	    "serial number attribute");
	is_str(jstr(j, "boot_order.0"), "Boot0010", "disk first");
	ok(strncmp(jstr(j, "boot_options.0.name"), "UEFI PXEv4 (MAC:5254", 20)
	    == 0, "PXE option names the MAC");
	is_str(jstr(j, "secure_boot.pending_enabled"), "null", "sb pending");
	is_str(jstr(j, "firmware.0.id"), "BIOS", "BIOS firmware");
	is_str(jstr(j, "firmware.0.pending"), "null", "nothing staged");
	cJSON_Delete(j);
	j = hw_json(&h2);
	st = hw_json(&h);
	ok(strcmp(jstr(j, "memory.0.serial"), jstr(st, "memory.0.serial")) !=
	    0, "servers differ (DIMM serial)");
	cJSON_Delete(j);
	cJSON_Delete(st);

	hw_init(&copy, &lab.servers[2]);
	j = hw_json(&copy);
	is_str(jstr(j, "processors.0.arch"), "ARM", "arm-1u: ARM");
	is_str(jstr(j, "processors.0.model"), "Ampere(R) Altra(R) Q80-30",
	    "arm-1u: Altra");
	is_str(jstr(j, "processors.1"), "(missing)", "arm-1u: one socket");
	cJSON_Delete(j);
	hw_init(&copy, &lab.servers[3]);
	j = hw_json(&copy);
	is_str(jstr(j, "storage.0.drives.5.media"), "HDD", "storage-2u: HDDs");
	is_str(jstr(j, "storage.0.drives.0.media"), "SSD",
	    "storage-2u: boot SSDs");
	is_str(jstr(j, "bios.attributes.PowerOnDelay"), "30",
	    "lab bios default");
	cJSON_Delete(j);
	hw_init(&copy, &lab.servers[4]);
	is_int(hw_memory_mib(&copy), 8192, "memory = sum of DIMMs");
	is_int(copy.ndimm, 3, "three DIMMs");

	/* bios-set: all or nothing */
	copy = h;
	ok(bios(&h, "{\"ProcVirtualization\":\"Disabled\",\"Nope\":1}", &tok,
	    msg) == -1 && strcmp(tok, "not-found") == 0 &&
	    strstr(msg, "Nope") != NULL, "unknown key: not-found, named");
	ok(memcmp(&h, &copy, sizeof(h)) == 0, "nothing changed");
	ok(bios(&h, "{\"BootMode\":\"Legacy\"}", &tok, msg) == -1 &&
	    strcmp(tok, "bad-request") == 0 && strstr(msg, "BootMode"),
	    "bad enum value");
	ok(bios(&h, "{\"NumLock\":\"yes\"}", &tok, msg) == -1,
	    "boolean needs a boolean");
	ok(bios(&h, "{\"PowerOnDelay\":301}", &tok, msg) == -1,
	    "integer over max");
	ok(bios(&h, "{\"PowerOnDelay\":1.5}", &tok, msg) == -1,
	    "integer not whole");
	ok(bios(&h, "{\"SerialNumber\":\"X\"}", &tok, msg) == -1 &&
	    strstr(msg, "read-only") != NULL, "read-only refused");
	ok(bios(&h, "{\"AssetTag\":\"a\\u0001\"}", &tok, msg) == -1,
	    "control characters refused");
	ok(bios(&h, "[1]", &tok, msg) == -1, "not an object");
	ok(memcmp(&h, &copy, sizeof(h)) == 0, "still nothing changed");
	ok(bios(&h, "{\"ProcVirtualization\":\"Disabled\",\"PowerOnDelay\":"
	    "10,\"NumLock\":false}", &tok, msg) == 0, "good set");
	is_int(h.pend_set != 0, 1, "pending");
	is_str(h.cur[1], "Enabled", "current unchanged until reset");

	/* boot order */
	ok(try(hw_boot_order, &h, "[\"Boot0001\",\"Boot0002\",\"Boot0009\","
	    "\"Boot0010\"]", &tok, msg) == 0, "permutation accepted");
	is_int(h.order[0], 1, "PXE first");
	ok(try(hw_boot_order, &h, "[\"Boot0001\",\"Boot0002\",\"Boot0009\"]",
	    &tok, msg) == -1, "missing id refused");
	ok(try(hw_boot_order, &h, "[\"Boot0001\",\"Boot0001\",\"Boot0002\","
	    "\"Boot0009\",\"Boot0010\"]", &tok, msg) == -1,
	    "duplicate refused");
	ok(try(hw_boot_order, &h, "[\"Boot0001\",\"Boot0002\",\"Boot0009\","
	    "\"Boot0077\"]", &tok, msg) == -1 && strstr(msg, "Boot0077"),
	    "unknown id refused");
	ok(try(hw_boot_order, &h, "\"Boot0001\"", &tok, msg) == -1,
	    "not an array");
	ok(try(hw_boot_order, &h, "[\"Boot0x01\",\"Boot0002\",\"Boot0009\","
	    "\"Boot0010\"]", &tok, msg) == -1, "Boot0x01 is no id");
	is_int(h.order[0], 1, "order unchanged by refusals");

	/* RAID rules */
	ok(hw_raid_fits(HW_RAID0, 1) && !hw_raid_fits(HW_RAID0, 0),
	    "RAID0 >= 1");
	ok(hw_raid_fits(HW_RAID1, 2) && !hw_raid_fits(HW_RAID1, 3),
	    "RAID1 = 2");
	ok(hw_raid_fits(HW_RAID5, 3) && !hw_raid_fits(HW_RAID5, 2),
	    "RAID5 >= 3");
	ok(hw_raid_fits(HW_RAID10, 4) && !hw_raid_fits(HW_RAID10, 5) &&
	    !hw_raid_fits(HW_RAID10, 2), "RAID10 even >= 4");
	ok(vol(&h, "RAID0", "[\"Disk0\"]", 1, &num, &tok, msg) == -1 &&
	    strstr(msg, "another volume"), "drive in use refused");
	ok(vol(&h, "RAID0", "[\"Disk9\"]", 1, &num, &tok, msg) == -1 &&
	    strcmp(tok, "not-found") == 0, "unknown drive");
	ok(vol(&h, "RAID6", "[]", 1, &num, &tok, msg) == -1, "unknown level");
	ok(try(hw_boot_order, &h, "[]", &tok, msg) == -1, "empty order");
	ok(hw_volume_delete(&h, "RAID0", "Volume0", 0, &tok, msg, 128) == 0,
	    "delete at reset");
	is_int(h.npvol, 1, "pending delete");
	ok(hw_volume_delete(&h, "RAID0", "Volume0", 0, &tok, msg, 128) == -1,
	    "twice refused");
	ok(hw_volume_delete(&h, "RAID0", "Volume7", 0, &tok, msg, 128) ==
	    -1 && strcmp(tok, "not-found") == 0, "unknown volume");
	ok(hw_volume_delete(&h, "RAID9", "Volume0", 0, &tok, msg, 128) ==
	    -1 && strcmp(tok, "not-found") == 0, "unknown controller");

	/* firmware, secure boot */
	ok(hw_firmware_stage(&h, "BIOS", "1.1.0", &tok, msg, 128) == 0,
	    "BIOS staged");
	ok(hw_firmware_stage(&h, "BMC", "0.2.0", &tok, msg, 128) == 1,
	    "BMC at once");
	is_str(hw_fw_version(&h, "BMC"), "0.2.0", "BMC version now");
	ok(hw_firmware_stage(&h, "CPLD", "1", &tok, msg, 128) == -1 &&
	    strcmp(tok, "not-found") == 0, "unknown component");
	ok(hw_firmware_stage(&h, "BIOS", "1 1", &tok, msg, 128) == -1,
	    "bad version");
	h.sb_pending = 1;
	ok(hw_bios_password(&h, "AdminPassword", "", "s3cret", &tok, msg,
	    128) == 0, "password set");
	ok(hw_bios_password(&h, "AdminPassword", "x", "y", &tok, msg, 128) ==
	    -1 && strcmp(tok, "denied") == 0, "wrong old password");

	/* state round trip before the reset */
	state_init(&a, &lab, &lab.servers[0], NULL);
	a.hw = h;
	txt = state_encode(&a, "srv1", 1, &len);
	ok(txt != NULL && strstr(txt, "\"hw\":") != NULL, "state has hw");
	state_init(&b, &lab, &lab.servers[0], NULL);
	ok(state_decode(txt, len, &b, err, sizeof(err)) == 0, "%s", err);
	is_int(b.hw.pend_set, h.pend_set, "pending survives");
	is_str(b.hw.pend[10], "10", "pending value survives");
	is_int(b.hw.npvol, 1, "pending volume survives");
	is_int(b.hw.order[0], 1, "boot order survives");
	is_int(b.hw.sb_pending, 1, "secure boot pending survives");
	is_str(b.hw.fw[0].pending, "1.1.0", "staged firmware survives");
	is_str(b.hw.admin_pw, "s3cret", "password survives");
	free(txt);
	state_free(&a);
	state_free(&b);
	/* an old state file: no hw, defaults */
	{
		const char	*old = "{\"version\":1,\"server\":\"srv1\","
		    "\"power\":\"off\",\"policy\":\"always-off\",\"boot\":"
		    "{\"target\":\"none\",\"enabled\":\"disabled\",\"mode\":"
		    "\"uefi\",\"uefi_target\":\"\"},\"last_reset\":0,"
		    "\"restart_cause\":\"unknown\",\"poh_ms\":0,\"media\":"
		    "{\"inserted\":false,\"write_protected\":true,\"image\":"
		    "\"\"},\"power_limit\":{\"active\":false,\"limit_w\":400,"
		    "\"correction_ms\":1000,\"sampling_s\":1,\"exception\":"
		    "\"none\"},\"accounts\":[],\"sel\":{\"next_id\":1,"
		    "\"last_add\":0,\"last_erase\":0,\"overflow\":false,"
		    "\"offset\":0,\"entries\":[]}}";

		state_init(&b, &lab, &lab.servers[0], NULL);
		ok(state_decode(old, strlen(old), &b, err, sizeof(err)) == 0,
		    "old state file loads");
		is_int(b.hw.nvol, 1, "with the default volume");
		state_free(&b);
		state_init(&b, &lab, &lab.servers[0], NULL);
		{
			static const char *const bad[] = {
				"{\"volumes\":7}",
				"{\"volumes\":[{\"num\":0}]}",
				"{\"bios\":{\"attributes\":[]}}",
				"{\"bios\":{\"attributes\":{\"PowerOnDelay\":"
				    "\"999\"}}}",
				"{\"boot_order\":[\"x\"]}",
				"{\"secure_boot\":{\"mode\":\"Nope\"}}",
				"{\"firmware\":{\"BIOS\":{\"version\":\"a b\","
				    "\"pending\":\"\"}}}",
				"{\"firmware\":[]}",
				"{\"http_boot_uri\":5}",
				"[]",
			};
			size_t	 k;
			int	 refused = 0;

			for (k = 0; k < nitems(bad); k++) {
				cJSON	*x = cJSON_Parse(bad[k]);

				hw_init(&copy, &lab.servers[0]);
				if (hw_state_decode(&copy, x, err,
				    sizeof(err)) == -1)
					refused++;
				else
					diag("accepted %s", bad[k]);
				cJSON_Delete(x);
			}
			is_int(refused, nitems(bad),
			    "corrupt hw parts refused");
		}
	}

	/* apply at reset */
	notes = 0;
	hw_apply(&h, note, NULL);
	is_int(notes, 4, "four changes noted");
	is_str(h.cur[1], "Disabled", "ProcVirtualization applied");
	is_int(h.pend_set, 0, "pending emptied");
	is_int(h.nvol, 0, "volume deleted");
	is_int(h.npvol, 0, "pending volumes emptied");
	is_str(hw_fw_version(&h, "BIOS"), "1.1.0", "BIOS flashed");
	is_int(h.sb_enabled, 1, "secure boot on");
	ok(h.order[0] == 1 && h.norder == 3, "boot order loses the volume");
	hw_boot_text(&h, 0, NULL, NULL);
	ok(strstr(h.boot_text, "bmcsim BIOS 1.1.0 (x86-1u, UEFI)\r\n") !=
	    NULL, "BIOS line with the new version");
	if (strstr(h.boot_text, "1.1.0 (x86") == NULL)
		diag("%s", h.boot_text);
	ok(strstr(h.boot_text, "Processors: 2 x Intel(R) Xeon(R) Silver 4310 "
	    "CPU @ 2.10GHz, Memory: 128 GiB") != NULL, "processors line");
	ok(strstr(h.boot_text, "BIOS settings applied: ProcVirtualization="
	    "Disabled NumLock=false PowerOnDelay=10\r\n") != NULL,
	    "settings line");
	ok(strstr(h.boot_text, "Firmware update: BIOS 1.0.0 -> 1.1.0 ... "
	    "done") != NULL, "firmware line");
	ok(strstr(h.boot_text, "Secure Boot: enabled") != NULL, "sb line");
	ok(strstr(h.boot_text, "Booting Boot0001: UEFI PXEv4 (MAC:") != NULL,
	    "boots the first option");
	hw_boot_text(&h, PD_BOOT_CD, "http://x/y.iso", NULL);
	ok(strstr(h.boot_text, "Booting Boot0009: UEFI Virtual CD "
	    "(http://x/y.iso)") != NULL, "CD override names the image");
	hw_boot_text(&h, PD_BOOT_UEFI_HTTP, NULL, "http://h/boot.efi");
	ok(strstr(h.boot_text, "UEFI HTTPv4 (MAC:") != NULL &&
	    strstr(h.boot_text, "http://h/boot.efi") != NULL, "HTTP URI");
	hw_boot_text(&h, PD_BOOT_HDD, NULL, NULL);
	ok(strstr(h.boot_text, "No bootable device") != NULL, "no disk left");
	notes = 0;
	hw_apply(&h, note, NULL);
	is_int(notes, 0, "nothing left to apply");

	/* create at once and at reset */
	ok(vol(&h, "RAID10", "[\"Disk0\",\"Disk1\"]", 1, &num, &tok, msg) ==
	    -1, "RAID10 on 2 refused");
	ok(vol(&h, "RAID1", "[\"Disk0\",\"Disk1\"]", 0, &num, &tok, msg) == 0,
	    "RAID1 at reset");
	is_int(num, 0, "Volume0 again");
	ok(vol(&h, "RAID0", "[\"Disk1\"]", 1, &num, &tok, msg) == -1,
	    "a pending create holds its drives");
	hw_apply(&h, note, NULL);
	is_int(h.nvol, 1, "created at reset");
	ok(strstr(lastnote, "Volume0 (VD0, RAID1) created") != NULL, "%s",
	    lastnote);
	is_int(h.order[h.norder - 1], 0x10, "new volume appended to order");
	ok(hw_secure_boot_reset(&h, "DeletePK", &tok, msg, 128) == 0,
	    "DeletePK");
	is_int(h.sb_mode, HW_SB_SETUP, "setup mode");
	is_int(h.sb_enabled, 0, "secure boot off");
	ok(hw_secure_boot_reset(&h, "Nope", &tok, msg, 128) == -1,
	    "unknown keys");
	lab_free(&lab);
	return done_testing();
}
