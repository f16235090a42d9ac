/* simhost.h: the sim backend's host: boot text, a terminal and a tiny shell; pure. */
/* SPDX-License-Identifier: ISC */
#ifndef PD_SIMHOST_H
#define PD_SIMHOST_H

#include <stddef.h>
#include <stdint.h>

#define SIMHOST_LINE_MAX	255
#define SIMHOST_OUT_MIN		4096	/* out buffers at least this big */

enum simhost_act { SIMHOST_NONE, SIMHOST_POWEROFF, SIMHOST_REBOOT };
enum simhost_state { SH_OFF, SH_LOGIN, SH_SHELL };

/* output sink: bytes are appended while they fit, the rest is dropped */
struct shbuf {
	uint8_t	*p;
	size_t	 cap;
	size_t	 len;
};

struct simhost {
	int	state;
	char	line[SIMHOST_LINE_MAX + 1];
	size_t	linelen;
	int	last_cr;
	int	esc;			/* 0, 1 after ESC, 2 inside CSI */
	char	user[17];
	char	hostname[64];
	char	cpu_model[64];
	int	cpus;
	long long memory_mib;
};

struct simhost_boot {
	int		 target;	/* enum pd_boot_target */
	int		 mode;		/* enum pd_boot_mode */
	const char	*image;		/* inserted media, NULL or "" if none */
	const char	*uefi_target;
	/* the firmware's lines (hw.h boot_text), NULL or "" for the default */
	const char	*hw_text;
};

void	simhost_init(struct simhost *, const char *hostname,
	    const char *cpu_model, int cpus, long long memory_mib);
/* Power-on: POST lines, "Booting from …", kernel lines, login prompt. */
void	simhost_boot(struct simhost *, const struct simhost_boot *,
	    struct shbuf *);
/* "Booting from" device text for a boot override (e.g. "CD: x.iso"). */
void	simhost_device(const struct simhost_boot *, char *out, size_t len);
/* The host stops (power off or reset): forget the session. */
void	simhost_halt(struct simhost *);
/* Graceful shutdown request (ACPI power button): shutdown lines. */
void	simhost_shutdown(struct simhost *, struct shbuf *);
void	simhost_nmi(struct simhost *, struct shbuf *);
/* Print the current prompt again (a new console owner). */
void	simhost_prompt(struct simhost *, struct shbuf *);
/* Typed bytes in; echo and command output out; returns enum simhost_act. */
int	simhost_input(struct simhost *, const uint8_t *, size_t,
	    struct shbuf *);

#endif
