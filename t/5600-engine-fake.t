#!/bin/sh
# 5600-engine-fake.t: engine.c against a fake Engine API for faults a real dockerd will not produce
. "${0%/*}/lib.sh"
need enginebench python3
# (in addition to t/5500, which runs against a real dockerd)

cat >"$T/fake.py" <<'PY'
#!/usr/bin/env python3
# a fake Engine API on a unix socket; every request is logged to fake.req
import json, os, signal, socketserver, sys, time
from http.server import BaseHTTPRequestHandler

sock, ready, T = sys.argv[3], int(sys.argv[2]), os.environ["T"]
state = {"versions": 0, "events": 0}

def log(line):
    with open(os.path.join(T, "fake.req"), "a") as f:
        f.write(line + "\n")

def ev(action, t, nano):
    return json.dumps({"Type": "container", "Action": action,
        "Actor": {"ID": "c0ffee", "Attributes": {"name": "node1"}},
        "scope": "local", "time": t, "timeNano": nano}) + "\n"

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def reply(self, code, body, ctype="application/json"):
        b = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    def handle_one(self, method):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode() if n else ""
        log("%s %s ct=%s cl=%s body=%s" % (method, self.path,
            self.headers.get("Content-Type"), self.headers.get("Content-Length"), body))
        p = self.path
        if p == "/version":
            state["versions"] += 1
            # the first answer says 1.41; later ones say the daemon was
            # upgraded to one that wants >= 1.44 (docker 29.0)
            if state["versions"] == 1:
                return self.reply(200, '{"ApiVersion":"1.41","MinAPIVersion":"1.12"}')
            return self.reply(200, '{"ApiVersion":"1.52","MinAPIVersion":"1.44"}')
        if p.startswith("/v1.41/") and p != "/v1.41/events" and not p.startswith("/v1.41/events?"):
            if "upgraded" in p:
                return self.reply(400, '{"message":"client version 1.41 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version"}')
        q = p.split("/", 2)[2] if p.startswith("/v1.") else p
        if q.startswith("upgraded"):
            return self.reply(200, '{"ok":"%s"}' % p)
        if q == "podman":
            return self.reply(404, '{"cause":"no such container","message":"no container with name or ID \\"x\\" found: no such container","response":404}')
        if q == "text":
            return self.reply(500, "plain failure\nsecond line\n", "text/plain")
        if q == "slow":
            time.sleep(3)
            return self.reply(200, "{}")
        if q == "big":
            return self.reply(200, "x" * (9 * 1024 * 1024))
        if q == "empty204":
            self.send_response(204)
            self.end_headers()
            return
        if q.startswith("containers/") and "/attach?" in q:
            name = q.split("/")[1]
            if "detachKeys=ctrl-%40%2Cctrl-%5E%2Cctrl-_%2Cctrl-%5D" not in q:
                name = "nokeys"
            if name == "chatty":
                # the console speaks at once: its bytes share the head's write
                self.wfile.write(b"HTTP/1.1 101 UPGRADED\r\nContent-Type: "
                    b"application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\n"
                    b"Upgrade: tcp\r\n\r\nbanner42\r\n/ # ")
                self.wfile.flush()
                self.rfile.read(1)
                time.sleep(2)
                self.close_connection = True
                return
            if name == "mute":
                time.sleep(3)
                self.close_connection = True
                return
            if name == "hugehead":
                self.wfile.write(b"HTTP/1.1 101 UPGRADED\r\n" + b"X-Pad: " + b"p" * 5000 + b"\r\n\r\n")
                self.wfile.flush()
                time.sleep(2)
                self.close_connection = True
                return
            self.wfile.write(b"HTTP/1.1 404 Not Found\r\nContent-Type: "
                b"application/vnd.docker.raw-stream\r\n\r\nNo such container: "
                + name.encode() + b"\r\n")
            self.close_connection = True
            return
        if q.startswith("events"):
            state["events"] += 1
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            # the replay repeats the first connection's event exactly
            now = state.setdefault("now", int(time.time()))
            def chunk(s):
                b = s.encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
                self.wfile.flush()
            if state["events"] == 1:
                # two events, one split across chunks, then the daemon
                # "dies": no final chunk (curl: CURLE_PARTIAL_FILE)
                e1, e2 = ev("start", now, now * 10**9 + 1000), ev("die", now, now * 10**9 + 2000)
                chunk(e1 + e2[:10])
                chunk(e2[10:])
                self.close_connection = True
                return
            # the reconnect with since= replays the second one, then a new one
            chunk(ev("die", now, now * 10**9 + 2000) + ev("destroy", now + 1, (now + 1) * 10**9))
            time.sleep(30)
            return
        return self.reply(404, '{"message":"page not found"}')
    def do_GET(self):
        self.handle_one("GET")
    def do_POST(self):
        self.handle_one("POST")
    def do_DELETE(self):
        self.handle_one("DELETE")

