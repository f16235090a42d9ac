#!/bin/sh
# 9542-vncd-aggregated-proxy.t: vncd -M with screen= servers (proxy mode)
# next to a console one: two Xvfb+x11vnc upstreams of different root
# colours; each server's viewer gets its own upstream's picture and its
# keys reach only that upstream; no upstream connection before the first
# viewer, and none 10 s after the last left; an upstream that is down gives
# its server the no-signal screen while the other keeps working; one that
# never greets does not hold up the other servers while its thread goes;
# under powerd, an upstream is connected only while its server is on.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need Xvfb x11vnc ss /usr/bin/python3
XSET=xsetroot
command -v xsetroot >/dev/null 2>&1 || XSET=vncxroot.py
PATH="$TOP/t/helper:$PATH"

xvfb_pids=
x11vnc_pids=
T_CLEANUP_HOOK='kill -KILL $x11vnc_pids 2>/dev/null; kill $xvfb_pids 2>/dev/null'
set -- $(ports 2)
xp1=$1 xp2=$2
# upstream N COLOUR: Xvfb on a free display, x11vnc on port xpN
upstream() {
	mkfifo "$T/xvfb$1.fd"
	Xvfb -displayfd 3 -noreset -nolisten tcp -screen 0 800x600x24 \
	    3>"$T/xvfb$1.fd" 2>"$T/xvfb$1.log" &
	xvfb_pids="$xvfb_pids $!"
	_dpy=$(timeout 20 head -n 1 "$T/xvfb$1.fd")
	[ -n "$_dpy" ] || BAIL "Xvfb did not start: $(cat "$T/xvfb$1.log")"
	eval "dpy$1=:\$_dpy"
	DISPLAY=:$_dpy $XSET -solid "$2"
	start_x11vnc "$1"
}
# -noshm: an x11vnc killed with SIGKILL (below) leaves no SysV segment
start_x11vnc() {
	eval "_p=\$xp$1 _d=\$dpy$1"
	: >"$T/x11vnc$1.out"
	x11vnc -display "$_d" -rfbport "$_p" -localhost -nopw -forever \
	    -shared -threads -nonap -noshm -debug_keyboard \
	    >"$T/x11vnc$1.out" 2>>"$T/x11vnc$1.log" &
	eval "x11vnc$1_pid=\$!"
	x11vnc_pids="$x11vnc_pids $!"
	wait_until 30 grep -q "^PORT=$_p" "$T/x11vnc$1.out" ||
	    BAIL "x11vnc did not start: $(tail -5 "$T/x11vnc$1.log")"
}
upstream 1 '#ff0000'
upstream 2 '#0000ff'

set -- $(ports 6)
va=$1 vb=$2 vc=$3 wa=$4 vd=$5 xs=$6
# an upstream that accepts and never greets: d's upstream thread hangs in
# libvncclient's handshake (PROXY_READ_S)
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
print("up", flush=True)
held = []
while True:
    held.append(s.accept()[0])' "$xs" >"$T/stall.out" 2>&1 &
stall=$!
T_CLEANUP_HOOK="$T_CLEANUP_HOOK; kill $stall 2>/dev/null"
wait_until 10 grep -q up "$T/stall.out" || BAIL "stalled upstream did not start"
cat >"$T/servers" <<EOF2
server a vnc=127.0.0.1:$va novnc=127.0.0.1:$wa screen=127.0.0.1:$xp1
server b vnc=127.0.0.1:$vb screen=127.0.0.1:$xp2
server c vnc=127.0.0.1:$vc sol=$T/none.sock
server d vnc=127.0.0.1:$vd screen=127.0.0.1:$xs
EOF2

# usage errors: exit 100 and one line naming file:line
t_usage '-m proxy: a server without screen=' vncd -m proxy -M "$T/servers"
t_like '-m proxy: file:line, the key' "$(cat "$T/out")" 'servers:3: server c has no screen='
printf 'server a vnc=127.0.0.1:0 screen=127.0.0.1\n' >"$T/noport"
t_usage 'screen= without a port' vncd -M "$T/noport"
t_like 'screen=: file:line' "$(cat "$T/out")" 'noport:1: server a: screen=127.0.0.1: want host:port'
t_usage '-M with -X' vncd -M "$T/servers" -m proxy -X 127.0.0.1:1
head -n 2 "$T/servers" >"$T/proxied"
t_ok '-m proxy -n: every server proxied' vncd -n -m proxy -M "$T/proxied"

