#!/bin/sh
# 2111-redfishd-hw.t: the hardware model over Redfish (curl and python3-sushy): inventory, storage, BIOS, secure boot, boot order
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl /usr/bin/python3
"$PY" -c 'import sushy' 2>/dev/null || need python3-sushy-module
lab_sim 1
start_powerd
# XXX #11: until powerd has the "hw" op, a fixture answers it from a sample
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
RF=http://${redfishd_addr%% *}
RFS=https://${redfishd_addr##* }
S=/redfish/v1/Systems/srv1

rf_req readonly GET "$S"
t_status 'System' 200
t_like 'ProcessorSummary from the model' "$(jv 'd["ProcessorSummary"]["Count"] > 0 and d["ProcessorSummary"]["CoreCount"] >= d["ProcessorSummary"]["Count"]')" true
t_like 'MemorySummary from the model' "$(jv 'd["MemorySummary"]["TotalSystemMemoryGiB"] > 0')" true
t_like 'BootOrder' "$(jv 'len(d["Boot"]["BootOrder"]) > 0')" true
orig0=$(jv 'd["Boot"]["BootOrder"][0]')
order=$(jv '",".join(reversed(d["Boot"]["BootOrder"]))')
first=$(jv 'd["Boot"]["BootOrder"][-1]')
rf_req readonly GET "$S/Processors"
t_status 'Processors' 200
cpu=$(jv 'd["Members"][0]["@odata.id"]')
rf_req readonly GET "$cpu"
t_like 'processor core count' "$(jv 'd["TotalCores"] > 0')" true
rf_req readonly GET "$S/Bios/Settings"
t_status 'Bios/Settings' 200
rf_json readonly PATCH "$S/Bios/Settings" '{"Attributes":{"NumLock":false}}'
t_status 'ReadOnly may not PATCH Settings' 403
rf_json admin PATCH "$S/Bios/Settings" '{"Attributes":{"NoSuchKnob":1}}'
t_status 'unknown attribute 400' 400
t_msgid 'PropertyUnknown' PropertyUnknown
rf_json admin PATCH "$S/Bios/Settings" '{"Attributes":{"BootMode":"Floppy"}}'
t_msgid 'PropertyValueNotInList' PropertyValueNotInList
rf_json admin PATCH "$S" "{\"Boot\":{\"BootOrder\":[$(echo "$order" | sed 's/[^,]*/"&"/g')]}}"
t_status 'PATCH Boot.BootOrder' 200
t_is 'new order shown' "$(jv 'd["Boot"]["BootOrder"][0]')" "$first"
rf_json admin POST "$S/Actions/ComputerSystem.SetDefaultBootOrder" '{}'
t_status 'SetDefaultBootOrder' 204
rf_req readonly GET "$S"
t_is 'default order back' "$(jv 'd["Boot"]["BootOrder"][0]')" "$orig0"
rf_req readonly GET /redfish/v1/Chassis/srv1/Power
t_like 'legacy PowerSupplies' "$(jv 'len(d["PowerSupplies"]) > 0 and d["PowerSupplies"][0]["PowerCapacityWatts"] > 0')" true
rf_req readonly GET /redfish/v1/UpdateService/FirmwareInventory
t_like 'FirmwareInventory' "$(jv 'd["Members@odata.count"] > 0')" true
rf_json admin PATCH "$S" '{"Boot":{"HttpBootUri":"http://127.0.0.1/boot.efi"}}'
t_status 'PATCH Boot.HttpBootUri' 200
t_is 'HttpBootUri shown' "$(jv 'd["Boot"]["HttpBootUri"]')" http://127.0.0.1/boot.efi
mkdir -p "$T/www"
head -c 4096 /dev/urandom >"$T/www/BIOS-1.1.0.bin"
start_as www "$TOP/t/helper/rfhttpd.py" -d "$T/www"
rf_json admin POST /redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate \
    "{\"ImageURI\":\"http://$www_addr/BIOS-1.1.0.bin\",\"TransferProtocol\":\"HTTP\"}"
t_status 'SimpleUpdate: a task (t/2112 follows it)' 202
rf_json admin POST /redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate \
    '{"ImageURI":"http://192.0.2.1/BIOS-9.9.9.bin"}'
t_status 'SimpleUpdate off loopback' 400
t_msgid 'CouldNotEstablishConnection' CouldNotEstablishConnection

env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE \
    "$PY" "$TOP/t/helper/rfsushyhw.py" "$RFS" admin password >"$T/sushy" 2>&1
t_is 'sushy ran' "$(tail -n 1 "$T/sushy")" done
o=$(cat "$T/sushy")
t_like 'processors summary' "$o" '^processors: [1-9][0-9]* .*(X86|ARM|x86)'
t_like 'cpu0' "$o" '^cpu0: (ProcessorType\.)?(CPU|central).* cores=[1-9]'
t_like 'memory GiB' "$o" '^memory summary GiB: [1-9]'
t_like 'MACs' "$o" '^macs: ([0-9a-f]{2}:){5}[0-9a-f]{2}'
t_like 'SimpleStorage sizes' "$o" '^simple disks: \[[1-9]'
t_like 'Storage drive sizes' "$o" '^storage drives: \[[1-9]'
t_like 'volume created (201)' "$o" '^created: Volume[0-9]+ '
t_like 'BIOS attribute' "$o" '^bios BootMode: [A-Za-z]'
t_like 'BIOS pending' "$o" '^bios pending NumLock: False$'
t_like 'attribute registry' "$o" '^registry: BiosAttributeRegistry [1-9]'
t_like 'secure boot' "$o" '^secure boot asked: True$'
grep -v '^[a-zA-Z0-9 ]*:' "$T/sushy" | head -n 20 | sed 's/^/# /'

t_ok 'clean exit' stop_all
done_testing
