#!/bin/sh
# 9540-vncd-aggregated.t: vncd -M, one process for every server of a
# servers file: a lab of three sim servers under one powerd, a sold per
# server, one vncd.  Each server's RFB port shows its own console (power
# events reach only their server), keys typed on srv1 reach srv1's console
# only, each novnc port serves the page and its /websockify relays to its
# own server; usage errors; a 200-server smoke where every RFB port greets.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need /usr/bin/python3
PATH="$TOP/t/helper:$PATH"
for p in powerd sold powerctl vncgrab; do
	command -v $p >/dev/null 2>&1 || { echo "1..0 # SKIP $p not built"; exit 0; }
done

lab_sim 3
start_powerd
set -- $(ports 6)
: >"$T/servers"
for i in 1 2 3; do
	start_as "sold$i" sold -S "$T/powerd.sock" -i "srv$i" \
	    -U "$T/sold$i.sock" -l 127.0.0.1:0
	eval "vp$i=\$1 wp$i=\$2"
	echo "server srv$i vnc=127.0.0.1:$1 novnc=127.0.0.1:$2 sol=$T/sold$i.sock log=$T/con$i.log" >>"$T/servers"
	shift 2
done

# usage errors: exit 100 and one line
usage_err() { _d=$1; shift; t_usage "$_d" vncd "$@"; }
usage_err '-M with -i' -M "$T/servers" -i srv1
usage_err '-M with -l' -M "$T/servers" -l 127.0.0.1:0
usage_err '-M with -X' -M "$T/servers" -m proxy -X 127.0.0.1:1
printf 'server srv1 vnc=127.0.0.1:0 colour=blue\n' >"$T/bad"
usage_err 'unknown key' -M "$T/bad"
t_like 'unknown key: file:line' "$(cat "$T/out")" 'bad:1: '
printf 'server srv1 vnc=127.0.0.1:0\nserver srv2 novnc=127.0.0.1:0\n' >"$T/nokey"
usage_err 'server without vnc=' -M "$T/nokey"
t_like 'missing key: file:line and the key' "$(cat "$T/out")" 'nokey:2: .*vnc='
usage_err 'missing servers file' -M "$T/nonexistent"
t_ok '-n checks the servers file' vncd -n -M "$T/servers"
t_like 'configuration OK' "$(cat "$T/out")" 'configuration OK'
printf 'listen 127.0.0.1:0\n' >"$T/vncd.conf"
usage_err '-M with listen in the -f file' -M "$T/servers" -f "$T/vncd.conf"
printf 'server pub vnc=0.0.0.0:0\n' >"$T/public"
usage_err 'a public address without a password' -M "$T/public"
t_like 'public address: file:line' "$(cat "$T/out")" 'public:1: server pub: not a loopback address'

# -P applies to every server
printf 'secret\n' >"$T/vncpw"
printf 'wrong\n' >"$T/badpw"
set -- $(ports 2)
printf 'server p1 vnc=127.0.0.1:%s\nserver p2 vnc=127.0.0.1:%s\n' "$1" "$2" >"$T/pw"
start_as vncdpw vncd -M "$T/pw" -P "$T/vncpw"
t_fail 'password: none, refused on p2' vncgrab -t 3000 "127.0.0.1:$2"
t_fail 'password: wrong, refused on p2' vncgrab -t 3000 -p "$T/badpw" "127.0.0.1:$2"
t_ok 'password: right, p2' vncgrab -p "$T/vncpw" "127.0.0.1:$2"
t_is 'password: p2 is p2' "$(cat "$T/out")" '640x400 p2'
t_ok 'password: right, p1' vncgrab -p "$T/vncpw" "127.0.0.1:$1"
t_ok 'clean exit' stop vncdpw

# not enough descriptors: refused at start
printf 'server s%d vnc=127.0.0.1:0\n' $(seq 1 100) >"$T/many"
(ulimit -n 200; exec vncd -M "$T/many") >"$T/err" 2>&1
t_is 'fd limit too low: exit 111' "$?" 111
t_like 'fd limit: says what it needs' "$(cat "$T/err")" \
    '100 servers need about [0-9]+ file descriptors, the limit is 200'
