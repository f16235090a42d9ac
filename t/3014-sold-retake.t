#!/bin/sh
# 3014-sold-retake.t: sold re-takes the console after a power-on event and after EOF; clients stay connected
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need socat python3
plan 11

sold_fake
conpeek.py -e 'third boot' -t 60 -o "$T/u.out" "$SOLD_SOCK" &
up=$!
conpeek.py -e 'third boot' -t 60 -o "$T/t.out" "$SOLD_TCP" &
tp=$!
wait_until 20 live_ge 2 || BAIL "clients did not connect"

# power-on event on a silent console: re-taken (after a short grace)
kill -USR1 "$conbench_pid"
wait_until 20 takes_ge 2
t_is 'power-on event, silent console: taken again' "$(takes)" 2
# power-on event on a console that shows the boot (as the sim prints it
# before the event goes out): kept, so input in flight survives
host_send 'first boot\r\n'
kill -USR1 "$conbench_pid"
host_send 'second boot\r\n'
wait_until 20 log_has 'shows the boot, kept'
t_ok 'power-on event, console showing the boot: kept' log_has 'shows the boot, kept'
wait_until 20 grep -q "second boot" "$T/u.out" || { diag "u.out:"; od -c "$T/u.out" | head; }

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
t_is 'the kept console was not swapped' "$(grep -c 'taken (' "$T/sold.log")" 8
cpu=$(awk '{print $14 + $15}' "/proc/$sold_pid/stat")
t_ok "sold used little CPU ($cpu ticks)" [ "$cpu" -lt 300 ]
t_ok 'SIGTERM: exit 0' stop_all
