/* powerctl.c: powerd's command-line client: every op from a shell. */
/* SPDX-License-Identifier: ISC */

#include <sys/socket.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "pdclient.h"
#include "pdmsg.h"
#include "sock.h"
#include "util.h"

#define PCTL_TIMEOUT_MS		30000	/* power actions wait */
#define PCTL_LINGER_MS		1000	/* console after stdin EOF */
#define PCTL_SEL_PAGE		100
#define PCTL_PW_MAX		128

#define EXIT_NOTOK		1	/* powerd answered "ok":false */

struct ctx {
	const char	*sock;
	int		 timeout;
	int		 json;
	const char	*server;
	struct pdc	*pdc;
};

static void	usage(void) __attribute__((noreturn));

static void
usage(void)
{
	fprintf(stderr, "usage: powerctl [-j] [-S socket] [-t timeout_ms] "
	    "command [server] [args]\n");
	exit(EXIT_USAGE);
}

static void __attribute__((format(printf, 1, 2), noreturn))
usage_err(const char *fmt, ...)
{
	va_list	ap;

	fputs("powerctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

static void
print_json(const cJSON *o)
{
	char	*s;

	if ((s = cJSON_PrintUnformatted(o)) == NULL)
		return;
	printf("%s\n", s);
	cJSON_free(s);
}

/*
 * Send req (consumed) and wait for the reply.  Returns 0 with *replyp,
 * EXIT_NOTOK after printing powerd's error, or EXIT_RUNTIME when powerd
 * cannot be reached or answers nonsense.
 */
static int
call(struct ctx *c, cJSON *req, cJSON **replyp, int *fdp)
{
	cJSON	*reply = NULL;
	int	 rv;

	*replyp = NULL;
	if (req == NULL) {
		fprintf(stderr, "powerctl: out of memory\n");
		return EXIT_RUNTIME;
	}
	if (c->pdc == NULL &&
	    (c->pdc = pdc_open(c->sock, c->timeout)) == NULL) {
		fprintf(stderr, "powerctl: %s: %s\n", c->sock, strerror(errno));
		cJSON_Delete(req);
		return EXIT_RUNTIME;
	}
	if (pdc_call(c->pdc, req, &reply, fdp, c->timeout) == -1) {
		fprintf(stderr, "powerctl: %s: %s\n", c->sock,
		    errno == ETIMEDOUT ? "no reply from powerd (timeout)" :
		    strerror(errno));
		cJSON_Delete(req);
		return EXIT_RUNTIME;
	}
	cJSON_Delete(req);
	if (c->json)
		print_json(reply);
	if (!pdmsg_ok(reply)) {
		fprintf(stderr, "powerctl: %s: %s\n",
		    pdmsg_str(reply, "error", "error"),
		    pdmsg_str(reply, "message", "request failed"));
		rv = EXIT_NOTOK;
		if (fdp != NULL && *fdp != -1) {
			close(*fdp);
			*fdp = -1;
		}
		cJSON_Delete(reply);
		return rv;
	}
	*replyp = reply;
	return 0;
}

static cJSON *
request(struct ctx *c, const char *op, const char *action)
{
	cJSON	*req;

	if ((req = pdmsg_request(0, op, c->server)) == NULL)
		return NULL;
	if (action != NULL &&
	    cJSON_AddStringToObject(req, "action", action) == NULL) {
		cJSON_Delete(req);
		return NULL;
	}
	cJSON_AddStringToObject(req, "by", "powerctl");
	return req;
}

/* Call and, unless -j, hand the reply to show(). */
static int
call_show(struct ctx *c, cJSON *req, void (*show)(struct ctx *,
    const cJSON *))
{
	cJSON	*reply;
	int	 rv;

	if ((rv = call(c, req, &reply, NULL)) != 0)
		return rv;
	if (!c->json && show != NULL)
		show(c, reply);
	cJSON_Delete(reply);
	return 0;
}

static long long
num_arg(const char *what, const char *s, long long min, long long max)
{
	const char	*errstr;
	long long	 v;

	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		usage_err("%s: \"%s\" is %s", what, s, errstr);
	return v;
}

static const char *
fmt_time(double t, char *buf, size_t len)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strlcpy(buf, "-", len);
	return buf;
}

static const char *
yesno(const cJSON *o, const char *key)
{
	int	b = pdmsg_bool(o, key, -1);

	return b == -1 ? "?" : b ? "yes" : "no";
}

/* Read a password from a file (-p) or stdin (no echo on a terminal). */
static int
read_password(const char *pwfile, char *out, size_t outlen)
{
	struct termios	 t, saved;
	size_t		 n;
	int		 tty = isatty(STDIN_FILENO);

	if (pwfile != NULL) {
		if (util_read_secret(pwfile, out, outlen) == -1) {
			fprintf(stderr, "powerctl: %s: %s\n", pwfile,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (tty) {
		fputs("Password: ", stderr);
		if (tcgetattr(STDIN_FILENO, &saved) == 0) {
			t = saved;
			t.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		}
	}
	if (fgets(out, (int)outlen, stdin) == NULL)
		out[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == outlen - 1) {
		util_zeroize(out, outlen);
		fprintf(stderr, "powerctl: password too long\n");
		return -1;
	}
	out[n] = '\0';
	return 0;
}

/* ---- hello, list ---- */

static void
show_hello(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	printf("powerd %s, protocol %d, %d servers\n",
	    pdmsg_str(r, "version", "?"), (int)pdmsg_num(r, "proto", 0),
	    (int)pdmsg_num(r, "servers", 0));
}

static int
cmd_hello(struct ctx *c, int argc, char **argv)
{
	UNUSED(argv);
	if (argc != 0)
		usage();
	return call_show(c, request(c, "hello", NULL), show_hello);
}

static void
show_list(struct ctx *c, const cJSON *r)
{
	const cJSON	*s;

	UNUSED(c);
	printf("%-16s %-20s %-8s %s\n", "ID", "NAME", "BACKEND", "POWER");
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(r, "servers"))
		printf("%-16s %-20s %-8s %s\n", pdmsg_str(s, "id", "?"),
		    pdmsg_str(s, "name", ""), pdmsg_str(s, "backend", "?"),
		    pdmsg_str(s, "power", "?"));
}

static int
cmd_list(struct ctx *c, int argc, char **argv)
{
	UNUSED(argv);
	if (argc != 0)
		usage();
	return call_show(c, request(c, "list", NULL), show_list);
}

/* ---- status, power ---- */

static void
print_boot(const cJSON *b)
{
	const char	*ut = pdmsg_str(b, "uefi_target", "");

	printf("boot:           %s (%s, %s)%s%s\n", pdmsg_str(b, "target", "?"),
	    pdmsg_str(b, "enabled", "?"), pdmsg_str(b, "mode", "?"),
	    *ut ? " " : "", ut);
}

static void
print_identify(const cJSON *i)
{
	double	rem = pdmsg_num(i, "remaining", 0);

	if (rem > 0)
		printf("identify:       %s (%.0f s left)\n",
		    pdmsg_str(i, "state", "?"), rem);
	else
		printf("identify:       %s\n", pdmsg_str(i, "state", "?"));
}

static void
print_media(const cJSON *m)
{
	if (pdmsg_bool(m, "inserted", 0))
		printf("media:          %s%s\n", pdmsg_str(m, "image", ""),
		    pdmsg_bool(m, "write_protected", 1) ? " (read-only)" : "");
	else
		printf("media:          none\n");
}

static void
print_powerlimit(const cJSON *p)
{
	printf("power limit:    %.0f W, %s, correction %.0f ms, "
	    "sampling %.0f s, exception %s\n", pdmsg_num(p, "limit_w", 0),
	    pdmsg_bool(p, "active", 0) ? "active" : "inactive",
	    pdmsg_num(p, "correction_ms", 0), pdmsg_num(p, "sampling_s", 0),
	    pdmsg_str(p, "exception", "?"));
}

static void
show_status(struct ctx *c, const cJSON *r)
{
	const cJSON	*o;
	char		 tb[64];

	printf("server:         %s\n", c->server);
	printf("power:          %s\n", pdmsg_str(r, "power", "?"));
	if ((o = cJSON_GetObjectItemCaseSensitive(r, "boot")) != NULL)
		print_boot(o);
	if ((o = cJSON_GetObjectItemCaseSensitive(r, "identify")) != NULL)
		print_identify(o);
	printf("policy:         %s\n", pdmsg_str(r, "policy", "?"));
	printf("last reset:     %s\n",
	    fmt_time(pdmsg_num(r, "last_reset", 0), tb, sizeof(tb)));
	printf("restart cause:  %s\n", pdmsg_str(r, "restart_cause", "?"));
	printf("power-on hours: %.1f\n", pdmsg_num(r, "poh_minutes", 0) / 60);
	if ((o = cJSON_GetObjectItemCaseSensitive(r, "media")) != NULL)
		print_media(o);
	if ((o = cJSON_GetObjectItemCaseSensitive(r, "power_limit")) != NULL)
		print_powerlimit(o);
}

static int
cmd_status(struct ctx *c, int argc, char **argv)
{
	UNUSED(argv);
	if (argc != 0)
		usage();
	return call_show(c, request(c, "status", NULL), show_status);
}

static void
show_power(struct ctx *c, const cJSON *r)
{
	printf("%s: power %s\n", c->server, pdmsg_str(r, "power", "?"));
}

static int
cmd_power(struct ctx *c, int argc, char **argv)
{
	static const char *const actions[] = { "on", "off", "soft", "reset",
	    "cycle", "nmi", "diag" };
	const char	*action = NULL;
	cJSON		*req;
	size_t		 i;
	int		 nowait = 0, a;

	for (a = 0; a < argc; a++) {
		if (strcmp(argv[a], "-n") == 0)
			nowait = 1;
		else if (action == NULL)
			action = argv[a];
		else
			usage();
	}
	if (action == NULL)
		usage_err("power: which action? "
		    "on|off|soft|reset|cycle|nmi|diag");
	for (i = 0; i < nitems(actions); i++)
		if (strcmp(action, actions[i]) == 0)
			break;
	if (i == nitems(actions))
		usage_err("power: unknown action \"%s\"", action);
	req = request(c, "power", action);
	if (req != NULL)
		cJSON_AddBoolToObject(req, "wait", !nowait);
	return call_show(c, req, show_power);
}

/* ---- boot, identify, policy ---- */

static void
show_boot(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	print_boot(cJSON_GetObjectItemCaseSensitive(r, "boot"));
}

static int
cmd_boot(struct ctx *c, int argc, char **argv)
{
	cJSON	*req;
	int	 a, have_target = 0;

	if (argc == 0 || (argc == 1 && strcmp(argv[0], "get") == 0))
		return call_show(c, request(c, "boot", "get"), show_boot);
	if (strcmp(argv[0], "set") != 0 || argc < 2)
		usage_err("boot: boot SERVER [get] | "
		    "set TARGET [once|continuous] [uefi|legacy] [uefi_target]");
	if ((req = request(c, "boot", "set")) == NULL)
		return call(c, NULL, &req, NULL);
	for (a = 1; a < argc; a++) {
		const char *w = argv[a];

		if (!have_target) {
			cJSON_AddStringToObject(req, "target", w);
			have_target = 1;
		} else if (strcmp(w, "once") == 0 ||
		    strcmp(w, "continuous") == 0 || strcmp(w, "disabled") == 0)
			cJSON_AddStringToObject(req, "enabled", w);
		else if (strcmp(w, "uefi") == 0 || strcmp(w, "legacy") == 0)
			cJSON_AddStringToObject(req, "mode", w);
		else if (cJSON_GetObjectItemCaseSensitive(req,
		    "uefi_target") == NULL)
			cJSON_AddStringToObject(req, "uefi_target", w);
		else {
			cJSON_Delete(req);
			usage_err("boot: unexpected \"%s\"", w);
		}
	}
	return call_show(c, req, show_boot);
}

static void
show_identify(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	print_identify(cJSON_GetObjectItemCaseSensitive(r, "identify"));
}

static int
cmd_identify(struct ctx *c, int argc, char **argv)
{
	cJSON	*req;

	if (argc == 0)
		return call_show(c, request(c, "identify", "get"),
		    show_identify);
	if (strcmp(argv[0], "off") != 0 && strcmp(argv[0], "on") != 0 &&
	    strcmp(argv[0], "blink") != 0)
		usage_err("identify: unknown state \"%s\" (off|on|blink)",
		    argv[0]);
	if (argc > 2 || (argc == 2 && strcmp(argv[0], "blink") != 0))
		usage();
	req = request(c, "identify", "set");
	if (req != NULL) {
		cJSON_AddStringToObject(req, "state", argv[0]);
		if (argc == 2)
			cJSON_AddNumberToObject(req, "seconds",
			    (double)num_arg("identify seconds", argv[1], 0,
			    255));
	}
	return call_show(c, req, show_identify);
}

static void
show_policy(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	printf("policy:         %s\n", pdmsg_str(r, "policy", "?"));
}

static int
cmd_policy(struct ctx *c, int argc, char **argv)
{
	cJSON	*req;

	if (argc == 0)
		return call_show(c, request(c, "policy", "get"), show_policy);
	if (argc != 1)
		usage();
	if (strcmp(argv[0], "always-off") != 0 &&
	    strcmp(argv[0], "previous") != 0 &&
	    strcmp(argv[0], "always-on") != 0)
		usage_err("policy: unknown policy \"%s\" "
		    "(always-off|previous|always-on)", argv[0]);
	req = request(c, "policy", "set");
	if (req != NULL)
		cJSON_AddStringToObject(req, "policy", argv[0]);
	return call_show(c, req, show_policy);
}

/* ---- sel ---- */

static void
print_sel_entry(const cJSON *e)
{
	char	tb[64];

	printf("%-6.0f %-20s %-8s %-7s %s\n", pdmsg_num(e, "id", 0),
	    fmt_time(pdmsg_num(e, "time", 0), tb, sizeof(tb)),
	    pdmsg_str(e, "severity", "?"), pdmsg_str(e, "origin", "?"),
	    pdmsg_str(e, "message", ""));
}

static void
show_sel_info(struct ctx *c, const cJSON *r)
{
	char	tb[64];

	UNUSED(c);
	printf("entries:        %.0f of %.0f\n", pdmsg_num(r, "count", 0),
	    pdmsg_num(r, "max", 0));
	printf("free bytes:     %.0f\n", pdmsg_num(r, "free", 0));
	printf("last add:       %s\n",
	    fmt_time(pdmsg_num(r, "last_add", 0), tb, sizeof(tb)));
	printf("last erase:     %s\n",
	    fmt_time(pdmsg_num(r, "last_erase", 0), tb, sizeof(tb)));
	printf("overflow:       %s\n", yesno(r, "overflow"));
}

static void
show_sel_get(struct ctx *c, const cJSON *r)
{
	const cJSON	*e = cJSON_GetObjectItemCaseSensitive(r, "entry");

	UNUSED(c);
	print_sel_entry(e);
	printf("record:         %s\n", pdmsg_str(e, "record", ""));
}

static void
show_sel_add(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	printf("added entry %.0f\n", pdmsg_num(r, "entry_id", 0));
}

static void
show_sel_time(struct ctx *c, const cJSON *r)
{
	char	tb[64];
	double	t = pdmsg_num(r, "time", 0);

	UNUSED(c);
	printf("%.0f %s\n", t, fmt_time(t, tb, sizeof(tb)));
}

static void
show_sel_clear(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	UNUSED(r);
	printf("SEL cleared\n");
}

/* All entries, a page at a time (a reply is bounded by PD_REPLY_MAX). */
static int
sel_list(struct ctx *c)
{
	const cJSON	*e;
	cJSON		*req, *reply, *all = NULL, *entries;
	int		 start = 0, total, n, rv = 0;

	if (c->json && (all = cJSON_CreateArray()) == NULL)
		return EXIT_RUNTIME;
	if (!c->json)
		printf("%-6s %-20s %-8s %-7s %s\n", "ID", "TIME", "SEVERITY",
		    "ORIGIN", "MESSAGE");
	for (;;) {
		req = request(c, "sel", "list");
		if (req != NULL) {
			cJSON_AddNumberToObject(req, "start", start);
			cJSON_AddNumberToObject(req, "count", PCTL_SEL_PAGE);
		}
		c->json = 0;		/* one JSON array at the end */
		rv = call(c, req, &reply, NULL);
		c->json = all != NULL;
		if (rv != 0)
			break;
		total = (int)pdmsg_num(reply, "total", 0);
		entries = cJSON_GetObjectItemCaseSensitive(reply, "entries");
		n = cJSON_GetArraySize(entries);
		cJSON_ArrayForEach(e, entries) {
			if (all != NULL)
				cJSON_AddItemToArray(all,
				    cJSON_Duplicate(e, 1));
			else
				print_sel_entry(e);
		}
		cJSON_Delete(reply);
		start += n;
		if (n == 0 || start >= total)
			break;
	}
	if (all != NULL && rv == 0) {
		cJSON	*o = cJSON_CreateObject();

		if (o != NULL) {
			cJSON_AddBoolToObject(o, "ok", 1);
			cJSON_AddNumberToObject(o, "total", start);
			cJSON_AddItemToObject(o, "entries", all);
			all = NULL;
			print_json(o);
			cJSON_Delete(o);
		}
	}
	cJSON_Delete(all);
	return rv;
}

static int
cmd_sel(struct ctx *c, int argc, char **argv)
{
	char	 msg[1024];
	cJSON	*req;
	int	 a;

	if (argc == 0)
		usage_err("sel: info|list|get ID|add MESSAGE|clear|"
		    "time [EPOCH]");
	if (strcmp(argv[0], "info") == 0 && argc == 1)
		return call_show(c, request(c, "sel", "info"), show_sel_info);
	if (strcmp(argv[0], "list") == 0 && argc == 1)
		return sel_list(c);
	if (strcmp(argv[0], "clear") == 0 && argc == 1)
		return call_show(c, request(c, "sel", "clear"),
		    show_sel_clear);
	if (strcmp(argv[0], "get") == 0 && argc == 2) {
		req = request(c, "sel", "get");
		if (req != NULL)
			cJSON_AddNumberToObject(req, "entry_id",
			    (double)num_arg("sel id", argv[1], 0, 0xffff));
		return call_show(c, req, show_sel_get);
	}
	if (strcmp(argv[0], "add") == 0 && argc >= 2) {
		const char	*sev = NULL, *rec = NULL;

		msg[0] = '\0';
		for (a = 1; a < argc; a++) {
			if (strcmp(argv[a], "-s") == 0 && a + 1 < argc &&
			    msg[0] == '\0') {
				sev = argv[++a];
				continue;
			}
			if (strcmp(argv[a], "-r") == 0 && a + 1 < argc &&
			    msg[0] == '\0') {
				rec = argv[++a];
				continue;
			}
			if (msg[0] != '\0')
				strlcat(msg, " ", sizeof(msg));
			if (strlcat(msg, argv[a], sizeof(msg)) >= sizeof(msg))
				usage_err("sel: message too long");
		}
		if (sev != NULL && strcmp(sev, "OK") != 0 &&
		    strcmp(sev, "Warning") != 0 && strcmp(sev, "Critical") != 0)
			usage_err("sel: severity is OK, Warning or Critical");
		if (rec == NULL && msg[0] == '\0')
			usage_err("sel: add [-s severity] [-r record] message");
		req = request(c, "sel", "add");
		if (req != NULL) {
			if (msg[0] != '\0')
				cJSON_AddStringToObject(req, "message", msg);
			if (rec != NULL)
				cJSON_AddStringToObject(req, "record", rec);
			if (sev != NULL)
				cJSON_AddStringToObject(req, "severity", sev);
		}
		return call_show(c, req, show_sel_add);
	}
	if (strcmp(argv[0], "time") == 0 && argc <= 2) {
		if (argc == 1)
			return call_show(c, request(c, "sel", "time-get"),
			    show_sel_time);
		req = request(c, "sel", "time-set");
		if (req != NULL)
			cJSON_AddNumberToObject(req, "time", (double)num_arg(
			    "sel time", argv[1], 0, 0xffffffffLL));
		return call_show(c, req, show_sel_time);
	}
	usage_err("sel: info|list|get ID|add MESSAGE|clear|time [EPOCH]");
}

/* ---- sensors, inventory ---- */

static void
show_sensors(struct ctx *c, const cJSON *r)
{
	const cJSON	*s, *rd;
	char		 val[32];

	UNUSED(c);
	printf("%-4s %-20s %-12s %10s %-4s %s\n", "NUM", "NAME", "TYPE",
	    "READING", "UNIT", "STATUS");
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(r, "sensors")) {
		rd = cJSON_GetObjectItemCaseSensitive(s, "reading");
		if (cJSON_IsNumber(rd))
			snprintf(val, sizeof(val), "%.2f", rd->valuedouble);
		else
			strlcpy(val, "-", sizeof(val));
		printf("%-4.0f %-20s %-12s %10s %-4s %s\n",
		    pdmsg_num(s, "num", 0), pdmsg_str(s, "name", "?"),
		    pdmsg_str(s, "type", "?"), val, pdmsg_str(s, "unit", ""),
		    pdmsg_str(s, "status", "?"));
	}
}

static int
cmd_sensors(struct ctx *c, int argc, char **argv)
{
	UNUSED(argv);
	if (argc != 0)
		usage();
	return call_show(c, request(c, "sensors", NULL), show_sensors);
}

/* Print every member of an object as "key: value" (arrays joined). */
static void
print_fields(const cJSON *o)
{
	const cJSON	*f, *e;
	char		 key[40];

	cJSON_ArrayForEach(f, o) {
		if (cJSON_IsObject(f) && strcmp(f->string, "hw") == 0)
			continue;	/* powerctl hw */
		snprintf(key, sizeof(key), "%s:", f->string);
		printf("%-15s ", key);
		if (cJSON_IsString(f))
			printf("%s", f->valuestring);
		else if (cJSON_IsNumber(f))
			printf("%g", f->valuedouble);
		else if (cJSON_IsBool(f))
			printf("%s", cJSON_IsTrue(f) ? "yes" : "no");
		else if (cJSON_IsArray(f)) {
			cJSON_ArrayForEach(e, f) {
				if (e != f->child)
					printf(" ");
				if (cJSON_IsString(e))
					printf("%s", e->valuestring);
				else {
					char *s = cJSON_PrintUnformatted(e);

					printf("%s", s ? s : "?");
					cJSON_free(s);
				}
			}
		} else {
			char *s = cJSON_PrintUnformatted(f);

			printf("%s", s ? s : "?");
			cJSON_free(s);
		}
		printf("\n");
	}
}

static void
show_inventory(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	print_fields(cJSON_GetObjectItemCaseSensitive(r, "inventory"));
}

static int
cmd_inventory(struct ctx *c, int argc, char **argv)
{
	UNUSED(argv);
	if (argc != 0)
		usage();
	return call_show(c, request(c, "inventory", NULL), show_inventory);
}

/* ---- accounts ---- */

static void
show_accounts(struct ctx *c, const cJSON *r)
{
	const cJSON	*a;

	UNUSED(c);
	printf("%-3s %-16s %-14s %s\n", "ID", "NAME", "ROLE", "ENABLED");
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(r, "accounts"))
		printf("%-3.0f %-16s %-14s %s\n", pdmsg_num(a, "id", 0),
		    pdmsg_str(a, "name", ""), pdmsg_str(a, "role", "?"),
		    yesno(a, "enabled"));
}

static void
show_account(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	print_fields(cJSON_GetObjectItemCaseSensitive(r, "account"));
}

static void
show_deleted(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	UNUSED(r);
	printf("deleted\n");
}

/*
 * "5" selects by id, anything else by name.  The account's id travels as
 * "account_id": "id" is the request's own.
 */
static void
add_account_ref(cJSON *req, const char *s)
{
	if (s[0] >= '0' && s[0] <= '9')
		cJSON_AddNumberToObject(req, "account_id",
		    (double)num_arg("account id", s, 1, 255));
	else
		cJSON_AddStringToObject(req, "name", s);
}

static int
cmd_accounts(struct ctx *c, int argc, char **argv)
{
	char		 pw[PCTL_PW_MAX];
	const char	*pwfile = NULL, *eq;
	char		*words[16];
	cJSON		*req;
	int		 a, n = 0, b;

	/* -p FILE may appear anywhere after the subcommand */
	for (a = 0; a < argc; a++) {
		if (strcmp(argv[a], "-p") == 0) {
			if (++a == argc)
				usage_err("accounts: -p needs a file");
			pwfile = argv[a];
		} else if (n < (int)nitems(words))
			words[n++] = argv[a];
		else
			usage();
	}
	if (n == 0 || (n == 1 && strcmp(words[0], "list") == 0))
		return call_show(c, request(c, "accounts", "list"),
		    show_accounts);
	if (strcmp(words[0], "get") == 0 && n == 2) {
		req = request(c, "accounts", "get");
		if (req != NULL)
			add_account_ref(req, words[1]);
		return call_show(c, req, show_account);
	}
	if (strcmp(words[0], "delete") == 0 && n == 2) {
		req = request(c, "accounts", "delete");
		if (req != NULL)
			add_account_ref(req, words[1]);
		return call_show(c, req, show_deleted);
	}
	if (strcmp(words[0], "add") == 0 && n == 3) {
		if (read_password(pwfile, pw, sizeof(pw)) == -1)
			return EXIT_RUNTIME;
		req = request(c, "accounts", "add");
		if (req != NULL) {
			cJSON_AddStringToObject(req, "name", words[1]);
			cJSON_AddStringToObject(req, "role", words[2]);
			cJSON_AddStringToObject(req, "password", pw);
			cJSON_AddBoolToObject(req, "enabled", 1);
		}
		util_zeroize(pw, sizeof(pw));
		return call_show(c, req, show_account);
	}
	if (strcmp(words[0], "set") == 0 && n >= 2 &&
	    (n > 2 || pwfile != NULL)) {
		if ((req = request(c, "accounts", "set")) == NULL)
			return call(c, NULL, &req, NULL);
		add_account_ref(req, words[1]);
		for (a = 2; a < n; a++) {
			if ((eq = strchr(words[a], '=')) == NULL) {
				cJSON_Delete(req);
				usage_err("accounts set: \"%s\" is not "
				    "key=value", words[a]);
			}
			if (strncmp(words[a], "name=", 5) == 0) {
				if (cJSON_GetObjectItemCaseSensitive(req,
				    "name") != NULL) {
					cJSON_Delete(req);
					usage_err("accounts set: rename by id");
				}
				cJSON_AddStringToObject(req, "name", eq + 1);
			}
			else if (strncmp(words[a], "role=", 5) == 0)
				cJSON_AddStringToObject(req, "role", eq + 1);
			else if (strncmp(words[a], "enabled=", 8) == 0) {
				if (strcmp(eq + 1, "yes") == 0 ||
				    strcmp(eq + 1, "true") == 0)
					b = 1;
				else if (strcmp(eq + 1, "no") == 0 ||
				    strcmp(eq + 1, "false") == 0)
					b = 0;
				else {
					cJSON_Delete(req);
					usage_err("accounts set: enabled is "
					    "yes or no");
				}
				cJSON_AddBoolToObject(req, "enabled", b);
			} else {
				cJSON_Delete(req);
				if (strncmp(words[a], "password=", 9) == 0)
					usage_err("accounts set: passwords "
					    "are read from a file (-p)");
				usage_err("accounts set: unknown key \"%.*s\" "
				    "(name, role, enabled)",
				    (int)(eq - words[a]), words[a]);
			}
		}
		if (pwfile != NULL) {
			if (read_password(pwfile, pw, sizeof(pw)) == -1) {
				cJSON_Delete(req);
				return EXIT_RUNTIME;
			}
			cJSON_AddStringToObject(req, "password", pw);
			util_zeroize(pw, sizeof(pw));
		}
		return call_show(c, req, show_account);
	}
	if (strcmp(words[0], "verify") == 0 && n == 2) {
		if (read_password(pwfile, pw, sizeof(pw)) == -1)
			return EXIT_RUNTIME;
		req = request(c, "accounts", "verify");
		if (req != NULL) {
			cJSON_AddStringToObject(req, "name", words[1]);
			cJSON_AddStringToObject(req, "password", pw);
		}
		util_zeroize(pw, sizeof(pw));
		return call_show(c, req, show_account);
	}
	usage_err("accounts: list|get ID|add NAME ROLE [-p file]|"
	    "set ID key=value... [-p file]|delete ID|verify NAME");
}

/* ---- media, powerlimit ---- */

static void
show_media(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	print_media(cJSON_GetObjectItemCaseSensitive(r, "media"));
}

static int
cmd_media(struct ctx *c, int argc, char **argv)
{
	cJSON	*req;

	if (argc == 0 || (argc == 1 && strcmp(argv[0], "get") == 0))
		return call_show(c, request(c, "media", "get"), show_media);
	if (argc == 1 && strcmp(argv[0], "eject") == 0)
		return call_show(c, request(c, "media", "eject"), show_media);
	if (argc == 2 && strcmp(argv[0], "insert") == 0) {
		req = request(c, "media", "insert");
		if (req != NULL)
			cJSON_AddStringToObject(req, "image", argv[1]);
		return call_show(c, req, show_media);
	}
	usage_err("media: get|insert URL|eject");
}

static void
show_powerlimit(struct ctx *c, const cJSON *r)
{
	UNUSED(c);
	print_powerlimit(cJSON_GetObjectItemCaseSensitive(r, "power_limit"));
}

static int
cmd_powerlimit(struct ctx *c, int argc, char **argv)
{
	const char	*eq;
	cJSON		*req;
	size_t		 klen;
	int		 a;

	if (argc == 0 || (argc == 1 && strcmp(argv[0], "get") == 0))
		return call_show(c, request(c, "powerlimit", "get"),
		    show_powerlimit);
	if (argc == 1 && (strcmp(argv[0], "activate") == 0 ||
	    strcmp(argv[0], "deactivate") == 0)) {
		req = request(c, "powerlimit", "activate");
		if (req != NULL)
			cJSON_AddBoolToObject(req, "active",
			    argv[0][0] == 'a');
		return call_show(c, req, show_powerlimit);
	}
	if (strcmp(argv[0], "set") != 0 || argc < 2)
		usage_err("powerlimit: get|set key=value...|activate|"
		    "deactivate");
	if ((req = request(c, "powerlimit", "set")) == NULL)
		return call(c, NULL, &req, NULL);
	for (a = 1; a < argc; a++) {
		if ((eq = strchr(argv[a], '=')) == NULL) {
			cJSON_Delete(req);
			usage_err("powerlimit set: \"%s\" is not key=value",
			    argv[a]);
		}
		klen = (size_t)(eq - argv[a]);
		if (klen == 9 && strncmp(argv[a], "exception", 9) == 0) {
			if (strcmp(eq + 1, "none") != 0 &&
			    strcmp(eq + 1, "off") != 0 &&
			    strcmp(eq + 1, "log") != 0) {
				cJSON_Delete(req);
				usage_err("powerlimit set: exception is "
				    "none, off or log");
			}
			cJSON_AddStringToObject(req, "exception", eq + 1);
		} else if ((klen == 7 &&
		    strncmp(argv[a], "limit_w", 7) == 0) ||
		    (klen == 13 &&
		    strncmp(argv[a], "correction_ms", 13) == 0) ||
		    (klen == 10 && strncmp(argv[a], "sampling_s", 10) == 0)) {
			char key[16];

			memcpy(key, argv[a], klen);
			key[klen] = '\0';
			cJSON_AddNumberToObject(req, key, (double)num_arg(key,
			    eq + 1, 0, 0xffffffffLL));
		} else {
			cJSON_Delete(req);
			usage_err("powerlimit set: unknown key \"%.*s\" "
			    "(limit_w, correction_ms, sampling_s, exception)",
			    (int)klen, argv[a]);
		}
	}
	return call_show(c, req, show_powerlimit);
}

/* ---- the hardware model ---- */

static const cJSON *
jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* a JSON value as text (strings bare) */
static void
print_value(const cJSON *v)
{
	char	*s;

	if (cJSON_IsString(v)) {
		printf("%s", v->valuestring);
		return;
	}
	if ((s = cJSON_PrintUnformatted(v)) != NULL)
		printf("%s", s);
	cJSON_free(s);
}

static void
print_ids(const char *label, const cJSON *a)
{
	const cJSON	*e;

	printf("%-15s", label);
	cJSON_ArrayForEach(e, a) {
		printf(" ");
		print_value(cJSON_IsObject(e) ? jget(e, "id") : e);
	}
	printf("\n");
}

static void
print_vols(const char *label, const cJSON *a)
{
	const cJSON	*v, *d;

	cJSON_ArrayForEach(v, a) {
		printf("%-15s %s %s %s", label, pdmsg_str(v, "id", "?"),
		    pdmsg_str(v, "name", "?"), pdmsg_str(v, "raid", "?"));
		cJSON_ArrayForEach(d, jget(v, "drives"))
			printf(" %s", cJSON_IsString(d) ? d->valuestring : "?");
		printf(" %.0f bytes", pdmsg_num(v, "capacity_bytes", 0));
		if (jget(v, "op") != NULL)
			printf(" (%s at next reset)", pdmsg_str(v, "op", "?"));
		printf("\n");
	}
}

static void
show_hw(struct ctx *c, const cJSON *r)
{
	const cJSON	*h = jget(r, "hw"), *a, *e, *p, *s;
	double		 mib = 0;
	int		 n = 0;

	UNUSED(c);
	printf("%-15s %s\n", "profile:", pdmsg_str(h, "profile", "?"));
	a = jget(h, "processors");
	if ((e = cJSON_GetArrayItem(a, 0)) != NULL)
		printf("%-15s %d x %s (%s, %.0f cores, %.0f threads)\n",
		    "processors:", cJSON_GetArraySize(a),
		    pdmsg_str(e, "model", "?"), pdmsg_str(e, "arch", "?"),
		    pdmsg_num(e, "cores", 0), pdmsg_num(e, "threads", 0));
	cJSON_ArrayForEach(e, jget(h, "memory")) {
		mib += pdmsg_num(e, "size_mib", 0);
		n++;
	}
	printf("%-15s %d DIMMs, %.0f MiB\n", "memory:", n, mib);
	cJSON_ArrayForEach(e, jget(h, "nics")) {
		printf("%-15s %s %s fw %s:", "nic:", pdmsg_str(e, "id", "?"),
		    pdmsg_str(e, "model", "?"), pdmsg_str(e, "firmware", "?"));
		cJSON_ArrayForEach(p, jget(e, "ports"))
			printf(" %s %s %s", pdmsg_str(p, "id", "?"),
			    pdmsg_str(p, "mac", "?"),
			    pdmsg_str(p, "link", "?"));
		printf("\n");
	}
	cJSON_ArrayForEach(s, jget(h, "storage")) {
		cJSON_ArrayForEach(e, jget(s, "drives"))
			printf("%-15s %s %s %s %.0f bytes fw %s\n", "drive:",
			    pdmsg_str(e, "id", "?"), pdmsg_str(e, "model", "?"),
			    pdmsg_str(e, "media", "?"),
			    pdmsg_num(e, "capacity_bytes", 0),
			    pdmsg_str(e, "firmware", "?"));
		print_vols("volume:", jget(s, "volumes"));
		print_vols("volume:", jget(s, "pending_volumes"));
	}
	e = jget(h, "bios");
	printf("%-15s %s, %d pending%s\n", "bios:", pdmsg_str(e, "version",
	    "?"), cJSON_GetArraySize(jget(e, "pending")),
	    cJSON_IsTrue(jget(e, "reset_pending")) ? ", defaults at next reset"
	    : "");
	print_ids("boot order:", jget(h, "boot_order"));
	cJSON_ArrayForEach(e, jget(h, "boot_options"))
		printf("%-15s %s %s\n", "boot option:", pdmsg_str(e, "id", "?"),
		    pdmsg_str(e, "name", "?"));
	e = jget(h, "secure_boot");
	printf("%-15s %s (%s)", "secure boot:", cJSON_IsTrue(jget(e,
	    "enabled")) ? "enabled" : "disabled", pdmsg_str(e, "mode", "?"));
	if (cJSON_IsBool(jget(e, "pending_enabled")))
		printf(", %s at next reset", cJSON_IsTrue(jget(e,
		    "pending_enabled")) ? "enabled" : "disabled");
	printf("\n");
	cJSON_ArrayForEach(e, jget(h, "firmware")) {
		printf("%-15s %s %s", "firmware:", pdmsg_str(e, "id", "?"),
		    pdmsg_str(e, "version", "?"));
		if (cJSON_IsString(jget(e, "pending")))
			printf(" (%s at next reset)", pdmsg_str(e, "pending",
			    "?"));
		printf("\n");
	}
}

static int
cmd_hw(struct ctx *c, int argc, char **argv)
{
	UNUSED(argv);
	if (argc != 0)
		usage();
	return call_show(c, request(c, "hw", "get"), show_hw);
}

static void
show_bios(struct ctx *c, const cJSON *r)
{
	const cJSON	*b = jget(jget(r, "hw"), "bios"), *e, *p;

	UNUSED(c);
	cJSON_ArrayForEach(e, jget(b, "attributes")) {
		printf("%s=", e->string);
		print_value(e);
		if ((p = jget(jget(b, "pending"), e->string)) != NULL) {
			printf(" (pending: ");
			print_value(p);
			printf(")");
		}
		printf("\n");
	}
	if (cJSON_IsTrue(jget(b, "reset_pending")))
		printf("(defaults at next reset)\n");
}

/* bios set K=V...: typed by the registry powerd reports */
static int
bios_set(struct ctx *c, int argc, char **argv)
{
	const cJSON	*reg, *d;
	cJSON		*reply, *req, *attrs;
	char		*eq, *end;
	const char	*type;
	long long	 n;
	int		 i, rv;

	if ((rv = call(c, request(c, "hw", "get"), &reply, NULL)) != 0)
		return rv;
	reg = jget(jget(jget(reply, "hw"), "bios"), "registry");
	if ((req = request(c, "hw", "bios-set")) == NULL ||
	    (attrs = cJSON_AddObjectToObject(req, "attributes")) == NULL) {
		cJSON_Delete(reply);
		return call(c, NULL, &reply, NULL);
	}
	for (i = 0; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL || eq == argv[i])
			usage_err("bios set: \"%s\" is not NAME=VALUE",
			    argv[i]);
		*eq++ = '\0';
		type = "String";
		cJSON_ArrayForEach(d, reg)
			if (strcmp(pdmsg_str(d, "name", ""), argv[i]) == 0)
				type = pdmsg_str(d, "type", "String");
		if (strcmp(type, "Boolean") == 0 && (strcmp(eq, "true") == 0 ||
		    strcmp(eq, "false") == 0))
			cJSON_AddBoolToObject(attrs, argv[i], eq[0] == 't');
		else if (strcmp(type, "Integer") == 0 && eq[0] != '\0' &&
		    (n = strtoll(eq, &end, 10), *end == '\0'))
			cJSON_AddNumberToObject(attrs, argv[i], (double)n);
		else
			cJSON_AddStringToObject(attrs, argv[i], eq);
	}
	cJSON_Delete(reply);
	return call_show(c, req, show_bios);
}

