#!/bin/sh
# 5508-docker-boot-facts.t: boot-facts DIR: before each start of a docker
# server powerd writes DIR/<server>.env; the container reads it from a
# read-only bind mount at boot and prints it on its console
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl python3
dk_start || BAIL "dockerd did not start"
dk_image bmcsim/busybox:test || BAIL "no image"
mkdir -p "$T/facts"
# each boot prints the file, then one summary line
docker create --name node1 --tty --interactive --network none --init \
    --stop-signal SIGHUP --stop-timeout 2 --label org.bmcsim.test=1 \
    -v "$T/facts:/run/bmcsim-boot:ro" \
    bmcsim/busybox:test sh -c 'f=/run/bmcsim-boot/srv1.env; cat $f;
	. $f; echo "facts $BMCSIM_ACTION dev=$BMCSIM_BOOT_DEVICE" \
	"sb=$BMCSIM_SECURE_BOOT opt=$BMCSIM_BOOT_OPTION mac=$BMCSIM_BOOT_MAC" \
	"vt=$BMCSIM_BIOS_ProcVirtualization end"; exec sh' >/dev/null ||
    BAIL "no container"
# node2 (srv2) has its own boot-facts, a directory that does not exist
dk_create node2 || BAIL "no container node2"
dk_lab node1 node2
sed -i "1i boot-facts $T/facts" "$T/lab.conf"
printf '\tboot-facts %s\n' "$T/nodir" >>"$T/lab.conf"
start_powerd -D "$DK/docker.sock"
logs() { docker logs node1 2>&1 | tr -d '\r'; }
nfacts() { logs | grep -c '^facts '; }
booted() { [ "$(nfacts)" -ge "$1" ]; }
last() { logs | grep '^facts ' | tail -n 1; }
HW=$(pctl raw '{"op":"hw","server":"srv1"}')
MAC=$(printf '%s' "$HW" | /usr/bin/python3 -c 'import json,sys
h=json.load(sys.stdin)["hw"]
print(h["nics"][0]["ports"][0]["mac"] if "nics" in h else "")' 2>/dev/null)

t_ok 'no file before the first start' test ! -e "$T/facts/srv1.env"
t_ok 'boot pxe once' pctl boot srv1 set pxe once
t_ok 'power on' pctl power srv1 on
t_ok 'boot 1 printed its facts' wait_until 10 booted 1
t_like 'the container saw BMCSIM_BOOT_DEVICE=pxe' "$(logs)" \
    "BMCSIM_BOOT_DEVICE='pxe'"
t_like 'boot 1: on, pxe, Secure Boot off, a PXE option and its MAC' \
    "$(last)" "^facts on dev=pxe sb=off opt=Boot0001 mac=$MAC vt=Enabled end\$"
t_ok 'MAC known' test -n "$MAC"
t_ok 'the file is 0644, no temporary left' sh -c \
    "[ \$(stat -c %a '$T/facts/srv1.env') = 644 ] &&
    [ \$(ls -A '$T/facts' | wc -l) = 1 ]"
t_ok 'no media: an empty BMCSIM_MEDIA_URL' \
    grep -qx "BMCSIM_MEDIA_URL=''" "$T/facts/srv1.env"

# Secure Boot on and a BIOS change, pending until the reset
t_ok 'secure boot on' pctl secureboot srv1 on
t_ok 'bios set ProcVirtualization=Disabled' \
    pctl bios srv1 set ProcVirtualization=Disabled
t_ok 'reset' pctl power srv1 reset
t_ok 'boot 2 printed its facts' wait_until 10 booted 2
t_like 'boot 2: reset, the once-override consumed, Secure Boot on, BIOS' \
    "$(last)" '^facts reset dev=hdd sb=on opt=[^ ]* mac= vt=Disabled end$'

# a CD override with media: the URL; quotes survive sh(1)
t_ok 'media insert' pctl raw '{"op":"media","server":"srv1","action":"insert","image":"http://127.0.0.1:1/it'"'"'s.iso"}'
t_ok 'boot cd once' pctl boot srv1 set cd once
t_ok 'cycle' pctl power srv1 cycle
t_ok 'boot 3 printed its facts' wait_until 10 booted 3
t_like 'boot 3: cycle from the CD' "$(last)" '^facts cycle dev=cd sb=on opt=Boot[0-9A-F]{4} mac= '
t_like 'the media URL with its quote' "$(logs)" \
    "BMCSIM_MEDIA_URL='http://127.0.0.1:1/it'\\\\''s.iso'"

# srv2's own directory is missing: the start goes on, powerd says why
t_ok 'srv2 power on' pctl power srv2 on
t_ok 'srv2 running without its facts' wait_until 10 dk_state_is node2 running
t_like 'powerd logged the file it could not write' "$(cat "$T/powerd.log")" \
    "srv2: boot-facts $T/nodir/\\.srv2\\.env\\.tmp: No such file"
t_ok "srv1's facts were not written for srv2" test ! -e "$T/facts/srv2.env"

t_ok 'clean exit' stop_all
done_testing
