#!/usr/bin/python3
# pdhwfix.py -N fd -l sock -u powerd.sock -m hw.json: a test fixture for a
# powerd without the hardware model: listens on sock, answers op "hw" from
# hw.json (keeping the writes SPEC-hw describes closely enough for a test),
# and passes every other line, with its fd, to the real powerd.  Writes
# the socket path to fd when listening.  Goes away once powerd has "hw".
# SPDX-License-Identifier: ISC
import array, copy, getopt, json, os, signal, socket, sys, threading

opts = dict(getopt.getopt(sys.argv[1:], 'N:l:u:m:')[0])
with open(opts['-m']) as f:
    hw = json.load(f)
lock = threading.Lock()
nvol = [1]


def hw_op(q):
    a = q.get('action')
    r = {'ok': True}
    with lock:
        if a == 'bios-set':
            names = {e['name']: e for e in hw['bios']['registry']}
            for k, v in q.get('attributes', {}).items():
                if k not in names:
                    return {'ok': False, 'error': 'not-found', 'message': k}
            hw['bios']['pending'].update(q['attributes'])
        elif a == 'bios-reset':
            hw['bios']['reset_pending'] = True
        elif a == 'boot-order':
            hw['boot_order'] = q['order']
        elif a == 'boot-order-default':
            hw['boot_order'] = list(hw['boot_order_default'])
        elif a == 'http-boot-uri':
            hw['http_boot_uri'] = q['uri']
        elif a == 'secure-boot':
            hw['secure_boot']['pending_enabled'] = q['enabled']
        elif a == 'volume-create':
            st = [s for s in hw['storage'] if s['id'] == q['storage']][0]
            vid = 'Volume%d' % nvol[0]
            nvol[0] += 1
            v = {'id': vid, 'name': q.get('name', vid), 'raid': q['raid'],
                 'drives': q['drives'], 'bootable': False,
                 'capacity_bytes': min(d['capacity_bytes'] for d in
                                       st['drives'] if d['id'] in q['drives'])}
            if q.get('apply') == 'reset':
                v['op'] = 'create'
                st['pending_volumes'].append(v)
            else:
                st['volumes'].append(v)
            r['volume'] = vid
        elif a == 'volume-delete':
            st = [s for s in hw['storage'] if s['id'] == q['storage']][0]
            st['volumes'] = [v for v in st['volumes'] if v['id'] != q['volume']]
        elif a not in ('get', 'bios-clear-pending', 'bios-password',
                       'secure-boot-reset', 'firmware-stage'):
            return {'ok': False, 'error': 'unknown-action', 'message': a}
        r['hw'] = copy.deepcopy(hw)
    return r


def recv_line(s, buf, fds):
    while b'\n' not in buf:
        fa = array.array('i')
        data, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(4 * 4))
        for lvl, typ, d in anc:
            if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                fa.frombytes(d[:len(d) - len(d) % fa.itemsize])
                fds.extend(fa)
        if not data:
            return None, buf
        buf += data
    line, _, rest = buf.partition(b'\n')
    return line, rest


def serve(c):
    up = None
    buf = upbuf = b''
    try:
        while True:
            fds = []
            line, buf = recv_line(c, buf, fds)
            if line is None:
                return
            q = json.loads(line)
            if q.get('op') == 'hw':
                rep = hw_op(q)
                if 'id' in q:
                    rep['id'] = q['id']
                if 'v' in q:
                    rep['v'] = q['v']
                c.sendall(json.dumps(rep).encode() + b'\n')
                continue
            if up is None:
                up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                up.connect(opts['-u'])
            up.sendall(line + b'\n')
            upfds = []
            rl, upbuf = recv_line(up, upbuf, upfds)
            if rl is None:
                return
            if upfds:
                socket.send_fds(c, [rl + b'\n'], upfds)
                for fd in upfds:
                    os.close(fd)
            else:
                c.sendall(rl + b'\n')
    except (OSError, ValueError):
        pass
    finally:
        c.close()
        if up is not None:
            up.close()


signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
try:
    os.unlink(opts['-l'])
except FileNotFoundError:
    pass
ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ls.bind(opts['-l'])
ls.listen(16)
if '-N' in opts:
    os.write(int(opts['-N']), (opts['-l'] + '\n').encode())
    os.close(int(opts['-N']))
while True:
    conn, _ = ls.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
