#!/bin/sh
# mk/bench-redfishd-hostile.sh: redfishd under slow and idle clients;
# prints, asserts nothing.
# SPDX-License-Identifier: ISC
#
# Figures (issue 10 item 7): authenticated GET latency (max and median of
# 10, one new connection each) while SLOW slowloris connections (a request
# head trickled, a line a second) and IDLE connections that send nothing
# are held, each re-opened as soon as redfishd closes it; the same over
# HTTPS with IDLE connections that never send a ClientHello; redfishd's
# RSS and threads.  Target: every GET within 1 s at 500 + 500, memory
# bounded.  A sim lab on 127.0.0.1; run after `make all`.
set -u
TOP=$(cd "${0%/*}/.." && pwd)
B=$(mktemp -d "${TMPDIR:-/tmp}/bench-rfhostile.XXXXXX")
SLOW=${SLOW:-500}
IDLE=${IDLE:-500}
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$B"' EXIT
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
st() { awk '/^VmRSS|^VmHWM|^Threads/ { printf "%s %s  ", $1, $2 }' "/proc/$1/status"; }

mkdir -p "$B/state"
cat >"$B/lab.conf" <<EOF
state-dir $B/state
account admin administrator password password
server srv1
	backend sim
EOF
mkfifo "$B/pd.rdy" "$B/rf.rdy"
"$TOP/powerd/powerd" -f "$B/lab.conf" -S "$B/pd.sock" -N 3 3>"$B/pd.rdy" 2>"$B/pd.log" &
PIDS="$PIDS $!"
read -r _ <"$B/pd.rdy"
"$TOP/redfishd/redfishd" -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$B/pd.sock" -i srv1 \
    -N 3 3>"$B/rf.rdy" 2>"$B/rf.log" &
RFPID=$!
PIDS="$PIDS $RFPID"
read -r ADDR <"$B/rf.rdy"
HP=${ADDR%% *}; HP=${HP##*:}
SP=${ADDR##*:}
echo "redfishd at rest: $(st $RFPID)"
/usr/bin/python3 "$TOP/t/helper/rfhostile.py" 127.0.0.1 "$HP" 0 0 0 10 >"$B/o"
echo "GET, nothing else:                         $(tail -n 1 "$B/o" | sed 's/.*gets/gets/')"
/usr/bin/python3 "$TOP/t/helper/rfhostile.py" 127.0.0.1 "$HP" "$SLOW" "$IDLE" 8 10 >"$B/o"
echo "GET, $SLOW slowloris + $IDLE idle (HTTP):      $(tail -n 1 "$B/o")"
echo "redfishd meanwhile: $(st $RFPID)"
/usr/bin/python3 "$TOP/t/helper/rfhostile.py" 127.0.0.1 "$SP" 0 "$IDLE" 5 10 1 >"$B/o"
echo "GET, $IDLE never sending a ClientHello (HTTPS): $(tail -n 1 "$B/o")"
echo "redfishd meanwhile: $(st $RFPID)"
sleep 11		# redfishd hands freed heap back every 10 s
echo "redfishd 11 s later: $(st $RFPID)"
echo "target: every GET within 1 s (max above), memory bounded"

# the noVNC page under the same load (vncd's page server is civetweb too)
"$TOP/vncd/vncd" -m console -l 127.0.0.1:0 -w 127.0.0.1:0 -S "$B/pd.sock" \
    -i srv1 -N 3 3>"$B/v.rdy" 2>"$B/v.log" &
VPID=$!
PIDS="$PIDS $VPID"
i=0
while [ ! -s "$B/v.rdy" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
read -r VADDR <"$B/v.rdy"
WP=${VADDR##*:}
GET_PATH=/vnc.html /usr/bin/python3 "$TOP/t/helper/rfhostile.py" 127.0.0.1 \
    "$WP" "$SLOW" "$IDLE" 8 10 >"$B/o"
echo "noVNC page, $SLOW slowloris + $IDLE idle:     $(tail -n 1 "$B/o")"
echo "target: the page within 1 s (max above)"
