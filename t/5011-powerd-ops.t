#!/bin/sh
# 5011-powerd-ops.t: every op of doc/protocol.md over the socket on the sim backend
. "${0%/*}/lib.sh"
need powerd powerctl
lab_sim 2 '
server slow
	sim-delay on 300ms
	sim-delay off 300ms
	sim-delay reset 100ms'
start_powerd

# raw NAME JSON WANT-ERE: one request, the reply must match
raw() {
	_d=$1; shift
	_r=$(pctl raw "$1" 2>&1)
	t_like "$_d" "$_r" "$2"
}
S='"server":"srv1"'

raw 'hello' '{"op":"hello"}' '"ok":true.*"version":"[0-9.]+".*"proto":1.*"servers":3'
raw 'list' '{"op":"list"}' '"servers":\[\{"id":"srv1","name":"srv1","backend":"sim","power":"off"\}'
raw 'status' "{\"op\":\"status\",$S}" '"power":"off".*"boot":\{.*"identify":\{"state":"off","remaining":0\}.*"policy":"always-off".*"last_reset":.*"restart_cause":.*"poh_minutes":0.*"media":.*"power_limit":'
raw 'reply echoes id' "{\"id\":77,\"op\":\"hello\"}" '"v":1,"id":'

# power
raw 'power on' "{\"op\":\"power\",$S,\"action\":\"on\",\"by\":\"ipmi\"}" '"ok":true,"power":"on"'
raw 'power on again: no-op' "{\"op\":\"power\",$S,\"action\":\"on\"}" '"power":"on"'
raw 'restart cause chassis-control' "{\"op\":\"status\",$S}" '"restart_cause":"chassis-control"'
raw 'power reset' "{\"op\":\"power\",$S,\"action\":\"reset\",\"cause\":\"watchdog\"}" '"power":"on"'
raw 'reset: cause watchdog' "{\"op\":\"status\",$S}" '"restart_cause":"watchdog"'
raw 'power nmi' "{\"op\":\"power\",$S,\"action\":\"nmi\"}" '"power":"on"'
raw 'power diag' "{\"op\":\"power\",$S,\"action\":\"diag\"}" '"power":"on"'
raw 'power cycle' "{\"op\":\"power\",$S,\"action\":\"cycle\"}" '"power":"on"'
raw 'power soft: delivered, still on' "{\"op\":\"power\",$S,\"action\":\"soft\"}" '"ok":true,"power":"on"'
t_ok 'soft: the OS powers off' wait_until 5 sh -c "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"off\"'"
raw 'power reset when off: stays off' "{\"op\":\"power\",$S,\"action\":\"reset\"}" '"power":"off"'
raw 'power cycle when off: on' "{\"op\":\"power\",$S,\"action\":\"cycle\"}" '"power":"on"'
raw 'power off' "{\"op\":\"power\",$S,\"action\":\"off\"}" '"power":"off"'
raw 'bad cause' "{\"op\":\"power\",$S,\"action\":\"on\",\"cause\":\"gremlins\"}" '"error":"unknown-action"'
raw 'bad wait' "{\"op\":\"power\",$S,\"action\":\"on\",\"wait\":\"yes\"}" '"error":"bad-request"'

# delays: wait true replies after the transition, wait false at once
t0=$(date +%s%N)
raw 'slow on with wait' '{"op":"power","server":"slow","action":"on"}' '"power":"on"'
t1=$(date +%s%N)
t_ok 'the reply came after the 300 ms delay' test $(( (t1 - t0) / 1000000 )) -ge 280
raw 'slow off without wait' '{"op":"power","server":"slow","action":"off","wait":false}' '"power":"powering-off"'
raw 'a second action meanwhile: busy' '{"op":"power","server":"slow","action":"on"}' '"error":"busy"'
t_ok 'slow: off after its delay' wait_until 5 sh -c "powerctl -S '$T/powerd.sock' -j status slow | grep -q '\"power\":\"off\"'"

