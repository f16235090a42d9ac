#!/bin/sh
# 3013-sold-history.t: history on the unix socket (history=N) and on TCP (tcp-history); the console log rotates
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need socat python3
plan 13

cat >"$T/sold.conf" <<EOC
tcp-history 10
ring-size 8k
client-queue 8k
log-size 4k
log-rotate 2
EOC
sold_fake -f "$T/sold.conf" -L "$T/console.log"
t_ok 'config test: configuration OK' sh -c "sold -n -f '$T/sold.conf' 2>&1 | grep -qx 'configuration OK'"

python3 -c "
import sys
sys.stdout.write(''.join('line %05d of the boot log\n' % i for i in range(1000)))" >"$T/boot"
host_cat "$T/boot"
wait_until 20 grep -q 'line 00999' "$T/console.log" || diag "log not complete"

conpeek.py -H 27 -n 27 -o "$T/h26" "$SOLD_SOCK"
t_is 'history=27: the last line' "$(cat "$T/h26")" 'line 00999 of the boot log'
conpeek.py -H 1000000 -n 8192 -t 5 -o "$T/hall" "$SOLD_SOCK"
t_is 'history larger than the ring: the whole ring (8k)' "$(wc -c <"$T/hall")" 8192
t_is 'and it is the tail of the stream' "$(tail -c 8192 "$T/boot" | cmp - "$T/hall" && echo same)" same
t_fail 'history=0: nothing old' conpeek.py -H 0 -n 1 -t 1 -o /dev/null "$SOLD_SOCK"
conpeek.py -n 16 -o "$T/tcp" "$SOLD_TCP"
t_is 'TCP: telnet offer then tcp-history bytes' "$(tail -c 10 "$T/tcp")" ' boot log'

# log: bounded files, rotated, together the tail of the stream
t_ok 'console.log within log-size' sh -c "[ \$(wc -c <'$T/console.log') -le 4096 ]"
t_ok 'console.log.1 is full' sh -c "[ \$(wc -c <'$T/console.log.1') -eq 4096 ]"
t_ok 'console.log.2 is full' sh -c "[ \$(wc -c <'$T/console.log.2') -eq 4096 ]"
t_ok 'no console.log.3' test ! -e "$T/console.log.3"
cat "$T/console.log.2" "$T/console.log.1" "$T/console.log" >"$T/joined"
t_is 'rotated files join into the tail of the stream' \
    "$(tail -c "$(wc -c <"$T/joined")" "$T/boot" | cmp - "$T/joined" && echo same)" same

# SIGHUP reopens the log (after an external mv)
mv "$T/console.log" "$T/moved.log"
kill -HUP "$sold_pid"
wait_until 10 log_has 'reopening'
host_send 'after hup\n'
wait_until 10 grep -q 'after hup' "$T/console.log"
t_ok 'SIGHUP: a new console.log' grep -q 'after hup' "$T/console.log"
t_ok 'SIGTERM: exit 0' stop_all