# a listener that cannot be bound: nothing served
printf 'server a vnc=127.0.0.1:%s\nserver b vnc=127.0.0.1:%s\n' "$vp1" "$vp1" >"$T/dup"
vncd -M "$T/dup" >"$T/err" 2>&1
t_is 'a listener cannot be bound: exit 111' "$?" 111
t_like 'names the server' "$(cat "$T/err")" 'server b'

start vncd -v -M "$T/servers" -S "$T/powerd.sock"
t_like 'readiness: count and first addresses' "$vncd_addr" \
    "^srv1\\.\\.srv3: 3 servers, 127\\.0\\.0\\.1:$vp1 127\\.0\\.0\\.1:$wp1\$"
diag "vncd: $(grep -E '^(Pss|Rss):' "/proc/$vncd_pid/smaps_rollup" | tr -s ' \n' ' ')"

grab() { vncgrab -o "$T/g$1.ppm" "127.0.0.1:$2" >/dev/null 2>&1; }
shows() { grab "$1" "$2" && vnccheck.py find "$T/g$1.ppm" "$3"; }
nosig() { grab "$1" "$2" && vnccheck.py nosignal "$T/g$1.ppm"; }

t_ok 'srv1 off: no-signal screen' wait_until 10 nosig 1 "$vp1"
t_ok 'power on srv1' pctl power srv1 on
t_ok 'power on srv2' pctl power srv2 on
t_ok "srv1's port shows srv1's console" wait_until 60 shows 1 "$vp1" 'srv1 login:'
t_ok "srv2's port shows srv2's console" wait_until 60 shows 2 "$vp2" 'srv2 login:'
t_fail "srv1's port does not show srv2's" vnccheck.py find "$T/g1.ppm" 'srv2 login:'
t_ok 'srv3, still off: no-signal screen' nosig 3 "$vp3"
t_ok 'desktop names are the servers' vncgrab "127.0.0.1:$vp3"
t_is 'srv3 named srv3' "$(cat "$T/out")" '640x400 srv3'

# keys typed on srv1 reach srv1's console, not srv2's
login() {
	_n=0
	while [ $_n -lt 10 ]; do
		vncgrab -k root -K Return "127.0.0.1:$vp1" >/dev/null 2>&1 &&
		    wait_until 3 shows 1 "$vp1" 'Welcome to the bmcsim simulated host' &&
		    return 0
		_n=$((_n + 1))
	done
	return 1
}
t_ok 'typed on srv1: srv1 answered' login
t_ok "srv2's screen is still at its login prompt" shows 2 "$vp2" 'srv2 login:'
t_fail 'nothing of it on srv2' vnccheck.py find "$T/g2.ppm" 'Welcome'

# power events go to their own server only
t_ok 'power off srv2' pctl power srv2 off
t_ok 'srv2: no-signal screen' wait_until 10 nosig 2 "$vp2"
t_ok 'srv1 still shows its console' shows 1 "$vp1" 'Welcome to the bmcsim simulated host'

# the noVNC page on each server's novnc port, its WebSocket to that server
for i in 1 2 3; do
	eval "wp=\$wp$i"
	t_is "srv$i novnc: vnc.html" "$(curl -s -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$wp/vnc.html")" 200
	t_like "srv$i novnc: / names its own port" "$(curl -s -o /dev/null \
	    -w '%{redirect_url}' "http://127.0.0.1:$wp/")" "port=$wp&"
	t_ok "srv$i /websockify" vncws.py greet "ws://127.0.0.1:$wp/websockify"
	t_like "srv$i /websockify reaches srv$i" "$(cat "$T/out")" "640x400 srv$i\$"
done
# a screen lives while viewers do (and 10 s after), then comes back whole
t_ok 'no viewer for 10 s: the screen is freed' \
    wait_until 20 grep -q 'srv1: screen down' "$T/vncd.log"
t_ok 'a new viewer: the screen drawn again from the console' \
    wait_until 10 shows 1 "$vp1" 'Welcome to the bmcsim simulated host'
# stopping with viewers connected: each goes, then vncd exits 0
nconn() { grep -c 'viewer .* connected' "$T/vncd.log"; }
n0=$(nconn)
/usr/bin/python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.recv(12)
time.sleep(30)' "$vp2" &
held=$!
held_up() { test "$(nconn)" -gt "$n0"; }
t_ok 'a viewer held on srv2' wait_until 10 held_up
t_ok 'clean exit with a viewer connected' stop vncd
kill $held