static int
cmd_bios(struct ctx *c, int argc, char **argv)
{
	if (argc == 0 || (argc == 1 && strcmp(argv[0], "get") == 0))
		return call_show(c, request(c, "hw", "get"), show_bios);
	if (argc == 1 && strcmp(argv[0], "reset") == 0)
		return call_show(c, request(c, "hw", "bios-reset"), show_bios);
	if (argc == 1 && strcmp(argv[0], "clear") == 0)
		return call_show(c, request(c, "hw", "bios-clear-pending"),
		    show_bios);
	if (argc >= 2 && strcmp(argv[0], "set") == 0)
		return bios_set(c, argc - 1, argv + 1);
	usage_err("bios: get|set NAME=VALUE...|reset|clear");
}

/* volume create LEVEL DRIVE... [name=N] [apply=reset] | delete VOLUME ... */
static int
cmd_volume(struct ctx *c, int argc, char **argv)
{
	cJSON	*req, *d;
	int	 i, create;

	if (argc < 2 || ((create = strcmp(argv[0], "create") == 0) == 0 &&
	    strcmp(argv[0], "delete") != 0))
		usage_err("volume: create LEVEL DRIVE... [name=NAME] "
		    "[apply=reset] | delete VOLUME [apply=reset]");
	if ((req = request(c, "hw", create ? "volume-create" :
	    "volume-delete")) == NULL)
		return call(c, NULL, &req, NULL);
	cJSON_AddStringToObject(req, "storage", "RAID0");
	cJSON_AddStringToObject(req, create ? "raid" : "volume", argv[1]);
	d = create ? cJSON_AddArrayToObject(req, "drives") : NULL;
	for (i = 2; i < argc; i++) {
		if (strncmp(argv[i], "apply=", 6) == 0)
			cJSON_AddStringToObject(req, "apply", argv[i] + 6);
		else if (create && strncmp(argv[i], "name=", 5) == 0)
			cJSON_AddStringToObject(req, "name", argv[i] + 5);
		else if (create && d != NULL)
			cJSON_AddItemToArray(d, cJSON_CreateString(argv[i]));
		else {
			cJSON_Delete(req);
			usage_err("volume delete: unexpected \"%s\"", argv[i]);
		}
	}
	return call_show(c, req, show_hw);
}

