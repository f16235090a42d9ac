#!/bin/sh
# 4010-vncd-console.t: console mode: RFB handshake, the console text in
# exact pixels (vncgrab) and in a vncsnapshot JPEG, two viewers at once,
# keys typed in the viewer reach the console.  Until the first viewer the
# pixels are not drawn (the framebuffer's megabyte is never touched).
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need vncsnapshot /usr/bin/python3
PATH="$TOP/t/helper:$PATH"

# what the "server" printed: clear, text, a coloured word, a prompt
printf '\033[2J\033[HBIOS bmcsim 1.0 ready\r\nBooting from hard disk...\r\n\r\nbmcsim login: ' >"$T/screen"
printf 'BIOS bmcsim 1.0 ready\nBooting from hard disk...\n\nbmcsim login:\n' >"$T/expect"
printf 'BIOS bmcsim 1.0 READY\nBooting from hard disk...\n' >"$T/wrong"

start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
start vncd -l 127.0.0.1:0 -i srv7 -U "$T/sold.sock"
port=${vncd_addr##*:}

# the header sold's protocol wants (doc/console.md)
wait_until 10 test -s "$T/sold.sock.hdr"
t_like 'vncd asked sold for the console with history' \
    "$(cat "$T/sold.sock.hdr")" '^console 1 history=[0-9]+$'
# the 640x400x4 framebuffer alone is 1000 kB
anon() { awk '$1 == "Rss_Anon:" || $1 == "Anonymous:" { print $2; exit }' \
    "/proc/$vncd_pid/smaps_rollup"; }
a0=$(anon)
diag "anonymous memory before any viewer: $a0 kB"

t_ok 'RFB handshake, desktop name is the server' vncgrab -t 5000 "127.0.0.1:$port"
t_is 'size and name' "$(cat "$T/out")" '640x400 srv7'
# drawn for that first viewer: the framebuffer's pages appear only now
# (a growth, not a total: a sanitized build has more of its own)
a1=$(anon)
diag "anonymous memory after the first viewer: $a1 kB"
t_ok "no framebuffer drawn before a viewer ($a0 -> $a1 kB anonymous)" \
    test $((a1 - a0)) -ge 900

shot() { vncgrab -o "$T/g.ppm" "127.0.0.1:$port" && vnccheck.py match "$T/g.ppm" "$T/expect"; }
t_ok 'console text in exact pixels' wait_until 10 shot
t_fail 'a different text does not match' vnccheck.py match "$T/g.ppm" "$T/wrong"

vsnap() { vncsnapshot -quiet -allowblank -quality 100 "127.0.0.1::$port" "$T/s.jpg" &&
	vnccheck.py match "$T/s.jpg" "$T/expect" 20; }
t_ok 'vncsnapshot JPEG shows the console text' wait_until 10 vsnap
t_like 'JPEG close to the expected rendering' \
    "$(vnccheck.py match "$T/s.jpg" "$T/expect" 20)" 'cells=320'
t_fail 'JPEG of a different text does not match' vnccheck.py match "$T/s.jpg" "$T/wrong" 20

# two viewers at once, both kept connected while a third takes a picture
vncgrab -k "" -t 5000 "127.0.0.1:$port" >"$T/v1" 2>&1 &
p1=$!
vncgrab -o "$T/g2.ppm" "127.0.0.1:$port" >"$T/v2" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
t_is 'two viewers at once: first' "$r1" 0
t_is 'two viewers at once: second' "$r2" 0
t_ok 'second viewer sees the text' vnccheck.py match "$T/g2.ppm" "$T/expect"

# keys typed in a viewer reach the console
vncgrab -k 'root' -K Return "127.0.0.1:$port" >/dev/null
t_ok 'typed text reaches sold' wait_until 10 grep -q 'root' "$T/sold.sock.in"
t_is 'Return is CR' "$(od -An -c "$T/sold.sock.in" | tr -d ' ')" 'root\r'
: >"$T/sold.sock.in"
vncgrab -K Control_L+c -K Up -K BackSpace -K Left "127.0.0.1:$port" >/dev/null
wait_until 10 test "$(wc -c <"$T/sold.sock.in")" -ge 8
t_is 'Ctrl+C, Up, BackSpace, Left' "$(od -An -tx1 "$T/sold.sock.in" | tr -d ' \n')" \
    '031b5b417f1b5b44'

# the console keeps drawing: new output scrolls the screen
{ i=0; while [ $i -lt 30 ]; do printf '\r\nline %d' $i; i=$((i + 1)); done; } |
    socat - "UNIX-CONNECT:$T/sold.sock.ctl" 2>/dev/null ||
    /usr/bin/python3 -c "
import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b''.join(b'\r\nline %d' % i for i in range(30)))" "$T/sold.sock.ctl"
i=5; : >"$T/expect2"
while [ $i -lt 30 ]; do echo "line $i" >>"$T/expect2"; i=$((i + 1)); done
shot2() { vncgrab -o "$T/g3.ppm" "127.0.0.1:$port" && vnccheck.py match "$T/g3.ppm" "$T/expect2"; }
t_ok 'scrolled screen is right' wait_until 10 shot2

# a viewer using CopyRect sees the same after scrolling
printf '\r\nline 30' | /usr/bin/python3 -c "
import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.stdin.buffer.read())" "$T/sold.sock.ctl"
i=6; : >"$T/expect3"
while [ $i -le 30 ]; do echo "line $i" >>"$T/expect3"; i=$((i + 1)); done
shot3() { vncgrab -e 'copyrect tight raw' -o "$T/g4.ppm" "127.0.0.1:$port" &&
	vnccheck.py match "$T/g4.ppm" "$T/expect3"; }
t_ok 'tight + copyrect viewer: right picture' wait_until 10 shot3

kill9 sold
nosig() { vncgrab -o "$T/g5.ppm" "127.0.0.1:$port" && vnccheck.py nosignal "$T/g5.ppm"; }
t_ok 'sold gone: no-signal screen' wait_until 10 nosig
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
t_ok 'sold back: the picture returns by itself' wait_until 10 shot
t_ok 'clean exit' stop_all
done_testing
