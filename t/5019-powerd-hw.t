#!/bin/sh
# 5019-powerd-hw.t: the hardware model: inventory.hw, op hw, changes applied at reset, persistence, boot text, powerctl
. "${0%/*}/lib.sh"
need powerd powerctl python3
lab_sim 2 '
server arm
	profile arm-1u
	sim-delay on 0
server big
	profile storage-2u
	disks 4
	disk-media hdd
	nics 2
	memory 98304
	dimms 6
	bios PowerOnDelay 5
server ex
	backend exec
	exec-on env >$T/ex.env'
start_powerd

raw() {
	_d=$1; shift
	_r=$(pctl raw "$1" 2>&1)
	t_like "$_d" "$_r" "$2"
}
hw() { pctl raw "{\"op\":\"hw\",\"server\":\"srv1\"$1}"; }
S='"server":"srv1"'
# py EXPR: evaluate EXPR on the hw object of srv1 (h) with /usr/bin/python3
py() {
	hw '' | /usr/bin/python3 -c "import json,sys; h=json.load(sys.stdin)['hw']; v=($1); print(v if isinstance(v, str) else repr(v))"
}

# inventory
raw 'inventory has hw' "{\"op\":\"inventory\",$S}" '"bios_version":"1.0.0".*"hw":\{"profile":"x86-1u","processors":\[\{"id":"CPU0","socket":"CPU 0","model":"Intel\(R\) Xeon\(R\) Silver 4310 CPU @ 2.10GHz"'
raw 'inventory "hw":false: the flat fields, no model' "{\"op\":\"inventory\",$S,\"hw\":false}" '"bmc_guid":"[0-9a-f]{32}"\}\}$'
raw 'inventory "hw":true: the model' "{\"op\":\"inventory\",$S,\"hw\":true}" '"bmc_guid":"[0-9a-f]{32}","hw":\{"profile":"x86-1u"'
raw 'inventory "hw" not a boolean: refused' "{\"op\":\"inventory\",$S,\"hw\":0}" '"ok":false,"error":"bad-request".*true or false'
t_is 'two sockets, eight DIMMs' "$(py 'len(h["processors"]), len(h["memory"]), sum(d["size_mib"] for d in h["memory"])')" '(2, 8, 131072)'
t_is 'first NIC port has the server MAC' "$(py 'h["nics"][0]["ports"][0]["mac"]')" '52:54:00:00:01:01'
t_is 'a RAID1 volume of two SSDs' "$(py 'h["storage"][0]["volumes"][0]["raid"], h["storage"][0]["volumes"][0]["drives"]')" "('RAID1', ['Disk0', 'Disk1'])"
t_is 'PSUs, fans' "$(py 'len(h["psus"]), len(h["fans"])')" '(2, 4)'
t_is 'boot order: disk, PXE, HTTP, CD' "$(py '" ".join(h["boot_order"])')" 'Boot0010 Boot0001 Boot0002 Boot0009'
t_is 'lists are lists' "$(py 'h["storage"][0]["pending_volumes"], h["bios"]["pending"], h["secure_boot"]["pending_enabled"]')" '([], {}, None)'
a=$(pctl raw '{"op":"hw","server":"srv2"}' | sed -n 's/.*"DIMM0".*"serial":"\([0-9A-F]*\)".*/\1/p')
b=$(hw '' | sed -n 's/.*"DIMM0".*"serial":"\([0-9A-F]*\)".*/\1/p')
t_ok 'servers differ' test -n "$a" -a "$a" != "$b"
raw 'arm-1u: one Altra' '{"op":"inventory","server":"arm"}' '"cpus":1,"cpu_cores":80,"cpu_model":"Ampere\(R\) Altra\(R\) Q80-30".*"arch":"ARM","isa":"ARMv8-A"'
raw 'storage-2u: lab keys shape it' '{"op":"inventory","server":"big"}' '"memory_mib":98304.*"profile":"storage-2u"'
t_is 'storage-2u: 2 SSDs + 4 HDDs, 6 DIMMs, 2 NICs, bios default' "$(pctl raw '{"op":"hw","server":"big"}' | /usr/bin/python3 -c 'import json,sys; h=json.load(sys.stdin)["hw"]; print(([d["media"] for d in h["storage"][0]["drives"]], len(h["memory"]), len(h["nics"]), h["bios"]["attributes"]["PowerOnDelay"]))')" "(['SSD', 'SSD', 'HDD', 'HDD', 'HDD', 'HDD'], 6, 2, 5)"