static int
cmd_bootorder(struct ctx *c, int argc, char **argv)
{
	cJSON	*req, *a;
	int	 i;

	if (argc == 0)
		return call_show(c, request(c, "hw", "get"), show_hw);
	if (argc == 1 && strcmp(argv[0], "default") == 0)
		return call_show(c, request(c, "hw", "boot-order-default"),
		    show_hw);
	if ((req = request(c, "hw", "boot-order")) == NULL ||
	    (a = cJSON_AddArrayToObject(req, "order")) == NULL)
		return call(c, req, &req, NULL);
	for (i = 0; i < argc; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(argv[i]));
	return call_show(c, req, show_hw);
}

static int
cmd_secureboot(struct ctx *c, int argc, char **argv)
{
	cJSON	*req;

	if (argc == 1 && (strcmp(argv[0], "on") == 0 ||
	    strcmp(argv[0], "off") == 0)) {
		if ((req = request(c, "hw", "secure-boot")) != NULL)
			cJSON_AddBoolToObject(req, "enabled",
			    strcmp(argv[0], "on") == 0);
		return call_show(c, req, show_hw);
	}
	if (argc == 2 && strcmp(argv[0], "keys") == 0) {
		if ((req = request(c, "hw", "secure-boot-reset")) != NULL)
			cJSON_AddStringToObject(req, "keys", argv[1]);
		return call_show(c, req, show_hw);
	}
	usage_err("secureboot: on|off|keys ResetAllKeysToDefault|"
	    "DeleteAllKeys|DeletePK");
}

