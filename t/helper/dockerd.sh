# t/helper/dockerd.sh: a private dockerd for the docker-backend tests; source it after t/lib.sh.
# SPDX-License-Identifier: ISC
#
# The facts behind it: doc/docker-engine.md (a private dockerd for tests).
#   dk_need             skip (or, under CI, fail) without root, dockerd, docker
#   dk_start            private dockerd: sets DK (its directory) and
#                       DOCKER_HOST; its socket is $DK/docker.sock; registers
#                       dk_stop as lib.sh's cleanup hook
#                       (a second dk_start after DK= makes a second one:
#                       its cleanup is the caller's, see dk_use)
#   dk_use DIR          point DK and DOCKER_HOST at the dockerd of DIR
#   DK_TCP=ADDR:PORT    dk_start/dk_launch also listen there (plain tcp)
#   DK_TLS=DIR          with DK_TCP: --tlsverify with DIR/ca.pem,
#                       DIR/server-cert.pem, DIR/server-key.pem
#   dk_tls_certs DIR    a CA, a server certificate for 127.0.0.1 and a
#                       client certificate (ca.pem cert.pem key.pem) there
#   dk_image NAME:TAG   busybox-static imported as an image (no registry)
#   dk_create NAME [IMAGE]  a `tty: true` sh container, network none, with
#                       docker-init and SIGHUP as its stop signal (stops in
#                       50 ms instead of 10 s)
#   dk_state NAME       prints State.Status (running, exited, created …)
#   dk_stop             removes the containers, stops dockerd, kills what
#                       survives in our cgroup parent, unmounts, rm -rf $DK
#   dk_powerd_node1 [NAME...]  dk_start, the image, container node1, a
#                       lab.conf with srv1 -> node1 (srv2 -> NAME …), and
#                       powerd on $DK/docker.sock; bails out on failure
# Works under dash and `set -eu`.  Containers never get a network: dockerd
# runs with --bridge=none --iptables=false.

DK=
DK_PID=

dk_need() {
	need_root
	need dockerd docker curl busybox
	# the image is a static busybox alone (Debian's busybox-static)
	ldd "$(command -v busybox)" >/dev/null 2>&1 || return 0
	if [ "${CI:-}" = true ]; then
		echo "Bail out! busybox is not static (install busybox-static)"
		exit 1
	fi
	echo "1..0 # SKIP busybox is not static (busybox-static)"
	_tap_planned=1
	exit 0
}

dk_ping() {
	curl -sf --max-time 2 --unix-socket "$DK/docker.sock" http://d/_ping \
	    >/dev/null 2>&1
}

# dk_start: exec-root + 33 characters must stay within 104 (containerd's
# debug socket), hence the short mktemp path.
dk_start() {
	DK=$(mktemp -d /tmp/dk.XXXXXX) || return 1
	DOCKER_HOST=unix://$DK/docker.sock
	export DK DOCKER_HOST
	T_CLEANUP_HOOK="dk_stop${T_CLEANUP_HOOK:+; $T_CLEANUP_HOOK}"
	echo '{}' >"$DK/daemon.json"
	dk_launch
}

# dk_use DIR: the dockerd of DIR is the one the dk_* functions and the
# docker CLI talk to from now on (tests with two dockerds)
dk_use() {
	DK=$1
	DOCKER_HOST=unix://$DK/docker.sock
	export DK DOCKER_HOST
}

# dk_tls_certs DIR: the files Docker's "protect the daemon socket" page
# makes, with P-256 keys (fast), valid one day
dk_tls_certs() {
	mkdir -p "$1" &&
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
	    >"$1/server.ext" &&
	printf 'extendedKeyUsage=clientAuth\n' >"$1/client.ext" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -keyout "$1/ca-key.pem" -out "$1/ca.pem" -days 1 \
	    -subj /CN=bmcsim-test-ca 2>/dev/null &&
	for _dk_w in server client; do
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		    -nodes -keyout "$1/$_dk_w-key.pem" -out "$1/$_dk_w.csr" \
		    -subj "/CN=$_dk_w" 2>/dev/null &&
		openssl x509 -req -in "$1/$_dk_w.csr" -CA "$1/ca.pem" \
		    -CAkey "$1/ca-key.pem" -CAcreateserial -days 1 \
		    -extfile "$1/$_dk_w.ext" -out "$1/$_dk_w-cert.pem" \
		    2>/dev/null || return 1
	done &&
	mv "$1/client-cert.pem" "$1/cert.pem" &&
	mv "$1/client-key.pem" "$1/key.pem"
}

