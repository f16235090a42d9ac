#!/bin/sh
# 5021-powerd-single.t: a second powerd on the same state directory or socket refuses to start (111, one line) and the first is untouched
. "${0%/*}/lib.sh"
need powerd powerctl
lab_sim 1
sed "s|^state-dir .*|state-dir $T/state2|" "$T/lab.conf" >"$T/lab2.conf"
start_powerd
t_ok 'power on' pctl power srv1 on
t_ok 'policy always-off' pctl policy srv1 always-off
pctl -j status srv1 | sed 's/"poh_minutes":[0-9]*,//' >"$T/st.before"
cp "$T/state/srv1.json" "$T/file.before"

second() {
	timeout 10 powerd "$@" >"$T/2.out" 2>"$T/2.err" </dev/null
	echo $?
}
t_is 'same state directory and socket: exit 111' "$(second -f "$T/lab.conf" -S "$T/powerd.sock")" 111
t_is 'one line on stderr' "$(wc -l <"$T/2.err")" 1
t_like 'naming the state directory and the holder' "$(cat "$T/2.err")" "^powerd: $T/state is in use by another powerd, pid $powerd_pid\$"
t_is 'same state directory, another socket: 111' "$(second -f "$T/lab.conf" -S "$T/other.sock")" 111
t_like 'the state directory is locked' "$(cat "$T/2.err")" 'in use by another powerd'
t_ok 'the other socket was never bound' test ! -e "$T/other.sock"
t_is 'another state directory, same socket: 111' "$(second -f "$T/lab2.conf" -S "$T/powerd.sock")" 111
t_like 'the socket answers' "$(cat "$T/2.err")" "^powerd: $T/powerd.sock answers: another powerd is serving it\$"
t_is 'one line on stderr' "$(wc -l <"$T/2.err")" 1
t_ok 'no state written in the second directory' test ! -e "$T/state2/srv1.json"
t_is 'the first powerd is untouched' "$(pctl -j status srv1 | sed 's/"poh_minutes":[0-9]*,//')" "$(cat "$T/st.before")"
t_ok 'its state file too' cmp "$T/state/srv1.json" "$T/file.before"
t_ok 'and it still serves its socket' pctl power srv1 off
t_ok 'clean exit' stop powerd

# the lock goes with the process: after a kill -9 (stale lock file and
# socket left behind) a new powerd starts
start_powerd
kill9 powerd
t_ok 'stale socket and lock file left by kill -9' test -S "$T/powerd.sock" -a -f "$T/state/powerd.lock"
start_powerd
t_like 'a new powerd serves' "$(pctl -j status srv1)" '"ok":true'
t_ok 'clean exit' stop_all
done_testing
