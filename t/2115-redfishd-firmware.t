#!/bin/sh
# 2115-redfishd-firmware.t: UpdateService as a real BMC's: SimpleUpdate and the multipart push run as Tasks (202, a task monitor), the image fetched from a loopback HTTP server, staged in powerd and current after a reset; refusals and Exceptions
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl jq /usr/bin/python3
rf_setup
U=/redfish/v1/UpdateService
SU=$U/Actions/UpdateService.SimpleUpdate
FW=$U/FirmwareInventory

mkdir -p "$T/www"
head -c 100000 /dev/urandom >"$T/www/BIOS-1.1.0.bin"
{ echo 'BMCSIM-FW component=BIOS version=1.2.0'; head -c 1000 /dev/urandom; } \
    >"$T/www/image.bin"
truncate -s 65M "$T/www/BIOS-9.0.0.bin"	# past the 64 MiB cap (sparse)
start_as www "$TOP/t/helper/rfhttpd.py" -d "$T/www"

# mon URI: GET the task monitor; 0 once it no longer answers 202
mon() { rf_req admin GET "$1"; [ "$RC" != 202 ]; }
# update BODY: SimpleUpdate; the monitor in $M
update() {
	rf_json admin POST "$SU" "$1"
	M=$(hdr Location); M=${M#http*://*/}; M=/${M#/}
}

rf_req readonly GET $U
t_is 'UpdateService names the push URI' "$(jv 'd["MultipartHttpPushUri"]')" \
    $U/update-multipart
rf_req readonly GET /redfish/v1
t_is 'service root links TaskService' "$(jv 'd["Tasks"]["@odata.id"]')" \
    /redfish/v1/TaskService

update "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"TransferProtocol\":\"HTTP\"}"
t_status 'SimpleUpdate: 202 Accepted' 202
t_like 'Location: a task monitor' "$M" '^/redfish/v1/TaskService/TaskMonitors/[0-9]+$'
t_is 'the body is the Task' "$(jv 'd["@odata.type"].split(".")[0]')" '#Task'
t_ok 'the monitor ends (bounded)' wait_until 20 mon "$M"
t_status 'a done monitor: 200' 200
t_is 'TaskState Completed' "$(jv 'd["TaskState"]')" Completed
t_is 'TaskStatus OK' "$(jv 'd["TaskStatus"]')" OK
t_is 'PercentComplete 100' "$(jv 'd["PercentComplete"]')" 100
t_like 'Messages: TaskCompletedOK' "$(jv '[m["MessageId"] for m in d["Messages"]]')" 'Task\.1\.0\.[0-9]+\.TaskCompletedOK'
t_like 'StartTime and EndTime' "$(jv 'd["StartTime"] + " " + d["EndTime"]')" '^20[0-9-]+T.* 20[0-9-]+T'
tid=$(jv 'd["Id"]')
rf_req readonly GET /redfish/v1/TaskService/Tasks/$tid
t_is 'Tasks/N' "$(jv 'd["TaskState"]')" Completed
t_is 'powerd staged BIOS 1.1.0' \
    "$(pctl -j inventory srv1 | jq -r '.inventory.hw.firmware[] | select(.id=="BIOS") | .pending')" 1.1.0
rf_req readonly GET $FW/BIOS
t_unlike 'not current before a reset' "$(jv 'd["Version"]')" '^1\.1\.0$'
t_ok 'power cycle' pctl power srv1 cycle
rf_req readonly GET $FW/BIOS
t_is 'FirmwareInventory BIOS 1.1.0 after the reset' "$(jv 'd["Version"]')" 1.1.0

update "{\"ImageURI\":\"http://$www_addr/image.bin\"}"
t_status 'an image with a header, no version in its name: 202' 202
wait_until 20 mon "$M"
t_is 'the header version: Completed' "$(jv 'd["TaskState"]')" Completed
t_is 'powerd staged the header version' \
    "$(pctl -j inventory srv1 | jq -r '.inventory.hw.firmware[] | select(.id=="BIOS") | .pending')" 1.2.0

# refused before any task: no fetch (Tasks counts 5 at the end)
rf_json admin POST "$SU" '{"ImageURI":"http://192.0.2.1/BIOS-1.3.0.bin"}'
t_status 'a non-loopback ImageURI: 400' 400
t_msgid 'CouldNotEstablishConnection' CouldNotEstablishConnection
rf_json admin POST "$SU" "{\"ImageURI\":\"ftp://$www_addr/BIOS-1.3.0.bin\"}"
t_status 'ftp: 400' 400
rf_json readonly POST "$SU" "{\"ImageURI\":\"http://$www_addr/BIOS-1.3.0.bin\"}"
t_status 'ReadOnly may not update' 403

update "{\"ImageURI\":\"http://$www_addr/BIOS-7.7.7.bin\"}"
t_status 'a missing image: 202 still' 202
wait_until 20 mon "$M"
t_is 'a 404 image: Exception' "$(jv 'd["TaskState"]')" Exception
t_is 'TaskStatus Critical' "$(jv 'd["TaskStatus"]')" Critical
t_like 'TaskAborted says HTTP 404' "$(jv '[m["MessageId"] + " " + m["Message"] for m in d["Messages"]]')" 'TaskAborted.*HTTP status 404'

update "{\"ImageURI\":\"http://$www_addr/BIOS-9.0.0.bin\"}"
wait_until 20 mon "$M"
t_is 'an image past 64 MiB: Exception' "$(jv 'd["TaskState"]')" Exception
t_like 'the message says too large' "$(jv 'd["Messages"][-1]["Message"]')" 'larger than 67108864 bytes'
t_is 'nothing staged by the failures' \
    "$(pctl -j inventory srv1 | jq -r '.inventory.hw.firmware[] | select(.id=="BIOS") | .pending')" 1.2.0

# the multipart push (DSP0268 MultipartHttpPushUri)
head -c 2000 /dev/urandom >"$T/NIC0-3.1.4.img"
rf_req admin POST $U/update-multipart \
    -F "UpdateParameters={\"Targets\":[\"$FW/NIC0\"]};type=application/json" \
    -F "UpdateFile=@$T/NIC0-3.1.4.img;type=application/octet-stream"
t_status 'multipart push: 202' 202
M=$(hdr Location); M=/${M#http*://*/}
t_ok 'push monitor ends' wait_until 20 mon "$M"
t_is 'push: Completed' "$(jv 'd["TaskState"]')" Completed
t_is 'powerd staged NIC0 3.1.4' \
    "$(pctl -j inventory srv1 | jq -r '.inventory.hw.firmware[] | select(.id=="NIC0") | .pending')" 3.1.4
# a real image is megabytes: the push URI takes up to MaxImageSizeBytes
rf_req readonly GET $U
t_is 'MaxImageSizeBytes: 64 MiB' "$(jv 'd["MaxImageSizeBytes"]')" 67108864
{ printf 'BMCSIM-FW version=3.2.0 component=NIC0\n'; head -c 5000000 /dev/urandom; } >"$T/big.img"
rf_req admin POST $U/update-multipart -F "UpdateFile=@$T/big.img;type=application/octet-stream"
t_status 'a 5 MB push: 202' 202
M=$(hdr Location); M=/${M#http*://*/}
t_ok 'its monitor ends' wait_until 20 mon "$M"
t_is '5 MB push: Completed, NIC0 3.2.0 staged' "$(jv 'd["TaskState"]') $(pctl -j inventory srv1 | jq -r '.inventory.hw.firmware[] | select(.id=="NIC0") | .pending')" 'Completed 3.2.0'
# past the cap, and without credentials: answered from the headers alone,
# the body never read (the client sends none)
hdrs() {
	"$PY" - "${RF#http://}" "$@" <<'PYEOF'
import http.client, sys, base64
c = http.client.HTTPConnection(sys.argv[1], timeout=10)
c.putrequest("POST", "/redfish/v1/UpdateService/update-multipart")
c.putheader("Content-Type", "multipart/form-data; boundary=x")
c.putheader("Content-Length", sys.argv[2])
if len(sys.argv) > 3:
    c.putheader("Authorization", "Basic " + base64.b64encode(sys.argv[3].encode()).decode())
c.endheaders()
print(c.getresponse().status)
PYEOF
}
t_is 'a push past 64 MiB: 413 before its body' "$(hdrs 67108865 admin:password)" 413
t_is 'an anonymous push: 401 before its body' "$(hdrs 60000000)" 401
t_is 'a ReadOnly push: 403 before its body' "$(hdrs 60000000 readonly:readonly)" 403
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"AssetTag":"'"$(head -c 70000 /dev/zero | tr '\0' a)"'"}'
t_status 'other URIs keep the 64 KiB cap: 413' 413
rf_req admin POST $U/update-multipart -F "UpdateParameters={};type=application/json"
t_status 'a push without UpdateFile: 400' 400
rf_req readonly POST $U/update-multipart -F "UpdateFile=@$T/NIC0-3.1.4.img"
t_status 'ReadOnly may not push' 403

rf_req readonly GET /redfish/v1/TaskService/Tasks
t_is 'Tasks lists every task' "$(jv 'd["Members@odata.count"]')" 6
# two pushes being read at once, a third waits for none of them: 503
conc=$("$PY" - "${RF#http://}" <<'PYEOF'
import http.client, sys, base64, time
auth = "Basic " + base64.b64encode(b"admin:password").decode()
def start():
    c = http.client.HTTPConnection(sys.argv[1], timeout=10)
    c.putrequest("POST", "/redfish/v1/UpdateService/update-multipart")
    c.putheader("Content-Type", "multipart/form-data; boundary=x")
    c.putheader("Content-Length", "10000000")
    c.putheader("Authorization", auth)
    c.endheaders()
    c.send(b"--x\r\n")          # and then nothing: the body is being read
    return c
held = [start(), start()]
time.sleep(0.5)
third = start()
print(third.getresponse().status)
for c in held:
    c.close()
PYEOF
)
t_is 'a third push while two are being read: 503' "$conc" 503
t_ok 'once they go, a push is read again' wait_until 15 sh -c \
    "curl -s -o /dev/null -w '%{http_code}' -u admin:password -F 'UpdateFile=@$T/NIC0-3.1.4.img' $RF$U/update-multipart | grep -q 202"
rf_req readonly GET /redfish/v1/TaskService
t_is 'TaskService' "$(jv 'd["Tasks"]["@odata.id"]')" /redfish/v1/TaskService/Tasks

# a fetch that never ends (a server that accepts and never answers):
# redfishd's SIGTERM aborts it and exits cleanly, the job waited for
/usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
held = []
while True:
    held.append(s.accept())' >"$T/stall.port" &
_pids="$_pids stall:$!"
wait_until 10 test -s "$T/stall.port" || BAIL 'the stalling server did not start'
update "{\"ImageURI\":\"http://127.0.0.1:$(cat "$T/stall.port")/BIOS-7.0.0.bin\"}"
t_status 'an update from a server that never answers: 202' 202
rf_req admin GET "$M"
t_status 'its task runs' 202
stop redfishd
t_is 'SIGTERM during the fetch: redfishd exits 0' $? 0
t_unlike 'no job left behind' "$(cat "$T/redfishd.log")" 'still running at exit'
kill9 stall

t_ok 'clean exit' stop_all
done_testing
