#!/bin/sh
# 2101-redfishd-power-boot.t: ResetTypes act through powerd; boot override; SEL; both ways at once
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
rf_setup
R=/redfish/v1/Systems/srv1
reset() { rf_json admin POST $R/Actions/ComputerSystem.Reset "{\"ResetType\":\"$1\"}"; }
power() { rf_req admin GET $R; jv 'd["PowerState"]'; }
pd_power() { pctl status srv1 | sed -n 's/^power: *//p'; }

reset On
t_status 'On: 204' 204
t_is 'On: PowerState On' "$(power)" On
t_is 'On: powerd agrees at once' "$(pd_power)" on
reset ForceOff
t_status 'ForceOff: 204' 204
t_is 'ForceOff: Off' "$(power)" Off
t_is 'ForceOff: powerd off' "$(pd_power)" off
reset PowerCycle
t_status 'PowerCycle from off: 204' 204
t_is 'PowerCycle from off powers on' "$(power)" On
rf_req admin GET $R
t1=$(jv 'd["LastResetTime"]')
t_like 'LastResetTime is a date' "$t1" '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T'
# LastResetTime has 1 s resolution: wait for the next second, then reset
wait_until 3 sh -c "[ \"\$(date -u +%Y-%m-%dT%H:%M:%S+00:00)\" != '$t1' ]"
reset ForceRestart
t_status 'ForceRestart: 204' 204
rf_req admin GET $R
t_is 'ForceRestart: still On' "$(jv 'd["PowerState"]')" On
t_unlike 'LastResetTime advanced' "$(jv 'd["LastResetTime"]')" "^$t1\$"
reset GracefulRestart
t_status 'GracefulRestart: 204' 204
reset Nmi
t_status 'Nmi: 204' 204
t_like 'Nmi logged in the SEL' "$(pctl sel srv1 list)" '[Nn][Mm][Ii]|[Dd]iagnostic'
reset GracefulShutdown
t_status 'GracefulShutdown: 204' 204
t_ok 'GracefulShutdown: the sim OS powers off' wait_until 20 sh -c "powerctl -S '$T/powerd.sock' status srv1 | grep -q '^power: *off'"
t_is 'GracefulShutdown: Redfish Off' "$(power)" Off

# powerctl changes are visible over Redfish at once
pctl power srv1 on >/dev/null
t_is 'powerctl on -> Redfish On' "$(power)" On
pctl power srv1 off >/dev/null
t_is 'powerctl off -> Redfish Off' "$(power)" Off

# boot override Once: reads back Once until the next power-on consumes it
rf_json admin PATCH $R '{"Boot":{"BootSourceOverrideTarget":"Pxe","BootSourceOverrideEnabled":"Once"}}'
t_status 'PATCH Boot Once: 200' 200
t_is 'Once reads back Once' "$(jv 'd["Boot"]["BootSourceOverrideEnabled"]')" Once
t_is 'target Pxe' "$(jv 'd["Boot"]["BootSourceOverrideTarget"]')" Pxe
rf_req admin GET $R
t_is 'Once still Once on a later GET' "$(jv 'd["Boot"]["BootSourceOverrideEnabled"]')" Once
t_like 'powerd has pxe once' "$(pctl status srv1)" 'boot: +pxe \(once'
reset On
rf_req admin GET $R
t_is 'power-on consumed Once' "$(jv 'd["Boot"]["BootSourceOverrideEnabled"]')" Disabled
t_is 'target back to None' "$(jv 'd["Boot"]["BootSourceOverrideTarget"]')" None
rf_json admin PATCH $R '{"Boot":{"BootSourceOverrideTarget":"Hdd","BootSourceOverrideEnabled":"Continuous"}}'
t_is 'Continuous' "$(jv 'd["Boot"]["BootSourceOverrideEnabled"]')" Continuous
reset ForceRestart
rf_req admin GET $R
t_is 'Continuous survives a restart' "$(jv 'd["Boot"]["BootSourceOverrideEnabled"]')" Continuous
t_is 'Hdd stays' "$(jv 'd["Boot"]["BootSourceOverrideTarget"]')" Hdd
rf_json admin PATCH $R '{"Boot":{"BootSourceOverrideTarget":"UefiTarget","UefiTargetBootSourceOverride":"/0x31/0x33/0x01","BootSourceOverrideMode":"Legacy"}}'
t_status 'UefiTarget + Mode: 200' 200
t_is 'UefiTarget round-trips' "$(jv 'd["Boot"]["UefiTargetBootSourceOverride"]')" /0x31/0x33/0x01
t_is 'Mode round-trips' "$(jv 'd["Boot"]["BootSourceOverrideMode"]')" Legacy
rf_json admin PATCH $R '{"Boot":{"BootSourceOverrideMode":"UEFI","BootSourceOverrideEnabled":"Disabled"}}'
t_is 'Disabled' "$(jv 'd["Boot"]["BootSourceOverrideEnabled"]')" Disabled
pctl boot srv1 set cd once >/dev/null
rf_req admin GET $R
t_is 'powerctl boot set -> Redfish Cd' "$(jv 'd["Boot"]["BootSourceOverrideTarget"]')" Cd
t_is 'powerctl once -> Redfish Once' "$(jv 'd["Boot"]["BootSourceOverrideEnabled"]')" Once

# the SEL: the same entries powerctl (and ipmitool) list
S=/redfish/v1/Managers/bmc/LogServices/SEL
pctl sel srv1 add 'redfish test entry' >/dev/null
rf_req admin GET $S/Entries
t_status 'Entries 200' 200
n_pd=$(pctl -j sel srv1 list | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"])')
t_is 'same number of entries as powerd' "$(jv 'd["Members@odata.count"]')" "$n_pd"
t_like 'our entry is there' "$(jv '[m["Message"] for m in d["Members"]]')" 'redfish test entry'
t_like 'entries are SEL entries' "$(jv 'sorted(set(m["EntryType"] for m in d["Members"]))')" '^\["SEL"\]$'
id=$(jv 'd["Members"][-1]["Id"]')
rf_req admin GET "$S/Entries/$id"
t_status 'one entry 200' 200
t_is 'entry message' "$(jv 'd["Message"]')" 'redfish test entry'
rf_req admin GET "$S/Entries/9999"
t_status 'no such entry 404' 404
rf_json admin POST $S/Actions/LogService.ClearLog '{}'
t_status 'ClearLog 204' 204
rf_req admin GET $S/Entries
t_is 'after ClearLog one entry (the clear itself)' "$(jv 'd["Members@odata.count"]')" 1
t_like 'powerd agrees' "$(pctl sel srv1 list | wc -l | tr -d ' ')" '^2$'

# IndicatorLED Blinking stays blinking (Ironic and Ansible set it so)
rf_json admin PATCH $R '{"IndicatorLED":"Blinking"}'
t_status 'PATCH IndicatorLED Blinking: 200' 200
t_is 'reads back Blinking' "$(jv 'd["IndicatorLED"]')" Blinking
t_like 'powerd: identify blink, no end' "$(pctl -j status srv1)" \
    '"identify":\{"state":"blink","remaining":0\}'
rf_json admin PATCH $R '{"IndicatorLED":"Off"}'
t_is 'Off again' "$(rf_req admin GET $R; jv 'd["IndicatorLED"]')" Off

t_ok 'clean exit' stop_all
done_testing
