#!/bin/sh
# 5506-docker-boot-console.t: a console taken after powerd started a
# container holds that boot's output from its first byte (powerd attaches
# before it starts): after on, reset and cycle
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl python3
dk_start || BAIL "dockerd did not start"
dk_image bmcsim/busybox:test || BAIL "no image"
# a container that prints a banner with its boot number, then a shell
docker create --name node1 --tty --interactive --network none --init \
    --stop-signal SIGHUP --stop-timeout 2 --label org.bmcsim.test=1 \
    bmcsim/busybox:test sh -c 'n=$(($(cat /n 2>/dev/null || echo 0) + 1));
	echo $n >/n; echo "banner-boot-$n"; exec sh' >/dev/null ||
    BAIL "no container"
dk_lab node1
start_powerd -D "$DK/docker.sock"
CON='{"v":1,"id":1,"op":"console","server":"srv1"}'
boots() { docker logs node1 2>&1 | grep -c banner-boot; }
booted() { [ "$(boots)" -ge "$1" ]; }

t_ok 'power on' pctl power srv1 on
t_ok 'boot 1 printed its banner' wait_until 10 booted 1
t_ok 'a console taken now shows boot 1 from its start' \
    pd_call "$CON" 'true' banner-boot-1
t_ok 'reset' pctl power srv1 reset
t_ok 'boot 2 printed its banner' wait_until 10 booted 2
t_ok 'a console taken after the reset shows boot 2 from its start' \
    pd_call "$CON" 'true' banner-boot-2
t_ok 'cycle' pctl power srv1 cycle
t_ok 'boot 3 printed its banner' wait_until 10 booted 3
t_ok 'a console taken after the cycle shows boot 3 from its start' \
    pd_call "$CON" 'true' banner-boot-3
# that attach was handed out once: the next console is a fresh attach
t_ok 'the next console is a fresh attach (no replayed banner needed)' \
    pd_call "$CON" 'echo fresh$((6*7))' fresh42
t_ok 'clean exit' stop_all
done_testing
