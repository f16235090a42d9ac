#!/bin/sh
# 2102-redfishd-auth.t: sessions, accounts (shared with IPMI through powerd), roles and privileges
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
lab_sim 1
printf 'session-timeout 5\n' >"$T/rf.conf"
rf_setup -f "$T/rf.conf"
SS=/redfish/v1/SessionService/Sessions
AC=/redfish/v1/AccountService/Accounts

# sessions
rf_json none POST $SS '{"UserName":"admin","Password":"password"}'
t_status 'login 201' 201
tok=$(hdr X-Auth-Token)
loc=$(hdr Location)
t_like 'X-Auth-Token' "$tok" '^[0-9a-f]{64}$'
t_like 'Location' "$loc" "^$SS/[0-9]+\$"
t_is 'body is the session' "$(jv 'd["@odata.id"]')" "$loc"
t_is 'session UserName' "$(jv 'd["UserName"]')" admin
t_is 'Password is null' "$(jv 'd["Password"]')" null
rf_req "tok:$tok" GET /redfish/v1/Systems/srv1
t_status 'token works' 200
rf_req "tok:$tok" GET $SS
t_like 'session listed' "$(jv '[m["@odata.id"] for m in d["Members"]]')" "\"$loc\""
rf_req "tok:$tok" DELETE "$loc"
t_status 'logout 204' 204
rf_req "tok:$tok" GET /redfish/v1/Systems/srv1
t_status 'token dead after logout' 401
rf_json none POST $SS '{"UserName":"admin","Password":"nope"}'
t_status 'bad password 401' 401
rf_json none POST $SS '{"UserName":"admin"}'
t_status 'no Password 400' 400
t_msgid 'PropertyMissing' PropertyMissing
rf_json none POST $SS '{"UserName":"admin","Password":"password"}'
tok=$(hdr X-Auth-Token)
loc=$(hdr Location)
rf_req "tok:$tok" GET /redfish/v1/Systems/srv1
t_status 'fresh token works' 200
# watch with Basic (using the token would keep it alive)
t_ok 'session times out (5 s here)' wait_until 30 sh -c "curl -s -o /dev/null -w '%{http_code}' -u admin:password $RF$loc | grep -q 404"
rf_req "tok:$tok" GET /redfish/v1/Systems/srv1
t_status 'timed-out token refused' 401
rf_req admin GET /redfish/v1/SessionService
t_is 'SessionTimeout shown' "$(jv 'd["SessionTimeout"]')" 5
rf_json admin PATCH /redfish/v1/SessionService '{"SessionTimeout":10}'
t_status 'SessionTimeout below 30 refused' 400
t_msgid 'PropertyValueOutOfRange' PropertyValueOutOfRange
rf_json admin PATCH /redfish/v1/SessionService '{"SessionTimeout":600}'
t_is 'SessionTimeout 600' "$(jv 'd["SessionTimeout"]')" 600

# accounts: POST, PATCH, DELETE, all in powerd at once
rf_json admin POST $AC '{"UserName":"bob","Password":"b0bpass","RoleId":"Operator"}'
t_status 'create account 201' 201
bob=$(hdr Location)
t_like 'account Location' "$bob" "^$AC/[0-9]+\$"
t_is 'RoleId' "$(jv 'd["RoleId"]')" Operator
t_like 'powerd has bob' "$(pctl accounts srv1 list)" 'bob +operator'
rf_req bob:b0bpass GET /redfish/v1/Systems/srv1
t_status 'bob logs in with Basic' 200
rf_json admin POST $AC '{"UserName":"bob","Password":"x","RoleId":"Operator"}'
t_status 'duplicate 409' 409
t_msgid 'ResourceAlreadyExists' ResourceAlreadyExists
rf_json admin POST $AC '{"UserName":"eve","Password":"x","RoleId":"God"}'
t_msgid 'bad RoleId PropertyValueNotInList' PropertyValueNotInList
rf_json admin POST $AC '{"UserName":"eve","RoleId":"Operator"}'
t_msgid 'no Password PropertyMissing' PropertyMissing
rf_json admin PATCH "$bob" '{"Password":"newpass1"}'
t_status 'change password 200' 200
rf_req bob:b0bpass GET /redfish/v1/Systems/srv1
t_status 'old password refused at once (cache flushed)' 401
rf_req bob:newpass1 GET /redfish/v1/Systems/srv1
t_status 'new password works' 200
rf_json admin PATCH "$bob" '{"RoleId":"ReadOnly"}'
t_is 'role changed' "$(jv 'd["RoleId"]')" ReadOnly
t_like 'powerd role readonly' "$(pctl accounts srv1 list)" 'bob +readonly'
rf_json bob:newpass1 POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_status 'demoted bob cannot reset' 403
pctl accounts srv1 set "$(basename "$bob")" role=operator >/dev/null 2>&1 ||
    pctl accounts srv1 set "$(basename "$bob")" role operator >/dev/null 2>&1
