#!/bin/sh
# 4014-vncd-proxy.t: proxy mode against x11vnc on Xvfb: the picture, keys
# and pointer passed upstream, no-signal when the upstream goes, and the
# picture back by itself when it returns.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need Xvfb x11vnc /usr/bin/python3
# xsetroot (x11-xserver-utils) or our own few lines of X11 protocol
XSET=xsetroot
command -v xsetroot >/dev/null 2>&1 || XSET=vncxroot.py
PATH="$TOP/t/helper:$PATH"

# Xvfb picks a free display and says which on -displayfd; -noreset keeps
# the root window when x11vnc, its last client, goes
mkfifo "$T/xvfb.fd"
Xvfb -displayfd 3 -noreset -nolisten tcp -screen 0 800x600x24 \
    3>"$T/xvfb.fd" 2>"$T/xvfb.log" &
xvfb_pid=$!
T_CLEANUP_HOOK='kill -KILL $x11vnc_pid 2>/dev/null; kill $xvfb_pid 2>/dev/null'
x11vnc_pid=
dpy=$(timeout 20 head -n 1 "$T/xvfb.fd")
[ -n "$dpy" ] || BAIL "Xvfb did not start: $(cat "$T/xvfb.log")"
DISPLAY=:$dpy
export DISPLAY

xport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# -noshm: the x11vnc killed with SIGKILL below left a SysV segment each
# run, and once the host's 4096 (shmmni) are taken no x11vnc starts
start_x11vnc() {
	: >"$T/x11vnc.out"
	x11vnc -display "$DISPLAY" -rfbport "$xport" -localhost -nopw -forever \
	    -shared -threads -nonap -noshm -debug_keyboard -debug_pointer \
	    >"$T/x11vnc.out" 2>>"$T/x11vnc.log" &
	x11vnc_pid=$!
	wait_until 30 grep -q "^PORT=$xport" "$T/x11vnc.out" ||
	    BAIL "x11vnc did not start: $(tail -5 "$T/x11vnc.log")"
}
start_x11vnc
$XSET -solid '#ff0000'

# powerd (sim) for the power state: the server starts off
lab_sim 1
start_powerd
start vncd -m proxy -X "127.0.0.1:$xport" -l 127.0.0.1:0 -i srv1 -S "$T/powerd.sock"
port=${vncd_addr##*:}

grab() { vncgrab -o "$T/g.ppm" "127.0.0.1:$port" >"$T/grab.out" 2>&1; }
red() { grab && vnccheck.py pixel "$T/g.ppm" 10 10 255 0 0; }
blue() { grab && vnccheck.py pixel "$T/g.ppm" 10 10 0 0 255; }
nosig() { grab && vnccheck.py nosignal "$T/g.ppm"; }

t_ok 'server off: no-signal screen' wait_until 20 nosig
t_ok 'power on' pctl power srv1 on
t_ok 'the upstream screen through vncd' wait_until 20 red
t_like 'upstream size, our desktop name' "$(cat "$T/grab.out")" '^800x600 srv1$'
$XSET -solid '#0000ff'
t_ok 'upstream changes reach the viewer' wait_until 20 blue

t_ok 'keys to vncd' vncgrab -k 'q' -K Return "127.0.0.1:$port"
t_ok 'x11vnc got the key' wait_until 10 grep -q 'keyboard(down, 0x71 "q")' "$T/x11vnc.log"
t_ok 'and Return' wait_until 10 grep -q 'keyboard(down, 0xff0d' "$T/x11vnc.log"
t_ok 'pointer to vncd' vncgrab -M 123,45,1 -M 123,45,0 "127.0.0.1:$port"
t_ok 'x11vnc got the pointer' wait_until 10 grep -Eq 'pointer.*123.*45' "$T/x11vnc.log"

# x11vnc -threads may hang on SIGTERM: it is a peer, kill it
kill -KILL "$x11vnc_pid"; wait "$x11vnc_pid" 2>/dev/null
t_ok 'upstream gone: no-signal screen' wait_until 20 nosig
start_x11vnc
t_ok 'upstream back: the picture returns by itself' wait_until 30 blue
t_ok 'power off' pctl power srv1 off
t_ok 'server off: no-signal although upstream is up' wait_until 20 nosig
t_ok 'power on' pctl power srv1 on
t_ok 'the picture is back' wait_until 30 blue
t_ok 'clean exit' stop_all
kill -KILL "$x11vnc_pid" 2>/dev/null; wait "$x11vnc_pid" 2>/dev/null
done_testing
