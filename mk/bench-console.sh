#!/bin/sh
# bench-console.sh: typed-echo round trip through the whole console chain:
# IPMI SOL (ipmitool sol activate, suite 3) and Redfish /console0 (a
# WebSocket), both via sold to powerd's simulated host, which echoes as a
# terminal does; and, for reference, sold's raw TCP port.  Prints p50/p99;
# asserts nothing.  usage: sh mk/bench-console.sh [rounds]
# SPDX-License-Identifier: ISC
set -u
TOP=$(cd "${0%/*}/.." && pwd)
ROUNDS=${1:-300}
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-console.XXXXXX")
PY=/usr/bin/python3
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

make -s -C "$TOP" powerd/powerd powerd/powerctl sold/sold ipmid/ipmid \
    redfishd/redfishd >/dev/null || exit 1
for c in ipmitool expect; do
	command -v $c >/dev/null 2>&1 || { echo "# $c missing: skipped"; exit 0; }
done

# start NAME PROG ARGS: readiness line (bound addresses) into $T/NAME.addr
start() {
	n=$1; shift
	mkfifo "$T/$n.rdy"
	"$@" -N 3 3>"$T/$n.rdy" 2>"$T/$n.log" </dev/null &
	pids="$pids $!"
	timeout 20 head -n 1 "$T/$n.rdy" >"$T/$n.addr"
	[ -s "$T/$n.addr" ] || { echo "# $n did not start"; cat "$T/$n.log"; exit 1; }
}

mkdir -p "$T/state"
cat >"$T/lab.conf" <<EOF
state-dir $T/state
account admin administrator password password
server srv1
	backend sim
	sim-delay on 0
EOF
printf 'sol-socket %s\n' "$T/sold.sock" >"$T/ipmid.conf"
start powerd "$TOP/powerd/powerd" -f "$T/lab.conf" -S "$T/pd.sock"
start sold "$TOP/sold/sold" -i srv1 -S "$T/pd.sock" -l 127.0.0.1:0 -U "$T/sold.sock"
start ipmid "$TOP/ipmid/ipmid" -i srv1 -S "$T/pd.sock" -l 127.0.0.1:0 -f "$T/ipmid.conf"
start redfishd "$TOP/redfishd/redfishd" -i srv1 -S "$T/pd.sock" -l 127.0.0.1:0 -C "$T/sold.sock"
"$TOP/powerd/powerctl" -S "$T/pd.sock" power srv1 on >/dev/null

echo "# console echo round trip: $ROUNDS keystrokes each; $(nproc) cores; $(date -u +%FT%TZ)"

# percentiles of the microsecond figures on stdin
pct() {
	sort -n | awk -v what="$1" '{ v[NR] = $1 }
	    END { if (NR == 0) { print what ": no samples"; exit }
		printf "%-28s p50 %.3f ms  p99 %.3f ms  (%d samples)\n", what,
		    v[int(NR * 0.5) + 1] / 1000, v[int(NR * 0.99) + (NR * 0.99 > int(NR * 0.99))] / 1000, NR }'
}

# a keystroke loop over any byte stream: log in, then type one letter at a
# time and wait for its echo; Enter every 40 letters keeps the line short
cat >"$T/rtt.py" <<'PY'
import base64, socket, sys, time
kind, target, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
if kind == "tcp":
    h, p = target.rsplit(":", 1)
    s = socket.create_connection((h, int(p)))
    send = s.sendall
    def recv():
        return s.recv(4096)
else:
    import websocket
    ws = websocket.create_connection(target, header=["Authorization: Basic " +
        base64.b64encode(b"admin:password").decode()])
    send = lambda b: ws.send_binary(b)
    def recv():
        op, data = ws.recv_data()
        return data if isinstance(data, bytes) else data.encode()
buf = b""
def wait_for(tok, limit=10):
    global buf
    end = time.monotonic() + limit
    while tok not in buf:
        if time.monotonic() > end:
            raise SystemExit("timeout waiting for %r" % tok)
        buf += recv()
    buf = buf[buf.index(tok) + len(tok):]
send(b"\r")
wait_for(b"login:")
send(b"root\r")
wait_for(b"# ")
letters = b"abcdefghijklmnopqrstuvwxyz"
for i in range(rounds):
    if i and i % 40 == 0:
        send(b"\r")
        wait_for(b"# ")
    c = letters[i % 26:i % 26 + 1]
    buf = b""
    t0 = time.perf_counter_ns()
    send(c)
    wait_for(c)
    print((time.perf_counter_ns() - t0) // 1000)
PY
con=$(cut -d' ' -f1 "$T/sold.addr")
$PY "$T/rtt.py" tcp "$con" "$ROUNDS" | pct "sold raw TCP"
rf=$(cut -d' ' -f1 "$T/redfishd.addr")
if $PY -c 'import websocket' 2>/dev/null; then
	$PY "$T/rtt.py" ws "ws://$rf/console0" "$ROUNDS" | pct "Redfish /console0 (WebSocket)"
else
	echo "# python3-websocket missing: /console0 skipped"
fi

# SOL through ipmitool: expect's clock gives microseconds
ip=$(cut -d' ' -f1 "$T/ipmid.addr")
cat >"$T/sol.exp" <<EOF
set timeout 10
log_user 0
spawn ipmitool -I lanplus -C 3 -H 127.0.0.1 -p ${ip##*:} -U admin -P password sol activate
expect "SOL Session operational"
send "\r"
expect {
	"login:" { send "root\r"; exp_continue }
	"# " {}
}
set letters "abcdefghijklmnopqrstuvwxyz"
for {set i 0} {\$i < $ROUNDS} {incr i} {
	if {\$i > 0 && \$i % 40 == 0} { send "\r"; expect "# " }
	set c [string index \$letters [expr {\$i % 26}]]
	set t0 [clock microseconds]
	send -- \$c
	expect -- \$c
	puts [expr {[clock microseconds] - \$t0}]
}
send "~."
expect eof
EOF
expect "$T/sol.exp" 2>/dev/null | tr -d '\r' | grep -E '^[0-9]+$' | pct "IPMI SOL (ipmitool -C 3)"
