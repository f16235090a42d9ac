#!/bin/sh
# 1560-ipmid-inventory.t: FRU chassis/board/product areas and the system GUID say what Redfish says (serial, model, manufacturer, part, UUID from the lab file)
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl ipmitool bmc-info ipmi-fru
lab_sim 1
U=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
# the inventory strings of srv1, in place of lab_sim's serial
awk -v u="$U" '/^	serial BMCSIM0001$/ {
	print "	serial SN-XYZ-42"; print "	uuid " u
	print "	model \"R9-Test Server\""; print "	manufacturer \"Acme Servers\""
	print "	part PN-7788"; next } { print }' "$T/lab.conf" >"$T/lab.new"
mv "$T/lab.new" "$T/lab.conf"
rf_setup
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }
fi_() { _c=$1; shift; timeout 60 "$_c" -h "127.0.0.1:$P" -u admin -p password "$@"; }
out() { cat "$T/out"; }

rf_req admin GET /redfish/v1/Systems/srv1
t_status 'Redfish system' 200
t_is 'Redfish UUID is the lab file one' "$(jv 'd["UUID"]')" "$U"
t_is 'Redfish SerialNumber' "$(jv 'd["SerialNumber"]')" SN-XYZ-42
t_is 'Redfish Model' "$(jv 'd["Model"]')" 'R9-Test Server'
t_is 'Redfish Manufacturer' "$(jv 'd["Manufacturer"]')" 'Acme Servers'
t_is 'Redfish PartNumber' "$(jv 'd["PartNumber"]')" PN-7788
rf_req admin GET /redfish/v1/Chassis
ch=$(jv 'd["Members"][0]["@odata.id"]')
rf_req admin GET "$ch"
t_is 'Redfish chassis SerialNumber' "$(jv 'd["SerialNumber"]')" SN-XYZ-42
t_is 'Redfish chassis PartNumber' "$(jv 'd["PartNumber"]')" PN-7788

t_ok 'ipmitool mc guid' it mc guid
t_like 'IPMI system GUID is the Redfish UUID' "$(out)" "System GUID +: $U\$"
t_ok 'bmc-info --get-system-guid' fi_ bmc-info --get-system-guid
t_is 'FreeIPMI: the same GUID' "$(out)" "$U"

t_ok 'ipmitool fru print 0' it fru print 0
f=$(out)
t_like 'chassis part number' "$f" 'Chassis Part Number +: PN-7788$'
t_like 'chassis serial' "$f" 'Chassis Serial +: SN-XYZ-42$'
t_like 'board manufacturer' "$f" 'Board Mfg +: Acme Servers$'
t_like 'board product' "$f" 'Board Product +: R9-Test Server$'
t_like 'board serial' "$f" 'Board Serial +: SN-XYZ-42$'
t_like 'board part number' "$f" 'Board Part Number +: PN-7788$'
t_like 'product manufacturer' "$f" 'Product Manufacturer +: Acme Servers$'
t_like 'product name' "$f" 'Product Name +: R9-Test Server$'
t_like 'product part number' "$f" 'Product Part Number +: PN-7788$'
t_like 'product serial' "$f" 'Product Serial +: SN-XYZ-42$'
t_ok 'ipmi-fru (FreeIPMI)' fi_ ipmi-fru
f=$(out)
t_like 'FreeIPMI board manufacturer' "$f" 'FRU Board Manufacturer: Acme Servers$'
t_like 'FreeIPMI product serial' "$f" 'FRU Product Serial Number: SN-XYZ-42$'
t_unlike 'FreeIPMI: no checksum or format error' "$f" '[Ee]rror|[Cc]hecksum|[Ii]nvalid'
t_ok 'ipmid exits 0 on SIGTERM' stop_all
