#!/bin/sh
# 3012-sold-telnet.t: telnet negotiation and junk on the TCP port never reach the host; IAC escaping
. "${0%/*}/lib.sh"
. "$TOP/t/helper/conlib.sh"
need socat python3 telnet expect
plan 9

hex() { od -An -tx1 "$1" | tr -d ' \n'; }
sold_fake
conpeek.py -r -e 'END' -t 30 -o "$T/hostin" "$T/host.sock" &
hp=$!

# negotiation: answers for the peer, nothing for the host
conpeek.py -s '\xff\xfd\x18\xff\xfb\x1f\xff\xfd\x01\xff\xfb\x03' -n 15 -t 20 -o "$T/neg" "$SOLD_TCP"
t_is 'answers: WONT TTYPE, DONT NAWS, none for DO ECHO, DO SGA' "$(hex "$T/neg")" \
    'fffb01fffb03fffc18fffe1ffffd03'

# junk and escapes from a telnet client: IAC IAC, IP, SB ... SE, CR NUL, a stray SE
conpeek.py -s 'a\xff\xffb\xff\xf4\xff\xfa\x18\x00xterm\xff\xf0c\r\x00d\xff\xf0\xff' -x "$SOLD_TCP"
wait_until 20 sh -c "od -An -c '$T/hostin' | grep -q 'd'"
t_is 'host got the data only (0xFF once, CR NUL -> CR)' "$(hex "$T/hostin")" '61ff62630d64'

# host 0xFF: doubled for a telnet speaker, raw for the others
conpeek.py -s '\xff\xf1' -e 'Y\r\n' -t 20 -o "$T/tn.out" "$SOLD_TCP" &
p1=$!
conpeek.py -e 'Y\r\n' -t 20 -o "$T/raw.out" "$SOLD_TCP" &
p2=$!
conpeek.py -e 'Y\r\n' -t 20 -o "$T/unix.out" "$SOLD_SOCK" &
p3=$!
wait_until 20 live_ge 5
# let the NOP from the telnet client arrive before the host prints
wait_until 20 sh -c "[ -s '$T/tn.out' ]"
sleep 0.2
host_send 'X\xffY\r\n'
wait $p1 $p2 $p3
t_is 'telnet client: IAC doubled' "$(hex "$T/tn.out")" 'fffb01fffb0358ffff590d0a'
t_is 'raw TCP client: byte as is' "$(hex "$T/raw.out")" 'fffb01fffb0358ff590d0a'
t_is 'unix client: byte as is' "$(hex "$T/unix.out")" '58ff590d0a'

# a real telnet client: character mode, Enter is CR NUL on the wire, CR at the host
cat >"$T/tn.exp" <<EOS
set timeout 20
spawn telnet [lindex \$argv 0] [lindex \$argv 1]
expect "login: " { send "root\r" } timeout { exit 1 }
expect "Password" { send "\035" } timeout { exit 2 }
expect "telnet> " { send "quit\r" } timeout { exit 3 }
expect eof
exit 0
EOS
expect "$T/tn.exp" "$(host_of "$SOLD_TCP")" "$(port_of "$SOLD_TCP")" >"$T/tn.log" 2>&1 &
ep=$!
wait_until 20 live_ge 6
wait_until 20 grep -q 'Escape character' "$T/tn.log"
sleep 0.3
host_send 'sim login: '
wait_until 20 grep -q 'root' "$T/hostin"
host_send 'Password: '
wait $ep; t_is 'telnet(1) session through sold' $? 0
host_send 'END'
t_like 'host got root + CR from telnet(1), nothing else' "$(hex "$T/hostin")" '726f6f740d$'
wait $hp
t_ok 'no negotiation byte reached the host' sh -c "! od -An -tx1 '$T/hostin' | grep -Eq 'f[b-e]|fa'"
t_ok 'SIGTERM: exit 0' stop_all
