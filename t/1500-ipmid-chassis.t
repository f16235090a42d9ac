#!/bin/sh
# 1500-ipmid-chassis.t: mc and chassis commands through ipmitool, every change read back from powerd
. "${0%/*}/lib.sh"
need ipmitool powerctl
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" -C 3 "$@"; }
js() { pctl -j status srv1; }
# jget KEY: the first "KEY":value in powerd's status
jget() { js | grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
out() { cat "$T/out"; }

t_ok 'mc info' it mc info
t_like 'IPMI 2.0, device id 32' "$(out)" 'IPMI Version +: 2.0'
t_like 'chassis device' "$(out)" 'Chassis Device'
t_like 'FRU, SEL, SDR, sensors' "$(tr '\n' ' ' <"$T/out")" \
    'Sensor Device +SDR Repository Device +SEL Device +FRU Inventory Device'
t_ok 'mc guid' it mc guid
t_like 'GUID printed' "$(out)" 'System GUID +: [0-9a-f-]{36}'
guid=$(pctl -j inventory srv1 | grep -o '"bmc_guid":"[0-9a-fA-F]*"' | cut -d'"' -f4)
t_ok 'raw Get System GUID' it raw 0x06 0x37
t_is 'the inventory bmc_guid, byte for byte' "$(tr -d ' \n' <"$T/out")" \
    "$(printf '%s' "$guid" | tr 'A-F' 'a-f')"
t_ok 'mc selftest' it mc selftest
t_like 'self test passed' "$(out)" 'Selftest: passed'
t_ok 'mc reset warm' it mc reset warm
t_ok 'mc reset cold' it mc reset cold
t_ok 'still answering after cold reset' it mc info

# power: every action, read back from ipmitool and from powerd
t_ok 'power status' it chassis power status
t_like 'off at start' "$(out)" 'Chassis Power is off'
t_ok 'power on' it chassis power on
t_ok 'power on reached powerd' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"
t_ok 'power status' it chassis power status
t_like 'on' "$(out)" 'Chassis Power is on'
t_ok 'chassis status' it chassis status
t_like 'System Power on' "$(out)" 'System Power +: on'
t_like 'last power event: command' "$(out)" 'Last Power Event +: command'
t_ok 'restart_cause' it chassis restart_cause
t_like 'chassis power control command' "$(out)" 'chassis power control command'
t_is 'powerd restart cause' "$(jget restart_cause)" chassis-control

t_ok 'power cycle' it chassis power cycle
t_ok 'on again after cycle' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"
t_ok 'power reset' it chassis power reset
t_ok 'reset is in the SEL' wait_until 10 sh -c \
    "ipmitool -I lanplus -H 127.0.0.1 -p $P -U admin -f $T/pw.admin -C 3 sel elist | grep -q 'hard reset'"
t_ok 'on after reset' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"
t_ok 'power diag (NMI)' it chassis power diag
t_ok 'NMI is in the SEL' wait_until 10 sh -c \
    "ipmitool -I lanplus -H 127.0.0.1 -p $P -U admin -f $T/pw.admin -C 3 sel elist | grep -qi 'interrupt'"
t_ok 'power soft' it chassis power soft
t_ok 'soft shutdown reaches off' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"off\"'"
t_ok 'power status' it chassis power status
t_like 'off' "$(out)" 'Chassis Power is off'
t_ok 'power on' it chassis power on
wait_until 10 sh -c "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"
t_ok 'power off' it chassis power off
t_ok 'off in powerd' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"off\"'"
t_ok 'power cycle while off' it chassis power cycle
t_ok 'cycle from off powers on' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"
it chassis power off >/dev/null 2>&1
wait_until 10 sh -c "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"off\"'"

# identify: state in Get Chassis Status (FreeIPMI prints it) and in powerd
t_ok 'identify 30' it chassis identify 30
t_is 'powerd: blink' "$(js | grep -o '"identify":{"state":"[a-z]*"' | cut -d'"' -f6)" blink
t_ok 'raw chassis status' it raw 0x00 0x01
t_like 'byte 3: identify supported, temporary on' "$(out)" '^ [0-9a-f]{2} [0-9a-f]{2} 50'
t_ok 'identify force' it chassis identify force
t_is 'powerd: on' "$(js | grep -o '"identify":{"state":"[a-z]*"' | cut -d'"' -f6)" on
it raw 0x00 0x01 >"$T/out" 2>&1
t_like 'byte 3: indefinite on' "$(out)" '^ [0-9a-f]{2} [0-9a-f]{2} 60'
t_ok 'identify 0' it chassis identify 0
t_is 'powerd: off' "$(js | grep -o '"identify":{"state":"[a-z]*"' | cut -d'"' -f6)" off
it raw 0x00 0x01 >"$T/out" 2>&1
t_like 'byte 3: identify off' "$(out)" '^ [0-9a-f]{2} [0-9a-f]{2} 40'
t_ok 'identify (default 15 s)' it chassis identify
t_like 'default interval' "$(out)" 'default \(15 seconds\)'
t_is 'powerd: blink' "$(js | grep -o '"identify":{"state":"[a-z]*"' | cut -d'"' -f6)" blink
it chassis identify 0 >/dev/null 2>&1

# boot device: persistent + EFI flags round-trip through powerd's boot op
t_ok 'bootdev pxe options=efiboot,persistent' it chassis bootdev pxe options=efiboot,persistent
t_like 'set' "$(out)" 'Set Boot Device to pxe'
t_is 'powerd target pxe' "$(js | grep -o '"target":"[a-z-]*"' | cut -d'"' -f4)" pxe
t_is 'powerd continuous' "$(js | grep -o '"enabled":"[a-z]*"' | cut -d'"' -f4)" continuous
t_is 'powerd uefi' "$(js | grep -o '"mode":"[a-z]*"' | cut -d'"' -f4)" uefi
t_ok 'bootparam get 5' it chassis bootparam get 5
t_like 'data e0 04' "$(out)" 'Boot parameter data: e004000000'
t_like 'valid' "$(out)" 'Boot Flag Valid'
t_like 'persistent' "$(out)" 'Options apply to all future boots'
t_like 'EFI' "$(out)" 'BIOS EFI boot'
t_like 'PXE' "$(out)" 'Force PXE'
for d in "disk hdd 08" "cdrom cd 14" "bios bios 18" "floppy floppy 3c"; do
	set -- $d
	t_ok "bootdev $1" it chassis bootdev "$1"
	t_is "powerd target $2" "$(js | grep -o '"target":"[a-z-]*"' | cut -d'"' -f4)" "$2"
	t_is "powerd once" "$(js | grep -o '"enabled":"[a-z]*"' | cut -d'"' -f4)" once
	it chassis bootparam get 5 >"$T/out" 2>&1
	t_like "bootparam 5: valid, next boot only, device $3" "$(out)" "data: 80$3000000"
done
t_ok 'bootdev none' it chassis bootdev none
t_is 'powerd disabled' "$(js | grep -o '"enabled":"[a-z]*"' | cut -d'"' -f4)" disabled
it chassis bootparam get 5 >"$T/out" 2>&1
t_like 'bootparam 5: invalid (no override)' "$(out)" 'Boot Flag Invalid'
t_ok 'bootdev pxe efiboot (once)' it chassis bootdev pxe options=efiboot
t_ok 'once override consumed by power on' it chassis power on
t_ok 'powerd: consumed' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"enabled\":\"disabled\"'"
it chassis bootparam get 5 >"$T/out" 2>&1
t_like 'bootparam 5 reads invalid after use' "$(out)" 'Boot Flag Invalid'
it chassis power off >/dev/null 2>&1
t_ok 'bootparam get 0 (set in progress)' it chassis bootparam get 0
t_ok 'bootparam get 4 (info ack)' it chassis bootparam get 4
t_fail 'bootparam get 7: unsupported' it chassis bootparam get 7

# power restore policy
t_ok 'policy list' it chassis policy list
t_like 'all three' "$(out)" 'always-off always-on previous'
for p in always-on previous always-off; do
	t_ok "policy $p" it chassis policy "$p"
	t_is "powerd policy $p" "$(jget policy)" "$p"
	it chassis status >"$T/out" 2>&1
	t_like "chassis status shows $p" "$(out)" "Power Restore Policy : $p"
done

# system info parameters
bios=$(pctl -j inventory srv1 | grep -o '"bios_version":"[^"]*"' | cut -d'"' -f4)
t_ok 'mc getsysinfo system_fw_version' it mc getsysinfo system_fw_version
t_is "the inventory's bios_version" "$(out)" "$bios"
t_ok 'mc setsysinfo system_name (22 characters: two sets)' \
    it mc setsysinfo system_name my-long-system-name-01
t_ok 'mc getsysinfo system_name' it mc getsysinfo system_name
t_is 'reads back' "$(out)" my-long-system-name-01

t_ok 'poh' it chassis poh
t_like 'POH counter' "$(out)" 'POH Counter +: [0-9]+ days, [0-9]+ hours'
t_ok 'clean exit' stop_all
done_testing
