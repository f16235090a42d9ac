#!/bin/sh
# 9510-compose-gen.t: compose/bmcsim-gen writes a topology whose command
# lines the daemons accept (each one run with -n against the generated
# files), that keeps to host or none networking with the engine socket in
# powerd only, that docker-compose v1 accepts, and refuses what cannot work.
# No Docker engine needed.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need python3
# the YAML parser: Debian's python3-yaml, which /usr/bin/python3 sees
PY=python3
python3 -c 'import yaml' 2>/dev/null || PY=/usr/bin/python3
$PY -c 'import yaml' 2>/dev/null || need_py yaml
plan 23

G=$TOP/compose/bmcsim-gen
t_ok 'generator: 5 docker servers' "$G" -n 5 -p gent -b 7 -o "$T/d" \
    --agent "$T/d/agent.yml"
t_ok 'generator: 2 sim servers' "$G" -n 2 -p gens --backend sim -o "$T/s"

# every command line, with container paths mapped to the generated files,
# passes the daemon's own configuration check (-n)
cat >"$T/cmds.py" <<'EOF'
import shlex, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
for name, s in d["services"].items():
    c = s.get("command")
    if not c or c[0] != "sh":
        continue
    line = c[2].split("exec ", 1)[1]
    w = shlex.split(line)
    w = w[:w.index("-N")]           # the readiness fd is the shell's
    m = {v.split(":")[1]: v.split(":")[0] for v in s.get("volumes", [])
         if v.startswith("./")}
    w = [m.get(x, x) for x in w]
    print(" ".join(shlex.quote(x) for x in w))
EOF
check_cmds() {
	_dir=$1
	$PY "$T/cmds.py" "$_dir/docker-compose.yml" >"$T/cmds" || return 1
	[ -s "$T/cmds" ] || return 1
	while read -r _l; do
		eval "set -- $_l"
		_p=$1; shift
		(cd "$_dir" && "$TOP/$(case $_p in powerd|powerctl) echo powerd ;;
		    *) echo "$_p" ;; esac)/$_p" "$@" -n) >>"$T/n.log" 2>&1 ||
		    { echo "$_p $*: $(tail -n 2 "$T/n.log")"; return 1; }
	done <"$T/cmds"
}
if [ -x "$TOP/powerd/powerd" ] && [ -x "$TOP/ipmid/ipmid" ] &&
    [ -x "$TOP/redfishd/redfishd" ] && [ -x "$TOP/sold/sold" ] &&
    [ -x "$TOP/vncd/vncd" ]; then
	t_ok 'docker lab: every daemon accepts its command line (-n)' check_cmds "$T/d"
	t_ok 'sim lab: every daemon accepts its command line (-n)' check_cmds "$T/s"
else
	pass '# SKIP daemons not built'
	pass '# SKIP daemons not built'
fi

t_is 'networking is host or none only' \
    "$($PY -c "
import sys, yaml
d = yaml.safe_load(open('$T/d/docker-compose.yml'))
print(' '.join(sorted({s['network_mode'] for s in d['services'].values()})),
      'networks' in d)")" 'host none False'
t_is 'only powerd mounts the engine socket' \
    "$($PY -c "
import yaml
d = yaml.safe_load(open('$T/d/docker-compose.yml'))
print([n for n, s in d['services'].items()
       if any('docker.sock' in v for v in s.get('volumes', []))])")" "['powerd']"
t_is 'no version key; the agent file lists every server' \
    "$($PY -c "
import yaml
d = yaml.safe_load(open('$T/d/docker-compose.yml'))
a = yaml.safe_load(open('$T/d/agent.yml'))
print('version' in d, [h['id'] for h in a['bmc_hosts']],
      a['bmc_hosts'][4]['control'][0]['port'])")" \
    "False ['srv1', 'srv2', 'srv3', 'srv4', 'srv5'] 6241"

t_is 'boot facts: powerd writes volume boot, each server reads it, the lab names it' \
    "$($PY -c "
import yaml
d = yaml.safe_load(open('$T/d/docker-compose.yml'))
print(sorted(n for n, s in d['services'].items()
       if any(v.startswith('boot:') for v in s.get('volumes', []))),
      [v for v in d['services']['server-1']['volumes']],
      'boot' in d['volumes'])")
$(grep -c '^boot-facts /run/bmcsim-boot$' "$T/d/lab.conf")" \
    "['powerd', 'server-1', 'server-2', 'server-3', 'server-4', 'server-5'] ['boot:/run/bmcsim-boot:ro'] True
1"

