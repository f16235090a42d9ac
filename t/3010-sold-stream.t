#!/bin/sh
# 3010-sold-stream.t: console output reaches TCP and unix clients, their input reaches the host
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need socat python3
plan 13

sold_fake
t_like 'readiness: TCP address then unix socket' "$sold_addr" '^127\.0\.0\.1:[0-9]+ /.*/sold\.sock$'

conpeek.py -r -e 'from-tcp.*from-unix|from-unix.*from-tcp' -o "$T/hostin" "$T/host.sock" &
hp=$!
conpeek.py -e 'boot line 2' -w 'boot line 1' -s 'from-tcp' -o "$T/tcp.out" "$SOLD_TCP" &
tp=$!
conpeek.py -e 'boot line 2' -w 'boot line 1' -s 'from-unix' -o "$T/unix.out" "$SOLD_SOCK" &
up=$!
wait_until 20 live_ge 2 || BAIL "clients did not connect"
host_send 'boot line 1\r\n'
wait_until 20 grep -q 'from-tcp' "$T/hostin"
wait_until 20 grep -q 'from-unix' "$T/hostin"
host_send 'boot line 2\r\n'
wait $tp; t_is 'TCP client got the host output' "$?" 0
wait $up; t_is 'unix client got the host output' "$?" 0
wait $hp; t_is 'host got input from both clients' "$?" 0
t_is 'unix client: exactly the stream, nothing added' \
    "$(od -An -c "$T/unix.out" | tr -s ' ')" "$(printf 'boot line 1\r\nboot line 2\r\n' | od -An -c | tr -s ' ')"
t_like 'TCP client: telnet offer (WILL ECHO, WILL SGA) first' \
    "$(od -An -tx1 "$T/tcp.out" | head -1)" '^ ff fb 01 ff fb 03 62 6f'
t_unlike 'host never sees telnet bytes' "$(od -An -tx1 "$T/hostin")" 'ff'

# a bad header closes the unix connection, a silent one too (after 10 s: not waited for)
t_ok 'bad header: connection closed' sh -c "printf 'hello\n' | socat -t 5 - UNIX-CONNECT:$SOLD_SOCK"
t_ok 'bad header logged' log_has 'bad header'
t_fail 'header too long: nothing sent back' sh -c \
    "python3 -c 'print(\"console 1 \" + \"x=y \" * 40)' | socat -t 5 - UNIX-CONNECT:$SOLD_SOCK | grep -q ."

# input typed while the console is present goes through; sold survives it all
conpeek.py -e 'again' -t 20 -o /dev/null "$SOLD_TCP" &
p=$!
wait_until 20 live_ge 3
host_send 'again\r\n'
wait $p; t_is 'still serving after bad clients' "$?" 0
t_ok 'sold logs connects and disconnects' log_has 'disconnected'
t_ok 'SIGTERM: exit 0' stop_all
