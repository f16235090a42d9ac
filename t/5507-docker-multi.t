#!/bin/sh
# 5507-docker-multi.t: one powerd, two private dockerds: power, console and events on both; one engine stopped and restarted while the other's servers keep working
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl python3 openssl

# engine A (unix socket, the lab's global docker-socket): srv1 -> node1
# engine B (its own dockerd): srv2 -> node1 over unix:// (the same name
# as on A), srv3 -> node3 over tcp://127.0.0.1:PORT with TLS client
# certificates (another engine for powerd, the same dockerd)
hook=${T_CLEANUP_HOOK:-}
dk_start || BAIL "dockerd A did not start"
DKA=$DK
dk_image bmcsim/busybox:test || BAIL "no image on A"
dk_create node1 || BAIL "no container on A"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dk_tls_certs "$T/tls" || BAIL "no TLS certificates"
DK=
DK_TCP=127.0.0.1:$PORT
DK_TLS=$T/tls
dk_start || BAIL "dockerd B did not start"
DKB=$DK
T_CLEANUP_HOOK="dk_use $DKB; dk_stop; dk_use $DKA; dk_stop${hook:+; $hook}"
dk_image bmcsim/busybox:test || BAIL "no image on B"
dk_create node1 || BAIL "no container node1 on B"
dk_create node3 || BAIL "no container node3 on B"

mkdir -p "$T/state"
cat >"$T/lab.conf" <<EOF
state-dir $T/state
docker-socket $DKA/docker.sock
account admin administrator password password
server srv1
	backend docker
	container node1
	docker-stop-timeout 2
server srv2
	backend docker
	container node1
	docker-socket unix://$DKB/docker.sock
	docker-stop-timeout 2
	policy previous
server srv3
	backend docker
	container node3
	docker-socket tcp://127.0.0.1:$PORT
	docker-tls-ca $T/tls/ca.pem
	docker-tls-cert $T/tls/cert.pem
	docker-tls-key $T/tls/key.pem
	docker-stop-timeout 2
	policy previous
EOF
t_ok 'lab with three engine addresses: configuration OK' \
    powerd -n -f "$T/lab.conf"

# a tcp engine off loopback is refused unless the lab says otherwise
sed "s|tcp://127.0.0.1:$PORT|tcp://192.0.2.1:$PORT|" "$T/lab.conf" >"$T/far.conf"
t_fail 'tcp engine off 127.0.0.0/8 refused' powerd -n -f "$T/far.conf"
t_like 'refusal names the address' "$(cat "$T/out")" \
    'server srv3: docker-socket: 192.0.2.1 is not a loopback address'
t_fail 'powerd -D off loopback refused' \
    powerd -n -f "$T/lab.conf" -D tcp://192.0.2.1:2375
{ echo 'docker-remote yes'; cat "$T/far.conf"; } >"$T/far2.conf"
t_ok 'docker-remote yes allows it' powerd -n -f "$T/far2.conf"

start_powerd
on_a() { (dk_use "$DKA"; "$@"); }
on_b() { (dk_use "$DKB"; "$@"); }
CON1='{"v":1,"id":1,"op":"console","server":"srv1"}'
CON2='{"v":1,"id":2,"op":"console","server":"srv2"}'
CON3='{"v":1,"id":3,"op":"console","server":"srv3"}'

t_ok 'srv1 (engine A) power on' pctl power srv1 on
t_ok 'srv2 (engine B, unix) power on' pctl power srv2 on
t_ok 'srv3 (engine B, tcp + TLS) power on' pctl power srv3 on
t_is 'A node1 running' "$(on_a dk_state node1)" running
t_is 'B node1 running' "$(on_b dk_state node1)" running
t_is 'B node3 running' "$(on_b dk_state node3)" running
t_ok 'srv1 off' pctl power srv1 off
t_is 'A node1 exited, B node1 untouched' \
    "$(on_a dk_state node1) $(on_b dk_state node1)" 'exited running'
t_ok 'srv1 on again' pctl power srv1 on

t_ok 'console on srv1 (A)' pd_call "$CON1" 'echo engA$((6*7))' engA42
t_ok 'console on srv2 (B, unix)' pd_call "$CON2" 'echo engB$((6*7))' engB42
t_fail 'console on srv3 (B, TLS): refused' pd_call "$CON3" 'echo tcp' tcp
t_like 'console over TLS: a clear error' "$(cat "$T/out")" \
    '"engine".*no console attach over TLS'
