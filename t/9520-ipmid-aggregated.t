#!/bin/sh
# 9520-ipmid-aggregated.t: one ipmid -M serving several servers keeps their power, users, sessions and SOL apart; usage errors; 200 servers
. "${0%/*}/lib.sh"
need ipmitool ipmipower expect
lab_sim 3
start_powerd
# each server on a loopback address of its own (ipmipower names hosts by
# address), random per run so parallel tests do not collide; ephemeral ports
B="127.$(( $$ % 200 + 20 )).$(( $(date +%N | sed 's/^0*//;s/^$/1/') % 200 + 30 ))"
for i in 1 2; do
	start_as sold$i sold -S "$T/powerd.sock" -i srv$i -U "$T/sold$i.sock" \
	    -l 127.0.0.1:0 -L "$T/console$i.log"
done
{
	for i in 1 2 3; do
		echo "server srv$i ipmi=$B.$i:0 sol=$T/sold$i.sock http=127.0.0.1:1"
	done
} >"$T/servers"
start ipmid -v -M "$T/servers" -S "$T/powerd.sock"
t_like 'readiness: count and first address' "$ipmid_addr" \
    "^srv1\.\.srv3: 3 servers, $B\.1:[0-9]+\$"
# -v logs every server's bound address
for i in 1 2 3; do
	eval "P$i=\$(sed -n 's/^ipmid: srv$i: listening on .*:\([0-9]*\)\$/\1/p' \"\$T/ipmid.log\")"
done
t_ok 'three listeners, three ports' test -n "$P1" -a -n "$P2" -a -n "$P3"
# ready means bound; the accounts come from powerd just after
t_ok 'every server has its accounts' wait_until 30 \
    sh -c "[ \$(grep -c 'accounts refreshed\$' '$T/ipmid.log') -ge 3 ]"
it() { _p=$1; shift; timeout 60 ipmitool -I lanplus -H "$B.${_p%%:*}" \
    -p "${_p#*:}" -U admin -f "$T/pw.admin" "$@"; }
S1=1:$P1; S2=2:$P2; S3=3:$P3
hosts="$B.1:$P1,$B.2:$P2,$B.3:$P3"

# power: srv2's endpoint powers srv2 only
for s in $S1 $S2 $S3; do
	t_ok "chassis power status via ${s%%:*}" it "$s" chassis power status
	t_like "off via ${s%%:*}" "$(cat "$T/out")" 'Chassis Power is off'
done
t_ok 'chassis power on via srv2' it "$S2" chassis power on
t_ok 'powerctl status srv2' pctl status srv2
t_like 'srv2 is on' "$(cat "$T/out")" '"?power"?[: ]+"?on'
for s in srv1 srv3; do
	t_ok "powerctl status $s" pctl status $s
	t_unlike "$s still off" "$(cat "$T/out")" '"?power"?[: ]+"?on'
done
t_ok 'ipmipower --stat over three ports' timeout 60 ipmipower -D LAN_2_0 \
    -h "$hosts" -u admin -p password --stat
out=$(cat "$T/out")
t_like 'srv1 off' "$out" "^$B\.1: off"
t_like 'srv2 on' "$out" "^$B\.2: on"
t_like 'srv3 off' "$out" "^$B\.3: off"
t_ok 'ipmipower --on srv3 by host:port' timeout 60 ipmipower -D LAN_2_0 \
    -h "$B.3:$P3" -u admin -p password --on
t_ok 'powerctl status srv3' pctl status srv3
t_like 'srv3 on' "$(cat "$T/out")" '"?power"?[: ]+"?on'
t_ok 'powerctl status srv1' pctl status srv1
t_unlike 'srv1 still off' "$(cat "$T/out")" '"?power"?[: ]+"?on'

# LAN parameters: each server reports its own address and port
t_ok 'lan print via srv2' it "$S2" lan print 1
t_like 'srv2: its own IP address' "$(cat "$T/out")" "IP Address +: $B\.2\$"
t_ok 'rmcp port of srv3' it "$S3" raw 0x0c 0x02 0x01 0x08 0x00 0x00
t_like 'srv3: its own port' "$(cat "$T/out")" \
    "$(printf ' %02x %02x' $((P3 & 255)) $((P3 >> 8)))"

# users: a password set and a user renamed on srv1 stay on srv1
t_ok 'user set password 3 on srv1' it "$S1" user set password 3 newpass1
t_ok 'user set name 4 on srv1' it "$S1" user set name 4 renamed1
printf 'newpass1\n' >"$T/pw.new"
op() { _p=$1; _u=$2; _f=$3; shift 3; timeout 60 ipmitool -I lanplus \
    -H "$B.${_p%%:*}" -p "${_p#*:}" -U "$_u" -f "$_f" -L OPERATOR "$@"; }
t_ok 'srv1: the new password logs in' \
    wait_until 10 op "$S1" operator "$T/pw.new" mc info
