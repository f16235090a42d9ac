#!/bin/sh
# 1010-ipmid-sol.t: Serial over LAN through sold: ipmitool -C 3/-C 17, ipmiconsole, one instance, power cycle, timeout
. "${0%/*}/lib.sh"
need ipmitool ipmiconsole expect
need_root
lab_sim 1
start_powerd
start sold -S "$T/powerd.sock" -i srv1 -U "$T/sold.sock" -l 127.0.0.1:0
printf 'sol-socket %s\n' "$T/sold.sock" >"$T/ipmid.conf"
# ipmiconsole 1.6.10 refuses ports above 32767 ("hostname invalid"), and
# ephemeral ports are above it: ipmid also listens on port 623 of a loopback
# address of its own (random per run, so parallel tests do not collide).
A="127.0.$(( $$ % 200 + 20 )).$(( $(date +%N | sed 's/^0*//;s/^$/1/') % 250 + 2 ))"
start ipmid -f "$T/ipmid.conf" -l 127.0.0.1:0 -l "$A:623" -S "$T/powerd.sock" -i srv1
P=$(port_of "${ipmid_addr%% *}")
it() { timeout 60 ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }
t_ok 'power on' it chassis power on
t_ok 'SOL listed in Get Channel Payload Support (0x0E)' it raw 0x06 0x4e 0x0e
t_like 'SOL bit set' "$(cat "$T/out")" '^ 03 00 3f'

# marker_exp: the expect lines shared by sol.exp and ic.exp: log in if
# asked, wait for a prompt, type $marker, expect the shell's answer
marker_exp() {
	cat <<'EXP'
source [file join $env(TOP) t helper solmarker.tcl]
EXP
}

# sol.exp PORT SUITE MARKER: type MARKER as a command, expect the shell's answer
{ cat <<'EXP'
set timeout 20
lassign $argv port c marker pw
spawn ipmitool -I lanplus -C $c -H 127.0.0.1 -p $port -U admin -f $pw sol activate
expect {
  "SOL Session operational" {}
  timeout { puts "NO-SOL"; exit 2 }
}
EXP
marker_exp
cat <<'EXP'
if {[info exists env(HOLD)]} {
  puts "HOLDING"
  while {![file exists $env(HOLD)]} { sleep 0.1 }
  send "again-$marker\r"
  expect {
    "again-$marker: command not found" { puts "STILL-ALIVE" }
    timeout { puts "DISTURBED"; exit 5 }
  }
}
send "~."
expect {
  eof {}
  timeout { puts "NO-EOF"; exit 4 }
}
EXP
} >"$T/sol.exp"
sol() { timeout 60 expect "$T/sol.exp" "$P" "$1" "$2" "$T/pw.admin"; }
t_ok 'ipmitool -C 3 sol activate: typed text echoed by the host' sol 3 marker-c3-$$
t_ok 'ipmitool -C 17 sol activate: echo (payload freed by ~.)' sol 17 marker-c17-$$

{ cat <<'EXP'
set timeout 20
lassign $argv port marker
spawn ipmiconsole -h $port -u admin -p password
expect {
  "SOL established" {}
  timeout { puts "NO-SOL"; exit 2 }
}
EXP
marker_exp
cat <<'EXP'
send "&."
expect {
  eof {}
  timeout { puts "NO-EOF"; exit 4 }
}
EXP
} >"$T/ic.exp"
t_ok 'ipmiconsole (no -W): echo' timeout 60 expect "$T/ic.exp" "$A" marker-ic-$$

# one SOL instance: a second activation is refused, the first goes on
HOLD="$T/go" timeout 90 expect "$T/sol.exp" "$P" 3 marker-first-$$ "$T/pw.admin" >"$T/first.out" 2>&1 &
fp=$!
wait_until 30 grep -q HOLDING "$T/first.out"
t_fail 'second activation refused' it sol activate </dev/null
t_like 'already active on another session (0x80)' "$(cat "$T/out")" 'already active'
t_ok 'Get Payload Activation Status: instance 1 active' it raw 0x06 0x4a 0x01
t_like 'active bit' "$(cat "$T/out")" '^ 01 01 00'
touch "$T/go"
wait $fp
t_like 'first SOL session undisturbed' "$(cat "$T/first.out")" 'STILL-ALIVE'
t_ok 'payload inactive after ~.' it raw 0x06 0x4a 0x01
t_like 'inactive bit' "$(cat "$T/out")" '^ 01 00 00'

# SOL after a power cycle shows the new boot
cat >"$T/cycle.exp" <<'EXP'
set timeout 30
lassign $argv port pw
spawn ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $port -U admin -f $pw sol activate
expect "SOL Session operational"
exec ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $port -U admin -f $pw chassis power cycle
expect {
  -re "(?i)boot" { puts "\nSAW-BOOT" }
  timeout { puts "NO-BOOT"; exit 3 }
}
send "~."
expect eof
EXP
t_ok 'SOL across a power cycle shows the boot' timeout 90 expect "$T/cycle.exp" "$P" "$T/pw.admin"

# a SOL session that vanishes (client killed) frees the payload on idle
# timeout: a second ipmid with a 2 s timeout
printf 'sol-socket %s\nidle-timeout 2s\n' "$T/sold.sock" >"$T/ipmid2.conf"
t_ok 'first ipmid exits 0' stop ipmid
start_as ipmid2 ipmid -f "$T/ipmid2.conf" -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid2_addr")
HOLD="$T/never" timeout 90 expect "$T/sol.exp" "$P" 3 marker-killed-$$ "$T/pw.admin" >"$T/k.out" 2>&1 &
kp=$!
wait_until 30 grep -q HOLDING "$T/k.out"
pkill -KILL -P "$kp" ipmitool 2>/dev/null
kill "$kp" 2>/dev/null; wait "$kp" 2>/dev/null
t_ok 'payload freed after the session timed out' wait_until 10 sh -c \
    "ipmitool -I lanplus -C 3 -H 127.0.0.1 -p $P -U admin -f $T/pw.admin raw 0x06 0x4a 0x01 | grep -q '^ 01 00 00'"
t_ok 'ipmid exits 0 on SIGTERM' stop_all
