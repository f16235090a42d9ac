#!/bin/sh
# 5016-powerd-exec.t: the exec backend with shell scripts: actions, exit status, timeout, polled status, console-unix/-pty
. "${0%/*}/lib.sh"
need powerd powerctl python3 socat
mkdir -p "$T/vm"
# a fake VM: its power state is a file; actions write it, status reads it
cat >"$T/vm.sh" <<EOF
#!/bin/sh
d=$T/vm/\$BMCSIM_SERVER
case \$1 in
on) echo on >"\$d" ;;
off) echo off >"\$d" ;;
soft) (sleep 0.2; echo off >"\$d") & ;;
reset) echo reset >>"$T/vm/resets" ;;
nmi) echo nmi >>"$T/vm/nmis" ;;
fail) echo failing >&2; exit 3 ;;
hang) exec sleep 30 ;;
status) cat "\$d" 2>/dev/null || echo off ;;
status-exit) grep -q on "\$d" 2>/dev/null ;;
esac
EOF
chmod +x "$T/vm.sh"
lab_sim 0 "
server vm1
	backend exec
	exec-on $T/vm.sh on
	exec-off $T/vm.sh off
	exec-soft $T/vm.sh soft
	exec-reset $T/vm.sh reset
	exec-nmi $T/vm.sh nmi
	exec-status $T/vm.sh status
	exec-poll 100ms
	console-unix $T/vm1.con
server vm2
	backend exec
	exec-on $T/vm.sh fail
	exec-off $T/vm.sh hang
	exec-status \"$T/vm.sh status-exit\"
	exec-poll 100ms
	exec-timeout 500ms
	console-pty $T/vm2.pty
server vm3
	backend exec
	exec-on $T/vm.sh on
	exec-off $T/vm.sh off
server vm4
	backend exec
	policy always-on
	exec-on $T/vm.sh on
	exec-status $T/vm.sh status
	exec-poll 100ms"
start_powerd
st() { pctl -j status "$1" | sed -n 's/.*"power":"\([a-z-]*\)".*/\1/p'; }
is_power() { [ "$(st "$1")" = "$2" ]; }

t_ok 'vm1: status polled: off' wait_until 5 is_power vm1 off
t_ok 'vm1: power on' pctl power vm1 on
t_is 'vm1: the command ran' "$(cat "$T/vm/vm1")" on
t_is 'vm1: on' "$(st vm1)" on
t_ok 'vm1: power off' pctl power vm1 off
t_is 'vm1: off' "$(cat "$T/vm/vm1")" off
t_ok 'vm1: on again' pctl power vm1 on
t_ok 'vm1: reset' pctl power vm1 reset
t_is 'vm1: exec-reset ran' "$(cat "$T/vm/resets")" reset
t_ok 'vm1: nmi' pctl power vm1 nmi
t_is 'vm1: exec-nmi ran' "$(cat "$T/vm/nmis")" nmi
t_ok 'vm1: cycle without exec-cycle: off then on' pctl power vm1 cycle
t_is 'vm1: on after the cycle' "$(st vm1)" on
t_ok 'vm1: soft' pctl power vm1 soft
t_ok 'vm1: the poll sees it go off' wait_until 5 is_power vm1 off
echo on >"$T/vm/vm1"
t_ok "vm1: started behind powerd's back: noticed" wait_until 5 is_power vm1 on
t_like 'vm1: logged as external' "$(pctl raw '{"op":"sel","server":"vm1","action":"list"}')" '"message":"Power on \(unknown, by external\)","severity":"OK","origin":"engine"'

out=$(pctl raw '{"op":"power","server":"vm2","action":"on"}' 2>&1)
t_like 'vm2: a failing command: engine error with the exit status' "$out" '"error":"engine","message":"exec-on exited 3"'
out=$(pctl raw '{"op":"power","server":"vm2","action":"off"}' 2>&1)
t_like 'vm2: a hanging command: timeout' "$out" '"error":"timeout"'
out=$(pctl raw '{"op":"power","server":"vm2","action":"nmi"}' 2>&1)
t_like 'vm2: no exec-nmi: unsupported' "$out" '"error":"unsupported"'
echo on >"$T/vm/vm2"
t_ok 'vm2: status by exit code (0 = on)' wait_until 5 is_power vm2 on
echo off >"$T/vm/vm2"
t_ok 'vm2: status by exit code (1 = off)' wait_until 5 is_power vm2 off
t_ok 'vm4: policy always-on: powered on at start' wait_until 5 is_power vm4 on
t_is 'vm4: by its exec-on' "$(cat "$T/vm/vm4")" on
t_like 'vm4: restart cause' "$(pctl -j status vm4)" '"restart_cause":"always-on-restore"'
t_ok 'vm3: no status command: the model' pctl power vm3 on
t_is 'vm3: on' "$(st vm3)" on

# console-unix: a unix socket server stands in for QEMU -serial unix:
socat UNIX-LISTEN:"$T/vm1.con",fork EXEC:cat 2>/dev/null &
sp=$!
t_ok 'console socket up' wait_until 5 test -S "$T/vm1.con"
cat >"$T/con.py" <<'EOF'
import array, os, select, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(('{"v":1,"id":1,"op":"console","server":"%s"}\n' % sys.argv[2]).encode())
msg, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(4))
print(msg.split(b"\n")[0].decode())
fds = []
for lvl, typ, data in anc:
    a = array.array("i"); a.frombytes(data); fds += list(a)
if not fds:
    sys.exit(2)
os.write(fds[0], b"ping-through\n")
end, got = time.time() + 5, b""
while time.time() < end and b"ping-through" not in got:
    if select.select([fds[0]], [], [], 0.1)[0]:
        got += os.read(fds[0], 100)
print(got.decode(errors="replace").strip())
EOF
out=$(python3 "$T/con.py" "$T/powerd.sock" vm1)
t_like 'console-unix: fd handed over' "$out" '"ok":true,"fd":1'
t_like 'console-unix: bytes both ways' "$out" 'ping-through'
kill "$sp" 2>/dev/null
wait "$sp" 2>/dev/null

socat PTY,link="$T/vm2.pty",raw,echo=0 EXEC:cat 2>/dev/null &
sp=$!
t_ok 'pty up' wait_until 5 test -e "$T/vm2.pty"
out=$(python3 "$T/con.py" "$T/powerd.sock" vm2)
t_like 'console-pty: fd handed over' "$out" '"ok":true,"fd":1'
t_like 'console-pty: bytes both ways' "$out" 'ping-through'
kill "$sp" 2>/dev/null
wait "$sp" 2>/dev/null
t_like 'vm3: no console configured: unsupported' "$(pctl raw '{"op":"console","server":"vm3"}' 2>&1)" '"error":"unsupported"'
t_ok 'clean exit' stop_all
done_testing
