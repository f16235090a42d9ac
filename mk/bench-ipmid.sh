#!/bin/sh
# mk/bench-ipmid.sh: ipmid figures side by side with OpenIPMI ipmi_sim; prints, asserts nothing.
# SPDX-License-Identifier: ISC
#
# Figures: daemon CPU per RMCP+ session (ipmitool -C 3 loop, and a light
# python RMCP+ console doing login / Get Device ID / Close Session),
# requests/s inside one session (ipmitool exec), spawn-to-first-answer
# (ASF ping), idle RSS and RSS after 10 000 sessions, and the share of
# ipmitool logins that succeed during a 30 000/s RMCP+ Open Session flood
# from 64 source ports (t/helper/rmcpflood.py).  Everything binds to
# 127.0.0.1.  Run from the top of the tree after `make all`.
set -u
TOP=$(cd "${0%/*}/.." && pwd)
B=$(mktemp -d "${TMPDIR:-/tmp}/bench-ipmid.XXXXXX")
NSESS=${NSESS:-10000}
NIPMITOOL=${NIPMITOOL:-100}
NREQ=${NREQ:-2000}
NFLOOD=${NFLOOD:-20}
FLOODRATE=${FLOODRATE:-30000}
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$B"' EXIT
port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ms() { awk '{ printf "%.3f\n", $1 / 1e6 }' "/proc/$1/schedstat"; }	# ns on CPU
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

cat >"$B/load.py" <<'PY'
import hashlib, hmac, os, socket, struct, sys, time
port, what = int(sys.argv[1]), sys.argv[2]
addr = ("127.0.0.1", port)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2.0)
RMCP = b"\x06\x00\xff\x07"
def pre(pt, p): return RMCP + bytes([6, pt]) + struct.pack("<IIH", 0, 0, len(p)) + p
def rx():
    try: return s.recv(4096)
    except socket.timeout: return None
def msg(cmd, data=b"", q=1):
    h = bytes([0x20, 6 << 2]); h += bytes([(-sum(h)) & 0xff])
    b = bytes([0x81, q << 2, cmd]) + data
    return h + b + bytes([(-sum(b)) & 0xff])
def authed(bsid, k1, seq, p):
    body = bytes([6, 0x40]) + struct.pack("<IIH", bsid, seq, len(p)) + p
    pad = (4 - (len(body) + 2) % 4) % 4
    body += b"\xff" * pad + bytes([pad, 7])
    return RMCP + body + hmac.new(k1, body, hashlib.sha1).digest()[:12]
def session(name=b"admin", pw=b"password"):
    csid = struct.unpack("<I", os.urandom(4))[0] | 1
    p = bytes([0, 4, 0, 0]) + struct.pack("<I", csid) + bytes([0,0,0,8,1,0,0,0, 1,0,0,8,1,0,0,0, 2,0,0,8,0,0,0,0])
    s.sendto(pre(0x10, p), addr); r = rx()
    if not r or r[17]: return False
    bsid = struct.unpack("<I", r[24:28])[0]; rm = os.urandom(16)
    s.sendto(pre(0x12, b"\0\0\0\0" + struct.pack("<I", bsid) + rm + bytes([0x14, 0, 0, len(name)]) + name), addr)
    r = rx()
    if not r or r[17]: return False
    rc = r[24:40]; kuid = pw.ljust(20, b"\0"); role = b"\x14" + bytes([len(name)]) + name
    code = hmac.new(kuid, rc + struct.pack("<I", csid) + role, hashlib.sha1).digest()
    s.sendto(pre(0x14, b"\0\0\0\0" + struct.pack("<I", bsid) + code), addr); r = rx()
    if not r or r[17]: return False
    sik = hmac.new(kuid, rm + rc + role, hashlib.sha1).digest()
    k1 = hmac.new(sik, b"\x01" * 20, hashlib.sha1).digest()
    s.sendto(authed(bsid, k1, 1, msg(0x01, q=1)), addr); r = rx()
    s.sendto(authed(bsid, k1, 2, msg(0x3c, struct.pack("<I", bsid), q=2)), addr); rx()
    return r is not None
if what == "sessions":
    n = int(sys.argv[3]); ok = 0; t0 = time.time()
    for i in range(n): ok += session()
    print("%d %.2f" % (ok, time.time() - t0))
