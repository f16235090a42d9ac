/* 5001-lab.c: the lab file parser (bmcsim.conf(5)). */
/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "util.h"
#include "../../powerd/lab.h"

static const char good[] =
    "# a lab\n"
    "state-dir /tmp/st\n"
    "socket /tmp/p.sock\n"
    "docker-socket /run/docker.sock\n"
    "allow-uid 1000\n"
    "sel-max 512\n"
    "lockout-threshold 5\n"
    "lockout-duration 0\n"
    "account admin administrator password password\n"
    "account op operator password-file /etc/pw id 5\n"
    "account ro readonly password \"r o\" disabled\n"
    "server srv1\n"
    "\tbackend sim\n"
    "\tname \"Server One\"\n"
    "\tserial S1\n"
    "\tmac 52:54:00:00:01:01\n"
    "\tmac 52:54:00:00:01:02\n"
    "\tbmc-mac 52:54:00:00:00:01\n"
    "\tcpus 4\n"
    "\tcpu-cores 8\n"
    "\tcpu-model \"Xeon Sim\"\n"
    "\tmemory 16384\n"
    "\tpolicy always-on\n"
    "\taccount extra operator password x\n"
    "\tsim-delay on 1s\n"
    "\tsim-delay boot 250ms\n"
    "server node2\n"
    "\tbackend docker\n"
    "\tcontainer box2\n"
    "\tdocker-stop-timeout 3\n"
    "\tnmi-signal SIGUSR2\n"
    "server vm3\n"
    "\tbackend exec\n"
    "\texec-on \"virsh start vm3\"\n"
    "\texec-status virsh domstate vm3\n"
    "\texec-poll 500ms\n"
    "\tconsole-unix /run/vm3.sock\n"
    "\tuuid 01234567-89AB-cdef-0123-456789abcdef\n";

static void
expect_err(const char *txt, int wantline, const char *want)
{
	struct lab	lab;
	char		err[256];
	int		line, rv;

	rv = lab_parse(txt, strlen(txt), &lab, &line, err, sizeof(err));
	ok(rv == -1 && line == wantline && strstr(err, want) != NULL,
	    "reject line %d: %s (%d: %s)", wantline, want, line, err);
}