start vncd -v -M "$T/servers" -S "$T/none.sock"
t_like 'readiness: four servers' "$vncd_addr" "^a\\.\\.d: 4 servers, 127\\.0\\.0\\.1:$va 127\\.0\\.0\\.1:$wa\$"
t_ok 'says which are proxied' grep -q '1 console, 3 proxied' "$T/vncd.log"

# established connections to upstream N (vncd's side)
upconns() { eval "_p=\$xp$1"; ss -Htn state established "( dport = :$_p )" | wc -l; }
upis() { test "$(upconns "$1")" -eq "$2"; }
grab() { vncgrab -o "$T/g$1.ppm" "127.0.0.1:$2" >"$T/grab$1.out" 2>&1; }
pixel() { grab "$1" "$2" && vnccheck.py pixel "$T/g$1.ppm" 10 10 $3; }
nosig() { grab "$1" "$2" && vnccheck.py nosignal "$T/g$1.ppm"; }

# the console server first: a viewer of c starts no upstream
t_ok 'c (console): no sold, no-signal screen' wait_until 10 nosig c "$vc"
t_is 'no viewer of a: no upstream connection' "$(upconns 1)" 0
t_is 'no viewer of b: no upstream connection' "$(upconns 2)" 0
t_fail 'x11vnc 1 never saw vncd' grep -q 'accepted_client' "$T/x11vnc1.log"

t_ok "a's viewer: a's upstream (red)" wait_until 20 pixel a "$va" '255 0 0'
t_ok 'x11vnc 1 saw vncd now' grep -q 'accepted_client' "$T/x11vnc1.log"
t_like 'a: upstream size, desktop name a' "$(cat "$T/grab"a.out)" '^800x600 a$'
t_ok "b's viewer: b's upstream (blue)" wait_until 20 pixel b "$vb" '0 0 255'
t_like 'b: desktop name b' "$(cat "$T/grab"b.out)" '^800x600 b$'
DISPLAY=$dpy1 $XSET -solid '#00ff00'
t_ok "a's upstream changes reach a's viewer" wait_until 20 pixel a "$va" '0 255 0'
t_ok "b still shows b's" pixel b "$vb" '0 0 255'
# noVNC's /websockify on a's page port: a's upstream too
wsa() { vncws.py greet "ws://127.0.0.1:$wa/websockify" | grep -q '^desktop 800x600 a$'; }
t_ok "a's /websockify: a's upstream screen" wait_until 20 wsa

# keys: a's go to upstream 1 only, b's to upstream 2 only
t_ok 'key q to a' vncgrab -k q "127.0.0.1:$va"
t_ok 'upstream 1 got q' wait_until 10 grep -q 'keyboard(down, 0x71 "q")' "$T/x11vnc1.log"
t_ok 'key z to b' vncgrab -k z "127.0.0.1:$vb"
t_ok 'upstream 2 got z' wait_until 10 grep -q 'keyboard(down, 0x7a "z")' "$T/x11vnc2.log"
t_fail 'upstream 2 never got q' grep -q 'keyboard(down, 0x71' "$T/x11vnc2.log"
t_fail 'upstream 1 never got z' grep -q 'keyboard(down, 0x7a' "$T/x11vnc1.log"