t_fail 'srv2: the new password does not' op "$S2" operator "$T/pw.new" mc info
t_ok 'srv2: the old password still does' op "$S2" operator "$T/pw.operator" mc info
t_fail 'srv1: the old password no longer does' \
    op "$S1" operator "$T/pw.operator" mc info
t_ok 'user list on srv1' it "$S1" user list 1
t_like 'srv1: user 4 renamed' "$(cat "$T/out")" '^4 +renamed1 '
t_ok 'user list on srv2' it "$S2" user list 1
t_like 'srv2: user 4 still readonly' "$(cat "$T/out")" '^4 +readonly '
t_fail 'srv2: renamed1 unknown' timeout 60 ipmitool -I lanplus -H "$B.2" \
    -p "$P2" -U renamed1 -f "$T/pw.readonly" -L USER mc info

# events: an account added by powerd to srv3 reaches srv3's cache only
# (ipmid learns accounts from powerd's "accounts" events, never by polling)
printf 'bobsecret\n' >"$T/pw.bob"
t_ok 'powerctl adds bob to srv3' pctl accounts srv3 add bob operator -p "$T/pw.bob"
t_ok 'srv3: bob logs in (its event delivered)' \
    wait_until 10 op "$S3" bob "$T/pw.bob" raw 0x06 0x01
t_fail 'srv2: bob unknown' op "$S2" bob "$T/pw.bob" raw 0x06 0x01
t_fail 'srv1: bob unknown' op "$S1" bob "$T/pw.bob" raw 0x06 0x01
# SOL and sessions: a session held on srv1 is srv1's alone
cat >"$T/sol.exp" <<'EXP'
set timeout 20
lassign $argv host port marker pw
spawn ipmitool -I lanplus -H $host -p $port -U admin -f $pw sol activate
expect {
  "SOL Session operational" {}
  timeout { puts "NO-SOL"; exit 2 }
}
source [file join $env(TOP) t helper solmarker.tcl]
puts "HOLDING"
while {![file exists $env(HOLD)]} { sleep 0.1 }
send "~."
expect {
  eof {}
  timeout { puts "NO-EOF"; exit 4 }
}
EXP
t_ok 'chassis power on via srv1' it "$S1" chassis power on
m=marker-srv1-$$
HOLD="$T/go" timeout 90 expect "$T/sol.exp" "$B.1" "$P1" "$m" "$T/pw.admin" \
    >"$T/sol1.out" 2>&1 &
sp=$!
t_ok 'SOL on srv1: typed text echoed by srv1' \
    wait_until 60 grep -q HOLDING "$T/sol1.out"
t_ok 'session info active on srv1' it "$S1" session info active
t_like 'srv1: two active sessions (SOL and this one)' "$(cat "$T/out")" \
    'active sessions +: 2'
t_ok 'session info all on srv2' it "$S2" session info all
t_like 'srv2: one active session (this one)' "$(cat "$T/out")" \
    'active sessions +: 1$'
t_ok 'srv1 payload active' it "$S1" raw 0x06 0x4a 0x01
t_like 'srv1: active bit' "$(cat "$T/out")" '^ 01 01 00'
t_ok 'srv2 payload inactive' it "$S2" raw 0x06 0x4a 0x01
t_like 'srv2: inactive bit' "$(cat "$T/out")" '^ 01 00 00'
touch "$T/go"
wait $sp
t_like 'SOL on srv1 ended cleanly' "$(cat "$T/sol1.out")" 'HOLDING'
t_ok "srv1's console log has the marker" grep -q "$m" "$T/console1.log"
t_fail "srv2's console log has not" grep -q "$m" "$T/console2.log"

# usage errors: exit 100 and one line
usage_case() { _d=$1; shift; t_usage "$_d" ipmid "$@"; }
usage_case '-M with -i' -M "$T/servers" -i srv1
t_like '-M with -i: says so' "$(cat "$T/out")" 'exclusive'
usage_case '-M with -l' -M "$T/servers" -l 127.0.0.1:0
printf 'server srv1 ipmi=127.0.0.1:0\nserver srv2 http=127.0.0.1:1\n' \
    >"$T/noipmi"
usage_case 'a server without ipmi=' -M "$T/noipmi"
t_like 'names file:line' "$(cat "$T/out")" "noipmi:2: server srv2 has no ipmi="
printf 'server srv1 ipmi=127.0.0.1:0 bogus=1\n' >"$T/badkey"
usage_case 'an unknown key' -M "$T/badkey"
t_like 'names file:line' "$(cat "$T/out")" 'badkey:1'
usage_case 'a missing file' -M "$T/nonexistent"
: >"$T/empty"
usage_case 'no servers' -M "$T/empty"
t_ok '-n -M checks the file' ipmid -n -M "$T/servers"
t_like 'configuration OK' "$(cat "$T/out")" 'configuration OK'
t_fail '-n -M finds the missing key' ipmid -n -M "$T/noipmi"
printf 'server srv1 ipmi=127.0.0.1:0\nserver srv2 ipmi=%s\n' "$B.2:$P2" \
    >"$T/taken"