int
main(void)
{
	struct lab			 lab;
	const struct lab_server		*s;
	struct lab_acct			 slots[LAB_ACCT_MAX_ID + 1];
	char				 err[256], u1[37], u2[37], *buf;
	int				 line, rv, n;
	size_t				 i, len = strlen(good), nok = 0;

	rv = lab_parse(good, len, &lab, &line, err, sizeof(err));
	is_int(rv, 0, "good lab parses");
	if (rv != 0)
		diag("%d: %s", line, err);
	is_int(lab.nservers, 3, "three servers");
	is_str(lab.state_dir, "/tmp/st", "state-dir");
	is_int(lab.sel_max, 512, "sel-max");
	is_int(lab.lockout_threshold, 5, "lockout-threshold");
	is_int(lab.lockout_duration, 0, "lockout-duration 0 (until unlocked)");
	is_int(lab.lockout_reset, 60, "lockout-reset-after default 60");
	is_str(lab.allow[0], "1000", "allow-uid");
	s = lab_find(&lab, "srv1");
	ok(s != NULL, "srv1 found");
	is_str(s->name, "Server One", "name quoted");
	is_int(s->nmacs, 2, "two macs");
	is_int(s->cpus, 4, "cpus");
	is_int(s->memory_mib, 16384, "memory");
	is_int(s->policy, LAB_POL_ON, "policy");
	is_int(s->delay_ms[LAB_DLY_ON], 1000, "sim-delay on");
	is_int(s->delay_ms[LAB_DLY_BOOT], 250, "sim-delay boot");
	is_int(s->delay_ms[LAB_DLY_OFF], 200, "sim-delay off default");
	is_str(s->container, "srv1", "container defaults to id");
	ok(s->uuid[0] != '\0', "uuid derived");
	n = lab_accounts(&lab, s, slots);
	is_int(n, 0, "accounts merge");
	is_str(slots[2].name, "admin", "admin id 2");
	is_str(slots[5].name, "op", "op explicit id 5");
	ok(slots[5].pwfile != NULL && strcmp(slots[5].pwfile, "/etc/pw") == 0,
	    "password-file kept for the glue");
	is_str(slots[3].name, "ro", "ro id 3");
	is_int(slots[3].enabled, 0, "ro disabled");
	is_str(slots[3].password, "r o", "quoted password");
	is_str(slots[4].name, "extra", "per-server extra account id 4");
	s = lab_find(&lab, "node2");
	is_int(s->backend, LAB_BE_DOCKER, "docker backend");
	is_str(s->container, "box2", "container");
	is_int(s->stop_timeout, 3, "stop timeout");
	is_str(s->nmi_signal, "SIGUSR2", "nmi-signal");
	n = lab_accounts(&lab, s, slots);
	is_str(slots[4].name, "", "extra only on srv1");
	ok(strncmp(s->serial, "BMCSIM", 6) == 0, "serial derived: %s",
	    s->serial);
	ok(strcmp(s->macs[0], s->bmc_mac) != 0, "host and bmc mac differ");
	s = lab_find(&lab, "vm3");
	is_str(s->exec[LAB_ACT_ON], "virsh start vm3", "exec-on");
	is_str(s->exec[LAB_ACT_STATUS], "virsh domstate vm3", "exec-status");
	is_int(s->exec_poll_ms, 500, "exec-poll");
	is_int(s->console, LAB_CON_UNIX, "console-unix");
	is_str(s->uuid, "01234567-89ab-cdef-0123-456789abcdef", "uuid lowercased");
	ok(lab_find(&lab, "nope") == NULL, "unknown id");
	lab_free(&lab);

	lab_derive_uuid("srv1", u1);
	lab_derive_uuid("srv1", u2);
	is_str(u1, u2, "derivation is deterministic");
	lab_derive_uuid("srv2", u2);
	ok(strcmp(u1, u2) != 0, "and differs per id");
	ok(u1[14] == '4', "uuid version nibble");

	/* every truncation either parses or fails cleanly with a message */
	for (i = 0; i < len; i++) {
		if ((buf = malloc(i + 1)) == NULL)
			return 1;
		memcpy(buf, good, i);
		rv = lab_parse(buf, i, &lab, &line, err, sizeof(err));
		if (rv == 0) {
			lab_free(&lab);
			nok++;
		} else if (err[0] == '\0')
			ok(0, "truncation %zu: error without message", i);
		free(buf);
	}
	ok(nok > 0 && nok < len, "truncation loop: %zu of %zu parse", nok, len);

	expect_err("server a\nbogus 1\n", 2, "unknown key \"bogus\"");
	expect_err("backend sim\nserver a\n", 1, "outside a server");
	expect_err("", 0, "no server");
	expect_err("server a\nserver a\n", 2, "already defined");
	expect_err("server a/b\n", 1, "bad id");
	expect_err("server a\nbackend vmware\n", 2, "unknown \"vmware\"");
	expect_err("server a\nmac 52:54:00:00:01\n", 2, "mac");
	expect_err("server a\ncpus many\n", 2, "cpus");
	expect_err("server a\nsim-delay warp 1s\n", 2, "unknown transition");
	expect_err("server a\nsim-delay on forever\n", 2, "sim-delay");
	expect_err("account x admin\nserver a\n", 1, "usage: account");
	expect_err("account x boss password p\nserver a\n", 1, "unknown role");
	expect_err("account abcdefghijklmnopq admin password p\nserver a\n", 1,
	    "name must be");
	expect_err("account x admin password 012345678901234567890\n"
	    "server a\n", 1, "password longer");
	expect_err("account x admin password p id 1\nserver a\n", 1, "id");
	expect_err("account x admin password p id 2\naccount y admin password p "
	    "id 2\nserver a\n", 2, "already used");
	expect_err("account x admin password p\nserver a\naccount x operator "
	    "password q\n", 3, "defined twice");
	expect_err("server a\nbackend exec\n", 1, "needs exec-on");
	expect_err("server a\nconsole-pty /dev/pts/1\n", 1, "need backend exec");
	expect_err("server a\npolicy sometimes\n", 2, "policy");
	expect_err("server a\nuuid 123\n", 2, "uuid");
	expect_err("server a\ncontainer ../x\n", 2, "container");
	expect_err("server a\nname \"unterminated\n", 2, "");
	expect_err("sel-max 5\nserver a\n", 1, "sel-max");
	expect_err("lockout-threshold 256\nserver a\n", 1, "lockout-threshold");
	expect_err("lockout-reset-after 0\nserver a\n", 1,
	    "lockout-reset-after");
	expect_err("lockout-duration 86401\nserver a\n", 1,
	    "lockout-duration");
	expect_err("lockout-forever 1\nserver a\n", 1, "unknown key");
	/* engines: loopback tcp only, unless docker-remote yes */
	expect_err("docker-socket tcp://10.0.0.1:2375\nserver a\n", 0,
	    "not a loopback");
	expect_err("docker-socket run/docker.sock\nserver a\n", 0,
	    "absolute path");
	expect_err("server a\nbackend docker\ndocker-socket tcp://8.8.8.8:1\n",
	    1, "not a loopback");
	expect_err("server a\nbackend docker\ndocker-socket tcp://127.0.0.1:0"
	    "\n", 1, "port");
	expect_err("server a\nbackend docker\ndocker-socket tcp://127.0.0.1\n",
	    1, "tcp://HOST:PORT");
	expect_err("server a\nbackend docker\ndocker-socket tcp://127.0.0.1:1"
	    "\ndocker-tls-cert /c\n", 1, "go together");
	expect_err("server a\nbackend docker\ndocker-socket /d.sock\n"
	    "docker-tls-ca /ca\n", 1, "need a tcp://");
	expect_err("server a\ndocker-socket /d.sock\n", 1,
	    "need backend docker");
	expect_err("server a\ndocker-remote yes\n", 2, "outside");
	{
		static const char multi[] =
		    "docker-socket /run/a.sock\n"
		    "docker-remote yes\n"
		    "server a\n\tbackend docker\n"
		    "server b\n\tbackend docker\n"
		    "\tdocker-socket tcp://dk2.example:2376\n"
		    "\tdocker-tls-ca /ca.pem\n\tdocker-tls-cert /cert.pem\n"
		    "\tdocker-tls-key /key.pem\n"
		    "server c\n\tbackend docker\n"
		    "\tdocker-socket tcp://127.0.0.2:2375\n";
		ok(lab_parse(multi, sizeof(multi) - 1, &lab, &line, err,
		    sizeof(err)) == 0, "multi-engine lab (%s)", err);
		ok(lab.docker_remote == 1 && lab.servers[0].docker_socket ==
		    NULL && strcmp(lab.servers[1].docker_socket,
		    "tcp://dk2.example:2376") == 0 &&
		    strcmp(lab.servers[1].docker_tls[LAB_TLS_KEY], "/key.pem") ==
		    0 && lab.servers[2].docker_tls[LAB_TLS_CA] == NULL,
		    "per-server docker-socket and TLS files");
		lab_free(&lab);
	}
	/* boot-facts: absolute, docker servers, the global inherited */
	expect_err("boot-facts run/facts\nserver a\n", 1, "absolute path");
	expect_err("server a\nboot-facts /f\n", 1, "needs backend docker");
	expect_err("boot-facts\nserver a\n", 1, "expected one value");
	{
		static const char facts[] = "boot-facts /run/f\n"
		    "server a\n\tbackend docker\n"
		    "server b\n\tbackend docker\n\tboot-facts /srv/b\n"
		    "server c\n";
		ok(lab_parse(facts, sizeof(facts) - 1, &lab, &line, err,
		    sizeof(err)) == 0, "boot-facts lab (%s)", err);
		ok(strcmp(lab.servers[0].boot_facts, "/run/f") == 0 &&
		    strcmp(lab.servers[1].boot_facts, "/srv/b") == 0 &&
		    lab.servers[2].boot_facts[0] == '\0',
		    "boot-facts: the global, a server's own, none for sim");
		lab_free(&lab);
	}
	ok(lab_docker_addr("tcp://[::1]:2375", 0, NULL, 0) == 0 &&
	    lab_docker_addr("unix:///run/d.sock", 0, NULL, 0) == 0 &&
	    lab_docker_addr("tcp://127.9.9.9:1", 0, NULL, 0) == 0 &&
	    lab_docker_addr("tcp://localhost:2375", 0, NULL, 0) == -1 &&
	    lab_docker_addr("tcp://128.0.0.1:2375", 0, NULL, 0) == -1 &&
	    lab_docker_addr("tcp://h/x:1", 1, NULL, 0) == -1,
	    "lab_docker_addr: loopback by default");
	return done_testing();
}
