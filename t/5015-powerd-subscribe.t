#!/bin/sh
# 5015-powerd-subscribe.t: the event stream: power, boot, identify, sel, accounts, media, reset; per-server filter; slow subscribers dropped
. "${0%/*}/lib.sh"
need powerd powerctl python3
lab_sim 2
start_powerd

pctl -j subscribe >"$T/all" 2>"$T/all.err" &
p1=$!
pctl -j subscribe srv2 >"$T/two" 2>&1 &
p2=$!
# subscriptions are acknowledged before the first event is printed: wait
# until both are registered by making an event they must both see
t_ok 'subscribers registered' wait_until 10 sh -c "powerctl -S '$T/powerd.sock' identify srv2 on >/dev/null; grep -q identify '$T/all' && grep -q identify '$T/two'"
pctl power srv1 on >/dev/null
pctl boot srv1 set pxe once >/dev/null
pctl raw '{"op":"accounts","server":"srv1","action":"add","name":"eve","password":"x"}' >/dev/null
pctl media srv1 insert http://127.0.0.1/a.iso >/dev/null
pctl power srv1 reset >/dev/null
pctl sel srv1 clear >/dev/null
pctl power srv2 on >/dev/null
t_ok 'events arrive' wait_until 10 grep -q '"server":"srv2","power":"on"' "$T/all"
t_like 'power event' "$(cat "$T/all")" '"event":"power","server":"srv1","power":"on","prev":"(off|powering-on)","by":"powerctl","cause":"chassis-control","time":[0-9]+'
t_like 'sel event with the entry' "$(cat "$T/all")" '"event":"sel","server":"srv1","entry":\{"id":[0-9]+,"time":[0-9]+,"record":"[0-9a-f]{32}","message":"Power on'
t_like 'boot event' "$(cat "$T/all")" '"event":"boot","server":"srv1","boot":\{"target":"pxe","enabled":"once"'
t_like 'boot consumed by the reset: event' "$(cat "$T/all")" '"event":"boot","server":"srv1","boot":\{"target":"none","enabled":"disabled"'
t_like 'identify event' "$(cat "$T/all")" '"event":"identify","server":"srv2","identify":\{"state":"on"'
t_like 'accounts event' "$(cat "$T/all")" '"event":"accounts","server":"srv1"'
t_like 'media event' "$(cat "$T/all")" '"event":"media","server":"srv1","media":\{"inserted":true'
t_like 'reset event' "$(cat "$T/all")" '"event":"reset","server":"srv1","time":[0-9]+'
t_like 'sel cleared event' "$(cat "$T/all")" '"event":"sel","server":"srv1","cleared":true'
t_unlike 'the srv2 subscriber sees no srv1 events' "$(cat "$T/two")" '"server":"srv1"'
t_like 'the srv2 subscriber sees srv2' "$(cat "$T/two")" '"server":"srv2","power":"on"'

# a subscriber that does not read is dropped, powerd keeps serving
cat >"$T/slow.py" <<'PY'
import socket, sys, time
path = sys.argv[1]
sub = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sub.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
sub.connect(path)
sub.sendall(b'{"v":1,"id":1,"op":"subscribe"}\n')
time.sleep(0.3)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect(path)
f = c.makefile("rb")
n = 0
for chunk in range(40):
    req = b"".join(b'{"id":%d,"op":"identify","server":"srv1","action":"set","state":"%s"}\n'
                   % (i, b"on" if i % 2 else b"off") for i in range(500))
    c.sendall(req)
    for i in range(500):
        if b'"ok":true' in f.readline():
            n += 1
print("acked", n)
sub.settimeout(10)
total = 0
try:
    while True:
        d = sub.recv(1 << 20)
        if not d:
            break
        total += len(d)
except (ConnectionResetError, socket.timeout) as e:
    print("error", e)
print("eof after", total < (4 << 20))
PY
out=$(python3 "$T/slow.py" "$T/powerd.sock")
t_like 'writer served throughout' "$out" 'acked 20000'
t_like 'the slow subscriber was cut off' "$out" 'eof after True'
t_like 'powerd says why' "$(cat "$T/powerd.log")" 'subscriber does not read, dropping it'
t_ok 'the reading subscriber is still there' kill -0 "$p1"
t_like 'powerd serves' "$(pctl raw '{"op":"hello"}')" '"ok":true'
kill "$p1" "$p2" 2>/dev/null
wait "$p1" "$p2" 2>/dev/null
t_ok 'clean exit' stop_all
done_testing
