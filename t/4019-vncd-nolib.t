#!/bin/sh
# 4019-vncd-nolib.t: vncd links neither libvncserver nor libvncclient; in
# console mode it opens libvncserver at the first viewer (vncd/vncfn.c).
# When that fails the viewer's connection is closed, one line is logged,
# and vncd keeps running and serving the noVNC page; proxy mode, which
# needs both at start, does not start.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need curl /usr/bin/python3
[ -f /usr/share/novnc/vnc.html ] || need novnc-package-files
PATH="$TOP/t/helper:$PATH"
plan 13

t_unlike 'vncd is not linked with libvncserver or libvncclient' \
    "$(ldd "$TOP/vncd/vncd")" 'libvnc(server|client)'

printf '\033[2J\033[Hnolib\r\n' >"$T/screen"
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
start vncd -l 127.0.0.1:0 -U "$T/sold.sock"
t_unlike 'idle: libvncserver not loaded' "$(cat "/proc/$vncd_pid/maps")" \
    'libvncserver'
t_ok 'a viewer gets the screen' vncgrab -t 5000 "${vncd_addr%% *}"
t_like 'libvncserver loaded for it' "$(cat "/proc/$vncd_pid/maps")" \
    'libvncserver'
t_unlike 'libvncclient not loaded in console mode' \
    "$(cat "/proc/$vncd_pid/maps")" 'libvncclient'
stop vncd

# what it reads from an RFB port: its greeting, or "closed"
greet() {
	python3 -c '
import socket, sys
h, p = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((h, int(p)), timeout=10)
d = b""
while True:
    b = s.recv(64)
    if not b:
        break
    d += b
print(d[:12].decode("latin-1") if d else "closed")' "$1"
}

# a libvncserver.so.1 that the dynamic linker finds first and cannot load
mkdir "$T/lib"
printf 'not a shared object\n' >"$T/lib/libvncserver.so.1"
LD_LIBRARY_PATH=$T/lib
export LD_LIBRARY_PATH
start_as vncdx vncd -l 127.0.0.1:0 -w 127.0.0.1:0 -U "$T/sold.sock"
rfb=${vncdx_addr%% *}
web=${vncdx_addr##* }
t_is 'first viewer: closed without a greeting' "$(greet "$rfb")" closed
t_is 'second viewer: closed too' "$(greet "$rfb")" closed
t_is 'one line logged for both' \
    "$(grep -c 'libvncserver' "$T/vncdx.log")" 1
t_ok 'vncd keeps running' kill -0 "$vncdx_pid"
t_is 'the noVNC page is still served' \
    "$(curl -s -o /dev/null -w '%{http_code}' "http://$web/vnc.html")" 200

# proxy mode opens both libraries at start: exit 111 with the reason
vncd -m proxy -X 127.0.0.1:1 -l 127.0.0.1:0 >"$T/px.out" 2>&1
t_is 'proxy mode: does not start (exit 111)' "$?" 111
t_like 'proxy mode: says why' "$(cat "$T/px.out")" 'libvncserver'
unset LD_LIBRARY_PATH

t_ok 'vncd stops cleanly' stop vncdx
