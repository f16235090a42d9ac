#!/bin/sh
# mk/deps.sh: check for the Debian packages a target needs; as root, install
# the missing ones with apt-get, otherwise print the exact command and stop.
# usage: sh mk/deps.sh build|run|check|bench
# SPDX-License-Identifier: ISC
set -u

BUILD="make gcc pkg-config libev-dev libmbedtls-dev libcjson-dev
libcivetweb-dev libvncserver-dev libcurl4-openssl-dev libssl3"
RUN="$BUILD novnc procps"
CHECK="$RUN perl curl socat ipmitool freeipmi-tools python3 python3-sushy
redfishtool python3-websocket python3-pil vncsnapshot x11vnc xvfb expect
telnet ser2net openipmi docker.io busybox-static iproute2 mandoc wrk clang
libclang-rt-14-dev chromium netcat-openbsd psmisc debootstrap docker-compose
systemd python3-ironic python3-ironicclient ansible python3-pyghmi
jq genisoimage"
BENCH="$CHECK valgrind"

case "${1:-}" in
build) want=$BUILD ;;
run) want=$RUN ;;
check) want=$CHECK ;;
bench) want=$BENCH ;;
*) echo "usage: sh mk/deps.sh build|run|check|bench" >&2; exit 100 ;;
esac

missing=
for p in $want; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) || s=
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "bmcsim: missing Debian packages:$missing" >&2
	echo "bmcsim: run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "bmcsim: installing:$missing" >&2
# never let a package's postinst start a system service (docker.io would
# create docker0 on a private range): policy-rc.d 101 for the duration
prc=/usr/sbin/policy-rc.d
made_prc=
if [ ! -e "$prc" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$prc" && chmod 755 "$prc" && made_prc=1
fi
export DEBIAN_FRONTEND=noninteractive
rc=0
apt-get update -qq && apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=300 $missing || rc=$?
[ -n "$made_prc" ] && rm -f "$prc"
if [ $rc -ne 0 ]; then
	echo "bmcsim: apt-get failed ($rc)" >&2
	exit 1
fi
exit 0
