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
source [file join $env(TOP) t helper solmarker.tcl]
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

# --- a SOL session outlives a sold restart: ipmid attaches again
cat >"$T/re.exp" <<'EXP'
set timeout 20
lassign $argv port pw marker go
spawn ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $port -U admin -f $pw sol activate
expect {
  "SOL Session operational" {}
  timeout { puts "\nNO-SOL"; exit 2 }
}
# log in and type first-$marker: the shared lines, with that marker
set m $marker
set marker first-$m
source [file join $env(TOP) t helper solmarker.tcl]
set marker $m
puts "\nHOLDING"
while {![file exists $go]} { sleep 0.1 }
set tries 0
send "again-$marker\r"
expect {
  "again-$marker: command not found" { puts "\nSTILL-RELAYED" }
  timeout { incr tries; if {$tries < 6} { send "again-$marker\r"; exp_continue }; puts "\nLOST"; exit 5 }
}
send "~."
expect eof
EXP
timeout 90 expect "$T/re.exp" "$P" "$T/pw.admin" marker-re-$$ "$T/go" >"$T/re.out" 2>&1 &
rp=$!
t_ok 'SOL active (as admin) and relaying' wait_until 30 grep -q HOLDING "$T/re.out"
t_ok 'sold stops' stop sold
start sold -S "$T/powerd.sock" -i srv1 -U "$T/sold.sock" -l 127.0.0.1:0
touch "$T/go"
wait $rp
t_like 'the same SOL session relays again after sold restarted' "$(cat "$T/re.out")" 'STILL-RELAYED'
t_like 'ipmid attached again' "$(cat "$T/ipmid.log")" 'console .* attached again'

# --- #10 item 8: never report SOL active when nothing is relayed.  A
# second sold with one local (front end) slot, taken by another reader
t_ok 'first ipmid exits 0' stop ipmid
printf 'max-local 1\n' >"$T/sold2.conf"
start_as sold2 sold -f "$T/sold2.conf" -S "$T/powerd.sock" -i srv1 -U "$T/sold2.sock" -l 127.0.0.1:0
printf 'sol-socket %s\n' "$T/sold2.sock" >"$T/ipmid2.conf"
start_as ipmid2 ipmid -f "$T/ipmid2.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid2_addr")
cat >"$T/hold.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1]); s.sendall(b"console 1 history=0\n")
print("held", flush=True)
while True: time.sleep(1)
PY
/usr/bin/python3 "$T/hold.py" "$T/sold2.sock" >"$T/hold.out" 2>&1 &
hp=$!
t_ok 'a reader holds sold2'"'"'s only slot' wait_until 10 grep -q held "$T/hold.out"
# the slot is taken once sold2 closes a further attach at once
cat >"$T/full.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.settimeout(1)
s.connect(sys.argv[1])
try:
    s.sendall(b"console 1 history=0\n")
    sys.exit(0 if s.recv(1) == b"" else 1)	# closed: full
except socket.timeout: sys.exit(1)		# kept: a slot was free
except OSError: sys.exit(0)			# reset: full
PY
t_ok 'sold2 is full' wait_until 10 /usr/bin/python3 "$T/full.py" "$T/sold2.sock"
t_fail 'SOL activation fails while sold refuses the attach' as admin ADMINISTRATOR sol activate
t_like 'with 0x82 (activation limit reached), not "operational"' "$(out)" 'activation limit reached'
t_unlike 'never "SOL Session operational"' "$(out)" 'operational'
t_ok 'Get Payload Activation Status' it raw 0x06 0x4a 0x01
t_like 'SOL is not reported active' "$(out)" '^ 01 00 00'
t_like 'ipmid logs why' "$(cat "$T/ipmid2.log")" 'refused the attach'
kill "$hp"; wait "$hp" 2>/dev/null
t_ok 'once the slot is free SOL works again' wait_until 10 sol admin ADMINISTRATOR marker-free-$$
t_ok 'ipmid2 exits 0' stop ipmid2

# sold's socket missing
printf 'sol-socket %s\n' "$T/no-such.sock" >"$T/ipmid3.conf"
start_as ipmid3 ipmid -f "$T/ipmid3.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid3_addr")
t_fail 'no console socket: activation fails' as admin ADMINISTRATOR sol activate
t_like 'with 0xD5 (not supported in present state)' "$(out)" 'not supported in present state'
t_ok 'Get Payload Activation Status' it raw 0x06 0x4a 0x01
t_like 'not active' "$(out)" '^ 01 00 00'

t_ok 'clean exit' stop_all
done_testing
