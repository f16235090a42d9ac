#!/bin/sh
# mk/bench-fleet-agg.sh: an aggregated fleet (mk/lab.sh -A -a); prints
# figures, asserts nothing.
# SPDX-License-Identifier: ISC
#
# For N sim servers, `mk/lab.sh -A -a -n N` (groups of G servers, each
# group one powerd and one sold, ipmid, redfishd and vncd serving its
# servers file; server i on 127.0.X.Y on the standard ports, Redfish as one
# service per group on 127.0.0.1:8000+K-1, the sushy-tools shape).
# Figures per N: time from starting the lab until it printed its endpoint
# table (every daemon has written its readiness line by then), RSS and PSS
# in total and per server for each kind of daemon, idle CPU over IDLE
# seconds (percent of one core, every daemon together), `ipmipower --stat`
# over every server, and a Redfish GET of every server's System.
# Target (issue 13): 10 000 servers up in <= 20 s, <= 2 GB, idle CPU
# <= 1 %, every server answering IPMI and Redfish.
# Needs root (port 623 on 127.0.X.Y) and ipmipower; without root the lab
# runs with -o 10000 (IPMI on port 10623) and ipmipower is skipped.
# usage: sh mk/bench-fleet-agg.sh [N ...]   (default: 100 1000 10000; G sets
#   the group size, BUDGET the seconds after which no new step starts)
set -u
TOP=$(cd "${0%/*}/.." && pwd)
IDLE=${IDLE:-5}
G=${G:-2000}
BUDGET=${BUDGET:-300}
STEPS=${*:-100 1000 10000}
B=$(mktemp -d "${TMPDIR:-/tmp}/bench-agg.XXXXXX")
LPID=
now_ms() { echo $(($(date +%s%N) / 1000000)); }
T0=$(now_ms)
for p in powerd/powerd sold/sold ipmid/ipmid redfishd/redfishd vncd/vncd; do
	[ -x "$TOP/$p" ] || { echo "fleet-agg: $p not built (make all)"; exit 0; }
done
ROOT=0 OFFO=
[ "$(id -u)" = 0 ] && ROOT=1
[ $ROOT = 1 ] || OFFO="-o 10000"
IPMIPOWER=0
[ $ROOT = 1 ] && command -v ipmipower >/dev/null && IPMIPOWER=1
ulimit -n "$(ulimit -Hn)" 2>/dev/null
HZ=$(getconf CLK_TCK)

stop_lab() {
	[ -n "$LPID" ] || return 0
	kill -TERM "$LPID" 2>/dev/null
	wait "$LPID" 2>/dev/null
	LPID=
}
trap 'stop_lab; rm -rf "$B"' EXIT
trap 'exit 130' INT TERM

# hostranges N: FreeIPMI host ranges covering servers 1..N, one line per
# 1000 servers (ipmipower opens a socket per host and fails with
# "ipmi_get_random: Bad file descriptor" for 10000 at once)
hostranges() {
	awk -v n="$1" 'BEGIN {
		for (lo = 1; lo <= n; lo += 1000) {
			hi = lo + 999; if (hi > n) hi = n
			for (i = lo; i <= hi; i += 250) {
				net = int((i - 1) / 250) + 1; last = net * 250
				if (last > hi) last = hi
				printf "%s127.0.%d.[%d-%d]", (i > lo ? "," : ""),
				    net, (i - 1) % 250 + 1, (last - 1) % 250 + 1
			}
			printf "\n"
		}
	}'
}

# the lab's daemons: lab.sh's children
daemons() {
	for p in $(pgrep -P "$LPID" 2>/dev/null); do
		case $(cat "/proc/$p/comm" 2>/dev/null) in
		powerd|sold|ipmid|redfishd|vncd) echo "$p" ;;
		esac
	done
}
cpu_ticks() {
	for p in $PIDS; do cat "/proc/$p/stat" 2>/dev/null; done |
	    awk '{ sub(/^.*\) /, ""); s += $12 + $13 } END { print s + 0 }'
}

