#!/bin/sh
# 3014-sold-retake.t: sold re-takes the console after a power-on event and after EOF; clients stay connected
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need socat python3
plan 9

sold_fake
conpeek.py -e 'third boot' -t 60 -o "$T/u.out" "$SOLD_SOCK" &
up=$!
conpeek.py -e 'third boot' -t 60 -o "$T/t.out" "$SOLD_TCP" &
tp=$!
wait_until 20 live_ge 2 || BAIL "clients did not connect"
host_send 'first boot\r\n'

# power-on event: an immediate re-take
kill -USR1 "$conbench_pid"
wait_until 20 takes_ge 2
t_is 'power-on event: console taken again' "$(takes)" 2
host_send 'second boot\r\n'
wait_until 20 grep -q 'second boot' "$T/u.out"

# EOF on the console (a docker attach ends when the container stops)
kill -USR2 "$conbench_pid"
wait_until 20 takes_ge 3
t_is 'EOF: console taken again' "$(takes)" 3
t_ok 'EOF logged' log_has 'end of stream'
host_send 'third boot\r\n'
wait $up; t_is 'unix client saw all three boots on one connection' $? 0
wait $tp; t_is 'TCP client too' $? 0
t_like 'in order' "$(tr -d '\r\377\373\001\003' <"$T/u.out" | tr '\n' ' ')" 'first boot second boot third boot'

# EOF again and again: backoff, never a busy loop
for i in 1 2 3 4 5; do
	n=$(takes)
	kill -USR2 "$conbench_pid"
	wait_until 20 takes_ge $((n + 1))
done
t_is 'five more EOFs: five more takes' "$(takes)" 8
cpu=$(awk '{print $14 + $15}' "/proc/$sold_pid/stat")
t_ok "sold used little CPU ($cpu ticks)" [ "$cpu" -lt 300 ]
t_ok 'SIGTERM: exit 0' stop_all
