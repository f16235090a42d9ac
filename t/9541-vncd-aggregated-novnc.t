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

# two fake consoles: srv1's screen full of text, srv2's one short line
{
	printf '\033[2J\033[H'
	i=0
	while [ $i -lt 22 ]; do
		printf 'srv1 XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\r\n'
		i=$((i + 1))
	done
	printf 'srv1 login: '
} >"$T/screen1"
printf '\033[2J\033[Hsrv2 login: ' >"$T/screen2"
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
while [ $_k -lt 3 ] && ! { snap "$w1" 1 && vnccheck.py text "$T/page1.png" 10000; } >"$T/snap.out" 2>&1; do
	_k=$((_k + 1))
done
t_ok "srv1's noVNC page shows srv1's screenful of text" vnccheck.py text "$T/page1.png" 10000
_k=0
while [ $_k -lt 3 ] && ! { snap "$w2" 2 && vnccheck.py text "$T/page2.png" 50; } >>"$T/snap.out" 2>&1; do
	_k=$((_k + 1))
done
t_ok "srv2's page shows srv2's one line" vnccheck.py text "$T/page2.png" 50
t_fail "and not srv1's screenful" vnccheck.py text "$T/page2.png" 10000
t_ok 'both browsers came through the page ports'"'"' /websockify' sh -c \
    "[ \$(grep -Ec 'viewer 127\\.0\\.0\\.1:[0-9]+ \\(websockify\\) connected' '$T/vncd.log') -ge 2 ]"
t_ok 'each server drew its own screen for its first viewer' sh -c \
    "[ \$(grep -c 'first viewer: drawing the screen' '$T/vncd.log') -ge 2 ]"
t_ok 'clean exit' stop_all
done_testing