# dk_launch: (re)start dockerd on $DK, as dk_start did (restart tests)
dk_launch() {
	setsid dockerd --config-file "$DK/daemon.json" --storage-driver=vfs \
	    --data-root "$DK/data" --exec-root "$DK/x" -H "$DOCKER_HOST" \
	    ${DK_TCP:+-H "tcp://$DK_TCP"} \
	    ${DK_TLS:+--tlsverify --tlscacert "$DK_TLS/ca.pem"} \
	    ${DK_TLS:+--tlscert "$DK_TLS/server-cert.pem"} \
	    ${DK_TLS:+--tlskey "$DK_TLS/server-key.pem"} \
	    --pidfile "$DK/pid" --iptables=false --bridge=none \
	    --cgroup-parent "/${DK##*/}" \
	    >>"$DK/dockerd.log" 2>&1 </dev/null &
	DK_PID=$!
	echo "$DK_PID" >"$DK/bgpid"
	_dk_i=0
	while [ $_dk_i -lt 600 ]; do
		dk_ping && return 0
		kill -0 "$DK_PID" 2>/dev/null || break
		_dk_i=$((_dk_i + 1))
		sleep 0.05
	done
	echo "# dockerd did not come up:"
	tail -n 20 "$DK/dockerd.log" | sed 's/^/#   /'
	return 1
}

# dk_halt [SIG]: stop dockerd only (TERM by default), keep $DK
dk_halt() {
	_dk_p=$(cat "$DK/pid" 2>/dev/null || cat "$DK/bgpid" 2>/dev/null) ||
	    return 0
	[ -n "$_dk_p" ] || return 0
	kill -"${1:-TERM}" "$_dk_p" 2>/dev/null || return 0
	_dk_i=0
	while kill -0 "$_dk_p" 2>/dev/null && [ $_dk_i -lt 400 ]; do
		_dk_i=$((_dk_i + 1))
		sleep 0.05
	done
	kill -KILL "$_dk_p" 2>/dev/null || true
	wait "$_dk_p" 2>/dev/null || true
	rm -f "$DK/pid"
}

dk_image() {
	mkdir -p "$DK/rootfs/bin" "$DK/rootfs/etc" "$DK/rootfs/root" \
	    "$DK/rootfs/tmp" &&
	cp "$(command -v busybox)" "$DK/rootfs/bin/busybox" &&
	chroot "$DK/rootfs" /bin/busybox --install -s /bin &&
	echo 'root:x:0:0:root:/root:/bin/sh' >"$DK/rootfs/etc/passwd" &&
	tar -C "$DK/rootfs" -c . |
	    docker import -c 'CMD ["/bin/sh"]' - "$1" >/dev/null
}

dk_create() {
	docker create --name "$1" --tty --interactive --network none --init \
	    --stop-signal SIGHUP --stop-timeout 2 \
	    --label org.bmcsim.test=1 "${2:-bmcsim/busybox:test}" >/dev/null
}

dk_state() {
	docker inspect -f '{{.State.Status}}' "$1" 2>/dev/null
}

