#!/bin/sh
# mk/bench-redfishd.sh: redfishd figures with wrk; prints, asserts nothing.
# SPDX-License-Identifier: ISC
#
# Figures: GET a System with Basic auth and with a session token, 8 and 64
# keep-alive connections (requests/s, p50, p99, errors), RSS after the runs,
# and startup to the first 200 (median of 5).  Targets (issue 4): >= 20 000
# requests/s at 8 connections, p99 <= 5 ms, 0 errors at 64, RSS <= 8 MB,
# startup <= 20 ms.  A sim lab on 127.0.0.1; run after `make all`.
set -u
TOP=$(cd "${0%/*}/.." && pwd)
B=$(mktemp -d "${TMPDIR:-/tmp}/bench-redfishd.XXXXXX")
DUR=${DUR:-10}
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$B"' EXIT
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
now_us() { date +%s%6N; }

command -v wrk >/dev/null || { echo "wrk not installed"; exit 0; }
mkdir -p "$B/state"
cat >"$B/lab.conf" <<EOF
state-dir $B/state
account admin administrator password password
server srv1
	backend sim
	sim-delay on 0
	sim-delay off 0
EOF
mkfifo "$B/pd.rdy" "$B/rf.rdy"
"$TOP/powerd/powerd" -f "$B/lab.conf" -S "$B/pd.sock" -N 3 3>"$B/pd.rdy" 2>"$B/pd.log" &
PIDS="$PIDS $!"
read -r _ <"$B/pd.rdy"
"$TOP/redfishd/redfishd" -l 127.0.0.1:0 -S "$B/pd.sock" -i srv1 -N 3 \
    3>"$B/rf.rdy" 2>"$B/rf.log" &
RFPID=$!
PIDS="$PIDS $RFPID"
read -r ADDR <"$B/rf.rdy"
URL=http://$ADDR/redfish/v1/Systems/srv1
BASIC="Authorization: Basic $(printf admin:password | base64)"
TOKEN=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d '{"UserName":"admin","Password":"password"}' \
    "http://$ADDR/redfish/v1/SessionService/Sessions" |
    tr -d '\r' | sed -n 's/^X-Auth-Token: //p')
echo "redfishd idle RSS: $(rss_kb $RFPID) kB"

# run NAME CONNS HEADER: one wrk run, one line of figures
run() {
	wrk -t 2 -c "$2" -d "${DUR}s" --latency -H "$3" "$URL" >"$B/wrk" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$B/wrk")
	p50=$(awk '$1 == "50%" { print $2 }' "$B/wrk")
	p99=$(awk '$1 == "99%" { print $2 }' "$B/wrk")
	err=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }
	    /Non-2xx/ { print $NF }' "$B/wrk" | awk '{ s += $1 } END { print s + 0 }')
	printf '%-28s %6s conns %10s req/s  p50 %-9s p99 %-9s errors %s\n' \
	    "$1" "$2" "${rps:-?}" "${p50:-?}" "${p99:-?}" "$err"
}
run "GET System, Basic" 8 "$BASIC"
run "GET System, Basic" 64 "$BASIC"
run "GET System, X-Auth-Token" 8 "X-Auth-Token: $TOKEN"
run "GET System, X-Auth-Token" 64 "X-Auth-Token: $TOKEN"
echo "redfishd RSS after the runs: $(rss_kb $RFPID) kB (peak $(hwm_kb $RFPID) kB)"
sleep 11		# redfishd hands freed heap back every 10 s
echo "redfishd RSS 11 s later: $(rss_kb $RFPID) kB"
echo "targets: >= 20000 req/s and p99 <= 5 ms at 8 conns, 0 errors at 64, RSS <= 8 MB"

# startup: spawn to the first 200 on the service root, 5 runs, measured
# by one python process (no client spawn in the figure)
python3 - "$TOP/redfishd/redfishd" "$B/pd.sock" >"$B/start" <<'PY'
import http.client, os, subprocess, sys, time
exe, sock = sys.argv[1:3]
for _ in range(5):
    r, wfd = os.pipe()
    t0 = time.monotonic()
    p = subprocess.Popen([exe, '-l', '127.0.0.1:0', '-S', sock, '-N', str(wfd)],
                         pass_fds=(wfd,), stderr=subprocess.DEVNULL)
    os.close(wfd)
    addr = os.fdopen(r).readline().split()[0]
    host, port = addr.rsplit(':', 1)
    while True:
        try:
            c = http.client.HTTPConnection(host, int(port), timeout=2)
            c.request('GET', '/redfish/v1/')
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
    print(int((time.monotonic() - t0) * 1000))
    p.terminate()
    p.wait()
PY
echo "startup to first 200: median $(sort -n "$B/start" | sed -n 3p) ms" \
    "(runs: $(sort -n "$B/start" | tr '\n' ' ')ms) target <= 20 ms"
