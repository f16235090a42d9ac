#!/bin/sh
# 9200-lab.t: the local lab (`make run`, mk/lab.sh) starts powerd and every
# front end, prints the endpoint table, serves IPMI, Redfish, VNC and the
# console, and stops everything cleanly on SIGINT (Ctrl-C).
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need ipmitool curl
plan 10

# ports offset so the test does not meet a developer's running lab
off=$(( 20000 + $$ % 20000 ))
# a shell's background job ignores SIGINT; give the lab the default
# disposition, as a terminal's Ctrl-C would find it
python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp("sh", ["sh"] + sys.argv[1:])' "$TOP/mk/lab.sh" -n 2 -d "$T/lab" \
    -o $off >"$T/lab.out" 2>&1 &
lab=$!
if wait_until 60 grep -q 'Ctrl-C stops the lab' "$T/lab.out"; then
	pass 'lab is up and printed its table'
else
	fail 'lab is up and printed its table' "$(cat "$T/lab.out")"
fi
tab=$(tr '\n' ' ' <"$T/lab.out")
t_like 'table lists both servers with every endpoint' "$tab" \
    "srv2 +127\.0\.0\.1:$((6231 + off))/udp +http://127\.0\.0\.1:$((8001 + off))/redfish/v1 +https://127\.0\.0\.1:$((8444 + off))/redfish/v1 +127\.0\.0\.1:$((5901 + off)) +http://127\.0\.0\.1:$((6081 + off))/ +127\.0\.0\.1:$((2301 + off))"
t_like 'table gives the accounts' "$tab" 'admin/password.*operator/operator.*readonly/readonly'

ipm() { ipmitool -I lanplus -H 127.0.0.1 -p $((6230 + off)) -U admin -P password "$@"; }
t_ok 'ipmitool powers srv1 on' ipm chassis power on
wait_until 10 sh -c "curl -sf -u admin:password http://127.0.0.1:$((8000 + off))/redfish/v1/Systems/srv1 | grep -q '\"PowerState\": *\"On\"'"
t_like 'Redfish agrees' "$(curl -sf -u admin:password http://127.0.0.1:$((8000 + off))/redfish/v1/Systems/srv1)" '"PowerState": *"On"'
t_like 'Redfish over HTTPS agrees' "$(curl -sfk -u admin:password https://127.0.0.1:$((8443 + off))/redfish/v1/Systems/srv1)" '"PowerState": *"On"'
wait_until 10 grep -q 'login:' "$T/lab/log/console-srv1.log"
t_like 'the console log shows the boot' "$(cat "$T/lab/log/console-srv1.log" 2>/dev/null)" 'login:'
t_ok 'the raw console port answers' nc -z 127.0.0.1 $((2300 + off))

kill -INT $lab
wait $lab
t_is 'lab exits 0 on SIGINT' $? 0
left=$(pgrep -f "$T/lab/" | wc -l)
t_is 'no daemon left running' "$left" 0