static int
cmd_firmware(struct ctx *c, int argc, char **argv)
{
	cJSON	*req;

	if (argc == 0)
		return call_show(c, request(c, "hw", "get"), show_hw);
	if (argc != 2)
		usage_err("firmware: [COMPONENT VERSION]");
	if ((req = request(c, "hw", "firmware-stage")) != NULL) {
		cJSON_AddStringToObject(req, "component", argv[0]);
		cJSON_AddStringToObject(req, "version", argv[1]);
	}
	return call_show(c, req, show_hw);
}

/* ---- console ---- */

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t	w;

	while (len > 0) {
		if ((w = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Input escapes as ssh(1): at the start of a line "~." quits and "~~"
 * sends one '~'.  Returns 1 when the user asked to quit.
 */
static int
console_input(int fd, const char *in, size_t n, int *bol, int *tilde)
{
	char	out[2 * 4096];
	size_t	i, o = 0;

	for (i = 0; i < n; i++) {
		char ch = in[i];

		if (*tilde) {
			*tilde = 0;
			if (ch == '.')
				return 1;
			if (ch != '~')
				out[o++] = '~';
			out[o++] = ch;
		} else if (*bol && ch == '~') {
			*tilde = 1;
			continue;
		} else
			out[o++] = ch;
		*bol = ch == '\r' || ch == '\n';
	}
	if (o > 0 && write_all(fd, out, o) == -1)
		return -1;
	return 0;
}

static int
cmd_console(struct ctx *c, int argc, char **argv)
{
	struct termios	 saved, raw;
	struct pollfd	 pfd[2];
	cJSON		*reply = NULL;
	char		 buf[4096];
	ssize_t		 n;
	int		 fd = -1, rv, tty, stdin_open = 1;
	int		 bol = 1, tilde = 0;

	UNUSED(argv);
	if (argc != 0)
		usage();
	if ((rv = call(c, request(c, "console", NULL), &reply, &fd)) != 0)
		return rv;
	cJSON_Delete(reply);
	if (fd == -1) {
		fprintf(stderr, "powerctl: console: no fd in the reply\n");
		return EXIT_RUNTIME;
	}
	pdc_close(c->pdc);
	c->pdc = NULL;
	sock_set_nonblock(fd, 0);
	tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	if (tty) {
		fprintf(stderr, "[connected to %s; ~. to quit]\n", c->server);
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	}
	rv = 0;
	for (;;) {
		pfd[0].fd = fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = stdin_open ? STDIN_FILENO : -1;
		pfd[1].events = POLLIN;
		n = poll(pfd, 2, stdin_open ? -1 : PCTL_LINGER_MS);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			rv = EXIT_RUNTIME;
			break;
		}
		if (n == 0)
			break;	/* stdin closed, console quiet */
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if ((n = read(fd, buf, sizeof(buf))) <= 0)
				break;	/* console closed */
			if (write_all(STDOUT_FILENO, buf, (size_t)n) == -1) {
				rv = EXIT_RUNTIME;
				break;
			}
		}
		if (stdin_open && (pfd[1].revents & (POLLIN | POLLHUP))) {
			if ((n = read(STDIN_FILENO, buf, sizeof(buf))) <= 0) {
				stdin_open = 0;
				continue;
			}
			if ((rv = console_input(fd, buf, (size_t)n, &bol,
			    &tilde)) != 0) {
				rv = rv == 1 ? 0 : EXIT_RUNTIME;
				break;
			}
		}
	}
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fprintf(stderr, "\n[disconnected]\n");
	}
	close(fd);
	return rv;
}

