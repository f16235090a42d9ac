#!/bin/sh
# 1003-ipmid-freeipmi.t: FreeIPMI tools without workaround flags: rmcpping, ipmiping, ipmipower, bmc-info
. "${0%/*}/lib.sh"
need ipmipower bmc-info rmcpping ipmiping
need_root
lab_sim 1
start_powerd
# rmcpping and ipmiping cannot be given a port: they always use 623.  So
# ipmid also listens on port 623 of a loopback address of its own
# (127.0.X.Y, random per run: parallel tests do not collide), which needs
# root; the other tools use the ephemeral port with --hostname=host:port.
A="127.0.$(( $$ % 200 + 20 )).$(( $(date +%N | sed 's/^0*//;s/^$/1/') % 250 + 2 ))"
start ipmid -l 127.0.0.1:0 -l "$A:623" -S "$T/powerd.sock" -i srv1
P=$(port_of "${ipmid_addr%% *}")
t_like 'readiness line lists both addresses' "$ipmid_addr" "^127\.0\.0\.1:[0-9]+ $A:623\$"
H="127.0.0.1:$P"

t_ok 'rmcpping gets a pong' timeout 30 rmcpping -c 2 "$A"
t_like 'pong received' "$(cat "$T/out")" 'pong received'
t_ok 'ipmiping gets an answer' timeout 30 ipmiping -c 2 "$A"
t_like 'response received' "$(cat "$T/out")" 'response received'

t_ok 'ipmipower --stat (IPMI 1.5, default)' \
    timeout 60 ipmipower -h "$H" -u admin -p password --stat
t_like 'power state' "$(cat "$T/out")" "127.0.0.1: (on|off)"
t_ok 'ipmipower -D LAN_2_0 --stat' \
    timeout 60 ipmipower -D LAN_2_0 -h "$H" -u admin -p password --stat
t_like 'power state (2.0)' "$(cat "$T/out")" "127.0.0.1: (on|off)"
t_ok 'ipmipower -D LAN_2_0 on port 623 address' \
    timeout 60 ipmipower -D LAN_2_0 -h "$A" -u admin -p password --stat
t_ok 'bmc-info (default driver)' timeout 60 bmc-info -h "$H" -u admin -p password
t_like 'device id' "$(cat "$T/out")" 'Device ID +: '
t_ok 'bmc-info -D LAN_2_0' timeout 60 bmc-info -D LAN_2_0 -h "$H" -u admin -p password
t_like 'device id (2.0)' "$(cat "$T/out")" 'Device ID +: '
t_ok 'bmc-info -D LAN_2_0 --cipher-suite-id=17' \
    timeout 60 bmc-info -D LAN_2_0 -I 17 -h "$H" -u admin -p password
t_ok 'bmc-info as readonly (USER)' \
    timeout 60 bmc-info -D LAN_2_0 -h "$H" -u readonly -p readonly
t_fail 'ipmipower wrong password' \
    timeout 60 ipmipower -D LAN_2_0 -h "$H" -u admin -p wrong --stat --retransmission-timeout=200 --session-timeout=2000
t_unlike 'no power state on wrong password' "$(cat "$T/out")" ': (on|off)$'
t_ok 'ipmid exits 0 on SIGTERM' stop_all
