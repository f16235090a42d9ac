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
# the time the fleet is meant to take to come up.
import os
import sys


def main():
    cmdfile, pidfile = sys.argv[1], sys.argv[2]
    pids = []
    logs = {}
    with open(cmdfile) as f:
        for line in f:
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
    try:
        os.close(3)            # the FIFO is the daemons' now
    except OSError:
        pass
    with open(pidfile + '.tmp', 'w') as f:
        f.write(''.join('%d\n' % p for p in pids))
    os.rename(pidfile + '.tmp', pidfile)
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
        except KeyboardInterrupt:
            continue


main()
