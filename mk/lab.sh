#!/bin/sh
# mk/lab.sh: start a local lab on the sim backend (what `make run` does):
# powerd plus every front end per server, print the endpoint table,
# restart a daemon that exits (backoff 0.5 s doubling to 30 s, back to
# 0.5 s once it has run 60 s), and stop everything cleanly on Ctrl-C
# (SIGINT) or SIGTERM, and only then.
# usage: sh mk/lab.sh [-Aa] [-d dir] [-g size] [-n servers] [-o offset]
#                     [-R service|bmc]
#   -A  aggregated: one process per protocol for a group of servers
#       (servers file run/servers-gK, each daemon's -M) instead of one per
#       server; groups of -g servers (default 2000), each with its own
#       powerd (a process's 20000 file descriptors bound a group)
#   -a  give server N its own loopback address 127.0.X.Y (250 per /24,
#       server 1 on 127.0.1.1) on the standard ports (623/udp, 8000, 8443,
#       5900, 6080, 2300); needs root for 623 (or -o)
#   -d  lab directory (sockets, state, logs); default ./.lab
#   -g  servers per group with -A (1 to 4096)
#   -n  number of servers (default 2; up to 180, or 63750 with -a)
#   -o  add offset to every port (two labs on one host; tests)
#   -R  with -A, Redfish's shape: "service" (default), one Redfish service
#       per group whose Systems list every server of the group, on
#       127.0.0.1:8000+K-1 (the sushy-tools shape), or "bmc", every server
#       its own Redfish service on its own ports as without -A
# SPDX-License-Identifier: ISC
set -u
# A shell script's background job starts with SIGINT ignored, and a
# non-interactive sh cannot trap a signal ignored at entry: start again
# with the default disposition (coreutils env; without it, TERM stops us)
if [ -z "${BMCSIM_LAB_SIGDFL:-}" ] &&
    env --default-signal=INT true 2>/dev/null; then
	BMCSIM_LAB_SIGDFL=1 exec env --default-signal=INT sh "$0" "$@"
fi
TOP=$(cd "$(dirname "$0")/.." && pwd)
N=2
LOOP=0
DIR=$TOP/.lab

usage() { echo "usage: sh mk/lab.sh [-Aa] [-d dir] [-g size] [-n servers] [-o offset] [-R service|bmc]" >&2; exit 100; }
OFF=0
AGG=0
G=2000
SHAPE=service
while getopts Aad:g:n:o:R: o; do
	case $o in
	A) AGG=1 ;;
	a) LOOP=1 ;;
	d) DIR=$OPTARG ;;
	g) G=$OPTARG ;;
	n) N=$OPTARG ;;
	o) OFF=$OPTARG ;;
	R) SHAPE=$OPTARG ;;
	*) usage ;;
	esac
done
[ $OPTIND -gt $# ] || usage
case $N in ''|*[!0-9]*) usage ;; esac
case $OFF in ''|*[!0-9]*) usage ;; esac
case $G in ''|*[!0-9]*) usage ;; esac
case $SHAPE in service|bmc) ;; *) echo "lab: -R: service or bmc" >&2; exit 100 ;; esac
[ "$OFF" -le 50000 ] || { echo "lab: -o: offset up to 50000" >&2; exit 100; }
[ "$G" -ge 1 ] && [ "$G" -le 4096 ] || { echo "lab: -g: 1 to 4096 servers per group" >&2; exit 100; }
# without -a the ports are base+N: VNC (5900+N) meets noVNC (6080) at 180
MAXN=180
[ $LOOP = 1 ] && MAXN=250
[ $LOOP = 1 ] && [ $AGG = 1 ] && MAXN=63750
[ "$N" -ge 1 ] && [ "$N" -le $MAXN ] || { echo "lab: 1 to $MAXN servers with these options" >&2; exit 100; }

mkdir -p "$DIR/state" "$DIR/run" "$DIR/log" || exit 111
chmod 750 "$DIR/run"
# Each daemon NAME (powerd, ipmid-srv1 …) has, under its key K (NAME with
# _ for -): CMD_K its quoted argv, PID_K (empty while down), UP_K when it
# started (ms), DELAY_K the last backoff (ms), DUE_K when to restart (ms).
NAMES=
UP_RESET=60000		# a daemon up this long starts its backoff afresh
DELAY_MAX=30000

