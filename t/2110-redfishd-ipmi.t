#!/bin/sh
# 2110-redfishd-ipmi.t: Redfish and IPMI see one model: SEL, power, boot and accounts cross over at once
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl ipmitool
rf_setup
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }

# SEL: the entries ipmitool lists are the Redfish LogEntries
rf_json admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"Boot":{"BootSourceOverrideTarget":"Pxe","BootSourceOverrideEnabled":"Once"}}'
t_ok 'ipmitool sel list' it sel list
n_ipmi=$(grep -c '|' "$T/out")
rf_req admin GET /redfish/v1/Managers/bmc/LogServices/SEL/Entries
t_is 'same number of entries' "$(jv 'd["Members@odata.count"]')" "$n_ipmi"
t_ok 'ipmitool sel clear' it sel clear
rf_req admin GET /redfish/v1/Managers/bmc/LogServices/SEL/Entries
t_is 'cleared over IPMI: Redfish sees one entry' "$(jv 'd["Members@odata.count"]')" 1

# power and boot both ways
t_ok 'ipmitool power off' it chassis power off
rf_req admin GET /redfish/v1/Systems/srv1
t_is 'Redfish sees Off at once' "$(jv 'd["PowerState"]')" Off
rf_json admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_like 'ipmitool sees on' "$(it chassis power status)" 'is on'
t_ok 'ipmitool bootdev cdrom' it chassis bootdev cdrom
rf_req admin GET /redfish/v1/Systems/srv1
t_is 'Redfish sees Cd' "$(jv 'd["Boot"]["BootSourceOverrideTarget"]')" Cd

# accounts: one created over Redfish logs in over IPMI
rf_json admin POST /redfish/v1/AccountService/Accounts '{"UserName":"carol","Password":"carolpw12","RoleId":"Administrator"}'
t_status 'Redfish creates carol' 201
printf 'carolpw12\n' >"$T/pw.carol"
t_ok 'carol logs in over IPMI at once' timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U carol -f "$T/pw.carol" chassis power status
t_ok 'clean exit' stop_all
done_testing
