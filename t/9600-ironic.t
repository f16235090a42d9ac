#!/bin/sh
# 9600-ironic.t: Debian's OpenStack Ironic drives a simulated server with
# the redfish and the ipmi hardware types, as a provisioning lab does:
# enroll, validate, manage, power, boot device, boot mode, indicators.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
. "$TOP/t/helper/ironic.sh"
need curl ipmitool baremetal /usr/bin/python3
"$PY" -c 'import ironic.cmd.singleprocess' 2>/dev/null || need python3-ironic-module
lab_sim 2
rf_setup
start_as ipmid2 ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv2
IP2=$(port_of "$ipmid2_addr")
ironic_start

# --- the redfish hardware type on srv1
t_ok 'enroll srv1 (redfish)' bm_enroll_redfish rf1 "$RFS" srv1
bm node validate rf1 -f value -c Interface -c Result >"$T/val" 2>&1
for i in power management inspect bios raid; do
	t_like "validate: $i" "$(grep "^$i " "$T/val")" 'True'
done
t_ok 'manage (Ironic reads power and the system)' \
    bm node manage rf1 --wait 90
t_is 'rf1 manageable' "$(bm_field rf1 provision_state)" manageable
t_is 'power on: Ironic sees it' "$(bm_power rf1 on)" 'power on'
t_like 'powerd agrees' "$(pctl status srv1)" 'power: +on'
t_ok 'boot device pxe' bm node boot device set rf1 pxe
t_like 'Ironic reads pxe back' "$(bm node boot device show rf1 -f value -c boot_device)" '^pxe$'
t_like 'powerd has the pxe override' "$(pctl status srv1)" 'pxe'
t_ok 'boot mode uefi' bm node boot mode set rf1 uefi
t_is 'reboot: on again' "$(bm_power rf1 reboot)" 'power on'
# Ironic's redfish reboot is a ForceOff then an On
t_like 'powerd logged the reboot: off, then on' \
    "$(pctl sel srv1 list | tr '\n' ' ')" 'Power off .*Power on'
t_is 'power off: Ironic sees it' "$(bm_power rf1 off)" 'power off'
t_like 'powerd agrees: off' "$(pctl status srv1)" 'power: +off'

# --- the ipmi hardware type on srv2
t_ok 'enroll srv2 (ipmi)' bm node create --driver ipmi --name ip2 \
    --driver-info ipmi_address=127.0.0.1 --driver-info ipmi_port="$IP2" \
    --driver-info ipmi_username=admin --driver-info ipmi_password=password \
    --boot-interface pxe --deploy-interface ramdisk
bm node validate ip2 -f value -c Interface -c Result >"$T/val2" 2>&1
for i in power management; do
	t_like "ipmi validate: $i" "$(grep "^$i " "$T/val2")" 'True'
done
t_ok 'ipmi manage' bm node manage ip2 --wait 90
t_is 'ipmi power on: Ironic sees it' "$(bm_power ip2 on)" 'power on'
t_like 'powerd: srv2 on' "$(pctl status srv2)" 'power: +on'
t_ok 'ipmi boot device disk, persistent' \
    bm node boot device set ip2 disk --persistent
t_like 'ipmi reads disk back' \
    "$(bm node boot device show ip2 -f value -c boot_device)" '^disk$'
t_is 'ipmi power off: Ironic sees it' "$(bm_power ip2 off)" 'power off'
t_like 'powerd: srv2 off' "$(pctl status srv2)" 'power: +off'

kill9 ironic
t_ok 'clean exit' stop_all
done_testing
