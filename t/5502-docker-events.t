#!/bin/sh
# 5502-docker-events.t: changes made behind powerd's back reach its model and SEL within 1 s
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl python3
dk_powerd_node1

sel_count() {
	powerctl -S "$T/powerd.sock" -j sel srv1 info |
	    sed -n 's/.*"count":\([0-9]*\).*/\1/p'
}
sel_above() { [ "$(sel_count)" -gt "$1" ]; }
# within NAME MS CMD...: CMD succeeds within MS ms from now
within() {
	_w_d=$1; _w_ms=$2; shift 2
	_w_t0=$(dk_ms)
	if wait_until 5 "$@"; then
		_w_dt=$(( $(dk_ms) - _w_t0 ))
		if [ "$_w_dt" -le "$_w_ms" ]; then pass "$_w_d (${_w_dt} ms)"
		else fail "$_w_d" "took $_w_dt ms, want <= $_w_ms"; fi
	else fail "$_w_d" "not within 5 s"; fi
}

t_ok 'power on' pctl power srv1 on
t_ok 'status on' wait_until 2 dk_power_is srv1 on
n0=$(sel_count)
t_like 'SEL count readable' "$n0" '^[0-9]+$'

docker stop node1 >/dev/null
within 'docker stop behind its back: power off' 1000 dk_power_is srv1 off
within 'docker stop: a SEL entry' 1000 sel_above "$n0"
pd_call '{"v":1,"id":1,"op":"sel","server":"srv1","action":"list","start":0,"count":1024}' >"$T/sel"
diag "last SEL entry: $(sed 's/.*"entries":\[//; s/.*\({[^{}]*}\)\]}*$/\1/' "$T/sel" | head -c 400)"

n1=$(sel_count)
docker start node1 >/dev/null
within 'docker start behind its back: power on' 1000 dk_power_is srv1 on
within 'docker start: a SEL entry' 1000 sel_above "$n1"

docker kill node1 >/dev/null
within 'docker kill: power off' 1000 dk_power_is srv1 off

docker restart -t 0 node1 >/dev/null
within 'docker restart: power on' 1000 dk_power_is srv1 on

# a subscriber sees the change as an event line
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(b"{\"v\":1,\"id\":1,\"op\":\"subscribe\",\"server\":\"srv1\"}\n")
f = s.makefile("rb")
print(f.readline().decode().strip(), flush=True)
for line in f:
    line = line.decode()
    if "\"event\":\"power\"" in line and "\"power\":\"off\"" in line:
        print(line.strip())
        sys.exit(0)
sys.exit(1)
' "$T/powerd.sock" >"$T/sub" 2>&1 &
subp=$!
t_ok 'subscribed' wait_until 5 grep -q '"ok":true' "$T/sub"
docker stop node1 >/dev/null
t_ok 'subscriber got the power event' wait "$subp"
diag "$(tail -n 1 "$T/sub")"
t_ok 'clean exit' stop_all
done_testing
