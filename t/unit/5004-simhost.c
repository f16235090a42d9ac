/* 5004-simhost.c: the simulated host: boot text, terminal echo, the tiny shell. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "util.h"
#include "../../powerd/state.h"
#include "../../powerd/simhost.h"

static uint8_t	store[8192];
static struct shbuf out;

static const char *
text(void)
{
	static char	t[sizeof(store) + 1];

	memcpy(t, out.p, out.len);
	t[out.len] = '\0';
	out.len = 0;
	return t;
}

static int
type(struct simhost *h, const char *s)
{
	return simhost_input(h, (const uint8_t *)s, strlen(s), &out);
}

int
main(void)
{
	struct simhost		h;
	struct simhost_boot	b = { PD_BOOT_NONE, PD_BOOTMODE_UEFI, NULL,
	    NULL, NULL };
	char			dev[128];
	const char		*t;
	uint8_t			small[10];
	struct shbuf		sb = { small, sizeof(small), 0 };
	size_t			i;

	out.p = store;
	out.cap = sizeof(store);
	simhost_init(&h, "srv1", "Sim CPU", 2, 4096);
	is_int(type(&h, "echo x\r"), SIMHOST_NONE, "off: input ignored");
	is_int(out.len, 0, "off: no echo");

	simhost_boot(&h, &b, &out);
	t = text();
	ok(strstr(t, "bmcsim BIOS") != NULL, "POST line");
	ok(strstr(t, "Booting from Hard Disk\r\n") != NULL, "default device");
	ok(strstr(t, "Linux version") != NULL, "kernel line");
	ok(strstr(t, "Memory: 4096 MiB") != NULL, "memory");
	ok(strstr(t, "srv1 login: ") != NULL, "login prompt");

	type(&h, "roo");
	is_str(text(), "roo", "echo as typed");
	type(&h, "x\x7f");
	is_str(text(), "x\b \b", "backspace erases");
	type(&h, "t\r\n");
	t = text();
	ok(strncmp(t, "t\r\n", 3) == 0, "CR LF counts once, echoed CRLF");
	ok(strstr(t, "root@srv1:~# ") != NULL, "logged in as root");
	type(&h, "echo hello   world\r");
	ok(strstr(text(), "\r\nhello   world\r\n") != NULL, "echo");
	type(&h, "uname -a\r");
	ok(strstr(text(), "Linux srv1 6.1.0-bmcsim") != NULL, "uname -a");
	type(&h, "help\r");
	ok(strstr(text(), "poweroff") != NULL, "help");
	type(&h, "nosuch\r");
	ok(strstr(text(), "nosuch: command not found") != NULL, "unknown");
	type(&h, "\x1b[Aecho a\x1bOB\r");
	ok(strstr(text(), "\r\na\r\n") != NULL, "escape sequences skipped");
	type(&h, "abc\x03");
	ok(strstr(text(), "^C\r\n") != NULL, "ctrl-c");
	for (i = 0; i < 300; i++)
		type(&h, "a");
	text();
	type(&h, "\x15");
	is_int(h.linelen, 0, "ctrl-u clears an overlong line");
	text();
	is_int(type(&h, "reboot\r"), SIMHOST_REBOOT, "reboot");
	ok(strstr(text(), "Restarting system") != NULL, "reboot text");
	is_int(h.state, SH_OFF, "host stopped");

	b.target = PD_BOOT_CD;
	b.image = "http://127.0.0.1/boot.iso";
	b.hw_text = "bmcsim BIOS 1.1.0 (x86-1u, UEFI)\r\nBooting Boot0009: "
	    "UEFI Virtual CD (http://127.0.0.1/boot.iso)\r\n";
	simhost_boot(&h, &b, &out);
	t = text();
	ok(strstr(t, "Booting from CD: http://127.0.0.1/boot.iso") !=
	    NULL, "cd with media names the image");
	ok(strstr(t, "\r\nbmcsim BIOS 1.1.0 (x86-1u, UEFI)\r\nBooting Boot0009")
	    != NULL && strstr(t, "CPU: ") == NULL, "the firmware's lines "
	    "replace the default POST lines");
	b.hw_text = NULL;
	type(&h, "\r");
	ok(strstr(text(), "srv1 login: ") != NULL, "empty login asks again");
	type(&h, "alice\r");
	ok(strstr(text(), "alice@srv1:~$ ") != NULL, "user prompt");
	type(&h, "exit\r");
	ok(strstr(text(), "login:") != NULL, "exit logs out");
	type(&h, "bob\r");
	text();
	simhost_nmi(&h, &out);
	ok(strstr(text(), "NMI") != NULL, "nmi text");
	is_int(type(&h, "poweroff\rignored"), SIMHOST_POWEROFF, "poweroff");
	ok(strstr(text(), "Power down") != NULL, "poweroff text");
	simhost_shutdown(&h, &out);
	is_int(out.len, 0, "soft when off: nothing");

	b.image = NULL;
	simhost_device(&b, dev, sizeof(dev));
	is_str(dev, "CD: no media", "cd without media");
	b.target = PD_BOOT_PXE;
	simhost_device(&b, dev, sizeof(dev));
	is_str(dev, "PXE (network)", "pxe");
	b.target = PD_BOOT_UEFI_TARGET;
	b.uefi_target = "HD(1)";
	simhost_device(&b, dev, sizeof(dev));
	is_str(dev, "UEFI target HD(1)", "uefi target");
	b.target = PD_BOOT_BIOS;
	simhost_device(&b, dev, sizeof(dev));
	is_str(dev, "BIOS Setup", "bios");

	/* a full output buffer truncates, never overflows */
	simhost_boot(&h, &b, &sb);
	is_int(sb.len, sizeof(small), "bounded output");
	simhost_shutdown(&h, &out);
	ok(strstr(text(), "shutting down") != NULL, "soft: shutdown text");
	return done_testing();
}
