#!/bin/sh
# 4015-vncd-password.t: the optional VNC password (-P file).
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need /usr/bin/python3
PATH="$TOP/t/helper:$PATH"

printf 'secret\n' >"$T/vncpw"
printf 'wrong\n' >"$T/badpw"
printf '\033[2J\033[Hlocked console\r\n' >"$T/screen"
printf 'locked console\n' >"$T/expect"
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
start vncd -l 127.0.0.1:0 -U "$T/sold.sock" -P "$T/vncpw"
port=${vncd_addr##*:}

t_fail 'no password: refused' vncgrab -t 3000 "127.0.0.1:$port"
t_fail 'wrong password: refused' vncgrab -t 3000 -p "$T/badpw" "127.0.0.1:$port"
t_ok 'right password: the console' vncgrab -p "$T/vncpw" -o "$T/g.ppm" "127.0.0.1:$port"
t_ok 'and its text' vnccheck.py match "$T/g.ppm" "$T/expect"
t_unlike 'the password is not logged' "$(cat "$T/vncd.log")" 'secret'
t_ok 'clean exit' stop_all

# anonymous viewers only on loopback: elsewhere a password is required
for a in 0.0.0.0:0 '[::]:0' 10.1.2.3:0; do
	vncd -n -l "$a" -U "$T/sold.sock" >"$T/o" 2>&1
	rc=$?
	t_is "listen $a without a password: refused (exit 100, one line)" \
	    "$rc $(wc -l <"$T/o") $(grep -c 'not a loopback address: a VNC password is required' "$T/o")" \
	    '100 1 1'
done
t_ok 'listen 0.0.0.0 with a password: configuration OK' \
    vncd -n -l 0.0.0.0:0 -P "$T/vncpw" -U "$T/sold.sock"
printf 'password-file %s\nlisten 0.0.0.0:0\n' "$T/vncpw" >"$T/vncd.conf"
t_ok 'the same from the configuration file' vncd -n -f "$T/vncd.conf"
t_ok 'loopback without a password: configuration OK' \
    vncd -n -l 127.0.0.2:0 -U "$T/sold.sock"
done_testing
