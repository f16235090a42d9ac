#!/bin/sh
# 3030-sold-docker.t: sold on powerd's docker backend: typed echo, console re-taken across stop/start and cycles
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl python3
plan 10
dk_start || BAIL "dockerd did not start"
dk_image bmcsim/busybox:test || BAIL "no image"
dk_create node1 || BAIL "no container"
dk_lab node1
start_powerd -D "$DK/docker.sock"
t_ok 'power on' pctl power srv1 on
start sold -v -i srv1 -l 127.0.0.1:0 -S "$T/powerd.sock" -U "$T/sold.sock"
SOLD_TCP=${sold_addr%% *}
SOLD_SOCK=${sold_addr#* }
wait_until 30 log_has 'taken (1)' || BAIL "sold did not take the console"

# one watcher for the whole test, on one connection
conpeek.py -t 120 -e 'hi42.*cycled42.*late42' -o "$T/watch" "$SOLD_SOCK" &
wp=$!
wait_until 20 live_ge 1
conpeek.py -t 20 -s 'echo hi$((6*7))\r' -e 'hi42' -o "$T/t1" "$SOLD_TCP"
t_is 'typed over TCP, the container answers' $? 0

# cycle: the attach ends (EOF), sold re-takes it
n=$(grep -c 'taken (' "$T/sold.log")
t_ok 'power cycle' pctl power srv1 cycle
wait_until 30 dk_state_is node1 running
wait_until 30 sh -c "[ \$(grep -c 'taken (' '$T/sold.log') -gt $n ]"
t_ok 'console re-taken after the cycle' sh -c "[ \$(grep -c 'taken (' '$T/sold.log') -gt $n ]"
# the new attach may lag the start a little: type until the answer comes
i=0
while [ $i -lt 10 ]; do
	conpeek.py -t 3 -s 'echo cycled$((6*7))\r' -e 'cycled42' -o /dev/null "$SOLD_SOCK" && break
	i=$((i + 1))
done
t_ok 'typed after the cycle' [ $i -lt 10 ]

# off, then on: the attach taken while stopped waits for the start
t_ok 'power off' pctl power srv1 off
wait_until 30 log_has 'end of stream'
t_ok 'power on again' pctl power srv1 on
i=0
while [ $i -lt 10 ]; do
	conpeek.py -t 3 -s 'echo late$((6*7))\r' -e 'late42' -o /dev/null "$SOLD_SOCK" && break
	i=$((i + 1))
done
t_ok 'typed after off/on' [ $i -lt 10 ]
wait $wp; t_is 'one watcher saw all of it on one connection' $? 0
t_ok 'SIGTERM: exit 0' stop_all