class S(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
srv = S(sock, H)
os.write(ready, b"ready\n")
os.close(ready)
srv.serve_forever()
PY
chmod +x "$T/fake.py"
start_as fake "$T/fake.py" "$T/fake.sock"
eb() { enginebench -D "$T/fake.sock" "$@"; }

t_ok 'negotiated, then renegotiated after 400 too old' eb request GET /upgraded
t_like 'retried request succeeded' "$(grep -v '^enginebench:' "$T/out")" '^200'
t_like 'renegotiation logged' "$(cat "$T/out")" 'too old.*; negotiating again' 
t_is 'requests seen: version, v1.41, version, v1.44' \
    "$(cut -d' ' -f1,2 "$T/fake.req" | tr '\n' '|')" \
    'GET /version|GET /v1.41/upgraded|GET /version|GET /v1.44/upgraded|'
: >"$T/fake.req"
t_ok 'POST without a body' eb request POST /empty204
t_like 'empty POST: Content-Length 0, no Content-Type' "$(grep POST "$T/fake.req")" \
    '^POST /v1\.44/empty204 ct=None cl=0 body=$'
: >"$T/fake.req"
t_fail 'POST with a JSON body' eb request POST /create '{"Image":"x"}'
t_like 'JSON POST: Content-Type application/json' "$(cat "$T/fake.req")" \
    'ct=application/json cl=13 body=\{"Image":"x"\}'
t_fail 'DELETE' eb request DELETE /nothing
t_like 'DELETE method' "$(tail -n 1 "$T/fake.req")" '^DELETE /v1\.44/nothing '
t_fail 'podman error shape' eb request GET /podman
t_is 'podman: message only' "$(tr '\n' '|' <"$T/out")" \
    '404|no container with name or ID "x" found: no such container|'
t_fail 'plain-text error' eb request GET /text
t_is 'text: first line' "$(tr '\n' '|' <"$T/out")" '500|plain failure|'
t0=$(date +%s%N)
t_fail 'a slow engine times out' eb -t 500 request GET /slow
dt=$(( ($(date +%s%N) - t0) / 1000000 ))
t_is 'timeout: status -1 and why' "$(tr '\n' '|' <"$T/out")" '-1|timed out after 500 ms|'
t_ok "timeout: within 2 s ($dt ms)" test "$dt" -lt 2000
t_fail 'a body over ENGINE_BODY_MAX is refused' eb request GET /big
t_is 'too large: -1 and why' "$(tr '\n' '|' <"$T/out")" '-1|response too large|'
t_fail 'no engine at all' enginebench -D "$T/none.sock" request GET /x
t_is 'no engine: -1 and why' "$(grep -A 1 -x -- -1 "$T/out" | tr '\n' '|')" \
    "-1|cannot connect to $T/none.sock: No such file or directory|"

# attach: console bytes right behind the 101 head stay in the socket
t_ok 'attach: bytes sent with the head are not lost' \
    eb attach chatty 'x' banner42
t_fail 'attach refused' eb attach refused x x
t_is 'attach refused: the text after the head' "$(cat "$T/out")" \
    'error: No such container: refused'
t_fail 'attach: engine never answers' eb -t 500 attach mute x x
t_is 'attach: timeout' "$(cat "$T/out")" \
    'error: attach: timed out after 500 ms'
t_fail 'attach: head over DOCKER_HEAD_MAX' eb attach hugehead x x
t_like 'attach: head too long' "$(cat "$T/out")" \
    '^error: attach: bad response head: '

: >"$T/fake.req"
enginebench -D "$T/fake.sock" events '{"type":["container"]}' >"$T/ev" 2>"$T/ev.log" &
evp=$!
t_ok 'events: the replay after the reconnect arrived' \
    wait_until 10 grep -qx 'destroy node1' "$T/ev"
kill -TERM "$evp"
wait "$evp"
t_is 'events: up, split event joined, down on the cut, up, no duplicate' \
    "$(tr '\n' '|' <"$T/ev")" \
    'up|start node1|die node1|down|up|destroy node1|'
t_like 'events: filters escaped' "$(sed -n 2p "$T/fake.req")" \
    'events\?filters=%7B%22type%22%3A%5B%22container%22%5D%7D '
t_like 'events: reconnect with since=' "$(grep -c 'events?filters=.*&since=[0-9]' "$T/fake.req")" '^1$'
t_ok 'clean exit' stop_all
done_testing
