#!/bin/sh
# 3018-sold-slots.t: anonymous TCP clients cannot take the front ends' slots; idle TCP clients time out
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need python3
plan 9

printf 'idle-timeout 2\n' >"$T/sold.conf"
sold_fake -f "$T/sold.conf"

# 70 anonymous TCP clients that connect, never send and hold on
python3 -c "
import socket, sys, time
h, p = sys.argv[1].rsplit(':', 1)
ss = [socket.create_connection((h, int(p))) for i in range(70)]
print('held', flush=True)
time.sleep(60)
" "$SOLD_TCP" >"$T/hold.out" &
hold=$!
wait_until 20 grep -q held "$T/hold.out" || BAIL "TCP clients did not connect"
wait_until 20 live_ge 64 || BAIL "64 TCP clients did not become live"
wait_until 20 log_has 'max-clients 64 reached'
t_ok 'TCP clients beyond max-clients are refused' log_has 'max-clients 64 reached'
t_is '64 TCP clients live' "$(grep -c ': live' "$T/sold.log")" 64

# a front end (ipmid, redfishd, vncd) still attaches and relays both ways
conpeek.py -r -e 'typed by the front end' -t 20 -o "$T/host.out" "$T/host.sock" &
hp=$!
# the host side reads (conbench accepted it: the listener and it in /proc)
wait_until 20 sh -c "[ \$(grep -c ' $T/host.sock\$' /proc/net/unix) -ge 2 ]" ||
    BAIL "host reader did not connect"
conpeek.py -e 'front end sees this' -s 'typed by the front end' -t 20 \
    -o "$T/u.out" "$SOLD_SOCK" &
up=$!
wait_until 20 live_ge 65
t_is 'the front end is live beside 64 TCP clients' "$(grep -c ': live' "$T/sold.log")" 65
host_send 'front end sees this\r\n'
wait $up; t_is 'host output reaches the front end' $? 0
wait $hp; t_is 'front end input reaches the host' $? 0
t_unlike 'no local client refused' "$(cat "$T/sold.log")" 'local client refused'

# the silent TCP clients are closed after idle-timeout (2 s); a new one gets in
wait_until 20 sh -c "[ \$(grep -c 'idle, closed' '$T/sold.log') -ge 64 ]"
t_is 'idle TCP clients closed' "$(grep -c 'idle, closed' "$T/sold.log")" 64
conpeek.py -e 'after' -t 20 -o /dev/null "$SOLD_TCP" &
p=$!
wait_until 20 live_ge 66
host_send 'after\r\n'
wait $p; t_is 'a new TCP client after the idle ones left' $? 0
kill $hold 2>/dev/null; wait $hold 2>/dev/null
t_ok 'SIGTERM: exit 0' stop_all