# a lab over two engines: servers alternate, powerd and the front ends stay
t_ok 'generator: 4 servers over two engines' "$G" -n 4 -p genm -o "$T/m" \
    --engine /var/run/docker.sock --engine /run/dk2/docker.sock \
    --agent "$T/m/agent.yml"
t_is 'engine 2: its servers, a docker-socket each, its own compose file' \
    "$($PY -c "
import yaml
d = yaml.safe_load(open('$T/m/docker-compose.yml'))
e = yaml.safe_load(open('$T/m/docker-compose.engine-2.yml'))
a = yaml.safe_load(open('$T/m/agent.yml'))
print(sorted(n for n in d['services'] if n.startswith('server-')),
      sorted(e['services']), len(a['bmc_hosts']),
      d['services']['powerd']['volumes'][-1],
      any('volumes' in s for s in e['services'].values()))")
$(grep -c '^	docker-socket /var/run/docker-2.sock$' "$T/m/lab.conf")" \
    "['server-1', 'server-3'] ['server-2', 'server-4'] 4 /run/dk2/docker.sock:/var/run/docker-2.sock False
2"
if [ -x "$TOP/powerd/powerd" ]; then
	t_ok 'two-engine lab: powerd accepts it (-n)' \
	    "$TOP/powerd/powerd" -n -f "$T/m/lab.conf"
else
	pass '# SKIP powerd not built'
fi
t_fail 'an engine off loopback is refused' "$G" -n 2 -o "$T/x" \
    --engine /var/run/docker.sock --engine tcp://192.0.2.1:2376

# aggregated (-A): one container per protocol serving servers.conf
t_ok 'generator -A: 3 sim servers' "$G" -A -n 3 -p gena --backend sim -o "$T/a" \
    --agent "$T/a/agent.yml"
if [ -x "$TOP/vncd/vncd" ]; then
	t_ok 'aggregated lab: every daemon accepts its command line (-n)' check_cmds "$T/a"
else
	pass '# SKIP daemons not built'
fi
t_is 'the services: powerd and one per protocol' \
    "$($PY -c "
import yaml
d = yaml.safe_load(open('$T/a/docker-compose.yml'))
a = yaml.safe_load(open('$T/a/agent.yml'))
print(sorted(d['services']), sorted({c['endpoint'] for h in a['bmc_hosts'] for c in h['control'] if c['type'] == 'redfish'}),
      [h['control'][1]['system'] for h in a['bmc_hosts']])")" \
    "['ipmid', 'powerd', 'redfishd', 'sold', 'vncd'] ['http://127.0.0.1:8000', 'https://127.0.0.1:8443'] ['/redfish/v1/Systems/srv1', '/redfish/v1/Systems/srv2', '/redfish/v1/Systems/srv3']"
t_is 'servers.conf: a line per server, its own ports' \
    "$(grep -c '^server srv[123] ipmi=127.0.0.1:623[012] console=' "$T/a/servers.conf")" 3
t_ok 'generator -A --redfish bmc (docker)' "$G" -A --redfish bmc -n 2 -p genb -o "$T/b"
t_is 'per-BMC Redfish: http= and https= in servers.conf; docker servers: one vncd proxying each screen=' \
    "$(grep -c ' http=127.0.0.1:800[01] https=127.0.0.1:844[34] screen=127.0.0.1:1590[01]$' "$T/b/servers.conf") $($PY -c "
import yaml
d = yaml.safe_load(open('$T/b/docker-compose.yml'))
print(sorted(n for n in d['services'] if n.startswith('vncd')), d['services']['vncd']['command'][-1].split(' -N')[0].split('exec ')[1])")" \
    "2 ['vncd'] vncd -M /etc/bmcsim/servers.conf -S /run/bmcsim/powerd.sock -m proxy"
if [ -x "$TOP/vncd/vncd" ]; then
	t_ok 'aggregated docker lab: every daemon accepts its command line (-n)' check_cmds "$T/b"
else
	pass '# SKIP daemons not built'
fi
t_fail '--redfish without -A is refused' "$G" --redfish bmc -n 2 -o "$T/x"

t_fail 'more than 180 servers: the port ranges would meet' "$G" -n 181 -o "$T/x"
t_fail 'an upper-case project name is refused' "$G" -n 1 -p Lab -o "$T/x"

if command -v docker-compose >/dev/null 2>&1; then
	t_ok 'docker-compose v1 accepts the file' \
	    docker-compose -p gent -f "$T/d/docker-compose.yml" config -q
else
	pass '# SKIP docker-compose not installed'
fi
