#!/bin/sh
# 1007-ipmid-accounts.t: accounts follow powerd's events; a full session table; idle timeout frees slots
. "${0%/*}/lib.sh"
need ipmitool python3
lab_sim 1
start_powerd
printf 'max-sessions 4\nidle-timeout 2s\n' >"$T/ipmid.conf"
start ipmid -f "$T/ipmid.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
login() { _u=$1; _f=$2; shift 2
	timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" -U "$_u" -f "$_f" "$@" raw 0x06 0x01 >/dev/null 2>&1; }
printf 'bobsecret\n' >"$T/pw.bob"
printf 'newsecret\n' >"$T/pw.new"

t_fail 'bob unknown at first' login bob "$T/pw.bob" -L OPERATOR
t_ok 'powerctl adds bob (operator)' pctl accounts srv1 add bob operator -p "$T/pw.bob"
t_ok 'bob can log in at OPERATOR (accounts event)' wait_until 10 login bob "$T/pw.bob" -L OPERATOR
t_fail 'bob cannot be ADMINISTRATOR' login bob "$T/pw.bob"
t_ok 'powerd changes bob to administrator' pctl accounts srv1 set bob role=administrator
t_ok 'bob now gets ADMINISTRATOR' wait_until 10 login bob "$T/pw.bob"
t_ok 'new password' pctl accounts srv1 set bob -p "$T/pw.new"
t_ok 'new password works' wait_until 10 login bob "$T/pw.new"
t_fail 'old password refused' login bob "$T/pw.bob"
t_ok 'disable bob' pctl accounts srv1 set bob enabled=no
t_ok 'disabled bob refused' wait_until 10 sh -c "! timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p $P -U bob -f $T/pw.new raw 6 1 >/dev/null 2>&1"

# four idle sessions fill the table (ipmitool without Close Session: kill it)
cat >"$T/hold.py" <<'PY'
import hashlib, hmac, os, socket, struct, sys
port = int(sys.argv[1]); addr = ("127.0.0.1", port)
RMCP = b"\x06\x00\xff\x07"
def pre(pt, p): return RMCP + bytes([6, pt]) + struct.pack("<IIH", 0, 0, len(p)) + p
ok = 0
for i in range(int(sys.argv[2])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1)
    csid = 0x5000 + i
    s.sendto(pre(0x10, bytes([0, 4, 0, 0]) + struct.pack("<I", csid) + bytes([0,0,0,8,1,0,0,0, 1,0,0,8,1,0,0,0, 2,0,0,8,0,0,0,0])), addr)
    r = s.recv(512)
    if r[17]: print("open status 0x%02x" % r[17]); continue
    bsid = r[24:28]; rm = os.urandom(16); name = b"admin"
    s.sendto(pre(0x12, b"\0\0\0\0" + bsid + rm + bytes([0x14, 0, 0, 5]) + name), addr)
    r = s.recv(512); rc = r[24:40]
    kuid = b"password".ljust(20, b"\0")
    code = hmac.new(kuid, rc + struct.pack("<I", csid) + b"\x14\x05" + name, hashlib.sha1).digest()
    s.sendto(pre(0x14, b"\0\0\0\0" + bsid + code), addr)
    r = s.recv(512); ok += r[17] == 0
print("active", ok)
PY
# the refused old password left a RAKP 2 unanswered (ipmitool gives up
# without RAKP 3): a handshake past RAKP 1 keeps its slot for its 1 s
# grace (not a readiness wait)
sleep 1.2
t_is 'four sessions fill max-sessions 4' "$(timeout 30 python3 "$T/hold.py" "$P" 4)" 'active 4'
t_is 'a fifth is refused with status 0x01' "$(timeout 30 python3 "$T/hold.py" "$P" 1)" \
    "$(printf 'open status 0x01\nactive 0')"
t_ok 'after the idle timeout (2 s) a client gets in' wait_until 10 login admin "$T/pw.admin"
t_ok 'ipmid exits 0 on SIGTERM' stop_all
