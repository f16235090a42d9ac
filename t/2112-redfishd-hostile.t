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

# 2. input validation (issue 10 item 14)
nulbody='{"UserName":"admin\u0000x","Password":"password"}'
rf_json none POST $SS "$nulbody"
t_status 'NUL (\u0000) inside UserName: 400' 400
t_msgid 'NUL: MalformedJSON' MalformedJSON
rf_json none POST $SS '{"UserName":"admin","Password":"password\u0000junk"}'
t_status 'NUL inside Password: 400' 400
printf 'admin\0x:password' | base64 >"$T/b64"
rf_req none GET $SYS -H "Authorization: Basic $(cat "$T/b64")"
t_status 'Basic with a NUL in the user name: 401' 401
printf 'admin:password\0x' | base64 >"$T/b64"
rf_req none GET $SYS -H "Authorization: Basic $(cat "$T/b64")"
t_status 'Basic with a NUL in the password: 401' 401
rf_json none POST $SS '{"UserName":"nobody","UserName":"admin","Password":"password"}'
t_status 'duplicate key: 400' 400
t_msgid 'duplicate key: MalformedJSON' MalformedJSON
rf_json admin PATCH $SYS '{"Boot":{"BootSourceOverrideTarget":"Pxe","BootSourceOverrideTarget":"Hdd"}}'
t_status 'duplicate key in a PATCH: 400' 400
rf_json admin PATCH $SYS '{"Boot":{"BootSourceOverrideTarget":"Hdd"}} {"x":1}'
t_status 'trailing data after a PATCH body: 400' 400
t_msgid 'trailing data: MalformedJSON' MalformedJSON
rf_req admin GET $SYS
t_is 'the refused PATCH changed nothing' "$(jv 'd["Boot"]["BootSourceOverrideTarget"]')" Pxe
rf_json admin POST $SYS/Actions/ComputerSystem.Reset '{"ResetType":"On"}garbage'
t_status 'trailing garbage after an action body: 400' 400
printf '{"UserName":"adm\377in","Password":"x"}' >"$T/bad8"
rf_req none POST $SS -H 'Content-Type: application/json' --data-binary @"$T/bad8"
t_status 'invalid UTF-8 in a body: 400' 400
utf8ok() { "$PY" -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/body"; }
t_ok 'that error body is valid UTF-8' utf8ok
rf_req admin GET '/redfish/v1/Systems/%FF%FEx%C0%80'
t_status 'a path with invalid UTF-8: 404' 404
t_ok 'its error body is valid UTF-8' utf8ok
t_is 'the bytes are replaced by U+FFFD, not dropped' "$(jv '[a for a in d["error"]["@Message.ExtendedInfo"][0]["MessageArgs"] if "x" in a][0].count(chr(0xfffd))')" 4
long=$("$PY" -c 'print("a" * 5000)')
rf_json none POST $SS "{\"UserName\":\"$long\",\"Password\":\"password\"}"
t_status 'a 5000-byte UserName: 401, not 503' 401
rf_json none POST $SS "{\"UserName\":\"admin\",\"Password\":\"$long\"}"
t_status 'a 5000-byte Password: 401, not 503' 401
rf_req "$long:password" GET $SYS
t_status 'a 5000-byte Basic user name: 401' 401
rf_json admin POST /redfish/v1/AccountService/Accounts "{\"UserName\":\"$long\",\"Password\":\"x1234567\",\"RoleId\":\"ReadOnly\"}"
t_like 'creating an account with a 5000-byte name: 400' "$RC" '^400$'
rf_json admin PATCH /redfish/v1/AccountService/Accounts/4 "{\"Password\":\"$long\"}"
t_like 'a 5000-byte new password: 400' "$RC" '^400$'
rf_req none GET $SYS
t_status 'redfishd still answers' 401
# a browser holding Basic credentials sends forms, not JSON
rf_req admin POST $SYS/Actions/ComputerSystem.Reset --data-binary '{"ResetType":"On"}' -H 'Content-Type: text/plain'
t_status 'POST as text/plain: 415' 415
t_msgid 'UnsupportedMediaType' UnsupportedMediaType
rf_req admin POST /redfish/v1/Managers/bmc/LogServices/SEL/Actions/LogService.ClearLog
t_status 'POST without a body or Content-Type: 415' 415
rf_req admin PATCH $SYS --data-binary '{"Boot":{"BootSourceOverrideTarget":"Hdd"}}'
t_status 'PATCH with a form Content-Type: 415' 415
rf_req admin PATCH $SYS --data-binary '{"Boot":{"BootSourceOverrideTarget":"Hdd"}}' -H 'Content-Type:'
t_status 'PATCH without Content-Type: 415' 415
rf_req none POST $SS --data-binary '{"UserName":"admin","Password":"password"}' -H 'Content-Type:'
t_status 'login without Content-Type: 415' 415
rf_req admin POST /redfish/v1/Managers/bmc/LogServices/SEL/Actions/LogService.ClearLog -H 'Content-Type: application/json; charset=utf-8' --data-binary '{}'
t_status 'application/json with a charset is fine' 204
# without credentials only the public documents are answered
for p in /redfish/v1/Nonexistent /redfish/v1/Systems/srv1/Nope /redfish/nope /redfish/v1/Systems/nosuch; do
	rf_req none GET "$p"
	t_status "unknown $p without credentials: 401" 401
	t_is "  with WWW-Authenticate" "$(hdr WWW-Authenticate)" 'Basic realm="bmcsim"'
done
rf_req none DELETE /redfish/v1/Systems
t_status 'a method not allowed, without credentials: 401' 401
rf_req admin GET /redfish/v1/Nonexistent
t_status 'unknown path with credentials: 404' 404
for p in /redfish /redfish/v1 /redfish/v1/ '/redfish/v1/$metadata' /redfish/v1/odata; do
	rf_req none GET "$p"
	t_status "$p stays public" 200
done
alive 'redfishd alive after the malformed requests'

# 3. powerd restarts: stale pooled connections are retried, never 503 (item 12)
: >"$T/urls"
for p in Systems/srv1 Chassis/srv1 Managers/bmc Managers/bmc/LogServices/SEL/Entries AccountService/Accounts; do
	i=0
	while [ $i -lt 8 ]; do
		echo "url = \"$RF/redfish/v1/$p\"" >>"$T/urls"
		echo 'output = "/dev/null"' >>"$T/urls"
		i=$((i + 1))
	done
done
codes() { curl -s -Z --parallel-max 16 -u admin:password -K "$T/urls" -w '%{http_code}\n' 2>/dev/null | sort | uniq -c | tr -s ' '; }
t_is 'before: 40 parallel GETs all 200 (the pool fills)' "$(codes)" ' 40 200'
for round in 1 2; do
	t_ok "powerd stops cleanly (round $round)" stop powerd
	start_powerd
	t_is "after powerd restart $round: 40 parallel GETs all 200, no 503" "$(codes)" ' 40 200'
	rf_json none POST $SS '{"UserName":"operator","Password":"operator"}'
	t_status "  and a login works at once" 201
done

# 4. slow and idle clients (item 7): a request head has 3 s, and there
# are workers enough that they cannot starve an authenticated GET
"$PY" - 127.0.0.1 "$(port_of "${redfishd_addr%% *}")" >"$T/dl" <<'PY'
import socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
idle = socket.create_connection((host, port))
slow = socket.create_connection((host, port))
slow.sendall(b'GET /redfish/v1 HTTP/1.1\r\nHost: x\r\n')
t0 = time.monotonic()
out = {}
for name, s in (('idle', idle), ('slow', slow)):
    s.setblocking(False)
while len(out) < 2 and time.monotonic() - t0 < 30:
    for name, s in (('idle', idle), ('slow', slow)):
        if name in out:
            continue
        try:
            if s.recv(4096) == b'':
                out[name] = time.monotonic() - t0
        except BlockingIOError:
            pass
        except OSError:
            out[name] = time.monotonic() - t0
        if name == 'slow' and name not in out:
            try:
                s.send(b'X: y\r\n')
            except OSError:
                out[name] = time.monotonic() - t0
    time.sleep(0.5)
print('%.1f %.1f' % (out.get('idle', 99), out.get('slow', 99)))
PY
read -r t_idle t_slow <"$T/dl"
t_ok "an idle connection is closed within 5 s (took $t_idle s)" awk "BEGIN { exit !($t_idle >= 2.5 && $t_idle <= 5) }"
t_ok "a head trickled every 0.5 s is closed within 6.5 s (took $t_slow s)" awk "BEGIN { exit !($t_slow >= 2.5 && $t_slow <= 6.5) }"
# a body trickled a byte every 0.5 s (each read in time) holds its worker
# no longer than WEB_BODY_MS plus its length at WEB_BODY_BPS
cat >"$T/trickle.py" <<'PY'
import base64, socket, sys, time
host, port, method, path, length = sys.argv[1:6]
s = socket.create_connection((host, int(port)))
auth = base64.b64encode(b'admin:password').decode()
s.sendall(('%s %s HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\n'
           'Content-Type: application/octet-stream\r\n'
           'Content-Length: %s\r\n\r\n' % (method, path, auth, length)).encode())
t0 = time.monotonic()
s.setblocking(False)
got = b''
while time.monotonic() - t0 < 40:
    try:
        d = s.recv(4096)
        if d == b'':
            break
        got += d
        if b'\r\n\r\n' in got:
            break
    except BlockingIOError:
        pass
    except OSError:
        break
    try:
        s.send(b' ')
    except OSError:
        pass
    time.sleep(0.5)
print('%.1f %s' % (time.monotonic() - t0, got.split(b' ')[1].decode() if b' ' in got else '-'))
PY
rfport=$(port_of "${redfishd_addr%% *}")
"$PY" "$T/trickle.py" 127.0.0.1 "$rfport" PATCH /redfish/v1/Systems/srv1 1000 >"$T/tb"
read -r t_body st_body <"$T/tb"
t_is 'a trickled body: 408' "$st_body" 408
t_ok "a trickled body is cut after 10 s (took $t_body s)" awk "BEGIN { exit !($t_body >= 9.5 && $t_body <= 14) }"
# a pushed image too (authenticated): 10 s + 2 MB at 64 kB/s = 42 s
# would be long; 200 kB: 13 s
"$PY" "$T/trickle.py" 127.0.0.1 "$rfport" POST /redfish/v1/UpdateService/update-multipart 200000 >"$T/tb"
read -r t_body st_body <"$T/tb"
t_is 'a trickled push: 408' "$st_body" 408
t_ok "a trickled push is cut after 13 s (took $t_body s)" awk "BEGIN { exit !($t_body >= 12.5 && $t_body <= 18) }"
"$PY" "$TOP/t/helper/rfhostile.py" 127.0.0.1 "$(port_of "${redfishd_addr%% *}")" 60 60 4 4 >"$T/hostile"
sum=$(tail -n 1 "$T/hostile")
diag "$(cat "$T/hostile")"
# held at once while the GETs ran (a snapshot at the end raced the
# re-opening of those redfishd had just closed), and re-opened
t_ok 'slowloris and idle connections were held (40 of 60 at least at once), and re-opened' \
    awk '$1 == "peak" { split($2, a, "/"); split($4, b, "/")
	held = a[1] >= 40 && b[1] >= 40 }
	$1 == "held" { r = $7 + 0 }
	END { exit !(held && r > 0) }' "$T/hostile"
