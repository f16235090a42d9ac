#!/bin/sh
# 9530-sold-aggregated.t: sold -M: many consoles in one process, kept apart as separate sold processes keep them
. "${0%/*}/lib.sh"
need python3
plan 49

# the lab: four sim servers under one powerd; srv4 has no TCP port (sol= only)
lab_sim 4
start_powerd
for i in 1 2 3; do
	echo "server srv$i ipmi=127.0.0.1:623 console=127.0.0.1:0 sol=$T/s$i.sock log=$T/c$i.log"
done >"$T/servers"
echo "server srv4 sol=$T/s4.sock log=$T/c4.log" >>"$T/servers"

# usage errors: exit 100, one line
sold -M "$T/servers" -i srv1 >"$T/o" 2>&1
t_is '-M with -i: exit 100' $? 100
t_is '-M with -i: one line' "$(wc -l <"$T/o")" 1
sold -M "$T/servers" -U "$T/x.sock" >"$T/o" 2>&1
t_is '-M with -U: exit 100' $? 100
printf 'server srv1 sol=%s\nserver srv2 sol=%s bogus=1\n' "$T/b1.sock" \
    "$T/b2.sock" >"$T/bad"
sold -n -M "$T/bad" >"$T/o" 2>&1
t_is 'unknown key: exit 100' $? 100
t_like 'unknown key: one line naming file:line' \
    "$(wc -l <"$T/o") $(cat "$T/o")" '^1 sold: .*/bad:2: .*bogus'
printf 'server srv1 sol=%s\nserver srv2 console=127.0.0.1:0\n' \
    "$T/b1.sock" >"$T/nosol"
sold -n -M "$T/nosol" >"$T/o" 2>&1
t_is 'no sol=: exit 100' $? 100
t_like 'no sol=: one line naming file:line' \
    "$(wc -l <"$T/o") $(cat "$T/o")" '^1 sold: .*/nosol:2: server srv2 has no sol= '
printf 'server srv1 sol=%s console=10.1.2.3:2300\n' "$T/b1.sock" >"$T/nolo"
sold -n -M "$T/nolo" >"$T/o" 2>&1
t_is 'not loopback, no password: exit 100' $? 100
printf 'server srv1 sol=%s\nserver srv2 sol=%s\n' "$T/b1.sock" \
    "$T/b1.sock" >"$T/dup"
sold -n -M "$T/dup" >"$T/o" 2>&1
t_is 'one sol= for two servers: exit 100' $? 100
t_ok '-n -M checks the file: configuration OK' sold -n -M "$T/servers"
# the fd budget is checked before anything is bound
(
	ulimit -n 1000
	i=1
	while [ $i -le 300 ]; do
		echo "server f$i console=127.0.0.1:0 sol=$T/f$i.sock log=$T/f$i.log"
		i=$((i + 1))
	done >"$T/big"
	sold -M "$T/big" -S "$T/powerd.sock" >"$T/o" 2>&1
	echo $? >"$T/rc"
)
t_is 'too many servers for the fd limit: exit 111' "$(cat "$T/rc")" 111
t_like 'fd limit: one line with the figures' "$(cat "$T/o")" \
    '^sold: 300 servers need about 1264 file descriptors, the limit is 1000$'
t_ok 'fd limit: nothing was bound' test ! -e "$T/f1.sock"

start sold -v -M "$T/servers" -S "$T/powerd.sock"
t_like 'one readiness line for all servers' "$sold_addr" \
    "^srv1\.\.srv4: 4 servers, 127\.0\.0\.1:[0-9]+ $T/s1\.sock$"
tcp_of() { sed -n "s/^sold: $1: console \([^,]*\),.*/\1/p" "$T/sold.log"; }
# nlive SRV: clients of SRV that became live so far; live SRV N: at least N
nlive() { grep -c "client $1/.*: live" "$T/sold.log"; }
live() { [ "$(nlive "$1")" -ge "$2" ]; }
T1=$(tcp_of srv1); T2=$(tcp_of srv2); T3=$(tcp_of srv3)
t_ok 'every server has its own TCP port' \
    sh -c "[ -n '$T1' ] && [ -n '$T2' ] && [ -n '$T3' ] && [ '$T1' != '$T2' ] && [ '$T2' != '$T3' ]"
t_ok 'srv4 (sol= only) has no TCP port' sh -c "! grep -q 'srv4: console' '$T/sold.log'"
t_ok 'every console taken' wait_until 30 sh -c \
    "for s in srv1 srv2 srv3 srv4; do grep -q \"console of \$s: taken\" '$T/sold.log' || exit 1; done"
t_is 'powerd: one subscription and two request connections, not two per server' \
    "$(grep -c 'powerd .*: up' "$T/sold.log")" 3

