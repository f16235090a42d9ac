#!/bin/sh
# 5900-powerctl.t: powerctl reaches every powerd op; exit codes 0, 1, 100, 111
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"

lab_sim 2
start_powerd

# pc_rc EXPECTED DESC ARGS...: powerctl exits EXPECTED; output in $T/out, $T/err
pc_rc() {
	_want=$1; _d=$2; shift 2
	pctl "$@" >"$T/out" 2>"$T/err" </dev/null
	_rc=$?
	if [ "$_rc" -eq "$_want" ]; then pass "$_d"; else
		fail "$_d" "command: powerctl $*" "exit: $_rc, want $_want" \
		    "$(cat "$T/out" "$T/err" | tail -n 20)"
	fi
}
out() { cat "$T/out"; }

# hello, list
pc_rc 0 'hello' hello
t_like 'hello text' "$(out)" '^powerd .+, protocol 1, 2 servers$'
pc_rc 0 'hello -j' -j hello
t_like 'hello JSON' "$(out)" '^\{.*"ok":true.*"proto":1'
pc_rc 0 'list' list
t_like 'list srv1' "$(out)" '^srv1 +srv1 +sim +(on|off)'
t_like 'list srv2' "$(out)" '^srv2 +srv2 +sim'
pc_rc 0 'list -j' -j list
t_like 'list JSON' "$(out)" '"servers":\[\{"id":"srv1"'

# power
pc_rc 0 'power on' power srv1 on
t_like 'power on reply' "$(out)" '^srv1: power on$'
pc_rc 0 'status' status srv1
t_like 'status power' "$(out)" '^power: +on$'
t_like 'status boot' "$(out)" '^boot: +'
t_like 'status policy' "$(out)" '^policy: +(always-off|previous|always-on)$'
t_like 'status restart cause' "$(out)" '^restart cause: +chassis-control$'
pc_rc 0 'status -j' -j status srv1
t_like 'status JSON' "$(out)" '"power":"on"'
pc_rc 0 'power off' power srv1 off
t_like 'power off reply' "$(out)" '^srv1: power off$'
pc_rc 0 'power cycle from off powers on' power srv1 cycle
t_like 'cycle reply' "$(out)" 'power on$'
pc_rc 0 'power reset' power srv1 reset
pc_rc 0 'power nmi' power srv1 nmi
pc_rc 0 'power diag' power srv1 diag
pc_rc 0 'power soft -n' power srv1 soft -n
pc_rc 0 'power on -n (-j)' -j power srv2 on -n
t_like 'power -j' "$(out)" '"ok":true'

# boot
pc_rc 0 'boot set' boot srv1 set pxe once uefi
t_like 'boot set reply' "$(out)" '^boot: +pxe \(once, uefi\)'
pc_rc 0 'boot get' boot srv1
t_like 'boot get' "$(out)" '^boot: +pxe \(once, uefi\)'
pc_rc 0 'boot set continuous legacy' boot srv2 set hdd continuous legacy
pc_rc 0 'boot get -j' -j boot srv2 get
t_like 'boot JSON' "$(out)" '"target":"hdd".*"enabled":"continuous".*"mode":"legacy"|"enabled":"continuous".*"mode":"legacy"'
pc_rc 1 'boot set unknown target' boot srv1 set nowhere
t_like 'unknown-action on stderr' "$(cat "$T/err")" '^powerctl: unknown-action: '
pc_rc 100 'boot bad word' boot srv1 fly

# identify
pc_rc 0 'identify blink 30' identify srv1 blink 30
t_like 'identify blink' "$(out)" '^identify: +blink'
pc_rc 0 'identify get' identify srv1
t_like 'identify get' "$(out)" '^identify: +blink'
pc_rc 0 'identify off' identify srv1 off
t_like 'identify off' "$(out)" '^identify: +off$'
pc_rc 0 'identify on' identify srv1 on
pc_rc 100 'identify bad state' identify srv1 purple

# policy
pc_rc 0 'policy set' policy srv1 previous
t_like 'policy set reply' "$(out)" '^policy: +previous$'
pc_rc 0 'policy get' policy srv1
t_like 'policy get' "$(out)" '^policy: +previous$'
pc_rc 100 'policy bad' policy srv1 sometimes

