#!/bin/sh
# 9201-lab-supervise.t: mk/lab.sh restarts a daemon that exits (logged,
# with backoff), leaves the others running, and stops everything on SIGINT
# even when a script started it in the background (SIGINT ignored), and on
# SIGTERM.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need curl nc

off=$(( 20000 + ($$ + 7919) % 20000 ))
rf() { curl -sf -o /dev/null "http://127.0.0.1:$((8000 + off))/redfish/v1"; }
pid_of() { pgrep -f "/$1 -N 3 -i $2 -S $T/lab/"; }

# a plain background job of this (non-interactive) script: SIGINT ignored
sh "$TOP/mk/lab.sh" -n 2 -d "$T/lab" -o $off >"$T/lab.out" 2>&1 &
lab=$!
if wait_until 60 grep -q 'Ctrl-C stops the lab' "$T/lab.out"; then
	pass 'lab is up'
else
	fail 'lab is up' "$(cat "$T/lab.out")"
fi
pgrep -f "$T/lab/" | sort >"$T/pids.before"
victim=$(pid_of redfishd srv1)
t_ok 'redfishd srv1 answers' rf
grep -vx "$victim" "$T/pids.before" >"$T/others"
t_is 'powerd and 4 daemons per server' "$(wc -l <"$T/pids.before" | tr -d ' ')" 9

kill -KILL "$victim"
t_ok 'redfishd srv1 is restarted and answers again' wait_until 20 sh -c \
    "p=\$(pgrep -f '/redfishd -N 3 -i srv1 -S $T/lab/'); [ -n \"\$p\" ] && [ \"\$p\" != $victim ] && curl -sf -o /dev/null http://127.0.0.1:$((8000 + off))/redfish/v1"
t_like 'the exit is logged with its signal and the backoff' "$(cat "$T/lab.out")" \
    'lab: redfishd-srv1 killed by signal 9 \(KILL\); restarting in 0\.5 s'
t_like 'and the restart with the new pid' "$(cat "$T/lab.out")" \
    "lab: redfishd-srv1 restarted \\(pid $(pid_of redfishd srv1)\\)"
alive=0
for p in $(cat "$T/others"); do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
t_is 'every other daemon kept running (same pids)' "$alive" "$(wc -l <"$T/others" | tr -d ' ')"

# again at once: the backoff doubles
victim=$(pid_of redfishd srv1)
kill -KILL "$victim"
t_ok 'killed again: restarted again' wait_until 20 sh -c \
    "grep -q 'redfishd-srv1 killed by signal 9 (KILL); restarting in 1.0 s' '$T/lab.out' && curl -sf -o /dev/null http://127.0.0.1:$((8000 + off))/redfish/v1"

# an exit with status 0 that the lab did not ask for is unexpected too
kill -TERM "$(pid_of vncd srv2)"
t_ok 'vncd srv2, stopped from outside, comes back' wait_until 20 sh -c \
    "grep -q 'lab: vncd-srv2 exited with status 0; restarting in 0.5 s' '$T/lab.out' && grep -q 'lab: vncd-srv2 restarted' '$T/lab.out' && nc -z 127.0.0.1 $((5901 + off))"

kill -INT $lab
wait $lab
t_is 'SIGINT stops the background lab: exit 0' $? 0
t_is 'no daemon left running' "$(pgrep -f "$T/lab/" | wc -l)" 0
t_unlike 'nothing restarted while stopping' "$(sed -n '/lab: stopping/,$p' "$T/lab.out")" 'restart'

# SIGTERM
sh "$TOP/mk/lab.sh" -n 1 -d "$T/lab2" -o $((off + 5)) >"$T/lab2.out" 2>&1 &
lab=$!
t_ok 'a second lab is up' wait_until 60 grep -q 'Ctrl-C stops the lab' "$T/lab2.out"
t_ok 'its daemons run' pgrep -f "$T/lab2/"
kill -TERM $lab
wait $lab
t_is 'SIGTERM stops it: exit 0' $? 0
t_is 'no daemon left running' "$(pgrep -f "$T/lab2/" | wc -l)" 0
done_testing
