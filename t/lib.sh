# t/lib.sh: TAP helpers for the shell tests; source it as `. "${0%/*}/lib.sh"`.
# SPDX-License-Identifier: ISC
#
# Each test gets its own directory $T (sockets, logs, lab files).  Daemons
# are started with `start NAME ARGS` (or `start_as ALIAS PROG ARGS`), which
# passes -N 3 and reads the readiness line from a FIFO into ${ALIAS}_addr;
# no sleeps.  stop_all sends SIGTERM to what this test started and requires
# exit status 0 (so SAN=1 leak reports fail the test).

set -u
TOP=$(cd "${0%/*}/.." && pwd)
export TOP		# expect scripts source t/helper files by it
PATH="$TOP/powerd:$TOP/ipmid:$TOP/redfishd:$TOP/sold:$TOP/vncd:$TOP/t/helper:$PATH"
export PATH TOP
T=$(mktemp -d "${TMPDIR:-/tmp}/bmcsim-t.XXXXXX")
export T
# Debian's python3 (with python3-sushy, -websocket, -pil …), whatever else
# (pyenv, a venv) comes first on PATH
if [ -x /usr/bin/python3 ]; then
	mkdir -p "$T/.bin" && ln -s /usr/bin/python3 "$T/.bin/python3"
	PATH="$T/.bin:$PATH"
fi
_tap_n=0
_tap_bad=0
_tap_planned=
_pids=
# ASan: report leaks, fail hard; UBSan: print stacks and stop
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=23}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

_cleanup() {
	_rc=$?
	for _e in $_pids; do
		_p=${_e#*:}
		kill -TERM "$_p" 2>/dev/null && {
			_i=0
			while kill -0 "$_p" 2>/dev/null && [ $_i -lt 50 ]; do
				_i=$((_i + 1)); sleep 0.1
			done
			kill -KILL "$_p" 2>/dev/null
		}
	done
	if [ "$_tap_bad" -gt 0 ] || [ "$_rc" -ne 0 ]; then
		for _l in "$T"/*.log; do
			[ -f "$_l" ] || continue
			echo "# --- ${_l##*/}"
			tail -n 40 "$_l" | sed 's/^/#   /'
		done
	fi
	[ -n "${T_CLEANUP_HOOK:-}" ] && eval "$T_CLEANUP_HOOK"
	rm -rf "$T"
	if [ -z "$_tap_planned" ] && [ "$_tap_n" -gt 0 ]; then
		echo "1..$_tap_n"
	fi
	[ "$_tap_bad" -gt 0 ] && exit 1
	exit $_rc
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

# need PROG...: skip the whole test on a developer machine without PROG;
# under CI (CI=true) a missing prerequisite is a failure.
need() {
	for _n in "$@"; do
		command -v "$_n" >/dev/null 2>&1 && continue
		if [ "${CI:-}" = true ]; then
			echo "Bail out! $_n is missing (CI installs every client)"
			exit 1
		fi
		echo "1..0 # SKIP $_n not installed"
		_tap_n=0; _tap_planned=1
		exit 0
	done
}
# need_py MODULE...: the same for python3 modules
need_py() {
	for _m in "$@"; do
		python3 -c "import $_m" 2>/dev/null && continue
		if [ "${CI:-}" = true ]; then
			echo "Bail out! python3 module $_m is missing (CI installs it)"
			exit 1
		fi
		echo "1..0 # SKIP python3 module $_m not installed"
		_tap_planned=1
		exit 0
	done
}
need_root() {
	[ "$(id -u)" = 0 ] && return 0
	if [ "${CI:-}" = true ]; then echo "Bail out! CI runs as root"; exit 1; fi
	echo "1..0 # SKIP needs root"; _tap_planned=1; exit 0
}

plan() { echo "1..$1"; _tap_planned=1; }
done_testing() { echo "1..$_tap_n"; _tap_planned=1; }
pass() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1"; }
fail() {
	_tap_n=$((_tap_n + 1)); _tap_bad=$((_tap_bad + 1))
	echo "not ok $_tap_n - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/#   /'
	return 0
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# skip WHY: one TAP skip (a check that cannot run here, e.g. needs root)
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $1"; }
BAIL() { echo "Bail out! $*"; exit 1; }

# t_ok DESC CMD...: passes when CMD exits 0; output saved in $T/out
t_ok() {
	_d=$1; shift
	if "$@" >"$T/out" 2>&1; then pass "$_d"; else
		fail "$_d" "command: $*" "exit: $?" "$(tail -n 20 "$T/out")"; fi
}
# t_fail DESC CMD...: passes when CMD exits non-zero
t_fail() {
	_d=$1; shift
	if "$@" >"$T/out" 2>&1; then
		fail "$_d" "command succeeded but should not: $*" "$(tail -n 20 "$T/out")"
	else pass "$_d"; fi
}
# t_is DESC GOT WANT
t_is() {
	if [ "$2" = "$3" ]; then pass "$1"; else
		fail "$1" "got:  '$2'" "want: '$3'"; fi
}
# t_like DESC GOT ERE
t_like() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then pass "$1"; else
		fail "$1" "got:  '$(printf '%s' "$2" | head -c 2000)'" "want match: /$3/"; fi
}
t_unlike() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		fail "$1" "got:  '$(printf '%s' "$2" | head -c 2000)'" "want no match: /$3/"
	else pass "$1"; fi
}

