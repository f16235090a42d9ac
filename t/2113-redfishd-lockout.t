#!/bin/sh
# 2113-redfishd-lockout.t: the DMTF account lockout over Redfish: the
# AccountService reads and PATCHes powerd's per-server lockout policy;
# wrong passwords lock the account (its right password then fails too),
# the lock shows in the account and in the log service, and an
# administrator unlocks it with PATCH Locked false.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
lab_sim 1 '	lockout-threshold 10'
rf_setup
AS=/redfish/v1/AccountService

rf_req readonly GET $AS
t_status 'AccountService' 200
t_is 'the lab policy: threshold, duration, reset after' \
    "$(jv '[d["AccountLockoutThreshold"], d["AccountLockoutDuration"], d["AccountLockoutCounterResetAfter"]]')" \
    '[10, 60, 60]'
rf_json readonly PATCH $AS '{"AccountLockoutThreshold":3}'
t_status 'ReadOnly may not change it: 403' 403
rf_json admin PATCH $AS '{"AccountLockoutThreshold":300}'
t_status 'out of range: 400' 400
rf_json admin PATCH $AS '{"AccountLockoutThreshold":3,"AccountLockoutDuration":0}'
t_status 'administrator sets threshold 3, locked until unlocked: 200' 200
t_is 'reads back' "$(jv '[d["AccountLockoutThreshold"], d["AccountLockoutDuration"]]')" '[3, 0]'
t_like 'powerd has it' \
    "$(pctl raw '{"op":"accounts","server":"srv1","action":"lockout"}')" '"threshold":3,"duration":0'

i=0
while [ $i -lt 3 ]; do
	rf_req operator:wrong GET /redfish/v1/Systems/srv1
	i=$((i + 1))
done
t_status 'the third wrong password: 401' 401
rf_req operator GET /redfish/v1/Systems/srv1
t_status 'locked: the right password fails too' 401
rf_json admin POST /redfish/v1/SessionService/Sessions \
    '{"UserName":"operator","Password":"operator"}'
t_status 'no session for a locked account' 401
rf_req admin GET $AS/Accounts/3
t_is 'the account reads Locked' "$(jv 'd["Locked"]')" true
rf_req admin GET /redfish/v1/Managers/bmc/LogServices/SEL/Entries
t_like 'the log service has the failures and the lock' "$(cat "$T/body")" \
    \
    'Login failed for \\"operator\\" \(by redfish\).*Account \\"operator\\" locked after 3 failed logins'
rf_json admin PATCH $AS/Accounts/3 '{"Locked":true}'
t_status 'Locked true is refused: 400' 400
rf_json admin PATCH $AS/Accounts/3 '{"Locked":false}'
t_status 'administrator unlocks: 200' 200
t_is 'unlocked' "$(jv 'd["Locked"]')" false
rf_req operator GET /redfish/v1/Systems/srv1
t_status 'the right password works again' 200

t_ok 'clean exit' stop_all
done_testing