setkey() { case $1 in *-*) K=${1%%-*}_${1#*-} ;; *) K=$1 ;; esac; }
now_ms() { date +%s%3N; }
pids() {
	P=
	for n in $NAMES; do setkey "$n"; eval "P=\"\$P \$PID_$K\""; done
}

stop_lab() {
	trap - INT TERM EXIT
	echo
	echo "lab: stopping"
	pids
	for p in $P; do kill -TERM "$p" 2>/dev/null; done
	for p in $P; do wait "$p" 2>/dev/null; done
	echo "lab: stopped (state kept in $DIR/state)"
	exit 0
}
trap stop_lab INT TERM
trap 'pids; for p in $P; do kill -TERM "$p" 2>/dev/null; done' EXIT

# spawn NAME: start CMD_K with -N 3 and wait for its readiness line
spawn() {
	setkey "$1"
	log=$DIR/log/$1.log
	eval "cmd=\$CMD_$K"
	eval "set -- $cmd"
	rm -f "$DIR/run/$K.rdy"; mkfifo "$DIR/run/$K.rdy"
	prog=$1; shift
	"$prog" -N 3 "$@" 3>"$DIR/run/$K.rdy" 2>>"$log" </dev/null &
	pid=$!
	eval "UP_$K=$(now_ms)"
	line=$(timeout 20 head -n 1 "$DIR/run/$K.rdy")
	rm -f "$DIR/run/$K.rdy"
	if [ -z "$line" ]; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		eval "PID_$K="
		return 1
	fi
	eval "PID_$K=$pid DUE_$K=0"
	return 0
}

# launch NAME PROG ARGS: remember the command, start it, stop the lab if
# it does not start
launch() {
	name=$1; prog=$2
	if [ ! -x "$prog" ]; then
		echo "lab: $name: $prog not built, skipped" >&2
		return 1
	fi
	shift
	cmd=
	for arg; do
		case $arg in *\'*)
			echo "lab: a quote in \"$arg\" is not supported" >&2
			stop_lab ;;
		esac
		cmd="$cmd '$arg'"
	done
	setkey "$name"
	eval "CMD_$K=\$cmd DELAY_$K=0"
	NAMES="$NAMES $name"
	if ! spawn "$name"; then
		echo "lab: $name did not start; its log:" >&2
		tail -n 20 "$DIR/log/$name.log" >&2
		stop_lab
	fi
	return 0
}

# down NAME STATUS: it exited (- : it did not get ready); log how and
# schedule its restart
down() {
	setkey "$1"
	now=$(now_ms)
	eval "up=\$UP_$K delay=\$DELAY_$K"
	if [ "$2" = - ]; then
		how="did not become ready"
	elif [ "$2" -gt 128 ]; then
		how="killed by signal $(($2 - 128)) ($(kill -l $(($2 - 128)) 2>/dev/null))"
	else
		how="exited with status $2"
	fi
	if [ $((now - up)) -ge $UP_RESET ] || [ "$delay" -eq 0 ]; then
		delay=500
	else
		delay=$((delay * 2))
		[ $delay -le $DELAY_MAX ] || delay=$DELAY_MAX
	fi
	eval "PID_$K= DELAY_$K=$delay DUE_$K=$((now + delay))"
	echo "lab: $1 $how; restarting in $((delay / 1000)).$((delay % 1000 / 100)) s" >&2
}

# labfile FIRST LAST STATE: the lab file for sim servers FIRST..LAST and
# the documented default accounts
labfile() {
	echo "# generated by mk/lab.sh"
	echo "state-dir $3"
	echo "account admin administrator password password"
	echo "account operator operator password operator"
	echo "account readonly readonly password readonly"
	i=$1
	while [ $i -le "$2" ]; do
		echo "server srv$i"
		echo "	backend sim"
		echo "	name \"Simulated server $i\""
		printf '\tserial BMCSIM%04d\n' "$i"
		printf '\tmac 52:54:00:00:%02x:%02x\n' $((i / 256)) $((i % 256))
		printf '\tbmc-mac 52:54:00:01:%02x:%02x\n' $((i / 256)) $((i % 256))
		i=$((i + 1))
	done
}

# where I: server I's address a and ports (ipmi pi, redfish pr and ps,
# vnc pv, novnc pw, console pc)
where() {
	if [ $LOOP = 1 ]; then
		a=127.0.$(( ($1 - 1) / 250 + 1 )).$(( ($1 - 1) % 250 + 1 ))
		pi=$((623 + OFF)) pr=$((8000 + OFF)) ps=$((8443 + OFF)) pv=$((5900 + OFF)) pw=$((6080 + OFF)) pc=$((2300 + OFF))
	else
		k=$(($1 - 1 + OFF))
		a=127.0.0.1
		pi=$((6230 + k)) pr=$((8000 + k)) ps=$((8443 + k)) pv=$((5900 + k)) pw=$((6080 + k)) pc=$((2300 + k))
	fi
}

# every civetweb worker is a thread, and threads take process ids (32768
# on a small host): 8192 workers for the whole lab, 8 to 1100 for each of
# a redfishd's two ports (HTTP and HTTPS, each started at its first client)
if [ $AGG = 1 ]; then
	NG=$(( (N + G - 1) / G ))
	t=$((4096 / NG))
else
	t=$((4096 / N))
fi
[ $t -gt 1100 ] && t=1100; [ $t -lt 8 ] && t=8
printf 'threads %s\n' $t >"$DIR/run/redfishd.conf"
# vncd's noVNC page server is civetweb too (started at its first request)
printf 'web-threads %s\n' $t >"$DIR/run/vncd.conf"
# one lab certificate for every redfishd: a key per process costs CPU
[ -f "$DIR/run/lab-cert.pem" ] ||
    "$TOP/redfishd/redfishd" -G "$DIR/run/lab-cert.pem" || exit 111
printf 'certificate %s\n' "$DIR/run/lab-cert.pem" >>"$DIR/run/redfishd.conf"

fmt='%-9s %-22s %-44s %-37s %-18s %-26s %s'
hdr=$(printf "$fmt" server ipmi redfish redfish-https vnc novnc console)
rows=
SHOWN=250		# endpoint rows printed; the servers files hold all
PD=$DIR/run/powerd.sock

if [ $AGG = 0 ]; then
	labfile 1 "$N" "$DIR/state" >"$DIR/lab.conf"
	launch powerd "$TOP/powerd/powerd" -f "$DIR/lab.conf" -S "$PD" || exit 111
	i=1
	while [ $i -le "$N" ]; do
		s=srv$i
		where $i
		sock=$DIR/run/sold-$s.sock
		launch "sold-$s" "$TOP/sold/sold" -i "$s" -S "$PD" -l "$a:$pc" \
		    -U "$sock" -L "$DIR/log/console-$s.log" && c="$a:$pc" || c=-
		# SOL relays to sold's socket, which only ipmid's configuration names
		printf 'sol-socket %s\n' "$sock" >"$DIR/run/ipmid-$s.conf"
		launch "ipmid-$s" "$TOP/ipmid/ipmid" -i "$s" -S "$PD" -l "$a:$pi" \
		    -f "$DIR/run/ipmid-$s.conf" && ip="$a:$pi" || ip=-
		launch "redfishd-$s" "$TOP/redfishd/redfishd" -i "$s" -S "$PD" \
		    -l "$a:$pr" -L "$a:$ps" -C "$sock" -f "$DIR/run/redfishd.conf" \
		    -E "ipmi=$pi,vnc=$pv,novnc=$pw,telnet=$pc" &&
		    { rf="http://$a:$pr/redfish/v1"; rfs="https://$a:$ps/redfish/v1"; } ||
		    { rf=-; rfs=-; }
		launch "vncd-$s" "$TOP/vncd/vncd" -i "$s" -S "$PD" -m console \
		    -f "$DIR/run/vncd.conf" -l "$a:$pv" -w "$a:$pw" -U "$sock" && { v="$a:$pv"; w="http://$a:$pw/"; } ||
		    { v=-; w=-; }
		rows="$rows$(printf "$fmt" "$s" "$ip/udp" "$rf" "$rfs" "$v" "$w" "$c")
"
		[ $i = 1 ] && { ip1=$ip; rf1=$rf; }
		i=$((i + 1))
	done
else
	# group GK (1 ...): servers (GK-1)*G+1 .. GK*G with their own powerd
	# (group 1 keeps the plain names: lab.conf, state, powerd.sock) and
	# one sold, ipmid, redfishd and vncd serving the servers file
	GK=1
	while [ $GK -le $NG ]; do
		first=$(( (GK - 1) * G + 1 )) last=$((GK * G))
		[ $last -le "$N" ] || last=$N
		if [ $GK = 1 ]; then
			lf=$DIR/lab.conf st=$DIR/state pd=$PD pn=powerd
		else
			lf=$DIR/lab-g$GK.conf st=$DIR/state-g$GK pd=$DIR/run/powerd-g$GK.sock pn=powerd-g$GK
		fi
		mkdir -p "$st" || exit 111
		labfile $first $last "$st" >"$lf"
		sf=$DIR/run/servers-g$GK.conf
		rfl=$((8000 + OFF + GK - 1)) rfsl=$((8443 + OFF + GK - 1))
		{
			echo "# generated by mk/lab.sh: group $GK, servers $first to $last"
			i=$first
			while [ $i -le $last ]; do
				where $i
				printf 'server srv%s ipmi=%s:%s vnc=%s:%s novnc=%s:%s console=%s:%s sol=%s log=%s' \
				    $i $a $pi $a $pv $a $pw $a $pc \
				    "$DIR/run/sold-srv$i.sock" "$DIR/log/console-srv$i.log"
				[ $SHAPE = bmc ] && printf ' http=%s:%s https=%s:%s' $a $pr $a $ps
				echo
				i=$((i + 1))
			done
		} >"$sf"
		launch $pn "$TOP/powerd/powerd" -f "$lf" -S "$pd" || exit 111
		launch "sold-g$GK" "$TOP/sold/sold" -M "$sf" -S "$pd" && c=1 || c=
		launch "ipmid-g$GK" "$TOP/ipmid/ipmid" -M "$sf" -S "$pd" && ip=1 || ip=
		if [ $SHAPE = service ]; then
			launch "redfishd-g$GK" "$TOP/redfishd/redfishd" -M "$sf" -S "$pd" \
			    -l "127.0.0.1:$rfl" -L "127.0.0.1:$rfsl" \
			    -f "$DIR/run/redfishd.conf" && rf=1 || rf=
		else
			launch "redfishd-g$GK" "$TOP/redfishd/redfishd" -M "$sf" -S "$pd" \
			    -f "$DIR/run/redfishd.conf" && rf=1 || rf=
		fi
		launch "vncd-g$GK" "$TOP/vncd/vncd" -M "$sf" -S "$pd" -m console \
		    -f "$DIR/run/vncd.conf" && v=1 || v=
		i=$first
		while [ $i -le $last ] && [ $i -le $SHOWN ]; do
			where $i
			s=srv$i
			if [ $SHAPE = service ]; then
				r="http://127.0.0.1:$rfl/redfish/v1/Systems/$s"
				rs="https://127.0.0.1:$rfsl/redfish/v1/Systems/$s"
			else
				r="http://$a:$pr/redfish/v1" rs="https://$a:$ps/redfish/v1"
			fi
			[ -n "$rf" ] || r=- rs=-
			rows="$rows$(printf "$fmt" "$s" "${ip:+$a:$pi/udp}${ip:--}" "$r" "$rs" \
			    "${v:+$a:$pv}${v:--}" "${v:+http://$a:$pw/}${v:--}" "${c:+$a:$pc}${c:--}")
"
			if [ $i = 1 ]; then
				ip1=${ip:+$a:$pi}; ip1=${ip1:--}
				if [ $SHAPE = service ]; then
					rf1=http://127.0.0.1:$rfl/redfish/v1
				else
					rf1=$r
				fi
			fi
			i=$((i + 1))
		done
		GK=$((GK + 1))
	done
	[ "$N" -gt $SHOWN ] && rows="$rows(servers $((SHOWN + 1)) to $N: see $DIR/run/servers-g*.conf)
"
fi

cat <<EOT

bmcsim lab: $N simulated server(s), sim backend, state in $DIR/state$([ $AGG = 1 ] && echo "
aggregated: $NG group(s) of up to $G servers, one process per protocol per group")

$hdr
$rows
accounts:  admin/password (Administrator, IPMI ADMINISTRATOR)
           operator/operator (Operator, IPMI OPERATOR)
           readonly/readonly (ReadOnly, IPMI USER)
powerd:    $TOP/powerd/powerctl -S $PD status srv1
logs:      $DIR/log/

try:  ipmitool -I lanplus -H ${ip1%:*} -p ${ip1##*:} -U admin -P password chassis power on
      curl -su admin:password $rf1/Systems/srv1
Ctrl-C stops the lab (so does SIGTERM); a daemon that exits is restarted.
EOT
# supervise until SIGINT or SIGTERM
while :; do
	for n in $NAMES; do
		setkey "$n"
		eval "pid=\$PID_$K due=\$DUE_$K"
		if [ -n "$pid" ]; then
			kill -0 "$pid" 2>/dev/null && continue
			wait "$pid"
			down "$n" $?
		elif [ "$(now_ms)" -ge "$due" ]; then
			if spawn "$n"; then
				eval "echo \"lab: $n restarted (pid \$PID_$K)\"" >&2
			else
				down "$n" -
			fi
		fi
	done
	sleep 0.2 &
	wait $! 2>/dev/null
done
