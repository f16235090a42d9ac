/* 5003-state.c: state files: encode, decode, every truncation, corrupt input; accounts. */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "util.h"
#include "../../powerd/state.h"

static const char labtxt[] =
    "account admin administrator password secret\n"
    "account op operator password op1\n"
    "server srv1\n";

int
main(void)
{
	struct lab		 lab;
	struct lab_acct		 slots[LAB_ACCT_MAX_ID + 1];
	struct pd_state		 a, b;
	const struct sel_entry	*e;
	char			 err[128], *txt, *t2, *bad;
	const char		*why;
	size_t			 len, len2, i, fails = 0;
	int			 line, rv, id;

	if (lab_parse(labtxt, strlen(labtxt), &lab, &line, err,
	    sizeof(err)) != 0)
		return 1;
	lab_accounts(&lab, &lab.servers[0], slots);
	state_init(&a, &lab, &lab.servers[0], slots);
	is_str(a.acct[2].name, "admin", "seeded admin");
	is_str(a.acct[3].password, "op1", "seeded password");
	a.power = PD_PWR_ON;
	a.policy = LAB_POL_PREVIOUS;
	a.boot.target = PD_BOOT_CD;
	a.boot.enabled = PD_BOOTEN_ONCE;
	a.boot.mode = PD_BOOTMODE_LEGACY;
	strlcpy(a.boot.uefi_target, "/dev/x", sizeof(a.boot.uefi_target));
	a.last_reset = 1700000000;
	a.restart_cause = PD_CAUSE_WATCHDOG;
	a.poh_ms = 123456789;
	a.media.inserted = 1;
	strlcpy(a.media.image, "http://127.0.0.1/x \"y\".iso",
	    sizeof(a.media.image));
	a.plimit.active = 1;
	a.plimit.limit_w = 250;
	a.plimit.exception = PD_PLEXC_LOG;
	a.sel.offset = -5;
	is_int(a.lockout.threshold, 10, "lockout threshold from the lab");
	a.lockout.threshold = 4;
	a.lockout.duration = 0;
	a.lockout.reset_after = 90;
	for (i = 0; i < 5; i++)
		sel_add_event(&a.sel, 1700000000 + (int64_t)i, SEL_ST_POWER_UNIT,
		    SEL_SN_POWER_UNIT, SEL_DIR_ASSERT, 0, 0xff, 0xff, (int)i % 3,
		    (int)i % 5, "msg \"quoted\" \\ back");
	txt = state_encode(&a, "srv1", 1, &len);
	ok(txt != NULL && len > 0 && txt[len - 1] == '\n', "encode");

	state_init(&b, &lab, &lab.servers[0], NULL);
	rv = state_decode(txt, len, &b, err, sizeof(err));
	is_int(rv, 0, "decode");
	if (rv != 0)
		diag("%s", err);
	is_int(b.power, PD_PWR_ON, "power");
	is_int(b.policy, LAB_POL_PREVIOUS, "policy");
	is_int(b.boot.target, PD_BOOT_CD, "boot target");
	is_int(b.boot.enabled, PD_BOOTEN_ONCE, "boot once");
	is_int(b.boot.mode, PD_BOOTMODE_LEGACY, "boot mode");
	is_str(b.boot.uefi_target, "/dev/x", "uefi target");
	is_int(b.last_reset, 1700000000, "last reset");
	is_int(b.restart_cause, PD_CAUSE_WATCHDOG, "restart cause");
	is_int(b.poh_ms, 123456789, "poh");
	is_str(b.media.image, a.media.image, "media image with quotes");
	is_int(b.plimit.limit_w, 250, "power limit");
	is_int(b.plimit.exception, PD_PLEXC_LOG, "exception");
	is_int(b.sel.count, 5, "SEL entries");
	is_int(b.sel.next_id, 6, "SEL next id");
	is_int(b.sel.offset, -5, "SEL offset");
	ok(b.lockout.threshold == 4 && b.lockout.duration == 0 &&
	    b.lockout.reset_after == 90, "lockout policy");
	e = sel_at(&b.sel, 4);
	is_mem(e->rec, sel_at(&a.sel, 4)->rec, SEL_REC_LEN, "record bytes");
	is_str(e->msg, "msg \"quoted\" \\ back", "message");
	is_int(e->origin, 4, "origin");
	is_str(b.acct[3].name, "op", "account");
	is_str(b.acct[2].password, "secret", "password");
	t2 = state_encode(&b, "srv1", 1, &len2);
	ok(t2 != NULL && len2 == len && memcmp(txt, t2, len) == 0,
	    "decode(encode(x)) encodes the same");
	free(t2);
	state_free(&b);

	/* every truncation is refused with a reason */
	for (i = 0; i < len - 1; i++) {
		state_init(&b, &lab, &lab.servers[0], NULL);
		if ((bad = malloc(i + 1)) == NULL)
			return 1;
		memcpy(bad, txt, i);
		err[0] = '\0';
		if (state_decode(bad, i, &b, err, sizeof(err)) == 0 ||
		    err[0] == '\0')
			fails++;
		free(bad);
		state_free(&b);
	}
	is_int(fails, 0, "every truncation fails with a reason");

	{
		static const struct {
			const char	*from, *to, *why;
		} muts[] = {
			{ "\"power\":\"on\"", "\"power\":\"maybe\"", "power" },
			{ "\"version\":1", "\"version\":2", "version" },
			{ "\"target\":\"cd\"", "\"target\":7", "target" },
			{ "\"id\":2,", "\"id\":1,", "account" },
			{ "\"next_id\":6", "\"next_id\":0", "next_id" },
			{ "\"limit_w\":250", "\"limit_w\":-1", "limit_w" },
			{ "\"reset_after\":90", "\"reset_after\":0",
			    "lockout" },
			{ "\"threshold\":4", "\"threshold\":\"4\"",
			    "lockout" },
			{ "\"role\":\"operator\"", "\"role\":\"god\"", "account" },
		};
		char	*m, *p;
		size_t	 k;

		for (k = 0; k < nitems(muts); k++) {
			p = strstr(txt, muts[k].from);
			if (p == NULL) {
				ok(0, "mutation %s not applicable", muts[k].why);
				continue;
			}
			if ((m = malloc(len + 64)) == NULL)
				return 1;
			memcpy(m, txt, (size_t)(p - txt));
			strcpy(m + (p - txt), muts[k].to);
			strcat(m, p + strlen(muts[k].from));
			state_init(&b, &lab, &lab.servers[0], NULL);
			rv = state_decode(m, strlen(m), &b, err, sizeof(err));
			ok(rv != 0 && strstr(err, muts[k].why) != NULL,
			    "corrupt %s refused: %s", muts[k].why, err);
			state_free(&b);
			free(m);
		}
	}
	{
		/* a file from before the lockout: the lab's values */
		char	*m = strdup(txt), *p, *q;

		if (m == NULL)
			return 1;
		p = strstr(m, "\"lockout\":");
		q = p != NULL ? strchr(p, '}') : NULL;
		ok(q != NULL, "lockout encoded");
		if (q != NULL)
			memmove(p, q + 2, strlen(q + 2) + 1);
		state_init(&b, &lab, &lab.servers[0], NULL);
		rv = state_decode(m, strlen(m), &b, err, sizeof(err));
		ok(rv == 0 && b.lockout.threshold == 10 &&
		    b.lockout.duration == 60 && b.lockout.reset_after == 60,
		    "no lockout in the file: lab defaults (%s)", err);
		state_free(&b);
		free(m);
	}
	state_init(&b, &lab, &lab.servers[0], NULL);
	ok(state_decode("[]", 2, &b, err, sizeof(err)) != 0, "not an object");
	state_free(&b);
	free(txt);

	/* without entries (they live in the SEL log) */
	txt = state_encode(&a, "srv1", 0, &len);
	state_init(&b, &lab, &lab.servers[0], NULL);
	is_int(state_decode(txt, len, &b, err, sizeof(err)), 0,
	    "decode without entries");
	is_int(b.sel.count, 0, "no entries");
	is_int(b.sel.next_id, 6, "but the SEL's next id");
	state_free(&b);
	free(txt);

	/* SEL log lines */
	{
		struct sel_entry	se;
		char			*l;
		size_t			 ll, k, bad_ok = 0;

		l = state_sel_line(sel_at(&a.sel, 2), &ll);
		ok(l != NULL && l[ll - 1] == '\n' && memchr(l, '\n', ll - 1) ==
		    NULL, "one line per entry");
		is_int(state_sel_parse_line(l, ll - 1, &se), 0, "line parses");
		is_mem(&se, sel_at(&a.sel, 2), sizeof(se), "same entry back");
		for (k = 0; k < ll - 1; k++)
			if (state_sel_parse_line(l, k, &se) != 0)
				bad_ok++;
		is_int(bad_ok, ll - 1, "every truncated line refused");
		ok(state_sel_parse_line("[1,2,\"00\",\"OK\",\"os\",\"m\"]",
		    31, &se) != 0, "short record refused");
		free(l);
	}

	/* accounts */
	id = acct_add(&a, 0, "bob", "pw", LAB_ROLE_OPERATOR, 1, &why);
	is_int(id, 4, "add: first free id");
	is_int(acct_add(&a, 0, "bob", "pw", 0, 1, &why), BMC_EINVAL,
	    "add: name taken");
	is_str(why, "exists", "exists");
	is_int(acct_add(&a, 0, "abcdefghijklmnopq", "pw", 0, 1, &why),
	    BMC_EINVAL, "add: name too long");
	is_int(acct_add(&a, 0, "x", "012345678901234567890", 0, 1, &why),
	    BMC_EINVAL, "add: password too long");
	is_int(acct_add(&a, 3, "y", "p", 0, 1, &why), BMC_EINVAL,
	    "add: id in use");
	is_int(acct_set(&a, 2, NULL, NULL, LAB_ROLE_OPERATOR, -1, &why),
	    BMC_EINVAL, "demoting the last admin");
	is_str(why, "denied", "denied");
	is_int(acct_set(&a, 2, NULL, NULL, -1, 0, &why), BMC_EINVAL,
	    "disabling the last admin");
	is_int(acct_delete(&a, 2, &why), BMC_EINVAL, "deleting the last admin");
	is_int(acct_set(&a, 4, NULL, NULL, LAB_ROLE_ADMIN, -1, &why), 4,
	    "promote bob");
	is_int(acct_delete(&a, 2, &why), 0, "now admin can go");
	is_int(acct_find(&a, "admin"), -1, "gone");
	is_int(acct_set(&a, 9, "new", NULL, -1, -1, &why), 9,
	    "set name on a free slot creates");
	is_int(a.acct[9].role, LAB_ROLE_NOACCESS, "created with no access");
	is_int(acct_set(&a, 9, "", NULL, -1, -1, &why), 0,
	    "empty name frees the slot");
	is_str(a.acct[9].name, "", "freed");
	for (i = 0; i < 20; i++) {
		char n[8];

		snprintf(n, sizeof(n), "u%zu", i);
		acct_add(&a, 0, n, "p", 2, 1, &why);
	}
	is_int(acct_add(&a, 0, "last", "p", 2, 1, &why), BMC_ERANGE, "full");
	is_str(why, "full", "full token");
	state_free(&a);
	lab_free(&lab);
	return done_testing();
}
