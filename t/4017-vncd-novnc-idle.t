#!/bin/sh
# 4017-vncd-novnc-idle.t: idle connections to the noVNC page server do not
# starve it: with 50 held open, the page answers within a second.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need curl /usr/bin/python3
[ -f /usr/share/novnc/vnc.html ] || need novnc-package-files
PATH="$TOP/t/helper:$PATH"
plan 8

printf '\033[2J\033[Hidle\r\n' >"$T/screen"
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
start vncd -l 127.0.0.1:0 -w 127.0.0.1:0 -U "$T/sold.sock"
web=${vncd_addr##* }
nthr() { awk '$1 == "Threads:" { print $2 }' "/proc/$vncd_pid/status"; }
n0=$(nthr)
diag "threads before any page connection: $n0"
t_ok "no page server threads before a connection ($n0 threads)" test "$n0" -le 4

# 50 clients that connect and never send a byte, re-opened when closed
python3 -c "
import socket, sys, time
h, p = sys.argv[1].rsplit(':', 1)
def c():
    return socket.create_connection((h, int(p)))
ss = [c() for i in range(50)]
print('held', flush=True)
end = time.monotonic() + 60
while time.monotonic() < end:
    for i, s in enumerate(ss):
        s.setblocking(False)
        try:
            if s.recv(1) == b'':
                ss[i] = c()
        except BlockingIOError:
            pass
    time.sleep(0.05)
" "$web" >"$T/hold.out" &
hold=$!
wait_until 20 grep -q held "$T/hold.out" || BAIL "idle clients did not connect"
morethr() { [ "$(nthr)" -gt 50 ]; }
wait_until 5 morethr
t_ok "page server started by the first connection ($(nthr) threads)" morethr
sleep 0.5	# not readiness: give vncd time to take them all

get() { curl -s -m 10 -o /dev/null -w '%{http_code} %{time_total}' "http://$web$1"; }
for path in / /vnc.html /core/rfb.js; do
	set -- $(get "$path")
	diag "$path: $1 in $2 s"
	t_ok "$path answers ($1) within 1 s ($2 s) beside 50 idle sockets" \
	    awk "BEGIN { exit !(\"$1\" ~ /^(200|302)\$/ && $2 < 1) }"
done
# and again once the idle ones were recycled by the server's deadline
sleep 3
set -- $(get /vnc.html)
diag "/vnc.html later: $1 in $2 s"
t_ok "vnc.html still within 1 s ($2 s)" awk "BEGIN { exit !($1 == 200 && $2 < 1) }"
t_ok 'vncd still runs' kill -0 "$vncd_pid"
kill $hold 2>/dev/null; wait $hold 2>/dev/null
t_ok 'clean exit' stop_all
