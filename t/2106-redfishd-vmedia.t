#!/bin/sh
# 2106-redfishd-vmedia.t: InsertMedia checks the URL (reachable, loopback only) before powerd sees it
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl
rf_setup
mkdir -p "$T/www"
printf 'not really an ISO\n' >"$T/www/boot.iso"
start_as www "$TOP/t/helper/rfhttpd.py" -d "$T/www"
CD=/redfish/v1/Managers/bmc/VirtualMedia/Cd
ins() { rf_json admin POST $CD/Actions/VirtualMedia.InsertMedia "$1"; }

ins "{\"Image\":\"http://$www_addr/missing.iso\"}"
t_status 'missing image 400' 400
t_msgid 'CouldNotEstablishConnection' CouldNotEstablishConnection
t_like 'says why' "$(jv 'd["error"]["message"]')" '404'
ins '{"Image":"http://127.0.0.1:1/x.iso"}'
t_status 'nothing listening 400' 400
t_like 'says why' "$(jv 'd["error"]["message"]')" '[Cc]onnect'
ins '{"Image":"http://192.0.2.1/x.iso"}'
t_status 'off loopback refused 400' 400
t_like 'says loopback' "$(jv 'd["error"]["message"]')" 'loopback'
ins '{"Image":"file:///etc/passwd"}'
t_status 'file: refused' 400
ins '{"Inserted":true}'
t_msgid 'no Image: ActionParameterMissing' ActionParameterMissing
ins "{\"Image\":\"http://$www_addr/boot.iso\",\"Floppy\":1}"
t_msgid 'unknown parameter' ActionParameterNotSupported
t_like 'powerd untouched' "$(pctl status srv1)" 'media: +none'
ins "{\"Image\":\"http://$www_addr/boot.iso\",\"Inserted\":true,\"WriteProtected\":true}"
t_status 'insert 204' 204
rf_req admin GET $CD
t_is 'Inserted' "$(jv 'd["Inserted"]')" true
t_is 'Image' "$(jv 'd["Image"]')" "http://$www_addr/boot.iso"
t_is 'ImageName' "$(jv 'd["ImageName"]')" boot.iso
t_is 'ConnectedVia' "$(jv 'd["ConnectedVia"]')" URI
t_like 'powerd has it' "$(pctl status srv1)" "media: +.*boot.iso"
# the sim host boots from it when the override says Cd
rf_json admin PATCH /redfish/v1/Systems/srv1 '{"Boot":{"BootSourceOverrideTarget":"Cd","BootSourceOverrideEnabled":"Once"}}'
rf_json admin POST /redfish/v1/Systems/srv1/Actions/ComputerSystem.Reset '{"ResetType":"On"}'
t_status 'power on with Cd once' 204
rf_json admin POST $CD/Actions/VirtualMedia.EjectMedia '{}'
t_status 'eject 204' 204
rf_req admin GET $CD
t_is 'ejected' "$(jv 'd["Inserted"]')" false
t_is 'Image null' "$(jv 'd["Image"]')" null
rf_json operator POST $CD/Actions/VirtualMedia.EjectMedia '{}'
t_status 'operator cannot eject (ConfigureManager)' 403

t_ok 'clean exit' stop_all
done_testing
