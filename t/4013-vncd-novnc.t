#!/bin/sh
# 4013-vncd-novnc.t: Debian's noVNC served by vncd's web port opens the
# console in headless Chromium through the page port's /websockify: the
# screenshot shows the console text.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need curl chromium /usr/bin/python3
[ -f /usr/share/novnc/vnc.html ] || need novnc-package-files
PATH="$TOP/t/helper:$PATH"

printf '\033[2J\033[HHello from the noVNC test\r\nlogin: ' >"$T/screen"
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
start vncd -v -l 127.0.0.1:0 -w 127.0.0.1:0 -U "$T/sold.sock"
rfb=${vncd_addr%% *}
web=${vncd_addr##* }

curl -sS -o /dev/null -D "$T/hdr" "http://$web/"
t_like '/ redirects to vnc.html with the page port and /websockify' \
    "$(cat "$T/hdr")" \
    "Location: /vnc\.html\?autoconnect=true&resize=scale&host=127\.0\.0\.1&port=${web##*:}&path=websockify"
printf 'web-public-port 16080\nrfb-public-port 15900\n' >"$T/vncd.conf"
start_as vncd2 vncd -f "$T/vncd.conf" -l 127.0.0.1:0 -w 127.0.0.1:0 -U "$T/sold.sock"
curl -sS -o /dev/null -D "$T/hdr2" "http://${vncd2_addr##* }/"
t_like 'web-public-port: / sends browsers there' "$(cat "$T/hdr2")" \
    'port=16080&path=websockify'
stop vncd2
t_is 'vnc.html served' "$(curl -s -o /dev/null -w '%{http_code}' "http://$web/vnc.html")" 200
t_like 'ES modules served as JavaScript' \
    "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "http://$web/core/rfb.js")" \
    '^200 (application|text)/javascript'
t_is 'no directory listing' "$(curl -s -o /dev/null -w '%{http_code}' "http://$web/core/")" 403

# a fresh profile per try; virtual time lets the page settle
snap() {
	rm -rf "$T/prof" "$T/page.png"
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --user-data-dir="$T/prof" \
	    --window-size=800,600 --virtual-time-budget=8000 \
	    --screenshot="$T/page.png" "http://$web/" >>"$T/chromium.log" 2>&1
	[ -s "$T/page.png" ] && vnccheck.py text "$T/page.png" 200
}
_k=0
while [ $_k -lt 3 ] && ! snap >"$T/snap.out" 2>&1; do _k=$((_k + 1)); done
t_ok 'noVNC canvas shows the console text' vnccheck.py text "$T/page.png" 200
diag "$(cat "$T/snap.out")"
t_ok "the browser came through the page port's /websockify" \
    grep -Eq 'viewer 127\.0\.0\.1:[0-9]+ \(websockify\) connected' "$T/vncd.log"
t_unlike "and not through the RFB port" "$(cat "$T/vncd.log")" \
    'WebSockets handshake'
t_ok 'clean exit' stop_all
done_testing