elif what == "startup":
    # spawn argv[3:], ASF ping every 0.5 ms until a pong
    import subprocess
    ping = b"\x06\x00\xff\x06\x00\x00\x11\xbe\x80\x01\x00\x00"
    s.settimeout(0.0005); t0 = time.perf_counter()
    p = subprocess.Popen(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try: s.sendto(ping, addr)
        except OSError: pass
        try:
            if s.recv(64): break
        except (socket.timeout, OSError): pass
        if time.perf_counter() - t0 > 10: break
    print("%.1f %d" % ((time.perf_counter() - t0) * 1000, p.pid))
PY

# --- the two BMCs ---
mkdir -p "$B/state" "$B/isim/state"
cat >"$B/lab.conf" <<EOL
state-dir $B/state
account admin administrator password password
server srv1
	backend sim
EOL
printf 'password\n' >"$B/pw"
mkfifo "$B/pd.rdy"
"$TOP/powerd/powerd" -f "$B/lab.conf" -S "$B/pd.sock" -N 3 3>"$B/pd.rdy" 2>"$B/powerd.log" &
PIDS="$PIDS $!"
read -r _ <"$B/pd.rdy"

IP=$(port)
SP=$(port)
cat >"$B/isim/lan.conf" <<EOL
name "bench"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 $SP
    priv_limit admin
    allowed_auths_callback md5
    allowed_auths_user md5
    allowed_auths_operator md5
    allowed_auths_admin md5
    guid a123456789abcdefa123456789abcdef
  endlan
  user 2 true "admin" "password" admin 10 md5
EOL
printf 'mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02\nmc_enable 0x20\n' >"$B/isim/sim.emu"

set -- $(python3 "$B/load.py" "$IP" startup "$TOP/ipmid/ipmid" -l "127.0.0.1:$IP" -S "$B/pd.sock" -i srv1)
I_START=$1; IPID=$2; PIDS="$PIDS $IPID"
if command -v ipmi_sim >/dev/null; then
	set -- $(python3 "$B/load.py" "$SP" startup ipmi_sim -n -c "$B/isim/lan.conf" -f "$B/isim/sim.emu" -s "$B/isim/state")
	S_START=$1; SPID=$2; PIDS="$PIDS $SPID"
else
	S_START=NA; SPID=
fi
# let ipmid fetch the accounts
i=0; while [ $i -lt 100 ] && ! ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$IP" -U admin -f "$B/pw" raw 6 1 >/dev/null 2>&1; do i=$((i + 1)); done

bench() {	# NAME PORT PID SUITE
	n=$1; p=$2; pid=$3; c=$4
	[ -n "$pid" ] || { echo "$n: not available"; return; }
	rss0=$(rss_kb "$pid")
	c0=$(cpu_ms "$pid"); t0=$(date +%s%N)
	i=0; while [ $i -lt "$NIPMITOOL" ]; do
		ipmitool -I lanplus -C "$c" -H 127.0.0.1 -p "$p" -U admin -f "$B/pw" raw 6 1 >/dev/null 2>&1
		i=$((i + 1)); done
	c1=$(cpu_ms "$pid"); t1=$(date +%s%N)
	ipmitool_cpu=$(echo "$c0 $c1 $NIPMITOOL" | awk '{ printf "%.4f", ($2 - $1) / $3 }')
	ipmitool_sps=$(echo "$t0 $t1 $NIPMITOOL" | awk '{ printf "%.1f", $3 / (($2 - $1) / 1e9) }')
	i=0; : >"$B/cmds"; while [ $i -lt "$NREQ" ]; do echo "raw 0x06 0x01" >>"$B/cmds"; i=$((i + 1)); done
	t0=$(date +%s%N)
	ipmitool -I lanplus -C "$c" -H 127.0.0.1 -p "$p" -U admin -f "$B/pw" exec "$B/cmds" >/dev/null 2>&1
	t1=$(date +%s%N)
	rps=$(echo "$t0 $t1 $NREQ" | awk '{ printf "%.0f", $3 / (($2 - $1) / 1e9) }')
	c0=$(cpu_ms "$pid")
	set -- $(python3 "$B/load.py" "$p" sessions "$NSESS")
	c1=$(cpu_ms "$pid")
	py_cpu=$(echo "$c0 $c1 $NSESS" | awk '{ printf "%.4f", ($2 - $1) / $3 }')
	py_sps=$(echo "$1 $2" | awk '{ printf "%.0f", $1 / $2 }')
	echo "$n: sessions ok $1/$NSESS"
	printf '%-10s %-34s %s\n' "$n" "idle_rss_kb" "$rss0"
	printf '%-10s %-34s %s\n' "$n" "cpu_ms_per_session_ipmitool_C$c" "$ipmitool_cpu"
	printf '%-10s %-34s %s\n' "$n" "sessions_per_s_ipmitool_C$c" "$ipmitool_sps"
	printf '%-10s %-34s %s\n' "$n" "raw_req_per_s_one_session" "$rps"
	printf '%-10s %-34s %s\n' "$n" "cpu_ms_per_session_python_C2" "$py_cpu"
	printf '%-10s %-34s %s\n' "$n" "sessions_per_s_python_C2" "$py_sps"
	printf '%-10s %-34s %s\n' "$n" "rss_kb_after_${NSESS}_sessions" "$(rss_kb "$pid")"
}
echo "# ipmid vs ipmi_sim on 127.0.0.1 ($(nproc) cores); lower ms/kB and higher /s are better"
printf '%-10s %-34s %s\n' ipmid startup_ms_to_first_pong "$I_START"
printf '%-10s %-34s %s\n' ipmi_sim startup_ms_to_first_pong "$S_START"
bench ipmid "$IP" "$IPID" 3
bench ipmi_sim "$SP" "$SPID" 3

flood() {	# NAME PORT PID: ipmitool logins during an Open Session flood
	n=$1; p=$2; pid=$3
	[ -n "$pid" ] || return 0
	python3 "$TOP/t/helper/rmcpflood.py" "$p" "$FLOODRATE" 120 64 >"$B/flood.out" 2>&1 &
	fp=$!
	ok=0; i=0
	while [ $i -lt "$NFLOOD" ]; do
		ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$p" -U admin -f "$B/pw" raw 6 1 >"$B/o" 2>&1 &&
		    ! grep -q 'Unable to establish' "$B/o" && ok=$((ok + 1))
		i=$((i + 1))
	done
	kill -TERM "$fp" 2>/dev/null; wait "$fp"
	printf '%-10s %-34s %s\n' "$n" "logins_ok_under_${FLOODRATE}_per_s_open_flood" \
	    "$ok/$NFLOOD ($(cat "$B/flood.out"))"
}
flood ipmid "$IP" "$IPID"
flood ipmi_sim "$SP" "$SPID"
