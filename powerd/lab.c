/* lab.c: parse the lab file (bmcsim.conf(5)) into struct lab; pure. */
/* SPDX-License-Identifier: ISC */
#include <arpa/inet.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"
#include "lab.h"
#include "hw.h"

#define LAB_SERVERS_MAX	4096

struct lab_ctx {
	struct lab		*lab;
	struct lab_server	*cur;
	size_t			 cap;
};

static const char *roles[] = {
	"administrator", "operator", "readonly", "callback", "no-access"
};
static const char *policies[] = { "always-off", "previous", "always-on" };
static const char *backends[] = { "sim", "docker", "exec" };
static const char *delays[] = { "on", "off", "soft", "cycle", "reset", "boot" };
static const char *execkeys[] = {
	"exec-on", "exec-off", "exec-soft", "exec-reset", "exec-cycle",
	"exec-nmi", "exec-status"
};
/* realistic defaults for the sim state machine (ms) */
static const long long delay_def[LAB_DLY_N] = { 500, 200, 2000, 1000, 200, 0 };

const char *
lab_role_str(int r)
{
	return r >= 0 && (size_t)r < nitems(roles) ? roles[r] : "unknown";
}

int
lab_role_parse(const char *s)
{
	size_t	i;

	if (strcmp(s, "admin") == 0)
		return LAB_ROLE_ADMIN;
	if (strcmp(s, "user") == 0)
		return LAB_ROLE_READONLY;
	for (i = 0; i < nitems(roles); i++)
		if (strcmp(s, roles[i]) == 0)
			return (int)i;
	return -1;
}

const char *
lab_policy_str(int p)
{
	return p >= 0 && (size_t)p < nitems(policies) ? policies[p] : "unknown";
}

int
lab_policy_parse(const char *s)
{
	size_t	i;

	for (i = 0; i < nitems(policies); i++)
		if (strcmp(s, policies[i]) == 0)
			return (int)i;
	return -1;
}

const char *
lab_backend_str(int b)
{
	return b >= 0 && (size_t)b < nitems(backends) ? backends[b] : "unknown";
}