# wait_until SECS CMD...: poll CMD every 50 ms until it succeeds (state
# changes, not readiness: readiness comes through -N).  1 on timeout.
wait_until() {
	_lim=$(( $1 * 20 )); shift; _i=0
	while [ $_i -lt $_lim ]; do
		"$@" >/dev/null 2>&1 && return 0
		_i=$((_i + 1)); sleep 0.05
	done
	return 1
}

# start_as ALIAS PROG ARGS...: start PROG with -N 3, wait for its readiness
# line (bound addresses) into ${ALIAS}_addr and its pid into ${ALIAS}_pid.
start_as() {
	_alias=$1; _prog=$2; shift 2
	_var=$(printf '%s' "$_alias" | tr -- '-.' '__')
	rm -f "$T/$_alias.rdy"; mkfifo "$T/$_alias.rdy"
	"$_prog" -N 3 "$@" 3>"$T/$_alias.rdy" 2>>"$T/$_alias.log" </dev/null &
	_pid=$!
	_line=$(timeout 20 head -n 1 "$T/$_alias.rdy")
	if [ -z "$_line" ]; then
		echo "Bail out! $_alias ($_prog $*) did not become ready"
		sed 's/^/# /' "$T/$_alias.log"
		exit 1
	fi
	eval "${_var}_addr=\$_line; ${_var}_pid=\$_pid"
	_pids="$_pids $_alias:$_pid"
}
start() { start_as "$1" "$@"; }

# stop NAME: SIGTERM, wait, require exit 0 (returns the status)
stop() {
	_s=
	_rest=
	for _e in $_pids; do
		if [ "${_e%%:*}" = "$1" ]; then _s=${_e#*:}; else _rest="$_rest $_e"; fi
	done
	_pids=$_rest
	[ -n "$_s" ] || return 1
	kill -TERM "$_s" 2>/dev/null
	# a daemon that does not stop is a failure, never a hung test
	_i=0
	while kill -0 "$_s" 2>/dev/null && [ $_i -lt 600 ]; do
		_i=$((_i + 1)); sleep 0.05
	done
	if kill -0 "$_s" 2>/dev/null; then
		echo "# $1 (pid $_s) did not exit within 30 s of SIGTERM; killed"
		kill -KILL "$_s" 2>/dev/null
		wait "$_s" 2>/dev/null
		return 124
	fi
	wait "$_s"
}
# stop_all: stop everything this test started, newest first; 0 if all exited 0
stop_all() {
	_all=
	for _e in $_pids; do _all="${_e%%:*} $_all"; done
	_st=0
	for _a in $_all; do
		stop "$_a" || { echo "# $_a exited $?"; _st=1; }
	done
	return $_st
}
# kill9 NAME: SIGKILL without the exit-status check (crash tests)
kill9() {
	_rest=
	for _e in $_pids; do
		if [ "${_e%%:*}" = "$1" ]; then kill -KILL "${_e#*:}" 2>/dev/null
			wait "${_e#*:}" 2>/dev/null
		else _rest="$_rest $_e"; fi
	done
	_pids=$_rest
}

port_of() { printf '%s\n' "${1##*:}" | cut -d' ' -f1; }
host_of() { _h=${1%% *}; _h=${_h%:*}; _h=${_h#[}; printf '%s\n' "${_h%]}"; }

# t_usage DESC PROG ARGS...: PROG refuses ARGS as a usage error, exit 100
# with one line (left in $T/out)
t_usage() {
	_ud=$1; shift
	"$@" >"$T/out" 2>&1
	_urc=$?
	t_is "$_ud: exit 100" "$_urc" 100
	t_is "$_ud: one line" "$(wc -l <"$T/out" | tr -d ' ')" 1
}

# ports N: N free TCP ports on 127.0.0.1, held together while picked (for
# a servers file, whose listeners are named before the daemon starts)
ports() {
	/usr/bin/python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
}

# lab_sim N [EXTRA]: write $T/lab.conf with N sim servers srv1..srvN, the
# default accounts and zero sim delays; state in $T/state.
lab_sim() {
	_n=$1
	mkdir -p "$T/state"
	{
		echo "state-dir $T/state"
		echo 'account admin administrator password password'
		echo 'account operator operator password operator'
		echo 'account readonly readonly password readonly'
		_i=1
		while [ $_i -le "$_n" ]; do
			echo "server srv$_i"
			echo "	backend sim"
			echo "	serial BMCSIM000$_i"
			echo "	mac 52:54:00:00:01:0$_i"
			echo "	bmc-mac 52:54:00:00:00:0$_i"
			echo "	sim-delay on 0"
			echo "	sim-delay off 0"
			echo "	sim-delay soft 0"
			echo "	sim-delay cycle 0"
			_i=$((_i + 1))
		done
		[ $# -gt 1 ] && printf '%s\n' "$2"
	} >"$T/lab.conf"
	printf 'password\n' >"$T/pw.admin"
	printf 'operator\n' >"$T/pw.operator"
	printf 'readonly\n' >"$T/pw.readonly"
}

# start_powerd [ARGS]: powerd on $T/lab.conf with its socket at $T/powerd.sock
start_powerd() {
	start powerd -f "$T/lab.conf" -S "$T/powerd.sock" "$@"
}
# pctl ARGS: powerctl against this test's powerd
pctl() { powerctl -S "$T/powerd.sock" "$@"; }
