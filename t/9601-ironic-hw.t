#!/bin/sh
# 9601-ironic-hw.t: Debian's OpenStack Ironic inspects a simulated server
# over Redfish (CPUs, memory, disks, MACs into node properties and ports)
# and caches its BIOS settings, as a provisioning lab does.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
. "$TOP/t/helper/ironic.sh"
need curl socat baremetal /usr/bin/python3
"$PY" -c 'import ironic.cmd.singleprocess' 2>/dev/null || need python3-ironic-module
lab_sim 1
start_powerd
# XXX #11: until powerd has the "hw" op, a fixture answers it from a sample
PDS=$T/powerd.sock
if ! printf '{"op":"hw","server":"srv1","action":"get"}\n' |
    socat -t 5 - "UNIX-CONNECT:$T/powerd.sock" 2>/dev/null |
    grep -q '"ok":true'; then
	start_as hwfix "$TOP/t/helper/pdhwfix.py" -l "$T/hw.sock" \
	    -u "$T/powerd.sock" -m "$TOP/t/data/hw-x86-1u.json"
	PDS=$T/hw.sock
	echo "# powerd has no hw op yet: t/helper/pdhwfix.py answers it"
fi
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$PDS" -i srv1
RF=http://${redfishd_addr%% *}
RFS=https://${redfishd_addr##* }
ironic_start

t_ok 'enroll srv1 (redfish)' bm node create --driver redfish --name rf1 \
    --driver-info redfish_address="$RFS" \
    --driver-info redfish_system_id=/redfish/v1/Systems/srv1 \
    --driver-info redfish_username=admin \
    --driver-info redfish_password=password \
    --driver-info redfish_verify_ca=False \
    --boot-interface redfish-virtual-media --deploy-interface ramdisk \
    --inspect-interface redfish --bios-interface redfish \
    --raid-interface redfish
t_ok 'manage' bm node manage rf1 --wait 90
t_ok 'inspect' bm node inspect rf1 --wait 120
t_is 'manageable after inspection' "$(bm_field rf1 provision_state)" manageable
props=$(bm node show rf1 -f json -c properties)
want() { rf_req readonly GET "$1"; jv "$2"; }
RF_BASE=$RF
t_is 'cpu_arch' "$(echo "$props" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["properties"].get("cpu_arch"))')" x86_64
t_like 'cpus' "$(echo "$props" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["properties"].get("cpus"))')" '^[1-9][0-9]*$'
t_is 'memory_mb from MemorySummary' \
    "$(echo "$props" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["properties"].get("memory_mb"))')" \
    "$(want /redfish/v1/Systems/srv1 'int(d["MemorySummary"]["TotalSystemMemoryGiB"] * 1024)')"
t_like 'local_gb from the disks' "$(echo "$props" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["properties"].get("local_gb"))')" '^[1-9][0-9]*$'
ports=$(bm port list --node rf1 -f value -c Address | sort | tr '\n' ' ')
t_like 'a port per MAC' "$ports" '52:54:00:00:01:01'

# Ironic caches the BIOS settings (and the registry's facts) on manage
t_ok 'BIOS settings cached' sh -c \
    'baremetal node bios setting list rf1 -f value -c "BIOS setting name" >"$1/bios"' sh "$T"
t_like 'BootMode among them' "$(cat "$T/bios")" '^BootMode$'
t_is 'as many as the System has' "$(wc -l <"$T/bios" | tr -d ' ')" \
    "$(want /redfish/v1/Systems/srv1/Bios 'len(d["Attributes"])')"
# (applying BIOS settings is a clean step, which needs Ironic's agent)

kill9 ironic
t_ok 'clean exit' stop_all
done_testing
