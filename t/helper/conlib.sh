# conlib.sh: shared setup for sold's tests (t/30*.t): conbench as a fake powerd, then sold.
# SPDX-License-Identifier: ISC
#
# sold_fake ARGS: start conbench (fake powerd; the host side of the console
# is $T/host.sock) and sold -v with ARGS; wait until sold took the console.
# SOLD_TCP is sold's TCP address, SOLD_SOCK its unix socket.

takes() { cat "$T/host.sock.takes" 2>/dev/null || echo 0; }
takes_ge() { [ "$(takes)" -ge "$1" ]; }
# live_ge N: at least N clients have become live (readers registered) so far
live_ge() { [ "$(grep -c ': live' "$T/sold.log")" -ge "$1" ]; }
log_has() { grep -q -- "$1" "$T/sold.log"; }

sold_fake() {
	start conbench -S "$T/pd.sock" -H "$T/host.sock"
	start sold -v -l 127.0.0.1:0 -S "$T/pd.sock" -U "$T/sold.sock" "$@"
	SOLD_TCP=${sold_addr%% *}
	SOLD_SOCK=${sold_addr#* }
	wait_until 30 takes_ge 1 || BAIL "sold did not take the console"
	wait_until 10 log_has 'taken' || BAIL "sold did not log the take"
}
# host_send TEXT: the host prints TEXT (\xNN escapes)
host_send() { conpeek.py -r -x -s "$1" "$T/host.sock"; }
# host_cat FILE: the host prints FILE
host_cat() { socat -u "FILE:$1" "UNIX-CONNECT:$T/host.sock"; }
