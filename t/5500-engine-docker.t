#!/bin/sh
# 5500-engine-docker.t: powerd/engine.c alone against a private dockerd (t/helper/enginebench)
. "${0%/*}/lib.sh"
. "$TOP/t/helper/dockerd.sh"
dk_need
need enginebench python3
dk_start || BAIL "dockerd did not start"
dk_image bmcsim/busybox:test || BAIL "no image"
dk_create node1 || BAIL "no container"
S=$DK/docker.sock
eb() { enginebench -D "$S" "$@"; }

# version negotiation and plain requests
t_ok 'GET json (negotiates first)' eb -v request GET /containers/node1/json
t_like 'speaks API 1.41' "$(cat "$T/out")" 'speaks API 1\.41'
t_like 'inspect body' "$(cat "$T/out")" '"Status":"created"'
t_ok 'POST start, empty body' eb request POST /containers/node1/start
t_is 'start: 204' "$(head -n 1 "$T/out")" 204
t_is 'running' "$(dk_state node1)" running
t_ok 'start again' eb request POST /containers/node1/start
t_is 'start again: 304 is success' "$(head -n 1 "$T/out")" 304
t_fail 'start unknown' eb request POST /containers/nosuch/start
t_is 'unknown: 404 + message' "$(cat "$T/out" | tr '\n' '|')" \
    '404|No such container: nosuch|'
t_fail 'create, unknown image' eb request POST '/containers/create?name=bad1' \
    '{"Image":"nope:1","HostConfig":{"NetworkMode":"none"}}'
# a missing Content-Type: application/json would give 400 instead
t_is 'JSON body: 404 No such image' "$(cat "$T/out" | tr '\n' '|')" \
    '404|No such image: nope:1|'
t_ok 'create with a JSON body' eb request POST '/containers/create?name=node2' \
    '{"Image":"bmcsim/busybox:test","Tty":true,"OpenStdin":true,"HostConfig":{"NetworkMode":"none","Init":true}}'
t_is 'create: 201' "$(head -n 1 "$T/out")" 201
t_ok 'DELETE' eb request DELETE '/containers/node2?force=1'
t_is 'delete: 204' "$(head -n 1 "$T/out")" 204
t_fail 'kill when stopped' eb request POST /containers/node2/kill
t_is 'kill of a gone container: 404' "$(head -n 1 "$T/out")" 404

# attach: the hijack, the head read without reading past it, the fd
t_ok 'attach: echo hi$((6*7)) -> hi42' eb attach node1 'echo hi$((6*7))' hi42
t_like 'attach: console output' "$(cat "$T/out")" 'hi42'
t_fail 'attach unknown' eb attach nosuch 'echo x' x
t_like 'attach unknown: clear error' "$(cat "$T/out")" \
    '^error: No such container: nosuch'
# ctrl-p ctrl-q (docker's default detach keys) must reach the tty
t_ok 'attach: ctrl-p ctrl-q do not detach' \
    eb attach node1 "$(printf '\020\021')echo still\$((1+1))" still2

# the events stream: events, the end of the daemon, the resumption
enginebench -D "$S" events '{"type":["container"]}' >"$T/ev" 2>"$T/ev.log" &
evp=$!
t_ok 'events: stream up' wait_until 10 grep -qx up "$T/ev"
eb request POST '/containers/node1/kill' >/dev/null
t_ok 'events: kill, die' wait_until 5 grep -qx 'die node1' "$T/ev"
t_ok 'events: start' eb request POST /containers/node1/start
t_ok 'events: start seen' wait_until 5 grep -qx 'start node1' "$T/ev"
dk_halt TERM
t_ok 'events: down when dockerd stops' wait_until 10 grep -qx down "$T/ev"
t_fail 'request while dockerd is down' eb request GET /_ping
t_is 'down: status -1 and why' "$(grep -A 1 -x -- -1 "$T/out" | tr '\n' '|')" \
    "-1|cannot connect to $S: No such file or directory|"
dk_launch || BAIL "dockerd did not restart"
t_ok 'events: up again' wait_until 10 sh -c "[ \$(grep -cx up '$T/ev') -ge 2 ]"
docker start node1 >/dev/null
t_ok 'events: start after the restart' wait_until 5 \
    sh -c "[ \$(grep -cx 'start node1' '$T/ev') -ge 2 ]"
kill -TERM "$evp"
t_ok 'events: exit 0 on SIGTERM' wait "$evp"

# timing: a few hundred GETs over one kept-alive connection
t_ok 'bench 200 x GET /_ping' eb bench 200 GET /_ping
diag "$(cat "$T/out")"
done_testing