/* ---- subscribe, raw ---- */

static void
print_event(const cJSON *e)
{
	const char	*ev = pdmsg_str(e, "event", "?");
	const char	*srv = pdmsg_str(e, "server", "-");
	const cJSON	*o;

	if (strcmp(ev, "power") == 0)
		printf("%s power %s (was %s, by %s, cause %s)\n", srv,
		    pdmsg_str(e, "power", "?"), pdmsg_str(e, "prev", "?"),
		    pdmsg_str(e, "by", "?"), pdmsg_str(e, "cause", "?"));
	else if (strcmp(ev, "boot") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(e, "boot");
		printf("%s boot %s (%s, %s)\n", srv,
		    pdmsg_str(o, "target", "?"), pdmsg_str(o, "enabled", "?"),
		    pdmsg_str(o, "mode", "?"));
	} else if (strcmp(ev, "identify") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(e, "identify");
		printf("%s identify %s\n", srv, pdmsg_str(o, "state", "?"));
	} else if (strcmp(ev, "sel") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(e, "entry");
		if (pdmsg_bool(e, "cleared", 0))
			printf("%s sel cleared\n", srv);
		else
			printf("%s sel %.0f %s %s\n", srv,
			    pdmsg_num(o, "id", 0),
			    pdmsg_str(o, "severity", "?"),
			    pdmsg_str(o, "message", ""));
	} else if (strcmp(ev, "accounts") == 0)
		printf("%s accounts changed\n", srv);
	else if (strcmp(ev, "media") == 0) {
		o = cJSON_GetObjectItemCaseSensitive(e, "media");
		if (pdmsg_bool(o, "inserted", 0))
			printf("%s media inserted %s\n", srv,
			    pdmsg_str(o, "image", ""));
		else
			printf("%s media ejected\n", srv);
	} else if (strcmp(ev, "reset") == 0)
		printf("%s reset\n", srv);
	else {
		printf("%s %s ", srv, ev);
		print_json(e);
		return;
	}
}

