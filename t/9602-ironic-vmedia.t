#!/bin/sh
# 9602-ironic-vmedia.t: Debian's Ironic cleans a simulated server through
# the redfish-virtual-media boot interface, as Metal3 and most Ironic labs
# do: Ironic copies the deploy ISO (driver_info deploy_iso) to its HTTP
# root, inserts it into the BMC's virtual CD (VirtualMedia.InsertMedia),
# sets the boot override to Cd once and powers the node on; the sim host
# boots from the CD; t/helper/fake-ipa.py answers for the agent the ISO
# would have started; a clean step runs; Ironic ejects the media at the end.
# Then a ramdisk deploy boots an ISO from the CD for good (override Cd,
# Continuous) until the undeploy ejects it.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
. "$TOP/t/helper/ironic.sh"
need curl jq baremetal genisoimage fake-ipa.py rfhttpd.py /usr/bin/python3
"$PY" -c 'import ironic.cmd.singleprocess' 2>/dev/null || need python3-ironic-module
lab_sim 1
rf_setup

# Ironic's HTTP server: a loopback server on the directory Ironic publishes
# its images in (Ironic serves none itself; labs put nginx there)
mkdir -p "$T/ironic/http/images" "$T/ironic/img/iso"
start_as ihttp rfhttpd.py -d "$T/ironic/http"
IRONIC_HTTP_URL=http://$ihttp_addr
ironic_start

# the deploy ISO: a real ISO 9660 image (Ironic checks the format of what
# it downloads against its permitted formats; a BMC is handed a CD image)
printf 'bmcsim fake IPA ramdisk\n' >"$T/ironic/img/iso/README"
t_ok 'a deploy ISO (genisoimage)' genisoimage -quiet -V IPA -J -R \
    -o "$T/ironic/http/images/deploy.iso" "$T/ironic/img/iso"

MAC=$(pctl -j inventory srv1 | jq -r '.inventory.hw.nics[0].ports[0].mac')
t_ok 'enroll srv1 (redfish)' bm_enroll_redfish rf1 "$RFS" srv1
t_ok 'a port for the MAC the agent looks itself up by' \
    bm port create "$MAC" --node "$(bm_field rf1 uuid)"
t_ok 'virtual media boot with a prebuilt deploy ISO' bm node set rf1 \
    --boot-interface redfish-virtual-media --deploy-interface direct \
    --driver-info deploy_iso="$IRONIC_HTTP_URL/images/deploy.iso"
bm node validate rf1 -f value -c Interface -c Result >"$T/val" 2>&1
t_like 'validate: boot' "$(grep '^boot ' "$T/val")" True
t_ok 'manage' bm node manage rf1 --wait 90
t_is 'powerd: no media before cleaning' \
    "$(pctl -j status srv1 | jq -r '.media.inserted')" false

# a BIOS change for the clean step to undo
t_ok 'BIOS setting changed' pctl bios srv1 set ProcVirtualization=Disabled
t_ok 'applied by a power cycle' pctl power srv1 cycle
t_ok 'power off' pctl power srv1 off
t_is 'Ironic reads it' "$(bm_power rf1 off)" 'power off'

# what the BMC sees, in order: powerd's events and the host's console (its
# input a FIFO held open here, so that powerctl stays attached)
pctl subscribe >"$T/events" 2>"$T/subscribe.log" &
_pids="$_pids subscribe:$!"
mkfifo "$T/con.in"
exec 8<>"$T/con.in"
pctl console srv1 <"$T/con.in" >"$T/console" 2>"$T/console.log" &
_pids="$_pids console:$!"
wait_until 20 grep -q 'console taken by powerctl' "$T/powerd.log" ||
    { echo 'Bail out! powerctl did not attach to the console'; exit 1; }

# manual cleaning; the agent is not started yet, so Ironic stops in clean
# wait with the node booted from the virtual CD: the state to look at
U=$(bm_field rf1 uuid)
ISO=$IRONIC_HTTP_URL/redfish/boot-$U.iso
t_is 'clean: bios.factory_reset accepted' "$(curl -s -o "$T/clean.out" \
    -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -H 'X-OpenStack-Ironic-API-Version: 1.78' \
    -d '{"target":"clean","clean_steps":[{"interface":"bios","step":"factory_reset"}]}' \
    "$OS_ENDPOINT/v1/nodes/$U/states/provision")" 202
t_ok 'Ironic waits for its agent (clean wait)' wait_until 120 sh -c \
    '[ "$(baremetal node show rf1 -f value -c provision_state)" = "clean wait" ]'
t_ok 'the host booted from the CD' \
    wait_until 30 grep -q 'Booting from CD' "$T/console"

# the BMC's view of the virtual CD
rf_req admin GET /redfish/v1/Managers/bmc/VirtualMedia/Cd
t_is 'Redfish: VirtualMedia Inserted' "$(jv 'd["Inserted"]')" true
t_is 'Redfish: Image is the ISO Ironic published' "$(jv 'd["Image"]')" "$ISO"
t_is 'Redfish: ImageName' "$(jv 'd["ImageName"]')" "boot-$U.iso"
t_like 'powerctl status: the media' "$(pctl status srv1)" "media: +$ISO"
t_is 'powerd: inserted' "$(pctl -j status srv1 | jq -r '.media.inserted')" true
t_is 'Ironic published the deploy ISO unchanged (a prebuilt ISO is not rebuilt)' \
    "$(curl -sf "$ISO" | sha256sum | cut -d' ' -f1)" \
    "$(sha256sum <"$T/ironic/http/images/deploy.iso" | cut -d' ' -f1)"
