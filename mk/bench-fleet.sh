#!/bin/sh
# mk/bench-fleet.sh: a fleet on one machine; prints figures, asserts nothing.
# SPDX-License-Identifier: ISC
#
# For N servers on the sim backend: one powerd and, per server, sold, ipmid,
# redfishd and vncd (console mode), server i on its own loopback address
# 127.0.X.Y on the standard ports (623/udp, 8000, 5900, 6080, 2300), so
# FreeIPMI can take the whole fleet as host ranges.  Figures per N: time
# from the first spawn until every daemon has written its readiness line
# (-N), total RSS and PSS, idle CPU over IDLE seconds (percent of one
# core, all daemons together), `ipmipower --stat` over every server
# (time, answers on/off, errors; 1000 hosts a run) and a Redfish GET over
# HTTP and HTTPS on every server (beyond 1000 servers, on 1000 of them).
# powerd accepts up to 16384 connections (PD_CONN_MAX) and each server's
# front ends hold 6 or 7, so one powerd serves PER_POWERD servers
# (default 1000) and larger fleets get several.  Targets (issue 7): 1000
# servers up in <= 10 s, <= 2 GB, idle CPU near zero; issue 13: <= 5 s,
# <= 1 GB, idle CPU <= 1 % of a core.
# Needs root (port 623 on 127.0.X.Y) and ipmipower for the IPMI figure;
# without them the other figures are still printed.  Every daemon takes a
# pid: 10 000 servers are 40 000 processes, beyond the usual
# kernel.pid_max (32768); as root the bench raises it for the step and
# restores it at exit, else it says the step cannot run.
# usage: sh mk/bench-fleet.sh [N ...]    (default: 100 1000 10000,
#   then 1000 servers with sold and ipmid only; FRONTENDS="sold ipmid"
#   picks the front ends, PER_POWERD the servers per powerd)
# Bounded: a step that is not up in 60 s (15 ms a server beyond 4000)
# ends the ladder, and no new step starts after BUDGET seconds (default
# 240).
set -u
TOP=$(cd "${0%/*}/.." && pwd)
IDLE=${IDLE:-5}
PER_POWERD=${PER_POWERD:-1000}
# FRONTENDS="sold ipmid" measures a fleet with only those front ends
FULL=0
[ -z "${FRONTENDS:-}" ] && [ $# = 0 ] && FULL=1
FRONTENDS=${FRONTENDS:-sold ipmid redfishd vncd}
NFE=$(echo $FRONTENDS | wc -w)
has() { case " $FRONTENDS " in *" $1 "*) return 0 ;; esac; return 1; }
BUDGET=${BUDGET:-240}
STEPS=${*:-100 1000 10000}
B=$(mktemp -d "${TMPDIR:-/tmp}/bench-fleet.XXXXXX")
# sockets and their directory on tmpfs, as /run is on a real host: on a
# disk file system, creating 4000 socket inodes right after the last run
# deleted as many made ext4 skip its recently deleted inodes (5 % of the
# CPU the fleet took to come up, and most of the run-to-run variation)
RT=$B/rt
[ -d /dev/shm ] && [ -w /dev/shm ] &&
    RT=$(mktemp -d /dev/shm/bench-fleet.XXXXXX 2>/dev/null) || RT=$B/rt
PIDS=
now_ms() { echo $(($(date +%s%N) / 1000000)); }
T0=$(now_ms)

for p in powerd/powerd sold/sold ipmid/ipmid redfishd/redfishd vncd/vncd \
    t/helper/fleetspawn; do
	[ -x "$TOP/$p" ] || { echo "fleet: $p not built (make all)"; exit 0; }
done
ROOT=0
[ "$(id -u)" = 0 ] && ROOT=1
IPMIPOWER=0
[ $ROOT = 1 ] && command -v ipmipower >/dev/null && IPMIPOWER=1
# 5 fds per server at powerd, a few per daemon: raise the soft limit
ulimit -n "$(ulimit -Hn)" 2>/dev/null

stop_fleet() {
	for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
	_i=0
	while [ $_i -lt 100 ]; do
		_alive=0
		for p in $PIDS; do kill -0 "$p" 2>/dev/null && { _alive=1; break; }; done
		[ $_alive = 0 ] && break
		_i=$((_i + 1)); sleep 0.1
	done
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	[ -n "${SPID:-}" ] && wait "$SPID" 2>/dev/null
	PIDS= SPID=
}
PIDMAX0=
trap 'stop_fleet; rm -rf "$B" "$RT"; [ -n "$PIDMAX0" ] && echo "$PIDMAX0" >/proc/sys/kernel/pid_max' EXIT
trap 'exit 130' INT TERM

