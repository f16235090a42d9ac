#!/bin/sh
# 1550-ipmid-freeipmi.t: FreeIPMI's tools without workaround flags: bmc-info, ipmi-chassis, boot flags, DCMI
. "${0%/*}/lib.sh"
need bmc-info ipmi-chassis ipmi-chassis-config ipmi-dcmi ipmipower ipmi-sel powerctl
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
fi_() { _c=$1; shift; timeout 60 "$_c" -h "127.0.0.1:$P" -u admin -p password "$@"; }
js() { pctl -j status srv1; }
out() { cat "$T/out"; }
power_is() { wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"$1\"'"; }

t_ok 'bmc-info' fi_ bmc-info
t_like 'IPMI 2.0' "$(out)" 'IPMI Version +: 2.0'
t_like 'firmware 0.01' "$(out)" 'Firmware Revision +: 0.01'
t_like 'system GUID' "$(out)" 'System GUID : [0-9a-f-]{36}'
t_like 'channel 1 LAN' "$(out)" 'Medium Type +: 802.3 LAN'
t_unlike 'no errors' "$(out)" '[Ee]rror|[Ff]ailed'

t_ok 'ipmi-chassis --get-chassis-capabilities' fi_ ipmi-chassis --get-chassis-capabilities
t_like 'diagnostic interrupt' "$(out)" '[Dd]iagnostic [Ii]nterrupt'
t_ok 'ipmi-chassis --get-chassis-status' fi_ ipmi-chassis --get-chassis-status
t_like 'off' "$(out)" 'System Power +: off'
t_like 'identify off' "$(out)" 'Chassis Identify state +: off'
t_ok 'power-up' fi_ ipmi-chassis --chassis-control=power-up
t_ok 'on in powerd' power_is on
t_ok 'ipmi-chassis --get-chassis-status' fi_ ipmi-chassis --get-chassis-status
t_like 'on' "$(out)" 'System Power +: on'
t_like 'last power event: command' "$(out)" 'Last Power Event +: power on via ipmi command'
t_ok 'identify force' fi_ ipmi-chassis --chassis-identify=FORCE
t_ok 'ipmi-chassis --get-chassis-status' fi_ ipmi-chassis --get-chassis-status
t_like 'identify indefinite on' "$(out)" 'Chassis Identify state +: Indefinite on'
t_ok 'identify 20 s' fi_ ipmi-chassis --chassis-identify=20
t_ok 'ipmi-chassis --get-chassis-status' fi_ ipmi-chassis --get-chassis-status
t_like 'identify timed on' "$(out)" 'Chassis Identify state +: Timed on'
t_ok 'identify off' fi_ ipmi-chassis --chassis-identify=TURN-OFF
t_like 'powerd identify off' "$(js)" '"identify":\{"state":"off"'
t_ok 'hard-reset' fi_ ipmi-chassis --chassis-control=hard-reset
t_ok 'restart cause' fi_ ipmi-chassis --get-system-restart-cause
t_like 'chassis control command' "$(out)" '[Cc]hassis [Cc]ontrol [Cc]ommand'
t_ok 'POH counter' fi_ ipmi-chassis --get-power-on-hours-counter
t_like 'hours' "$(out)" 'Power on hours +: [0-9]+'
t_ok 'power-cycle (once the reset is done)' wait_until 10 fi_ ipmi-chassis --chassis-control=power-cycle
t_ok 'on after cycle' power_is on
t_ok 'diagnostic-interrupt' wait_until 10 fi_ ipmi-chassis --chassis-control=diagnostic-interrupt
t_ok 'soft-shutdown' fi_ ipmi-chassis --chassis-control=soft-shutdown
t_ok 'off after soft shutdown' power_is off

# actions while another is under way are queued, not refused as busy
pw() { timeout 60 ipmipower -h "127.0.0.1:$P" -u admin -p password "$@"; }
t_ok 'ipmipower --on' pw --on
t_ok 'on' power_is on
t_ok 'ipmipower --reset' pw --reset
t_like 'ok' "$(out)" ': ok$'
t_ok 'ipmipower --pulse right after' pw --pulse
t_like 'ok, not BMC busy' "$(out)" ': ok$'
t_ok 'ipmipower --soft right after' pw --soft
t_like 'ok' "$(out)" ': ok$'
t_ok 'the queued soft shutdown happens' power_is off
t_ok 'ipmi-sel' fi_ ipmi-sel
t_like 'the queued NMI happened' "$(out)" '[Ii]nterrupt'
t_ok 'ipmipower --stat' pw --stat
t_like 'off' "$(out)" ': off$'

# boot flags through ipmi-chassis-config (Get/Set System Boot Options)
t_ok 'ipmi-chassis-config checkout boot flags' fi_ ipmi-chassis-config \
    --checkout --section=Chassis_Boot_Flags
t_like 'boot flags section' "$(out)" 'Boot_Device +NO-OVERRIDE'
t_ok 'commit PXE, persistent, EFI' fi_ ipmi-chassis-config --commit \
    -e Chassis_Boot_Flags:Boot_Device=PXE \
    -e Chassis_Boot_Flags:Boot_Flags_Persistent=Yes \
    -e Chassis_Boot_Flags:BIOS_Boot_Type=EFI
t_like 'powerd pxe' "$(js)" '"boot":\{"target":"pxe","enabled":"continuous","mode":"uefi"'
t_ok 'checkout again' fi_ ipmi-chassis-config --checkout --section=Chassis_Boot_Flags
t_like 'PXE' "$(out)" 'Boot_Device +PXE'
t_like 'persistent' "$(out)" 'Boot_Flags_Persistent +Yes'
t_like 'EFI' "$(out)" 'BIOS_Boot_Type +EFI'
t_ok 'commit CD-DVD, next boot, legacy' fi_ ipmi-chassis-config --commit \
    -e Chassis_Boot_Flags:Boot_Device=CD-DVD \
    -e Chassis_Boot_Flags:Boot_Flags_Persistent=No \
    -e Chassis_Boot_Flags:BIOS_Boot_Type=PC-COMPATIBLE
t_like 'powerd cd once legacy' "$(js)" '"boot":\{"target":"cd","enabled":"once","mode":"legacy"'

# DCMI
t_ok 'ipmi-dcmi --get-dcmi-capability-info' fi_ ipmi-dcmi --get-dcmi-capability-info
t_like 'DCMI 1.5' "$(out)" 'DCMI Specification Conformance +: 1.5'
t_like 'power management' "$(out)" 'Power Management / Monitoring Support +: Available'
it_on() { fi_ ipmi-chassis --chassis-control=power-up >/dev/null 2>&1; power_is on; }
it_on
t_ok 'ipmi-dcmi --get-system-power-statistics' fi_ ipmi-dcmi --get-system-power-statistics
t_like 'current power' "$(out)" 'Current Power +: [1-9][0-9]* Watts'
t_ok 'ipmi-dcmi --set-power-limit' fi_ ipmi-dcmi --set-power-limit --power-limit-requested=350 \
    --exception-actions=NO_ACTION --correction-time-limit=1000 --statistics-sampling-period=2
t_ok 'ipmi-dcmi --activate-deactivate-power-limit=ACTIVATE' \
    fi_ ipmi-dcmi --activate-deactivate-power-limit=ACTIVATE
t_ok 'ipmi-dcmi --get-power-limit' fi_ ipmi-dcmi --get-power-limit
t_like '350 W' "$(out)" 'Power Limit Requested +: 350 watts'
t_like 'powerd limit' "$(js)" '"power_limit":\{"active":true,"limit_w":350'
t_ok 'clean exit' stop_all
done_testing
