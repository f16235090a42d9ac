#!/bin/sh
# 3016-sold-powerd-away.t: sold starts before powerd, survives powerd's death, takes the console when it is back; max-clients
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need python3
plan 9

lab_sim 1
printf 'max-clients 2\n' >"$T/sold.conf"
start sold -v -f "$T/sold.conf" -i srv1 -l 127.0.0.1:0 -S "$T/powerd.sock" -U "$T/sold.sock"
SOLD_TCP=${sold_addr%% *}
SOLD_SOCK=${sold_addr#* }
t_like 'ready without powerd' "$sold_addr" '^127\.0\.0\.1:[0-9]+ '

conpeek.py -t 90 -e 'BIOS.*login: .*BIOS.*login: ' -o "$T/u1" "$SOLD_SOCK" &
up=$!
conpeek.py -t 90 -e 'BIOS.*login: .*BIOS.*login: ' -o "$T/t1" "$SOLD_TCP" &
tp=$!
wait_until 20 live_ge 2 || BAIL "clients did not connect"
t_ok 'clients served while powerd is away' kill -0 "$sold_pid"

start_powerd
wait_until 30 log_has 'taken (1)'
t_ok 'console taken once powerd is up' log_has 'taken (1)'
pctl power srv1 on >/dev/null
wait_until 30 grep -q 'login: ' "$T/u1"

# a third TCP client is refused (max-clients 2 counts TCP clients only;
# the unix-socket front ends have slots of their own): EOF at once
conpeek.py -R "$SOLD_TCP" >/dev/null &
p3=$!
wait_until 20 live_ge 3
conpeek.py -t 10 -E -o "$T/refused" "$SOLD_TCP"
t_is 'client beyond max-clients refused' $? 0
kill $p3 2>/dev/null; wait $p3 2>/dev/null

# powerd dies; sold stays; powerd comes back (state on disk: power on)
kill9 powerd
wait_until 20 log_has 'end of stream'
t_ok 'sold alive after powerd died' kill -0 "$sold_pid"
start_powerd
# output while nobody holds the console is lost (the sim drops it): wait
wait_until 30 log_has 'taken (2)'
pctl power srv1 on >/dev/null
pctl power srv1 cycle >/dev/null
wait $up; rc=$?
t_is 'unix client saw both boots on one connection' $rc 0
wait $tp; t_is 'TCP client too' $? 0
t_ok 'console re-taken after powerd came back' log_has 'taken (2)'
t_ok 'SIGTERM: exit 0' stop_all
