#!/bin/sh
# 5505-docker-errors.t: an unknown container or a missing dockerd gives clear engine errors; powerd keeps serving
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need powerd powerctl python3
dk_powerd_node1 nosuch

t_fail 'power on an unknown container' pctl power srv2 on
t_like 'engine error names the container' "$(cat "$T/out")" 'No such container: nosuch'
t_ok 'JSON: error token engine' sh -c "powerctl -S '$T/powerd.sock' -j power srv2 on; true"
t_like 'JSON: error token engine' "$(cat "$T/out")" '"error":"engine"'
t_ok 'status of the unknown container' pctl -j status srv2
t_like 'unknown container: power unknown' "$(cat "$T/out")" '"power":"unknown"'
t_ok 'powerd keeps serving: srv1 on' pctl power srv1 on
t_is 'srv1 running' "$(dk_state node1)" running
t_ok 'console of the unknown container' \
    pd_call '{"v":1,"id":1,"op":"console","server":"srv2"}'
t_like 'console: engine error' "$(cat "$T/out")" '"ok":false.*"error":"engine"'
t_ok 'still serving after the failed console' pctl -j status srv1
t_like 'srv1 still on' "$(cat "$T/out")" '"power":"on"'
t_ok 'clean exit' stop_all

# powerd started with no dockerd at all
start_as powerd2 powerd -f "$T/lab.conf" -S "$T/powerd.sock" -D "$T/none.sock"
t_fail 'no dockerd: power on fails' pctl power srv1 on
t_like 'no dockerd: says why' "$(cat "$T/out")" "cannot connect|engine|timeout"
t_ok 'no dockerd: status answers' pctl -j status srv1
t_like 'no dockerd: power unknown' "$(cat "$T/out")" '"power":"unknown"'
t_ok 'clean exit (no dockerd)' stop_all
done_testing
