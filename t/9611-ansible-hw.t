#!/bin/sh
# 9611-ansible-hw.t: Debian's Ansible (community.general redfish_info, redfish_config, redfish_command) reads and sets the hardware model over HTTPS
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
. "$TOP/t/helper/anslib.sh"
need ansible jq /usr/bin/python3
lab_sim 1
start_powerd
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
HP=${redfishd_addr##* }

RFA="baseuri=$HP username=admin password=password"
E='.redfish_facts'
# hw FILTER: jq on powerd's hardware model of srv1 (the lab's)
hw() { pctl -j inventory srv1 | jq -r ".inventory.hw | $1"; }

t_ok 'GetCpuInventory' ans redfish_info category=Systems command=GetCpuInventory $RFA
t_is 'CPUs: the cores of each socket of the model' \
    "$(aj "[$E.cpu.entries[0][1][] | .TotalCores] | join(\" \")")" \
    "$(hw '[.processors[].cores] | join(" ")')"
t_ok 'GetMemoryInventory' ans redfish_info category=Systems command=GetMemoryInventory $RFA
t_is 'DIMMs: the total of the model' \
    "$(aj "[$E.memory.entries[0][1][] | .CapacityMiB // 0] | add")" \
    "$(hw '[.memory[].size_mib] | add')"
t_ok 'GetNicInventory' ans redfish_info category=Systems command=GetNicInventory $RFA
t_is 'NICs: the MACs of the model' \
    "$(aj "[$E.nic.entries[0][1][] | .MACAddress | ascii_downcase] | sort | join(\" \")")" \
    "$(hw '[.nics[].ports[].mac | ascii_downcase] | sort | join(" ")')"
t_ok 'GetStorageControllerInventory' ans redfish_info category=Systems command=GetStorageControllerInventory $RFA
t_like 'controller model' "$(aj "$E.storage_controller.entries[0][1][0].Model")" '^SIM-RAID'
t_ok 'GetDiskInventory' ans redfish_info category=Systems command=GetDiskInventory $RFA
t_is 'disks: the capacities of the model' \
    "$(aj "[$E.disk.entries[0][1][].Drives[].CapacityBytes] | sort | join(\" \")")" \
    "$(hw '[.storage[].drives[].capacity_bytes] | sort | join(" ")')"
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
t_ok 'SetBiosDefaultSettings (ResetBios)' ans redfish_config category=Systems \
    command=SetBiosDefaultSettings $RFA
t_is 'powerd: defaults asked for at the next reset' "$(hw '.bios.reset_pending')" true
t_ok 'GetSoftwareInventory' ans redfish_info category=Update command=GetSoftwareInventory $RFA
t_is 'software inventory: the model firmware ids' \
    "$(aj "[$E.software.entries[].Id] | sort | join(\" \")")" \
    "$(hw '[.firmware[].id] | sort | join(" ")')"
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