t_like 'in order: media inserted, boot override Cd once, power on' \
    "$(tr '\n' ' ' <"$T/events")" \
    "srv1 media inserted $ISO .*srv1 boot cd \\(once, [a-z]*\\) .*srv1 power on "
t_like 'the SEL: the override Ironic set' "$(pctl sel srv1 list | tr '\n' ' ')" \
    'Boot override: cd, once'
con=$(tr -d '\r' <"$T/console")
t_like 'console: the boot option, with the image' "$con" \
    "Booting Boot[0-9A-F]*: UEFI Virtual CD \\($ISO\\)"
t_like 'console: booting from the CD' "$con" "Booting from CD: $ISO"
t_like 'powerd: the override was used once (now none)' \
    "$(pctl status srv1)" 'boot: +none'

# the agent the ISO would start: the clean step runs, with its reboot
fake-ipa.py "$OS_ENDPOINT" "$MAC" "$T/powerd.sock" srv1 \
    >"$T/ipa.out" 2>"$T/ipa.log" &
_pids="$_pids ipa:$!"
t_ok 'cleaning finishes' wait_until 180 sh -c 'case "$(baremetal node show rf1 \
    -f value -c provision_state)" in manageable|"clean failed") exit 0;; esac; exit 1'
t_is 'manageable' "$(bm_field rf1 provision_state)" manageable
t_is 'no error' "$(bm_field rf1 last_error)" None
t_like 'the agent booted twice (cleaning, then the step reboot)' \
    "$(grep -c 'token taken' "$T/ipa.log")" '^[2-9]$'
t_is 'the step reboot booted the CD again' \
    "$(tr -d '\r' <"$T/console" | grep -c "Booting from CD: $ISO")" 2
t_like 'console: the reset applied at that boot' "$(tr -d '\r' <"$T/console")" \
    'BIOS settings reset to defaults'
t_is 'powerd: defaults back' \
    "$(pctl -j inventory srv1 | jq -r '.inventory.hw.bios.attributes.ProcVirtualization')" \
    Enabled
t_is 'Ironic: defaults back' \
    "$(bm node bios setting show rf1 ProcVirtualization -f value -c value)" \
    Enabled

# Ironic ejected the media at the end of cleaning and withdrew the ISO
rf_req admin GET /redfish/v1/Managers/bmc/VirtualMedia/Cd
t_is 'Redfish: ejected' "$(jv 'd["Inserted"]')" false
t_is 'Redfish: no Image' "$(jv 'd["Image"]')" null
t_like 'powerctl status: no media' "$(pctl status srv1)" 'media: +none'
t_is 'the last event: the eject' "$(tail -n 1 "$T/events")" \
    'srv1 media ejected'
t_ok 'the ISO is no longer published' sh -c "! test -e '$T/ironic/http/redfish/boot-$U.iso'"
t_is 'power off' "$(pctl -j status srv1 | jq -r .power)" off

t_ok 'provide' bm node provide rf1 --wait 120
t_is 'available' "$(bm_field rf1 provision_state)" available

# a ramdisk deploy boots the instance's ISO from the virtual CD, for good
# (Ironic publishes instance_info boot_iso as it did the deploy ISO)
kill9 ipa
t_ok 'ramdisk deploy of an ISO' bm node set rf1 --deploy-interface ramdisk \
    --instance-info boot_iso="$IRONIC_HTTP_URL/images/deploy.iso"
n=$(tr -d '\r' <"$T/console" | grep -c "Booting from CD: $ISO")
t_ok 'deploy' bm node deploy rf1 --wait 120
t_is 'active' "$(bm_field rf1 provision_state)" active
rf_req admin GET /redfish/v1/Managers/bmc/VirtualMedia/Cd
t_is 'Redfish: the ISO inserted' "$(jv 'd["Inserted"], d["Image"]')" "(True, '$ISO')"
rf_req admin GET /redfish/v1/Systems/srv1
t_is 'Redfish: boot override Cd, Continuous' \
    "$(jv 'd["Boot"]["BootSourceOverrideTarget"], d["Boot"]["BootSourceOverrideEnabled"]')" \
    "('Cd', 'Continuous')"
t_ok 'the host booted from the CD' wait_until 30 sh -c \
    '[ "$(tr -d "\r" <"$1" | grep -c "Booting from CD: $2")" -gt "$3" ]' \
    sh "$T/console" "$ISO" "$n"
n=$(tr -d '\r' <"$T/console" | grep -c "Booting from CD: $ISO")
t_is 'reboot' "$(bm_power rf1 reboot)" 'power on'
t_ok 'and from the CD again (persistent)' wait_until 30 sh -c \
    '[ "$(tr -d "\r" <"$1" | grep -c "Booting from CD: $2")" -gt "$3" ]' \
    sh "$T/console" "$ISO" "$n"
t_ok 'undeploy' bm node undeploy rf1 --wait 120
t_is 'available again' "$(bm_field rf1 provision_state)" available
rf_req admin GET /redfish/v1/Managers/bmc/VirtualMedia/Cd
t_is 'Redfish: ejected at undeploy' "$(jv 'd["Inserted"]')" false
t_like 'powerctl status: no media' "$(pctl status srv1)" 'media: +none'

kill9 console; kill9 subscribe; kill9 ironic
t_ok 'clean exit' stop_all
done_testing