rf_req admin GET "$bob"
t_is 'powerctl change seen over Redfish' "$(jv 'd["RoleId"]')" Operator
rf_json admin PATCH "$bob" '{"UserName":"robert","Enabled":false}'
t_is 'renamed' "$(jv 'd["UserName"]')" robert
t_is 'disabled' "$(jv 'd["Enabled"]')" false
rf_req robert:newpass1 GET /redfish/v1/Systems/srv1
t_status 'disabled account refused' 401
rf_json admin PATCH "$bob" '{"Id":"7"}'
t_msgid 'Id is read-only' PropertyNotWritable
rf_json admin PATCH "$bob" '{"Enabled":true}'
rf_json none POST $SS '{"UserName":"robert","Password":"newpass1"}'
btok=$(hdr X-Auth-Token)
rf_req "tok:$btok" GET /redfish/v1/Systems/srv1
t_status "robert's session works" 200
rf_req admin DELETE "$bob"
t_status 'delete 204' 204
t_ok "the deleted account's session ends" wait_until 10 sh -c "curl -s -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: $btok' $RF/redfish/v1/Systems/srv1 | grep -q 401"
rf_req admin GET "$bob"
t_status 'deleted account 404' 404
t_unlike 'powerd forgot robert' "$(pctl accounts srv1 list)" robert

# roles and the privilege map
rf_req admin GET /redfish/v1/AccountService/Roles/Operator
t_like 'Operator privileges' "$(jv 'd["AssignedPrivileges"]')" '"Login".*"ConfigureSelf".*"ConfigureComponents"'
t_unlike 'Operator lacks ConfigureUsers' "$(jv 'd["AssignedPrivileges"]')" ConfigureUsers
for who in readonly operator; do
	rf_req $who GET /redfish/v1/Systems/srv1
	t_status "$who can read" 200
	rf_json $who POST $AC '{"UserName":"x","Password":"x","RoleId":"ReadOnly"}'
	t_status "$who cannot create accounts" 403
	t_msgid "$who InsufficientPrivilege" InsufficientPrivilege
	rf_req $who DELETE $AC/2
	t_status "$who cannot delete accounts" 403
	rf_json $who POST /redfish/v1/Managers/bmc/LogServices/SEL/Actions/LogService.ClearLog '{}'
	t_status "$who cannot clear the SEL" 403
	rf_json $who POST /redfish/v1/EventService/Subscriptions '{"Destination":"http://127.0.0.1:9/x"}'
	t_status "$who cannot subscribe" 403
done
rf_json readonly POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_status 'readonly cannot reset' 403
rf_json readonly PATCH /redfish/v1/Systems/srv1 '{"Boot":{"BootSourceOverrideTarget":"Pxe"}}'
t_status 'readonly cannot set boot' 403
rf_json operator POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_status 'operator can reset' 204
rf_json operator PATCH /redfish/v1/Systems/srv1 '{"Boot":{"BootSourceOverrideTarget":"Pxe"}}'
t_status 'operator can set boot' 200
rf_req readonly GET $AC/2
t_status 'readonly cannot read another account' 403
rf_req readonly GET $AC/4
t_status 'readonly reads its own account' 200
rf_json readonly PATCH $AC/4 '{"RoleId":"Administrator"}'
t_status 'readonly cannot promote itself' 403
rf_json readonly PATCH $AC/4 '{"Password":"readonly2"}'
t_status 'readonly changes its own password (ConfigureSelf)' 200
rf_req readonly:readonly2 GET /redfish/v1/Systems/srv1
t_status 'new own password works' 200
rf_json operator:operator POST $SS '{"UserName":"operator","Password":"operator"}'
otok=$(hdr X-Auth-Token)
oloc=$(hdr Location)
rf_json none POST $SS '{"UserName":"admin","Password":"password"}'
aloc=$(hdr Location)
rf_req "tok:$otok" DELETE "$aloc"
t_status "operator cannot end admin's session" 403
rf_req admin DELETE "$oloc"
t_status "admin ends operator's session" 204
rf_req admin DELETE $AC/2
t_status 'the last administrator cannot be deleted' 400

t_ok 'clean exit' stop_all
done_testing
