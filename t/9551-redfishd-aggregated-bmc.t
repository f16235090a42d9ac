#!/bin/sh
# 9551-redfishd-aggregated-bmc.t: redfishd -M, the per-BMC shape: every server its own BMC on its http=/https= listeners, kept apart as separate processes are
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl /usr/bin/python3
"$PY" -c 'import sushy' 2>/dev/null || need python3-sushy-module
"$PY" -c 'import websocket' 2>/dev/null || need python3-websocket-module
# sim servers with MACs in hex (lab_sim's stop at 9)
lab_n() {
	lab_sim 1
	{
		sed '/^server /,$d' "$T/lab.conf"
		i=1
		while [ $i -le "$1" ]; do
			x=$(printf '%02x:%02x' $((i / 256)) $((i % 256)))
			printf 'server srv%d\n\tbackend sim\n' $i
			printf '\tmac 52:54:00:01:%s\n\tbmc-mac 52:54:00:02:%s\n' "$x" "$x"
			for d in on off soft cycle; do printf '\tsim-delay %s 0\n' $d; done
			i=$((i + 1))
		done
	} >"$T/lab.new"
	mv "$T/lab.new" "$T/lab.conf"
}
lab_n 200
start_powerd
start sold -v -i srv1 -l 127.0.0.1:0 -S "$T/powerd.sock" -U "$T/sold1.sock"
wait_until 30 grep -q 'taken' "$T/sold.log" || BAIL "sold did not take the console"
# srv4 and srv5 share a port, an address each: the Host header tells them apart
net=127.95.$(( $$ % 200 + 20 ))
shp=$(( 20000 + $$ % 20000 ))
{
	echo "server srv1 http=127.0.0.1:0 https=127.0.0.1:0 ipmi=127.0.0.1:6231 sol=$T/sold1.sock"
	echo 'server srv2 http=127.0.0.1:0 vnc=127.0.0.1:5902'
	echo 'server srv3 https=127.0.0.1:0'
	echo "server srv4 http=$net.4:$shp"
	echo "server srv5 http=$net.5:$shp"
} >"$T/servers"
start redfishd -v -M "$T/servers" -S "$T/powerd.sock"
t_like 'readiness: count and the first server' "$redfishd_addr" \
    '^srv1\.\.srv5: 5 servers, 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:[0-9]+$'
# portof ID http|https: the bound port (logged with -v)
portof() { sed -n "s/^redfishd: $1: http port \([0-9]*\), https port \([0-9]*\)\$/\1 \2/p" "$T/redfishd.log" | head -n 1 | { read -r h s; [ "$2" = http ] && echo "$h" || echo "$s"; }; }
U1=http://127.0.0.1:$(portof srv1 http)
U1S=https://127.0.0.1:$(portof srv1 https)
U2=http://127.0.0.1:$(portof srv2 http)
U3S=https://127.0.0.1:$(portof srv3 https)
t_is 'the readiness line has srv1'"'"'s listeners' "${redfishd_addr#*servers, }" \
    "${U1#http://} ${U1S#https://}"
V=/redfish/v1

# each listener is its server's BMC only
for e in "srv1 $U1" "srv1 $U1S" "srv2 $U2" "srv3 $U3S"; do
	set -- $e
	RF_BASE=$2 rf_req readonly GET $V/Systems
	t_is "$1 at $2: only its System" "$(jv '" ".join(m["@odata.id"] for m in d["Members"])')" "$V/Systems/$1"
	RF_BASE=$2 rf_req readonly GET $V/Managers
	t_is "$1 at $2: Manager bmc" "$(jv '" ".join(m["@odata.id"] for m in d["Members"])')" "$V/Managers/bmc"
done
RF_BASE=$U2 rf_req readonly GET $V/Systems/srv1
t_status 'srv1 not on srv2'"'"'s port' 404
RF_BASE=$U2 rf_req readonly GET $V/Managers/bmc
t_is 'srv2 Manager is for srv2' "$(jv 'd["Links"]["ManagerForServers"][0]["@odata.id"]')" $V/Systems/srv2
RF_BASE=$U2 rf_req readonly GET $V/Managers/bmc/NetworkProtocol
t_is 'srv2 VNC port from vnc=' "$(jv 'd["KVMIP"]["Port"]')" 5902
RF_BASE=$U1 rf_req readonly GET $V/Managers/bmc/NetworkProtocol
t_is 'srv1 IPMI port from ipmi=' "$(jv 'd["IPMI"]["Port"]')" 6231

