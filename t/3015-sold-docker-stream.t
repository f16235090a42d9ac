#!/bin/sh
# 3015-sold-docker-stream.t: docker-stream yes strips Docker attach frames (a container without a TTY)
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need socat python3
plan 5

printf 'docker-stream yes\n' >"$T/sold.conf"
start conbench -D -S "$T/pd.sock" -H "$T/host.sock"
start sold -v -f "$T/sold.conf" -l 127.0.0.1:0 -S "$T/pd.sock" -U "$T/sold.sock"
SOLD_SOCK=${sold_addr#* }
wait_until 30 takes_ge 1 || BAIL "sold did not take the console"
wait_until 10 log_has 'taken' || BAIL "sold did not log the take"

conpeek.py -r -e 'typed' -o "$T/hostin" "$T/host.sock" &
hp=$!
conpeek.py -e 'END' -o "$T/u.out" -w 'line 99' -s 'typed' "$SOLD_SOCK" &
up=$!
wait_until 20 live_ge 1
python3 -c "
import sys
sys.stdout.write(''.join('container line %d\n' % i for i in range(100)))" >"$T/lines"
host_cat "$T/lines"
wait_until 20 grep -q 'line 99' "$T/u.out"
host_send 'END'
wait $up; t_is 'client got the output' $? 0
t_is 'frame headers stripped: exactly what the container printed' \
    "$(cat "$T/lines"; printf END)" "$(cat "$T/u.out")"
wait $hp; t_is 'input reaches the container unframed' $? 0
t_is 'host input is raw' "$(cat "$T/hostin")" typed
t_ok 'SIGTERM: exit 0' stop_all
