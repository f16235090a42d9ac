#!/bin/sh
# 9500-compose-e2e.t: the 3-server compose topology (compose/e2e) on a real,
# private dockerd: images built from a debootstrapped bookworm, brought up
# with docker-compose, driven with ipmitool, python3-sushy, SOL through
# expect and vncsnapshot; power state must agree everywhere; the lab
# listens on 127.0.0.1 only; across ten mixed power actions the KVM shows
# the server's own desktop (or no-signal when off); a boot device set over
# IPMI reaches the container's console through powerd's boot facts;
# Redfish serves the hardware model; an NMI is logged on
# the console and leaves the server on; each reset's boot banner reaches
# the raw TCP console; torn down leaving nothing behind.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need debootstrap ipmitool expect vncsnapshot vncgrab vnccheck.py ss python3
# Debian's python3-sushy lives in /usr/bin/python3's path; a python3 of
# its own (pyenv, venv) first on PATH does not see it
if ! python3 -c 'import sushy' 2>/dev/null &&
    /usr/bin/python3 -c 'import sushy, PIL' 2>/dev/null; then
	mkdir -p "$T/bin" && ln -s /usr/bin/python3 "$T/bin/python3"
	PATH=$T/bin:$PATH
fi
need_py sushy PIL
# Compose v2 (`docker compose`) when the CLI has it, else v1 (Debian)
if docker compose version >/dev/null 2>&1; then DC="docker compose"; else
	need docker-compose; DC=docker-compose; fi

P=bmcsime2e
E2E=$TOP/compose/e2e
IPMI=6330 RF=8100 VNC=6000 NOVNC=6180 CON=2400
CACHE=${BMCSIM_CACHE:-/var/cache/bmcsim}
plan 47

# dk_launch as in t/helper/dockerd.sh, but overlay2 first: vfs copies
# the whole image for every container (13 GB and minutes for this
# topology); vfs stays the fallback where overlay2 cannot run
dk_launch() {
	for _drv in overlay2 vfs; do
		setsid dockerd --config-file "$DK/daemon.json" \
		    --storage-driver=$_drv --data-root "$DK/data" \
		    --exec-root "$DK/x" -H "$DOCKER_HOST" --pidfile "$DK/pid" \
		    --iptables=false --bridge=none --cgroup-parent "/${DK##*/}" \
		    >>"$DK/dockerd.log" 2>&1 </dev/null &
		DK_PID=$!
		echo "$DK_PID" >"$DK/bgpid"
		_dk_i=0
		while [ $_dk_i -lt 600 ]; do
			dk_ping && return 0
			kill -0 "$DK_PID" 2>/dev/null || break
			_dk_i=$((_dk_i + 1))
			sleep 0.05
		done
		dk_halt KILL
		for _dk_m in $(awk -v d="$DK/" 'index($2, d) == 1 {print $2}' \
		    /proc/mounts | sort -r); do
			umount "$_dk_m" 2>/dev/null || umount -l "$_dk_m"
		done
		rm -rf "$DK/data"
		echo "# dockerd with $_drv did not come up:"
		tail -n 5 "$DK/dockerd.log" | sed 's/^/#   /'
	done
	return 1
}
dk_start || BAIL "private dockerd did not start"
# powerd's container mounts this engine socket (the compose file's
# DOCKER_SOCK, default /var/run/docker.sock): our private dockerd
DOCKER_SOCK=$DK/docker.sock
export DOCKER_SOCK

# --- images.  No registry is reachable: the base is bookworm debootstrapped
# from the Debian mirror apt uses and imported.  Builds fetch packages from
# that mirror, so they use host networking.  Between runs we keep, in
# $CACHE, the base rootfs and the images (`docker save`), keyed by the
# files that decide their package layers; loading them keeps the image ids,
# so --cache-from reuses every layer but the compiled tree.
mkdir -p "$CACHE"
# (bmcsim-server and the sources are COPY layers after the package layers:
# a change to them rebuilds only those, from the loaded cache)
key=$(cat "$TOP/compose/Dockerfile.daemons" "$TOP/compose/Dockerfile.server" |
    sha256sum | cut -c1-16)
IMGS=$CACHE/images-$key.tar
if [ -s "$IMGS" ] && docker load -q -i "$IMGS" >"$T/load.log" 2>&1; then
	pass 'base image and build cache loaded'