# sel
pc_rc 0 'sel add' sel srv1 add hello from powerctl
t_like 'sel add reply' "$(out)" '^added entry [0-9]+$'
id=$(out | sed -n 's/^added entry //p')
pc_rc 0 'sel list' sel srv1 list
t_like 'sel list has the entry' "$(out)" "^$id +[0-9T:Z-]+ .*hello from powerctl\$"
pc_rc 0 'sel list -j' -j sel srv1 list
t_like 'sel list JSON' "$(out)" '"entries":\[.*"message":"hello from powerctl"'
pc_rc 0 'sel get' sel srv1 get "$id"
t_like 'sel get record' "$(out)" '^record: +[0-9a-f]{32}$'
pc_rc 1 'sel get missing' sel srv1 get 65000
t_like 'not-found' "$(cat "$T/err")" '^powerctl: not-found: '
pc_rc 0 'sel add -s Warning' sel srv1 add -s Warning disk -s is almost full
pc_rc 0 'sel get it' -j sel srv1 get "$(($id + 1))"
t_like 'severity and message kept' "$(out)" '"message":"disk -s is almost full","severity":"Warning"'
pc_rc 0 'sel add -r record' sel srv1 add -r 0000020000000020000401ff6f000000
pc_rc 0 'sel get raw' sel srv1 get "$(($id + 2))"
t_like 'record kept, id and time filled in' "$(out)" "^record: +$(printf '%02x%02x' $((($id + 2) % 256)) $((($id + 2) / 256)))02[0-9a-f]{8}20000401ff6f000000\$"
pc_rc 100 'sel add bad severity' sel srv1 add -s Meh text
pc_rc 100 'sel add nothing' sel srv1 add -s OK
pc_rc 0 'sel info' sel srv1 info
t_like 'sel info' "$(out)" '^entries: +[0-9]+ of 1024$'
pc_rc 0 'sel time set' sel srv1 time 1700000000
t_like 'sel time set reply' "$(out)" '^17000000[0-9][0-9] 2023-11-14T'
pc_rc 0 'sel time get' sel srv1 time
t_like 'sel time get' "$(out)" '^17000000[0-9][0-9] '
pc_rc 0 'sel clear' sel srv1 clear
pc_rc 0 'sel list after clear' -j sel srv1 list
t_like 'one entry after clear' "$(out)" '"total":1,'
pc_rc 100 'sel bad' sel srv1 frobnicate

# sensors, inventory
pc_rc 0 'sensors' sensors srv1
t_like 'sensors table' "$(out)" '^NUM +NAME +TYPE'
t_like 'a temperature' "$(out)" ' temperature +[0-9.-]+ +C +(ok|warning|critical)'
pc_rc 0 'inventory' inventory srv1
t_like 'inventory serial' "$(out)" '^serial: +BMCSIM0001$'
t_like 'inventory macs' "$(out)" '^macs: +52:54:00:00:01:01$'
pc_rc 0 'inventory -j' -j inventory srv2
t_like 'inventory JSON' "$(out)" '"serial":"BMCSIM0002"'

# accounts
pc_rc 0 'accounts list' accounts srv1 list
t_like 'admin listed' "$(out)" '^[0-9]+ +admin +administrator +yes$'
printf 'bobsecret\n' >"$T/pw.bob"
pc_rc 0 'accounts add' accounts srv1 add bob operator -p "$T/pw.bob"
t_like 'bob added' "$(out)" '^name: +bob$'
bid=$(out | sed -n 's/^id: *//p')
t_like 'bob has an id' "$bid" '^[0-9]+$'
t_unlike 'no password printed' "$(out)" 'bobsecret'
pc_rc 1 'accounts add again' accounts srv1 add bob operator -p "$T/pw.bob"
t_like 'exists' "$(cat "$T/err")" '^powerctl: exists: '
if printf 'bobsecret\n' | pctl accounts srv1 verify bob >"$T/out" 2>&1
then pass 'verify with stdin'; else fail 'verify with stdin' "$(out)"; fi
printf 'wrong\n' | pctl accounts srv1 verify bob >"$T/out" 2>"$T/err"
t_is 'verify wrong password exits 1' "$?" 1
t_like 'denied' "$(cat "$T/err")" '^powerctl: denied: '
pc_rc 0 'accounts get by name' accounts srv1 get bob
t_like 'role' "$(out)" '^role: +operator$'
pc_rc 0 'accounts set' accounts srv1 set "$bid" role=readonly enabled=no
pc_rc 0 'accounts get by id' accounts srv1 get "$bid"
t_like 'role changed' "$(out)" '^role: +readonly$'
t_like 'disabled' "$(out)" '^enabled: +no$'
printf 'newsecret\n' >"$T/pw.bob2"
pc_rc 0 'accounts set password' accounts srv1 set "$bid" enabled=yes -p "$T/pw.bob2"
if printf 'newsecret\n' | pctl accounts srv1 verify bob >"$T/out" 2>&1
then pass 'new password verifies'; else fail 'new password verifies' "$(out)"; fi
pc_rc 100 'password in argv refused' accounts srv1 set "$bid" password=x
pc_rc 0 'accounts delete' accounts srv1 delete "$bid"
pc_rc 1 'accounts get deleted' accounts srv1 get bob
pc_rc 0 'accounts -j list' -j accounts srv1
t_like 'accounts JSON' "$(out)" '"accounts":\[.*"name":"admin"'

# media
pc_rc 0 'media insert' media srv1 insert http://127.0.0.1:9/x.iso
t_like 'media inserted' "$(out)" '^media: +http://127.0.0.1:9/x.iso'
pc_rc 0 'media get' media srv1
t_like 'media get' "$(out)" 'x.iso'
pc_rc 0 'media eject' media srv1 eject
t_like 'media ejected' "$(out)" '^media: +none$'