for s in srv1 srv2 srv3; do pctl power $s on >/dev/null; done
conpeek.py -t 30 -s '\r' -e 'srv1 login: ' -o "$T/boot1" "$T1"
t_is 'srv1 booted: its TCP port shows srv1' $? 0
conpeek.py -t 30 -s '\r' -e 'srv2 login: ' -o "$T/boot2" "$T/s2.sock"
t_is 'srv2 booted: its unix socket shows srv2' $? 0

# typed on srv1's TCP port: echoed by srv1 only
l1=$(nlive srv1); l2=$(nlive srv2); l3=$(nlive srv3)
conpeek.py -t 60 -e 'end-of-srv2' -o "$T/w2tcp" "$T2" &
w1=$!
conpeek.py -t 60 -e 'end-of-srv2' -o "$T/w2unix" "$T/s2.sock" &
w2=$!
conpeek.py -t 60 -e 'end-of-srv3' -o "$T/w3unix" "$T/s3.sock" &
w3=$!
conpeek.py -t 60 -e 'only-on-srv1' -o "$T/w1unix" "$T/s1.sock" &
w4=$!
wait_until 20 live srv2 $((l2 + 2)) && wait_until 20 live srv3 $((l3 + 1)) &&
    wait_until 20 live srv1 $((l1 + 1)) || BAIL "watchers did not connect"
conpeek.py -t 20 -s 'only-on-srv1' -e 'only-on-srv1' -o "$T/typed" "$T1"
t_is 'srv1 TCP: the typist sees the echo' $? 0
wait $w4; t_is 'srv1 unix socket: sees it too' $? 0
conpeek.py -t 20 -s 'end-of-srv2' -e 'end-of-srv2' -o /dev/null "$T/s2.sock"
conpeek.py -t 20 -s 'end-of-srv3' -e 'end-of-srv3' -o /dev/null "$T/s3.sock"
wait $w1; t_is 'srv2 TCP watcher ran' $? 0
wait $w2; t_is 'srv2 unix watcher ran' $? 0
wait $w3; t_is 'srv3 unix watcher ran' $? 0
t_ok 'srv2 TCP client never saw srv1 input' sh -c "! grep -q only-on-srv1 '$T/w2tcp'"
t_ok 'srv2 unix client never saw it' sh -c "! grep -q only-on-srv1 '$T/w2unix'"
t_ok 'srv3 never saw it' sh -c "! grep -q only-on-srv1 '$T/w3unix'"
t_ok "srv1's log has it" grep -q only-on-srv1 "$T/c1.log"
t_ok "srv2's and srv3's logs do not" sh -c \
    "! grep -q only-on-srv1 '$T/c2.log' '$T/c3.log'"

# power-cycling srv2: boot lines on srv2's paths only
b1=$(grep -c 'bmcsim BIOS' "$T/c1.log")
b2=$(grep -c 'bmcsim BIOS' "$T/c2.log")
l1=$(nlive srv1); l2=$(nlive srv2); l3=$(nlive srv3)
conpeek.py -t 60 -e 'end-of-srv1' -o "$T/x1tcp" "$T1" &
w1=$!
conpeek.py -t 60 -e 'end-of-srv3' -o "$T/x3unix" "$T/s3.sock" &
w3=$!
conpeek.py -t 60 -e 'bmcsim BIOS.*srv2 login: ' -o "$T/x2tcp" "$T2" &
w2=$!
wait_until 20 live srv1 $((l1 + 1)) && wait_until 20 live srv3 $((l3 + 1)) &&
    wait_until 20 live srv2 $((l2 + 1)) || BAIL "watchers did not connect"
t_ok 'power cycle srv2' pctl power srv2 cycle
wait $w2; t_is "srv2's TCP client sees srv2 boot" $? 0
conpeek.py -t 20 -s 'end-of-srv1' -e 'end-of-srv1' -o /dev/null "$T1"
conpeek.py -t 20 -s 'end-of-srv3' -e 'end-of-srv3' -o /dev/null "$T/s3.sock"
wait $w1; wait $w3
t_ok 'srv1 and srv3 clients saw no boot' sh -c \
    "! grep -q 'bmcsim BIOS' '$T/x1tcp' '$T/x3unix'"
wait_until 10 sh -c "[ \$(grep -c 'bmcsim BIOS' '$T/c2.log') -gt $b2 ]"
t_ok "srv2's log has the new boot" \
    sh -c "[ \$(grep -c 'bmcsim BIOS' '$T/c2.log') -gt $b2 ]"
t_is "srv1's log has no new boot" "$(grep -c 'bmcsim BIOS' "$T/c1.log")" "$b1"

# a front end on srv3's unix socket (doc/console.md header): srv3 only
conpeek.py -H 65536 -t 20 -e 'srv3 login: ' -o "$T/fe3" "$T/s3.sock"
t_is 'front end on srv3: history up to the login prompt' $? 0
t_ok 'front end on srv3: nothing of srv1 or srv2' sh -c \
    "! grep -Eq 'srv[12]|only-on|end-of-srv2' '$T/fe3'"

