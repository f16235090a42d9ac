#!/bin/sh
# 1540-ipmid-raw-errors.t: raw commands, completion codes for unknown/malformed requests, powerd away -> D5h
. "${0%/*}/lib.sh"
need ipmitool powerctl
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" -C 3 "$@"; }
out() { cat "$T/out"; }
# cc DESC CC RAW...: the raw request fails with completion code CC
cc() { _d=$1; _c=$2; shift 2
	if it raw "$@" >"$T/out" 2>&1; then fail "$_d" "succeeded: $(out)"
	else t_like "$_d" "$(out)" "rsp=0x$_c"; fi; }

t_ok 'raw Get Device ID' it raw 0x06 0x01
t_like '15 bytes, IPMI 2.0' "$(out)" '^ 20 01 00 01 02 8f 00 00 00 01 00 00 00 00 00$'
t_ok 'raw Get Self Test Results' it raw 0x06 0x04
t_like '55 00' "$(out)" '^ 55 00$'
t_ok 'raw Get Chassis Status' it raw 0x00 0x01
t_like 'off, always-off, identify supported' "$(out)" '^ 00 [0-9a-f]{2} 40 00$'
t_ok 'raw Chassis Control power up' it raw 0x00 0x02 0x01
t_ok 'powerd on' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"
t_ok 'raw Get ACPI Power State' it raw 0x06 0x07
t_like 'S0' "$(out)" '^ 00 00$'
t_ok 'raw Get BMC Global Enables' it raw 0x06 0x2f
t_ok 'raw Get SDR Repository Info' it raw 0x0a 0x20
t_like 'version 51' "$(out)" '^ 51 '
t_ok 'raw Reserve SDR Repository' it raw 0x0a 0x22
t_ok 'raw Get Device SDR Info' it raw 0x04 0x20
t_ok 'raw Get Sensor Reading 1' it raw 0x04 0x2d 0x01
t_ok 'raw Get Sensor Type 1' it raw 0x04 0x2f 0x01
t_like 'temperature, threshold' "$(out)" '^ 01 01$'
t_ok 'raw Get SEL Time UTC Offset' it raw 0x0a 0x5c
t_ok 'raw Get Channel Info 0Eh' it raw 0x06 0x42 0x0e
t_like 'this channel is LAN channel 1' "$(out)" '^ 01 04 01 8'
t_ok 'raw Get LAN Config revision only' it raw 0x0c 0x02 0x81 0x03 0x00 0x00
t_like '11h' "$(out)" '^ 11$'