# a viewer whose socket select(2) cannot take is refused, not a crash:
# the low descriptors are all taken before vncd starts
cat >"$T/lowfds" <<'EOF'
#!/usr/bin/python3
import os, resource, sys
h = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
resource.setrlimit(resource.RLIMIT_NOFILE, (h, h))
a = sys.argv[1:]
os.dup2(3, 1100)                    # the readiness fd (-N 3) moves up
a[a.index("-N") + 1] = "1100"
n = os.open("/dev/null", os.O_RDONLY)
for fd in range(3, 1030):
    os.dup2(n, fd)
os.execvp("vncd", ["vncd"] + a)
EOF
chmod +x "$T/lowfds"
set -- $(ports 1)
echo "server low vnc=127.0.0.1:$1 sol=$T/none.sock" >"$T/low"
start_as vncdlow "$T/lowfds" -v -M "$T/low"
t_fail 'no low descriptor left: the viewer is refused' vncgrab "127.0.0.1:$1"
t_ok 'refused with a reason' wait_until 10 grep -q \
    'low: viewer refused: descriptor 10[0-9][0-9], select(2) takes fewer than 1024' \
    "$T/vncdlow.log"
t_ok 'and vncd still runs' kill -0 "$vncdlow_pid"
t_ok 'clean exit' stop vncdlow

# 600 servers on their own addresses, sharing two ports (the fleet shape),
# more descriptors than select(2) takes (libvncserver's viewer threads use
# it): the first 200 RFB ports and the last greet (a screen each, for a
# while), the last one draws, the page server tells servers apart by Host
set -- $(ports 2)
i=1
while [ $i -le 600 ]; do
	a=127.0.$((9 + (i - 1) / 200)).$(( (i - 1) % 200 + 1 ))
	echo "server s$i vnc=$a:$1 novnc=$a:$2 sol=$T/none$i.sock"
	i=$((i + 1))
done >"$T/smoke"
start_as vncd600 vncd -v -M "$T/smoke"
t_like 'smoke: 600 servers ready' "$vncd600_addr" '^s1\.\.s600: 600 servers'
t_ok 'smoke: more than FD_SETSIZE descriptors' \
    test "$(ls "/proc/$vncd600_pid/fd" | wc -l)" -gt 1024
t_is 'smoke: RFB ports greet' "$(/usr/bin/python3 -c '
import socket, sys
n = 0
for i in list(range(1, 201)) + [600]:
    a = "127.0.%d.%d" % (9 + (i - 1) // 200, (i - 1) % 200 + 1)
    s = socket.create_connection((a, int(sys.argv[1])), 5)
    s.settimeout(5)
    b = b""
    while len(b) < 12:
        c = s.recv(12 - len(b))
        if not c:
            break
        b += c
    n += b == b"RFB 003.008\n"
    s.close()
print(n)' "$1")" 201
t_ok 'smoke: s600 is s600' vncgrab "127.0.11.200:$1"
t_like 'smoke: s600 named' "$(cat "$T/out")" '640x400 s600$'
nosig600() { vncgrab -o "$T/g600.ppm" "127.0.11.200:$1" &&
	vnccheck.py nosignal "$T/g600.ppm"; }
t_ok 'smoke: s600 drawn (no sold: no-signal screen)' wait_until 10 nosig600 "$1"
t_like 'smoke: s77 page by its address' "$(curl -sS -o /dev/null \
    -w '%{http_code} %{redirect_url}' "http://127.0.9.77:$2/" 2>&1)" \
    "^302 .*host=127\\.0\\.9\\.77&port=$2&"
t_ok 'smoke: s599 /websockify' vncws.py greet "ws://127.0.11.199:$2/websockify"
t_like 'smoke: s599 /websockify reaches s599' "$(cat "$T/out")" '640x400 s599$'
diag "600 servers: $(grep -E '^(Pss|Rss):' "/proc/$vncd600_pid/smaps_rollup" | tr -s ' \n' ' ')"
t_ok 'clean exit' stop_all
done_testing