ipmid -M "$T/taken" -S "$T/powerd.sock" >"$T/u.out" 2>&1
t_is 'a listener that cannot be bound: exit 111' "$?" 111
t_like 'names the server and address' "$(cat "$T/u.out")" \
    "server srv2: cannot listen on $B\.2:$P2"

t_ok 'ipmid exits 0 on SIGTERM' stop ipmid

# idle sessions expire per server (-f applies to every server): one
# process-wide sweep, not a timer per server
printf 'idle-timeout 2s\n' >"$T/idle.conf"
start_as ipmid_idle ipmid -v -f "$T/idle.conf" -M "$T/servers" \
    -S "$T/powerd.sock"
for i in 1 2; do
	eval "P$i=\$(sed -n 's/^ipmid: srv$i: listening on .*:\([0-9]*\)\$/\1/p' \"\$T/ipmid_idle.log\")"
done
S1=1:$P1; S2=2:$P2
nsess() { it "$1" session info active 2>/dev/null |
    sed -n 's/^active sessions *: *//p'; }
has_sessions() { [ "$(nsess "$1")" = "$2" ]; }
t_ok 'srv1 accounts' wait_until 30 it "$S1" mc info
mkfifo "$T/sh.in"
# ipmitool itself is killed below (at EOF its shell would spin, not exit)
ipmitool -I lanplus -H "$B.1" -p "$P1" -U admin -f "$T/pw.admin" shell \
    <"$T/sh.in" >"$T/sh.out" 2>&1 &
shp=$!
T_CLEANUP_HOOK="kill -KILL $shp 2>/dev/null"
exec 7>"$T/sh.in"
echo 'mc info' >&7
t_ok 'srv1: a session held by ipmitool shell' wait_until 20 has_sessions "$S1" 2
t_is 'srv2: only its own' "$(nsess "$S2")" 1
kill -KILL $shp 2>/dev/null
wait $shp 2>/dev/null
exec 7>&-
t_ok "srv1: the abandoned session expires after srv1's idle timeout" \
    wait_until 15 has_sessions "$S1" 1
t_ok 'ipmid exits 0' stop ipmid_idle

# 200 servers in one process: every one answers
N=200
{
	echo "state-dir $T/state200"
	echo 'account admin administrator password password'
	i=1
	while [ $i -le $N ]; do
		printf 'server s%d\n\tbackend sim\n' $i
		i=$((i + 1))
	done
} >"$T/lab200.conf"
mkdir -p "$T/state200"
start_as powerd200 powerd -f "$T/lab200.conf" -S "$T/p200.sock"
C="127.$(( $$ % 200 + 20 )).$(( ($(date +%N | sed 's/^0*//;s/^$/1/') + 100) % 200 + 30 ))"
i=1
while [ $i -le $N ]; do
	echo "server s$i ipmi=$C.$(( (i - 1) % 250 + 1 )):$(( 0 ))"
	i=$((i + 1))
done >"$T/servers200"
# too few file descriptors: refused at start, not later
(ulimit -n 256 && exec ipmid -M "$T/servers200" -S "$T/p200.sock") \
    >"$T/u.out" 2>&1
t_is 'fd limit too low: exit 111' "$?" 111
t_like 'fd limit too low: says how many' "$(cat "$T/u.out")" \
    '^ipmid: 200 servers need about [0-9]+ file descriptors, the limit is 256$'
start_as ipmid200 ipmid -v -M "$T/servers200" -S "$T/p200.sock"
t_like '200: readiness' "$ipmid200_addr" '^s1\.\.s200: 200 servers, '
sed -n 's/^ipmid: s[0-9]*: listening on \(.*\)$/\1/p' "$T/ipmid200.log" \
    >"$T/addrs200"
t_is '200 listeners' "$(wc -l <"$T/addrs200" | tr -d ' ')" $N
# ready means bound; each server's accounts arrive from powerd just after
refreshed() { [ "$(grep -c 'accounts refreshed$' "$T/ipmid200.log")" -ge $N ]; }
t_ok '200: every server has its accounts' wait_until 60 refreshed
t_ok '200: ipmipower --stat, one per server' timeout 120 ipmipower \
    -D LAN_2_0 -h "$(paste -sd, "$T/addrs200")" -u admin -p password --stat
t_is '200: every server answered off' \
    "$(grep -c ': off$' "$T/out")" $N
a=$(sed -n '137p' "$T/addrs200")
t_ok '200: mc info on s137' timeout 60 ipmitool -I lanplus -H "${a%:*}" \
    -p "${a##*:}" -U admin -f "$T/pw.admin" mc info
t_ok 'all exit 0' stop_all
done_testing