# a listener that cannot be bound: which one, exit 111, nothing left bound
printf 'server srv1 console=127.0.0.1:0 sol=%s\nserver srv2 console=%s sol=%s\n' \
    "$T/e1.sock" "$T1" "$T/e2.sock" >"$T/inuse"
sold -M "$T/inuse" -S "$T/powerd.sock" >"$T/o" 2>&1
t_is 'address in use: exit 111' $? 111
t_like 'address in use: one line naming the server and address' \
    "$(wc -l <"$T/o") $(cat "$T/o")" "^1 sold: srv2: listen $T1: "
t_ok 'address in use: no socket left behind' test ! -e "$T/e1.sock"

# SIGHUP reopens every server's log
mv "$T/c3.log" "$T/c3.log.old"
kill -HUP "$sold_pid"
wait_until 10 test -e "$T/c3.log"
conpeek.py -t 20 -s 'after-hup' -e 'after-hup' -o /dev/null "$T3"
t_ok 'SIGHUP: srv3 logs to a new file' wait_until 10 grep -q after-hup "$T/c3.log"

# powerd away and back: every console is taken again, still apart
ntakes() { grep -c "console of $1: taken" "$T/sold.log"; }
k1=$(ntakes srv1); k4=$(ntakes srv4)
stop powerd
start_powerd
t_ok 'powerd back: srv1 and srv4 consoles taken again' wait_until 30 sh -c \
    "[ \$(grep -c 'console of srv1: taken' '$T/sold.log') -gt $k1 ] && [ \$(grep -c 'console of srv4: taken' '$T/sold.log') -gt $k4 ]"
pctl power srv3 on >/dev/null
conpeek.py -t 30 -s '\r' -e 'srv3 login: ' -o "$T/back3" "$T3"
t_is 'powerd back: srv3 TCP port shows srv3' $? 0
t_ok 'SIGTERM: exit 0' stop sold
t_ok 'the unix sockets are removed' sh -c "! ls '$T'/s?.sock 2>/dev/null"

# smoke: 200 servers in one process, every TCP port shows its own console
stop powerd
N=200
{
	echo "state-dir $T/state200"
	i=1
	while [ $i -le $N ]; do
		printf 'server srv%d\n\tbackend sim\n\tpolicy always-on\n' $i
		printf '\tsim-delay on 0\n\tsim-delay off 0\n'
		i=$((i + 1))
	done
} >"$T/lab200.conf"
mkdir -p "$T/state200" "$T/m"
i=1
while [ $i -le $N ]; do
	echo "server srv$i console=127.0.0.1:0 sol=$T/m/s$i.sock log=$T/m/c$i.log"
	i=$((i + 1))
done >"$T/servers200"
start_as powerd200 powerd -f "$T/lab200.conf" -S "$T/pd200.sock"
: >"$T/sold.log"
start sold -v -M "$T/servers200" -S "$T/pd200.sock"
t_like '200 servers: one readiness line' "$sold_addr" '^srv1\.\.srv200: 200 servers, '
ntaken() { grep -o 'console of srv[0-9]*: taken' "$T/sold.log" | sort -u | wc -l; }
wait_until 60 sh -c "[ \$(grep -o 'console of srv[0-9]*: taken' '$T/sold.log' | sort -u | wc -l) -ge $N ]"
t_is '200 consoles taken' "$(ntaken)" $N
sed -n 's/^sold: \(srv[0-9]*\): console \([^,]*\),.*/\1 \2/p' "$T/sold.log" \
    >"$T/ports200"
python3 - "$T/ports200" >"$T/smoke" <<'EOF'
import re, select, socket, sys, time
bad = 0
rows = [l.split() for l in open(sys.argv[1])]
for sid, addr in rows:
    h, p = addr.rsplit(':', 1)
    s = socket.create_connection((h, int(p)), timeout=10)
    s.sendall(b'\r')
    buf = b''
    end = time.monotonic() + 15
    want = re.compile(rb'(srv\d+) login: ')
    m = None
    while m is None and time.monotonic() < end:
        r, _, _ = select.select([s], [], [], 1)
        if r:
            d = s.recv(65536)
            if not d:
                break
            buf += d
            m = want.search(buf)
    s.close()
    if m is None or m.group(1).decode() != sid:
        bad += 1
        print('%s: %r' % (sid, buf[-80:]))
print('servers %d bad %d' % (len(rows), bad))
EOF
t_like 'every one of 200 TCP ports answers with its own console' \
    "$(tail -n 1 "$T/smoke")" "^servers $N bad 0$"
t_ok 'SIGTERM: exit 0' stop_all
