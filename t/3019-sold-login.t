#!/bin/sh
# 3019-sold-login.t: anonymous TCP console clients only on loopback; with a
# console password TCP clients log in first; front ends never do
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need python3
plan 13

printf 'hunter2\n' >"$T/pw"
: >"$T/empty"
for a in 0.0.0.0:0 '[::]:0' 10.1.2.3:0; do
	sold -n -l "$a" -S "$T/pd.sock" -U "$T/x.sock" >"$T/o" 2>&1
	rc=$?
	t_is "listen $a without a password: refused (exit 100)" \
	    "$rc $(wc -l <"$T/o") $(grep -c 'not a loopback address: a console password is required' "$T/o")" \
	    '100 1 1'
done
t_ok 'listen 0.0.0.0 with a password: configuration OK' \
    sold -n -l 0.0.0.0:0 -P "$T/pw" -S "$T/pd.sock" -U "$T/x.sock"
t_fail 'an empty password file is refused' \
    sold -n -l 0.0.0.0:0 -P "$T/empty" -S "$T/pd.sock" -U "$T/x.sock"
t_ok 'loopback without a password: configuration OK' \
    sold -n -l 127.0.0.2:0 -S "$T/pd.sock" -U "$T/x.sock"

sold_fake -P "$T/pw"
cat >"$T/login.py" <<'PY'
import socket, sys, time
h, p = sys.argv[1].rsplit(':', 1)
s = socket.create_connection((h, int(p)), timeout=10)
def until(pat):
    got = b''
    while pat not in got:
        b = s.recv(4096)
        if not b:
            return got + b'<EOF>'
        got += b
    return got
out = []
got = until(b'Console password: ')
out.append('prompt' if got.startswith(b'\xff\xfb\x01\xff\xfb\x03') else 'noprompt')
for pw in sys.argv[2:]:
    if pw == 'hunter2':
        # typed ahead in the same segment: goes to the console
        s.sendall(pw.encode() + b'\r\ntyped after login\r')
        out.append('live' if b'host says hi' in until(b'host says hi') else 'dead')
        break
    s.sendall(pw.encode() + b'\r\n')
    got = until(b'incorrect')
    out.append('bad')
    if len(out) == 4:
        out.append('closed' if until(b'never') .endswith(b'<EOF>') else 'open')
print(' '.join(out))
PY
t_is 'three wrong passwords: refused, then closed' \
    "$(python3 "$T/login.py" "$SOLD_TCP" a b c)" 'prompt bad bad bad closed'
t_like 'wrong passwords logged, not the password' "$(cat "$T/sold.log")" \
    'wrong console password 3 times, closed'
t_unlike 'no password in the log' "$(cat "$T/sold.log")" 'hunter2'
conpeek.py -r -e 'typed after login' -t 20 -o "$T/host.out" "$T/host.sock" &
hp=$!
# the host side reads (conbench accepted it: the listener and it in /proc)
wait_until 20 sh -c "[ \$(grep -c ' $T/host.sock\$' /proc/net/unix) -ge 2 ]" ||
    BAIL "host reader did not connect"
python3 "$T/login.py" "$SOLD_TCP" wrong hunter2 >"$T/ok.out" &
lp=$!
wait_until 20 log_has 'console password accepted' || BAIL "no login"
host_send 'host says hi\r\n'
wait $lp
t_is 'the right password: the console, live' "$(cat "$T/ok.out")" 'prompt bad live'
wait $hp; t_is 'input typed after the login reaches the host' $? 0
# front ends on the unix socket need no password
conpeek.py -e 'front end' -t 20 -o /dev/null "$SOLD_SOCK" &
up=$!
wait_until 20 sh -c "[ \$(grep -c ': live' '$T/sold.log') -ge 2 ]"
host_send 'front end\r\n'
wait $up; t_is 'a front end on the unix socket needs no password' $? 0
t_ok 'SIGTERM: exit 0' stop_all
