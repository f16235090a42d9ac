#!/usr/bin/python3
# vncchurn.py: connection churn and greeting latency against an RFB port,
# for t/4016 and mk/bench-vncd.sh.
# usage: vncchurn.py churn PORT N         N connect/greeting/close cycles
#        vncchurn.py greet PORT N [SLOW]  N greetings timed while SLOW
#            clients trickle a WebSocket request; prints "median max" in ms
# SPDX-License-Identifier: ISC
import socket
import sys
import threading
import time


def greet(port):
    t0 = time.monotonic()
    s = socket.create_connection(('127.0.0.1', port), timeout=10)
    got = b''
    while len(got) < 12:
        b = s.recv(12 - len(got))
        if not b:
            raise SystemExit('connection closed before the greeting')
        got += b
    dt = (time.monotonic() - t0) * 1000
    if not got.startswith(b'RFB '):
        raise SystemExit('not an RFB greeting: %r' % got)
    s.close()
    return dt


def trickle(port, stop):
    req = b'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'
    while not stop.is_set():
        try:
            s = socket.create_connection(('127.0.0.1', port), timeout=10)
            for c in req:
                if stop.is_set():
                    break
                s.send(bytes([c]))
                time.sleep(0.05)
            s.close()
        except OSError:
            time.sleep(0.01)


def main():
    mode, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if mode == 'churn':
        for _ in range(n):
            greet(port)
        return 0
    slow = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    stop = threading.Event()
    ts = [threading.Thread(target=trickle, args=(port, stop), daemon=True)
          for _ in range(slow)]
    for t in ts:
        t.start()
    time.sleep(0.3 if slow else 0)
    d = sorted(greet(port) for _ in range(n))
    stop.set()
    print('%.1f %.1f' % (d[len(d) // 2], d[-1]))
    return 0


sys.exit(main())