run() {
	n=$1
	d=$B/n$n
	mkdir -p "$d"
	t0=$(now_ms)
	sh "$TOP/mk/lab.sh" -A -a -g "$G" -n "$n" -d "$d/lab" $OFFO \
	    >"$d/out" 2>&1 &
	LPID=$!
	# the table's last line says the lab is up (every daemon ready)
	while ! grep -q '^Ctrl-C stops the lab' "$d/out" 2>/dev/null; do
		if ! kill -0 "$LPID" 2>/dev/null || [ $(( $(now_ms) - t0 )) -gt 120000 ]; then
			printf '%6d servers: the lab did not come up; its output:\n' "$n"
			tail -n 15 "$d/out" | sed 's/^/    /'
			stop_lab
			return 1
		fi
		sleep 0.05
	done
	up=$(( $(now_ms) - t0 ))
	PIDS=$(daemons)
	nd=$(echo $PIDS | wc -w)
	mem=$(for p in $PIDS; do cat "/proc/$p/smaps_rollup" 2>/dev/null; done |
	    awk '$1 == "Rss:" { r += $2 } $1 == "Pss:" { s += $2 }
	    END { printf "%d %d", r / 1024, s / 1024 }')
	kinds=$(for p in $PIDS; do
		printf '%s ' "$(cat "/proc/$p/comm" 2>/dev/null)"
		awk '$1 == "Pss:" { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null
	done | awk -v n="$n" 'NF == 2 { k[$1] += $2 }
	    END { for (i in k) printf "%s %.1f  ", i, k[i] / n }')
	thr=$(for p in $PIDS; do cat "/proc/$p/status" 2>/dev/null; done |
	    awk '$1 == "Threads:" { t += $2 } END { print t + 0 }')
	sleep 1
	c0=$(cpu_ticks); w0=$(now_ms)
	sleep "$IDLE"
	c1=$(cpu_ticks); w1=$(now_ms)
	cpu=$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v ms=$((w1 - w0)) \
	    'BEGIN { printf "%.1f", 100 * c / hz / (ms / 1000) }')
	ipm=-
	if [ $IPMIPOWER = 1 ]; then
		h0=$(now_ms)
		hostranges "$n" | while read -r h; do
			ipmipower -D LAN_2_0 -u admin -p password -h "$h" --stat
		done >"$d/ipmipower" 2>&1
		h1=$(now_ms)
		on=$(grep -c ': on$' "$d/ipmipower")
		off=$(grep -c ': off$' "$d/ipmipower")
		ipm="$((h1 - h0)) ms (1000 hosts per run), $((on + off)) of $n answered, $((n - on - off)) errors"
	fi
	# every server's System through its group's Redfish service
	awk -v n="$n" -v g="$G" -v off="${OFFO#-o }" 'BEGIN {
		if (off == "") off = 0
		for (i = 1; i <= n; i++)
			printf "url = \"http://127.0.0.1:%d/redfish/v1/Systems/srv%d\"\noutput = \"/dev/null\"\n",
			    8000 + off + int((i - 1) / g), i
	}' >"$d/urls"
	h0=$(now_ms)
	ok=$(curl -Z --parallel-max 8 -s -u admin:password -m 10 \
	    -w '%{http_code}\n' -K "$d/urls" 2>/dev/null | grep -c '^200$')
	h1=$(now_ms)
	printf '%6d servers (%d processes, groups of %d): up %6d ms  RSS %5d MB  PSS %5d MB  idle CPU %4s %%  threads %d\n' \
	    "$n" "$nd" "$G" "$up" "${mem% *}" "${mem#* }" "$cpu" "$thr"
	echo "       PSS kB per server: $kinds"
	echo "       ipmipower --stat: $ipm"
	echo "       Redfish GET Systems/srvI: $ok of $n answered 200 in $((h1 - h0)) ms"
	stop_lab
	rm -rf "$d"
	return 0
}

echo "fleet-agg: sim backend, aggregated (mk/lab.sh -A -a), $(nproc) cores;" \
    "target: 10000 servers up <= 20 s, <= 2 GB, idle CPU <= 1 %"
for n in $STEPS; do
	if [ $(( ($(now_ms) - T0) / 1000 )) -ge "$BUDGET" ]; then
		echo "fleet-agg: time budget ($BUDGET s) spent, $n servers not tried"
		break
	fi
	run "$n" || break
done
