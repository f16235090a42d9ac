#!/bin/sh
# 4018-vncd-websockify.t: noVNC's WebSocket on the page port (/websockify):
# a client whose upgrade request comes late still gets RFB, the VNC
# password applies, connections leave nothing behind; the RFB port still
# greets plain viewers at once.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need curl /usr/bin/python3
/usr/bin/python3 -c 'import websocket' 2>/dev/null || need python3-websocket-module
PATH="$TOP/t/helper:$PATH"

printf '\033[2J\033[Hwebsockify console\r\n' >"$T/screen"
printf 'websockify console\n' >"$T/expect"
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
# 64 page workers: the churn below measures what a connection leaves
# behind, not the first touch of each of the default 1100 workers' stacks
printf 'web-threads 64\n' >"$T/vncd.conf"
ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=1" start vncd -v \
    -f "$T/vncd.conf" -l 127.0.0.1:0 -w 127.0.0.1:0 -U "$T/sold.sock"
rfb=${vncd_addr%% *}
web=${vncd_addr##* }
ws="ws://$web/websockify"

curl -sS -o /dev/null -D "$T/hdr" "http://$web/"
t_like '/ sends noVNC to the page port and /websockify' "$(cat "$T/hdr")" \
    "Location: /vnc\.html\?autoconnect=true&resize=scale&host=127\.0\.0\.1&port=${web##*:}&path=websockify"
curl -sS -o /dev/null -D "$T/hdr" -H 'Host: bmc.example:16080' "http://$web/"
t_like '/ follows the Host the browser used (a port mapping)' \
    "$(cat "$T/hdr")" 'host=bmc\.example&port=16080&path=websockify'
curl -sS -o /dev/null -D "$T/hdr" -H 'Host: "><script>' "http://$web/"
t_unlike 'a bad Host header is not echoed' "$(cat "$T/hdr")" 'script|host='

# a remote browser's upgrade request comes a round trip after connecting
vncws.py greet "$ws" 200 >"$T/g1" 2>&1
t_is 'upgrade request 200 ms late: the RFB greeting and a session' \
    "$(cat "$T/g1")" 'RFB 003.008
security 1
desktop 640x400 srv1'
# civetweb's request timeout (2 s) does not cut a quiet WebSocket
t_like 'a session idle for 3 s still answers' \
    "$(vncws.py greet "$ws" 0 3 2>&1)" 'update after 3 s idle'
t_ok 'a non-WebSocket request to /websockify does not crash vncd' \
    curl -s -o /dev/null "http://$web/websockify"

# a viewer through /websockify sees the console (vncgrab over a bridge)
vncws.py bridge "$ws" >"$T/bridge.port" 2>"$T/bridge.log" &
bridge=$!
wait_until 10 test -s "$T/bridge.port" || BAIL 'bridge did not start'
bport=$(cat "$T/bridge.port")
t_ok 'vncgrab through /websockify' vncgrab -o "$T/g.ppm" "127.0.0.1:$bport"
t_ok 'and the console text' vnccheck.py match "$T/g.ppm" "$T/expect"
t_like 'vncd logs the browser address' "$(cat "$T/vncd.log")" \
    'viewer 127\.0\.0\.1:[0-9]+ \(websockify\) connected'

# the RFB port: plain viewers greeted at once, local WebSocket clients too
set -- $(vncchurn.py greet "${rfb##*:}" 20 0)
diag "RFB port greeting: median $1 ms, max $2 ms"
t_ok "RFB port greeting median under 500 ms ($1 ms)" \
    awk "BEGIN { exit !($1 < 500) }"
t_like 'WebSocket on the RFB port still works for a prompt client' \
    "$(vncws.py greet "ws://$rfb/" 0 2>&1)" '^RFB 003\.008'

# the RFB port's window (-W, default 5 ms) is what fails remote browsers
t_fail 'RFB port: an upgrade request 200 ms late fails (-W 5)' \
    vncws.py greet "ws://$rfb/" 200
start_as vncdw vncd -W 400 -l 127.0.0.1:0 -U "$T/sold.sock"
t_like 'with -W 400 it gets through' \
    "$(vncws.py greet "ws://$vncdw_addr/" 200 2>&1)" '^RFB 003\.008'
stop vncdw

# connections through /websockify leave nothing behind
maps() { wc -l <"/proc/$vncd_pid/maps"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$vncd_pid/status"; }
threads() { awk '/Threads/ {print $2}' "/proc/$vncd_pid/status"; }
threads_le() { [ "$(threads)" -le "$1" ]; }
vncws.py churn "$ws" 50 >/dev/null 2>&1	# warm up
wait_until 10 threads_le 67	# main, listener, civetweb's master and 64
t0=$(threads)
m0=$(maps)
r0=$(rss)
t_ok '300 WebSocket connect/greeting/close cycles' vncws.py churn "$ws" 300
t_ok '100 more dropped without a close frame' vncws.py drop "$ws" 100
wait_until 20 threads_le "$t0"
t_ok "viewer and relay threads are gone ($t0 -> $(threads))" threads_le "$t0"
m1=$(maps)
r1=$(rss)
diag "mappings $m0 -> $m1, RSS $r0 -> $r1 kB"
t_ok "mappings flat ($m0 -> $m1, at most +16)" test "$m1" -le $((m0 + 16))
t_ok "RSS flat ($r0 -> $r1 kB, at most +2048)" test "$r1" -le $((r0 + 2048))
t_is 'every relayed viewer connected went' \
    "$(grep -c '(websockify) connected' "$T/vncd.log")" \
    "$(grep -c '(websockify) gone' "$T/vncd.log")"

# at most 32 WebSocket viewers: the page still loads beside them
vncws.py hold "$ws" 32 >"$T/hold" 2>&1 &
hold=$!
wait_until 30 grep -q extra "$T/hold"
t_is '32 WebSocket viewers held, a 33rd refused' "$(cat "$T/hold")" 'held 32
extra refused'
t_is 'the page loads beside them' \
    "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://$web/vnc.html")" 200
kill "$hold"
wait "$hold" 2>/dev/null
wait_until 20 threads_le "$t0"
t_like 'and once they go, a new one gets through' \
    "$(vncws.py greet "$ws" 0 2>&1)" '^RFB 003\.008'

# stopping with a WebSocket viewer connected
vncws.py greet "$ws" 0 30 >"$T/held" 2>&1 &
held=$!
wait_until 10 grep -q desktop "$T/held"
t_ok 'clean exit with a WebSocket viewer connected' stop vncd
kill "$held" "$bridge" 2>/dev/null
wait "$held" "$bridge" 2>/dev/null

# the VNC password applies over /websockify unchanged
printf 'secret\n' >"$T/vncpw"
printf 'wrong\n' >"$T/badpw"
start_as vncpw vncd -l 127.0.0.1:0 -w 127.0.0.1:0 -U "$T/sold.sock" \
    -P "$T/vncpw"
ws="ws://${vncpw_addr##* }/websockify"
t_is 'with -P, /websockify offers VNC authentication only' \
    "$(vncws.py greet "$ws" 0 2>&1)" 'RFB 003.008
security 2'
vncws.py bridge "$ws" >"$T/bridge2.port" 2>"$T/bridge2.log" &
bridge=$!
wait_until 10 test -s "$T/bridge2.port" || BAIL 'bridge did not start'
bport=$(cat "$T/bridge2.port")
t_fail 'no password: refused' vncgrab -t 3000 "127.0.0.1:$bport"
t_fail 'wrong password: refused' vncgrab -t 3000 -p "$T/badpw" "127.0.0.1:$bport"
t_ok 'right password: the console' \
    vncgrab -p "$T/vncpw" -o "$T/g2.ppm" "127.0.0.1:$bport"
t_ok 'and its text' vnccheck.py match "$T/g2.ppm" "$T/expect"
kill "$bridge"
wait "$bridge" 2>/dev/null

# anonymous viewers only on loopback: the page port relays viewers too
vncd -n -l 127.0.0.1:0 -w 0.0.0.0:0 -U "$T/sold.sock" >"$T/o" 2>&1
t_is 'web on 0.0.0.0 without a password: refused (exit 100)' \
    "$? $(grep -c 'web 0.0.0.0:0: not a loopback address: a VNC password is required' "$T/o")" \
    '100 1'
t_ok 'web on 0.0.0.0 with a password: configuration OK' \
    vncd -n -l 127.0.0.1:0 -w 0.0.0.0:0 -P "$T/vncpw" -U "$T/sold.sock"

# -W, websocket-wait: the RFB port's detection window
t_ok '-W 50: configuration OK' vncd -n -W 50 -U "$T/sold.sock"
for bad in -1 1001 x; do
	vncd -n -W "$bad" -U "$T/sold.sock" >"$T/o" 2>&1
	t_is "-W $bad: refused (exit 100)" "$?" 100
done
printf 'websocket-wait 2000\n' >"$T/bad.conf"
vncd -n -f "$T/bad.conf" -U "$T/sold.sock" >"$T/o" 2>&1
t_is 'websocket-wait 2000: refused (exit 100)' "$?" 100
for bad in 7 4097 many; do
	printf 'web-threads %s\n' "$bad" >"$T/bad.conf"
	vncd -n -f "$T/bad.conf" -U "$T/sold.sock" >"$T/o" 2>&1
	t_is "web-threads $bad: refused (exit 100)" "$?" 100
done
printf 'websocket-wait 100\nweb-public-port 16080\nweb-threads 64\n' >"$T/ok.conf"
t_ok 'websocket-wait 100, web-public-port, web-threads 64: configuration OK' \
    vncd -n -f "$T/ok.conf" -U "$T/sold.sock"
t_ok 'clean exit' stop_all
done_testing