int
lab_valid_id(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0 || n > LAB_ID_MAX || s[0] == '.' || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

static uint64_t
fnv64(const char *s, uint64_t seed)
{
	uint64_t	h = 0xcbf29ce484222325ULL ^ seed;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	/* final avalanche (splitmix64) so short ids still spread */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

void
lab_derive_uuid(const char *id, char out[37])
{
	uint8_t		b[16];
	uint64_t	h1 = fnv64(id, 0x5555), h2 = fnv64(id, 0xaaaa);
	int		i;

	for (i = 0; i < 8; i++) {
		b[i] = (uint8_t)(h1 >> (8 * i));
		b[8 + i] = (uint8_t)(h2 >> (8 * i));
	}
	b[6] = (b[6] & 0x0f) | 0x40;		/* RFC 4122 version 4 layout */
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

void
lab_derive_mac(const char *id, int bmc, int idx, char out[18])
{
	uint64_t	h = fnv64(id, 0x3c3c);

	snprintf(out, 18, "52:54:%02x:%02x:%02x:%02x", bmc ? 0x01 : 0x00,
	    (unsigned)(h & 0xff), (unsigned)((h >> 8) & 0xff),
	    (unsigned)(((h >> 16) + (uint64_t)idx) & 0xff));
}

static int
valid_mac(const char *s)
{
	int	i;

	if (strlen(s) != 17)
		return 0;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (s[i] != ':')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int
valid_uuid(const char *s)
{
	int	i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int
copy(char *dst, size_t dstlen, const char *key, const char *s, char *err,
    size_t errlen)
{
	if (s[0] == '\0') {
		snprintf(err, errlen, "%s: empty value", key);
		return -1;
	}
	if (strlcpy(dst, s, dstlen) >= dstlen) {
		snprintf(err, errlen, "%s: too long (at most %zu bytes)", key,
		    dstlen - 1);
		return -1;
	}
	return 0;
}

static const char *tls_keys[LAB_TLS_N] = {
	"docker-tls-ca", "docker-tls-cert", "docker-tls-key"
};

int
lab_docker_tcp(const char *addr)
{
	return strncmp(addr, "tcp://", 6) == 0;
}

int
lab_docker_addr(const char *addr, int remote, char *err, size_t errlen)
{
	const char	*p, *colon, *errstr;
	char		 host[256];
	struct in_addr	 in;
	size_t		 i, n;

	if (!lab_docker_tcp(addr)) {
		p = strncmp(addr, "unix://", 7) == 0 ? addr + 7 : addr;
		if (p[0] != '/') {
			snprintf(err, errlen, "docker-socket: \"%s\" is "
			    "neither an absolute path, unix:///path nor "
			    "tcp://HOST:PORT", addr);
			return -1;
		}
		if (strlen(p) > LAB_SUN_MAX) {
			snprintf(err, errlen, "docker-socket: path too long "
			    "(at most %d bytes)", LAB_SUN_MAX);
			return -1;
		}
		return 0;
	}
	p = addr + 6;
	if (p[0] == '[')
		colon = strchr(p, ']') != NULL ? strchr(p, ']') + 1 : NULL;
	else
		colon = strrchr(p, ':');
	if (colon == NULL || *colon != ':' || colon == p ||
	    (n = (size_t)(colon - p)) >= sizeof(host)) {
		snprintf(err, errlen, "docker-socket: \"%s\": expected "
		    "tcp://HOST:PORT", addr);
		return -1;
	}
	memcpy(host, p, n);
	host[n] = '\0';
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)host[i]) && host[i] != '.' &&
		    host[i] != '-' && host[i] != ':' && host[i] != '[' &&
		    host[i] != ']')
			break;
	if (i < n || (host[0] == '[' && host[n - 1] != ']')) {
		snprintf(err, errlen, "docker-socket: bad host \"%s\"", host);
		return -1;
	}
	strtonum(colon + 1, 1, 65535, &errstr);
	if (errstr != NULL) {
		snprintf(err, errlen, "docker-socket: port \"%s\" is %s",
		    colon + 1, errstr);
		return -1;
	}
	if (remote)
		return 0;
	if (strcmp(host, "[::1]") == 0 || (inet_pton(AF_INET, host, &in) ==
	    1 && (ntohl(in.s_addr) >> 24) == 127))
		return 0;
	snprintf(err, errlen, "docker-socket: %s is not a loopback address "
	    "(127.0.0.0/8 or [::1]; \"docker-remote yes\" allows others)",
	    host);
	return -1;
}

/* docker-socket, docker-tls-*: global, or a server's own; docker-remote */
static int
docker_key(struct lab_ctx *x, int argc, char **argv, char *err,
    size_t errlen)
{
	struct lab		*lab = x->lab;
	struct lab_server	*s = x->cur;
	const char		*k = argv[0];
	char			**dst = NULL;
	int			 i;

	if (argc != 2) {
		snprintf(err, errlen, "%s: expected one value", k);
		return -1;
	}
	if (strcmp(k, "docker-remote") == 0) {
		if (s != NULL) {
			snprintf(err, errlen, "docker-remote: only outside "
			    "a server section");
			return -1;
		}
		return conf_bool(k, argv[1], &lab->docker_remote, err, errlen);
	}
	if (strcmp(k, "docker-socket") == 0) {
		if (s == NULL)
			return copy(lab->docker_socket,
			    sizeof(lab->docker_socket), k, argv[1], err,
			    errlen);
		dst = &s->docker_socket;
	}
	for (i = 0; dst == NULL && i < LAB_TLS_N; i++)
		if (strcmp(k, tls_keys[i]) == 0)
			dst = s != NULL ? &s->docker_tls[i] :
			    &lab->docker_tls[i];
	if (dst == NULL) {
		snprintf(err, errlen, "unknown key \"%s\"", k);
		return -1;
	}
	if (argv[1][0] == '\0' || strlen(argv[1]) > LAB_PATH_MAX) {
		snprintf(err, errlen, "%s: empty or too long (at most %d "
		    "bytes)", k, LAB_PATH_MAX);
		return -1;
	}
	free(*dst);
	if ((*dst = strdup(argv[1])) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* the TLS files given with an address: both cert and key or neither */
static int
docker_check(const char *who, const char *addr, char *const *tls,
    int remote, char *err, size_t errlen)
{
	char	e[200];

	if (lab_docker_addr(addr, remote, e, sizeof(e)) == -1) {
		snprintf(err, errlen, "%s%s", who, e);
		return -1;
	}
	if ((tls[LAB_TLS_CERT] == NULL) != (tls[LAB_TLS_KEY] == NULL)) {
		snprintf(err, errlen, "%sdocker-tls-cert and docker-tls-key "
		    "go together", who);
		return -1;
	}
	return 0;
}

/* account NAME ROLE password PASS | password-file PATH [id N] [disabled] */
static int
parse_account(int lineno, int argc, char **argv, struct lab_acct **list,
    int *n, char *err, size_t errlen)
{
	struct lab_acct	 a, *na;
	long long	 v;
	int		 i;

	memset(&a, 0, sizeof(a));
	a.enabled = 1;
	a.lineno = lineno;
	if (argc < 5) {
		snprintf(err, errlen, "usage: account NAME ROLE password PASS "
		    "| password-file PATH [id N] [disabled]");
		return -1;
	}
	if (strlen(argv[1]) > LAB_ACCT_NAME_MAX || argv[1][0] == '\0') {
		snprintf(err, errlen, "account: name must be 1-%d bytes",
		    LAB_ACCT_NAME_MAX);
		return -1;
	}
	strlcpy(a.name, argv[1], sizeof(a.name));
	if ((a.role = lab_role_parse(argv[2])) == -1) {
		snprintf(err, errlen, "account: unknown role \"%s\"", argv[2]);
		return -1;
	}
	if (strcmp(argv[3], "password") == 0) {
		if (strlen(argv[4]) > LAB_ACCT_PASS_MAX) {
			snprintf(err, errlen, "account: password longer than "
			    "%d bytes", LAB_ACCT_PASS_MAX);
			return -1;
		}
		strlcpy(a.password, argv[4], sizeof(a.password));
	} else if (strcmp(argv[3], "password-file") == 0) {
		if (argv[4][0] == '\0' || strlen(argv[4]) > LAB_PATH_MAX) {
			snprintf(err, errlen, "account: bad password-file");
			return -1;
		}
	} else {
		snprintf(err, errlen, "account: expected password or "
		    "password-file, got \"%s\"", argv[3]);
		return -1;
	}
	for (i = 5; i < argc; i++) {
		if (strcmp(argv[i], "disabled") == 0)
			a.enabled = 0;
		else if (strcmp(argv[i], "id") == 0 && i + 1 < argc) {
			if (conf_num("account id", argv[++i], LAB_ACCT_MIN_ID,
			    LAB_ACCT_MAX_ID, &v, err, errlen) == -1)
				return -1;
			a.id = (int)v;
		} else {
			snprintf(err, errlen, "account: unexpected \"%s\"",
			    argv[i]);
			return -1;
		}
	}
	if (*n >= LAB_ACCT_MAX_ID - LAB_ACCT_MIN_ID + 1) {
		snprintf(err, errlen, "account: too many accounts (at most %d)",
		    LAB_ACCT_MAX_ID - LAB_ACCT_MIN_ID + 1);
		return -1;
	}
	if (strcmp(argv[3], "password-file") == 0 &&
	    (a.pwfile = strdup(argv[4])) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((na = reallocarray(*list, (size_t)*n + 1, sizeof(*na))) == NULL) {
		free(a.pwfile);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	na[*n] = a;
	*list = na;
	(*n)++;
	return 0;
}

static int
new_server(struct lab_ctx *x, int lineno, const char *id, char *err,
    size_t errlen)
{
	struct lab		*lab = x->lab;
	struct lab_server	*s, *ns;
	size_t			 i;
	int			 d;

	if (!lab_valid_id(id)) {
		snprintf(err, errlen, "server: bad id \"%s\" (1-%d of "
		    "A-Z a-z 0-9 . _ -)", id, LAB_ID_MAX);
		return -1;
	}
	for (i = 0; i < lab->nservers; i++)
		if (strcmp(lab->servers[i].id, id) == 0) {
			snprintf(err, errlen, "server %s: already defined on "
			    "line %d", id, lab->servers[i].lineno);
			return -1;
		}
	if (lab->nservers >= LAB_SERVERS_MAX) {
		snprintf(err, errlen, "too many servers (at most %d)",
		    LAB_SERVERS_MAX);
		return -1;
	}
	if (lab->nservers == x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 8;

		if ((ns = reallocarray(lab->servers, ncap, sizeof(*ns))) ==
		    NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		lab->servers = ns;
		x->cap = ncap;
	}
	s = &lab->servers[lab->nservers++];
	memset(s, 0, sizeof(*s));
	strlcpy(s->id, id, sizeof(s->id));
	s->lineno = lineno;
	s->backend = LAB_BE_SIM;
	/* cpus, cpu-cores, cpu-model, memory: the profile's (hw.c) */
	s->cpu_arch = -1;
	s->disk_media = -1;
	s->policy = LAB_POL_OFF;
	s->stop_timeout = 10;
	strlcpy(s->nmi_signal, "SIGUSR1", sizeof(s->nmi_signal));
	s->exec_poll_ms = 2000;
	s->exec_timeout_ms = 30000;
	for (d = 0; d < LAB_DLY_N; d++)
		s->delay_ms[d] = delay_def[d];
	x->cur = s;
	return 0;
}

/* exec-* CMD...: the words are joined with blanks (quote to keep blanks). */
static int
exec_cmd(struct lab_server *s, int i, int argc, char **argv, char *err,
    size_t errlen)
{
	char	cmd[CONF_LINE_MAX + 1];
	int	j;

	cmd[0] = '\0';
	for (j = 1; j < argc; j++) {
		if (j > 1)
			strlcat(cmd, " ", sizeof(cmd));
		strlcat(cmd, argv[j], sizeof(cmd));
	}
	if (cmd[0] == '\0') {
		snprintf(err, errlen, "usage: %s COMMAND", argv[0]);
		return -1;
	}
	free(s->exec[i]);
	if ((s->exec[i] = strdup(cmd)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* the hardware model's keys: 1 done, 0 not one, -1 error */
static int
hw_key(struct lab_server *s, int argc, char **argv, char *err,
    size_t errlen)
{
	const char	*k = argv[0];
	const char	*tok;
	char		 val[HW_VAL_MAX + 1];
	long long	 v;
	int		 a;

	if (strcmp(k, "bios") == 0) {
		if (argc != 3 || (a = hw_attr_find(argv[1])) == -1) {
			snprintf(err, errlen, "usage: bios ATTRIBUTE VALUE "
			    "(an attribute of powerd(8)'s BIOS registry)");
			return -1;
		}
		if (hw_attr_text(a, argv[2], val, sizeof(val), &tok, err,
		    errlen) == -1)
			return -1;
		if (s->nbios >= LAB_BIOS_MAX) {
			snprintf(err, errlen, "bios: at most %d", LAB_BIOS_MAX);
			return -1;
		}
		if ((size_t)snprintf(s->bios[s->nbios], sizeof(s->bios[0]),
		    "%s=%s", argv[1], val) >= sizeof(s->bios[0])) {
			snprintf(err, errlen, "bios: value too long");
			return -1;
		}
		s->nbios++;
		return 1;
	}
	if (strcmp(k, "profile") != 0 && strcmp(k, "cpu-arch") != 0 &&
	    strcmp(k, "dimms") != 0 && strcmp(k, "dimm-size") != 0 &&
	    strcmp(k, "disks") != 0 && strcmp(k, "disk-size") != 0 &&
	    strcmp(k, "disk-media") != 0 && strcmp(k, "nics") != 0)
		return 0;
	if (argc != 2) {
		snprintf(err, errlen, "%s: expected one value", k);
		return -1;
	}
	if (strcmp(k, "profile") == 0) {
		if ((s->profile = hw_profile_parse(argv[1])) == -1) {
			snprintf(err, errlen, "profile: unknown \"%s\" "
			    "(x86-1u, arm-1u or storage-2u)", argv[1]);
			return -1;
		}
	} else if (strcmp(k, "cpu-arch") == 0) {
		if (strcmp(argv[1], "x86_64") == 0)
			s->cpu_arch = 0;
		else if (strcmp(argv[1], "aarch64") == 0)
			s->cpu_arch = 1;
		else {
			snprintf(err, errlen, "cpu-arch: x86_64 or aarch64");
			return -1;
		}
	} else if (strcmp(k, "disk-media") == 0) {
		if (strcmp(argv[1], "ssd") == 0)
			s->disk_media = 1;
		else if (strcmp(argv[1], "hdd") == 0)
			s->disk_media = 0;
		else {
			snprintf(err, errlen, "disk-media: ssd or hdd");
			return -1;
		}
	} else if (strcmp(k, "dimms") == 0) {
		if (conf_num(k, argv[1], 1, HW_DIMM_MAX, &v, err, errlen) == -1)
			return -1;
		s->dimms = (int)v;
	} else if (strcmp(k, "dimm-size") == 0) {
		if (conf_num(k, argv[1], 1, 1LL << 20, &s->dimm_mib, err,
		    errlen) == -1)
			return -1;
	} else if (strcmp(k, "disks") == 0) {
		if (conf_num(k, argv[1], 1, HW_DISK_MAX - 2, &v, err,
		    errlen) == -1)
			return -1;
		s->disks = (int)v;
	} else if (strcmp(k, "disk-size") == 0) {
		if (conf_num(k, argv[1], 1, 1LL << 20, &s->disk_gib, err,
		    errlen) == -1)
			return -1;
	} else {
		if (conf_num(k, argv[1], 1, HW_NIC_MAX, &v, err, errlen) == -1)
			return -1;
		s->nics = (int)v;
	}
	return 1;
}

static int
server_key(struct lab_ctx *x, int lineno, int argc, char **argv, char *err,
    size_t errlen)
{
	struct lab_server	*s = x->cur;
	const char		*k = argv[0];
	long long		 v;
	size_t			 i;
	int			 h;

	if ((h = hw_key(s, argc, argv, err, errlen)) != 0)
		return h == 1 ? 0 : -1;
	if (strcmp(k, "account") == 0)
		return parse_account(lineno, argc, argv, &s->accts, &s->nacct,
		    err, errlen);
	if (strcmp(k, "sim-delay") == 0) {
		if (argc != 3) {
			snprintf(err, errlen, "usage: sim-delay "
			    "on|off|soft|cycle|reset|boot DURATION");
			return -1;
		}
		for (i = 0; i < nitems(delays); i++)
			if (strcmp(argv[1], delays[i]) == 0)
				break;
		if (i == nitems(delays)) {
			snprintf(err, errlen, "sim-delay: unknown transition "
			    "\"%s\"", argv[1]);
			return -1;
		}
		if (conf_duration("sim-delay", argv[2], &v, err, errlen) == -1)
			return -1;
		if (v > 3600000) {
			snprintf(err, errlen, "sim-delay: at most 1h");
			return -1;
		}
		s->delay_ms[i] = v;
		return 0;
	}
	for (i = 0; i < nitems(execkeys); i++)
		if (strcmp(k, execkeys[i]) == 0) {
			return exec_cmd(s, (int)i, argc, argv, err, errlen);
		}
	if (strcmp(k, "mac") == 0) {
		if (argc != 2 || !valid_mac(argv[1])) {
			snprintf(err, errlen, "mac: expected "
			    "xx:xx:xx:xx:xx:xx");
			return -1;
		}
		if (s->nmacs >= LAB_MACS_MAX) {
			snprintf(err, errlen, "mac: at most %d", LAB_MACS_MAX);
			return -1;
		}
		strlcpy(s->macs[s->nmacs++], argv[1], sizeof(s->macs[0]));
		return 0;
	}
	if (argc != 2) {
		snprintf(err, errlen, "%s: expected one value", k);
		return -1;
	}
	if (strcmp(k, "backend") == 0) {
		for (i = 0; i < nitems(backends); i++)
			if (strcmp(argv[1], backends[i]) == 0)
				break;
		if (i == nitems(backends)) {
			snprintf(err, errlen, "backend: unknown \"%s\" "
			    "(sim, docker or exec)", argv[1]);
			return -1;
		}
		s->backend = (int)i;
		return 0;
	}
	if (strcmp(k, "name") == 0)
		return copy(s->name, sizeof(s->name), k, argv[1], err, errlen);
	if (strcmp(k, "uuid") == 0) {
		if (!valid_uuid(argv[1])) {
			snprintf(err, errlen, "uuid: expected "
			    "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
			return -1;
		}
		for (i = 0; i < 36; i++)
			s->uuid[i] = (char)tolower((unsigned char)argv[1][i]);
		s->uuid[36] = '\0';
		return 0;
	}
	if (strcmp(k, "serial") == 0)
		return copy(s->serial, sizeof(s->serial), k, argv[1], err,
		    errlen);
	if (strcmp(k, "model") == 0)
		return copy(s->model, sizeof(s->model), k, argv[1], err,
		    errlen);
	if (strcmp(k, "manufacturer") == 0)
		return copy(s->manufacturer, sizeof(s->manufacturer), k,
		    argv[1], err, errlen);
	if (strcmp(k, "part") == 0)
		return copy(s->part, sizeof(s->part), k, argv[1], err, errlen);
	if (strcmp(k, "cpu-model") == 0)
		return copy(s->cpu_model, sizeof(s->cpu_model), k, argv[1],
		    err, errlen);
	if (strcmp(k, "bmc-mac") == 0) {
		if (!valid_mac(argv[1])) {
			snprintf(err, errlen, "bmc-mac: expected "
			    "xx:xx:xx:xx:xx:xx");
			return -1;
		}
		strlcpy(s->bmc_mac, argv[1], sizeof(s->bmc_mac));
		return 0;
	}
	if (strcmp(k, "cpus") == 0) {
		if (conf_num(k, argv[1], 1, 8, &v, err, errlen) == -1)
			return -1;
		s->cpus = (int)v;
		return 0;
	}
	if (strcmp(k, "cpu-cores") == 0) {
		if (conf_num(k, argv[1], 1, 1024, &v, err, errlen) == -1)
			return -1;
		s->cpu_cores = (int)v;
		return 0;
	}
	if (strcmp(k, "memory") == 0)
		return conf_num(k, argv[1], 1, 1LL << 32, &s->memory_mib, err,
		    errlen);
	if (strcmp(k, "policy") == 0) {
		if ((s->policy = lab_policy_parse(argv[1])) == -1) {
			snprintf(err, errlen, "policy: unknown \"%s\" "
			    "(always-off, previous or always-on)", argv[1]);
			return -1;
		}
		return 0;
	}
	if (strcmp(k, "container") == 0) {
		/* Docker's name syntax; the name goes into Engine URLs */
		if (!lab_valid_id(argv[1]) || argv[1][0] == '.') {
			snprintf(err, errlen, "container: bad name \"%s\"",
			    argv[1]);
			return -1;
		}
		return copy(s->container, sizeof(s->container), k, argv[1],
		    err, errlen);
	}
	if (strcmp(k, "docker-stop-timeout") == 0) {
		if (conf_num(k, argv[1], 0, 3600, &v, err, errlen) == -1)
			return -1;
		s->stop_timeout = (int)v;
		return 0;
	}
	if (strcmp(k, "nmi-signal") == 0) {
		for (i = 0; argv[1][i] != '\0'; i++)
			if (!isalnum((unsigned char)argv[1][i]))
				break;
		if (argv[1][i] != '\0' || i == 0 ||
		    i >= sizeof(s->nmi_signal)) {
			snprintf(err, errlen, "nmi-signal: bad signal \"%s\"",
			    argv[1]);
			return -1;
		}
		strlcpy(s->nmi_signal, argv[1], sizeof(s->nmi_signal));
		return 0;
	}
	if (strcmp(k, "exec-poll") == 0) {
		if (conf_duration(k, argv[1], &v, err, errlen) == -1)
			return -1;
		if (v < 10) {
			snprintf(err, errlen, "exec-poll: at least 10ms");
			return -1;
		}
		s->exec_poll_ms = v;
		return 0;
	}
	if (strcmp(k, "exec-timeout") == 0) {
		if (conf_duration(k, argv[1], &v, err, errlen) == -1)
			return -1;
		if (v < 10) {
			snprintf(err, errlen, "exec-timeout: at least 10ms");
			return -1;
		}
		s->exec_timeout_ms = v;
		return 0;
	}
	if (strcmp(k, "console-unix") == 0 || strcmp(k, "console-pty") == 0) {
		if (copy(s->console_path, sizeof(s->console_path), k, argv[1],
		    err, errlen) == -1)
			return -1;
		s->console = k[8] == 'u' ? LAB_CON_UNIX : LAB_CON_PTY;
		return 0;
	}
	snprintf(err, errlen, "unknown key \"%s\"", k);
	return -1;
}

static int
lab_cb(void *ctx, int lineno, int argc, char **argv, char *err, size_t errlen)
{
	struct lab_ctx	*x = ctx;
	struct lab	*lab = x->lab;
	const char	*k = argv[0];
	long long	 v;

	if (strcmp(k, "server") == 0) {
		if (argc != 2) {
			snprintf(err, errlen, "usage: server ID");
			return -1;
		}
		return new_server(x, lineno, argv[1], err, errlen);
	}
	if (strcmp(k, "docker-socket") == 0 || strcmp(k, "docker-remote") == 0 ||
	    strncmp(k, "docker-tls-", 11) == 0)
		return docker_key(x, argc, argv, err, errlen);
	if (strcmp(k, "boot-facts") == 0) {
		if (argc != 2) {
			snprintf(err, errlen, "%s: expected one value", k);
			return -1;
		}
		if (argv[1][0] != '/') {
			snprintf(err, errlen, "boot-facts: \"%s\" is not an "
			    "absolute path", argv[1]);
			return -1;
		}
		return copy(x->cur != NULL ? x->cur->boot_facts :
		    lab->boot_facts, sizeof(lab->boot_facts), k, argv[1], err,
		    errlen);
	}
	if (strcmp(k, "account") == 0 && x->cur == NULL)
		return parse_account(lineno, argc, argv, &lab->accts,
		    &lab->nacct, err, errlen);
	if (strcmp(k, "state-dir") == 0 || strcmp(k, "socket") == 0 ||
	    strcmp(k, "allow-uid") == 0 ||
	    strcmp(k, "sel-max") == 0 || strcmp(k, "state-fsync") == 0 ||
	    strncmp(k, "lockout-", 8) == 0) {
		if (argc != 2) {
			snprintf(err, errlen, "%s: expected one value", k);
			return -1;
		}
		if (strcmp(k, "state-dir") == 0)
			return copy(lab->state_dir, sizeof(lab->state_dir), k,
			    argv[1], err, errlen);
		if (strcmp(k, "socket") == 0)
			return copy(lab->socket, sizeof(lab->socket), k,
			    argv[1], err, errlen);
		if (strcmp(k, "state-fsync") == 0) {
			int	b;

			if (conf_bool(k, argv[1], &b, err, errlen) == -1)
				return -1;
			lab->nofsync = !b;
			return 0;
		}
		if (strcmp(k, "sel-max") == 0) {
			if (conf_num(k, argv[1], 16, LAB_SEL_MAX, &v, err,
			    errlen) == -1)
				return -1;
			lab->sel_max = (int)v;
			return 0;
		}
		if (strcmp(k, "lockout-threshold") == 0) {
			if (conf_num(k, argv[1], 0, 255, &v, err, errlen) == -1)
				return -1;
			lab->lockout_threshold = (int)v;
			return 0;
		}
		if (strcmp(k, "lockout-duration") == 0 ||
		    strcmp(k, "lockout-reset-after") == 0) {
			if (conf_num(k, argv[1], k[8] == 'd' ? 0 : 1,
			    LAB_LOCKOUT_MAX, &v, err, errlen) == -1)
				return -1;
			*(k[8] == 'd' ? &lab->lockout_duration :
			    &lab->lockout_reset) = (int)v;
			return 0;
		}
		if (strcmp(k, "allow-uid") != 0) {
			snprintf(err, errlen, "unknown key \"%s\"", k);
			return -1;
		}
		if (lab->nallow >= LAB_ALLOW_MAX) {
			snprintf(err, errlen, "allow-uid: at most %d",
			    LAB_ALLOW_MAX);
			return -1;
		}
		if (copy(lab->allow[lab->nallow], sizeof(lab->allow[0]), k,
		    argv[1], err, errlen) == -1)
			return -1;
		lab->nallow++;
		return 0;
	}
	if (x->cur == NULL) {
		snprintf(err, errlen, "unknown key \"%s\"%s", k,
		    strcmp(k, "backend") == 0 || strcmp(k, "name") == 0 ?
		    " (outside a server section)" : "");
		return -1;
	}
	return server_key(x, lineno, argc, argv, err, errlen);
}

static int
merge(const struct lab_acct *src, int n, struct lab_acct *slot, int *lineno,
    char *err, size_t errlen)
{
	int	i, j;

	for (i = 0; i < n; i++) {
		if (src[i].id == 0)
			continue;
		if (slot[src[i].id].name[0] != '\0') {
			*lineno = src[i].lineno;
			snprintf(err, errlen, "account %s: id %d already used "
			    "by %s", src[i].name, src[i].id,
			    slot[src[i].id].name);
			return -1;
		}
		slot[src[i].id] = src[i];
	}
	for (i = 0; i < n; i++) {
		if (src[i].id != 0)
			continue;
		for (j = LAB_ACCT_MIN_ID; j <= LAB_ACCT_MAX_ID; j++)
			if (slot[j].name[0] == '\0')
				break;
		if (j > LAB_ACCT_MAX_ID) {
			*lineno = src[i].lineno;
			snprintf(err, errlen, "account %s: no free id",
			    src[i].name);
			return -1;
		}
		slot[j] = src[i];
		slot[j].id = j;
	}
	return 0;
}

static int
accounts_check(const struct lab *lab, const struct lab_server *s,
    struct lab_acct *slot, int *lineno, char *err, size_t errlen)
{
	struct lab_acct	 tmp[LAB_ACCT_MAX_ID + 1];
	int		 i, j;

	memset(tmp, 0, sizeof(tmp));
	if (merge(lab->accts, lab->nacct, tmp, lineno, err, errlen) == -1 ||
	    merge(s->accts, s->nacct, tmp, lineno, err, errlen) == -1)
		return -1;
	for (i = LAB_ACCT_MIN_ID; i <= LAB_ACCT_MAX_ID; i++)
		for (j = i + 1; j <= LAB_ACCT_MAX_ID; j++)
			if (tmp[i].name[0] != '\0' &&
			    strcmp(tmp[i].name, tmp[j].name) == 0) {
				*lineno = tmp[j].lineno;
				snprintf(err, errlen, "account %s: defined "
				    "twice for server %s", tmp[j].name, s->id);
				return -1;
			}
	if (slot != NULL)
		memcpy(slot, tmp, sizeof(tmp));
	return 0;
}

int
lab_accounts(const struct lab *lab, const struct lab_server *s,
    struct lab_acct *out)
{
	int	lineno;
	char	err[8];

	return accounts_check(lab, s, out, &lineno, err, sizeof(err));
}

static int
finish(struct lab *lab, int *lineno, char *err, size_t errlen)
{
	struct lab_server	*s;
	size_t			 i;
	int			 m;

	if (lab->nservers == 0) {
		*lineno = 0;
		snprintf(err, errlen, "no server configured");
		return -1;
	}
	if (lab->state_dir[0] == '\0')
		strlcpy(lab->state_dir, "/var/lib/bmcsim",
		    sizeof(lab->state_dir));
	if (lab->sel_max == 0)
		lab->sel_max = LAB_SEL_MAX;
	if (lab->docker_socket[0] != '\0' && docker_check("",
	    lab->docker_socket, lab->docker_tls, lab->docker_remote, err,
	    errlen) == -1) {
		*lineno = 0;
		return -1;
	}
	for (i = 0; i < lab->nservers; i++) {
		s = &lab->servers[i];
		if (s->name[0] == '\0')
			strlcpy(s->name, s->id, sizeof(s->name));
		if (s->uuid[0] == '\0')
			lab_derive_uuid(s->id, s->uuid);
		if (s->serial[0] == '\0') {
			char	u[37];

			lab_derive_uuid(s->id, u);
			snprintf(s->serial, sizeof(s->serial), "BMCSIM%.8s",
			    u);
			for (m = 6; s->serial[m] != '\0'; m++)
				s->serial[m] = (char)toupper(
				    (unsigned char)s->serial[m]);
		}
		if (s->model[0] == '\0')
			strlcpy(s->model, "Simulated Server", sizeof(s->model));
		if (s->manufacturer[0] == '\0')
			strlcpy(s->manufacturer, "bmcsim",
			    sizeof(s->manufacturer));
		if (s->part[0] == '\0')
			strlcpy(s->part, "BS-1000", sizeof(s->part));
		hw_lab_defaults(s);
		if (s->nmacs == 0) {
			lab_derive_mac(s->id, 0, 0, s->macs[0]);
			s->nmacs = 1;
		}
		if (s->bmc_mac[0] == '\0')
			lab_derive_mac(s->id, 1, 0, s->bmc_mac);
		if (s->container[0] == '\0')
			strlcpy(s->container, s->id, sizeof(s->container));
		if (s->backend != LAB_BE_DOCKER && s->boot_facts[0] != '\0') {
			*lineno = s->lineno;
			snprintf(err, errlen, "server %s: boot-facts needs "
			    "backend docker (exec passes the facts in the "
			    "environment)", s->id);
			return -1;
		}
		if (s->backend == LAB_BE_DOCKER && s->boot_facts[0] == '\0')
			strlcpy(s->boot_facts, lab->boot_facts,
			    sizeof(s->boot_facts));
		if (s->backend != LAB_BE_DOCKER && (s->docker_socket != NULL ||
		    s->docker_tls[0] != NULL || s->docker_tls[1] != NULL ||
		    s->docker_tls[2] != NULL)) {
			*lineno = s->lineno;
			snprintf(err, errlen, "server %s: docker-socket and "
			    "docker-tls-* need backend docker", s->id);
			return -1;
		}
		if (s->docker_socket != NULL || s->docker_tls[0] != NULL ||
		    s->docker_tls[1] != NULL || s->docker_tls[2] != NULL) {
			char	who[LAB_ID_MAX + 16];

			snprintf(who, sizeof(who), "server %s: ", s->id);
			*lineno = s->lineno;
			if (docker_check(who, s->docker_socket != NULL ?
			    s->docker_socket : lab->docker_socket[0] != '\0' ?
			    lab->docker_socket : "/var/run/docker.sock",
			    s->docker_tls, lab->docker_remote, err,
			    errlen) == -1)
				return -1;
			if ((s->docker_tls[0] != NULL ||
			    s->docker_tls[1] != NULL) &&
			    !lab_docker_tcp(s->docker_socket != NULL ?
			    s->docker_socket : lab->docker_socket)) {
				snprintf(err, errlen, "server %s: docker-tls-* "
				    "need a tcp:// docker-socket", s->id);
				return -1;
			}
		}
		if (s->backend == LAB_BE_EXEC && s->exec[LAB_ACT_ON] == NULL &&
		    s->exec[LAB_ACT_STATUS] == NULL) {
			*lineno = s->lineno;
			snprintf(err, errlen, "server %s: backend exec needs "
			    "exec-on or exec-status", s->id);
			return -1;
		}
		if (s->backend != LAB_BE_EXEC && s->console != LAB_CON_NONE) {
			*lineno = s->lineno;
			snprintf(err, errlen, "server %s: console-unix and "
			    "console-pty need backend exec", s->id);
			return -1;
		}
		if (accounts_check(lab, s, NULL, lineno, err, errlen) == -1)
			return -1;
	}
	return 0;
}

int
lab_parse(const char *buf, size_t len, struct lab *lab, int *lineno,
    char *err, size_t errlen)
{
	struct lab_ctx	x;

	memset(lab, 0, sizeof(*lab));
	lab->lockout_threshold = 10;
	lab->lockout_duration = 60;
	lab->lockout_reset = 60;
	memset(&x, 0, sizeof(x));
	x.lab = lab;
	*lineno = 0;
	if (conf_parse(buf, len, lab_cb, &x, lineno, err, errlen) == -1 ||
	    finish(lab, lineno, err, errlen) == -1) {
		lab_free(lab);
		return -1;
	}
	return 0;
}

static void
free_accts(struct lab_acct *a, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		free(a[i].pwfile);
		util_zeroize(a[i].password, sizeof(a[i].password));
	}
	free(a);
}

void
lab_free(struct lab *lab)
{
	size_t	i;
	int	j;

	for (i = 0; i < lab->nservers; i++) {
		free_accts(lab->servers[i].accts, lab->servers[i].nacct);
		for (j = 0; j < LAB_ACT_N; j++)
			free(lab->servers[i].exec[j]);
		free(lab->servers[i].docker_socket);
		for (j = 0; j < LAB_TLS_N; j++)
			free(lab->servers[i].docker_tls[j]);
	}
	for (j = 0; j < LAB_TLS_N; j++)
		free(lab->docker_tls[j]);
	free(lab->servers);
	free_accts(lab->accts, lab->nacct);
	memset(lab, 0, sizeof(*lab));
}

const struct lab_server *
lab_find(const struct lab *lab, const char *id)
{
	size_t	i;

	for (i = 0; i < lab->nservers; i++)
		if (strcmp(lab->servers[i].id, id) == 0)
			return &lab->servers[i];
	return NULL;
}
