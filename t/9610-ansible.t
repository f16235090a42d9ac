#!/bin/sh
# 9610-ansible.t: Debian's Ansible (community.general) drives a simulated
# server as fleet automation does: redfish_info, redfish_command and
# redfish_config over HTTPS, ipmi_power and ipmi_boot over IPMI (pyghmi).
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
. "$TOP/t/helper/anslib.sh"
need ansible jq ipmitool /usr/bin/python3
/usr/bin/python3 -c 'import pyghmi.ipmi.command' 2>/dev/null ||
    need python3-pyghmi-module
lab_sim 2
rf_setup
start_as ipmid2 ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv2
IP2=$(port_of "$ipmid2_addr")
HP=${RFS#https://}


RFA="baseuri=$HP username=admin password=password"

# --- redfish_info
t_ok 'redfish_info GetSystemInventory' \
    ans redfish_info category=Systems command=GetSystemInventory $RFA
t_is 'system: serial from the lab file' \
    "$(aj '.redfish_facts.system.entries[0][1].SerialNumber')" BMCSIM0001
t_is 'system: power state off' \
    "$(aj '.redfish_facts.system.entries[0][1].PowerState')" Off
t_ok 'redfish_info GetBootOverride' \
    ans redfish_info category=Systems command=GetBootOverride $RFA
t_ok 'redfish_info GetManagerNicInventory' \
    ans redfish_info category=Manager command=GetManagerNicInventory $RFA
t_ok 'redfish_info GetLogs' \
    ans redfish_info category=Manager command=GetLogs $RFA
t_ok 'redfish_info ListUsers' \
    ans redfish_info category=Accounts command=ListUsers $RFA
t_like 'ListUsers: the lab accounts' \
    "$(aj '[.redfish_facts.user.entries[].UserName] | join(" ")')" \
    'admin.*operator.*readonly'

# --- redfish_command: power, one-time boot, indicator, accounts
t_ok 'redfish_command PowerOn' \
    ans redfish_command category=Systems command=PowerOn $RFA
t_like 'powerd: on' "$(pctl status srv1)" 'power: +on'
t_ok 'redfish_command SetOneTimeBoot Pxe' \
    ans redfish_command category=Systems command=SetOneTimeBoot \
    bootdevice=Pxe $RFA
t_like 'powerd has the pxe override' "$(pctl status srv1)" 'pxe'
t_ok 'redfish_command PowerGracefulRestart' \
    ans redfish_command category=Systems command=PowerGracefulRestart $RFA
t_ok 'redfish_command PowerForceOff' \
    ans redfish_command category=Systems command=PowerForceOff $RFA
t_like 'powerd: off' "$(pctl status srv1)" 'power: +off'
t_ok 'redfish_command IndicatorLedOn' \
    ans redfish_command category=Chassis command=IndicatorLedOn $RFA
t_like 'powerd: identify on' "$(pctl status srv1)" 'identify: +on'
t_ok 'redfish_command IndicatorLedBlink' \
    ans redfish_command category=Chassis command=IndicatorLedBlink $RFA
t_like 'powerd: identify blinking, no end' "$(pctl -j status srv1)" \
    '"identify":\{"state":"blink","remaining":0\}'
t_ok 'redfish_command IndicatorLedOff' \
    ans redfish_command category=Chassis command=IndicatorLedOff $RFA
t_ok 'redfish_command AddUser' \
    ans redfish_command category=Accounts command=AddUser \
    new_username=ansible1 new_password=Ans1ble-pw roleid=Operator $RFA
t_like 'powerd has the new operator' "$(pctl accounts srv1)" \
    'ansible1.*operator'
t_ok 'redfish_command UpdateUserPassword' \
    ans redfish_command category=Accounts command=UpdateUserPassword \
    account_username=ansible1 account_password=Ans1ble-pw2 $RFA
t_is 'the new password works over Redfish' \
    "$(curl -sk -o /dev/null -w '%{http_code}' -u ansible1:Ans1ble-pw2 \
    "$RFS/redfish/v1/Systems/srv1")" 200
t_ok 'redfish_command DeleteUser' \
    ans redfish_command category=Accounts command=DeleteUser \
    account_username=ansible1 $RFA
t_unlike 'powerd: the user is gone' "$(pctl accounts srv1)" 'ansible1'
t_ok 'redfish_command UpdateAccountServiceProperties (lockout)' \
    ans redfish_command "{\"category\":\"Accounts\",\"command\":\"UpdateAccountServiceProperties\",\"account_properties\":{\"AccountLockoutThreshold\":5,\"AccountLockoutDuration\":120},\"baseuri\":\"$HP\",\"username\":\"admin\",\"password\":\"password\"}"
t_is 'the module reports a change' "$(aj '.changed')" true
t_like 'powerd has the lockout policy' \
    "$(pctl raw '{"op":"accounts","server":"srv1","action":"lockout"}')" \
    '"threshold":5,"duration":120'
t_fail 'a wrong password fails the module' \
    ans redfish_info category=Systems command=GetSystemInventory \
    baseuri="$HP" username=admin password=wrong

# --- ipmi_power / ipmi_boot (pyghmi) on srv2
IPA="name=127.0.0.1 port=$IP2 user=admin password=password"
t_ok 'ipmi_power on' ans ipmi_power state=on $IPA
t_is 'ipmi_power reports on' "$(aj '.powerstate')" on
t_like 'powerd: srv2 on' "$(pctl status srv2)" 'power: +on'
t_ok 'ipmi_boot network' ans ipmi_boot bootdev=network $IPA
t_like 'powerd: srv2 boots pxe' "$(pctl status srv2)" 'pxe'
t_ok 'ipmi_power off' ans ipmi_power state=off $IPA
t_like 'powerd: srv2 off' "$(pctl status srv2)" 'power: +off'

done_testing
