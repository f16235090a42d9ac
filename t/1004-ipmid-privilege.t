#!/bin/sh
# 1004-ipmid-privilege.t: Set Session Privilege never grants more than the account's limit
. "${0%/*}/lib.sh"
need ipmitool ipmipower
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
ip() { _u=$1; shift; timeout 60 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$P" -U "$_u" -f "$T/pw.$_u" "$@"; }
printf 'wrong\n' >"$T/pw.wrong"

# readonly is an IPMI USER account; ipmitool asks for ADMINISTRATOR by default
t_fail 'USER account asking ADMINISTRATOR: session refused' ip readonly raw 0x06 0x01
t_like 'Set Session Privilege answered 0x81' "$(cat "$T/out")" \
    'Set Session Privilege Level to ADMINISTRATOR failed.*0x81'
t_fail 'USER account asking OPERATOR: refused' ip readonly -L OPERATOR raw 0x06 0x01
t_ok 'USER account at USER (positive control)' ip readonly -L USER raw 0x06 0x01
t_fail 'USER session cannot raise itself to ADMINISTRATOR' \
    ip readonly -L USER raw 0x06 0x3b 0x04
t_like '0x81 from Set Session Privilege' "$(cat "$T/out")" 'rsp=0x81'
t_ok 'USER session: Set Session Privilege USER is fine' \
    ip readonly -L USER raw 0x06 0x3b 0x02
t_fail 'OPERATOR account asking ADMINISTRATOR: refused' ip operator raw 0x06 0x01
t_ok 'OPERATOR at OPERATOR (positive control)' ip operator -L OPERATOR raw 0x06 0x01
t_ok 'ADMINISTRATOR (positive control)' ip admin raw 0x06 0x3b 0x04
t_ok 'session info shows USER level' ip readonly -L USER session info active
t_like 'privilege level USER' "$(cat "$T/out")" 'privilege level +: USER'
t_fail 'wrong password refused' \
    timeout 60 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.wrong" raw 0x06 0x01
t_fail 'unknown user refused (RAKP2 0x0D, not silence)' \
    timeout 60 ipmitool -v -I lanplus -C 3 -H 127.0.0.1 -p "$P" -U nobody -f "$T/pw.admin" raw 0x06 0x01
t_like 'unauthorized name reported' "$(cat "$T/out")" 'unauthorized name'
# ipmipower exits 0 whatever happens: check it printed no power state
timeout 60 ipmipower -D LAN_2_0 -h "127.0.0.1:$P" -u readonly -p readonly --stat >"$T/out" 2>&1
t_unlike 'FreeIPMI: USER cannot get OPERATOR for power control' "$(cat "$T/out")" ': (on|off)$'
t_ok 'FreeIPMI: USER privilege (positive control)' \
    timeout 60 ipmipower -D LAN_2_0 -h "127.0.0.1:$P" -u readonly -p readonly -l USER --stat
t_like 'power state at USER' "$(cat "$T/out")" ': (on|off)$'
t_ok 'ipmid exits 0 on SIGTERM' stop_all
