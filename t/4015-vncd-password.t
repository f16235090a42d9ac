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
done_testing