dk_stop() {
	[ -n "${DK:-}" ] && [ -d "$DK" ] || return 0
	_dk_cg=${DK##*/}
	if dk_ping; then
		_dk_ids=$(docker ps -aq 2>/dev/null) || true
		[ -z "$_dk_ids" ] || docker rm -f $_dk_ids >/dev/null 2>&1 || true
	fi
	dk_halt TERM
	# after a crash, shims and container processes survive: kill what is
	# in our cgroup parent, then the shims (and their /run/containerd/s
	# sockets, a directory every dockerd shares)
	cat /sys/fs/cgroup/pids/"$_dk_cg"/*/cgroup.procs \
	    /sys/fs/cgroup/"$_dk_cg"/*/cgroup.procs 2>/dev/null |
	    xargs -r kill -KILL 2>/dev/null || true
	for _dk_p in $(pgrep -f -- "-address $DK/x/containerd/containerd.sock"); do
		_dk_id=$(tr '\0' '\n' 2>/dev/null </proc/"$_dk_p"/cmdline |
		    sed -n '/^-id$/{n;p}')
		kill -KILL "$_dk_p" 2>/dev/null || true
		[ -z "$_dk_id" ] || rm -f /run/containerd/s/"$(printf %s \
		    "$DK/x/containerd/containerd.sock/moby/$_dk_id" |
		    sha256sum | cut -c1-64)"
	done
	_dk_p=$(cat "$DK/x/containerd/containerd.pid" 2>/dev/null) &&
	    kill -KILL "$_dk_p" 2>/dev/null || true
	for _dk_h in /sys/fs/cgroup/*/"$_dk_cg" /sys/fs/cgroup/"$_dk_cg"; do
		[ -d "$_dk_h" ] || continue
		rmdir "$_dk_h"/*/ 2>/dev/null
		_dk_i=0
		# the killed processes leave their cgroups a moment later
		while ! rmdir "$_dk_h" 2>/dev/null && [ $_dk_i -lt 40 ]; do
			rmdir "$_dk_h"/*/ 2>/dev/null
			_dk_i=$((_dk_i + 1))
			sleep 0.05
		done
	done
	for _dk_m in $(awk -v d="$DK/" 'index($2, d) == 1 {print $2}' \
	    /proc/mounts | sort -r); do
		umount "$_dk_m" 2>/dev/null || umount -l "$_dk_m" || true
	done
	rm -rf "$DK"
	DK=
	unset DOCKER_HOST
}

# dk_lab NAME...: $T/lab.conf with one docker server per container:
# srv1 -> first NAME, srv2 -> second …; docker stop?t=2 for soft-off.
dk_lab() {
	mkdir -p "$T/state"
	{
		echo "state-dir $T/state"
		echo 'account admin administrator password password'
		_dk_i=1
		for _dk_c in "$@"; do
			echo "server srv$_dk_i"
			echo "	backend docker"
			echo "	container $_dk_c"
			echo "	docker-stop-timeout 2"
			_dk_i=$((_dk_i + 1))
		done
	} >"$T/lab.conf"
}

# dk_powerd_node1 [NAME...]: the setup the 5501-5505 tests share: a private
# dockerd with container node1 as srv1 (and NAME… as srv2 …) under powerd.
dk_powerd_node1() {
	dk_start || BAIL "dockerd did not start"
	dk_image bmcsim/busybox:test || BAIL "no image"
	dk_create node1 || BAIL "no container"
	dk_lab node1 "$@"
	start_powerd -D "$DK/docker.sock"
}

dk_started_at() {
	docker inspect -f '{{.State.StartedAt}}' "$1" 2>/dev/null
}
dk_exitcode() {
	docker inspect -f '{{.State.ExitCode}}' "$1" 2>/dev/null
}
# dk_power SRV: the power state powerd reports ("on", "off", "unknown" …)
dk_power() {
	powerctl -S "$T/powerd.sock" -j status "$1" 2>/dev/null |
	    sed -n 's/.*"power":"\([a-z-]*\)".*/\1/p'
}
dk_power_is() { [ "$(dk_power "$1")" = "$2" ]; }
dk_state_is() { [ "$(dk_state "$1")" = "$2" ]; }
# ms since the epoch
dk_ms() { echo $(($(date +%s%N) / 1000000)); }

# pd_call JSON [SEND EXPECT [CMD...]]: one request on powerd's socket
# ($T/powerd.sock), the reply line on stdout.  With SEND, the reply must
# carry an fd (SCM_RIGHTS): CMD runs (if given), then SEND and a CR are
# typed on it and the call succeeds once EXPECT was read (10 s); exit 2:
# no fd, 3: the fd is non-blocking, 1: EXPECT not seen.  SEND "-" types
# nothing and waits for EOF instead.
pd_call() {
	python3 -c "$_pd_py" "$T/powerd.sock" "$@"
}
_pd_py='
import array, os, select, socket, subprocess, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(30)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
buf, fds = b"", []
while b"\n" not in buf:
    msg, anc, flags, addr = s.recvmsg(65536, socket.CMSG_SPACE(16))
    if not msg:
        break
    buf += msg
    for lvl, typ, data in anc:
        if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
            a = array.array("i")
            a.frombytes(data[:len(data) - len(data) % 4])
            fds += list(a)
print(buf.split(b"\n", 1)[0].decode(errors="replace"), flush=True)
if len(sys.argv) < 5:
    sys.exit(0)
if not fds:
    sys.exit(2)
fd = fds[0]
if not os.get_blocking(fd):
    print("fd is non-blocking")
    sys.exit(3)
if len(sys.argv) > 5:
    subprocess.run(sys.argv[5:], stdout=sys.stderr, timeout=30)
if sys.argv[3] == "-":
    # no input: succeed once the console reaches EOF
    end = time.time() + 10
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r and not os.read(fd, 65536):
            print("eof")
            sys.exit(0)
    sys.exit(1)
os.write(fd, (sys.argv[3] + "\r").encode())
out, end = b"", time.time() + 10
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.2)
    if not r:
        continue
    d = os.read(fd, 65536)
    if not d:
        print("eof")
        break
    out += d
    if sys.argv[4].encode() in out.replace(sys.argv[3].encode(), b""):
        print(out.decode(errors="replace"))
        sys.exit(0)
print(out.decode(errors="replace"))
sys.exit(1)
'