static int
cmd_subscribe(struct ctx *c, int argc, char **argv)
{
	cJSON	*reply, *ev;
	int	 rv, json;

	UNUSED(argv);
	if (argc != 0)
		usage();
	/* with -j only the events are printed, not the acknowledgement */
	json = c->json;
	c->json = 0;
	rv = call(c, request(c, "subscribe", NULL), &reply, NULL);
	c->json = json;
	if (rv != 0)
		return rv;
	cJSON_Delete(reply);
	fflush(stdout);
	for (;;) {
		if (pdc_next_event(c->pdc, &ev, -1) == -1) {
			if (errno == ECONNRESET)
				fprintf(stderr, "powerctl: powerd closed the "
				    "connection\n");
			else
				fprintf(stderr, "powerctl: %s: %s\n", c->sock,
				    strerror(errno));
			return EXIT_RUNTIME;
		}
		if (c->json)
			print_json(ev);
		else
			print_event(ev);
		fflush(stdout);
		cJSON_Delete(ev);
	}
}

static int
cmd_raw(struct ctx *c, int argc, char **argv)
{
	cJSON	*req, *reply = NULL;
	int	 rv, json = c->json;

	if (argc != 1)
		usage_err("raw: one JSON object, e.g. '{\"op\":\"hello\"}'");
	if ((req = pdmsg_parse(argv[0], strlen(argv[0]))) == NULL)
		usage_err("raw: not a JSON object");
	c->json = 1;
	rv = call(c, req, &reply, NULL);
	c->json = json;
	cJSON_Delete(reply);
	return rv;
}

