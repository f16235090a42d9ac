#!/usr/bin/python3
# rfws.py [-u user:pass | -k token] [-s text] [-e regex] [-t secs] [-o file] URL
# A /console0 client (python3-websocket): optionally send text, then read
# until regex matches the bytes received (exit 0), the time runs out
# (exit 1) or the upgrade is refused (prints "status N", exit 2).
# SPDX-License-Identifier: ISC
import base64, getopt, re, ssl, sys, time
import websocket

opts, args = getopt.getopt(sys.argv[1:], 'u:k:s:e:t:o:')
o = dict(opts)
hdr = []
if '-u' in o:
    hdr.append('Authorization: Basic ' +
               base64.b64encode(o['-u'].encode()).decode())
if '-k' in o:
    hdr.append('X-Auth-Token: ' + o['-k'])
deadline = time.time() + float(o.get('-t', '20'))
try:
    ws = websocket.create_connection(args[0], header=hdr, timeout=5,
                                     sslopt={'cert_reqs': ssl.CERT_NONE})
except websocket.WebSocketBadStatusException as e:
    print('status', e.status_code)
    sys.exit(2)
print('connected', flush=True)
if '-s' in o:
    ws.send_binary(o['-s'].encode())
got = b''
pat = re.compile(o.get('-e', '$^').encode(), re.S)
rc = 1
while time.time() < deadline:
    ws.settimeout(max(0.1, deadline - time.time()))
    try:
        op, data = ws.recv_data()
    except websocket.WebSocketTimeoutException:
        break
    except websocket.WebSocketConnectionClosedException:
        break
    if op == websocket.ABNF.OPCODE_CLOSE:
        break
    got += data
    if pat.search(got):
        rc = 0
        break
if '-o' in o:
    open(o['-o'], 'wb').write(got)
ws.close()
sys.exit(rc)
