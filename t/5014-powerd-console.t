#!/bin/sh
# 5014-powerd-console.t: the sim host's console: boot text per the override, echo, shell, OS poweroff/reboot in the SEL
. "${0%/*}/lib.sh"
need powerd powerctl python3
lab_sim 1
start_powerd

cat >"$T/con.py" <<'PY'
import array, json, os, select, socket, sys, time
path = sys.argv[1]
ctl = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ctl.settimeout(20)
ctl.connect(path)
cf = ctl.makefile("rb")
n = [0]
def call(op, **kw):
    n[0] += 1
    kw.update({"v": 1, "id": n[0], "op": op, "server": "srv1"})
    ctl.sendall((json.dumps(kw) + "\n").encode())
    return json.loads(cf.readline())
def console():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(b'{"v":1,"id":1,"op":"console","server":"srv1"}\n')
    msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(4))
    fds = []
    for lvl, typ, data in anc:
        if lvl == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
            a = array.array("i"); a.frombytes(data); fds += list(a)
    s.close()
    r = json.loads(msg.split(b"\n")[0])
    assert r["ok"] and r.get("fd") == 1 and len(fds) == 1, (r, fds)
    return fds[0]
buf = [b""]
def expect(fd, want, secs=10):
    end = time.time() + secs
    while time.time() < end:
        if want.encode() in buf[0]:
            i = buf[0].index(want.encode()) + len(want)
            got, buf[0] = buf[0][:i], buf[0][i:]
            return got.decode(errors="replace")
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            d = os.read(fd, 65536)
            if not d:
                break
            buf[0] += d
    print("MISSING %r in %r" % (want, buf[0][-300:]))
    sys.exit(1)
def check(cond, what):
    print(("ok " if cond else "FAIL ") + what, flush=True)

call("boot", action="set", target="cd", enabled="once")
call("media", action="insert", image="http://127.0.0.1:8080/installer.iso")
fd = console()
call("power", action="on")
t = expect(fd, "login: ")
check("bmcsim BIOS" in t, "POST line")
check("Booting from CD: http://127.0.0.1:8080/installer.iso\r\n" in t, "boot device names the image")
check("Linux version" in t, "kernel lines")
r = call("boot")
check(r["boot"]["enabled"] == "disabled" and r["boot"]["target"] == "none", "once override consumed")
os.write(fd, b"root\r")
expect(fd, "root@srv1:~# ")
os.write(fd, b"echx\x7fo hello-console\r")
t = expect(fd, "root@srv1:~# ")
check("echx\b \bo hello-console\r\nhello-console\r\n" in t, "echo with backspace, CRLF")
os.write(fd, b"uname -a\r")
check("Linux srv1" in expect(fd, "# "), "uname")
call("power", action="nmi")
check("NMI" in expect(fd, "NMI"), "nmi prints a panic line")
# a new console closes the previous one
fd2 = console()
end = time.time() + 5
eof = False
while time.time() < end and not eof:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r and os.read(fd, 65536) == b"":
        eof = True
check(eof, "a new console op closes the previous holder")
os.close(fd)
fd = fd2
buf[0] = b""
os.write(fd, b"reboot\r")
t = expect(fd, "login: ")
check("Restarting system" in t and "Booting from Hard Disk" in t, "reboot: boots again from the disk")
check(call("status")["power"] == "on", "reboot: still on")
os.write(fd, b"admin\rpoweroff\r")
expect(fd, "Power down")
end = time.time() + 5
while time.time() < end and call("status")["power"] != "off":
    time.sleep(0.05)
check(call("status")["power"] == "off", "typed poweroff powers off")
sel = call("sel", action="list")["entries"]
msgs = [(e["message"], e["origin"], e["record"][20:22]) for e in sel]
check(("OS graceful shutdown", "os", "20") in msgs, "SEL: OS stop (0x20) from the OS")
check(("Power off (by os)", "os", "09") in msgs, "SEL: power off by the OS")
check(("System restart by the OS", "os", "1d") in msgs, "SEL: OS-initiated restart (0x1d)")
os.write(fd, b"echo ignored\r")
time.sleep(0.2)
r, _, _ = select.select([fd], [], [], 0.1)
check(not r or not os.read(fd, 100).strip(b"\r\n"), "off: no echo")
PY
python3 "$T/con.py" "$T/powerd.sock" >"$T/con.out" 2>&1
rc=$?
while read -r st what; do
	case $st in
	ok) pass "$what" ;;
	FAIL) fail "$what" ;;
	*) fail "console script: $st $what" ;;
	esac
done <"$T/con.out"
t_is 'console script finished' "$rc" 0
t_ok 'clean exit' stop_all
done_testing