# bios-set: refused without a change, then pending, applied at power-on
before=$(hw '')
raw 'unknown attribute: not-found' "{\"op\":\"hw\",$S,\"action\":\"bios-set\",\"attributes\":{\"ProcVirtualization\":\"Disabled\",\"Bogus\":1}}" '"error":"not-found".*Bogus'
raw 'bad value: bad-request' "{\"op\":\"hw\",$S,\"action\":\"bios-set\",\"attributes\":{\"PowerOnDelay\":9999}}" '"error":"bad-request".*PowerOnDelay'
raw 'read-only: bad-request' "{\"op\":\"hw\",$S,\"action\":\"bios-set\",\"attributes\":{\"SerialNumber\":\"x\"}}" '"error":"bad-request".*read-only'
t_is 'no state change after refusals' "$(hw '')" "$before"
raw 'bios-set' "{\"op\":\"hw\",$S,\"action\":\"bios-set\",\"attributes\":{\"ProcVirtualization\":\"Disabled\",\"NumLock\":false},\"by\":\"redfish\"}" '"pending":\{"ProcVirtualization":"Disabled","NumLock":false\}'
t_is 'current unchanged until reset' "$(py 'h["bios"]["attributes"]["ProcVirtualization"]')" 'Enabled'
raw 'SEL says what changed' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"message":"BIOS pending: ProcVirtualization=Disabled NumLock=false","severity":"OK","origin":"redfish"'

# volumes, firmware, secure boot, boot order
raw 'volume-create: RAID1 on 3 drives refused' "{\"op\":\"hw\",$S,\"action\":\"volume-create\",\"storage\":\"RAID0\",\"raid\":\"RAID1\",\"drives\":[\"Disk0\"]}" '"error":"bad-request"'
raw 'volume-delete at reset' "{\"op\":\"hw\",$S,\"action\":\"volume-delete\",\"storage\":\"RAID0\",\"volume\":\"Volume0\",\"apply\":\"reset\"}" '"pending_volumes":\[\{"id":"Volume0",.*"op":"delete"\}\]'
raw 'firmware-stage BIOS' "{\"op\":\"hw\",$S,\"action\":\"firmware-stage\",\"component\":\"BIOS\",\"version\":\"1.1.0\"}" '"id":"BIOS","name":"BIOS","version":"1.0.0","updateable":true,"pending":"1.1.0"'
raw 'firmware-stage unknown component' "{\"op\":\"hw\",$S,\"action\":\"firmware-stage\",\"component\":\"CPLD\",\"version\":\"2\"}" '"error":"not-found"'
raw 'secure-boot on at reset' "{\"op\":\"hw\",$S,\"action\":\"secure-boot\",\"enabled\":true}" '"secure_boot":\{"enabled":false,"mode":"UserMode","pending_enabled":true'
raw 'boot-order not a permutation' "{\"op\":\"hw\",$S,\"action\":\"boot-order\",\"order\":[\"Boot0001\"]}" '"error":"bad-request"'
raw 'boot-order' "{\"op\":\"hw\",$S,\"action\":\"boot-order\",\"order\":[\"Boot0001\",\"Boot0010\",\"Boot0002\",\"Boot0009\"]}" '"boot_order":\["Boot0001","Boot0010","Boot0002","Boot0009"\]'
raw 'unknown action' "{\"op\":\"hw\",$S,\"action\":\"overclock\"}" '"error":"unknown-action"'

