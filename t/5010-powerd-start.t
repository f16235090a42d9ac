#!/bin/sh
# 5010-powerd-start.t: flags, -n, lab file errors (file:line, exit 100), readiness, socket modes, corrupt state, clean exit
. "${0%/*}/lib.sh"
need powerd powerctl
lab_sim 2

t_ok 'powerd -n: configuration OK' powerd -n -f "$T/lab.conf"
t_is '-n prints configuration OK' "$(cat "$T/out")" 'configuration OK'

printf 'server a\n\tbogus 1\n' >"$T/bad.conf"
powerd -n -f "$T/bad.conf" >"$T/out" 2>&1
t_is 'bad key: exit 100' "$?" 100
t_like 'bad key: file:line: message' "$(cat "$T/out")" "bad.conf:2: unknown key \"bogus\""

powerd -n -f "$T/missing.conf" >"$T/out" 2>&1
t_is 'missing lab file: exit 100' "$?" 100
powerd -x >"$T/out" 2>&1
t_is 'bad flag: exit 100' "$?" 100
t_like 'usage line' "$(cat "$T/out")" '^usage: powerd \[-nsv\] \[-D docker-socket\] \[-f file\] \[-N fd\] \[-S socket\] \[-u user\]$'
powerd -f "$T/lab.conf" extra >"$T/out" 2>&1
t_is 'extra argument: exit 100' "$?" 100

printf 'account a administrator password-file %s/nope\nserver a\n' "$T" \
    >"$T/pw.conf"
powerd -n -f "$T/pw.conf" >"$T/out" 2>&1
t_is 'unreadable password-file: exit 100' "$?" 100
t_like 'password-file error names the line' "$(cat "$T/out")" 'pw.conf:1: account a'
printf 'hunter2\n' >"$T/secret"
printf 'account a administrator password-file %s/secret\nserver a\n' "$T" \
    >"$T/pw.conf"
t_ok 'password-file read' powerd -n -f "$T/pw.conf"

mkdir -p "$T/run"
start powerd -f "$T/lab.conf" -S "$T/run/sub/powerd.sock"
t_is 'readiness line is the socket path' "$powerd_addr" "$T/run/sub/powerd.sock"
t_is 'socket mode 0660' "$(stat -c %a "$T/run/sub/powerd.sock")" 660
t_is 'socket directory mode 0750' "$(stat -c %a "$T/run/sub")" 750
t_ok 'hello' powerctl -S "$T/run/sub/powerd.sock" hello
t_like 'peer credentials logged' "$(cat "$T/powerd.log")" 'client uid 0 gid 0 pid [0-9]+'
t_ok 'power on' powerctl -S "$T/run/sub/powerd.sock" power srv1 on
t_ok 'policy previous' powerctl -S "$T/run/sub/powerd.sock" policy srv1 previous
t_ok 'state file written' test -s "$T/state/srv1.json"
t_is 'state file mode 0600' "$(stat -c %a "$T/state/srv1.json")" 600
t_ok 'SIGTERM: exit 0' stop powerd
t_ok 'socket removed on exit' test ! -e "$T/run/sub/powerd.sock"

# a corrupt state file is a clear error, not a silent reset
cp "$T/state/srv1.json" "$T/srv1.good"
printf '{"version":1,"server":"srv1","power":"sideways"}\n' >"$T/state/srv1.json"
powerd -f "$T/lab.conf" -S "$T/p2.sock" >"$T/out" 2>&1
t_is 'corrupt state: exit 100' "$?" 100
t_like 'corrupt state: names the file' "$(cat "$T/out")" "srv1.json: corrupt state file: bad or missing \"power\""
cp "$T/srv1.good" "$T/state/srv1.json"
t_ok 'the SEL has a log of its own' test -s "$T/state/srv1.sel"
cp "$T/state/srv1.sel" "$T/sel.good"
printf 'garbage\n' >>"$T/sel.good"
cp "$T/sel.good" "$T/state/srv1.sel"
powerd -f "$T/lab.conf" -S "$T/p2.sock" >"$T/out" 2>&1
t_is 'corrupt SEL line: exit 100' "$?" 100
t_like 'corrupt SEL line: file and line' "$(cat "$T/out")" "srv1.sel:[0-9]+: corrupt SEL log entry"
sed -i '$d' "$T/sel.good"
cp "$T/sel.good" "$T/state/srv1.sel"
printf '[99,17000' >>"$T/state/srv1.sel"

start powerd -f "$T/lab.conf" -S "$T/p3.sock"
t_like 'policy previous: on again after a restart' "$(powerctl -S "$T/p3.sock" -j status srv1)" '"power":"on".*"restart_cause":"previous-restore"'
t_like 'policy always-off: srv2 off' "$(powerctl -S "$T/p3.sock" -j status srv2)" '"power":"off"'
t_ok 'a torn last SEL line (never acknowledged) was ignored' powerctl -S "$T/p3.sock" sel srv1 add after the tear
t_ok 'and the log is whole again' sh -c "! grep -q '17000' '$T/state/srv1.sel' && tail -n 1 '$T/state/srv1.sel' | grep -q 'after the tear'"
kill -INT "$powerd_pid"
wait "$powerd_pid"
t_is 'SIGINT: exit 0' "$?" 0
_pids=

# -u: an unknown user is a configuration error; as root, the socket is
# bound first, then powerd serves as the user for good
powerd -n -f "$T/lab.conf" -u no-such-user-here >"$T/out" 2>&1
t_is '-u unknown user: exit 100' "$?" 100
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	lab_sim 1
	chown -R nobody "$T/state"
	chmod 0711 "$T"	# nobody reaches its state directory
	start_as pdu powerd -f "$T/lab.conf" -S "$T/pu.sock" -u nobody
	t_like '-u nobody: real, effective and saved uid' \
	    "$(sed -n 's/^Uid:[[:space:]]*//p' "/proc/$pdu_pid/status")" \
	    "^$(id -u nobody)[[:space:]]+$(id -u nobody)[[:space:]]+$(id -u nobody)"
	t_ok '-u nobody: still serves (root is always allowed)' powerctl -S "$T/pu.sock" power srv1 on
	t_ok '-u nobody: clean exit' stop_all
else
	skip '-u needs root'; skip '-u needs root'; skip '-u needs root'
fi
done_testing
