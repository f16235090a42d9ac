#!/bin/sh
# 2100-redfishd-resources.t: every resource with curl; protocol rules and error bodies
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
rf_setup

# /redfish, service root, $metadata, odata (no authentication needed)
rf_req none GET /redfish
t_status '/redfish 200' 200
t_is '/redfish is exactly {"v1":"/redfish/v1/"}' "$(cat "$T/body")" '{"v1":"/redfish/v1/"}'
rf_req none GET /redfish/v1/
t_status 'service root without auth' 200
t_is 'root @odata.id' "$(jv 'd["@odata.id"]')" /redfish/v1
t_like 'root type' "$(jv 'd["@odata.type"]')" '^#ServiceRoot\.v1_'
t_is 'root links Sessions' "$(jv 'd["Links"]["Sessions"]["@odata.id"]')" /redfish/v1/SessionService/Sessions
t_like 'root UUID' "$(jv 'd["UUID"]')" '^[0-9a-f]{8}-'
t_is 'OData-Version header' "$(hdr OData-Version)" 4.0
rf_req none GET /redfish/v1
t_status 'root without the slash' 200
rf_req none GET '/redfish/v1/$metadata'
t_status '$metadata 200' 200
t_like '$metadata is XML' "$(hdr Content-Type)" '^application/xml'
t_like '$metadata references DMTF CSDL' "$(cat "$T/body")" 'edmx:Reference Uri="http://redfish.dmtf.org/schemas/v1/ComputerSystem_v1.xml"'
t_like '$metadata service container' "$(cat "$T/body")" 'EntityContainer Name="Service" Extends="ServiceRoot.v1_[0-9_]+.ServiceContainer"'
rf_req none GET /redfish/v1/odata
t_status 'odata 200' 200
t_like 'odata lists Systems' "$(jv '[v["url"] for v in d["value"]]')" '"/redfish/v1/Systems"'

# every resource reachable from the root answers with its own @odata.id
"$PY" "$TOP/t/helper/rfcrawl.py" "$RF" admin password >"$T/crawl" 2>&1
t_is 'crawl: no bad resources' "$(grep -c '^bad' "$T/crawl")" 0
t_like 'crawl: visited 40 or more' "$(tail -n 1 "$T/crawl")" 'visited ([4-9][0-9]|[1-9][0-9][0-9])$'
grep '^bad' "$T/crawl" | head -n 20 | sed 's/^/# /'
for p in /Systems/srv1 /Chassis/srv1/Thermal \
    /Chassis/srv1/Power /Chassis/srv1/Sensors /Chassis/srv1/ThermalSubsystem \
    /Chassis/srv1/PowerSubsystem /Managers/bmc/NetworkProtocol \
    /Managers/bmc/LogServices/SEL/Entries /Managers/bmc/VirtualMedia/Cd \
    /SessionService/Sessions /AccountService/Roles/Operator \
    /EventService/Subscriptions /TaskService/Tasks; do
	t_like "crawl reached $p" "$(cat "$T/crawl")" "^ok /redfish/v1$p\$"
done

# the System
rf_req admin GET /redfish/v1/Systems/srv1
t_status 'System 200' 200
t_like 'System type' "$(jv 'd["@odata.type"]')" '^#ComputerSystem\.v1_'
t_is 'System context' "$(jv 'd["@odata.context"]')" '/redfish/v1/$metadata#ComputerSystem.ComputerSystem'
t_is 'seven ResetTypes' "$(jv 'd["Actions"]["#ComputerSystem.Reset"]["ResetType@Redfish.AllowableValues"]')" \
    '["On", "ForceOff", "GracefulShutdown", "GracefulRestart", "ForceRestart", "PowerCycle", "Nmi"]'
t_is 'ActionInfo linked' "$(jv 'd["Actions"]["#ComputerSystem.Reset"]["@Redfish.ActionInfo"]')" /redfish/v1/Systems/srv1/ResetActionInfo
t_like 'Boot allowable targets' "$(jv 'd["Boot"]["BootSourceOverrideTarget@Redfish.AllowableValues"]')" '"Pxe".*"Cd".*"UefiTarget"'
t_like 'ProcessorSummary' "$(jv 'd["ProcessorSummary"]["Count"]')" '^[0-9]+$'
t_like 'MemorySummary' "$(jv 'd["MemorySummary"]["TotalSystemMemoryGiB"]')" '^[0-9.]+$'
t_like 'UUID' "$(jv 'd["UUID"]')" '^[0-9a-f-]{36}$'
t_like 'IndicatorLED' "$(jv 'd["IndicatorLED"]')" '^(Off|Lit|Blinking)$'
t_is 'LocationIndicatorActive' "$(jv 'd["LocationIndicatorActive"]')" false
etag=$(hdr ETag)
t_like 'System ETag header' "$etag" '^W/"[0-9a-f]{16}"$'
t_is '@odata.etag matches ETag' "$(jv 'd["@odata.etag"]')" "$etag"
t_is 'Allow on GET' "$(hdr Allow)" 'GET, HEAD, PATCH'
rf_req admin HEAD /redfish/v1/Systems/srv1
t_status 'HEAD 200' 200
t_like 'HEAD gives the length' "$(hdr Content-Length)" '^[1-9][0-9]+$'
t_unlike 'HEAD has no body' "$(cat "$T/body")" '@odata'
rf_req admin GET /redfish/v1/Systems/srv1/ResetActionInfo
t_status 'ActionInfo 200' 200
t_like 'ActionInfo lists ResetType values' "$(jv 'd["Parameters"][0]["AllowableValues"]')" '"PowerCycle", "Nmi"'
rf_req admin GET /redfish/v1/Systems/nope
t_status 'unknown System 404' 404
t_msgid 'unknown System ResourceNotFound' ResourceNotFound