# unknown -> C1h
cc 'unknown app command' c1 0x06 0xff
cc 'unknown chassis command' c1 0x00 0x30
cc 'unknown netfn (OEM)' c1 0x2e 0x01 0x00 0x00 0x00
cc 'Get PICMG Properties' c1 0x2c 0x00 0x00
cc 'Get VSO Capabilities' c1 0x2c 0x00 0x03
cc 'unknown DCMI command' c1 0x2c 0x7f 0xdc
cc 'Delete SEL Entry is not offered' c1 0x0a 0x46 0x00 0x00 0x01 0x00
cc 'Set Sensor Thresholds is not offered' c1 0x04 0x26 0x01 0x00 0 0 0 0 0 0
# malformed -> C7h / CCh / specific
cc 'Chassis Control without data' c7 0x00 0x02
cc 'Chassis Control 07h' cc 0x00 0x02 0x07
cc 'Chassis Control with 2 bytes' c7 0x00 0x02 0x01 0x00
cc 'Get Chassis Status with data' c7 0x00 0x01 0x00
cc 'Chassis Identify with 3 bytes' c7 0x00 0x04 0x0f 0x00 0x00
cc 'Set Power Restore Policy 5' cc 0x00 0x06 0x05
cc 'Get Boot Options, short' c7 0x00 0x09 0x05
cc 'Get Boot Options param 7: unsupported' 80 0x00 0x09 0x07 0x00 0x00
cc 'Set Boot Flags, 4 data bytes' c7 0x00 0x08 0x05 0x80 0x04 0x00 0x00
cc 'Set Boot Flags, device 8' cc 0x00 0x08 0x05 0x80 0x20 0x00 0x00 0x00
cc 'Get SEL Entry, short' c7 0x0a 0x43 0x00 0x00 0x00
cc 'Add SEL Entry, 15 bytes' c7 0x0a 0x44 0 0 2 0 0 0 0 0x20 0 4 1 1 1 9 0xff
cc 'Clear SEL without CLR' c5 0x0a 0x47 0x00 0x00 0x43 0x4c 0x58 0xaa
cc 'Get SDR, short' c7 0x0a 0x23 0x00 0x00 0x00 0x00 0x00
cc 'Get SDR record 999' cb 0x0a 0x23 0x00 0x00 0xe7 0x03 0x00 0xff
cc 'Read FRU Data, short' c7 0x0a 0x11 0x00 0x00 0x00
cc 'Read FRU Data past the end' c9 0x0a 0x11 0x00 0xff 0x0f 0x10
cc 'Get Sensor Reading, no sensor number' c7 0x04 0x2d
cc 'Get Sensor Reading, no such sensor' cb 0x04 0x2d 0xfe
cc 'Get Channel Info, channel 7' cc 0x06 0x42 0x07
cc 'Get Channel Access, no which bits' cc 0x06 0x41 0x01 0x00
cc 'Get User Access, user 0' cc 0x06 0x44 0x01 0x00
cc 'Get User Name, short' c7 0x06 0x46
cc 'Set Watchdog, short' c7 0x06 0x24 0x04 0x01 0x00 0x10 0x0a
cc 'Get LAN Config param 99' 80 0x0c 0x02 0x01 0x63 0x00 0x00
cc 'Set LAN Config cipher suites (read-only)' 82 0x0c 0x01 0x01 0x17 0x03
cc 'Get SOL Config, channel 3' cc 0x0c 0x22 0x03 0x01 0x00 0x00
cc 'DCMI capabilities without body code' c7 0x2c 0x01
cc 'DCMI capabilities, wrong group' c1 0x2c 0x01 0xdd 0x01
cc 'DCMI capabilities param 9' 80 0x2c 0x01 0xdc 0x09
cc 'DCMI Set Power Limit, short' c7 0x2c 0x04 0xdc 0 0 0
t_ok 'still answering after all that' it mc info

# the same handlers behind IPMI 1.5 (MD5) and suite 17 sessions
l15() { timeout 60 ipmitool -I lan -A MD5 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }
c17() { timeout 60 ipmitool -I lanplus -C 17 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }
t_ok 'IPMI 1.5: chassis status' l15 chassis status
t_like 'IPMI 1.5: on' "$(out)" 'System Power +: on'
t_ok 'IPMI 1.5: sdr list' l15 sdr list
t_like 'IPMI 1.5: sensors' "$(out)" 'CPU1 Temp'
t_ok 'IPMI 1.5: raw unknown command is C1h' sh -c \
    "ipmitool -I lan -A MD5 -H 127.0.0.1 -p $P -U admin -f $T/pw.admin raw 0x06 0xff 2>&1 | grep -q 'rsp=0xc1'"
t_ok 'suite 17: fru print' c17 fru print
t_like 'suite 17: product' "$(out)" 'Product Name +: Simulated Server'
t_ok 'suite 17: sel list' c17 sel list

# powerd away: D5h for what needs it, the rest still works
t_ok 'policy previous (powerd applies it when it starts again)' \
    it chassis policy previous
kill9 powerd
t_ok 'chassis power status fails without powerd' sh -c \
    "! ipmitool -I lanplus -H 127.0.0.1 -p $P -U admin -f $T/pw.admin -C 3 chassis power status"
cc 'Get Chassis Status: D5h' d5 0x00 0x01
cc 'Chassis Control: D5h' d5 0x00 0x02 0x00
cc 'Get SEL Info: D5h' d5 0x0a 0x40
t_ok 'Get Device ID without powerd' it raw 0x06 0x01
t_ok 'Get Self Test without powerd' it raw 0x06 0x04
t_ok 'LAN parameters without powerd' it raw 0x0c 0x02 0x01 0x03 0x00 0x00
start_powerd
t_ok 'back once powerd is' wait_until 15 sh -c \
    "ipmitool -I lanplus -H 127.0.0.1 -p $P -U admin -f $T/pw.admin -C 3 chassis power status"
t_like 'power restored by the previous policy' "$(it chassis power status)" 'Chassis Power is on'
t_ok 'clean exit' stop_all
done_testing
