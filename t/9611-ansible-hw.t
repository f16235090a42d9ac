#!/bin/sh
# 9611-ansible-hw.t: Debian's Ansible (community.general redfish_info, redfish_config, redfish_command) reads and sets the hardware model over HTTPS
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need ansible jq socat /usr/bin/python3
lab_sim 1
start_powerd
# XXX #11: until powerd has the "hw" op, a fixture answers it from a sample
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
HP=${redfishd_addr##* }

# ans MODULE ARGS...: one ad-hoc module run on localhost; its result in
# $T/ans.json, ansible's exit status returned
ans() {
	_m=$1; shift
	env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE \
	    ANSIBLE_LOAD_CALLBACK_PLUGINS=1 ANSIBLE_STDOUT_CALLBACK=json \
	    ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0 \
	    ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 \
	    ANSIBLE_HOME="$T/ansible" ANSIBLE_NOCOLOR=1 \
	    timeout 120 ansible localhost -c local -i localhost, \
	    -m "community.general.$_m" -a "$*" >"$T/ans.out" 2>"$T/ans.err"
	_rc=$?
	jq '.plays[0].tasks[0].hosts.localhost' "$T/ans.out" >"$T/ans.json" \
	    2>/dev/null || : >"$T/ans.json"
	[ $_rc -eq 0 ] || { diag "ansible $_m $*: exit $_rc"; head -c 2000 \
	    "$T/ans.json" "$T/ans.err" | sed 's/^/# /'; }
	return $_rc
}
aj() { jq -r "$1" "$T/ans.json"; }
RFA="baseuri=$HP username=admin password=password"
E='.redfish_facts'

t_ok 'GetCpuInventory' ans redfish_info category=Systems command=GetCpuInventory $RFA
t_like 'CPUs with cores' "$(aj "$E.cpu.entries[0][1][0].TotalCores")" '^[1-9][0-9]*$'
t_ok 'GetMemoryInventory' ans redfish_info category=Systems command=GetMemoryInventory $RFA
t_like 'DIMM capacity' "$(aj "$E.memory.entries[0][1][0].CapacityMiB")" '^[1-9][0-9]*$'
t_ok 'GetNicInventory' ans redfish_info category=Systems command=GetNicInventory $RFA
t_like 'NIC MAC' "$(aj "$E.nic.entries[0][1][0].MACAddress")" '^([0-9a-f]{2}:){5}[0-9a-f]{2}$'
t_ok 'GetStorageControllerInventory' ans redfish_info category=Systems command=GetStorageControllerInventory $RFA
t_like 'controller model' "$(aj "$E.storage_controller.entries[0][1][0].Model")" '^SIM-RAID'
t_ok 'GetDiskInventory' ans redfish_info category=Systems command=GetDiskInventory $RFA
t_like 'disk capacity' "$(aj "$E.disk.entries[0][1][0].Drives[0].CapacityBytes")" '^[1-9][0-9]*$'
t_ok 'GetVolumeInventory' ans redfish_info category=Systems command=GetVolumeInventory $RFA
t_ok 'GetBiosAttributes' ans redfish_info category=Systems command=GetBiosAttributes $RFA
t_is 'BootMode attribute' "$(aj "$E.bios_attribute.entries[0][1].BootMode")" Uefi
t_ok 'GetBootOrder' ans redfish_info category=Systems command=GetBootOrder $RFA
t_like 'boot options named' "$(aj "$E.boot_order.entries[0][1][0].BootOptionReference")" '^Boot[0-9A-F]{4}$'
t_ok 'GetPsuInventory' ans redfish_info category=Chassis command=GetPsuInventory $RFA
t_like 'PSU capacity' "$(aj "$E.psu.entries[0].PowerCapacityWatts")" '^[1-9][0-9]*$'
t_ok 'GetFirmwareInventory' ans redfish_info category=Update command=GetFirmwareInventory $RFA
t_is 'BIOS firmware' "$(aj "$E.firmware.entries[] | select(.Id == \"BIOS\") | .Version")" 1.0.0
t_ok 'SetBiosAttributes' ans redfish_config category=Systems command=SetBiosAttributes \
    'bios_attributes={"NumLock":false}' $RFA
t_is 'changed' "$(aj .changed)" true
rfget() { curl -s -k -u admin:password "https://$HP$1"; }
t_is 'pending in Bios/Settings' "$(rfget /redfish/v1/Systems/srv1/Bios/Settings | jq -r .Attributes.NumLock)" false
first=$(rfget /redfish/v1/Systems/srv1 | jq -r '.Boot.BootOrder[0]')
last=$(rfget /redfish/v1/Systems/srv1 | jq -r '.Boot.BootOrder[-1]')
order=$(rfget /redfish/v1/Systems/srv1 | jq -r '.Boot.BootOrder | reverse | join(",")')
t_ok 'SetBootOrder' ans redfish_config category=Systems command=SetBootOrder \
    "boot_order=$order" $RFA
t_is 'order set' "$(rfget /redfish/v1/Systems/srv1 | jq -r '.Boot.BootOrder[0]')" "$last"
t_ok 'SetDefaultBootOrder' ans redfish_config category=Systems command=SetDefaultBootOrder $RFA
t_is 'default order back' "$(rfget /redfish/v1/Systems/srv1 | jq -r '.Boot.BootOrder[0]')" "$first"
t_ok 'EnableSecureBoot' ans redfish_config category=Systems command=EnableSecureBoot $RFA
t_is 'secure boot asked for' "$(rfget /redfish/v1/Systems/srv1/SecureBoot | jq -r .SecureBootEnable)" true

t_ok 'clean exit' stop_all
done_testing