# one port, two servers: by the Host header
RF_BASE=http://$net.4:$shp rf_req readonly GET $V/Systems
t_is "srv4 at $net.4" "$(jv 'd["Members"][0]["@odata.id"]')" $V/Systems/srv4
RF_BASE=http://$net.5:$shp rf_req readonly GET $V/Systems
t_is "srv5 at $net.5" "$(jv 'd["Members"][0]["@odata.id"]')" $V/Systems/srv5
RF_BASE=http://$net.5:$shp rf_req readonly GET $V/Systems -H "Host: 192.0.2.1:$shp"
t_status 'a Host of none of them: 421' 421

# power srv2 through its own BMC: only srv2 changes
for i in 1 2 3; do pctl power srv$i off >/dev/null; done
RF_BASE=$U2 rf_json admin POST $V/Systems/srv2/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_status 'Reset On via srv2' 204
t_like 'srv2 on' "$(pctl status srv2)" 'power: +on'
t_like 'srv1 still off' "$(pctl status srv1)" 'power: +off'
t_like 'srv3 still off' "$(pctl status srv3)" 'power: +off'

# accounts: a user added on srv1 logs in on srv1 only
RF_BASE=$U1 rf_json admin POST $V/AccountService/Accounts \
    '{"UserName":"onlyone","Password":"onlyone12","RoleId":"ReadOnly"}'
t_status 'account created on srv1' 201
RF_BASE=$U1 rf_req onlyone:onlyone12 GET $V/Systems/srv1
t_status 'it logs in on srv1' 200
RF_BASE=$U2 rf_req onlyone:onlyone12 GET $V/Systems/srv2
t_status 'not on srv2' 401

