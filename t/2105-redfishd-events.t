#!/bin/sh
# 2105-redfishd-events.t: subscriptions, push of test/power/boot/log events, loopback-only, SSE
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
rf_setup
start_as sink "$TOP/t/helper/rfhttpd.py" -o "$T/events"
: >"$T/events"
SUB=/redfish/v1/EventService/Subscriptions

rf_json admin POST $SUB "{\"Destination\":\"http://$sink_addr/ev\",\"Context\":\"ctx-1\",\"Protocol\":\"Redfish\"}"
t_status 'subscribe 201' 201
s1=$(hdr Location)
t_like 'Location' "$s1" "^$SUB/[0-9]+\$"
t_is 'Destination' "$(jv 'd["Destination"]')" "http://$sink_addr/ev"
rf_req admin GET "$s1"
t_is 'GET subscription' "$(jv 'd["Context"]')" ctx-1
rf_req admin GET $SUB
t_is 'listed' "$(jv 'd["Members@odata.count"]')" 1
rf_json admin POST $SUB '{"Context":"x"}'
t_msgid 'no Destination: PropertyMissing' PropertyMissing
rf_json admin POST $SUB '{"Destination":"ftp://127.0.0.1/x"}'
t_msgid 'not http: PropertyValueFormatError' PropertyValueFormatError
rf_json admin POST $SUB '{"Destination":"http://127.0.0.1:1/x","Protocol":"SNMPv3"}'
t_msgid 'bad Protocol' PropertyValueNotInList

# test event
rf_json admin POST /redfish/v1/EventService/Actions/EventService.SubmitTestEvent \
    '{"MessageId":"Base.1.16.0.Success","Message":"hello from the test","Severity":"OK"}'
t_status 'SubmitTestEvent 204' 204
t_ok 'test event delivered' wait_until 20 grep -q 'hello from the test' "$T/events"
t_like 'with the subscription Context' "$(grep 'hello from the test' "$T/events")" '"Context":"ctx-1"'
t_like 'an Event resource' "$(grep 'hello from the test' "$T/events")" '"@odata.type":"#Event\.v1_[0-9_]+\.Event"'

# power, boot and SEL events from powerd's stream
pctl power srv1 on >/dev/null
t_ok 'power event delivered' wait_until 20 grep -q 'PowerState of srv1 changed to On' "$T/events"
pctl boot srv1 set pxe once >/dev/null
t_ok 'boot event delivered' wait_until 20 grep -q 'boot override of srv1 changed' "$T/events"
pctl sel srv1 add 'disk on fire' >/dev/null
t_ok 'log event delivered' wait_until 20 grep -q 'disk on fire' "$T/events"

# SSE: curl reads the stream while a test event is submitted
curl -s -N -u admin:password --max-time 20 "$RF/redfish/v1/EventService/SSE" >"$T/sse" 2>/dev/null &
sse=$!
# the stream is open once redfishd sent its headers; poke until one arrives
t_ok 'SSE receives a test event' wait_until 20 sh -c "
	curl -s -o /dev/null -u admin:password -H 'Content-Type: application/json' \
	    -d '{\"Message\":\"sse ping\"}' $RF/redfish/v1/EventService/Actions/EventService.SubmitTestEvent
	grep -q 'sse ping' '$T/sse'"
t_like 'SSE framing' "$(cat "$T/sse")" '^id: [0-9]+$'
t_like 'SSE data line' "$(cat "$T/sse")" '^data: \{"@odata.type":"#Event'
kill "$sse" 2>/dev/null; wait "$sse" 2>/dev/null
rf_req none GET /redfish/v1/EventService/SSE
t_status 'SSE needs auth' 401

# destinations off loopback: accepted, never contacted
rf_json admin POST $SUB '{"Destination":"https://192.0.2.50/Destination1","Context":"far"}'
t_status 'off-loopback subscription accepted' 201
far=$(hdr Location)
rf_json admin POST /redfish/v1/EventService/Actions/EventService.SubmitTestEvent '{"Message":"not for 192.0.2.50"}'
t_ok 'refusal logged' wait_until 20 grep -q 'destination https://192.0.2.50/Destination1 not allowed' "$T/redfishd.log"

# a destination that fails twice gets the event on a retry (5 s apart)
start_as flaky "$TOP/t/helper/rfhttpd.py" -f 2 -o "$T/flaky"
rf_json admin POST $SUB "{\"Destination\":\"http://$flaky_addr/ev\",\"Context\":\"retry\"}"
fl=$(hdr Location)
rf_json admin POST /redfish/v1/EventService/Actions/EventService.SubmitTestEvent '{"Message":"third time lucky"}'
t_ok 'delivered after two refusals' wait_until 40 grep -q 'third time lucky' "$T/flaky"
t_is 'exactly once' "$(grep -c 'third time lucky' "$T/flaky")" 1
rf_req admin DELETE "$fl"

rf_req admin DELETE "$s1"
t_status 'unsubscribe 204' 204
rf_req admin GET "$s1"
t_status 'gone 404' 404
rf_req admin DELETE "$far"
n=$(wc -l <"$T/events")
rf_json admin POST /redfish/v1/EventService/Actions/EventService.SubmitTestEvent '{"Message":"after unsubscribe"}'
pctl power srv1 off >/dev/null
rf_req admin GET /redfish/v1/Systems/srv1
t_unlike 'nothing after unsubscribe' "$(cat "$T/events")" 'after unsubscribe'

t_ok 'clean exit' stop_all
done_testing