# addr I: server I's loopback address (250 per /24)
addr() { echo "127.0.$(( ($1 - 1) / 250 + 1 )).$(( ($1 - 1) % 250 + 1 ))"; }
# hostranges_from F L: FreeIPMI host ranges covering servers F..L
hostranges_from() {
	_r= _i=$1
	while [ $_i -le "$2" ]; do
		_net=$(( (_i - 1) / 250 + 1 ))
		_last=$(( _net * 250 )); [ $_last -gt "$2" ] && _last=$2
		_r="$_r${_r:+,}127.0.$_net.[$(( (_i - 1) % 250 + 1 ))-$(( (_last - 1) % 250 + 1 ))]"
		_i=$((_last + 1))
	done
	echo "$_r"
}

# kind_cpu: "comm ms" of CPU per kind of daemon, every thread counted.
# From schedstat (ns): stat's utime and stime are whole clock ticks per
# process, and a daemon that used less than a tick adds 0
kind_cpu() {
	for p in $PIDS; do
		set -- /proc/"$p"/task/*/schedstat
		echo "$p $*"
	done | awk '{
		f = "/proc/" $1 "/comm"
		if ((getline c < f) <= 0)
			next
		close(f)
		for (i = 2; i <= NF; i++) {
			if ((getline l < $i) > 0) {
				split(l, a, " ")
				k[c] += a[1]
			}
			close($i)
		}
	} END { for (i in k) printf "%s %.1f\n", i, k[i] / 1e6 }' | sort
}
# psum FILE PROG: the awk program PROG over the lines of /proc/PID/FILE of
# every daemon, with no process per daemon (40 000 at 10 000 servers)
psum() {
	for p in $PIDS; do echo "/proc/$p/$1"; done | awk '{
		f = $0
		while ((getline l < f) > 0)
			print l
		close(f)
	}' | awk "$2"
}
# cpu_ms: CPU of every daemon, ms
cpu_ms() {
	kind_cpu | awk '{ s += $2 } END { printf "%.1f\n", s }'
}

# quiet: wait (up to 10 s) until the machine is idle, 90 % over half a
# second, so a step does not start while the last one's processes are
# still being torn down (the kernel frees their memory after they exit)
quiet() {
	_i=0
	while [ $_i -lt 20 ]; do
		_a=$(awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
		sleep 0.5
		_b=$(awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
		echo "$_a $_b" | awk '{ exit !($4 > $2 && ($3 - $1) / ($4 - $2) >= 0.9) }' && return
		_i=$((_i + 1))
	done
}

# run N: one fleet of N servers, one line of figures; 1 if it did not come up
run() {
	n=$1
	d=$B/n$n
	mkdir -p "$d/state" "$d/log" "$RT/n$n"
	ln -s "$RT/n$n" "$d/run"
	# powerd takes up to 16384 connections (PD_CONN_MAX) and a server's
	# four front ends hold 6 or 7: one powerd per PER_POWERD servers
	npd=$(( (n + PER_POWERD - 1) / PER_POWERD ))
	j=0
	while [ $j -lt $npd ]; do
		mkdir -p "$d/state/$j"
		{
			echo "state-dir $d/state/$j"
			echo "account admin administrator password password"
			echo "account operator operator password operator"
			echo "account readonly readonly password readonly"
			i=$((j * PER_POWERD + 1))
			while [ $i -le "$n" ] && [ $i -le $(( (j + 1) * PER_POWERD )) ]; do
				printf 'server srv%d\n\tbackend sim\n' "$i"
				i=$((i + 1))
			done
		} >"$d/lab$j.conf"
		j=$((j + 1))
	done
	# civetweb workers are threads and take pids: 8192 for the fleet, 4096 per port kind,
	# 8 to 1100 per redfishd, as mk/lab.sh gives them
	t=$((4096 / n)); [ $t -gt 1100 ] && t=1100; [ $t -lt 8 ] && t=8
	rft=${RF_THREADS:-$t}
	printf 'threads %s\n' "$rft" >"$d/run/redfishd.conf"
	# one lab certificate for every redfishd's HTTPS, as mk/lab.sh does
	"$TOP/redfishd/redfishd" -G "$d/run/cert.pem" &&
	    printf 'certificate %s\n' "$d/run/cert.pem" >>"$d/run/redfishd.conf"
	# front ends retry powerd until it answers: no need to wait for it.
	# One line per daemon (tabs), started by t/helper/fleetspawn
	i=1
	T='	'
	while [ $i -le "$n" ]; do
		a=127.0.$(( (i - 1) / 250 + 1 )).$(( (i - 1) % 250 + 1 ))
		s=srv$i
		pd=$d/run/powerd$(( (i - 1) / PER_POWERD )).sock
		sock=$d/run/sold-$s.sock
		if [ $ROOT = 1 ]; then pi=623; else pi=$((10000 + i)); fi
		printf 'sol-socket %s\n' "$sock" >"$d/run/ipmid-$s.conf"
		has sold && echo "$d/log/sold$T$TOP/sold/sold$T-N${T}3$T-i$T$s$T-S$T$pd$T-l$T$a:2300$T-U$T$sock"
		has ipmid && echo "$d/log/ipmid$T$TOP/ipmid/ipmid$T-N${T}3$T-i$T$s$T-S$T$pd$T-l$T$a:$pi$T-f$T$d/run/ipmid-$s.conf"
		# redfishd's NetworkProtocol claims only the front ends started
		ep=ipmi=0,vnc=0,novnc=0,telnet=0
		has ipmid && ep="$ep,ipmi=$pi"
		has vncd && ep="$ep,vnc=5900,novnc=6080"
		has sold && ep="$ep,telnet=2300"
		has redfishd && echo "$d/log/redfishd$T$TOP/redfishd/redfishd$T-N${T}3$T-i$T$s$T-S$T$pd$T-l$T$a:8000$T-L$T$a:8443$T-C$T$sock$T-f$T$d/run/redfishd.conf$T-E$T$ep"
		has vncd && echo "$d/log/vncd$T$TOP/vncd/vncd$T-N${T}3$T-i$T$s$T-S$T$pd$T-m${T}console$T-l$T$a:5900$T-w$T$a:6080$T-U$T$sock"
		i=$((i + 1))
	done >"$d/cmds"
	# one FIFO collects every readiness line (each is one short write)
	mkfifo "$d/rdy"
	quiet
	want=$((NFE * n + npd))
	# 60 s, and 15 ms a server beyond 4000
	tmo=$(( n > 4000 ? n * 15 / 1000 : 60 ))
	timeout "$tmo" head -n "$want" "$d/rdy" >"$d/ready" &
	rpid=$!
	exec 3>"$d/rdy"
	t0=$(now_ms)
	j=0
	while [ $j -lt $npd ]; do
		"$TOP/powerd/powerd" -N 3 -f "$d/lab$j.conf" -S "$d/run/powerd$j.sock" \
		    2>>"$d/log/powerd" </dev/null &
		PIDS="$PIDS $!"
		j=$((j + 1))
	done
	ts0=$(now_ms)
	"$TOP/t/helper/fleetspawn" "$d/cmds" "$d/pids" &
	SPID=$!
	exec 3>&-
	wait $rpid
	t1=$(now_ms)
	_i=0
	while [ ! -f "$d/pids" ] && [ $_i -lt 100 ]; do
		_i=$((_i + 1)); sleep 0.1
	done
	PIDS="$PIDS $(cat "$d/pids" 2>/dev/null)"
	got=$(wc -l <"$d/ready")
	if [ "$got" -lt "$want" ]; then
		printf '%5d servers: only %d of %d daemons ready after %d ms\n' \
		    "$n" "$got" "$want" $((t1 - t0))
		for l in "$d"/log/*; do
			[ -s "$l" ] && sed 's/^/    /' "$l" | sort | uniq -c | sort -rn | head -n 3
		done
		stop_fleet
		return 1
	fi
	up=$((t1 - t0))
	# CPU the start took, by kind of daemon (ms, all of them together)
	scpu=$(kind_cpu | awk '{ printf "%s %d  ", $1, $2 }')
	# settled: the daemons' start-up talk with powerd is over (their CPU
	# grows by less than 20 ms in half a second), up to 30 s
	s0=$(cpu_ms); _i=0
	while [ $_i -lt 60 ]; do
		sleep 0.5
		s1=$(cpu_ms)
		awk -v a="$s0" -v b="$s1" 'BEGIN { exit !(b - a < 20) }' && break
		s0=$s1; _i=$((_i + 1))
	done
	settle=$(($(now_ms) - t0))
	# memory: RSS counts shared library pages once per process, PSS
	# shares them out
	mem=$(psum smaps_rollup '$1 == "Rss:" { r += $2 } $1 == "Pss:" { s += $2 }
	    END { printf "%d %d", r / 1024, s / 1024 }')
	ithr=$(psum status '$1 == "Threads:" { t += $2 } END { print t + 0 }')
	# PSS per kind of daemon, per server
	kinds=$(for p in $PIDS; do echo "/proc/$p"; done | awk -v n="$n" '{
		c = ""
		if ((getline c < ($0 "/comm")) <= 0)
			next
		close($0 "/comm")
		f = $0 "/smaps_rollup"
		while ((getline l < f) > 0) {
			split(l, a, " ")
			if (a[1] == "Pss:")
				k[c] += a[2]
		}
		close(f)
	    } END { for (i in k) printf "%s %.2f  ", i, k[i] / n / 1024 }')
	kind_cpu >"$d/k0"
	w0=$(now_ms)
	sleep "$IDLE"
	w1=$(now_ms)
	kind_cpu >"$d/k1"
	# idle CPU by kind of daemon (percent of one core)
	kcpu=$(join "$d/k0" "$d/k1" | awk -v ms=$((w1 - w0)) \
	    '{ printf "%s %.2f  ", $1, 100 * ($3 - $2) / ms }')
	cpu=$(join "$d/k0" "$d/k1" | awk -v ms=$((w1 - w0)) \
	    '{ c += $3 - $2 } END { printf "%.1f", 100 * c / ms }')
	ipm="-"
	bad=0
	if [ $IPMIPOWER = 1 ] && has ipmid; then
		# 1000 hosts per run: ipmipower opens a socket per host
		h0=$(now_ms)
		: >"$d/ipmipower"
		_f=1
		while [ $_f -le "$n" ]; do
			_l=$((_f + 999)); [ $_l -gt "$n" ] && _l=$n
			ipmipower -D LAN_2_0 -u admin -p password \
			    -h "$(hostranges_from "$_f" "$_l")" --stat \
			    >>"$d/ipmipower" 2>&1
			_f=$((_l + 1))
		done
		h1=$(now_ms)
		on=$(grep -c ': on$' "$d/ipmipower")
		off=$(grep -c ': off$' "$d/ipmipower")
		bad=$((n - on - off))
		ipm="$((h1 - h0)) ms, $((on + off)) answered ($on on, $off off), $bad errors"
		if [ $bad -gt 0 ]; then
			grep -v ': o[nf]f*$' "$d/ipmipower" | sort -t: -k2 |
			    uniq -c -f1 | head -n 3 | sed 's/^/    ipmipower: /'
			sort "$d/log/ipmid" | uniq -c | sort -rn | head -n 3 |
			    sed 's/^/    ipmid log: /'
		fi >"$d/ipmierr"
	fi
	# a Redfish GET on every server, over HTTP and over HTTPS; beyond 1000
	# servers on every (N/1000)th (each used redfishd then holds two web
	# servers and OpenSSL, 2 MB: 10 000 of them would not fit)
	rf="-"
	if has redfishd && command -v curl >/dev/null; then
		i=1
		step=$(( n > 1000 ? n / 1000 : 1 ))
		while [ $i -le "$n" ]; do
			a=$(addr $i)
			printf 'url = "http://%s:8000/redfish/v1/Systems/srv%d"\noutput = "/dev/null"\n' "$a" $i
			printf 'url = "https://%s:8443/redfish/v1/"\noutput = "/dev/null"\n' "$a"
			i=$((i + step))
		done >"$d/urls"
		h0=$(now_ms)
		ok=$(curl -Z --parallel-max 8 -sk -u admin:password -m 10 \
		    -w '%{http_code}\n' -K "$d/urls" 2>/dev/null |
		    grep -c '^200$')
		h1=$(now_ms)
		rf="$ok of $(grep -c '^url' "$d/urls") answered 200 in $((h1 - h0)) ms"
		# every BMC has now started its web server and TLS
		used=$(psum smaps_rollup '$1 == "Pss:" { s += $2 } END { printf "%d", s / 1024 }')
		rf="$rf; PSS after it $used MB"
	fi
	rss=${mem% *} pss=${mem#* }
	thr=$(psum status '$1 == "Threads:" { t += $2 } END { print t + 0 }')
	tps=$(( (thr + n - 1) / n ))
	ITPS=$(( (ithr + n - 1) / n ))
	# redfishd's workers (two ports), sized by N: the pid_max guard adds
	# them per N
	TPS=$tps
	has redfishd && TPS=$((tps - 2 * rft))
	printf '%5d servers (%5d daemons, %d powerd): up %6d ms  RSS %6d MB  PSS %6d MB  idle CPU %5s %%  ipmipower --stat: %s\n' \
	    "$n" "$want" "$npd" "$up" "$rss" "$pss" "$cpu" "$ipm"
	echo "      powerd spawned in $((ts0 - t0)) ms, every daemon ready at $up ms"
	echo "      CPU ms to start, by kind: $scpu; start-up talk with powerd over at $settle ms"
	echo "      idle CPU % by kind: $kcpu"
	echo "      threads $ithr idle, $thr after the Redfish GETs ($tps per server); idle PSS MB per server: $kinds"
	echo "      Redfish GET (HTTP Systems/srvI, HTTPS /redfish/v1/): $rf"
	[ -s "$d/ipmierr" ] 2>/dev/null && cat "$d/ipmierr"
	meets=$(awk -v up="$up" -v pss="$pss" -v cpu="$cpu" -v n="$n" \
	    'BEGIN { print (up <= 5000 * (n > 1000 ? n / 1000 : 1) && pss <= 1024 * (n > 1000 ? n / 1000 : 1) && cpu <= 1) ? 1 : 0 }')
	[ "$bad" -gt 0 ] && meets=0
	[ "$meets" = 1 ] && BEST=$n
	# the same per-server cost, scaled to 1000 servers (8 workers a port)
	PT=$TPS; has redfishd && PT=$((TPS + 16))
	PROJ=$(awk -v up="$up" -v pss="$pss" -v n="$n" -v t="$PT" \
	    'BEGIN { printf "%.1f s, %.1f GB, %d threads", up / n, pss / n * 1000 / 1024, t * 1000 }')
	PROJN=$n
	stop_fleet
	rm -rf "$d"
	return 0
}

echo "fleet: sim backend, front ends $FRONTENDS, $(nproc) cores;" \
    "targets: 1000 servers up <= 5 s, <= 1 GB, idle CPU <= 1 %"
[ $ROOT = 1 ] || echo "fleet: not root: IPMI on 127.0.X.Y:10000+i, no ipmipower"
# the floor under every daemon's start: CPU of a program that does
# nothing (exec, the dynamic loader, glibc's start-up), and of sold -h
/usr/bin/python3 - "$TOP/sold/sold" <<'PY'
import os, resource, sys
def cpu(argv, n=500):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    null = os.open(os.devnull, os.O_WRONLY)
    for _ in range(n):
        pid = os.posix_spawn(argv[0], argv, {}, file_actions=[
            (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
        os.waitpid(pid, 0)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return 1000 * (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) / n
print('fleet: CPU ms a start: /bin/true %.2f, sold -h %.2f (the floor '
      'under each daemon)' % (cpu(['/bin/true']), cpu([sys.argv[1], '-h'])))
PY
BEST=0
TPS=0
ITPS=0
PIDMAX=$(cat /proc/sys/kernel/pid_max)
for n in $STEPS; do
	if [ $(( ($(now_ms) - T0) / 1000 )) -ge "$BUDGET" ]; then
		echo "fleet: time budget ($BUDGET s) spent, $n servers not tried"
		break
	fi
	# every thread takes a pid: stop before the kernel's pid_max does
	t=$((4096 / n)); [ $t -gt 1100 ] && t=1100; [ $t -lt 8 ] && t=8
	has redfishd && t=$((2 * ${RF_THREADS:-$t})) || t=0
	# idle, every server's; once used (the Redfish GETs), 1000 at most
	used=$n; [ $used -gt 1000 ] && used=1000
	need=$((n * ITPS + used * (TPS - ITPS + t) + $(cut -d' ' -f4 /proc/loadavg | cut -d/ -f2)))
	if [ "$TPS" -gt 0 ] && [ $need -gt $((PIDMAX * 9 / 10)) ]; then
		# as root, raise it for the step (restored at exit)
		if [ $ROOT = 1 ] && [ -w /proc/sys/kernel/pid_max ] &&
		    [ $((need * 2)) -le 4194304 ] &&
		    echo $((need * 2)) >/proc/sys/kernel/pid_max 2>/dev/null; then
			[ -n "$PIDMAX0" ] || PIDMAX0=$PIDMAX
			echo "fleet: $n servers need about $need pids: kernel.pid_max raised from $PIDMAX to $((need * 2)) (restored at exit)"
			PIDMAX=$((need * 2))
		else
			echo "fleet: $n servers need about $need threads, over 90 % of kernel.pid_max ($PIDMAX): not tried"
			break
		fi
	fi
	run "$n" || break
done
[ -n "${PROJ:-}" ] && echo "fleet: 1000 servers at the per-server cost of $PROJN: about $PROJ"
echo "fleet: largest N meeting the targets (up <= 5 s and PSS <= 1 GB per 1000 servers, idle CPU <= 1 %, every ipmipower answer): $BEST"
# the default run also measures the fleet without redfishd and vncd,
# whose threads and memory decide the full fleet's figures
if [ $FULL = 1 ]; then
	stop_fleet
	echo
	FRONTENDS="sold ipmid" BUDGET=120 sh "$0" 1000
fi
