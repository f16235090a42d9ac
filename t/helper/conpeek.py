#!/usr/bin/env python3
# conpeek: a console client for sold's tests (TCP, sold's unix socket, or a raw unix socket).
# SPDX-License-Identifier: ISC
"""usage: conpeek.py [options] ADDR

ADDR is host:port (TCP) or a unix socket path.  On a unix socket the
doc/console.md header is sent first (unless -r).  Reads until -e REGEX is
seen in the stream, -n BYTES were read, or EOF; writes what it read to -o
(default stdout).  Exit 0 on success, 1 on timeout, EOF before the goal,
or a refused connection.

  -H N      ask for N bytes of history (unix socket)
  -r        raw unix socket: no header (conbench's host side)
  -s TEXT   send TEXT after connecting (\\xNN escapes allowed)
  -S SECS   wait SECS before sending (after -w is seen, if given)
  -w REGEX  send only once REGEX was seen
  -e REGEX  goal: stop when REGEX matches what was read
  -n BYTES  goal: stop after BYTES bytes
  -c SUM    with -n: print the sha256 of the bytes instead of the bytes
  -t SECS   timeout (default 20)
  -q BYTES  quit (close) after BYTES bytes, successfully: a client leaving mid-stream
  -R        connect and never read (the stalled reader); exits on SIGTERM
  -F FILE   send FILE in 64 KiB chunks (paced by -P SECS between chunks), then exit
  -x        exit (successfully) right after sending
  -E        succeed only if the server closes the connection (EOF) before -t
"""
import getopt
import hashlib
import os
import re
import select
import signal
import socket
import sys
import time


def unescape(s):
    return s.encode('latin-1').decode('unicode_escape').encode('latin-1')


def main():
    opts, args = getopt.getopt(sys.argv[1:], 'H:rs:S:w:e:n:ct:q:o:RExF:P:')
    o = dict(opts)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 100
    addr = args[0]
    timeout = float(o.get('-t', 20))
    if ':' in addr and not addr.startswith('/') and not os.path.exists(addr):
        h, p = addr.rsplit(':', 1)
        s = socket.create_connection((h, int(p)), timeout=timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    else:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(addr)
        if '-r' not in o:
            s.sendall(b'console 1 history=%d\n' % int(o.get('-H', 0)))
    if '-F' in o:
        pace = float(o.get('-P', 0))
        with open(o['-F'], 'rb') as f:
            while True:
                d = f.read(65536)
                if not d:
                    break
                s.sendall(d)
                if pace:
                    time.sleep(pace)
        s.close()
        return 0
    if '-R' in o:
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        sys.stdout.write('connected\n')
        sys.stdout.flush()
        while True:
            time.sleep(3600)
    goal_re = re.compile(unescape(o['-e']), re.S) if '-e' in o else None
    wait_re = re.compile(unescape(o['-w']), re.S) if '-w' in o else None
    goal_n = int(o['-n']) if '-n' in o else None
    quit_n = int(o['-q']) if '-q' in o else None
    send = unescape(o['-s']) if '-s' in o else None
    delay = float(o.get('-S', 0))
    want_eof = '-E' in o
    out = open(o['-o'], 'wb') if '-o' in o else sys.stdout.buffer
    sha = hashlib.sha256()
    buf = bytearray()
    total = 0
    sent = False
    end = time.monotonic() + timeout
    s.setblocking(False)
    rc = 1
    while True:
        if send is not None and not sent and \
                (wait_re is None or wait_re.search(buf)):
            if delay:
                time.sleep(delay)
            s.setblocking(True)
            s.sendall(send)
            s.setblocking(False)
            sent = True
            if '-x' in o:
                s.close()
                return 0
        left = end - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([s], [], [], left)
        if not r:
            continue
        try:
            d = s.recv(262144)
        except (ConnectionResetError, BlockingIOError):
            d = b''
        if not d:
            rc = 0 if want_eof else 1
            break
        total += len(d)
        if '-c' in o:
            sha.update(d)
        else:
            out.write(d)
            out.flush()
        if goal_re is not None or wait_re is not None:
            buf += d
            if len(buf) > 1 << 20:
                del buf[:len(buf) - (1 << 19)]
        if quit_n is not None and total >= quit_n:
            rc = 0
            break
        if goal_n is not None and total >= goal_n:
            rc = 0 if not want_eof else 1
            break
        if goal_re is not None and goal_re.search(buf) and not want_eof:
            rc = 0
            break
    if '-c' in o:
        out.write(b'%d %s\n' % (total, sha.hexdigest().encode()))
    out.flush()
    s.close()
    return rc


if __name__ == '__main__':
    sys.exit(main())
