#!/usr/bin/python3
# vncws.py: RFB over a WebSocket (python3-websocket), for t/4018.
# usage: vncws.py greet URL [DELAY_MS [IDLE_S]]  connect, wait DELAY_MS
#            before the upgrade request, then print the greeting and, when
#            the server offers None, the desktop size and name from
#            ServerInit; then stay idle IDLE_S and ask for an update
#        vncws.py churn URL N         N upgrade/greeting/close cycles
#        vncws.py drop URL N          the same, dropping the TCP connection
#            instead of closing the WebSocket
#        vncws.py hold URL N          hold N sessions past the greeting,
#            then try one more: prints "held N" and "extra ok|refused",
#            and keeps them until killed
#        vncws.py bridge URL          relay a local TCP port to URL, one
#            WebSocket per connection: prints the port, runs until killed
# SPDX-License-Identifier: ISC
import socket
import struct
import sys
import threading
import time
import urllib.parse

import websocket


class WsStream:
    def __init__(self, url, delay_ms=0):
        u = urllib.parse.urlparse(url)
        s = socket.create_connection((u.hostname, u.port), timeout=10)
        if delay_ms:
            time.sleep(delay_ms / 1000.0)   # a remote browser's round trip
        self.ws = websocket.create_connection(url, socket=s, timeout=10)
        self.buf = b''

    def read(self, n):
        while len(self.buf) < n:
            op, data = self.ws.recv_data()
            if op == websocket.ABNF.OPCODE_CLOSE:
                raise SystemExit('closed by the server after %r' % self.buf)
            self.buf += data
        b, self.buf = self.buf[:n], self.buf[n:]
        return b

    def send(self, b):
        self.ws.send_binary(b)

    def close(self):
        self.ws.close()


def greet(url, delay, idle):
    s = WsStream(url, delay)
    v = s.read(12)
    print(v.decode('ascii', 'replace').strip())
    if not v.startswith(b'RFB 003.'):
        return 1
    s.send(b'RFB 003.008\n')
    n = s.read(1)[0]
    types = list(s.read(n)) if n else []
    print('security', ' '.join(str(t) for t in types))
    if 1 not in types:
        s.close()
        return 0
    s.send(b'\x01')
    if struct.unpack('>I', s.read(4))[0] != 0:
        return 1
    s.send(b'\x01')                         # ClientInit: shared
    w, h = struct.unpack('>HH', s.read(4))
    s.read(16)                              # pixel format
    name = s.read(struct.unpack('>I', s.read(4))[0])
    print('desktop %dx%d %s' % (w, h, name.decode('utf-8', 'replace')),
          flush=True)
    if idle:
        time.sleep(idle)
        s.send(b'\x03\x00' + struct.pack('>HHHH', 0, 0, w, h))
        if s.read(1) != b'\x00':
            return 1
        print('update after %g s idle' % idle)
    s.close()
    return 0


def churn(url, n, drop=False):
    for _ in range(n):
        s = WsStream(url)
        if not s.read(12).startswith(b'RFB '):
            return 1
        if drop:
            s.ws.sock.close()
        else:
            s.close()
    return 0


def hold(url, n):
    held = []
    for _ in range(n):
        s = WsStream(url)
        s.read(12)
        held.append(s)
    print('held', len(held), flush=True)
    try:
        s = WsStream(url)
        s.read(12)
        print('extra ok', flush=True)
    except (OSError, SystemExit, websocket.WebSocketException):
        print('extra refused', flush=True)
    while True:
        time.sleep(1)


def pump_tcp(c, ws):
    try:
        while True:
            b = c.recv(65536)
            if not b:
                break
            ws.send_binary(b)
    except (OSError, websocket.WebSocketException):
        pass
    try:
        ws.close()
    except (OSError, websocket.WebSocketException):
        pass


def relay(c, url):
    try:
        ws = websocket.create_connection(url, timeout=None)
    except (OSError, websocket.WebSocketException):
        c.close()
        return
    threading.Thread(target=pump_tcp, args=(c, ws), daemon=True).start()
    try:
        while True:
            op, data = ws.recv_data()
            if op == websocket.ABNF.OPCODE_CLOSE:
                break
            c.sendall(data)
    except (OSError, websocket.WebSocketException):
        pass
    try:
        c.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    c.close()


def bridge(url):
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(16)
    print(ls.getsockname()[1], flush=True)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=relay, args=(c, url), daemon=True).start()


def main():
    mode, url = sys.argv[1], sys.argv[2]
    if mode == 'greet':
        return greet(url, int(sys.argv[3]) if len(sys.argv) > 3 else 0,
                     float(sys.argv[4]) if len(sys.argv) > 4 else 0)
    if mode in ('churn', 'drop'):
        return churn(url, int(sys.argv[3]), mode == 'drop')
    if mode == 'hold':
        return hold(url, int(sys.argv[3]))
    if mode == 'bridge':
        return bridge(url)
    raise SystemExit('usage: vncws.py greet|churn|bridge URL [ARG]')


sys.exit(main())
