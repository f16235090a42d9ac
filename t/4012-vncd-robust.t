#!/bin/sh
# 4012-vncd-robust.t: malformed RFB and WebSocket input and stalled
# handshakes do not stop vncd; a new viewer gets through within a second.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need /usr/bin/python3
PATH="$TOP/t/helper:$PATH"

printf '\033[2J\033[Hrobust\r\n' >"$T/screen"
start_as sold vncfakesold.py -S "$T/sold.sock" -t "$T/screen"
start vncd -l 127.0.0.1:0 -U "$T/sold.sock"
port=${vncd_addr##*:}

cat >"$T/junk.py" <<'PY'
import socket, struct, sys, time
port, case = int(sys.argv[1]), sys.argv[2]

def conn():
    s = socket.create_connection(('127.0.0.1', port), timeout=5)
    return s

def handshake():
    s = conn()
    assert s.recv(12).startswith(b'RFB ')
    s.sendall(b'RFB 003.008\n')
    n = s.recv(1)[0]
    types = s.recv(n)
    assert 1 in types, types
    s.sendall(b'\x01')
    assert s.recv(4) == b'\0\0\0\0'
    s.sendall(b'\x01')
    hdr = b''
    while len(hdr) < 24:
        hdr += s.recv(24 - len(hdr))
    nl = struct.unpack('>I', hdr[20:24])[0]
    while nl > 0:
        nl -= len(s.recv(nl))
    return s

def send_close(s, data):
    try:
        s.sendall(data)
        s.settimeout(2)
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()

if case == 'unknown-type':
    send_close(handshake(), b'\xfe' + b'\x00' * 64)
elif case == 'setencodings-short':
    send_close(handshake(), b'\x02\x00\xff\xff' + b'\x00\x00\x00\x07')
elif case == 'cuttext-huge':
    send_close(handshake(), b'\x06\x00\x00\x00\xff\xff\xff\xff' + b'A' * 100)
elif case == 'cuttext-negative':
    send_close(handshake(), b'\x06\x00\x00\x00\x80\x00\x00\x00' + b'A' * 100)
elif case == 'pixelformat-bad':
    send_close(handshake(), b'\x00\x00\x00\x00' + bytes([7, 99, 0, 1]) +
               b'\x00\x01' * 3 + bytes([40, 40, 40]) + b'\x00' * 3)
elif case == 'update-outside':
    s = handshake()
    s.sendall(b'\x03\x00' + struct.pack('>HHHH', 60000, 60000, 65535, 65535))
    send_close(s, b'\x03\x01' + struct.pack('>HHHH', 639, 399, 65535, 65535))
elif case == 'random':
    import random
    r = random.Random(4012)
    send_close(handshake(), bytes(r.randrange(256) for _ in range(8192)))
elif case == 'bad-version':
    s = conn(); s.recv(12); send_close(s, b'RFB 999.999\n')
elif case == 'truncated-version':
    s = conn(); s.recv(12); send_close(s, b'RFB 003.0')
elif case == 'bad-security':
    s = conn(); s.recv(12); s.sendall(b'RFB 003.008\n'); s.recv(64)
    send_close(s, b'\x63')
elif case == 'ws-garbage':
    s = conn()
    send_close(s, b'GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
               b'Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n'
               + b'\x82\xff' + b'\xff' * 8 + b'\x00' * 64)
elif case == 'tls-hello':
    send_close(conn(), b'\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' + b'\x00' * 500)
elif case == 'reader-stall':
    # a viewer that asks for raw full updates and never reads them
    s = handshake()
    s.sendall(b'\x02\x00\x00\x01\x00\x00\x00\x00')
    for _ in range(200):
        s.sendall(b'\x03\x00' + struct.pack('>HHHH', 0, 0, 640, 400))
    print('stalled', flush=True)
    time.sleep(float(sys.argv[3]))
elif case == 'ws-nokey':
    send_close(conn(), b'GET / HTTP/1.1\r\n\r\n' + b'\x00' * 32)
elif case == 'stall':
    # hold stalled viewers open: one silent, one after the version,
    # one mid WebSocket handshake, one mid ClientInit
    a = conn()
    b = conn(); b.recv(12); b.sendall(b'RFB 003.008\n')
    c = conn(); c.sendall(b'GET / HTTP/1.1\r\nHost: x\r\n')
    d = handshake()
    print('stalled', flush=True)
    time.sleep(float(sys.argv[3]))
PY

alive() { kill -0 "$vncd_pid" 2>/dev/null; }
for c in unknown-type setencodings-short cuttext-huge cuttext-negative \
    pixelformat-bad update-outside random bad-version truncated-version \
    bad-security ws-garbage ws-nokey tls-hello; do
	/usr/bin/python3 "$T/junk.py" "$port" "$c" >"$T/junk.out" 2>&1
	if alive && vncgrab -t 5000 "127.0.0.1:$port" >/dev/null 2>&1; then
		pass "$c: vncd still serves"
	else
		fail "$c: vncd still serves" "$(cat "$T/junk.out")"
	fi
done

# stalled handshakes held open while a new viewer connects
mkfifo "$T/stall.fifo"
/usr/bin/python3 "$T/junk.py" "$port" stall 20 >"$T/stall.fifo" 2>"$T/stall.err" &
stallpid=$!
read -r line <"$T/stall.fifo"
t_is 'four stalled viewers holding on' "$line" stalled
t0=$(date +%s%N)
t_ok 'a new viewer gets the picture' vncgrab -t 3000 "127.0.0.1:$port"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
diag "new viewer took $ms ms with four stalled ones"
if [ "$ms" -lt 1000 ]; then pass 'within a second'; else fail 'within a second' "$ms ms"; fi
t_ok 'and it can type' vncgrab -k 'typed' "127.0.0.1:$port"
t_ok 'typing arrived' wait_until 10 grep -q typed "$T/sold.sock.in"
kill "$stallpid" 2>/dev/null; wait "$stallpid" 2>/dev/null

# a viewer that stops reading while the console floods: others go on
/usr/bin/python3 "$T/junk.py" "$port" reader-stall 30 >"$T/stall2.out" 2>&1 &
stallpid=$!
wait_until 10 grep -q stalled "$T/stall2.out"
/usr/bin/python3 - "$T/sold.sock.ctl" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b''.join(b'\r\n\033[3%dmflood %d' % (i % 8, i) for i in range(20000)))
s.sendall(b'\033[0m\033[2J\033[Hafter the flood\r\n')
PY
printf 'after the flood\n' >"$T/expect"
t0=$(date +%s%N)
after() { vncgrab -t 3000 -o "$T/g.ppm" "127.0.0.1:$port" && vnccheck.py match "$T/g.ppm" "$T/expect"; }
t_ok 'a non-reading viewer: another sees the latest screen' wait_until 10 after
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
diag "took $ms ms with a viewer that does not read"
if [ "$ms" -lt 3000 ]; then pass 'promptly'; else fail 'promptly' "$ms ms"; fi
kill "$stallpid" 2>/dev/null; wait "$stallpid" 2>/dev/null
t_ok 'clean exit' stop_all