# ETags and If-Match (DSP0266 "Conditional requests")
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"IndicatorLED":"Lit"}' -H 'If-Match: W/"0000000000000000"'
t_status 'stale If-Match 412' 412
t_msgid 'stale If-Match PreconditionFailed' PreconditionFailed
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"IndicatorLED":"Lit"}' -H "If-Match: $etag"
t_status 'current If-Match 200' 200
t_is 'IndicatorLED now Lit' "$(jv 'd["IndicatorLED"]')" Lit
t_is 'LocationIndicatorActive follows' "$(jv 'd["LocationIndicatorActive"]')" true
t_unlike 'ETag changed' "$(hdr ETag)" "^$etag\$"
t_like 'powerd sees identify on' "$(pctl status srv1)" 'identify: +on'
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"LocationIndicatorActive":false}'
t_is 'LocationIndicatorActive false -> Off' "$(jv 'd["IndicatorLED"]')" Off

# errors, each with the standard body
rf_req admin GET /redfish/v1/NoSuchThing
t_status '404' 404
t_like '404 has error.code' "$(jv 'd["error"]["code"]')" '^Base\.'
t_like '404 has error.message' "$(jv 'd["error"]["message"]')" 'not found'
t_msgid '404 ResourceNotFound' ResourceNotFound
rf_req admin DELETE /redfish/v1/Systems/srv1
t_status 'DELETE System 405' 405
t_is '405 Allow' "$(hdr Allow)" 'GET, HEAD, PATCH'
t_like '405 has a body' "$(jv 'd["error"]["code"]')" '^Base\.'
rf_req admin PUT /redfish/v1/Systems/srv1 -d '{}'
t_status 'PUT 405' 405
rf_req admin FAKEMETHODFORTEST /redfish/v1/
t_status 'unknown method 501' 501
rf_req admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset -d 'ResetType=On'
t_status 'form Content-Type 415' 415
t_msgid '415 UnsupportedMediaType' UnsupportedMediaType
# patch_400 BODY DESC MSGID: PATCH srv1 with BODY, expect 400 and MSGID
patch_400() {
	rf_json admin PATCH /redfish/v1/Systems/srv1 "$1"
	t_status "$2" 400
	t_msgid "$3" "$3"
}
patch_400 '{"Boot": {' 'malformed JSON 400' MalformedJSON
patch_400 '{"Frobnicate":1}' 'unknown property 400' PropertyUnknown
patch_400 '{"PowerState":"Off"}' 'read-only property 400' PropertyNotWritable
patch_400 '{"Boot":{"BootSourceOverrideTarget":"Moon"}}' 'bad enum 400' \
    PropertyValueNotInList
t_like 'names the property' "$(jv 'd["error"]["@Message.ExtendedInfo"][0]["MessageArgs"]')" 'Boot/BootSourceOverrideTarget'
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"LocationIndicatorActive":"yes"}'
t_msgid 'wrong type PropertyValueTypeError' PropertyValueTypeError
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"Frobnicate":1,"UUID":"x"}'
t_is 'every problem listed' "$(jv 'len(d["error"]["@Message.ExtendedInfo"])')" 2
rf_json admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{}'
t_status 'missing ResetType 400' 400
t_msgid 'ActionParameterMissing' ActionParameterMissing
rf_json admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On","Force":true}'
t_msgid 'ActionParameterNotSupported' ActionParameterNotSupported
rf_json admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"Explode"}'
t_msgid 'ActionParameterValueNotInList' ActionParameterValueNotInList
head -c 70000 /dev/zero | tr '\0' ' ' >"$T/big"
rf_req admin PATCH /redfish/v1/Systems/srv1 -H 'Content-Type: application/json' --data-binary @"$T/big"
t_status 'oversized body 413' 413
rf_req admin GET /redfish/v1/Systems/srv1 -H 'OData-Version: 5.0'
t_status 'OData-Version 5.0 412' 412
rf_req none GET /redfish/v1/Systems/srv1
t_status 'no credentials 401' 401
t_like '401 WWW-Authenticate' "$(hdr WWW-Authenticate)" '^Basic'
t_msgid '401 body' NoValidSession
rf_req admin:wrong GET /redfish/v1/Systems/srv1
t_status 'wrong password 401' 401
rf_req tok:0123 GET /redfish/v1/Systems/srv1
t_status 'bogus token 401' 401

# powerd away: 503, and back
kill9 powerd
rf_req admin GET /redfish/v1/Systems/srv1
t_status 'powerd down: 503 (cached credentials)' 503
t_msgid '503 ServiceTemporarilyUnavailable' ServiceTemporarilyUnavailable
rf_req none GET /redfish/v1/
t_status 'root still served without powerd' 200
start_powerd
wait_until 20 sh -c "curl -s -o /dev/null -w '%{http_code}' -u admin:password $RF/redfish/v1/Systems/srv1 | grep -q 200"
rf_req admin GET /redfish/v1/Systems/srv1
t_status 'powerd back: 200' 200

t_ok 'clean exit' stop_all
done_testing
