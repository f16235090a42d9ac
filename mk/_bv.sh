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