static const struct command {
	const char	*name;
	int		 server;	/* 1 required, 0 none, 2 optional */
	int		(*fn)(struct ctx *, int, char **);
} commands[] = {
	{ "hello",	0, cmd_hello },
	{ "list",	0, cmd_list },
	{ "status",	1, cmd_status },
	{ "power",	1, cmd_power },
	{ "boot",	1, cmd_boot },
	{ "identify",	1, cmd_identify },
	{ "policy",	1, cmd_policy },
	{ "sel",	1, cmd_sel },
	{ "sensors",	1, cmd_sensors },
	{ "inventory",	1, cmd_inventory },
	{ "accounts",	1, cmd_accounts },
	{ "media",	1, cmd_media },
	{ "powerlimit",	1, cmd_powerlimit },
	{ "console",	1, cmd_console },
	{ "subscribe",	2, cmd_subscribe },
	{ "raw",	0, cmd_raw },
	{ "hw",		1, cmd_hw },
	{ "bios",	1, cmd_bios },
	{ "volume",	1, cmd_volume },
	{ "bootorder",	1, cmd_bootorder },
	{ "secureboot",	1, cmd_secureboot },
	{ "firmware",	1, cmd_firmware },
};

int
main(int argc, char *argv[])
{
	const struct command	*cmd = NULL;
	struct ctx		 c;
	size_t			 i;
	int			 ch, rv;

	memset(&c, 0, sizeof(c));
	c.sock = PD_SOCK_DEFAULT;
	c.timeout = PCTL_TIMEOUT_MS;
	signal(SIGPIPE, SIG_IGN);

	/* "+": stop at the command, so its own flags (-n, -p) reach it */
	while ((ch = getopt(argc, argv, "+jS:t:")) != -1) {
		switch (ch) {
		case 'j':
			c.json = 1;
			break;
		case 'S':
			c.sock = optarg;
			break;
		case 't':
			c.timeout = (int)num_arg("timeout", optarg, 1,
			    24 * 3600 * 1000);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	for (i = 0; i < nitems(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL)
		usage_err("unknown command \"%s\"", argv[0]);
	argc--;
	argv++;
	if (cmd->server == 1 || (cmd->server == 2 && argc > 0)) {
		if (argc < 1)
			usage_err("%s: which server?", cmd->name);
		c.server = argv[0];
		argc--;
		argv++;
	}
	rv = cmd->fn(&c, argc, argv);
	pdc_close(c.pdc);
	if (fflush(stdout) == EOF && rv == 0)
		rv = EXIT_RUNTIME;
	return rv;
}
