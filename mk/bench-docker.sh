#!/bin/sh
# mk/bench-docker.sh: a docker power action through powerd vs the same raw Engine API call, p50/p99 side by side.
# SPDX-License-Identifier: ISC
#
# Starts a private dockerd (t/helper/dockerd.sh) and powerd on one docker
# server, then times N cheap calls (default 200) and M off/on pairs
# (default 30; each pair takes ~0.4 s of docker's own time):
#   - in one Python client: the raw Engine API call over the unix socket
#     (http.client, kept-alive) and the powerd request doing the same
#     (one connection, lockstep), so both pay the same client costs;
#   - the command-line tools: curl --unix-socket vs powerctl;
#   - engine.c alone (t/helper/enginebench, in process).
# Overhead = powerd - raw (target: <= 2 ms).  Prints figures as
# "name value unit target"; asserts nothing.  Needs root and dockerd.

N=${N:-200}
M=${M:-30}
# t/lib.sh gives $T, start/start_powerd/pctl and the cleanup trap;
# TOP is found from this script's directory, as for a test
. "$(cd "$(dirname "$0")/.." && pwd)/t/lib.sh"
. "$TOP/t/helper/dockerd.sh"
_tap_planned=1		# this is not TAP: no plan line at exit

if [ "$(id -u)" != 0 ] || ! command -v dockerd >/dev/null ||
    ! command -v docker >/dev/null || ! command -v python3 >/dev/null; then
	echo "bench-docker: needs root, dockerd, docker and python3; skipped"
	exit 0
fi
dk_start >/dev/null || { echo "bench-docker: dockerd did not start"; exit 1; }
dk_image bmcsim/busybox:test || { echo "bench-docker: no image"; exit 1; }
dk_create node1 || { echo "bench-docker: no container"; exit 1; }
S=$DK/docker.sock
V=$(curl -s --unix-socket "$S" http://d/version |
    sed -n 's/.*"ApiVersion":"\([0-9.]*\)".*/\1/p')
V=${V:-1.41}
have_powerd=0
if [ -x "$TOP/powerd/powerd" ] && [ -x "$TOP/powerd/powerctl" ]; then
	have_powerd=1
	dk_lab node1
	start_powerd -D "$S" >/dev/null
fi

echo "# docker power actions, N=$N, M=$M, API $V, $(nproc) cpus; times in ms"

python3 - "$S" "$T/powerd.sock" "$N" "$V" "$have_powerd" "$M" <<'PY'
import http.client, json, socket, sys, time

dsock, psock, n, ver, have_pd = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
m = int(sys.argv[6])

class Unix(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("docker", timeout=30)
        self.upath = path
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.upath)

eng = Unix(dsock)
def raw(method, path):
    eng.request(method, "/v%s%s" % (ver, path), body=b"",
        headers={"Content-Length": "0"})
    r = eng.getresponse()
    r.read()
    if r.status >= 400:
        raise SystemExit("raw %s %s: %d" % (method, path, r.status))

pd = pdf = None
if have_pd:
    pd = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    pd.settimeout(30)
    pd.connect(psock)
    pdf = pd.makefile("rb")
ids = [0]
def call(op, **kw):
    ids[0] += 1
    req = {"v": 1, "id": ids[0], "op": op, "server": "srv1", "by": "bench"}
    req.update(kw)
    pd.sendall(json.dumps(req).encode() + b"\n")
    rep = json.loads(pdf.readline())
    if not rep.get("ok"):
        raise SystemExit("powerd %s: %s" % (op, rep))

def timed(f):
    t = time.perf_counter()
    f()
    return (time.perf_counter() - t) * 1000.0

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, (len(xs) * p) // 100)]

rows = []
def row(name, rawt, pdt):
    rows.append((name, rawt, pdt))