on_b docker exec node1 sh -c 'echo b >/tmp/where'
t_ok 'srv2 console is B node1' pd_call "$CON2" 'cat /tmp/where' 'b'
t_ok 'srv1 console is A node1 (no /tmp/where)' \
    pd_call "$CON1" 'ls /tmp/where || echo no$((1+1))' no2

# events: each engine's stream, the same container name on both
on_b docker stop node1 >/dev/null
t_ok 'docker stop on B: srv2 off' wait_until 5 dk_power_is srv2 off
t_is 'srv1 (node1 on A) still on' "$(dk_power srv1)" on
on_b docker start node1 >/dev/null
t_ok 'docker start on B: srv2 on' wait_until 5 dk_power_is srv2 on
on_a docker stop node1 >/dev/null
t_ok 'docker stop on A: srv1 off' wait_until 5 dk_power_is srv1 off
t_is 'srv2 (node1 on B) still on' "$(dk_power srv2)" on
on_a docker start node1 >/dev/null
t_ok 'docker start on A: srv1 on' wait_until 5 dk_power_is srv1 on

# state to keep across engine B's stop
t_ok 'srv2 boot override pxe continuous' pctl boot srv2 set pxe continuous
n0=$(powerctl -S "$T/powerd.sock" -j sel srv2 info |
    sed -n 's/.*"count":\([0-9]*\).*/\1/p')

# engine B stops: A's servers keep working, B's read unknown
dk_use "$DKB"
t0=$(dk_ms)
dk_halt TERM
dk_use "$DKA"
t_ok 'B down: srv2 unknown' wait_until 10 dk_power_is srv2 unknown
diag "engine B stopped (dk_halt TERM included): srv2 unknown $(( $(dk_ms) - t0 )) ms later"
t_ok 'B down: srv3 unknown' wait_until 10 dk_power_is srv3 unknown
t0=$(dk_ms)
t_ok 'B down: srv1 power off' pctl power srv1 off
t_ok 'B down: srv1 power on' pctl power srv1 on
t_ok 'B down: srv1 console' pd_call "$CON1" 'echo still$((6*7))' still42
dt=$(( $(dk_ms) - t0 ))
t_ok "B down: srv1 ops took ${dt} ms (< 5000)" [ "$dt" -lt 5000 ]
t_is 'B down: srv1 on' "$(dk_power srv1)" on
t_fail 'B down: srv2 power off fails' pctl power srv2 off
t_like 'B down: an engine error' "$(cat "$T/out")" 'engine|cannot connect'
t_ok 'B down: srv2 status still answers' pctl status srv2
t_like 'B down: srv2 boot override kept' "$(cat "$T/out")" 'pxe'

# engine B back: reconnect, resync, the restore policy (previous) applies
dk_use "$DKB"
DK_TCP=127.0.0.1:$PORT
DK_TLS=$T/tls
dk_launch || BAIL "dockerd B did not restart"
t0=$(dk_ms)
t_ok 'B back: srv2 on again (policy previous)' wait_until 20 dk_power_is srv2 on
diag "engine B answered again: srv2 on $(( $(dk_ms) - t0 )) ms later"
t_ok 'B back: srv3 on again (policy previous)' wait_until 20 dk_power_is srv3 on
t_ok 'B back: node1 running on B' wait_until 5 dk_state_is node1 running
t_ok 'B back: srv2 status' pctl status srv2
t_like 'B back: srv2 boot override kept' "$(cat "$T/out")" 'pxe'
n1=$(powerctl -S "$T/powerd.sock" -j sel srv2 info |
    sed -n 's/.*"count":\([0-9]*\).*/\1/p')
t_ok "B back: srv2 SEL kept ($n0 -> $n1 entries)" [ "$n1" -ge "$n0" ]
t_ok 'B back: srv2 console' pd_call "$CON2" 'echo back$((6*7))' back42
t_ok 'B back: srv2 power off' pctl power srv2 off
t_ok 'B back: node1 on B exited' wait_until 5 dk_state_is node1 exited
docker stop node3 >/dev/null
t_ok 'B back: events resumed (docker stop node3)' wait_until 5 dk_power_is srv3 off
t_is 'A: srv1 still on' "$(dk_power srv1)" on
t_like 'powerd logged the loss' "$(cat "$T/powerd.log")" \
    'engine .*events stream lost'
[ -z "${KEEPLOG:-}" ] || cp "$T/powerd.log" "$KEEPLOG"
t_ok 'clean exit' stop_all
done_testing
