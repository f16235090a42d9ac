#!/bin/sh
# mk/bench-powerd.sh: powerd on sim: status ops/s, power-op latency p50/p99, RSS and start-up time with 1000 servers.
# SPDX-License-Identifier: ISC
#
# Prints "name value unit target"; asserts nothing.  Uses t/lib.sh for
# $T, readiness and clean-up, and t/helper/pdbench as the load generator.
. "$(cd "$(dirname "$0")/.." && pwd)/t/lib.sh"
_tap_planned=1		# this is not TAP: no plan line at exit
SECS=${SECS:-3}
N=${N:-2000}
NSRV=${NSRV:-1000}

if [ ! -x "$TOP/powerd/powerd" ] || [ ! -x "$TOP/t/helper/pdbench" ]; then
	echo "bench-powerd: build powerd/powerd and t/helper/pdbench first"
	exit 1
fi
echo "# powerd on the sim backend, $(nproc) cpus, state dir on $(df -T "$T" | awk 'NR == 2 {print $2}')"
echo "# load average: $(cut -d" " -f1-3 /proc/loadavg) (figures move with other work on the machine)"

lab_sim 4
start_powerd >/dev/null
for c in 1 4 16; do
	pdbench -S "$T/powerd.sock" -c $c -t "$SECS" status || echo "status bench failed"
done
# power on/off alternately: each is a SEL entry appended and a state file
# written (fsync) before the reply
echo "# power ops with state-fsync yes (the default):"
pdbench -S "$T/powerd.sock" -s srv2 -n "$N" power || echo "power bench failed"
stop powerd || echo "powerd did not exit cleanly"
echo 'state-fsync no' >>"$T/lab.conf"
rm -rf "$T/state"/*
start_powerd >/dev/null
echo "# power ops with state-fsync no (kill -9 safe, not crash safe):"
pdbench -S "$T/powerd.sock" -s srv2 -n "$N" power || echo "power bench failed"
stop powerd || echo "powerd did not exit cleanly"

# 1000 servers: start-up until readiness, RSS when ready and after use
mkdir -p "$T/state1k"
{
	echo "state-dir $T/state1k"
	echo 'account admin administrator password password'
	echo 'account operator operator password operator'
	i=1
	while [ $i -le "$NSRV" ]; do
		echo "server srv$i"
		i=$((i + 1))
	done
} >"$T/lab1k.conf"
rss() { awk '/^VmRSS/ {print $2}' /proc/"$1"/status; }
best=
for run in 1 2 3; do
	rm -rf "$T/state1k"/*
	t0=$(date +%s%N)
	start_as pd1k powerd -f "$T/lab1k.conf" -S "$T/pd1k.sock"
	t1=$(date +%s%N)
	ms=$(( (t1 - t0) / 1000000 ))
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	r0=$(rss "$pd1k_pid")
	stop pd1k
done
echo "startup_${NSRV}_servers $best ms <=200 (best of 3, launch to readiness, fresh state dir)"
echo "rss_${NSRV}_servers_ready $((r0 / 1024)) MB <=32 (${r0} kB)"
start_as pd1k powerd -f "$T/lab1k.conf" -S "$T/pd1k.sock"
i=1
while [ $i -le "$NSRV" ]; do
	printf '{"v":1,"id":%d,"op":"power","server":"srv%d","action":"on"}\n' $i $i
	printf '{"v":1,"id":%d,"op":"sel","server":"srv%d","action":"add","message":"bench"}\n' $i $i
	i=$((i + 1))
done >"$T/req"
python3 - "$T/pd1k.sock" "$T/req" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
reqs = open(sys.argv[2], "rb").read()
s.sendall(reqs)
want, got, buf = reqs.count(b"\n"), 0, b""
while got < want:
    d = s.recv(1 << 16)
    if not d:
        break
    got += d.count(b"\n")
PY
r1=$(rss "$pd1k_pid")
echo "rss_${NSRV}_servers_used $((r1 / 1024)) MB <=32 (${r1} kB; every server powered on, SEL entries, state files)"
t0=$(date +%s%N)
stop pd1k
t1=$(date +%s%N)
t0=$(date +%s%N)
start_as pd1k powerd -f "$T/lab1k.conf" -S "$T/pd1k.sock"
t1=$(date +%s%N)
echo "startup_${NSRV}_servers_with_state $(( (t1 - t0) / 1000000 )) ms - (reading ${NSRV} state files)"
stop pd1k
exit 0
