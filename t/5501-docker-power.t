#!/bin/sh
# 5501-docker-power.t: power on/off/soft/reset/cycle through powerd reach a real container
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl
dk_powerd_node1

t_ok 'status: off (created, never started)' wait_until 5 dk_power_is srv1 off
t_ok 'power on' pctl power srv1 on
t_is 'on: container running' "$(dk_state node1)" running
t_is 'on: status on' "$(dk_power srv1)" on
t_ok 'power on again (304 from start)' pctl power srv1 on
t_is 'still running' "$(dk_state node1)" running

t_ok 'power off' pctl power srv1 off
t_ok 'off: container exited' wait_until 5 dk_state_is node1 exited
t_is 'off: killed (137)' "$(dk_exitcode node1)" 137
t_ok 'off: status off' wait_until 2 dk_power_is srv1 off
t_ok 'power off again' pctl power srv1 off
t_ok 'reset when off' pctl power srv1 reset
t_is 'reset when off: stays off' "$(dk_state node1)" exited

t_ok 'power on' pctl power srv1 on
t_ok 'power soft' pctl power srv1 soft
t_ok 'soft: container exited' wait_until 10 dk_state_is node1 exited
diag "soft: exit code $(dk_exitcode node1) (129 = SIGHUP through docker-init)"
t_ok 'soft: status off' wait_until 2 dk_power_is srv1 off

t_ok 'power on' pctl power srv1 on
s0=$(dk_started_at node1)
t_ok 'power reset' pctl power srv1 reset
t_ok 'reset: running again' wait_until 5 dk_state_is node1 running
t_unlike 'reset: restarted (StartedAt changed)' "$(dk_started_at node1)" "^$s0\$"
t_ok 'reset: status on' wait_until 2 dk_power_is srv1 on

s0=$(dk_started_at node1)
t_ok 'power cycle' pctl power srv1 cycle
t_ok 'cycle: running again' wait_until 5 dk_state_is node1 running
t_unlike 'cycle: restarted (StartedAt changed)' "$(dk_started_at node1)" "^$s0\$"
t_ok 'cycle: status on' wait_until 2 dk_power_is srv1 on

t_ok 'power off' pctl power srv1 off
t_ok 'cycle when off' pctl power srv1 cycle
t_ok 'cycle when off: powers on' wait_until 5 dk_state_is node1 running

t_ok 'JSON reply' pctl -j power srv1 on
t_like 'JSON reply says on' "$(cat "$T/out")" '"power":"on"'
t_ok 'clean exit' stop_all
t_is 'powerd leaves the container as it was' "$(dk_state node1)" running
done_testing
