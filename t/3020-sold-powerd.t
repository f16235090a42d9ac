#!/bin/sh
# 3020-sold-powerd.t: sold on the real powerd (sim backend): boot text, echo, re-take after power cycles
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need python3
plan 11

lab_sim 1
start_powerd
start sold -v -i srv1 -l 127.0.0.1:0 -S "$T/powerd.sock" -U "$T/sold.sock"
SOLD_TCP=${sold_addr%% *}
SOLD_SOCK=${sold_addr#* }
wait_until 30 log_has 'taken (1)' || BAIL "sold did not take the console"

# a unix client (as ipmid SOL would be) and a TCP client watch the boot
conpeek.py -t 60 -e 'login: ' -o "$T/u1" "$SOLD_SOCK" &
up=$!
conpeek.py -t 60 -e 'login: ' -o "$T/t1" "$SOLD_TCP" &
tp=$!
wait_until 20 live_ge 2 || BAIL "clients did not connect"
t_ok 'power on' pctl power srv1 on
wait $up; t_is 'unix client: boot text up to the login prompt' $? 0
wait $tp; t_is 'TCP client too' $? 0
t_ok 'boot device shown' grep -q 'Booting from' "$T/u1"

# typing in one client: the host echoes it to every client
conpeek.py -t 30 -e 'echo-me-please' -o "$T/u2" "$SOLD_SOCK" &
p2=$!
wait_until 20 live_ge 3
conpeek.py -t 30 -s 'echo-me-please' -e 'echo-me-please' -o "$T/t2" "$SOLD_TCP"
t_is 'typist sees the echo' $? 0
wait $p2; t_is 'another client sees the echo' $? 0

# power cycles: each re-takes the console; one connection sees every boot
conpeek.py -t 120 -e 'BIOS.*BIOS.*BIOS.*login: ' -o "$T/cycles" "$SOLD_SOCK" &
cp=$!
wait_until 20 live_ge 5
i=0
while [ $i -lt 3 ]; do
	n=$(grep -c 'bmcsim BIOS' "$T/cycles")
	pctl power srv1 cycle >/dev/null
	wait_until 30 sh -c "[ \$(grep -c 'bmcsim BIOS' '$T/cycles') -gt $n ]" || diag "cycle $i: no boot text"
	i=$((i + 1))
done
wait $cp; rc=$?
t_is "three power cycles: three boots on one connection" $rc 0
wait_until 10 log_has 'shows the boot, kept'
t_ok 'the console showed the boots: kept, not swapped' log_has 'shows the boot, kept'

# a keystroke right after power-on is never lost (XXX #5 in t/1010)
i=0
ok=0
while [ $i -lt 5 ]; do
	pctl power srv1 cycle >/dev/null
	conpeek.py -t 5 -s "key$i" -e "key$i" -o /dev/null "$SOLD_SOCK" && ok=$((ok + 1))
	i=$((i + 1))
done
t_is 'typed right after five power cycles: five echoes' $ok 5
t_ok 'power off: sold keeps serving' pctl power srv1 off
t_ok 'SIGTERM: exit 0' stop_all
