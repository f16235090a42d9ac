/* simhost.c: the simulated host console: input bytes in, output bytes and actions out; pure. */
/* SPDX-License-Identifier: ISC */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "state.h"
#include "simhost.h"

static void
put(struct shbuf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n)
		n = b->cap - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
puts_(struct shbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
putf(struct shbuf *b, const char *fmt, ...)
{
	char	tmp[512];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void
simhost_init(struct simhost *h, const char *hostname, const char *cpu_model,
    int cpus, long long memory_mib)
{
	memset(h, 0, sizeof(*h));
	h->state = SH_OFF;
	strlcpy(h->hostname, hostname, sizeof(h->hostname));
	strlcpy(h->cpu_model, cpu_model, sizeof(h->cpu_model));
	h->cpus = cpus;
	h->memory_mib = memory_mib;
}

void
simhost_device(const struct simhost_boot *b, char *out, size_t len)
{
	const char	*img = b->image != NULL && b->image[0] != '\0' ?
	    b->image : NULL;

	switch (b->target) {
	case PD_BOOT_PXE:
		snprintf(out, len, "PXE (network)");
		break;
	case PD_BOOT_CD:
		if (img != NULL)
			snprintf(out, len, "CD: %s", img);
		else
			snprintf(out, len, "CD: no media");
		break;
	case PD_BOOT_USB:
		snprintf(out, len, "USB");
		break;
	case PD_BOOT_FLOPPY:
		snprintf(out, len, "Floppy");
		break;
	case PD_BOOT_BIOS:
		snprintf(out, len, "BIOS Setup");
		break;
	case PD_BOOT_DIAGS:
		snprintf(out, len, "Diagnostic Partition");
		break;
	case PD_BOOT_UEFI_SHELL:
		snprintf(out, len, "UEFI Shell");
		break;
	case PD_BOOT_UEFI_HTTP:
		snprintf(out, len, "UEFI HTTP");
		break;
	case PD_BOOT_UEFI_TARGET:
		snprintf(out, len, "UEFI target %s", b->uefi_target != NULL ?
		    b->uefi_target : "");
		break;
	default:
		snprintf(out, len, "Hard Disk");
		break;
	}
}

static void
prompt(struct simhost *h, struct shbuf *out)
{
	if (h->state == SH_LOGIN)
		putf(out, "%s login: ", h->hostname);
	else if (h->state == SH_SHELL)
		putf(out, "%s@%s:~%c ", h->user, h->hostname,
		    strcmp(h->user, "root") == 0 ? '#' : '$');
}

void
simhost_prompt(struct simhost *h, struct shbuf *out)
{
	if (h->state == SH_OFF)
		return;
	puts_(out, "\r\n");
	prompt(h, out);
	put(out, h->line, h->linelen);
}

void
simhost_boot(struct simhost *h, const struct simhost_boot *b,
    struct shbuf *out)
{
	char	dev[300];

	simhost_device(b, dev, sizeof(dev));
	h->state = SH_LOGIN;
	h->linelen = 0;
	h->esc = 0;
	h->user[0] = '\0';
	if (b->hw_text != NULL && b->hw_text[0] != '\0') {
		puts_(out, "\r\n");
		puts_(out, b->hw_text);
	} else {
		putf(out, "\r\nbmcsim BIOS 1.0.0 (%s)\r\n",
		    b->mode == PD_BOOTMODE_LEGACY ? "Legacy" : "UEFI");
		putf(out, "CPU: %d x %s\r\n", h->cpus, h->cpu_model);
		putf(out, "Memory: %lld MiB OK\r\n", h->memory_mib);
	}
	puts_(out, "Press F2 for setup, F12 for the boot menu\r\n");
	putf(out, "Booting from %s\r\n", dev);
	puts_(out, "[    0.000000] Linux version 6.1.0-bmcsim (bmcsim@build) "
	    "#1 SMP PREEMPT_DYNAMIC\r\n");
	puts_(out, "[    0.000000] Command line: console=ttyS0,115200n8\r\n");
	putf(out, "[    0.012000] smpboot: Allowing %d CPUs\r\n", h->cpus);
	puts_(out, "[    0.410000] Serial: 8250/16550 driver, 4 ports\r\n");
	puts_(out, "[    1.100000] EXT4-fs (sda1): mounted filesystem\r\n");
	puts_(out, "[    1.800000] systemd[1]: Reached target Multi-User "
	    "System.\r\n");
	putf(out, "\r\nbmcsim simulated host %s ttyS0\r\n\r\n", h->hostname);
	prompt(h, out);
}

void
simhost_halt(struct simhost *h)
{
	h->state = SH_OFF;
	h->linelen = 0;
	h->esc = 0;
	h->user[0] = '\0';
}

static void
going_down(struct simhost *h, struct shbuf *out, int reboot)
{
	puts_(out, "\r\n[  OK  ] Stopped target Multi-User System.\r\n");
	puts_(out, "[  OK  ] Reached target System Shutdown.\r\n");
	puts_(out, reboot ? "reboot: Restarting system\r\n" :
	    "reboot: Power down\r\n");
	simhost_halt(h);
}

void
simhost_shutdown(struct simhost *h, struct shbuf *out)
{
	if (h->state == SH_OFF)
		return;
	puts_(out, "\r\n[  OK  ] Power key pressed: shutting down\r\n");
	going_down(h, out, 0);
}

void
simhost_nmi(struct simhost *h, struct shbuf *out)
{
	if (h->state == SH_OFF)
		return;
	puts_(out, "\r\n[  123.456789] Uhhuh. NMI received for unknown reason "
	    "on CPU 0.\r\n[  123.456790] Kernel panic - not syncing: NMI: "
	    "Not continuing\r\n");
	simhost_prompt(h, out);
}

/* The first word of line in w, the rest in *rest. */
static void
split(char *line, char **cmd, char **rest)
{
	char	*p = line;

	while (*p == ' ')
		p++;
	*cmd = p;
	while (*p != '\0' && *p != ' ')
		p++;
	if (*p != '\0')
		*p++ = '\0';
	while (*p == ' ')
		p++;
	*rest = p;
}

static int
run(struct simhost *h, struct shbuf *out)
{
	char	*cmd, *rest;

	h->line[h->linelen] = '\0';
	h->linelen = 0;
	split(h->line, &cmd, &rest);
	if (h->state == SH_LOGIN) {
		if (cmd[0] != '\0') {
			strlcpy(h->user, cmd, sizeof(h->user));
			h->state = SH_SHELL;
			puts_(out, "Welcome to the bmcsim simulated host. Type "
			    "'help'.\r\n");
		}
		prompt(h, out);
		return SIMHOST_NONE;
	}
	if (cmd[0] == '\0') {
		/* nothing */
	} else if (strcmp(cmd, "poweroff") == 0 || strcmp(cmd, "halt") == 0 ||
	    (strcmp(cmd, "shutdown") == 0 && strstr(rest, "-r") == NULL)) {
		going_down(h, out, 0);
		return SIMHOST_POWEROFF;
	} else if (strcmp(cmd, "reboot") == 0 || strcmp(cmd, "shutdown") == 0) {
		going_down(h, out, 1);
		return SIMHOST_REBOOT;
	} else if (strcmp(cmd, "echo") == 0) {
		putf(out, "%s\r\n", rest);
	} else if (strcmp(cmd, "uname") == 0) {
		if (strcmp(rest, "-a") == 0)
			putf(out, "Linux %s 6.1.0-bmcsim #1 SMP "
			    "PREEMPT_DYNAMIC x86_64 GNU/Linux\r\n",
			    h->hostname);
		else
			puts_(out, "Linux\r\n");
	} else if (strcmp(cmd, "hostname") == 0) {
		putf(out, "%s\r\n", h->hostname);
	} else if (strcmp(cmd, "whoami") == 0) {
		putf(out, "%s\r\n", h->user);
	} else if (strcmp(cmd, "help") == 0) {
		puts_(out, "commands: echo hostname uname whoami exit "
		    "poweroff reboot help\r\n");
	} else if (strcmp(cmd, "exit") == 0 || strcmp(cmd, "logout") == 0) {
		h->state = SH_LOGIN;
		h->user[0] = '\0';
		puts_(out, "\r\n");
	} else
		putf(out, "sh: %s: command not found\r\n", cmd);
	prompt(h, out);
	return SIMHOST_NONE;
}

int
simhost_input(struct simhost *h, const uint8_t *in, size_t n,
    struct shbuf *out)
{
	size_t	i;
	uint8_t	c;
	int	act = SIMHOST_NONE;

	for (i = 0; i < n && h->state != SH_OFF; i++) {
		c = in[i];
		if (h->esc == 1) {		/* ESC x, ESC [ … */
			h->esc = c == '[' || c == 'O' ? 2 : 0;
			continue;
		}
		/* CSI parameters until a final byte */
		if (h->esc == 2) {
			if (c >= 0x40 && c <= 0x7e)
				h->esc = 0;
			continue;
		}
		if (c == '\n' && h->last_cr) {	/* CR LF counts once */
			h->last_cr = 0;
			continue;
		}
		h->last_cr = c == '\r';
		switch (c) {
		case '\r':
		case '\n':
			puts_(out, "\r\n");
			act = run(h, out);
			if (act != SIMHOST_NONE)
				return act;
			break;
		case 0x7f:
		case 0x08:
			if (h->linelen > 0) {
				h->linelen--;
				puts_(out, "\b \b");
			}
			break;
		case 0x03:			/* ^C */
			puts_(out, "^C\r\n");
			h->linelen = 0;
			prompt(h, out);
			break;
		case 0x15:			/* ^U */
			while (h->linelen > 0) {
				h->linelen--;
				puts_(out, "\b \b");
			}
			break;
		case 0x1b:
			h->esc = 1;
			break;
		default:
			if (c < 0x20 || c > 0x7e)
				break;
			if (h->linelen < SIMHOST_LINE_MAX) {
				h->line[h->linelen++] = (char)c;
				put(out, (const char *)&c, 1);
			} else
				puts_(out, "\a");
			break;
		}
	}
	return act;
}
