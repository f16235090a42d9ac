#!/bin/sh
# 5013-powerd-kill9.t: kill -9 in the middle of power, boot and SEL operations loses nothing acknowledged
. "${0%/*}/lib.sh"
need powerd powerctl python3
lab_sim 2
start_powerd
t_ok 'policy previous (power state survives a restart)' pctl policy srv1 previous

cat >"$T/load.py" <<'PY'
import json, socket, sys
path, log = sys.argv[1], open(sys.argv[2], "w")
# what was sent: the last line may be in flight when powerd dies
sent = open(sys.argv[3], "w")
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(20)
s.connect(path)
f = s.makefile("rb")
targets = ["pxe", "hdd", "cd", "usb", "bios"]
def call(req, what):
    sent.write(what + "\n"); sent.flush()
    s.sendall((json.dumps(req) + "\n").encode())
    line = f.readline()
    if not line:
        raise SystemExit(0)
    r = json.loads(line)
    if not r.get("ok"):
        print("error", line, file=sys.stderr)
        raise SystemExit(1)
    return r
for i in range(1, 300):
    a = "on" if i % 2 else "off"
    call({"id": i, "op": "power", "server": "srv1", "action": a},
         "power %s" % a)
    log.write("power %s\n" % a); log.flush()
    t = targets[i % len(targets)]
    call({"id": i, "op": "boot", "server": "srv1", "action": "set",
          "target": t, "enabled": "continuous"}, "boot %s" % t)
    log.write("boot %s\n" % t); log.flush()
    r = call({"id": i, "op": "sel", "server": "srv2", "action": "add",
              "message": "load %d" % i}, "sel load %d" % i)
    log.write("sel load %d %d\n" % (i, r["entry_id"])); log.flush()
    if i == 20:
        print("started", flush=True)
PY
python3 "$T/load.py" "$T/powerd.sock" "$T/acked" "$T/sent" >"$T/load.out" 2>"$T/load.err" &
lp=$!
t_ok 'the load is running' wait_until 20 grep -q started "$T/load.out"
kill9 powerd
wait "$lp"
n=$(grep -c . "$T/acked")
t_ok "operations acknowledged before the kill: $n" test "$n" -ge 60
start_powerd

# The request in flight when powerd died (the last one sent, if its reply
# never came) may have been saved without being acknowledged: the state
# is then the acknowledged value or that request's, never anything else.
inflight=
[ "$(tail -n 1 "$T/sent")" != "$(tail -n 1 "$T/acked" | cut -d' ' -f1-3)" ] &&
	inflight=$(tail -n 1 "$T/sent")
want=$(grep '^power ' "$T/acked" | tail -n 1 | cut -d' ' -f2)
case $inflight in "power "*) want="($want|${inflight#power })";; esac
t_like "last acknowledged power ($want) kept" "$(pctl -j status srv1)" "\"power\":\"$want\""
want=$(grep '^boot ' "$T/acked" | tail -n 1 | cut -d' ' -f2)
case $inflight in "boot "*) want="($want|${inflight#boot })";; esac
t_like "last acknowledged boot target ($want) kept" "$(pctl raw '{"op":"boot","server":"srv1"}')" "\"target\":\"$want\",\"enabled\":\"continuous\""
pctl raw '{"op":"sel","server":"srv2","action":"list"}' >"$T/sel"
missing=0
for m in $(grep '^sel ' "$T/acked" | cut -d' ' -f3); do
	grep -q "\"message\":\"load $m\"" "$T/sel" || missing=$((missing + 1))
done
t_is 'every acknowledged SEL entry is there' "$missing" 0
last=$(grep '^sel ' "$T/acked" | tail -n 1 | cut -d' ' -f4)
t_like 'with its id' "$(cat "$T/sel")" "\"id\":$last,[^}]*\"message\":\"load "
nsrv1=$(pctl raw '{"op":"sel","server":"srv1","action":"list"}' | grep -o '"message":"Power o[nf]*' | wc -l)
npow=$(grep -c '^power ' "$T/acked")
t_ok "power transitions in srv1's SEL ($nsrv1) cover the acknowledged ones ($npow)" test "$nsrv1" -ge "$npow"
t_ok 'clean exit' stop_all
done_testing
