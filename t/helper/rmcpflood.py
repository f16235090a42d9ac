#!/usr/bin/python3
# rmcpflood.py PORT RATE SECONDS [NSOCK]: RMCP+ Open Session requests to
# 127.0.0.1:PORT at RATE per second for at most SECONDS, from NSOCK source
# ports (default 64), never reading a reply; prints "sent N rate R".
# Stops early on SIGTERM.  Used by t/1005 and mk/bench-ipmid.sh.
# SPDX-License-Identifier: ISC
import os, signal, socket, struct, sys, time

port, rate, secs = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
nsock = int(sys.argv[4]) if len(sys.argv) > 4 else 64
addr = ("127.0.0.1", port)
stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)
socks = []
for _ in range(nsock):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setblocking(False)
    socks.append(s)
def req(csid):
    p = bytes([0, 4, 0, 0]) + struct.pack("<I", csid)
    p += bytes([0, 0, 0, 8, 1, 0, 0, 0, 1, 0, 0, 8, 1, 0, 0, 0, 2, 0, 0, 8, 0, 0, 0, 0])
    return b"\x06\x00\xff\x07" + bytes([6, 0x10]) + struct.pack("<IIH", 0, 0, len(p)) + p
pkts = [req(0x10000 + i) for i in range(256)]
sent = 0
batch = 50
t0 = time.monotonic()
end = t0 + secs
while not stop:
    now = time.monotonic()
    if now >= end:
        break
    due = int((now - t0) * rate)
    if sent >= due:
        time.sleep(min(batch / rate, end - now))
        continue
    for _ in range(min(batch, due - sent)):
        try:
            socks[sent % nsock].sendto(pkts[sent & 255], addr)
        except (BlockingIOError, OSError):
            pass
        sent += 1
el = time.monotonic() - t0
print("sent %d rate %.0f" % (sent, sent / el if el > 0 else 0))