# powerd restart keeps everything pending
t_ok 'powerd stops' stop powerd
start_powerd
t_is 'pending survives a restart' "$(py 'h["bios"]["pending"], h["storage"][0]["pending_volumes"][0]["op"], h["firmware"][0]["pending"], h["secure_boot"]["pending_enabled"], h["boot_order"][0]')" "({'ProcVirtualization': 'Disabled', 'NumLock': False}, 'delete', '1.1.0', True, 'Boot0001')"

# power on with the console: the boot text names the applied settings
cat >"$T/con.py" <<'PY'
import array, json, socket, sys, time, select, os
path = sys.argv[1]
def call(**kw):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    kw.update({"v": 1, "id": 1, "server": "srv1"})
    s.sendall((json.dumps(kw) + "\n").encode())
    r = json.loads(s.makefile("rb").readline())
    s.close()
    return r
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
s.sendall(b'{"v":1,"id":1,"op":"console","server":"srv1"}\n')
msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(4))
a = array.array("i"); a.frombytes(anc[0][2]); fd = a[0]
call(op="power", action="on")
buf = b""
end = time.time() + 15
while b"login: " not in buf and time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        buf += os.read(fd, 65536)
sys.stdout.write(buf.decode(errors="replace"))
PY
/usr/bin/python3 "$T/con.py" "$T/powerd.sock" >"$T/boot.txt" 2>&1
boot=$(tr -d '\r' <"$T/boot.txt")
t_like 'boot text: BIOS version after the flash' "$boot" 'bmcsim BIOS 1.1.0 \(x86-1u, UEFI\)'
t_like 'boot text: processors and memory' "$boot" 'Processors: 2 x Intel\(R\) Xeon\(R\) Silver 4310 CPU @ 2.10GHz, Memory: 128 GiB'
t_like 'boot text: settings applied' "$boot" 'BIOS settings applied: ProcVirtualization=Disabled NumLock=false'
t_like 'boot text: volume deleted' "$boot" 'Storage: Volume0 \(VD0\) deleted'
t_like 'boot text: firmware flashed' "$boot" 'Firmware update: BIOS 1.0.0 -> 1.1.0 ... done'
t_like 'boot text: secure boot' "$boot" 'Secure Boot: enabled'
t_like 'boot text: PXE on the MAC' "$boot" 'Booting Boot0001: UEFI PXEv4 \(MAC:525400000101\)'
t_like 'boot text: then the OS' "$boot" 'srv1 login: '
t_is 'applied' "$(py 'h["bios"]["attributes"]["ProcVirtualization"], h["bios"]["pending"], h["storage"][0]["volumes"], h["storage"][0]["pending_volumes"], h["firmware"][0]["version"], h["firmware"][0]["pending"], h["secure_boot"]["enabled"], h["boot_order"]')" "('Disabled', {}, [], [], '1.1.0', None, True, ['Boot0001', 'Boot0002', 'Boot0009'])"
raw 'flat bios_version follows' "{\"op\":\"inventory\",$S}" '"bios_version":"1.1.0"'
raw 'SEL: applied at reset' "{\"op\":\"sel\",$S,\"action\":\"list\"}" '"message":"Firmware update: BIOS 1.0.0 -> 1.1.0 ... done"'

# volume create at reset (powerctl), applied by a reset; CD boot names the image
t_ok 'powerctl volume create at reset' pctl volume srv1 create RAID1 Disk0 Disk1 name=boot apply=reset
t_is 'pending create' "$(py 'h["storage"][0]["pending_volumes"][0]["op"], h["storage"][0]["volumes"]')" "('create', [])"
t_ok 'reset' pctl power srv1 reset
t_is 'created at reset' "$(py 'h["storage"][0]["volumes"][0]["id"], h["storage"][0]["volumes"][0]["name"], h["storage"][0]["volumes"][0]["capacity_bytes"], h["boot_order"][-1]')" "('Volume0', 'boot', 960197124096, 'Boot0010')"
t_ok 'powerctl volume delete at once' pctl volume srv1 delete Volume0
t_is 'deleted at once' "$(py 'h["storage"][0]["volumes"]')" '[]'
t_ok 'RAID0 at once' pctl volume srv1 create RAID0 Disk0
t_is 'Volume0 again' "$(py '[v["id"] for v in h["storage"][0]["volumes"]]')" "['Volume0']"

