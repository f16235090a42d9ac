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
need docker-compose debootstrap ipmitool expect vncsnapshot python3
need_py sushy PIL

P=bmcsime2e
E2E=$TOP/compose/e2e
IPMI=6330 RF=8100 VNC=6000 CON=2400
CACHE=${BMCSIM_CACHE:-/var/cache/bmcsim}
plan 21

dk_start || BAIL "private dockerd did not start"

# --- the base image: no registry is reachable, so debootstrap bookworm from
# the Debian mirror apt uses, and import it (cached between runs)
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' \
    /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' \
    /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
mkdir -p "$CACHE"
if [ ! -s "$CACHE/bookworm-slim.tar" ]; then
	rm -rf "$DK/rootfs"
	if ! debootstrap --variant=minbase bookworm "$DK/rootfs" "$mirror" \
	    >"$T/debootstrap.log" 2>&1; then
		BAIL "debootstrap failed: $(tail -n 5 "$T/debootstrap.log")"
	fi
	rm -rf "$DK/rootfs/var/cache/apt/archives"/*.deb "$DK/rootfs/var/lib/apt/lists"/*
	tar -C "$DK/rootfs" -c . >"$CACHE/bookworm-slim.tar.tmp" &&
	    mv "$CACHE/bookworm-slim.tar.tmp" "$CACHE/bookworm-slim.tar"
	rm -rf "$DK/rootfs"
fi
t_ok 'base image imported' sh -c \
    "docker import -c 'CMD [\"/bin/bash\"]' '$CACHE/bookworm-slim.tar' debian:bookworm-slim"

# --- images: packages come from the mirror, so builds use host networking
t_ok 'daemons image builds' docker build -q --network host \
    -f "$TOP/compose/Dockerfile.daemons" -t bmcsim/daemons:latest "$TOP"
t_ok 'server image builds' docker build -q --network host \
    -f "$TOP/compose/Dockerfile.server" -t bmcsim/server:latest "$TOP"

# --- the committed topology is what the generator writes
"$TOP/compose/bmcsim-gen" -n 3 -p $P -b 100 -o "$T/gen" --agent "$T/gen/agent.yml"
t_ok 'compose/e2e matches the generator' diff -r "$T/gen" "$E2E"

# --- up, and wait for every health check (the daemons' readiness)
dc() { docker-compose -p $P -f "$E2E/docker-compose.yml" "$@"; }
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
t_ok 'ipmitool bootdev pxe' ipm $IPMI chassis bootdev pxe options=efiboot
t_like 'powerd has the override' "$(pctl_in boot srv1 2>&1)" 'pxe'

# --- Redfish through python3-sushy (what Ironic does)
cat >"$T/sushy.py" <<'EOF'
import sys, time, sushy
from sushy import auth
c = sushy.Sushy("http://127.0.0.1:%s/redfish/v1" % sys.argv[1],
                auth=auth.SessionOrBasicAuth("admin", "password"))
s = c.get_system("/redfish/v1/Systems/srv2")
s.reset_system("ForceOff")
for _ in range(100):
    s.refresh()
    if s.power_state == "off":
        break
    time.sleep(0.1)
print("after-off", s.power_state)
s.set_system_boot_options(target="cd", enabled="once")
s.refresh()
print("boot", s.boot.target, s.boot.enabled)
s.reset_system("On")
for _ in range(100):
    s.refresh()
    if s.power_state == "on":
        break
    time.sleep(0.1)
print("after-on", s.power_state)
EOF
out=$(python3 "$T/sushy.py" $((RF + 1)) 2>&1)
t_like 'sushy powers server 2 off and on, sets boot once' "$out" \
    'after-off off.*boot cd once.*after-on on'
t_is 'server 2 container running again' "$(state 2)" running

# --- SOL shows the server's console, and typing echoes
cat >"$T/sol.exp" <<EOF
set timeout 20
spawn ipmitool -I lanplus -H 127.0.0.1 -p $((IPMI + 2)) -U admin -P password sol activate
expect {
	"SOL Session operational" {}
	timeout { exit 2 }
}
send "\r"
send "echo sol\$((6*7))\r"
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
