#!/bin/sh
# 2109-redfishd-console.t: /console0 WebSocket through sold: auth, several sessions, both directions
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl /usr/bin/python3
"$PY" -c 'import websocket' 2>/dev/null || need python3-websocket-module
lab_sim 1
start_powerd
start sold -v -i srv1 -l 127.0.0.1:0 -S "$T/powerd.sock" -U "$T/sold.sock"
wait_until 30 grep -q 'taken' "$T/sold.log" || BAIL "sold did not take the console"
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1 -C "$T/sold.sock"
RF=http://${redfishd_addr%% *}
WS=ws://${redfishd_addr%% *}/console0
WSS=wss://${redfishd_addr##* }/console0
ws() { "$PY" "$TOP/t/helper/rfws.py" "$@"; }
live_ge() { [ "$(grep -c ': live' "$T/sold.log")" -ge "$1" ]; }

rf_req admin GET /redfish/v1/Managers/bmc
t_is 'SerialConsole enabled' "$(jv 'd["SerialConsole"]["ServiceEnabled"]')" true
t_is 'WebSocket advertised' "$(jv 'd["Oem"]["bmcsim"]["SerialConsoleWebSocket"]')" /console0

ws "$WS" >"$T/o" 2>&1
t_is 'no credentials: refused' "$?:$(cat "$T/o")" '2:status 401'
ws -u admin:wrong "$WS" >"$T/o" 2>&1
t_is 'wrong password: refused' "$?:$(cat "$T/o")" '2:status 401'

# three sessions at once: Basic over ws, a token over ws, Basic over wss
rf_json none POST /redfish/v1/SessionService/Sessions '{"UserName":"operator","Password":"operator"}'
tok=$(hdr X-Auth-Token)
ws -u admin:password -t 90 -e 'login: ' -o "$T/c1" "$WS" >/dev/null 2>&1 &
p1=$!
ws -k "$tok" -t 90 -e 'login: ' -o "$T/c2" "$WS" >/dev/null 2>&1 &
p2=$!
ws -u readonly:readonly -t 90 -e 'login: ' -o "$T/c3" "$WSS" >/dev/null 2>&1 &
p3=$!
t_ok 'three consoles attached to sold' wait_until 30 live_ge 3
rf_json admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_status 'power on' 204
wait $p1; t_is 'Basic session sees the boot up to login:' $? 0
wait $p2; t_is 'token session too' $? 0
wait $p3; t_is 'wss session too' $? 0
t_like 'boot text names the device' "$(cat "$T/c1")" 'Booting from'

# typing: what one session sends, the host echoes to the others
n=$(grep -c ': live' "$T/sold.log")
ws -u admin:password -t 30 -e 'typed-through-redfish' -o "$T/c4" "$WS" >/dev/null 2>&1 &
p4=$!
wait_until 20 live_ge $((n + 1))
ws -u admin:password -t 30 -s 'typed-through-redfish' -e 'typed-through-redfish' "$WS" >/dev/null 2>&1
t_is 'the typist sees the echo' $? 0
wait $p4; t_is 'another session sees it' $? 0

# ReadOnly may watch but not type (typing can power the server off)
n=$(grep -c ': live' "$T/sold.log")
ws -u admin:password -t 6 -e 'typed-by-readonly' -o "$T/c6" "$WS" >/dev/null 2>&1 &
p6=$!
wait_until 20 live_ge $((n + 1))
ws -u readonly:readonly -t 6 -s 'typed-by-readonly' -e 'typed-by-readonly' "$WS" >/dev/null 2>&1
t_is 'ReadOnly: its keystrokes never reach the host (no echo)' $? 1
wait $p6; t_is 'nor does anyone else see them' $? 1
n=$(grep -c ': live' "$T/sold.log")
ws -u readonly:readonly -t 30 -e 'typed-by-operator' -o "$T/c7" "$WS" >/dev/null 2>&1 &
p7=$!
wait_until 20 live_ge $((n + 1))
ws -u operator:operator -t 30 -s 'typed-by-operator' -e 'typed-by-operator' "$WS" >/dev/null 2>&1
t_is 'Operator types (ConfigureComponents)' $? 0
wait $p7; t_is 'and ReadOnly watches it' $? 0

rf_req admin GET /redfish/v1/Systems/srv1
t_status 'redfishd still serves' 200
# a session still open when redfishd stops: it ends, redfishd exits 0
n=$(grep -c ': live' "$T/sold.log")
ws -u admin:password -t 60 -e 'never-printed' "$WS" >/dev/null 2>&1 &
p5=$!
wait_until 20 live_ge $((n + 1))
stop redfishd
t_is 'SIGTERM with a console open: exit 0' $? 0
wait $p5
t_is 'the open session was closed' $? 1
t_ok 'clean exit' stop_all
done_testing
