#!/bin/sh
# 4011-vncd-power.t: vncd with the real powerd (sim backend) and sold: the
# no-signal screen while the server is off, the console once it is on,
# typing in the viewer reaches the simulated host.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need /usr/bin/python3
PATH="$TOP/t/helper:$PATH"
for p in powerd sold powerctl; do
	command -v $p >/dev/null 2>&1 || { echo "1..0 # SKIP $p not built"; exit 0; }
done

lab_sim 1
start_powerd
start sold -S "$T/powerd.sock" -i srv1 -U "$T/sold.sock" -l 127.0.0.1:0
start vncd -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1 -U "$T/sold.sock"
port=${vncd_addr##*:}

grab() { vncgrab -o "$T/g.ppm" "127.0.0.1:$port" >/dev/null 2>&1; }
nosig() { grab && vnccheck.py nosignal "$T/g.ppm"; }
shows() { grab && vnccheck.py find "$T/g.ppm" "$1"; }

t_ok 'server off: no-signal screen' wait_until 10 nosig
t_ok 'power on' pctl power srv1 on
t_ok 'the console shows the boot' wait_until 60 shows 'srv1 login:'
t_fail 'no no-signal box any more' vnccheck.py nosignal "$T/g.ppm"
# the simulated host may still be booting when the prompt first shows:
# type again until it answers
login() {
	_n=0
	while [ $_n -lt 10 ]; do
		vncgrab -k root -K Return "127.0.0.1:$port" >/dev/null 2>&1 &&
		    wait_until 3 shows 'Welcome to the bmcsim simulated host' &&
		    return 0
		_n=$((_n + 1))
	done
	return 1
}
t_ok 'typed in the viewer, the host answered' login
t_ok 'power off' pctl power srv1 off
t_ok 'no-signal again' wait_until 10 nosig
t_ok 'power on again' pctl power srv1 on
t_ok 'the picture returns by itself' wait_until 20 shows 'srv1 login:'
kill9 powerd
t_ok 'powerd gone: the console still shows' shows 'srv1 login:'
t_ok 'clean exit' stop_all
done_testing