# sessions: srv1's are not srv2's
RF_BASE=$U1 rf_json none POST $V/SessionService/Sessions '{"UserName":"admin","Password":"password"}'
t_status 'session on srv1' 201
tok=$(hdr X-Auth-Token)
sid=$(hdr Location); sid=${sid##*/}
RF_BASE=$U1 rf_req "tok:$tok" GET $V/Systems/srv1
t_status 'its token works on srv1' 200
RF_BASE=$U2 rf_req "tok:$tok" GET $V/Systems/srv2
t_status 'not on srv2' 401
RF_BASE=$U2 rf_req admin GET $V/SessionService/Sessions
t_unlike 'srv2 does not list it' "$(jv '" ".join(m["@odata.id"] for m in d["Members"])')" "/$sid\$"
RF_BASE=$U1 rf_req admin GET $V/SessionService/Sessions
t_like 'srv1 does' "$(jv '" ".join(m["@odata.id"] for m in d["Members"])')" "/$sid( |\$)"

# events: srv1's subscribers get srv1's events, srv2's do not
start_as sink1 "$TOP/t/helper/rfhttpd.py" -o "$T/ev1"
start_as sink2 "$TOP/t/helper/rfhttpd.py" -o "$T/ev2"
: >"$T/ev1"; : >"$T/ev2"
RF_BASE=$U1 rf_json admin POST $V/EventService/Subscriptions "{\"Destination\":\"http://$sink1_addr/ev\",\"Context\":\"one\"}"
t_status 'subscribed on srv1' 201
RF_BASE=$U2 rf_json admin POST $V/EventService/Subscriptions "{\"Destination\":\"http://$sink2_addr/ev\",\"Context\":\"two\"}"
t_status 'subscribed on srv2' 201
RF_BASE=$U2 rf_req admin GET $V/EventService/Subscriptions
t_is 'srv2 lists its one subscription' "$(jv 'd["Members@odata.count"]')" 1
pctl power srv1 on >/dev/null
pctl power srv2 off >/dev/null
t_ok 'srv1 event to srv1'"'"'s subscriber' wait_until 20 grep -q 'PowerState of srv1' "$T/ev1"
t_ok 'srv2 event to srv2'"'"'s subscriber' wait_until 20 grep -q 'PowerState of srv2' "$T/ev2"
t_unlike 'srv1 events never reach srv2'"'"'s' "$(cat "$T/ev2")" 'srv1'
t_unlike 'nor srv2 events srv1'"'"'s' "$(cat "$T/ev1")" 'srv2'

# console: /console0 on srv1's listener is srv1's; srv2 has none
ws() { "$PY" "$TOP/t/helper/rfws.py" "$@"; }
ws -u admin:password -t 60 -e 'login: ' "ws://${U1#http://}/console0" >/dev/null 2>&1
t_is 'srv1 console reaches login:' $? 0
ws -u admin:password "ws://${U2#http://}/console0" >"$T/o" 2>&1
t_is 'srv2 has no console: 404' "$?:$(cat "$T/o")" '2:status 404'

# python3-sushy on srv3's own https listener
env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$PY" - "$U3S" >"$T/sushy" 2>&1 <<'PYEOF'
import sys
import requests
import sushy
import urllib3
from sushy import auth
urllib3.disable_warnings()
a = auth.SessionAuth(username='admin', password='password')
pub = requests.Session()
pub.verify = False
s = sushy.Sushy(sys.argv[1] + '/redfish/v1', auth=a, verify=False,
                public_connector=pub)
print('systems:', ' '.join(s.get_system_collection().members_identities))
n = s.get_system('/redfish/v1/Systems/srv3')
n.reset_system(sushy.RESET_ON)
n.refresh()
print('srv3:', getattr(n.power_state, 'value', n.power_state))
print('manager:', n.managers[0].identity)
print('done')
PYEOF
t_is 'sushy ran' "$(tail -n 1 "$T/sushy")" done
t_like 'sushy sees srv3 only' "$(cat "$T/sushy")" 'systems: /redfish/v1/Systems/srv3'
t_like 'sushy powered srv3 on' "$(cat "$T/sushy")" 'srv3: On'
t_like 'its manager is bmc' "$(cat "$T/sushy")" 'manager: bmc'
t_like 'srv3 on in powerd' "$(pctl status srv3)" 'power: +on'
t_ok 'clean exit' stop redfishd

# usage errors: one line, exit 100
usage_err() { _d=$1; shift; t_usage "$_d" redfishd "$@"; }
printf 'server srv1 http=127.0.0.1:0\nserver srv2\n' >"$T/mixed"
usage_err 'a line without http=' -M "$T/mixed"
t_like 'names it' "$(cat "$T/out")" 'mixed:2: srv2'
usage_err '-l with http= lines' -M "$T/servers" -l 127.0.0.1:0
printf 'server srv1 http=127.0.0.1:0\nserver srv2 http=%s\n' "$sink1_addr" >"$T/busy"
redfishd -M "$T/busy" -S "$T/powerd.sock" >"$T/out" 2>&1
t_is 'a listener taken: exit 111' $? 111
t_like 'it says which' "$(cat "$T/out")" "cannot bind to $sink1_addr"

# 200 servers, a listener each: every one answers with its own System
i=1
while [ $i -le 200 ]; do echo "server srv$i http=127.0.0.1:0"; i=$((i + 1)); done >"$T/servers200"
# the fd need is checked before anything is bound
(ulimit -n 1000; redfishd -M "$T/servers200" -S "$T/powerd.sock" >"$T/out" 2>&1)
t_is 'too few fds: exit 111' $? 111
t_like 'says how many' "$(cat "$T/out")" '200 servers need about [0-9]+ file descriptors, the limit is 1000'
: >"$T/big.log"
start_as big redfishd -v -M "$T/servers200" -S "$T/powerd.sock"
t_like '200 servers ready' "$big_addr" '^srv1\.\.srv200: 200 servers, '
sed -n 's/^redfishd: \(srv[0-9]*\): http port \([0-9]*\),.*/\1 \2/p' "$T/big.log" >"$T/ports"
t_is '200 ports' "$(wc -l <"$T/ports" | tr -d ' ')" 200
while read -r id p; do
	echo "url = \"http://127.0.0.1:$p$V/Systems\""
	echo "output = \"$T/b.$id\""
done <"$T/ports" >"$T/curlcfg"
curl -s -u admin:password -K "$T/curlcfg" -w '%{http_code}\n' >"$T/codes"
t_is 'every listener answers 200' "$(sort -u "$T/codes" | tr '\n' ' ')" '200 '
bad=0
while read -r id p; do
	grep -q "\"/redfish/v1/Systems/$id\"" "$T/b.$id" || bad=$((bad + 1))
done <"$T/ports"
t_is 'each with its own System' $bad 0

t_ok 'clean exit' stop_all
done_testing
