#!/bin/sh
# 5012-powerd-badinput.t: malformed JSON, overlong lines, unknown op/server/action, client fds, vanishing and many clients
. "${0%/*}/lib.sh"
need powerd powerctl python3
lab_sim 1 '
server slow
	sim-delay on 400ms'
start_powerd

cat >"$T/bad.py" <<'PY'
import array, os, socket, sys, time
path, case = sys.argv[1], sys.argv[2]

def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(20)
    s.connect(path)
    return s

def lines(s, n):
    buf, out = b"", []
    while len(out) < n:
        d = s.recv(65536)
        if not d:
            break
        buf += d
        while b"\n" in buf:
            l, buf = buf.split(b"\n", 1)
            out.append(l.decode())
    return out

if case == "malformed":
    s = conn()
    s.sendall(b'{"op":"hello",\n[1,2]\n"str"\n{"id":5,"op":"hello"}\n')
    for l in lines(s, 4):
        print(l)
elif case == "pipelined":
    s = conn()
    s.sendall(b''.join(b'{"id":%d,"op":"status","server":"srv1"}\n' % i
                       for i in range(1, 51)))
    r = lines(s, 50)
    print(len(r), all('"id":%d,' % (i + 1) in l for i, l in enumerate(r)))
elif case == "toolong":
    s = conn()
    s.sendall(b'{"op":"hello","pad":"' + b"x" * 5000)
    r = lines(s, 1)
    print(r[0] if r else "no reply")
    try:
        print("closed" if s.recv(100) == b"" else "open")
    except ConnectionResetError:
        print("closed")
elif case == "maxline":
    s = conn()
    line = b'{"id":3,"op":"hello","pad":"'
    line += b"x" * (4095 - len(line) - 2) + b'"}'
    assert len(line) == 4095
    s.sendall(line + b"\n")
    print(lines(s, 1)[0])
    line = line[:-2] + b'x"}'
    s = conn()
    s.sendall(line + b"\n")
    print(lines(s, 1)[0])
