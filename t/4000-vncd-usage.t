#!/bin/sh
# 4000-vncd-usage.t: vncd's flags, config file, exit codes, readiness, SIGTERM.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"

vncd -x >"$T/out" 2>&1
t_is 'unknown flag: exit 100' "$?" 100
t_like 'usage line' "$(cat "$T/out")" '^usage: vncd \[-nsv\] \[-f file\] \[-i server\] \[-l addr:port\] \[-M servers-file\] \[-m console\|proxy\]'
vncd -m bogus >/dev/null 2>&1
t_is 'bad mode: exit 100' "$?" 100
vncd -m proxy >/dev/null 2>&1
t_is 'proxy without upstream: exit 100' "$?" 100

cat >"$T/vncd.conf" <<CONF
# vncd configuration
mode console
listen 127.0.0.1:0
server srv9
sold $T/sold.sock
console-history 4096
CONF
t_ok 'config check: -n' vncd -n -f "$T/vncd.conf"
t_like 'configuration OK' "$(cat "$T/out")" 'configuration OK'
echo 'colour purple' >>"$T/vncd.conf"
vncd -n -f "$T/vncd.conf" >"$T/out" 2>&1
t_is 'unknown key: exit 100' "$?" 100
t_like 'file:line: unknown key' "$(cat "$T/out")" 'vncd.conf:7: unknown key "colour"'
vncd -n -P "$T/nonexistent" >/dev/null 2>&1
t_is 'missing password file: exit 100' "$?" 100

sed -i '$d' "$T/vncd.conf"
start vncd -f "$T/vncd.conf" -w 127.0.0.1:0
t_like 'readiness: RFB then HTTP address' "$vncd_addr" '^127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:[0-9]+$'
t_unlike 'no IPv6 or 5800 listener of libvncserver' \
    "$(ss -Hltnp 2>/dev/null | grep "pid=$vncd_pid," | grep -v 127.0.0.1)" '.'
rfbport=${vncd_addr%% *}
vncd -l "$rfbport" >/dev/null 2>&1
t_is 'port in use: exit 111' "$?" 111
vncd -l 127.0.0.1:0 -w '[::1]:0' >"$T/out" 2>&1
t_is 'noVNC page on IPv6 (civetweb has none): exit 111 at start' "$?" 111
t_like 'noVNC page on IPv6: says why' "$(cat "$T/out")" 'web \[::1\]:0: this civetweb has no IPv6'
t_ok 'SIGTERM: exit 0' stop_all

if ip -6 addr show dev lo 2>/dev/null | grep -q '::1/128'; then
	start_as vncd6 vncd -l '[::1]:0' -U "$T/sold.sock"
	t_like 'RFB on IPv6 loopback' "$vncd6_addr" '^\[::1\]:[0-9]+$'
	t_ok 'a viewer over IPv6' vncgrab -t 5000 "::1:${vncd6_addr##*:}"
	t_ok 'IPv6: SIGTERM, exit 0' stop vncd6
fi

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	start vncd -l 127.0.0.1:0 -U "$T/sold.sock" -u nobody
	t_is '-u nobody: runs as nobody' \
	    "$(awk '/^Uid:/ { print $2 }' "/proc/$vncd_pid/status")" "$(id -u nobody)"
	t_ok '-u: SIGTERM, exit 0' stop_all
fi
vncd -u no-such-user-here -l 127.0.0.1:0 >/dev/null 2>&1
t_is 'unknown user: exit 100' "$?" 100
done_testing
