#!/bin/sh
# 3017-sold-usage.t: flags, config errors and exit codes (100 usage/config, 111 system failure)
. "${0%/*}/lib.sh"
plan 11

sold -x >"$T/o" 2>&1; t_is 'unknown flag: exit 100' $? 100
t_like 'usage line' "$(cat "$T/o")" '^usage: sold \[-nsv\] \[-f file\] \[-i server\] \[-l addr:port\] \[-L logfile\] \[-M servers-file\] \[-N fd\] \[-P password-file\] \[-S socket\] \[-U unix-socket\] \[-u user\]$'
printf 'ring-size 1M\nbogus 1\n' >"$T/bad.conf"
sold -n -f "$T/bad.conf" >"$T/o" 2>&1; t_is 'unknown key: exit 100' $? 100
t_like 'message names file and line' "$(cat "$T/o")" 'bad\.conf:2: unknown key "bogus"'
printf 'ring-size 64k\nclient-queue 1M\n' >"$T/bad2.conf"
sold -n -f "$T/bad2.conf" >"$T/o" 2>&1; t_is 'queue larger than the ring: exit 100' $? 100
printf 'ring-size 4M\nclient-queue 2M\ntcp-history 1k\nlog-size 10M\n' >"$T/ok.conf"
t_ok 'good config: -n exits 0' sold -n -f "$T/ok.conf"
start sold -l 127.0.0.1:0 -S "$T/none.sock" -U "$T/sold.sock"
sold -l "${sold_addr%% *}" -S "$T/none.sock" -U "$T/sold2.sock" >"$T/o" 2>&1
t_is 'address in use: exit 111' $? 111
sold -n -u no-such-user-here -U "$T/x.sock" >"$T/o" 2>&1
t_is 'unknown -u user: exit 100' $? 100
# -u: bind as root, then serve as the user for good
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	start_as soldu sold -l 127.0.0.1:0 -S "$T/none.sock" -U "$T/sold3.sock" -u nobody
	t_like '-u nobody: real, effective and saved uid' \
	    "$(sed -n 's/^Uid:[[:space:]]*//p' "/proc/$soldu_pid/status")" \
	    "^$(id -u nobody)[[:space:]]+$(id -u nobody)[[:space:]]+$(id -u nobody)"
	t_like '-u nobody: no new privileges' \
	    "$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' "/proc/$soldu_pid/status")" '^1$'
else
	skip '-u needs root'; skip '-u needs root'
fi
t_ok 'SIGTERM: exit 0' stop_all
