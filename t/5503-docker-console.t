#!/bin/sh
# 5503-docker-console.t: the console op hands out a hijacked attach to a tty container
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl python3
dk_powerd_node1
CON='{"v":1,"id":1,"op":"console","server":"srv1"}'

t_ok 'power on' pctl power srv1 on
t_ok 'console: echo hi$((6*7)) reads hi42' pd_call "$CON" 'echo hi$((6*7))' hi42
t_like 'console reply carries an fd' "$(head -n 1 "$T/out")" '"ok":true.*"fd":1'
t_ok 'console again (a second attach)' pd_call "$CON" 'echo again$((1+1))' again2

# a docker attach ends when the container stops
t_ok 'console: EOF when the container is cycled' \
    pd_call "$CON" - x powerctl -S "$T/powerd.sock" power srv1 cycle
t_ok 'power cycle' pctl power srv1 cycle
t_ok 'cycle: running' wait_until 5 dk_state_is node1 running
t_ok 'console after the cycle: re-attached' \
    pd_call "$CON" 'echo cycled$((6*7))' cycled42

# attach while off, then power on: the attach waits for the start
t_ok 'power off' pctl power srv1 off
t_ok 'console while off, then power on' pd_call "$CON" \
    'echo late$((6*7))' late42 powerctl -S "$T/powerd.sock" power srv1 on

# powerctl console relays stdin/stdout (quiet for 1 s after stdin ends)
printf 'echo cli$((6*7))\r' >"$T/in"
t_ok 'powerctl console' timeout 20 powerctl -S "$T/powerd.sock" console srv1 <"$T/in"
t_like 'powerctl console: cli42' "$(cat "$T/out")" 'cli42'

# ctrl-p ctrl-q are data, not docker's detach keys
t_ok 'ctrl-p ctrl-q reach the tty' \
    pd_call "$CON" "$(printf '\020\021')echo keys\$((2+2))" keys4
t_ok 'clean exit' stop_all
done_testing
