#!/bin/sh
# 9550-redfishd-aggregated.t: redfishd -M, the sushy-tools shape: one service, every server of the file a System, Chassis and Manager
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl jq /usr/bin/python3
"$PY" -c 'import sushy' 2>/dev/null || need python3-sushy-module
"$PY" -c 'import websocket' 2>/dev/null || need python3-websocket-module
# lab_sim's MACs stop at 9 servers: 200 sim servers with MACs in hex
lab_sim 1
{
	sed '/^server /,$d' "$T/lab.conf"
	i=1
	while [ $i -le 200 ]; do
		x=$(printf '%02x:%02x' $((i / 256)) $((i % 256)))
		printf 'server srv%d\n\tbackend sim\n\tserial BMCSIM%04d\n' $i $i
		printf '\tmac 52:54:00:01:%s\n\tbmc-mac 52:54:00:02:%s\n' "$x" "$x"
		for d in on off soft cycle; do printf '\tsim-delay %s 0\n' $d; done
		i=$((i + 1))
	done
} >"$T/lab200.conf"
mv "$T/lab200.conf" "$T/lab.conf"
start_powerd
for i in 1 3; do
	start_as sold$i sold -v -i srv$i -l 127.0.0.1:0 -S "$T/powerd.sock" \
	    -U "$T/sold$i.sock"
	wait_until 30 grep -q 'taken' "$T/sold$i.log" || BAIL "sold$i did not take the console"
done
{
	echo "server srv1 ipmi=127.0.0.1:6231 vnc=127.0.0.1:5901 sol=$T/sold1.sock"
	echo 'server srv2 ipmi=127.0.0.1:6232 vnc=127.0.0.1:5902 console=127.0.0.1:2302'
	echo "server srv3 ipmi=127.0.0.1:6233 sol=$T/sold3.sock"
	echo 'server srv4 log=/nonexistent/console-srv4.log'
} >"$T/servers"
start redfishd -M "$T/servers" -l 127.0.0.1:0 -L 127.0.0.1:0 \
    -S "$T/powerd.sock"
t_like 'readiness: count and addresses' "$redfishd_addr" \
    '^srv1\.\.srv4: 4 servers, 127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:[0-9]+$'
