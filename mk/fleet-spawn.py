#!/usr/bin/python3
# mk/fleet-spawn.py: start a fleet's daemons for mk/bench-fleet.sh, fast.
# SPDX-License-Identifier: ISC
#
# usage: fleet-spawn.py CMDFILE PIDFILE
# CMDFILE: one daemon a line, fields separated by tabs: the file its
# stderr is appended to, then the program and its arguments.  Each starts
# with posix_spawn, stdin /dev/null, and the descriptors this process got
# (fd 3: the readiness FIFO).  PIDFILE gets the pids, one a line, once all
# are started.  Then it reaps its children and exits when none is left:
# the caller stops the daemons by their pids.
#
# Why not the shell: dash keeps every background job in a list it walks at
# each new one, so 4000 `cmd &` take seconds of its own CPU (quadratic),
# the time the fleet is meant to take to come up.  Why one spawner per
# core: posix_spawn waits while the child execs (CLONE_VFORK), so a single
# spawner runs the fleet's execs one at a time, on one core.
import os
import sys


def spawn(lines, pids):
    logs = {}
    for line in lines:
        fields = line.rstrip('\n').split('\t')
        if len(fields) < 2:
            continue
        log, argv = fields[0], fields[1:]
        if log not in logs:
            logs[log] = os.open(log, os.O_WRONLY | os.O_APPEND |
                                os.O_CREAT | os.O_CLOEXEC, 0o644)
        acts = [(os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, logs[log], 2)]
        try:
            pids.append(os.posix_spawn(argv[0], argv, os.environ,
                                       file_actions=acts))
        except OSError as e:
            print('fleet-spawn: %s: %s' % (argv[0], e), file=sys.stderr)
    for fd in logs.values():
        os.close(fd)


def reap():
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
        except KeyboardInterrupt:
            continue


def main():
    cmdfile, pidfile = sys.argv[1], sys.argv[2]
    with open(cmdfile) as f:
        lines = f.readlines()
    n = max(1, min(os.cpu_count() or 1, 8))
    # spawners 1..n-1 are children: each starts every n-th line, sends
    # its pids up a pipe, then reaps its own daemons
    pipes = []
    for i in range(1, n):
        r, w = os.pipe()
        if os.fork() == 0:
            os.close(r)
            pids = []
            spawn(lines[i::n], pids)
            os.write(w, ''.join('%d\n' % p for p in pids).encode())
            os.close(w)
            try:
                os.close(3)
            except OSError:
                pass
            reap()
            os._exit(0)
        os.close(w)
        pipes.append(r)
    pids = []
    spawn(lines[0::n], pids)
    try:
        os.close(3)            # the FIFO is the daemons' now
    except OSError:
        pass
    out = ''.join('%d\n' % p for p in pids)
    for r in pipes:
        with os.fdopen(r) as f:
            out += f.read()
    with open(pidfile + '.tmp', 'w') as f:
        f.write(out)
    os.rename(pidfile + '.tmp', pidfile)
    reap()


main()