t_like 'meanwhile every authenticated GET answered 200' "$sum" 'gets 4 .*; failed 0$'
t_ok 'each within 1 s' awk '/^get / && $2 > 1000 { bad = 1 } END { exit bad }' "$T/hostile"
alive 'redfishd alive after the slow clients'

# 5. the least privileged cannot take every slot (item 10)
: >"$T/codes"
i=0
while [ $i -lt 64 ]; do
	rf_json none POST $SS '{"UserName":"readonly","Password":"readonly"}'
	echo "$RC" >>"$T/codes"
	i=$((i + 1))
done
t_is 'ReadOnly asking for 64 sessions gets 16' "$(sort "$T/codes" | uniq -c | tr -s ' ')" ' 16 201
 48 503'
rf_json none POST $SS '{"UserName":"operator","Password":"operator"}'
t_status 'another user still logs in' 201
rf_json none POST $SS '{"UserName":"admin","Password":"password"}'
t_status 'and the administrator' 201

# SSE and /console0 share 8 slots: 4 per user, the last 2 for
# Administrators, and a slot is free again as soon as its reader goes
sse_open() {	# WHO NAME: start a reader, print its status
	curl -s -N -u "$1:$(cat "$T/pw.$1")" -D "$T/sse.$2" -o /dev/null \
	    "$RF/redfish/v1/EventService/SSE" >/dev/null 2>&1 &
	echo $! >"$T/pid.$2"	# (this runs in a command substitution)
	wait_until 10 grep -q '^HTTP/' "$T/sse.$2"
	sed -n 's/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$T/sse.$2"
}
codes=
for n in 1 2 3 4 5; do codes="$codes $(sse_open readonly r$n)"; done
t_is 'ReadOnly opens 4 SSE streams, the 5th is refused' "$codes" ' 200 200 200 200 503'
t_is 'an operator opens 2 more' "$(sse_open operator o1) $(sse_open operator o2)" '200 200'
t_is 'but not one of the 2 kept for Administrators' "$(sse_open operator o3)" 503
t_is 'the administrator gets one' "$(sse_open admin a1)" 200
kill "$(cat "$T/pid.r1")" "$(cat "$T/pid.r2")"
t_ok 'a slot is free again within 3 s of its reader going' wait_until 3 sh -c "
	curl -s -N -u operator:operator -D '$T/sse.o4' -o /dev/null --max-time 1 '$RF/redfish/v1/EventService/SSE'
	grep -q '^HTTP/1.1 200' '$T/sse.o4'"
for p in "$T"/pid.*; do kill "$(cat "$p")" 2>/dev/null; done

t_ok 'clean exit' stop_all
done_testing
