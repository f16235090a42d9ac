#!/usr/bin/python3
# rfcrawl.py BASE USER PASS: follow every @odata.id from the service root;
# print "ok URI" or "bad URI: why" per resource and a "visited N" line.
# SPDX-License-Identifier: ISC
import base64, json, ssl, sys, urllib.request

base, user, pw = sys.argv[1:4]
auth = 'Basic ' + base64.b64encode(f'{user}:{pw}'.encode()).decode()
ctx = ssl._create_unverified_context()
seen, todo, bad = set(), ['/redfish/v1'], 0

def links(o, out):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == '@odata.id' and isinstance(v, str) and '#' not in v:
                out.append(v)
            elif k not in ('@odata.id',):
                links(v, out)
    elif isinstance(o, list):
        for v in o:
            links(v, out)

while todo:
    u = todo.pop().rstrip('/') or '/'
    if u in seen or not u.startswith('/redfish/v1'):
        continue
    seen.add(u)
    req = urllib.request.Request(base + u, headers={'Authorization': auth})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=20) as r:
            if r.headers.get('OData-Version') != '4.0':
                raise ValueError('no OData-Version: 4.0')
            d = json.load(r)
    except Exception as e:
        print(f'bad {u}: {e}'); bad += 1
        continue
    why = []
    if d.get('@odata.id', '').rstrip('/') != u:
        why.append(f'@odata.id is {d.get("@odata.id")}')
    if not d.get('@odata.type', '').startswith('#'):
        why.append('no @odata.type')
    if 'Members' in d and d.get('Members@odata.count') != len(d['Members']):
        why.append('Members@odata.count')
    if why:
        print(f'bad {u}: ' + ', '.join(why)); bad += 1
    else:
        print(f'ok {u}')
    out = []
    links(d, out)
    todo.extend(out)
print(f'visited {len(seen)}')
sys.exit(1 if bad else 0)
