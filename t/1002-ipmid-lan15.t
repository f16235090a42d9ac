#!/bin/sh
# 1002-ipmid-lan15.t: IPMI 1.5 sessions (MD5, straight password), NONE refused, wrong password refused
. "${0%/*}/lib.sh"
need ipmitool
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
lan() { timeout 60 ipmitool -I lan -H 127.0.0.1 -p "$P" "$@"; }
printf 'wrong\n' >"$T/pw.wrong"

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