elif case == "fd":
    s = conn()
    fd = os.open("/dev/null", os.O_RDONLY)
    s.sendmsg([b'{"id":9,"op":"hello"}\n'],
              [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])
    print(lines(s, 1)[0])
    s.sendall(b'{"id":10,"op":"hello"}\n')
    print(lines(s, 1)[0])
    fds = [os.open("/dev/null", os.O_RDONLY) for _ in range(3)]
    s = conn()
    s.sendmsg([b'{"id":11,"op":"hello"}\n'],
              [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
    r = lines(s, 1)
    print(r[0] if r else "closed")
elif case == "vanish":
    s = conn()
    s.sendall(b'{"id":1,"op":"power","server":"slow","action":"on"}\n')
    s.close()
    s = conn()
    s.sendall(b'{"id":2,"op":"power","server":"srv1","action":"on"}')
    s.close()
    print("gone")
elif case == "behind":
    s = conn()
    s.sendall(b'{"id":1,"op":"power","server":"slow","action":"off"}\n'
              + b''.join(b'{"id":%d,"op":"status","server":"slow"}\n' % i
                         for i in range(2, 5)))
    r = lines(s, 4)
    print(" ".join(l.split(",")[1] for l in r), '"power":"off"' in r[1])
elif case == "many":
    ss = [conn() for _ in range(100)]
    for i, s in enumerate(ss):
        s.sendall(b'{"id":%d,"op":"status","server":"srv1"}\n' % i)
    good = 0
    for i, s in enumerate(ss):
        r = lines(s, 1)
        if r and '"id":%d,' % i in r[0] and '"ok":true' in r[0]:
            good += 1
    print("good", good)
PY
bad() { python3 "$T/bad.py" "$T/powerd.sock" "$@"; }

out=$(bad malformed)
t_like 'truncated JSON: bad-request' "$(echo "$out" | sed -n 1p)" '"ok":false,"error":"bad-request","message":"[^"]+"'
t_like 'an array: bad-request' "$(echo "$out" | sed -n 2p)" '"error":"bad-request"'
t_like 'a string: bad-request' "$(echo "$out" | sed -n 3p)" '"error":"bad-request"'
t_like 'the connection keeps serving' "$(echo "$out" | sed -n 4p)" '"id":5,"ok":true'
t_is 'pipelined requests: 50 replies in order' "$(bad pipelined)" '50 True'
out=$(bad toolong)
t_like 'overlong line: too-long' "$(echo "$out" | sed -n 1p)" '"ok":false,"error":"too-long"'
t_is 'overlong line: connection closed' "$(echo "$out" | sed -n 2p)" closed
out=$(bad maxline)
t_like 'a 4095-byte line plus newline is accepted' "$(echo "$out" | sed -n 1p)" '"id":3,"ok":true'
t_like 'a 4096-byte line is too long' "$(echo "$out" | sed -n 2p)" '"error":"too-long"'
raw() { pctl raw "$1" 2>&1; }
t_like 'unknown op' "$(raw '{"op":"reboot"}')" '"error":"unknown-op","message":"unknown op \\"reboot\\""'
t_like 'unknown server' "$(raw '{"op":"status","server":"srv9"}')" '"error":"no-such-server","message":"srv9 is not configured"'
t_like 'unknown action' "$(raw '{"op":"power","server":"srv1","action":"explode"}')" '"error":"unknown-action"'
t_like 'missing action' "$(raw '{"op":"power","server":"srv1"}')" '"error":"bad-request"'
t_like 'missing server' "$(raw '{"op":"status"}')" '"error":"bad-request"'
t_like 'server of the wrong type' "$(raw '{"op":"status","server":["srv1"]}')" '"error":"bad-request"'
t_like 'a path as server id' "$(raw '{"op":"status","server":"../srv1"}')" '"error":"no-such-server"'
t_fail 'powerctl exits non-zero on an error' pctl power srv9 on
out=$(bad fd)
t_like 'an fd from a client: bad-request' "$(echo "$out" | sed -n 1p)" '"id":9,"ok":false,"error":"bad-request","message":"file descriptors are not accepted"'
t_like 'then the connection serves again' "$(echo "$out" | sed -n 2p)" '"id":10,"ok":true'
t_like 'three fds at once: refused' "$(echo "$out" | sed -n 3p)" 'bad-request|closed'
t_is 'a client vanishing mid-request' "$(bad vanish)" gone
t_ok 'its power action still completes' wait_until 5 sh -c "powerctl -S '$T/powerd.sock' -j status slow | grep -q '\"power\":\"on\"'"
t_is 'lines sent behind a slow request wait their turn' "$(bad behind)" '"id":1 "id":2 "id":3 "id":4 True'
t_is '100 concurrent clients' "$(bad many)" 'good 100'
t_like 'powerd still serves' "$(raw '{"op":"hello"}')" '"ok":true'
t_ok 'powerd is alive' kill -0 "$powerd_pid"
# a client that never reads its replies does not hold up a shutdown
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(sys.argv[1])
s.settimeout(2)
try:
    for i in range(400):
        s.sendall(b"{\"id\":%d,\"op\":\"sensors\",\"server\":\"srv1\"}\n" % i)
except socket.timeout:
    pass
print("sent", flush=True)
time.sleep(30)
' "$T/powerd.sock" >"$T/stuck" &
sp=$!
t_ok 'a client that does not read' wait_until 10 grep -q sent "$T/stuck"
t0=$(date +%s)
t_ok 'clean exit with a reply stuck in its queue' stop_all
el=$(( $(date +%s) - t0 ))
t_ok "within the 2 s grace (took ${el} s)" test "$el" -le 6
kill "$sp" 2>/dev/null
wait "$sp" 2>/dev/null
done_testing
