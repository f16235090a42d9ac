#!/bin/sh
# 9500-compose-e2e.t: the 3-server compose topology (compose/e2e) on a real,
# private dockerd: images built from a debootstrapped bookworm, brought up
# with docker-compose, driven with ipmitool, python3-sushy, SOL through
# expect and vncsnapshot; power state must agree everywhere; torn down
# leaving nothing behind.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need debootstrap ipmitool expect vncsnapshot python3
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
plan 24

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
t_ok 'docker-compose up' dc up -d
healthy() {
	n=$(docker ps --filter label=com.docker.compose.project=$P \
	    --filter health=healthy -q | wc -l)
	[ "$n" -eq 13 ]
}
if wait_until 120 healthy; then pass 'all 13 health checks healthy'; else
	fail 'all 13 health checks healthy' "$(docker ps -a)" "$(dc logs --tail 20 2>&1 | tail -n 60)"; fi
t_is 'powerd is the only container with the engine socket' \
    "$(for c in $(docker ps -q --filter label=com.docker.compose.project=$P); do
	docker inspect -f '{{range .Mounts}}{{.Destination}} {{end}}' "$c"; done |
	grep -c /var/run/docker.sock)" 1
t_is 'no container has a network of its own' \
    "$(docker ps -q --filter label=com.docker.compose.project=$P | xargs docker inspect \
	-f '{{.HostConfig.NetworkMode}}' | sort -u | tr '\n' ' ')" 'host none '

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
