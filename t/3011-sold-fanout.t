#!/bin/sh
# 3011-sold-fanout.t: megabytes to many clients; a stalled reader is dropped, leavers do not hurt
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need socat python3
plan 11

SIZE=$((6 * 1024 * 1024))
python3 -c "
import base64, os, sys
d = base64.b64encode(os.urandom($SIZE))[:$SIZE]
open('$T/blob', 'wb').write(d)
import hashlib
print('$SIZE', hashlib.sha256(d).hexdigest())
print($SIZE + 6, hashlib.sha256(b'\xff\xfb\x01\xff\xfb\x03' + d).hexdigest())
" >"$T/sums"
want_unix=$(sed -n 1p "$T/sums")
want_tcp=$(sed -n 2p "$T/sums")

sold_fake
# the stalled readers connect first: they never read a byte
conpeek.py -R "$SOLD_SOCK" >"$T/stall1" &
s1=$!
conpeek.py -R "$SOLD_TCP" >"$T/stall2" &
s2=$!
wait_until 20 live_ge 2 || BAIL "stalled readers did not connect"
pids=
for i in 1 2; do
	conpeek.py -t 120 -n $SIZE -c -o "$T/u$i" "$SOLD_SOCK" & pids="$pids $!"
	conpeek.py -t 120 -n $((SIZE + 6)) -c -o "$T/t$i" "$SOLD_TCP" & pids="$pids $!"
done
# three that leave mid-stream
for i in 1 2 3; do
	conpeek.py -t 120 -q $((i * 300000)) -o /dev/null "$SOLD_SOCK" &
	pids="$pids $!"
done
wait_until 20 live_ge 9 || BAIL "readers did not connect"

conpeek.py -r -F "$T/blob" -P 0.004 "$T/host.sock"
rc=0
for p in $pids; do wait $p || rc=1; done
t_is 'all reading clients finished' $rc 0
t_is 'unix reader 1 got every byte in order' "$(cat "$T/u1")" "$want_unix"
t_is 'unix reader 2 got every byte in order' "$(cat "$T/u2")" "$want_unix"
t_is 'TCP reader 1 got every byte in order' "$(cat "$T/t1")" "$want_tcp"
t_is 'TCP reader 2 got every byte in order' "$(cat "$T/t2")" "$want_tcp"
t_is 'both stalled readers (clients #1 and #2) dropped' \
    "$(grep -c '#[12]: not reading, queue full, dropped' "$T/sold.log")" 2
# a leaver may be caught mid-write (write error) or fall 1 MiB behind first
t_is 'every other client left or was dropped' \
    "$(grep -Ec '#([3-9]|1[01]): (disconnected|not reading|write error|read error)' "$T/sold.log")" 7

# sold still serves new clients after all that
conpeek.py -e 'after' -t 20 -o /dev/null "$SOLD_SOCK" &
p=$!
wait_until 20 live_ge 10
host_send 'after\r\n'
wait $p; t_is 'a new client after the storm' $? 0
t_ok 'sold is small: RSS under 32 MB' sh -c \
    "[ \$(awk '/VmRSS/ {print \$2}' /proc/$sold_pid/status) -lt 32768 ]"
kill $s1 $s2 2>/dev/null; wait $s1 $s2 2>/dev/null
t_ok 'no client left' true
t_ok 'SIGTERM: exit 0' stop_all