else
	rm -f "$IMGS"
	mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' \
	    /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' \
	    /etc/apt/sources.list 2>/dev/null)
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	if [ ! -s "$CACHE/bookworm-slim.tar" ]; then
		rm -rf "$DK/rootfs"
		if ! debootstrap --variant=minbase bookworm "$DK/rootfs" "$mirror" \
		    >"$T/debootstrap.log" 2>&1; then
			BAIL "debootstrap failed: $(tail -n 5 "$T/debootstrap.log")"
		fi
		rm -rf "$DK/rootfs/var/cache/apt/archives"/*.deb \
		    "$DK/rootfs/var/lib/apt/lists"/*
		tar -C "$DK/rootfs" -c . >"$CACHE/bookworm-slim.tar.tmp" &&
		    mv "$CACHE/bookworm-slim.tar.tmp" "$CACHE/bookworm-slim.tar"
		rm -rf "$DK/rootfs"
	fi
	t_ok 'base image imported' docker import -c 'CMD ["/bin/bash"]' \
	    "$CACHE/bookworm-slim.tar" debian:bookworm-slim
fi

t_ok 'daemons image builds' sh -c "
	docker build -q --network host --cache-from bmcsim/daemons-build:cache \
	    --target build -t bmcsim/daemons-build:cache \
	    -f '$TOP/compose/Dockerfile.daemons' '$TOP' &&
	docker build -q --network host --cache-from bmcsim/daemons-build:cache \
	    --cache-from bmcsim/daemons:latest -t bmcsim/daemons:latest \
	    -f '$TOP/compose/Dockerfile.daemons' '$TOP'"
t_ok 'server image builds' docker build -q --network host \
    --cache-from bmcsim/server:latest -t bmcsim/server:latest \
    -f "$TOP/compose/Dockerfile.server" "$TOP"
if [ ! -s "$IMGS" ]; then
	rm -f "$CACHE"/images-*.tar
	docker save -o "$IMGS.tmp" debian:bookworm-slim \
	    bmcsim/daemons-build:cache bmcsim/daemons:latest \
	    bmcsim/server:latest && mv "$IMGS.tmp" "$IMGS"
	rm -f "$IMGS.tmp"
fi

# --- the committed topology is what the generator writes
"$TOP/compose/bmcsim-gen" -n 3 -p $P -b 100 -o "$T/gen" --agent "$T/gen/agent.yml"
t_ok 'compose/e2e matches the generator' diff -r "$T/gen" "$E2E"

# --- up, and wait for every health check (the daemons' readiness)
dc() { $DC -p $P -f "$E2E/docker-compose.yml" "$@"; }
T_CLEANUP_HOOK="dc down -v -t 2 >/dev/null 2>&1; $T_CLEANUP_HOOK"
up0=$(dk_ms)
t_ok 'docker-compose up' dc up -d
healthy() {
	n=$(docker ps --filter label=com.docker.compose.project=$P \
	    --filter health=healthy -q | wc -l)
	[ "$n" -eq 13 ]
}
if wait_until 120 healthy; then
	pass "all 13 health checks healthy ($(( $(dk_ms) - up0 )) ms after up)"; else
	fail 'all 13 health checks healthy' "$(docker ps -a)" "$(dc logs --tail 20 2>&1 | tail -n 60)"; fi
t_is 'powerd is the only container with the engine socket' \
    "$(for c in $(docker ps -q --filter label=com.docker.compose.project=$P); do
	docker inspect -f '{{range .Mounts}}{{.Destination}} {{end}}' "$c"; done |
	grep -c /var/run/docker.sock)" 1
t_is 'no container has a network of its own' \
    "$(docker ps -q --filter label=com.docker.compose.project=$P | xargs docker inspect \
	-f '{{.HostConfig.NetworkMode}}' | sort -u | tr '\n' ' ')" 'host none '

# --- every TCP and UDP socket the lab's processes listen on is on the
# address the lab was told (127.0.0.1): x11vnc's -noipv6 alone still
# opened [::]:port, a password-less desktop on every IPv6 address
lab_listen() {
	for c in $(docker ps -q --filter label=com.docker.compose.project=$P); do
		docker top "$c" -eo pid | tail -n +2
	done >"$T/labpids"
	ss -Hlntup | awk -v f="$T/labpids" '
	BEGIN { while ((getline p <f) > 0) lab[p] = 1 }
	{ s = $0
	  while (match(s, /pid=[0-9]+/)) {
		if (substr(s, RSTART + 4, RLENGTH - 4) in lab) {
			print $1, $5; break }
		s = substr(s, RSTART + RLENGTH) } }' | sort -u >"$T/listen"
}
x11vnc_up() { lab_listen; [ "$(grep -c ' 127\.0\.0\.1:1600[0-2]$' "$T/listen")" -eq 3 ]; }
wait_until 30 x11vnc_up
diag "the lab listens on: $(awk '{print $2}' "$T/listen" | tr '\n' ' ')"
t_is 'every lab socket is on 127.0.0.1 (x11vnc of all 3 servers seen)' \
    "$(grep -c ' 127\.0\.0\.1:1600[0-2]$' "$T/listen") $(grep -v ' 127\.0\.0\.1:[0-9]*$' "$T/listen" | tr '\n' ' ')" '3 '

ipm() { _p=$1; shift; ipmitool -I lanplus -H 127.0.0.1 -p "$_p" -U admin -P password "$@"; }
pctl_in() { docker exec $P-powerd powerctl -S /run/bmcsim/powerd.sock "$@"; }
state() { docker inspect -f '{{.State.Status}}' "$P-server-$1"; }
started() { docker inspect -f '{{.State.StartedAt}}' "$P-server-$1"; }

# --- IPMI: power cycle and boot device reach the container
wait_until 30 sh -c "ipmitool -I lanplus -H 127.0.0.1 -p $IPMI -U admin -P password chassis power status | grep -q on"
t_like 'ipmitool sees server 1 on' "$(ipm $IPMI chassis power status 2>&1)" 'is on'
s0=$(started 1)
t_ok 'ipmitool power cycle' ipm $IPMI chassis power cycle
if wait_until 30 sh -c "[ \"\$(docker inspect -f '{{.State.StartedAt}}' $P-server-1)\" != '$s0' ] &&
    [ \"\$(docker inspect -f '{{.State.Status}}' $P-server-1)\" = running ]"; then
	pass 'the cycle restarted the container'; else fail 'the cycle restarted the container'; fi
# soft-off is `docker stop`: the server image's init and bmcsim-server end
# on SIGTERM at once, well inside the 5 s docker-stop-timeout
t0=$(date +%s%N)
ipm $IPMI chassis power soft >/dev/null 2>&1
if wait_until 10 sh -c "docker inspect -f '{{.State.Status}}' $P-server-1 | grep -q exited"; then
	t_like 'soft power-off stops the container in under 3 s' \
	    "$(( ($(date +%s%N) - t0) / 1000000 )) ms" '^([0-9]{1,3}|[0-2][0-9]{3}) ms$'
else fail 'soft power-off stops the container in under 3 s' "$(state 1)"; fi
ipm $IPMI chassis power on >/dev/null 2>&1
wait_until 20 sh -c "docker inspect -f '{{.State.Status}}' $P-server-1 | grep -q running"
t_ok 'ipmitool bootdev pxe' ipm $IPMI chassis bootdev pxe options=efiboot
t_like 'powerd has the override' "$(pctl_in boot srv1 2>&1)" 'pxe'

# --- Redfish through python3-sushy (what Ironic does)
cat >"$T/e2e_sushy.py" <<'EOF'
import sys, time, sushy
from sushy import auth
# sushy 4 takes enums; older releases took the strings
C = getattr(sushy, "ResetType", None)
OFF = C.FORCE_OFF if C else "force off"
ON = C.ON if C else "on"
CD = sushy.BootSource.CD if hasattr(sushy, "BootSource") else "cd"
ONCE = (sushy.BootSourceOverrideEnabled.ONCE
        if hasattr(sushy, "BootSourceOverrideEnabled") else "once")
def v(x):
    return str(getattr(x, "value", x)).lower()
c = sushy.Sushy("http://127.0.0.1:%s/redfish/v1" % sys.argv[1],
                auth=auth.SessionOrBasicAuth("admin", "password"))
s = c.get_system("/redfish/v1/Systems/srv2")
s.reset_system(OFF)
for _ in range(100):
    s.refresh()
    if v(s.power_state) == "off":
        break
    time.sleep(0.1)
print("after-off", v(s.power_state))
s.set_system_boot_options(target=CD, enabled=ONCE)
s.refresh()
print("boot", v(s.boot.target), v(s.boot.enabled))
s.reset_system(ON)
for _ in range(100):
    s.refresh()
    if v(s.power_state) == "on":
        break
    time.sleep(0.1)
print("after-on", v(s.power_state))
EOF
out=$(python3 "$T/e2e_sushy.py" $((RF + 1)) 2>&1 | tr "\n" " ")
t_like 'sushy powers server 2 off and on, sets boot once' "$out" \
    'after-off off.*boot cd once.*after-on on'
t_is 'server 2 container running again' "$(state 2)" running

# --- the raw console (sold's TCP port) is the container's TTY
t_ok "sold's TCP console reaches the server's shell" python3 -c "
import socket, sys, time
s = socket.create_connection(('127.0.0.1', $((CON + 2))), timeout=10)
s.sendall(b'\\recho con\$((6*7))\\r')
buf, end = b'', time.time() + 15
while b'con42' not in buf.replace(b'6*7', b'') and time.time() < end:
    try:
        d = s.recv(4096)
    except socket.timeout:
        break
    if not d:
        break
    buf += d
sys.exit(0 if b'con42' in buf.replace(b'6*7', b'') else buf[-500:])"

# --- SOL shows the server's console, and typing echoes
cat >"$T/sol.exp" <<EOF
set timeout 20
spawn ipmitool -I lanplus -H 127.0.0.1 -p $((IPMI + 2)) -U admin -P password sol activate
expect {
	"SOL Session operational" {}
	timeout { exit 2 }
}
send "\r"
send "echo sol\\\$((6*7))\r"
expect {
	"sol42" {}
	timeout { exit 3 }
}
send "~."
expect eof
EOF
t_ok 'SOL session shows the console and echoes' expect "$T/sol.exp"

# --- the KVM: a screenshot of server 3's screen through vncd (proxy mode)
t_ok 'vncsnapshot of the KVM' vncsnapshot -quiet -allowblank -quality 90 \
    "127.0.0.1::$((VNC + 2))" "$T/kvm.jpg"
t_ok 'the screenshot is not blank' python3 -c "
from PIL import Image, ImageStat
im = Image.open('$T/kvm.jpg').convert('L')
assert max(ImageStat.Stat(im).stddev) > 5, ImageStat.Stat(im).stddev"

# --- the noVNC page comes from vncd's web port (the image's noVNC files)
t_like 'noVNC page served by vncd' \
    "$(curl -sfL "http://127.0.0.1:$((NOVNC + 2))/" 2>&1 | head -c 20000)" 'noVNC'

# --- the KVM across ten mixed power actions on server 1: after each, vncd
# shows the server's own desktop (xclock on twm; vnccheck.py desktop tells
# it from vncd's no-signal screen and from black), or no-signal when off
rf_reset() {
	curl -sf -u admin:password -H 'Content-Type: application/json' \
	    -d "{\"ResetType\":\"$2\"}" "http://127.0.0.1:$((RF + $1 - 1))/redfish/v1/Systems/srv$1/Actions/ComputerSystem.Reset"
}
# vncgrab is ours, libvncclient's allocations on a desktop size change are
# not: a SAN=1 vncgrab that saw the desktop come back would exit 23 on
# their leak report, so its leak check is off here (the daemons run in
# the images, built without sanitizers)
kvm_is() {
	ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" \
	    vncgrab -t 5000 -o "$T/kvm.ppm" "127.0.0.1:$VNC" >"$T/grab.out" 2>&1 ||
	    { echo "vncgrab exit $?: $(tail -c 300 "$T/grab.out")" >"$T/kvm.out"
	    return 1; }
	vnccheck.py "$1" "$T/kvm.ppm" >"$T/kvm.out" 2>&1
}
restarted() { [ "$(started 1)" != "$1" ] && [ "$(state 1)" = running ]; }
# within SECS CMD...: like wait_until, but bounded in time, not in tries
# (a screenshot and its check take a while each)
within() {
	_end=$(( $(dk_ms) + $1 * 1000 )); shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(dk_ms)" -lt "$_end" ] || return 1
		sleep 0.05
	done
}
exited() { [ "$(state "$1")" = exited ]; }
kvm_figs=
kvm_step() {	# kvm_step N WHAT on|off CMD...
	_n=$1 _what=$2 _want=$3; shift 3
	_s0=$(started 1) _t0=$(dk_ms)
	_scr=desktop
	[ "$_want" = on ] || _scr=no-signal
	"$@" >/dev/null 2>&1
	if [ "$_want" = off ]; then
		wait_until 30 exited 1 && within 30 kvm_is nosignal
	else
		wait_until 30 restarted "$_s0" && within 30 kvm_is desktop
	fi
	_rc=$? _ms=$(( $(dk_ms) - _t0 ))
	kvm_figs="$kvm_figs $_n:$_scr:${_ms}ms"
	if [ $_rc -eq 0 ]; then
		pass "KVM after $_n ($_what): $_scr"
	else
		fail "KVM after $_n ($_what): $_scr" \
		    "$(state 1) $(cat "$T/kvm.out" 2>/dev/null)" \
		    "$(docker logs --tail 15 $P-server-1 2>&1)"
	fi
}
within 30 kvm_is desktop
kvm_step 1 'ipmi off' off ipm $IPMI chassis power off
kvm_step 2 'ipmi on' on ipm $IPMI chassis power on
kvm_step 3 'ipmi soft' off ipm $IPMI chassis power soft
kvm_step 4 'redfish On' on rf_reset 1 On
kvm_step 5 'ipmi reset' on ipm $IPMI chassis power reset
kvm_step 6 'ipmi cycle' on ipm $IPMI chassis power cycle
kvm_step 7 'redfish GracefulShutdown' off rf_reset 1 GracefulShutdown
kvm_step 8 'ipmi on' on ipm $IPMI chassis power on
kvm_step 9 'redfish ForceRestart' on rf_reset 1 ForceRestart
kvm_step 10 'redfish PowerCycle' on rf_reset 1 PowerCycle
diag "KVM screen after each action (action:screen:time to it):$kvm_figs"

# --- the raw TCP console (sold) around an action: conwatch.py PORT TEXT
# CMD... connects, takes in what sold replays for 0.5 s, runs CMD, then
# waits (20 s) for TEXT in what comes after; prints the ms from CMD to
# the first byte and to TEXT
cat >"$T/conwatch.py" <<'EOF'
import socket, subprocess, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
want = sys.argv[2].encode()
end = time.time() + 0.5
while time.time() < end:
    s.settimeout(max(0.01, end - time.time()))
    try:
        if not s.recv(65536):
            sys.exit("console closed")
    except socket.timeout:
        pass
t0 = time.time()
subprocess.run(sys.argv[3:], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL, timeout=30)
buf, first = b"", None
end = t0 + 20
while want not in buf and time.time() < end:
    s.settimeout(max(0.01, end - time.time()))
    try:
        d = s.recv(65536)
    except socket.timeout:
        break
    if not d:
        break
    if first is None:
        first = time.time()
    buf += d
if want not in buf:
    sys.exit("%r not seen; got %r" % (want, buf[-300:]))
print("first-byte %d ms, text %d ms" % ((first - t0) * 1000,
      (time.time() - t0) * 1000))
EOF
conwatch() { python3 "$T/conwatch.py" "$@" 2>&1; }

# --- boot facts: powerd writes what the firmware boots into volume boot
# before each start; bmcsim-server prints it before its banner (server 1)
t_ok 'ipmitool bootdev pxe (server 1)' ipm $IPMI chassis bootdev pxe
out=$(conwatch $CON 'Booting from PXE (MAC 52:54:00:00:00:01)' \
    ipmitool -I lanplus -H 127.0.0.1 -p $IPMI -U admin -P password chassis power cycle)
t_like 'power cycle: the console shows Booting from PXE and its MAC' "$out" \
    '^first-byte'
diag "ipmitool power cycle -> Booting from PXE: $out"
t_like 'the console has the Secure Boot line before the banner' \
    "$(docker logs --tail 40 $P-server-1 2>&1 | tr -d '\r' |
	grep -A 2 '^Secure Boot: ' | tail -n 3 | tr '\n' '|')" \
    '^Secure Boot: (enabled|disabled)\|Booting from PXE \(MAC 52:54:00:00:00:01\)\|bmcsim simulated server srv1\|$'

# --- the compose lab serves the hardware model: Redfish's Processors of
# server 1 are powerd's (ids, model, cores)
pctl_in raw '{"op":"hw","server":"srv1"}' >"$T/hw1.json" 2>&1
t_is 'Redfish Processors of srv1 are the model'"'"'s' "$(python3 -c "
import json, sys, urllib.request, base64
hw = json.load(open('$T/hw1.json'))['hw']['processors']
base = 'http://127.0.0.1:$RF'
def get(p):
    r = urllib.request.Request(base + p, headers={'Authorization': 'Basic '
        + base64.b64encode(b'admin:password').decode()})
    return json.load(urllib.request.urlopen(r, timeout=10))
c = get('/redfish/v1/Systems/srv1/Processors')
ids = [m['@odata.id'].rsplit('/', 1)[1] for m in c['Members']]
p0 = get(c['Members'][0]['@odata.id'])
print(c['Members@odata.count'] == len(hw) and ids == [x['id'] for x in hw]
      and p0['Model'] == hw[0]['model'] and p0['TotalCores'] == hw[0]['cores'],
      len(hw) > 0)" 2>&1)" 'True True'

# --- an NMI (powerd's nmi-signal, SIGUSR1) is logged on the console and
# the server stays on, through Redfish and through IPMI (server 3)
s3=$(started 3)
out=$(conwatch $((CON + 2)) 'NMI received for unknown reason' \
    sh -c "$(command -v curl) -sf -u admin:password -H 'Content-Type: application/json' -d '{\"ResetType\":\"Nmi\"}' http://127.0.0.1:$((RF + 2))/redfish/v1/Systems/srv3/Actions/ComputerSystem.Reset")
t_like 'Redfish Nmi: the console shows the NMI' "$out" '^first-byte'
diag "Redfish Nmi -> console: $out"
out=$(conwatch $((CON + 2)) 'NMI received for unknown reason' \
    ipmitool -I lanplus -H 127.0.0.1 -p $((IPMI + 2)) -U admin -P password chassis power diag)
t_like 'ipmitool power diag: the console shows the NMI' "$out" '^first-byte'
diag "ipmitool power diag -> console: $out"
# docker wait returns when the container stops: it must not, for 15 s
timeout 15 docker wait $P-server-3 >/dev/null 2>&1
t_is 'after both NMIs the server stays on for 15 s, never restarted' \
    "$? $(state 3) $([ "$(started 3)" = "$s3" ] && echo same-boot) $(ipm $((IPMI + 2)) chassis power status 2>&1 | awk '{print $NF}')" \
    '124 running same-boot on'

# --- every reset's boot banner reaches the raw TCP console (server 2):
# powerd attaches before it starts the container and hands that attach to
# sold, which re-takes the console only after the old stream ended
con_figs=
for i in 1 2 3 4 5; do
	if [ $((i % 2)) -eq 1 ]; then
		how='redfish ForceRestart'
		out=$(conwatch $((CON + 1)) 'bmcsim simulated server srv2' \
		    sh -c "$(command -v curl) -sf -u admin:password -H 'Content-Type: application/json' -d '{\"ResetType\":\"ForceRestart\"}' http://127.0.0.1:$((RF + 1))/redfish/v1/Systems/srv2/Actions/ComputerSystem.Reset")
	else
		how='ipmi reset'
		out=$(conwatch $((CON + 1)) 'bmcsim simulated server srv2' \
		    ipmitool -I lanplus -H 127.0.0.1 -p $((IPMI + 1)) -U admin -P password chassis power reset)
	fi
	con_figs="$con_figs $i:${out#first-byte }"
	t_like "reset $i ($how): its banner on the raw TCP console" "$out" '^first-byte'
	# the next reset after this boot's login line
	wait_until 20 sh -c "docker logs $P-server-2 2>&1 | tail -n 3 | grep -q 'login: root'"
done
diag "reset -> first console byte, banner:$con_figs"

# --- power state agrees: off through Redfish, seen by IPMI, Docker, powerd
curl -sf -u admin:password -H 'Content-Type: application/json' \
    -d '{"ResetType":"ForceOff"}' \
    "http://127.0.0.1:$((RF + 2))/redfish/v1/Systems/srv3/Actions/ComputerSystem.Reset" >/dev/null
wait_until 30 sh -c "docker inspect -f '{{.State.Status}}' $P-server-3 | grep -q exited"
t_is 'power agrees: docker, powerd, ipmi, redfish' \
    "$(state 3) $(pctl_in -j status srv3 | sed -n 's/.*"power":"\([a-z]*\)".*/\1/p') $(ipm $((IPMI + 2)) chassis power status 2>&1 | awk '{print $NF}') $(curl -sf -u admin:password http://127.0.0.1:$((RF + 2))/redfish/v1/Systems/srv3 | sed -n 's/.*"PowerState": *"\([A-Za-z]*\)".*/\1/p')" \
    'exited off off Off'

# --- tear down: nothing left behind
t_ok 'docker-compose down -v' dc down -v -t 2
t_is 'no containers, volumes or networks left' \
    "$(docker ps -aq | wc -l) $(docker volume ls -q | wc -l) $(docker network ls -q --filter type=custom | wc -l)" '0 0 0'
