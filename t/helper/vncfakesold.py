#!/usr/bin/python3
# vncfakesold.py: a stand-in for sold's unix socket (doc/console.md) for
# vncd's tests: accepts clients, records their header line, sends them the
# screen file, records what they type.  Also takes text to send later.
# usage: vncfakesold.py [-N fd] -S socket [-t screen-file] [-i input-log]
#   The control socket "<socket>.ctl" takes bytes to send to every client.
# SPDX-License-Identifier: ISC
import getopt
import os
import selectors
import signal
import socket
import sys

signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
opts, _ = getopt.getopt(sys.argv[1:], 'N:S:t:i:')
o = dict(opts)
path = o['-S']
screen = open(o['-t'], 'rb').read() if '-t' in o else b''
inlog = o.get('-i', path + '.in')
for p in (path, path + '.ctl'):
    try:
        os.unlink(p)
    except OSError:
        pass
ls = socket.socket(socket.AF_UNIX)
ls.bind(path)
ls.listen(8)
cs = socket.socket(socket.AF_UNIX)
cs.bind(path + '.ctl')
cs.listen(8)
sel = selectors.DefaultSelector()
sel.register(ls, selectors.EVENT_READ, 'listen')
sel.register(cs, selectors.EVENT_READ, 'ctl')
clients = {}
if '-N' in o:
    fd = int(o['-N'])
    os.write(fd, (path + '\n').encode())
    os.close(fd)
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if key.data == 'listen':
            c, _ = ls.accept()
            sel.register(c, selectors.EVENT_READ, 'client')
            clients[c] = b''
        elif key.data == 'ctl':
            c, _ = cs.accept()
            data = b''
            while True:
                b = c.recv(65536)
                if not b:
                    break
                data += b
            c.close()
            for k, h in clients.items():
                if h.endswith(b'\n'):
                    k.sendall(data)
        else:
            try:
                b = s.recv(4096)
            except OSError:
                b = b''
            if not b:
                sel.unregister(s)
                s.close()
                del clients[s]
                continue
            h = clients[s]
            if not h.endswith(b'\n'):
                i = b.find(b'\n')
                if i < 0:
                    clients[s] = h + b
                    continue
                clients[s] = h + b[:i + 1]
                with open(path + '.hdr', 'ab') as f:
                    f.write(clients[s])
                s.sendall(screen)
                b = b[i + 1:]
            if b:
                with open(inlog, 'ab') as f:
                    f.write(b)
