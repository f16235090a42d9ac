#!/bin/sh
# 4016-vncd-churn.t: connect/close cycles leave vncd's mappings, threads and
# memory flat; the RFB greeting does not wait for WebSocket detection or for
# other clients.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need /usr/bin/python3
PATH="$TOP/t/helper:$PATH"
plan 7

printf '\033[2J\033[Hchurn\r\n' >"$T/screen"
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
# under SAN=1, ASan's quarantine of freed memory is not a leak: keep it small
ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=1" start vncd -l 127.0.0.1:0 \
    -U "$T/sold.sock"
port=${vncd_addr##*:}

maps() { wc -l <"/proc/$vncd_pid/maps"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$vncd_pid/status"; }
threads() { awk '/Threads/ {print $2}' "/proc/$vncd_pid/status"; }
threads_le() { [ "$(threads)" -le "$1" ]; }

vncchurn.py churn "$port" 50	# warm up (allocator arenas, first viewer)
wait_until 10 threads_le 2	# main and listener
t0=$(threads)
m0=$(maps)
r0=$(rss)
t_ok '1000 connect/greeting/close cycles' vncchurn.py churn "$port" 1000
wait_until 20 threads_le "$t0"
t_ok 'viewer threads are gone' threads_le "$t0"
m1=$(maps)
r1=$(rss)
diag "mappings $m0 -> $m1, RSS $r0 -> $r1 kB, threads $t0 -> $(threads)"
t_ok "mappings flat ($m0 -> $m1, at most +16)" test "$m1" -le $((m0 + 16))
t_ok "RSS flat ($r0 -> $r1 kB, at most +2048)" test "$r1" -le $((r0 + 2048))

# 0.9.14 waited 100 ms per connection for a WebSocket request, one
# connection at a time: the greeting must not
set -- $(vncchurn.py greet "$port" 40 0)
diag "greeting: median $1 ms, max $2 ms"
t_ok "greeting median under 50 ms ($1 ms)" awk "BEGIN { exit !($1 < 50) }"
set -- $(vncchurn.py greet "$port" 40 10)
diag "greeting beside 10 trickled WebSocket requests: median $1 ms, max $2 ms"
t_ok "greeting median under 50 ms beside trickling WebSocket clients ($1 ms)" \
    awk "BEGIN { exit !($1 < 50) }"
t_ok 'clean exit' stop_all
