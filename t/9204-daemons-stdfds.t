#!/bin/sh
# 9204-daemons-stdfds.t: a daemon started with stdin, stdout or stderr closed puts /dev/null there (no socket becomes its stderr), and -N naming a descriptor that is not open is refused at start with one line, exit 100
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need ipmitool
lab_sim 1
start_powerd
# a second powerd's lab: its own state directory
mkdir -p "$T/state2"
sed "s|^state-dir .*|state-dir $T/state2|" "$T/lab.conf" >"$T/lab2.conf"

# args NAME: a daemon's arguments for this lab (its own sockets under $T)
args() {
	case $1 in
	powerd) echo "-f $T/lab2.conf -S $T/powerd2.sock" ;;
	sold) echo "-l 127.0.0.1:0 -U $T/sold-$2.sock -S $T/powerd.sock -i srv1" ;;
	ipmid) echo "-l 127.0.0.1:0 -S $T/powerd.sock -i srv1" ;;
	vncd) echo "-m console -l 127.0.0.1:0 -w 127.0.0.1:0 -U $T/sold-a.sock -S $T/powerd.sock -i srv1" ;;
	redfishd) echo "-l 127.0.0.1:0 -S $T/powerd.sock -i srv1" ;;
	esac
}

for d in powerd sold ipmid vncd redfishd; do
	# -N 1 while 1 is closed: the first socket would get that number
	# shellcheck disable=SC2046
	"$d" -N 1 $(args $d x) 1>&- 2>"$T/$d.err" </dev/null
	t_is "$d -N 1 with 1 closed: exit 100" "$?" 100
	t_like "$d -N 1 with 1 closed: says so" "$(cat "$T/$d.err")" '^-N 1: descriptor not open$'
	"$d" -N 9 $(args $d x) 2>"$T/$d.err" </dev/null
	t_is "$d -N 9, not open: exit 100" "$?" 100
done

# 0, 1 and 2 closed: /dev/null on each, the daemon serves
for d in powerd sold ipmid vncd redfishd; do
	rm -f "$T/$d.rdy2"; mkfifo "$T/$d.rdy2"
	# shellcheck disable=SC2046
	"$d" -N 3 $(args $d a) 3>"$T/$d.rdy2" 0<&- 1>&- 2>&- &
	p=$!
	l=$(timeout 20 head -n 1 "$T/$d.rdy2")
	t_like "$d with 0, 1, 2 closed: ready" "$l" '^(127\.0\.0\.1:[0-9]+|/)'
	t_is "$d with 0, 1, 2 closed: /dev/null on each" \
	    "$(readlink /proc/$p/fd/0) $(readlink /proc/$p/fd/1) $(readlink /proc/$p/fd/2)" \
	    "/dev/null /dev/null /dev/null"
	case $d in
	ipmid)
		a=${l%% *}
		t_like 'ipmid so started answers ipmitool' \
		    "$(ipmitool -I lanplus -H 127.0.0.1 -p "${a##*:}" -U admin -P password chassis power status 2>&1)" \
		    '^Chassis Power is (on|off)$' ;;
	powerd)
		t_like 'powerd so started answers powerctl' \
		    "$(powerctl -S "$T/powerd2.sock" status srv1 2>&1)" 'srv1' ;;
	esac
	kill -TERM "$p"
	wait "$p"
	t_is "$d so started: stops cleanly" "$?" 0
done
stop_all
done_testing
