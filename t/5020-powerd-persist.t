#!/bin/sh
# 5020-powerd-persist.t: a change the state directory cannot record is refused and not applied; reply, live model and disk agree
. "${0%/*}/lib.sh"
need powerd powerctl
lab_sim 1 'lockout-threshold 1'
S='"server":"srv1"'
# powerd runs unprivileged: a read-only directory does not stop root
if [ "$(id -u)" = 0 ]; then
	need setpriv
	chmod 0711 "$T"
	chown nobody "$T/state"
	mkdir -m 0755 "$T/run" && chown nobody "$T/run"
	cat >"$T/powerd-nobody" <<-'SH'
	#!/bin/sh
	exec setpriv --reuid=nobody --regid=nogroup --clear-groups powerd "$@"
	SH
	chmod 0755 "$T/powerd-nobody"
	PROG=$T/powerd-nobody
else
	mkdir "$T/run"
	PROG=powerd
fi
sock=$T/run/powerd.sock
pctl() { powerctl -S "$sock" "$@"; }
p() { pctl raw "$1" 2>&1; }
start_as powerd "$PROG" -f "$T/lab.conf" -S "$sock"

t_like 'a first SEL entry' "$(p "{\"op\":\"sel\",$S,\"action\":\"add\",\"message\":\"before\"}")" '"ok":true'
t_like 'policy always-off' "$(p "{\"op\":\"policy\",$S,\"action\":\"set\",\"policy\":\"always-off\"}")" '"ok":true'
snap() {
	p "{\"op\":\"status\",$S}" | sed 's/"poh_minutes":[0-9]*,//; s/"id":[0-9]*,//'
	p "{\"op\":\"sel\",$S,\"action\":\"list\"}"
	p "{\"op\":\"accounts\",$S}"
}
# a subscriber sees no event of a change that was not made
pctl -j subscribe srv1 >"$T/events" 2>&1 &
t_ok 'subscriber registered' wait_until 10 sh -c "powerctl -S '$sock' identify srv1 off >/dev/null; grep -q identify '$T/events'"
snap >"$T/before"
(cd "$T/state" && cksum *) >"$T/files.before"

chmod 0555 "$T/state"
n1=$(wc -l <"$T/events")
unsaved='"ok":false,"error":"engine","message":"state could not be saved"'
t_like 'power on: refused' "$(p "{\"op\":\"power\",$S,\"action\":\"on\"}")" "$unsaved"
t_like 'boot override: refused' "$(p "{\"op\":\"boot\",$S,\"action\":\"set\",\"target\":\"pxe\"}")" "$unsaved"
t_like 'SEL add: refused' "$(p "{\"op\":\"sel\",$S,\"action\":\"add\",\"message\":\"lost\"}")" "$unsaved"
t_like 'SEL clear: refused' "$(p "{\"op\":\"sel\",$S,\"action\":\"clear\"}")" "$unsaved"
t_like 'password change: refused' "$(p "{\"op\":\"accounts\",$S,\"action\":\"set\",\"name\":\"operator\",\"password\":\"newpass\"}")" "$unsaved"
t_like 'account add: refused' "$(p "{\"op\":\"accounts\",$S,\"action\":\"add\",\"name\":\"eve\",\"password\":\"x\"}")" "$unsaved"
t_like 'account delete: refused' "$(p "{\"op\":\"accounts\",$S,\"action\":\"delete\",\"name\":\"readonly\"}")" "$unsaved"
t_like 'policy: refused' "$(p "{\"op\":\"policy\",$S,\"action\":\"set\",\"policy\":\"always-on\"}")" "$unsaved"
t_like 'media insert: refused' "$(p "{\"op\":\"media\",$S,\"action\":\"insert\",\"image\":\"http://127.0.0.1/x.iso\"}")" "$unsaved"
t_like 'power limit: refused' "$(p "{\"op\":\"powerlimit\",$S,\"action\":\"set\",\"limit_w\":123}")" "$unsaved"
t_like 'SEL time-set: refused' "$(p "{\"op\":\"sel\",$S,\"action\":\"time-set\",\"time\":1000}")" "$unsaved"
snap >"$T/during"
t_is 'status, SEL and accounts are unchanged' "$(diff "$T/before" "$T/during")" ''
# identify is not saved: its event marks the end of the refused requests
pctl identify srv1 off >/dev/null
wait_until 10 sh -c "tail -n +$((n1 + 1)) '$T/events' | grep -q identify"
t_is 'subscribers got no event of the refused changes' "$(tail -n +$((n1 + 1)) "$T/events" | grep -vc '"event":"identify"')" 0
t_like 'the old password still works' "$(p "{\"op\":\"accounts\",$S,\"action\":\"verify\",\"name\":\"operator\",\"password\":\"operator\"}")" '"ok":true'
t_like 'the new one does not' "$(p "{\"op\":\"accounts\",$S,\"action\":\"verify\",\"name\":\"operator\",\"password\":\"newpass\"}")" '"error":"denied"'
t_like 'one failure locks (threshold 1)' "$(p "{\"op\":\"accounts\",$S,\"action\":\"get\",\"name\":\"operator\"}")" '"locked":true'
t_like 'unlock: refused' "$(p "{\"op\":\"accounts\",$S,\"action\":\"set\",\"name\":\"operator\",\"locked\":false}")" "$unsaved"
t_like 'still locked' "$(p "{\"op\":\"accounts\",$S,\"action\":\"get\",\"name\":\"operator\"}")" '"locked":true'
t_like 'lockout policy: refused' "$(p "{\"op\":\"accounts\",$S,\"action\":\"lockout\",\"threshold\":5}")" "$unsaved"
t_like 'unchanged' "$(p "{\"op\":\"accounts\",$S,\"action\":\"lockout\"}")" '"threshold":1,'
t_is 'no file changed' "$(cd "$T/state" && cksum * | diff "$T/files.before" -)" ''
# a failed login is an event, not a request's change: logged all the same
t_like 'reads still work (the failed login is in the SEL)' "$(p "{\"op\":\"sel\",$S,\"action\":\"info\"}")" '"ok":true,"count":3'

