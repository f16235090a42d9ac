#!/bin/sh
# 1012-ipmid-sol-access.t: SOL activation honours the SOL payload privilege (default OPERATOR); Activate Payload fails when sold's console cannot be attached
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need ipmitool expect
lab_sim 1
start_powerd
start sold -S "$T/powerd.sock" -i srv1 -U "$T/sold.sock" -l 127.0.0.1:0
printf 'sol-socket %s\n' "$T/sold.sock" >"$T/ipmid.conf"
start ipmid -f "$T/ipmid.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
# as USER LEVEL ARGS: ipmitool as an account at a session privilege level
as() { _u=$1; _l=$2; shift 2
	timeout 60 ipmitool -I lanplus -C 3 -N 2 -R 2 -H 127.0.0.1 -p "$P" \
	    -U "$_u" -f "$T/pw.$_u" -L "$_l" "$@" >"$T/out" 2>&1 </dev/null; }
it() { as admin ADMINISTRATOR "$@"; }
out() { cat "$T/out"; }
t_ok 'power on' it chassis power on

# sol.exp PORT USER LEVEL PWFILE MARKER: activate SOL, type MARKER as a
# command and expect the shell's answer, then ~.
cat >"$T/sol.exp" <<'EXP'
set timeout 20
lassign $argv port user lvl pw marker
spawn ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $port -U $user -f $pw -L $lvl sol activate
expect {
  "SOL Session operational" {}
  -re {Insufficient privilege[^\r\n]*} { puts "\nREFUSED"; exit 2 }
  eof { puts "\nNO-SOL"; exit 2 }
  timeout { puts "\nNO-SOL"; exit 2 }
}
set timeout 3
set tries 0
send "\r"
expect {
  "login:" { send "root\r"; exp_continue }
  -re {[$#] $} {}
  timeout {
    incr tries
    if {$tries < 5} { send "\r"; exp_continue }
    puts "\nNO-PROMPT"; exit 3
  }
}
set timeout 20
send "$marker\r"
expect {
  "$marker: command not found" {}
  timeout { puts "\nNO-ECHO"; exit 3 }
}
send "~."
expect {
  eof {}
  timeout { puts "\nNO-EOF"; exit 4 }
}
EXP
sol() { timeout 60 expect "$T/sol.exp" "$P" "$1" "$2" "$T/pw.$1" "$3" >"$T/sol.out" 2>&1; }

# --- SOL parameter 2 (SOL Authentication), bits 3:0: the payload privilege
t_ok 'sol info' it sol info 1
t_like 'the payload privilege defaults to OPERATOR' "$(out)" 'Privilege Level +: OPERATOR'
t_fail 'readonly (USER) cannot activate SOL' as readonly USER sol activate
t_like 'Activate Payload: insufficient privilege (0xD4)' "$(out)" 'Insufficient privilege level'
t_fail 'an administrator at session level USER cannot either' as admin USER sol activate
t_like 'insufficient privilege' "$(out)" 'Insufficient privilege level'
t_ok 'the payload stays inactive' it raw 0x06 0x4a 0x01
t_like 'inactive bit' "$(out)" '^ 01 00 00'
t_ok 'operator (OPERATOR) activates SOL and types' sol operator OPERATOR marker-op-$$
t_ok 'administrator too' sol admin ADMINISTRATOR marker-adm-$$
t_fail 'an operator cannot change the payload privilege' as operator OPERATOR sol set privilege-level user 1
t_ok 'an administrator lowers it to USER' it sol set privilege-level user 1
t_ok 'now readonly (USER) may use SOL' sol readonly USER marker-ro-$$
t_ok 'and raises it to ADMINISTRATOR' it sol set privilege-level admin 1
t_fail 'operator refused now' sol operator OPERATOR marker-op2-$$
t_like 'with insufficient privilege' "$(cat "$T/sol.out")" 'REFUSED'
t_ok 'back to OPERATOR' it sol set privilege-level operator 1

t_ok 'clean exit' stop_all
done_testing