# powerctl: hw, bios, bootorder, secureboot, firmware
pctl hw srv1 >"$T/hw.out" 2>&1
t_like 'powerctl hw' "$(cat "$T/hw.out")" 'profile: +x86-1u'
t_like 'powerctl hw: processors' "$(cat "$T/hw.out")" 'processors: +2 x Intel'
t_ok 'powerctl bios set' pctl bios srv1 set PowerOnDelay=30 AssetTag=1234 NumLock=true
pctl bios srv1 >"$T/bios.out" 2>&1
t_like 'powerctl bios: pending typed by the registry' "$(cat "$T/bios.out")" 'PowerOnDelay=0 \(pending: 30\)'
t_like 'powerctl bios: string stays a string' "$(cat "$T/bios.out")" 'AssetTag= \(pending: 1234\)'
pctl bios srv1 set Nope=1 >"$T/bad.out" 2>&1
t_is 'powerctl bios set unknown: exit 1' "$?" 1
t_like 'and says why' "$(cat "$T/bad.out")" 'not-found: no BIOS attribute Nope'
t_ok 'powerctl bios clear' pctl bios srv1 clear
t_is 'pending cleared' "$(py 'h["bios"]["pending"]')" '{}'
t_ok 'powerctl bios reset' pctl bios srv1 reset
t_ok 'powerctl bootorder default' pctl bootorder srv1 default
t_is 'default order' "$(py 'h["boot_order"] == h["boot_order_default"]')" 'True'
t_ok 'powerctl secureboot off' pctl secureboot srv1 off
t_ok 'powerctl firmware BMC at once' pctl firmware srv1 BMC 0.2.0
raw 'BMC version at once' "{\"op\":\"inventory\",$S}" '"bmc_version":"0.2.0"'
t_ok 'powerctl secureboot keys DeletePK' pctl secureboot srv1 keys DeletePK
t_is 'setup mode' "$(py 'h["secure_boot"]["mode"], h["secure_boot"]["enabled"], h["secure_boot"]["databases"]["PK"]')" "('SetupMode', False, 0)"
raw 'secure boot needs a PK' "{\"op\":\"hw\",$S,\"action\":\"secure-boot\",\"enabled\":true}" '"error":"bad-request"'
t_ok 'power cycle' pctl power srv1 cycle
t_is 'bios defaults after reset' "$(py 'h["bios"]["attributes"]["ProcVirtualization"], h["bios"]["reset_pending"]')" "('Enabled', False)"
raw 'password: wrong old' "{\"op\":\"hw\",$S,\"action\":\"bios-password\",\"name\":\"AdminPassword\",\"old\":\"x\",\"new\":\"y\"}" '"error":"denied"'
raw 'password: set' "{\"op\":\"hw\",$S,\"action\":\"bios-password\",\"name\":\"AdminPassword\",\"old\":\"\",\"new\":\"y\"}" '"ok":true'

