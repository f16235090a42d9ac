#!/bin/sh
# 5504-docker-restart.t: dockerd restarted under powerd: the events stream resumes
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl
dk_powerd_node1

t_ok 'power on' pctl power srv1 on
t_ok 'status on' wait_until 2 dk_power_is srv1 on
dk_halt TERM		# stops node1 on its way down
t_fail 'power on while dockerd is down fails' pctl power srv1 on
t_like 'down: an engine error' "$(cat "$T/out")" 'engine|timeout|cannot connect'
t_ok 'powerd still answers' pctl status srv1
dk_launch || BAIL "dockerd did not restart"
t_ok 'after the restart: off (container stopped by the restart)' \
    wait_until 5 dk_power_is srv1 off
docker start node1 >/dev/null
t_ok 'events resumed: docker start noticed' wait_until 2 dk_power_is srv1 on
docker stop node1 >/dev/null
t_ok 'events resumed: docker stop noticed' wait_until 2 dk_power_is srv1 off
t_ok 'power on through powerd after the restart' pctl power srv1 on
t_is 'running' "$(dk_state node1)" running
t_ok 'clean exit' stop_all
done_testing
