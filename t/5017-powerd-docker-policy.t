#!/bin/sh
# 5017-powerd-docker-policy.t: the restore policy on the docker backend (always-on, previous) and the SEL it leaves
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl
dk_start || BAIL "dockerd did not start"
dk_image bmcsim/busybox:test || BAIL "no image"
dk_create node1 || BAIL "no container"
dk_create node2 || BAIL "no container"
dk_lab node1 node2
printf '\tpolicy previous\n' >>"$T/lab.conf"	# srv2 (node2)
sed -i '/container node1/a\	policy always-on' "$T/lab.conf"
start_powerd -D "$DK/docker.sock"
pw() { pctl -j status "$1" | sed -n 's/.*"power":"\([a-z-]*\)".*/\1/p'; }
is_pw() { [ "$(pw "$1")" = "$2" ]; }

t_ok 'always-on: powered on at start' wait_until 10 is_pw srv1 on
t_is 'always-on: the container runs' "$(dk_state node1)" running
t_like 'always-on: restart cause' "$(pctl -j status srv1)" '"restart_cause":"always-on-restore"'
t_ok 'previous (never on): stays off' wait_until 10 is_pw srv2 off
t_ok 'srv2 on' pctl power srv2 on
t_ok 'clean exit' stop powerd
docker kill node2 >/dev/null
start_powerd -D "$DK/docker.sock"
t_ok 'previous (was on, found off): powered on again' wait_until 10 is_pw srv2 on
t_is 'previous: the container runs' "$(dk_state node2)" running
t_like 'previous: restart cause' "$(pctl -j status srv2)" '"restart_cause":"previous-restore"'
n=$(pctl raw '{"op":"sel","server":"srv1","action":"list"}' | grep -o '"message":"Power on' | wc -l)
t_is 'srv1: one power-on entry, no duplicates' "$n" 1
t_ok 'clean exit' stop_all
done_testing