# exec: the next boot's device, Secure Boot and media in the environment
E='"server":"ex"'
pctl raw "{\"op\":\"hw\",$E,\"action\":\"secure-boot\",\"enabled\":true}" >/dev/null
pctl raw "{\"op\":\"media\",$E,\"action\":\"insert\",\"image\":\"http://127.0.0.1:1/x.iso\"}" >/dev/null
pctl raw "{\"op\":\"boot\",$E,\"action\":\"set\",\"target\":\"cd\",\"enabled\":\"once\"}" >/dev/null
pctl raw "{\"op\":\"hw\",$E,\"action\":\"bios-set\",\"attributes\":{\"ProcVirtualization\":\"Disabled\"}}" >/dev/null
t_ok 'exec power on' pctl power ex on
t_ok 'BMCSIM_BOOT_DEVICE=cd' grep -qx 'BMCSIM_BOOT_DEVICE=cd' "$T/ex.env"
t_ok 'BMCSIM_SECURE_BOOT=on' grep -qx 'BMCSIM_SECURE_BOOT=on' "$T/ex.env"
t_ok 'BMCSIM_MEDIA_URL' grep -qx 'BMCSIM_MEDIA_URL=http://127.0.0.1:1/x.iso' "$T/ex.env"
# the same facts as the docker backend's boot-facts file
t_ok 'BMCSIM_ACTION=on' grep -qx 'BMCSIM_ACTION=on' "$T/ex.env"
t_ok 'BMCSIM_BOOT_TARGET=cd, its option and name' sh -c "grep -qx 'BMCSIM_BOOT_TARGET=cd' '$T/ex.env' &&
    grep -qx 'BMCSIM_BOOT_OPTION=Boot[0-9A-F]\{4\}' '$T/ex.env' && grep -q '^BMCSIM_BOOT_NAME=..' '$T/ex.env'"
t_ok 'BMCSIM_BIOS_ProcVirtualization: the pending value this boot applies' grep -qx 'BMCSIM_BIOS_ProcVirtualization=Disabled' "$T/ex.env"
t_is 'every BIOS attribute of the registry' "$(grep -c '^BMCSIM_BIOS_' "$T/ex.env")" "$(pctl raw "{\"op\":\"hw\",$E}" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hw"]["bios"]["attributes"]))')"
t_is 'exec: applied at power-on too' "$(pctl raw "{\"op\":\"hw\",$E}" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["hw"]["secure_boot"]["enabled"])')" 'True'

# bad input: clear errors, no crash
for r in '"action":"bios-set","attributes":[1]' '"action":"bios-set"' \
    '"action":"boot-order","order":[1,2]' '"action":"boot-order","order":"x"' \
    '"action":"volume-create","raid":"RAID1","drives":"Disk0"' \
    '"action":"volume-create","raid":7,"drives":[]' \
    '"action":"volume-create","raid":"RAID0","drives":[{}],"apply":"later"' \
    '"action":"volume-delete","volume":{}' '"action":"secure-boot","enabled":"yes"' \
    '"action":"secure-boot-reset","keys":1' '"action":"firmware-stage","component":"BIOS"' \
    '"action":"firmware-stage","component":"BIOS","version":"1.2.3.4.5.6.7.8.9.10.11.12.13.14"' \
    '"action":"bios-password","name":"AdminPassword","old":1,"new":"x"' \
    '"action":"http-boot-uri","uri":null' '"action":7'; do
	raw "refused: $r" "{\"op\":\"hw\",$S,$r}" '"ok":false,"error":"(bad-request|not-found)","message":"[^"]+"'
done
t_like 'still serving' "$(pctl raw "{\"op\":\"hw\",$S}")" '"ok":true'

# every port of every server has its own MAC (lab_sim numbers the first
# MACs sequentially, as mk/lab.sh does)
macs=$(for s in srv1 srv2; do pctl -j inventory $s |
    jq -r '.inventory.hw.nics[].ports[].mac'; done)
t_is 'no MAC is shared between ports or servers' \
    "$(printf '%s\n' "$macs" | sort | uniq -d | wc -l)" 0
t_like 'both servers have several ports' "$(printf '%s\n' "$macs" | wc -l)" '^ *[4-9]'
# the model's fans are the fan sensors IPMI and Redfish read
for s in srv1 big; do
	t_is "$s: fans = fan sensors" \
	    "$(pctl -j inventory $s | jq -r '[.inventory.hw.fans[].id] | join(" ")')" \
	    "$(pctl -j sensors $s | jq -r '[.sensors[] | select(.type == "fan") | .name] | join(" ")')"
done
t_ok 'clean exit' stop_all
done_testing
