#!/bin/sh
# 1008-ipmid-powerd-busy.t: when powerd fails ipmid's accounts or inventory
# requests (busy, as on a crowded fleet host), ipmid asks again by itself
# instead of refusing every user until the next accounts event.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need ipmitool python3
plan 4
lab_sim 1
start_powerd

# a proxy in front of powerd that answers the first two "accounts list" and
# the first "inventory" requests with error busy, and relays everything else
cat >"$T/flaky.py" <<'PY'
import json, os, socket, sys, threading
front, back = sys.argv[1], sys.argv[2]
fail = {"list": 2, "inventory": 1}
lock = threading.Lock()
def pump(src, dst):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            dst.sendall(b)
    except OSError:
        pass
    for s in (src, dst):
        try: s.shutdown(socket.SHUT_RDWR)
        except OSError: pass
def serve(c):
    p = socket.socket(socket.AF_UNIX); p.connect(back)
    threading.Thread(target=pump, args=(p, c), daemon=True).start()
    f = c.makefile("rb")
    for line in f:
        m = json.loads(line)
        key = "list" if m.get("op") == "accounts" and m.get("action") == "list" else m.get("op")
        with lock:
            bad = fail.get(key, 0) > 0
            if bad: fail[key] -= 1
        if bad:
            c.sendall((json.dumps({"v": 1, "id": m.get("id"), "ok": False,
                "error": "busy", "message": "injected"}) + "\n").encode())
            continue
        p.sendall(line)
s = socket.socket(socket.AF_UNIX); s.bind(front); s.listen(16)
print(front, flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
python3 "$T/flaky.py" "$T/flaky.sock" "$T/powerd.sock" >"$T/flaky.out" 2>"$T/flaky.log" &
flaky=$!
T_CLEANUP_HOOK="kill $flaky 2>/dev/null"
wait_until 10 test -S "$T/flaky.sock" || BAIL "proxy did not start"

start ipmid -l 127.0.0.1:0 -S "$T/flaky.sock" -i srv1
P=$(port_of "$ipmid_addr")
login() { timeout 20 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" \
    -U admin -f "$T/pw.admin" raw 0x06 0x01 >/dev/null 2>&1; }
t_ok 'admin gets in once ipmid has asked again' wait_until 20 login
guid=$(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" mc guid 2>&1)
t_unlike 'the GUID came from powerd after the failed inventory' "$guid" '00000000-0000-0000-0000-000000000000'
t_like 'the failures were logged' "$(cat "$T/ipmid.log")" 'will retry'
t_ok 'clean exit' stop_all