a=${redfishd_addr#*servers, }
RF=http://${a%% *}
RFS=https://${a##* }
V=/redfish/v1

# collections list every server; ids are the servers'
for coll in Systems Chassis Managers; do
	rf_req readonly GET "$V/$coll"
	t_is "$coll lists all" "$(jv '" ".join(m["@odata.id"].rsplit("/", 1)[1] for m in d["Members"])')" \
	    'srv1 srv2 srv3 srv4'
done

# links consistent: System -> its Chassis and Manager, and back
rf_req readonly GET $V/Systems/srv2
t_status 'System srv2' 200
t_is 'System Id' "$(jv 'd["Id"]')" srv2
t_is 'System -> Chassis' "$(jv 'd["Links"]["Chassis"][0]["@odata.id"]')" $V/Chassis/srv2
t_is 'System -> Manager' "$(jv 'd["Links"]["ManagedBy"][0]["@odata.id"]')" $V/Managers/srv2
t_is 'System -> LogServices of its Manager' "$(jv 'd["LogServices"]["@odata.id"]')" $V/Managers/srv2/LogServices
rf_req readonly GET $V/Chassis/srv2
t_is 'Chassis -> System' "$(jv 'd["Links"]["ComputerSystems"][0]["@odata.id"]')" $V/Systems/srv2
t_is 'Chassis -> Manager' "$(jv 'd["Links"]["ManagedBy"][0]["@odata.id"]')" $V/Managers/srv2
rf_req readonly GET $V/Managers/srv2
t_status 'Manager srv2' 200
t_is 'Manager Id' "$(jv 'd["Id"]')" srv2
t_is 'Manager -> its System' "$(jv 'd["Links"]["ManagerForServers"][0]["@odata.id"]')" $V/Systems/srv2
t_is 'Manager -> its Chassis' "$(jv 'd["Links"]["ManagerForChassis"][0]["@odata.id"]')" $V/Chassis/srv2
t_is 'Manager Reset target' "$(jv 'd["Actions"]["#Manager.Reset"]["target"]')" $V/Managers/srv2/Actions/Manager.Reset
t_is 'srv2 has no sol=: no console' "$(jv '"SerialConsoleWebSocket" in d["Oem"]["bmcsim"]')" false
rf_req readonly GET $V/Managers/srv1
t_is 'srv1 console at /console/srv1' "$(jv 'd["Oem"]["bmcsim"]["SerialConsoleWebSocket"]')" /console/srv1
rf_req readonly GET $V/Managers/srv2/NetworkProtocol
t_is 'srv2 IPMI port from ipmi=' "$(jv 'd["IPMI"]["Port"]')" 6232
t_is 'srv2 VNC port from vnc=' "$(jv 'd["KVMIP"]["Port"]')" 5902
rf_req readonly GET $V/Managers/srv3/NetworkProtocol
t_is 'srv3 IPMI port from ipmi=' "$(jv 'd["IPMI"]["Port"]')" 6233
rf_req readonly GET $V/Managers/srv2/VirtualMedia/Cd
t_is 'VirtualMedia under the server Manager' "$(jv 'd["@odata.id"]')" $V/Managers/srv2/VirtualMedia/Cd
rf_req readonly GET $V/Managers/srv2/LogServices/SEL/Entries
t_status 'SEL entries of srv2' 200
rf_req readonly GET $V/Managers/bmc
t_status 'no Manager "bmc" in this shape' 404

# unknown ids
for p in Systems/srv9 Chassis/srv9 Managers/srv9 Systems/srv9/Bios \
    Systems/srv9/Processors Chassis/srv9/Thermal Managers/srv9/VirtualMedia; do
	rf_req readonly GET "$V/$p"
	t_status "$p: 404" 404
	t_msgid "$p: ResourceNotFound" ResourceNotFound
done

# power srv2 through its own System: only srv2 changes
for i in 1 2 3 4; do pctl power srv$i off >/dev/null; done
rf_json admin POST $V/Systems/srv2/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_status 'Reset On srv2' 204
t_like 'srv2 on' "$(pctl status srv2)" 'power: +on'
for i in 1 3 4; do
	t_like "srv$i still off" "$(pctl status srv$i)" 'power: +off'
done
rf_req readonly GET $V/Systems/srv2
t_is 'srv2 shows On' "$(jv 'd["PowerState"]')" On
rf_req readonly GET $V/Systems/srv1
t_is 'srv1 shows Off' "$(jv 'd["PowerState"]')" Off

# BIOS pending on srv3, not on srv1
rf_json admin PATCH $V/Systems/srv3/Bios/Settings '{"Attributes":{"NumLock":false}}'
t_like 'PATCH srv3 Bios/Settings' "$RC" '^20[024]$'
rf_req readonly GET $V/Systems/srv3/Bios/Settings
t_is 'srv3 has it pending' "$(jv '"NumLock" in d.get("Attributes", {})')" true
rf_req readonly GET $V/Systems/srv1/Bios/Settings
t_is 'srv1 has nothing pending' "$(jv '"NumLock" in d.get("Attributes", {})')" false
for p in Processors Memory Storage EthernetInterfaces SecureBoot; do
	rf_req readonly GET "$V/Systems/srv4/$p"
	t_status "srv4 $p" 200
done
for p in Thermal Power Sensors; do
	rf_req readonly GET "$V/Chassis/srv4/$p"
	t_status "Chassis srv4 $p" 200
done

# accounts, sessions and roles are the service's: the first server's
rf_json admin POST $V/AccountService/Accounts \
    '{"UserName":"agguser","Password":"aggpass12","RoleId":"ReadOnly"}'
t_status 'account created' 201
rf_req agguser:aggpass12 GET $V/Systems/srv3
t_status 'the new user reads every System' 200
rf_req admin:wrong GET $V/Systems/srv3
t_status 'bad password 401' 401
rf_json none POST $V/SessionService/Sessions '{"UserName":"admin","Password":"password"}'
t_status 'session 201' 201
tok=$(hdr X-Auth-Token)
rf_req "tok:$tok" GET $V/Systems/srv4
t_status 'one session serves every System' 200

# events: one subscription set; srv2's events name srv2
start_as sink "$TOP/t/helper/rfhttpd.py" -o "$T/events"
: >"$T/events"
rf_json admin POST $V/EventService/Subscriptions "{\"Destination\":\"http://$sink_addr/ev\",\"Context\":\"agg\",\"Protocol\":\"Redfish\"}"
t_status 'subscribe' 201
pctl power srv2 off >/dev/null
t_ok 'srv2 power event delivered' wait_until 20 grep -q 'PowerState of srv2 changed' "$T/events"
t_like 'OriginOfCondition is srv2' "$(grep 'PowerState of srv2' "$T/events" | head -n 1)" \
    '"OriginOfCondition":\{"@odata.id":"/redfish/v1/Systems/srv2"\}'
pctl sel srv3 add 'agg sel entry' >/dev/null
t_ok 'srv3 SEL event delivered' wait_until 20 grep -q 'agg sel entry' "$T/events"
t_like 'SEL origin under Manager srv3' "$(grep 'agg sel entry' "$T/events" | head -n 1)" \
    '"@odata.id":"/redfish/v1/Managers/srv3/LogServices/SEL"'

# python3-sushy, as Ironic: every System is there and acts on its server
cat >"$T/agg.py" <<'PYEOF'
import sys
import requests
import sushy
import urllib3
from sushy import auth
urllib3.disable_warnings()
base = sys.argv[1]
a = auth.SessionAuth(username='admin', password='password')
pub = requests.Session()
pub.verify = False
s = sushy.Sushy(base + '/redfish/v1', auth=a, verify=False,
                public_connector=pub)
ids = sorted(m.split('/')[-1] for m in s.get_system_collection().members_identities)
print('systems:', ' '.join(ids))
n = s.get_system('/redfish/v1/Systems/srv4')
n.reset_system(sushy.RESET_ON)
n.refresh()
print('srv4:', getattr(n.power_state, 'value', n.power_state))
print('srv4 manager:', n.managers[0].identity)
m = s.get_manager('/redfish/v1/Managers/srv4')
print('manager for:', m.json['Links']['ManagerForServers'][0]['@odata.id'])
inv = {i.identity: i for i in
       s.get_update_service().firmware_inventory.get_members()}
print('bios members:', ' '.join(sorted(k for k in inv if k.endswith('-BIOS'))))
b = inv['srv3-BIOS']
print('srv3-BIOS:', b.version, b.updateable, b.related_item)
print('done')
PYEOF
for base in "$RF" "$RFS"; do
	pctl power srv4 off >/dev/null
	env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$PY" "$T/agg.py" "$base" >"$T/sushy" 2>&1
	t_is "sushy ran ($base)" "$(tail -n 1 "$T/sushy")" done
	o=$(cat "$T/sushy")
	t_like 'sushy lists all' "$o" '^systems: srv1 srv2 srv3 srv4$'
	t_like 'sushy powers srv4 on' "$o" '^srv4: On$'
	t_like 'srv4 manager' "$o" '^srv4 manager: srv4$'
	t_like 'manager for srv4' "$o" '^manager for: /redfish/v1/Systems/srv4$'
	t_like 'sushy reads every server'"'"'s firmware' "$o" '^bios members: srv1-BIOS srv2-BIOS srv3-BIOS srv4-BIOS$'
	t_like 'sushy: srv3-BIOS, its version and System' "$o" "^srv3-BIOS: [0-9.]+ True .*/redfish/v1/Systems/srv3"

	grep -v '^[a-z0-9 ]*:' "$T/sushy" | head -n 20 | sed 's/^/# /'
done
t_like 'srv4 on in powerd' "$(pctl status srv4)" 'power: +on'
t_like 'srv3 untouched' "$(pctl status srv3)" 'power: +off'

# firmware: SimpleUpdate's Targets name the System (as with sushy-tools)
mkdir -p "$T/www"
head -c 4096 /dev/urandom >"$T/www/BIOS-1.1.0.bin"
start_as www "$TOP/t/helper/rfhttpd.py" -d "$T/www"
SU=$V/UpdateService/Actions/UpdateService.SimpleUpdate
rf_json admin POST $SU "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"Targets\":[\"$V/Systems/srv3\"]}"
t_status 'SimpleUpdate for srv3: a task' 202
M=$(hdr Location); M=/${M#http*://*/}
mon() { rf_req admin GET "$1"; [ "$RC" != 202 ]; }
t_ok 'the task ends' wait_until 20 mon "$M"
t_is 'Completed' "$(jv 'd["TaskState"]')" Completed
pending() { pctl -j inventory "$1" | jq -r '.inventory.hw.firmware[] | select(.id=="BIOS") | .pending'; }
t_is 'srv3 has BIOS 1.1.0 staged' "$(pending srv3)" 1.1.0
t_unlike 'srv1 has not' "$(pending srv1)" '1\.1\.0'
rf_json admin POST $SU "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"Targets\":[\"$V/Systems/srv2\",\"$V/Systems/srv3\"]}"
t_status 'Targets of two servers: 400' 400
rf_json admin POST $SU "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"Targets\":[\"$V/Systems/srv9\"]}"
t_status 'Targets of an unknown System: 400' 400
# FirmwareInventory: every server's firmware, "<server>-<component>"
FI=$V/UpdateService/FirmwareInventory
comps() { pctl -j inventory "$1" | jq -r '.inventory.hw.firmware[].id' | sort | tr '\n' ' '; }
rf_req admin GET $FI
t_is 'FirmwareInventory: every server'"'"'s components' \
    "$(jv '" ".join(sorted(m["@odata.id"].rsplit("/", 1)[1] for m in d["Members"]))')" \
    "$(for i in 1 2 3 4; do for c in $(comps srv$i); do echo "srv$i-$c"; done; done | sort | tr '\n' ' ' | sed 's/ $//')"
t_is 'FirmwareInventory: the count' "$(jv 'd["Members@odata.count"] == len(d["Members"])')" true
rf_req admin GET $FI/srv3-BIOS
t_status 'a member of srv3' 200
t_is 'srv3-BIOS: its id, version, System' \
    "$(jv '[d["Id"], d["Version"], d["RelatedItem"][0]["@odata.id"]]')" \
    "[\"srv3-BIOS\", \"$(pctl -j inventory srv3 | jq -r '.inventory.hw.firmware[] | select(.id=="BIOS") | .version')\", \"$V/Systems/srv3\"]"
rf_req admin GET $V/UpdateService/SoftwareInventory/srv2-NIC0
t_is 'SoftwareInventory: srv2-NIC0, of srv2' "$(jv '[d["Id"], d["RelatedItem"][0]["@odata.id"]]')" "[\"srv2-NIC0\", \"$V/Systems/srv2\"]"
for m in BIOS srv9-BIOS srv3-NOPE srv3-; do
	rf_req admin GET "$FI/$m"
	t_status "$m: 404" 404
done
# a Target may be such a member: that server's component
rf_json admin POST $SU "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"Targets\":[\"$FI/srv4-BIOS\"]}"
t_status 'SimpleUpdate of srv4-BIOS: a task' 202
M=$(hdr Location); M=/${M#http*://*/}
t_ok 'its task ends' wait_until 20 mon "$M"
t_is 'srv4 has BIOS 1.1.0 staged' "$(pending srv4)" 1.1.0
rf_json admin POST $SU "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"Targets\":[\"$FI/srv4-BIOS\",\"$FI/srv2-BIOS\"]}"
t_status 'members of two servers: 400' 400
# several Systems: an update naming none is refused, not done on the first
rf_json admin POST $SU "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\"}"
t_status 'SimpleUpdate without Targets: 400' 400
t_msgid 'without Targets: ActionParameterMissing' ActionParameterMissing
rf_json admin POST $SU "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"Targets\":[\"$V/UpdateService/FirmwareInventory/BIOS\"]}"
t_status 'SimpleUpdate naming an inventory member, no System: 400' 400
t_msgid 'no System: ActionParameterValueNotInList' ActionParameterValueNotInList
t_unlike 'srv1 still has nothing staged' "$(pending srv1)" '1\.1\.0'
# the multipart push: its UpdateParameters' Targets name the System too
head -c 2000 /dev/urandom >"$T/NIC0-3.1.4.img"
rf_req admin POST $V/UpdateService/update-multipart \
    -F "UpdateParameters={\"Targets\":[\"$V/Systems/srv2\"]};type=application/json" \
    -F "UpdateFile=@$T/NIC0-3.1.4.img;type=application/octet-stream"
t_status 'push for srv2: a task' 202
M=$(hdr Location); M=/${M#http*://*/}
t_ok 'the push task ends' wait_until 20 mon "$M"
t_is 'push: Completed' "$(jv 'd["TaskState"]')" Completed
npending() { pctl -j inventory "$1" | jq -r '.inventory.hw.firmware[] | select(.id=="NIC0") | .pending'; }
t_is 'srv2 has NIC0 3.1.4 staged' "$(npending srv2)" 3.1.4
t_unlike 'srv1 has not' "$(npending srv1)" '3\.1\.4'
rf_req admin POST $V/UpdateService/update-multipart \
    -F "UpdateFile=@$T/NIC0-3.1.4.img;type=application/octet-stream"
t_status 'push without Targets: 400' 400
t_msgid 'push without Targets: ActionParameterMissing' ActionParameterMissing
t_unlike 'srv1 still has not' "$(npending srv1)" '3\.1\.4'

# python3-sushy's simple_update with its node's System as the Target, as
# Ironic calls it when a service lists several Systems
cat >"$T/upd.py" <<'PYEOF'
import sys
import sushy
import urllib3
from sushy import auth
urllib3.disable_warnings()
s = sushy.Sushy(sys.argv[1] + '/redfish/v1', verify=False,
                auth=auth.BasicAuth(username='admin', password='password'))
m = s.get_update_service().simple_update(
    sys.argv[2], targets=['/redfish/v1/Systems/srv2'])
print('monitor:', m.task_monitor_uri)
PYEOF
t_like 'sushy simple_update for srv2: a task monitor' \
    "$(env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$PY" "$T/upd.py" "$RF" "http://$www_addr/BIOS-1.1.0.bin" 2>&1)" \
    '^monitor: /redfish/v1/TaskService/'
srv2_staged() { [ "$(pending srv2)" = 1.1.0 ]; }
t_ok 'srv2 has BIOS 1.1.0 staged' wait_until 20 srv2_staged
# consoles: /console/<id> is that server's sold, /console0 the first's
ws() { "$PY" "$TOP/t/helper/rfws.py" "$@"; }
WS=ws://${a%% *}
for p in /console/srv2 /console/srv9 /console/srv1/x; do
	ws -u admin:password "$WS$p" >"$T/o" 2>&1
	t_is "$p: 404" "$?:$(cat "$T/o")" '2:status 404'
done
ws "$WS/console/srv1" >"$T/o" 2>&1
t_is 'no credentials: 401' "$?:$(cat "$T/o")" '2:status 401'
live_ge() { [ "$(grep -c ': live' "$T/$1.log")" -ge "$2" ]; }
pctl power srv1 on >/dev/null
pctl power srv3 on >/dev/null
ws -u admin:password -t 60 -e 'login: ' "$WS/console/srv1" >/dev/null 2>&1
t_is 'srv1 console reaches login:' $? 0
ws -u admin:password -t 60 -e 'login: ' "$WS/console/srv3" >/dev/null 2>&1
t_is 'srv3 console reaches login:' $? 0
n1=$(grep -c ': live' "$T/sold1.log")
n3=$(grep -c ': live' "$T/sold3.log")
ws -u admin:password -t 8 -e 'typed-on-srv3' -o "$T/w1" "$WS/console0" >/dev/null 2>&1 &
p1=$!
ws -u readonly:readonly -t 30 -e 'typed-on-srv3' -o "$T/w3" "$WS/console/srv3" >/dev/null 2>&1 &
p3=$!
t_ok '/console0 is srv1'"'"'s sold' wait_until 20 live_ge sold1 $((n1 + 1))
t_ok '/console/srv3 is srv3'"'"'s sold' wait_until 20 live_ge sold3 $((n3 + 1))
ws -u admin:password -t 30 -s 'typed-on-srv3' -e 'typed-on-srv3' "$WS/console/srv3" >/dev/null 2>&1
t_is 'typed on srv3: echoed' $? 0
wait $p3; t_is 'another srv3 session sees it' $? 0
wait $p1; t_is 'srv1 never sees it' $? 1

# redfishtool on the one service: each System by its id
if command -v redfishtool >/dev/null 2>&1; then
	rft() {
		env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE redfishtool \
		    -r "${RFS#https://}" -S Always -u admin -p password "$@"
	}
	t_is 'redfishtool: Systems lists the four' \
	    "$(rft Systems | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["Members@odata.count"])')" 4
	before4=$(powerctl -S "$T/powerd.sock" status srv4 | sed -n 's/^power: *//p')
	t_ok 'redfishtool: Systems -I srv3 reset ForceOff' rft Systems -I srv3 reset ForceOff
	t_like 'powerd: srv3 off' "$(powerctl -S "$T/powerd.sock" status srv3)" 'power: +off'
	t_ok 'redfishtool: Systems -I srv3 reset On' rft Systems -I srv3 reset On
	t_ok 'powerd: srv3 comes on' wait_until 10 sh -c "powerctl -S '$T/powerd.sock' status srv3 | grep -Eq 'power: +on'"
	t_is 'srv4 untouched' "$(powerctl -S "$T/powerd.sock" status srv4 | sed -n 's/^power: *//p')" "$before4"
	t_is 'redfishtool: Systems -I srv3 get' \
	    "$(rft Systems -I srv3 get | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(d["Id"], d["PowerState"])')" 'srv3 On'
else
	pass '# SKIP redfishtool not installed'
fi

t_ok 'clean exit' stop redfishd

# usage errors: one line, exit 100
usage_err() { _d=$1; shift; t_usage "$_d" redfishd "$@"; }
usage_err '-M with -i' -M "$T/servers" -i srv1
usage_err '-M with -C' -M "$T/servers" -C "$T/x.sock"
usage_err '-M with -E' -M "$T/servers" -E ipmi=623
usage_err 'missing file' -M "$T/nonexistent"
printf 'server srv1 ipmi=127.0.0.1:623 colour=blue\n' >"$T/bad1"
usage_err 'unknown key' -M "$T/bad1"
t_like 'names file:line' "$(cat "$T/out")" "bad1:1:"
printf 'server srv1\nserver srv1\n' >"$T/bad2"
usage_err 'repeated id' -M "$T/bad2"
printf 'server srv1 http=127.0.0.1:0\nserver srv2\n' >"$T/bad3"
usage_err 'mixed shapes' -M "$T/bad3"
: >"$T/bad4"
usage_err 'no server' -M "$T/bad4"
t_is '-n checks the file' "$(redfishd -n -M "$T/servers" 2>&1)" 'configuration OK'

# a larger smoke: 200 servers in one process, every System answers
i=1
while [ $i -le 200 ]; do echo "server srv$i"; i=$((i + 1)); done >"$T/servers200"
start_as big redfishd -M "$T/servers200" -l 127.0.0.1:0 -S "$T/powerd.sock"
t_like '200 servers ready' "$big_addr" '^srv1\.\.srv200: 200 servers, '
RF=http://${big_addr#*servers, }
rf_req readonly GET $V/Systems
t_is '200 Systems listed' "$(jv 'd["Members@odata.count"]')" 200
i=1
bad=
while [ $i -le 200 ]; do
	echo "url = \"$RF$V/Systems/srv$i\""
	echo "output = \"$T/big/srv$i\""
	i=$((i + 1))
done >"$T/curlcfg"
mkdir -p "$T/big"
curl -s -u admin:password -K "$T/curlcfg" -w '%{http_code}\n' >"$T/codes"
t_is 'every System answers 200' "$(sort -u "$T/codes" | tr '\n' ' ')" '200 '
t_is 'each with its own Id' "$(cat "$T/big"/srv* | "$PY" -c 'import sys, json
d = sys.stdin.read().replace("}{", "}\n{").splitlines()
print(len(set(json.loads(x)["Id"] for x in d)))')" 200

t_ok 'clean exit' stop_all
done_testing
