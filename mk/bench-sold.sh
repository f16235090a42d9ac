#!/bin/sh
# bench-sold.sh: sold vs ser2net: host-to-reader latency (p50/p99, 4 readers) and per-reader throughput.
# SPDX-License-Identifier: ISC
#
# The host is a fake console driven by t/helper/conbench: for sold a
# socketpair handed over SCM_RIGHTS by conbench acting as powerd, for
# ser2net (Debian) a pty.  Both are measured the same way in the same run:
# 4 TCP readers, ROUNDS 32-byte lines one at a time (latency), then MIB MiB
# with the writer at most 256 KiB ahead of the slowest reader (throughput).
# Prints figures; asserts nothing.  Usage: sh mk/bench-sold.sh [rounds] [MiB]
set -u
TOP=$(cd "${0%/*}/.." && pwd)
ROUNDS=${1:-2000}
MIB=${2:-32}
READERS=4
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-sold.XXXXXX")
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

make -s -C "$TOP" sold/sold t/helper/conbench >/dev/null || exit 1
SOLD=$TOP/sold/sold
CONBENCH=$TOP/t/helper/conbench

echo "# sold bench: $READERS readers, $ROUNDS lines, $MIB MiB; $(nproc) cores; $(date -u +%FT%TZ)"
echo "# targets (sold): latency p50 <= 0.2 ms, throughput >= 25 MB/s per reader"

# sold: readiness line "addr path" through a FIFO, no sleeps
mkfifo "$T/sold.rdy"
"$SOLD" -N 3 -l 127.0.0.1:0 -S "$T/pd.sock" -U "$T/sold.sock" \
    3>"$T/sold.rdy" 2>"$T/sold.log" </dev/null &
pids="$pids $!"
spid=$!
addr=$(timeout 20 head -n 1 "$T/sold.rdy")
addr=${addr%% *}
[ -n "$addr" ] || { echo "sold did not start"; cat "$T/sold.log"; exit 1; }
"$CONBENCH" -z -m sold -S "$T/pd.sock" -c "$addr" -r $READERS -n "$ROUNDS" -s "$MIB" ||
    { echo "# sold bench failed"; tail "$T/sold.log"; }
echo "sold     RSS $(awk '/VmRSS/ {print $2}' /proc/$spid/status) kB"
kill "$spid"; wait "$spid" 2>/dev/null

# ser2net on a pty
if command -v ser2net >/dev/null 2>&1; then
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	mkfifo "$T/cb.rdy"
	"$CONBENCH" -z -m ser2net -p -N 3 -c "127.0.0.1:$port" -r $READERS \
	    -n "$ROUNDS" -s "$MIB" 3>"$T/cb.rdy" >"$T/cb.out" 2>&1 &
	cb=$!
	pty=$(timeout 20 head -n 1 "$T/cb.rdy")
	cat >"$T/ser2net.yaml" <<EOC
connection: &bench
  accepter: tcp,127.0.0.1,$port
  connector: serialdev,$pty,115200n81,local
  options:
    max-connections: $((READERS + 1))
    kickolduser: false
EOC
	ser2net -n -u -c "$T/ser2net.yaml" -P "$T/ser2net.pid" >"$T/ser2net.log" 2>&1 &
	s2n=$!
	pids="$pids $s2n"
	wait "$cb" || echo "# ser2net bench failed"
	cat "$T/cb.out"
	echo "ser2net  RSS $(awk '/VmRSS/ {print $2}' /proc/$s2n/status 2>/dev/null) kB"
	kill "$s2n" 2>/dev/null
else
	echo "# ser2net not installed: skipped"
fi