# power limit
pc_rc 0 'powerlimit get' powerlimit srv1
t_like 'powerlimit' "$(out)" '^power limit: +[0-9]+ W, inactive'
pc_rc 0 'powerlimit set' powerlimit srv1 set limit_w=300 exception=log
t_like 'powerlimit set' "$(out)" '^power limit: +300 W, .*exception log$'
pc_rc 0 'powerlimit activate' powerlimit srv1 activate
t_like 'active' "$(out)" ' active,'
pc_rc 0 'powerlimit deactivate' powerlimit srv1 deactivate
t_like 'inactive' "$(out)" ' inactive,'
pc_rc 100 'powerlimit bad key' powerlimit srv1 set watts=3

# console: a new owner gets the prompt again; stdin EOF ends the relay
pc_rc 0 'power on srv2' power srv2 on
printf '\r' | pctl console srv2 >"$T/console" 2>"$T/err"
t_is 'console exits 0 at stdin EOF' "$?" 0
t_like 'console shows the login prompt' "$(cat "$T/console")" 'login: '
printf '~.' | pctl console srv2 >"$T/console" 2>"$T/err"
t_is 'console ~. exits 0' "$?" 0

# subscribe: events for srv1 only
pctl subscribe srv1 >"$T/events" 2>"$T/sub.err" &
sub=$!
if wait_until 20 sh -c "powerctl -S '$T/powerd.sock' identify srv1 blink 1 && grep -q '^srv1 identify' '$T/events'"
then pass 'subscribe prints events'; else fail 'subscribe prints events' "$(cat "$T/events" "$T/sub.err")"; fi
pc_rc 0 'power on for an event' power srv1 on
pc_rc 0 'power off for an event' power srv1 off
pc_rc 0 'srv2 change' identify srv2 on
if wait_until 20 grep -q '^srv1 power off (was ' "$T/events"
then pass 'power events'; else fail 'power events' "$(cat "$T/events")"; fi
t_like 'power on event' "$(cat "$T/events")" '^srv1 power on \(was .*, by powerctl, cause chassis-control\)$'
t_like 'sel event' "$(cat "$T/events")" '^srv1 sel [0-9]+ OK Power on'
t_unlike 'no srv2 events' "$(cat "$T/events")" '^srv2'
kill "$sub"; wait "$sub" 2>/dev/null

pctl -j subscribe >"$T/events" 2>"$T/sub.err" &
sub=$!
if wait_until 20 sh -c "powerctl -S '$T/powerd.sock' identify srv2 blink 1 && grep -q '\"event\":\"identify\"' '$T/events'"
then pass 'subscribe -j prints JSON events'; else fail 'subscribe -j prints JSON events' "$(cat "$T/events" "$T/sub.err")"; fi
kill "$sub"; wait "$sub" 2>/dev/null

# raw
pc_rc 0 'raw hello' raw '{"op":"hello"}'
t_like 'raw reply JSON' "$(out)" '^\{.*"ok":true'
pc_rc 1 'raw unknown op' raw '{"op":"fly"}'
t_like 'raw unknown-op' "$(out)" '"error":"unknown-op"'
pc_rc 100 'raw not JSON' raw 'not json'

# errors and exit codes
pc_rc 1 'unknown server' status srv9
t_like 'no-such-server message' "$(cat "$T/err")" '^powerctl: no-such-server: '
pc_rc 1 'unknown server -j' -j power srv9 on
t_like 'error JSON on stdout' "$(out)" '"ok":false,"error":"no-such-server"'
pc_rc 100 'no command' 
pc_rc 100 'unknown command' frobnicate
pc_rc 100 'missing server' status
pc_rc 100 'missing action' power srv1
pc_rc 100 'bad action' power srv1 explode
pc_rc 100 'bad timeout' -t 0 hello
pc_rc 100 'bad flag' -x hello
powerctl -S "$T/nothere.sock" hello >"$T/out" 2>"$T/err"
t_is 'no powerd: 111' "$?" 111
t_like 'says why' "$(cat "$T/err")" 'nothere.sock: No such file or directory'

pctl subscribe >"$T/events" 2>"$T/sub.err" &
sub=$!
if wait_until 20 sh -c "powerctl -S '$T/powerd.sock' identify srv2 blink 1 && grep -q '^srv2 identify' '$T/events'"
then pass 'subscribed before powerd stops'; else fail 'subscribed before powerd stops' "$(cat "$T/events" "$T/sub.err")"; fi
t_ok 'powerd exits 0' stop_all
wait "$sub"
t_is 'subscribe ends with 111 when powerd goes' "$?" 111
t_like 'subscribe says why' "$(cat "$T/sub.err")" 'powerd closed the connection'
powerctl -S "$T/powerd.sock" list >"$T/out" 2>&1
t_is 'powerd gone: 111' "$?" 111
done_testing
