#!/bin/sh
# 5018-powerd-peercred.t: peers are identified with SO_PEERCRED and refused unless root, powerd's own uid or allow-uid
. "${0%/*}/lib.sh"
need_root
need powerd python3
lab_sim 1
mkdir -m 0777 "$T/pub"
chmod 0755 "$T"
cat >"$T/as.py" <<'PY'
import os, socket, sys
uid = int(sys.argv[2])
os.setgroups([])
os.setgid(uid)
os.setuid(uid)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(b'{"v":1,"id":1,"op":"hello"}\n')
print(s.makefile("rb").readline().decode().strip())
PY
start powerd -f "$T/lab.conf" -S "$T/pub/powerd.sock"
chmod 0777 "$T/pub"
chmod 0666 "$T/pub/powerd.sock"
t_like 'uid 65534 not allowed: denied' "$(python3 "$T/as.py" "$T/pub/powerd.sock" 65534)" '"ok":false,"error":"denied"'
t_like 'the refusal is logged with the credentials' "$(cat "$T/powerd.log")" 'client uid 65534 gid 65534 pid [0-9]+: denied'
t_ok 'clean exit' stop powerd
echo 'allow-uid 65534' >>"$T/lab.conf"
start powerd -f "$T/lab.conf" -S "$T/pub/powerd.sock"
chmod 0777 "$T/pub"
chmod 0666 "$T/pub/powerd.sock"
t_like 'allow-uid 65534: served' "$(python3 "$T/as.py" "$T/pub/powerd.sock" 65534)" '"ok":true'
t_like 'allowed peer logged' "$(cat "$T/powerd.log")" 'client uid 65534 gid 65534 pid [0-9]+ connected'
t_ok 'clean exit' stop_all
done_testing
