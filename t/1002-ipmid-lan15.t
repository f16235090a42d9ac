#!/bin/sh
# 1002-ipmid-lan15.t: IPMI 1.5 sessions (MD5; straight password only when configured), NONE refused, wrong password refused
. "${0%/*}/lib.sh"
need ipmitool
lab_sim 1
start_powerd
printf 'wrong\n' >"$T/pw.wrong"

# straight password is off by default (as OpenBMC ships): MD5 only
start_as ipmid0 ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid0_addr")
lan() { timeout 60 ipmitool -I lan -H 127.0.0.1 -p "$P" "$@"; }
t_ok 'default: MD5 session' lan -A MD5 -U admin -f "$T/pw.admin" raw 0x06 0x01
t_fail 'default: -A PASSWORD refused' lan -A PASSWORD -U admin -f "$T/pw.admin" raw 0x06 0x01
t_ok 'default: authcap' lan -A MD5 -U admin -f "$T/pw.admin" channel authcap 1 4
t_like 'default: auth types MD5 only' "$(cat "$T/out")" 'auth types +: MD5 *$'
# Get Channel Auth Capabilities raw: byte 2 is the type mask, 0x04 = MD5
t_ok 'default: raw authcap' lan -A MD5 -U admin -f "$T/pw.admin" raw 0x06 0x38 0x01 0x04
t_like 'default: type mask 0x04 (MD5, no PASSWORD 0x10)' "$(cat "$T/out")" '^ *01 04 '
t_ok 'default: LAN parameter 1 (auth type support)' lan -A MD5 -U admin -f "$T/pw.admin" raw 0x0c 0x02 0x01 0x01 0x00 0x00
t_like 'default: parameter 1 is MD5 only' "$(cat "$T/out")" '^ *11 04 *$'
t_ok 'default: LAN parameter 2 (auth type enables)' lan -A MD5 -U admin -f "$T/pw.admin" raw 0x0c 0x02 0x01 0x02 0x00 0x00
t_like 'default: parameter 2 enables MD5 for user, operator, admin' "$(cat "$T/out")" '^ *11 00 04 04 04 00 *$'
stop ipmid0

printf 'ipmi15-password maybe\n' >"$T/bad.conf"
t_is 'ipmi15-password maybe: exit 100' "$(ipmid -n -f "$T/bad.conf" >/dev/null 2>&1; echo $?)" 100
t_like 'says which key' "$(ipmid -n -f "$T/bad.conf" 2>&1)" 'bad.conf:1: .*ipmi15-password'
printf 'ipmi15-password yes\n' >"$T/ipmid.conf"
t_ok 'ipmi15-password yes: configuration OK' ipmid -n -f "$T/ipmid.conf"
start ipmid -f "$T/ipmid.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
t_ok 'enabled: LAN parameter 2' lan -A MD5 -U admin -f "$T/pw.admin" raw 0x0c 0x02 0x01 0x02 0x00 0x00
t_like 'enabled: parameter 2 enables MD5 and PASSWORD' "$(cat "$T/out")" '^ *11 00 14 14 14 00 *$'

for a in MD5 PASSWORD; do
	t_ok "-A $a: session info active" lan -A $a -U admin -f "$T/pw.admin" session info active
	t_like "-A $a: IPMI v1.5 session at ADMINISTRATOR" "$(cat "$T/out")" \
	    'privilege level +: ADMINISTRATOR'
	t_ok "-A $a: chassis power status" lan -A $a -U admin -f "$T/pw.admin" chassis power status
	t_ok "-A $a: raw Get Device ID" lan -A $a -U admin -f "$T/pw.admin" raw 0x06 0x01
	t_ok "-A $a: mc info" lan -A $a -U admin -f "$T/pw.admin" mc info
	t_like "-A $a: IPMI version" "$(cat "$T/out")" 'IPMI Version +: 2.0'
done
t_fail '-A NONE refused' lan -A NONE -U admin -f "$T/pw.admin" raw 0x06 0x01
t_fail 'wrong password refused' lan -R 1 -N 1 -A MD5 -U admin -f "$T/pw.wrong" raw 0x06 0x01
t_fail 'unknown user refused' lan -A MD5 -U nobody -f "$T/pw.admin" raw 0x06 0x01
t_like 'unknown user: invalid user name (0x81)' "$(cat "$T/out")" 'Invalid user name'
t_fail 'USER account cannot activate at ADMINISTRATOR' \
    lan -A MD5 -U readonly -f "$T/pw.readonly" raw 0x06 0x01
t_like 'activate refused: exceeds limit' "$(cat "$T/out")" 'exceeds limit'
t_ok 'USER account at USER (positive control)' \
    lan -A MD5 -L USER -U readonly -f "$T/pw.readonly" raw 0x06 0x01
t_ok 'ipmid exits 0 on SIGTERM' stop_all