# boot
raw 'boot get' "{\"op\":\"boot\",$S,\"action\":\"get\"}" '"boot":\{"target":"none","enabled":"disabled","mode":"uefi","uefi_target":""\}'
raw 'boot set pxe once' "{\"op\":\"boot\",$S,\"action\":\"set\",\"target\":\"pxe\",\"enabled\":\"once\"}" '"target":"pxe","enabled":"once"'
raw 'boot set keeps fields' "{\"op\":\"boot\",$S,\"action\":\"set\",\"mode\":\"legacy\"}" '"target":"pxe","enabled":"once","mode":"legacy"'
raw 'boot: unknown target' "{\"op\":\"boot\",$S,\"action\":\"set\",\"target\":\"tape\"}" '"error":"unknown-action"'
raw 'power on consumes once' "{\"op\":\"power\",$S,\"action\":\"on\"}" '"power":"on"'
raw 'boot: once consumed' "{\"op\":\"boot\",$S}" '"target":"none","enabled":"disabled","mode":"legacy"'
raw 'boot continuous' "{\"op\":\"boot\",$S,\"action\":\"set\",\"target\":\"hdd\",\"enabled\":\"continuous\",\"mode\":\"uefi\"}" '"target":"hdd","enabled":"continuous"'
raw 'reset keeps continuous' "{\"op\":\"power\",$S,\"action\":\"reset\"}" '"power":"on"'
raw 'boot: still continuous' "{\"op\":\"boot\",$S}" '"target":"hdd","enabled":"continuous"'
raw 'boot disabled clears the target' "{\"op\":\"boot\",$S,\"action\":\"set\",\"enabled\":\"disabled\"}" '"target":"none","enabled":"disabled"'

# identify
raw 'identify blink 30' "{\"op\":\"identify\",$S,\"action\":\"set\",\"state\":\"blink\",\"seconds\":30}" '"state":"blink","remaining":(30|29)'
raw 'identify on' "{\"op\":\"identify\",$S,\"action\":\"set\",\"state\":\"on\"}" '"state":"on"'
raw 'identify blink 1' "{\"op\":\"identify\",$S,\"action\":\"set\",\"state\":\"blink\",\"seconds\":1}" '"state":"blink"'
t_ok 'identify reverts to off' wait_until 5 sh -c "powerctl -S '$T/powerd.sock' raw '{\"op\":\"identify\",$S}' | grep -q '\"state\":\"off\"'"
raw 'identify bad state' "{\"op\":\"identify\",$S,\"action\":\"set\",\"state\":\"disco\"}" '"error":"unknown-action"'

# policy
raw 'policy get' "{\"op\":\"policy\",$S}" '"policy":"always-off"'
raw 'policy set' "{\"op\":\"policy\",$S,\"action\":\"set\",\"policy\":\"previous\"}" '"policy":"previous"'
raw 'policy bad' "{\"op\":\"policy\",$S,\"action\":\"set\",\"policy\":\"never\"}" '"error":"unknown-action"'

