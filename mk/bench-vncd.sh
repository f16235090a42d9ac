#!/bin/sh
# mk/bench-vncd.sh: vncd figures with t/helper/vncgrab; prints, asserts nothing.
# SPDX-License-Identifier: ISC
#
# Figures (issue 6): change-to-pixels latency in console mode, p50/p95
# (target <= 5 ms), from the byte written on sold's socket to the end of
# the FramebufferUpdate showing it; bytes per update while the console
# scrolls, Tight and raw with and without CopyRect (ZRLE for reference);
# the latency proxy mode adds over x11vnc direct (target <= 1 ms): two
# viewers, one through vncd -m proxy and one straight to x11vnc, watch the
# same xsetroot change; x11vnc's own change-to-pixels latency the same way;
# RSS of vncd (both modes), x11vnc and Xvfb; RSS and mappings after
# CHURN (10 000) connect/close cycles; RFB greeting latency.  Run after
# `make all`.
set -u
TOP=$(cd "${0%/*}/.." && pwd)
B=$(mktemp -d "${TMPDIR:-/tmp}/bench-vncd.XXXXXX")
N=${N:-300}
PIDS=
trap 'for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$B"' EXIT
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
GRAB=$TOP/t/helper/vncgrab
VNCD=$TOP/vncd/vncd
[ -x "$GRAB" ] && [ -x "$VNCD" ] || { echo "vncd: run make all first"; exit 0; }

echo "# console mode (vncd reads a fake sold that vncgrab plays)"
mkfifo "$B/c.rdy"
"$VNCD" -l 127.0.0.1:0 -U "$B/sold.sock" -N 3 3>"$B/c.rdy" 2>"$B/c.log" &
CPID=$!
PIDS="$PIDS $CPID"
read -r CADDR <"$B/c.rdy"
for enc in tight raw; do
	printf 'vncd console latency (%s):  ' "$enc"
	"$GRAB" -e "$enc" -F "$B/sold.sock" -l "$N" "$CADDR" | tail -n 1
done
for enc in 'tight' 'copyrect tight' 'raw' 'copyrect raw' 'zrle' 'copyrect zrle'; do
	printf 'vncd console scroll (%s): ' "$enc"
	"$GRAB" -e "$enc" -F "$B/sold.sock" -s 200 "$CADDR" | tail -n 1
done
echo "vncd console RSS: $(rss_kb $CPID) kB"
# issue 10 item 4: memory and mappings over connection churn, and the
# greeting's latency (alone, and beside 10 trickled WebSocket requests)
CH=${CHURN:-10000}
maps() { wc -l <"/proc/$1/maps"; }
m0=$(maps $CPID) r0=$(rss_kb $CPID)
python3 "$TOP/t/helper/vncchurn.py" churn "${CADDR##*:}" "$CH"
sleep 1
echo "vncd churn $CH connections: RSS $r0 -> $(rss_kb $CPID) kB, mappings $m0 -> $(maps $CPID)"
set -- $(python3 "$TOP/t/helper/vncchurn.py" greet "${CADDR##*:}" 200 0)
echo "vncd RFB greeting: median $1 ms, max $2 ms"
set -- $(python3 "$TOP/t/helper/vncchurn.py" greet "${CADDR##*:}" 200 10)
echo "vncd RFB greeting beside 10 trickled WebSocket requests: median $1 ms, max $2 ms"

if ! command -v Xvfb >/dev/null || ! command -v x11vnc >/dev/null; then
	echo "# proxy mode skipped: needs xvfb, x11vnc"
	exit 0
fi
# the change both viewers wait for: the root window's colour
XSET=xsetroot
command -v xsetroot >/dev/null || XSET=$TOP/t/helper/vncxroot.py
echo "# proxy mode (Xvfb 1024x768, x11vnc -threads -nonap -wait 5 -defer 5)"
mkfifo "$B/x.fd" "$B/p.rdy"
Xvfb -displayfd 3 -noreset -nolisten tcp -screen 0 1024x768x24 3>"$B/x.fd" \
    2>"$B/xvfb.log" &
XPID=$!
PIDS="$PIDS $XPID"
read -r DPY <"$B/x.fd"
DISPLAY=:$DPY
export DISPLAY
XPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
x11vnc -display "$DISPLAY" -rfbport "$XPORT" -localhost -nopw -forever \
    -shared -threads -nonap -wait 5 -defer 5 >"$B/x11vnc.out" 2>"$B/x11vnc.log" &
VPID=$!
PIDS="$PIDS $VPID"
i=0
while ! grep -q "^PORT=" "$B/x11vnc.out" && [ $i -lt 300 ]; do
	i=$((i + 1)); sleep 0.1
done
"$VNCD" -m proxy -X "127.0.0.1:$XPORT" -l 127.0.0.1:0 -N 3 3>"$B/p.rdy" \
    2>"$B/p.log" &
PXPID=$!
PIDS="$PIDS $PXPID"
read -r PADDR <"$B/p.rdy"
for enc in tight raw; do
	echo "viewers use $enc:"
	"$GRAB" -e "$enc" -D "127.0.0.1:$XPORT" -x "$XSET" -l "${NP:-100}" "$PADDR" |
	    sed -n 's/^via-/  vncd proxy /p; s/^direct-/  x11vnc direct /p; s/^added-/  proxy added /p'
done
echo "vncd proxy RSS: $(rss_kb $PXPID) kB"
echo "x11vnc RSS: $(rss_kb $VPID) kB"
echo "Xvfb RSS: $(rss_kb $XPID) kB"
exit 0
