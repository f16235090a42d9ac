#!/bin/sh
# 2112-redfishd-hostile.t: hostile requests (deep JSON, malformed input, stale powerd connections, slow and idle clients) never take redfishd down
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
lab_sim 1
rf_setup
SS=/redfish/v1/SessionService/Sessions
SYS=/redfish/v1/Systems/srv1

alive() {
	if kill -0 "$redfishd_pid" 2>/dev/null; then pass "$1"; else
		fail "$1" "redfishd (pid $redfishd_pid) is gone"
		BAIL "redfishd died"
	fi
}

# 1. nesting is bounded before cJSON recurses (issue 10 item 1)
"$PY" -c "import sys; sys.stdout.write('[' * 900 + ']' * 900)" >"$T/deep"
rf_req none POST $SS -H 'Content-Type: application/json' --data-binary @"$T/deep"
t_status 'unauthenticated login with 900 nested arrays: 400' 400
t_msgid 'MalformedJSON' MalformedJSON
alive 'redfishd survives 900 nested arrays'
"$PY" -c "import sys; sys.stdout.write('{\"Boot\":' * 800 + '1' + '}' * 800)" >"$T/deep"
rf_req admin PATCH $SYS -H 'Content-Type: application/json' --data-binary @"$T/deep"
t_status 'authenticated PATCH nested 800 deep: 400' 400
t_msgid 'PATCH MalformedJSON' MalformedJSON
alive 'redfishd survives a PATCH nested 800 deep'
"$PY" -c "import sys; sys.stdout.write('{\"ResetType\":' + '[' * 33 + '\"On\"' + ']' * 33 + '}')" >"$T/deep"
rf_req admin POST $SYS/Actions/ComputerSystem.Reset -H 'Content-Type: application/json' --data-binary @"$T/deep"
t_status 'action body 34 deep: 400' 400
t_msgid 'action MalformedJSON' MalformedJSON
"$PY" -c "import sys; sys.stdout.write('{\"Destination\":\"http://127.0.0.1:9/\",\"Context\":' + '[' * 40 + ']' * 40 + '}')" >"$T/deep"
rf_req admin POST /redfish/v1/EventService/Subscriptions -H 'Content-Type: application/json' --data-binary @"$T/deep"
t_status 'subscription body 41 deep: 400' 400
"$PY" -c "import sys; sys.stdout.write('{\"UserName\":\"x\",\"Password\":\"y\",\"RoleId\":' + '{\"a\":' * 40 + '1' + '}' * 40 + '}')" >"$T/deep"
rf_req admin POST /redfish/v1/AccountService/Accounts -H 'Content-Type: application/json' --data-binary @"$T/deep"
t_status 'account body 41 deep: 400' 400
rf_json admin PATCH $SYS '{"Boot":{"BootSourceOverrideTarget":"Pxe"}}'
t_status 'an ordinary PATCH still works' 200
alive 'redfishd alive after the deep bodies'

t_ok 'clean exit' stop_all
done_testing