# the last viewer gone: 10 s later the upstream is closed, the screen freed
t_ok 'no viewer: upstream 1 closed' wait_until 30 upis 1 0
t_ok 'and upstream 2' wait_until 10 upis 2 0
t_ok 'a: screen down' wait_until 10 grep -q 'a: screen down' "$T/vncd.log"
t_ok 'a: upstream gone' grep -q 'upstream 127.0.0.1:'"$xp1"' gone' "$T/vncd.log"
# a held viewer keeps it up; it comes back whole
/usr/bin/python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.recv(12)
time.sleep(60)' "$va" &
held=$!
t_ok 'a viewer again: upstream 1 connected' wait_until 20 upis 1 1
t_ok "a's picture" wait_until 20 pixel a "$va" '0 255 0'
t_is 'one upstream connection for two viewers' "$(upconns 1)" 1
t_is 'b still without' "$(upconns 2)" 0
kill $held; wait $held 2>/dev/null
t_ok 'the viewers gone: upstream 1 closed again' wait_until 30 upis 1 0

# upstream 2 down: b's viewer gets no-signal, a keeps working
kill -KILL $x11vnc2_pid; wait $x11vnc2_pid 2>/dev/null
t_ok 'b: upstream down: no-signal screen' wait_until 20 nosig b "$vb"
t_ok 'a still shows its upstream' wait_until 20 pixel a "$va" '0 255 0'
start_x11vnc 2
t_ok 'b: upstream back, picture back' wait_until 30 pixel b "$vb" '0 0 255'
# d's upstream never greets: its viewer gets no-signal; once it left, the
# loop does not wait for d's hung thread (c's viewers are served all along)
t_ok 'd: upstream hung: no-signal screen' wait_until 10 nosig d "$vd"
# a viewer stays 5 s: the last leaves mid-way through a second handshake
# (each PROXY_READ_S, 10 s), which the idle timer meets 10 s later
/usr/bin/python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.recv(12)
time.sleep(5)' "$vd"
dgone() { grep -q 'd: screen down' "$T/vncd.log"; }
cserved() {
	_n=0
	while ! dgone; do
		timeout 2 vncgrab "127.0.0.1:$vc" >/dev/null 2>&1 || return 1
		_n=$((_n + 1))
		[ $_n -lt 400 ] || return 1
		sleep 0.1
	done
}
# a viewer comes for d while its hung thread is being stopped: the thread
# is kept for it, not waited for (the loop went on serving c and the new
# viewer's greeting)
dstopping() { grep -q 'd: upstream thread stopping' "$T/vncd.log"; }
t_ok "d's idle screen: its upstream thread asked to stop" wait_until 30 dstopping
t_ok 'a new viewer of d greeted at once, the loop not waiting for the thread' \
    /usr/bin/python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
t = time.time()
g = s.recv(12)
assert g.startswith(b"RFB 003.00"), g
assert time.time() - t < 2
time.sleep(1)' "$vd"
t_ok 'c served meanwhile' timeout 2 vncgrab "127.0.0.1:$vc"
t_like "d's thread kept for that viewer" "$(cat "$T/vncd.log")" 'd: upstream thread kept for a viewer'
t_ok "c served while d's upstream thread goes" cserved
t_ok 'd: screen down' dgone
t_ok 'clean exit' stop vncd

# powerd's state: an upstream is not connected while its server is off
lab_sim 1
start_powerd
set -- $(ports 1)
vp=$1
echo "server srv1 vnc=127.0.0.1:$vp screen=127.0.0.1:$xp1" >"$T/power"
t_ok 'vncd gone: upstream 1 closed' wait_until 10 upis 1 0
start_as vncdp vncd -v -M "$T/power" -S "$T/powerd.sock"
/usr/bin/python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.recv(12)
time.sleep(60)' "$vp" &
held=$!
t_ok 'srv1 off: no-signal screen' wait_until 20 nosig p "$vp"
t_ok 'off, viewers connected: no upstream connection' upis 1 0
t_ok 'power on srv1' pctl power srv1 on
t_ok 'on: the upstream picture' wait_until 20 pixel p "$vp" '0 255 0'
t_ok 'one upstream connection' upis 1 1
t_ok 'power off srv1' pctl power srv1 off
t_ok 'off: no-signal screen again' wait_until 20 nosig p "$vp"
t_ok 'off: upstream closed though viewers stay' wait_until 10 upis 1 0
kill $held; wait $held 2>/dev/null
t_ok 'clean exit' stop_all
done_testing