# 1: power on when on: start -> 304, the cheapest engine call
raw("POST", "/containers/node1/start")
r1, p1 = [], []
for i in range(n):
    r1.append(timed(lambda: raw("POST", "/containers/node1/start")))
    if have_pd:
        p1.append(timed(lambda: call("power", action="on")))
row("on-noop: on when on (304)", r1, p1)

# 2 and 3: off (kill) and on (start), interleaved raw / powerd
r2, p2, r3, p3 = [], [], [], []
for i in range(m):
    r2.append(timed(lambda: raw("POST", "/containers/node1/kill")))
    r3.append(timed(lambda: raw("POST", "/containers/node1/start")))
    if have_pd:
        p2.append(timed(lambda: call("power", action="off")))
        p3.append(timed(lambda: call("power", action="on")))
row("off: kill", r2, p2)
row("on: start", r3, p3)

# 4: powerd round trip with no engine call, for scale
p4 = []
if have_pd:
    for i in range(n):
        p4.append(timed(lambda: call("status")))
    row("status: no engine call", [], p4)

def f(xs, p):
    return "%8.3f" % pct(xs, p) if xs else "       -"

print("%-30s %8s %8s   %8s %8s   %8s %8s" % ("action", "raw p50", "p99",
    "powerd p50", "p99", "over p50", "p99"))
for name, r, p in rows:
    over50 = over99 = "       -"
    if r and p:
        over50 = "%+8.3f" % (pct(p, 50) - pct(r, 50))
        over99 = "%+8.3f" % (pct(p, 99) - pct(r, 99))
    print("%-30s %s %s   %s %s   %s %s" % (name, f(r, 50), f(r, 99),
        f(p, 50), f(p, 99), over50, over99))
# off/on are docker-bound (tens to hundreds of ms, noisy): the median of
# the paired differences estimates powerd's share better
for name, r, p in rows:
    if r and p and len(r) == len(p) and len(r) == m:
        d = [b - a for a, b in zip(r, p)]
        print("# %s: median paired difference %+.3f ms" % (name, pct(d, 50)))
for name, r, p in rows:
    key = name.split(":")[0]
    if r and p:
        print("docker-%s-overhead-p50 %.3f ms 2" % (key, pct(p, 50) - pct(r, 50)))
        print("docker-%s-overhead-p99 %.3f ms 2" % (key, pct(p, 99) - pct(r, 99)))
PY

# the command-line tools, each call a new process
ms() { echo $(($(date +%s%N) / 1000)); }
cli() {
	_c_name=$1
	shift
	_c_all=
	_c_i=0
	while [ $_c_i -lt "$N" ]; do
		_c_t0=$(ms)
		"$@" >/dev/null 2>&1
		_c_all="$_c_all $(( $(ms) - _c_t0 ))"
		_c_i=$((_c_i + 1))
	done
	printf '%s\n' $_c_all | sort -n | awk -v n="$_c_name" '
	    { v[NR] = $1 }
	    END { p50 = v[int(NR * 50 / 100) + 1]; p99 = v[int(NR * 99 / 100) + 1]
	          if (p99 == "") p99 = v[NR]
	          printf "%-30s %8.3f %8.3f\n", n, p50 / 1000, p99 / 1000 }'
}
docker start node1 >/dev/null 2>&1
echo "# command line, on when already on (each call forks)"
printf '%-30s %8s %8s\n' "tool" "p50" "p99"
cli "curl --unix-socket start" curl -s -o /dev/null -X POST \
    --unix-socket "$S" "http://d/v$V/containers/node1/start"
[ $have_powerd = 1 ] &&
    cli "powerctl power on" powerctl -S "$T/powerd.sock" power srv1 on
echo "# engine.c in process (enginebench), on when already on"
enginebench -D "$S" bench "$N" POST /containers/node1/start 2>&1 |
    sed 's/^/# /'
[ $have_powerd = 1 ] || echo "# powerd/powerd not built: powerd rows left out"
[ $have_powerd = 1 ] && stop_all
exit 0
