#!/bin/sh
# 9541-vncd-aggregated-novnc.t: Debian's noVNC in headless Chromium against
# one vncd -M serving two servers: each server's page port opens that
# server's console through its own /websockify (srv1's text on srv1's page,
# srv2's blank screen on srv2's)
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need curl chromium /usr/bin/python3
[ -f /usr/share/novnc/vnc.html ] || need novnc-package-files
PATH="$TOP/t/helper:$PATH"

ports() {
	/usr/bin/python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
}

# two fake consoles: srv1 full of text, srv2 cleared
printf '\033[2J\033[HHello from srv1 through noVNC\r\nsrv1 login: ' >"$T/screen1"
printf '\033[2J\033[H' >"$T/screen2"
start_as sold1 vncfakesold.py -S "$T/sold1.sock" -t "$T/screen1"
start_as sold2 vncfakesold.py -S "$T/sold2.sock" -t "$T/screen2"
set -- $(ports 4)
{
	echo "server srv1 vnc=127.0.0.1:$1 novnc=127.0.0.1:$2 sol=$T/sold1.sock"
	echo "server srv2 vnc=127.0.0.1:$3 novnc=127.0.0.1:$4 sol=$T/sold2.sock"
} >"$T/servers"
w1=127.0.0.1:$2 w2=127.0.0.1:$4
start vncd -v -M "$T/servers"

curl -sS -o /dev/null -D "$T/hdr" "http://$w2/"
t_like "srv2's page port sends the browser to its own /websockify" "$(cat "$T/hdr")" \
    "Location: /vnc\\.html\\?autoconnect=true&resize=scale&host=127\\.0\\.0\\.1&port=${w2##*:}&path=websockify"

snap() {
	rm -rf "$T/prof" "$T/page$2.png"
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --user-data-dir="$T/prof" \
	    --window-size=800,600 --virtual-time-budget=8000 \
	    --screenshot="$T/page$2.png" "http://$1/" >>"$T/chromium.log" 2>&1
	[ -s "$T/page$2.png" ]
}
_k=0
while [ $_k -lt 3 ] && ! { snap "$w1" 1 && vnccheck.py text "$T/page1.png" 200; } >"$T/snap.out" 2>&1; do
	_k=$((_k + 1))
done
t_ok "srv1's noVNC page shows srv1's console text" vnccheck.py text "$T/page1.png" 200
_k=0
while [ $_k -lt 3 ] && ! snap "$w2" 2 >>"$T/snap.out" 2>&1; do _k=$((_k + 1)); done
t_ok "srv2's page was drawn" test -s "$T/page2.png"
t_fail "and shows no text: srv2's console is blank, not srv1's" vnccheck.py text "$T/page2.png" 200
t_ok 'both browsers came through the page ports'"'"' /websockify' sh -c \
    "[ \$(grep -Ec 'viewer 127\\.0\\.0\\.1:[0-9]+ \\(websockify\\) connected' '$T/vncd.log') -ge 2 ]"
t_ok 'each server drew its own screen for its first viewer' sh -c \
    "[ \$(grep -c 'first viewer: drawing the screen' '$T/vncd.log') -ge 2 ]"
t_ok 'clean exit' stop_all
done_testing