# out of descriptors: viewers beyond the limit wait in the listen queue,
# the loop pauses its accepts (no spin) and takes them once fds are free
start_as sold2 vncfakesold.py -S "$T/sold2.sock" -t "$T/screen"
(ulimit -n 40 && exec vncd -N 3 -l 127.0.0.1:0 -U "$T/sold2.sock" \
    3>"$T/v2.rdy" 2>"$T/v2.log") &
v2=$!
wait_until 10 test -s "$T/v2.rdy"
port2=$(sed 's/.*://' "$T/v2.rdy")
/usr/bin/python3 - "$port2" >"$T/hold.out" 2>&1 <<'PY' &
import socket, sys, time
held = [socket.create_connection(('127.0.0.1', int(sys.argv[1])))
        for _ in range(48)]
print('holding', flush=True)
time.sleep(4)
PY
holdpid=$!
t_ok 'vncd out of descriptors says so' wait_until 10 grep -q 'rfb accept' "$T/v2.log"
c0=$(awk '{ print $14 + $15 }' /proc/$v2/stat)
sleep 1
c1=$(awk '{ print $14 + $15 }' /proc/$v2/stat)
t_ok "and does not spin meanwhile ($((c1 - c0)) ticks in 1 s)" test $((c1 - c0)) -lt 20
wait "$holdpid"
t_ok 'the holders gone: a new viewer gets the picture' \
    wait_until 20 vncgrab -t 3000 "127.0.0.1:$port2"
kill -TERM $v2; wait $v2
t_is 'vncd so limited: clean exit' "$?" 0
t_ok 'clean exit (sold)' stop_all
done_testing
