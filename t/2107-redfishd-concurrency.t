#!/bin/sh
# 2107-redfishd-concurrency.t: 64 concurrent keep-alive connections, Basic and token, no errors
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
rf_setup
rf_json none POST /redfish/v1/SessionService/Sessions '{"UserName":"operator","Password":"operator"}'
tok=$(hdr X-Auth-Token)
i=0
: >"$T/urls"
while [ $i -lt 640 ]; do
	echo "url = \"$RF/redfish/v1/Systems/srv1\"" >>"$T/urls"
	echo 'output = "/dev/null"' >>"$T/urls"
	i=$((i + 1))
done
curl -s -Z --parallel-max 64 -u admin:password -K "$T/urls" -w '%{http_code}\n' >"$T/codes" 2>/dev/null
t_is '640 GETs over 64 connections, Basic: all 200' "$(sort "$T/codes" | uniq -c | tr -s ' ')" ' 640 200'
curl -s -Z --parallel-max 64 -H "X-Auth-Token: $tok" -K "$T/urls" -w '%{http_code}\n' >"$T/codes" 2>/dev/null
t_is '640 GETs over 64 connections, token: all 200' "$(sort "$T/codes" | uniq -c | tr -s ' ')" ' 640 200'
# writers and readers together: every reset answered, state consistent
# one data line for every url: repeated ones would be joined with '&'
echo 'data = "{\"ResetType\":\"On\"}"' >"$T/urls"
i=0
while [ $i -lt 64 ]; do
	echo "url = \"$RF/redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset\"" >>"$T/urls"
	echo 'output = "/dev/null"' >>"$T/urls"
	i=$((i + 1))
done
curl -s -Z --parallel-max 64 -u admin:password -H 'Content-Type: application/json' -K "$T/urls" -w '%{http_code}\n' >"$T/codes" 2>/dev/null
t_is '64 concurrent resets: all 204' "$(sort "$T/codes" | uniq -c | tr -s ' ')" ' 64 204'
rf_req admin GET /redfish/v1/Systems/srv1
t_is 'On' "$(jv 'd["PowerState"]')" On
t_ok 'clean exit' stop_all
done_testing