chmod 0755 "$T/state"
t_like 'writable again: power on' "$(p "{\"op\":\"power\",$S,\"action\":\"on\"}")" '"ok":true,"power":"on"'
t_like 'boot override' "$(p "{\"op\":\"boot\",$S,\"action\":\"set\",\"target\":\"pxe\",\"enabled\":\"continuous\"}")" '"ok":true'
t_like 'SEL add' "$(p "{\"op\":\"sel\",$S,\"action\":\"add\",\"message\":\"after\"}")" '"ok":true'
t_like 'password change' "$(p "{\"op\":\"accounts\",$S,\"action\":\"set\",\"name\":\"operator\",\"password\":\"newpass\"}")" '"ok":true'
t_like 'policy previous' "$(p "{\"op\":\"policy\",$S,\"action\":\"set\",\"policy\":\"previous\"}")" '"ok":true'
snap >"$T/after"
t_ok 'clean exit' stop powerd
start_as powerd "$PROG" -f "$T/lab.conf" -S "$sock"
snap >"$T/restarted"
# the restart itself adds the restore policy's power-on to the SEL
t_like 'after a restart: power on, pxe, policy previous' "$(head -n 1 "$T/restarted")" '"power":"on".*"target":"pxe","enabled":"continuous".*"policy":"previous"'
t_like 'the SEL has what was acknowledged, nothing refused' "$(sed -n 2p "$T/restarted" | grep -o '"message":"[^"]*"' | tr '\n' ' ')" '^"message":"before" "message":"Login failed for \\" "message":"Account \\" "message":"Power on [^"]*" "message":"Boot override[^"]*" "message":"after" "message":"Power on \(previous-restore'
t_like 'the new password' "$(p "{\"op\":\"accounts\",$S,\"action\":\"verify\",\"name\":\"operator\",\"password\":\"newpass\"}")" '"ok":true'
# (a restart unlocks: locks live in memory)
unlock='s/"locked":[a-z]*,"locked_until":-*[0-9]*//g'
t_is 'accounts as acknowledged' "$(sed -n 3p "$T/restarted" | sed "$unlock")" "$(sed -n 3p "$T/after" | sed "$unlock")"
t_ok 'clean exit' stop powerd
done_testing
