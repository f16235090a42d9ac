/* config.h: ipmid's own configuration file (keys in ipmid(8), CONFIGURATION). */
/* SPDX-License-Identifier: ISC */
#ifndef BMC_IPMID_CONFIG_H
#define BMC_IPMID_CONFIG_H

#include <stddef.h>

struct ipmid_conf;

#define CONFIG_LISTEN_MAX	8
#define CONFIG_PATH_MAX		108

/* What the file adds beyond struct ipmid_conf (the shared one). */
struct config_extra {
	char	 listen[CONFIG_LISTEN_MAX][64];
	int	 nlisten;
	char	 sol_socket[CONFIG_PATH_MAX];
};

/*
 * Defaults: suites 1 2 3 15 16 17, no suite 0, IPMI 1.5 with MD5 only (no
 * straight password), 60 s, 32 sessions.
 */
void	config_defaults(struct ipmid_conf *, struct config_extra *);
/* Parse buf (pure; kg-file is read through the callback's path). */
int	config_parse(const char *buf, size_t len, struct ipmid_conf *,
	    struct config_extra *, char *err, size_t errlen);
/* Load a file; err gets "path:line: why". */
int	config_load(const char *path, struct ipmid_conf *,
	    struct config_extra *, char *err, size_t errlen);
/* "3 17 1": a cipher suite list into conf (-1 + err if invalid). */
int	config_suites(struct ipmid_conf *, int argc, char **argv, char *err,
	    size_t errlen);

#endif
