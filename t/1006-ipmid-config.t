#!/bin/sh
# 1006-ipmid-config.t: flags and config file (-n, usage 100), K_g two-key login, suite list, suite 0 opt-in
. "${0%/*}/lib.sh"
need ipmitool bmc-info python3
lab_sim 1

t_fail 'usage error' ipmid -x
t_is 'usage exits 100' "$(ipmid -x >/dev/null 2>&1; echo $?)" 100
t_like 'usage line' "$(ipmid -x 2>&1)" '^usage: ipmid \[-nsv\] \[-f file\] \[-i server\] \[-l addr:port\] \[-M servers\] \[-N fd\] \[-S socket\] \[-u user\]$'
printf 'bogus-key 1\n' >"$T/bad.conf"
t_is 'unknown key exits 100' "$(ipmid -n -f "$T/bad.conf" >/dev/null 2>&1; echo $?)" 100
t_like 'file:line: unknown key' "$(ipmid -n -f "$T/bad.conf" 2>&1)" 'bad.conf:1: unknown key "bogus-key"'
printf 'cipher-suites 3 42\n' >"$T/bad2.conf"
t_like 'unsupported suite named' "$(ipmid -n -f "$T/bad2.conf" 2>&1)" 'suite 42 is not supported'

printf '0123456789abcdef0123456789abcdef01234567\n' >"$T/kg"
cat >"$T/ipmid.conf" <<EOF2
# two-key login, only suites 17 and 0 (0 opted in), short idle timeout
kg-file $T/kg
cipher-suites 17 0
idle-timeout 5s
max-sessions 4
EOF2
t_ok '-n: configuration OK' ipmid -n -f "$T/ipmid.conf"
t_like 'says so' "$(cat "$T/out")" 'configuration OK'

start_powerd
start ipmid -f "$T/ipmid.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
# ipmitool sometimes exits 0 after "Unable to establish ... session"
t_refused() {
	_d=$1; shift
	if "$@" >"$T/out" 2>&1 && ! grep -q 'Unable to establish' "$T/out"; then
		fail "$_d" "command succeeded: $*" "$(tail -n 5 "$T/out")"
	else pass "$_d"; fi
}
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }
t_ok 'K_g: ipmitool -y with the right key' it -C 17 -y 0123456789abcdef0123456789abcdef01234567 raw 0x06 0x01
t_refused 'K_g: no key refused' it -C 17 raw 0x06 0x01
t_refused 'K_g: wrong key refused' it -C 17 -y 1123456789abcdef0123456789abcdef01234567 raw 0x06 0x01
t_ok 'K_g: FreeIPMI -k' timeout 60 bmc-info -D LAN_2_0 -I 17 -h "127.0.0.1:$P" -u admin -p password \
    --k-g=0x0123456789abcdef0123456789abcdef01234567
t_ok 'authcap reports K_g set' it -C 17 -y 0123456789abcdef0123456789abcdef01234567 channel authcap 1 4
t_like 'KG status non-zero' "$(cat "$T/out")" 'KG status +: non-zero'
t_refused 'suite 3 not configured: refused' it -C 3 -y 0123456789abcdef0123456789abcdef01234567 raw 0x06 0x01
t_ok 'getciphers lists 17 and 0 only' it -C 17 -y 0123456789abcdef0123456789abcdef01234567 channel getciphers ipmi
t_is 'suite ids' "$(awk 'NR > 1 { print $1 }' "$T/out" | sort -n | tr '\n' ' ')" '0 17 '
t_ok 'ipmid exits 0 on SIGTERM' stop_all

# -u: bind as root, then run as nobody (root only)
if [ "$(id -u)" = 0 ]; then
	start_as ipmid2 ipmid -u nobody -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
	t_is 'running as nobody' "$(awk '/^Uid:/ { print $2 }' /proc/"$ipmid2_pid"/status)" \
	    "$(id -u nobody)"
	t_is 'no_new_privs set' "$(awk '/^NoNewPrivs:/ { print $2 }' /proc/"$ipmid2_pid"/status)" 1
	t_ok 'answers an ASF ping as nobody' timeout 30 python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5)
s.sendto(bytes.fromhex("0600ff06000011be80010000"), ("127.0.0.1", int(sys.argv[1])))
sys.exit(0 if s.recv(64)[8] == 0x40 else 1)' "$(port_of "$ipmid2_addr")"
	t_ok 'exits 0 on SIGTERM' stop ipmid2
fi
