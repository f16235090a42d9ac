#!/bin/sh
# 1009-ipmid-session-quota.t: an account below ADMINISTRATOR holds at most half the sessions; a quarter stays free for administrators (RMCP+ and IPMI 1.5)
. "${0%/*}/lib.sh"
need ipmitool python3
lab_sim 1
start_powerd
printf 'max-sessions 8\n' >"$T/ipmid.conf"
start ipmid -f "$T/ipmid.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")

# hold.py PORT NAME PASSWORD N: N RMCP+ logins (suite 2) left open; prints
# how many got in and the RAKP 2 status of the first refusal
cat >"$T/hold.py" <<'PY'
import hashlib, hmac, os, socket, struct, sys
port, name, pw, n = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode(), int(sys.argv[4])
addr = ("127.0.0.1", port)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2.0)
RMCP = b"\x06\x00\xff\x07"
def pre(pt, p): return RMCP + bytes([6, pt]) + struct.pack("<IIH", 0, 0, len(p)) + p
def rx():
    try: return s.recv(4096)
    except socket.timeout: return None
def login():
    csid = struct.unpack("<I", os.urandom(4))[0] | 1
    p = bytes([0, 4, 0, 0]) + struct.pack("<I", csid) + bytes([0,0,0,8,1,0,0,0, 1,0,0,8,1,0,0,0, 2,0,0,8,0,0,0,0])
    s.sendto(pre(0x10, p), addr); r = rx()
    if not r or r[17]: return "open %s" % (r[17] if r else "silence")
    bsid = struct.unpack("<I", r[24:28])[0]; rm = os.urandom(16)
    s.sendto(pre(0x12, b"\0\0\0\0" + struct.pack("<I", bsid) + rm + bytes([0x14, 0, 0, len(name)]) + name), addr)
    r = rx()
    if not r or r[17]: return "rakp2 0x%02x" % r[17] if r else "silence"
    rc = r[24:40]; kuid = pw.ljust(20, b"\0"); role = b"\x14" + bytes([len(name)]) + name
    code = hmac.new(kuid, rc + struct.pack("<I", csid) + role, hashlib.sha1).digest()
    s.sendto(pre(0x14, b"\0\0\0\0" + struct.pack("<I", bsid) + code), addr); r = rx()
    if not r or r[17]: return "rakp4 0x%02x" % r[17] if r else "silence"
    return None
ok = 0; why = "none"
for i in range(n):
    e = login()
    if e is None: ok += 1
    elif why == "none": why = e
print("in %d refused %s" % (ok, why))
PY
hold() { timeout 60 python3 "$T/hold.py" "$P" "$@"; }
it() { timeout 60 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$P" "$@"; }

t_is 'USER account: 4 of 8 sessions (half), then insufficient resources' \
    "$(hold readonly readonly 8)" 'in 4 refused rakp2 0x01'
t_fail 'USER account: a fifth login (ipmitool) refused' \
    it -L USER -U readonly -f "$T/pw.readonly" raw 0x06 0x01
t_is 'OPERATOR account: 2 more (8 less the 2 kept for administrators)' \
    "$(hold operator operator 8)" 'in 2 refused rakp2 0x01'
t_ok 'the administrator still gets in (RMCP+)' \
    it -U admin -f "$T/pw.admin" raw 0x06 0x01
t_ok 'the administrator gets in over IPMI 1.5' \
    timeout 60 ipmitool -I lan -A MD5 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" raw 0x06 0x01
t_is 'administrator accounts are not capped at half' \
    "$(hold admin password 6)" 'in 2 refused open 1'
t_ok 'ipmid exits 0 on SIGTERM' stop ipmid

# IPMI 1.5: Activate Session answers 0x82 for the account's own limit
start_as ipmid2 ipmid -f "$T/ipmid.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid2_addr")
t_is 'USER account holds 4 of 8 (RMCP+)' "$(hold readonly readonly 4)" 'in 4 refused none'
t_fail 'IPMI 1.5 login by the same account refused' \
    timeout 60 ipmitool -I lan -A MD5 -L USER -H 127.0.0.1 -p "$P" -U readonly -f "$T/pw.readonly" raw 0x06 0x01
t_like 'with 0x82 (no slot for this user)' "$(cat "$T/out")" 'No slot available for given user'
t_ok 'ipmid exits 0 on SIGTERM' stop ipmid2