# sel
raw 'sel info' "{\"op\":\"sel\",$S,\"action\":\"info\"}" '"count":[0-9]+,"max":1024,"free":[0-9]+,"last_add":[0-9]+,"last_erase":0,"overflow":false'
raw 'sel list' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"total":[0-9]+,"entries":\[\{"id":1,"time":[0-9]+,"record":"010002[0-9a-f]{26}","message":"Power on \(chassis-control, by ipmi\)","severity":"OK","origin":"ipmi"\}'
raw 'sel list: the OS shutdown' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"message":"OS graceful shutdown","severity":"OK","origin":"os"'
raw 'sel list: NMI' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"record":"[0-9a-f]{20}1365[0-9a-f]{8}","message":"Diagnostic interrupt'
raw 'sel list: reset' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"record":"[0-9a-f]{20}1d61[0-9a-f]{8}","message":"System reset \(watchdog'
raw 'sel list: boot override change' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"message":"Boot override: pxe, once, uefi'
raw 'sel add record' "{\"op\":\"sel\",$S,\"action\":\"add\",\"record\":\"0000020000000041000401306f010203\"}" '"ok":true,"entry_id":[0-9]+'
n=$(pctl raw "{\"op\":\"sel\",$S,\"action\":\"add\",\"message\":\"hello from a test\",\"severity\":\"Warning\",\"by\":\"redfish\"}" | sed -n 's/.*"entry_id":\([0-9]*\).*/\1/p')
t_like 'sel add message' "$n" '^[0-9]+$'
raw 'sel get by entry_id' "{\"op\":\"sel\",$S,\"action\":\"get\",\"entry_id\":$n}" "\"entry\":\\{\"id\":$n,.*\"record\":\"[0-9a-f]{4}c0[0-9a-f]{26}\",\"message\":\"hello from a test\",\"severity\":\"Warning\",\"origin\":\"redfish\""
raw 'sel get missing' "{\"op\":\"sel\",$S,\"action\":\"get\",\"entry_id\":60000}" '"error":"not-found"'
raw 'sel add bad record' "{\"op\":\"sel\",$S,\"action\":\"add\",\"record\":\"zz\"}" '"error":"bad-request"'
raw 'sel time-set' "{\"op\":\"sel\",$S,\"action\":\"time-set\",\"time\":1000000000}" '"time":100000000[0-9]'
raw 'sel time-get' "{\"op\":\"sel\",$S,\"action\":\"time-get\"}" '"time":100000000[0-9]'
raw 'sel add uses the SEL clock' "{\"op\":\"sel\",$S,\"action\":\"add\",\"message\":\"clock\"}" '"entry_id"'
raw 'sel list shows it' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"time":100000000[0-9],"record":"[0-9a-f]+","message":"clock"'
raw 'sel clear' "{\"op\":\"sel\",$S,\"action\":\"clear\"}" '"last_erase":100000000[0-9]'
raw 'sel after clear: one entry' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"total":1,"entries":\[\{"id":1,.*"record":"010002[0-9a-f]{8}20000410646f02ffff","message":"Log area reset/cleared"'
raw 'sel list start/count' "{\"op\":\"sel\",$S,\"action\":\"list\",\"start\":5,\"count\":2}" '"total":1,"entries":\[\]'

# sensors
raw 'sensors on' "{\"op\":\"sensors\",$S}" '"sensors":\[\{"num":1,"name":"CPU1 Temp","type":"temperature","unit":"C","reading":[0-9.]+,"status":"ok","thresholds":\{"lnr":0,"lc":5,"lnc":10,"unc":80,"uc":90,"unr":100\}'
raw 'sensors off: fans stopped' '{"op":"sensors","server":"srv2"}' '"num":16,"name":"Fan1","type":"fan","unit":"RPM","reading":0,'
raw 'sensors off: 0 W' '{"op":"sensors","server":"srv2"}' '"num":48,"name":"System Power","type":"power","unit":"W","reading":0,'

# powerlimit
raw 'powerlimit get' "{\"op\":\"powerlimit\",$S}" '"power_limit":\{"active":false,"limit_w":400,"correction_ms":1000,"sampling_s":1,"exception":"none"\}'
raw 'powerlimit set' "{\"op\":\"powerlimit\",$S,\"action\":\"set\",\"limit_w\":300,\"exception\":\"log\"}" '"limit_w":300.*"exception":"log"'
raw 'powerlimit activate' "{\"op\":\"powerlimit\",$S,\"action\":\"activate\",\"active\":true}" '"active":true,"limit_w":300'

# inventory
raw 'inventory' "{\"op\":\"inventory\",$S}" '"inventory":\{"id":"srv1","name":"srv1","uuid":"[0-9a-f-]{36}","serial":"BMCSIM0001",.*"macs":\["52:54:00:00:01:01"\],"bmc_mac":"52:54:00:00:00:01","cpus":2,"cpu_cores":12,.*"memory_mib":131072,"chassis_type":"rack-mount","bmc_guid":"[0-9a-f]{32}"'

# accounts
raw 'accounts list' "{\"op\":\"accounts\",$S}" '"accounts":\[\{"id":2,"name":"admin","role":"administrator","enabled":true,"locked":false,"locked_until":0\},\{"id":3,"name":"operator","role":"operator","enabled":true,"locked":false,"locked_until":0\},\{"id":4,"name":"readonly","role":"readonly","enabled":true,"locked":false,"locked_until":0\}\],"max":15'
raw 'accounts list secret: each password' "{\"op\":\"accounts\",$S,\"action\":\"list\",\"secret\":true}" '"accounts":\[\{"id":2,"name":"admin","role":"administrator","enabled":true,"locked":false,"locked_until":0,"password":"password"\},\{"id":3,"name":"operator",[^}]*"password":"operator"\},\{"id":4,[^}]*"password":"readonly"\}\]'
raw 'accounts list secret not a boolean' "{\"op\":\"accounts\",$S,\"action\":\"list\",\"secret\":1}" '"ok":false,"error":"bad-request"'
raw 'accounts get: no password' "{\"op\":\"accounts\",$S,\"action\":\"get\",\"name\":\"admin\"}" '"account":\{"id":2,"name":"admin","role":"administrator","enabled":true,"locked":false,"locked_until":0\}\}'
raw 'accounts get secret' "{\"op\":\"accounts\",$S,\"action\":\"get\",\"account_id\":2,\"secret\":true}" '"password":"password"'
raw 'accounts verify' "{\"op\":\"accounts\",$S,\"action\":\"verify\",\"name\":\"operator\",\"password\":\"operator\"}" '"ok":true,"account":\{"id":3'
raw 'accounts verify wrong' "{\"op\":\"accounts\",$S,\"action\":\"verify\",\"name\":\"operator\",\"password\":\"x\"}" '"error":"denied"'
raw 'accounts add' "{\"op\":\"accounts\",$S,\"action\":\"add\",\"name\":\"bob\",\"password\":\"bobpw\",\"role\":\"operator\"}" '"account":\{"id":5,"name":"bob","role":"operator","enabled":true,"locked":false,"locked_until":0\}'
raw 'accounts add: exists' "{\"op\":\"accounts\",$S,\"action\":\"add\",\"name\":\"bob\"}" '"error":"exists"'
raw 'accounts add: name too long' "{\"op\":\"accounts\",$S,\"action\":\"add\",\"name\":\"abcdefghijklmnopq\"}" '"error":"bad-request"'
raw 'accounts add: password too long' "{\"op\":\"accounts\",$S,\"action\":\"add\",\"name\":\"x\",\"password\":\"012345678901234567890\"}" '"error":"bad-request"'
raw 'accounts set' "{\"op\":\"accounts\",$S,\"action\":\"set\",\"account_id\":5,\"enabled\":false,\"role\":\"readonly\"}" '"id":5,"name":"bob","role":"readonly","enabled":false'
raw 'accounts set by name' "{\"op\":\"accounts\",$S,\"action\":\"set\",\"name\":\"bob\",\"password\":\"new\"}" '"id":5,"name":"bob"'
raw 'disabled cannot verify' "{\"op\":\"accounts\",$S,\"action\":\"verify\",\"name\":\"bob\",\"password\":\"new\"}" '"error":"denied"'
raw 'demote the last admin: denied' "{\"op\":\"accounts\",$S,\"action\":\"set\",\"account_id\":2,\"role\":\"operator\"}" '"error":"denied"'
raw 'delete the last admin: denied' "{\"op\":\"accounts\",$S,\"action\":\"delete\",\"name\":\"admin\"}" '"error":"denied"'
raw 'accounts delete' "{\"op\":\"accounts\",$S,\"action\":\"delete\",\"account_id\":5}" '"ok":true'
raw 'accounts delete: not-found' "{\"op\":\"accounts\",$S,\"action\":\"delete\",\"account_id\":5}" '"error":"not-found"'
raw 'accounts are per server' '{"op":"accounts","server":"srv2","action":"add","name":"only2"}' '"ok":true'
raw 'srv1 does not have it' "{\"op\":\"accounts\",$S,\"action\":\"get\",\"name\":\"only2\"}" '"error":"not-found"'

# media
raw 'media get' "{\"op\":\"media\",$S}" '"media":\{"inserted":false,"image":"","write_protected":true,"connected_via":"URI"\}'
raw 'media insert' "{\"op\":\"media\",$S,\"action\":\"insert\",\"image\":\"http://127.0.0.1:8080/x.iso\"}" '"inserted":true,"image":"http://127.0.0.1:8080/x.iso"'
raw 'media eject' "{\"op\":\"media\",$S,\"action\":\"eject\"}" '"inserted":false,"image":""'

# everything persisted: restart and compare
pctl raw "{\"op\":\"accounts\",$S}" >"$T/acc1"
pctl raw "{\"op\":\"sel\",$S,\"action\":\"list\"}" >"$T/sel1"
t_ok 'stop' stop powerd
start_powerd
t_is 'accounts survive a restart' "$(pctl raw "{\"op\":\"accounts\",$S}")" "$(cat "$T/acc1")"
sel2=$(pctl raw "{\"op\":\"sel\",$S,\"action\":\"list\"}")
sel1=$(sed 's/"total":[0-9]*,//; s/\]}$//' "$T/sel1")
case $(printf '%s' "$sel2" | sed 's/"total":[0-9]*,//') in
"$sel1"*) pass 'SEL survives a restart (then the restore is logged)' ;;
*) fail 'SEL survives a restart' "before: $sel1" "after: $sel2" ;;
esac
raw 'policy previous survives: srv1 on' "{\"op\":\"status\",$S}" '"power":"on".*"policy":"previous".*"restart_cause":"previous-restore"'
raw 'power limit survives' "{\"op\":\"powerlimit\",$S}" '"active":true,"limit_w":300'
raw 'srv2 off (always-off)' '{"op":"status","server":"srv2"}' '"power":"off"'
t_ok 'powerctl status (text)' pctl status srv1
t_ok 'clean exit' stop_all
done_testing
