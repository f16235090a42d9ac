#!/bin/sh
# 9203-frontends-idle.t: a BMC nobody uses costs nothing: ipmid, sold, vncd and redfishd at rest never wake; each holds one thread and no web server, TLS or VNC library until a client comes; ipmid sleeps again once its sessions are gone
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need ipmitool curl
lab_sim 1
start_powerd
start sold -l 127.0.0.1:0 -U "$T/sold.sock" -S "$T/powerd.sock" -i srv1
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
start vncd -m console -l 127.0.0.1:0 -w 127.0.0.1:0 -U "$T/sold.sock" -S "$T/powerd.sock" -i srv1
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1 -C "$T/sold.sock"

# wakes PID: context switches of all its threads so far
wakes() {
	cat /proc/"$1"/task/*/status 2>/dev/null |
	    awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }'
}
# settled PID: no wake-up for 0.6 s (its start-up talk with powerd is over)
settled() {
	_a=$(wakes "$1"); sleep 0.6; [ "$(wakes "$1")" = "$_a" ]
}
for d in ipmid sold vncd redfishd; do
	eval "p=\$${d}_pid"
	t_ok "$d settles" wait_until 20 settled "$p"
done
i0=$(wakes "$ipmid_pid") s0=$(wakes "$sold_pid") v0=$(wakes "$vncd_pid") r0=$(wakes "$redfishd_pid")
sleep 2.5
t_is 'ipmid at rest: no wake-up in 2.5 s' "$(($(wakes "$ipmid_pid") - i0))" 0
t_is 'sold at rest: no wake-up in 2.5 s' "$(($(wakes "$sold_pid") - s0))" 0
t_is 'vncd at rest: no wake-up in 2.5 s' "$(($(wakes "$vncd_pid") - v0))" 0
t_is 'redfishd at rest: no wake-up in 2.5 s' "$(($(wakes "$redfishd_pid") - r0))" 0
for d in ipmid sold redfishd; do
	eval "p=\$${d}_pid"
	t_is "$d at rest: one thread" "$(ls /proc/"$p"/task | wc -l)" 1
done
t_is 'vncd at rest: one thread (its loop accepts viewers)' "$(ls /proc/"$vncd_pid"/task | wc -l)" 1
t_ok 'no TLS library in redfishd at rest' sh -c "! grep -q libssl /proc/$redfishd_pid/maps"
t_ok 'no VNC library in vncd at rest' sh -c "! grep -q libvncserver /proc/$vncd_pid/maps"

# ipmid: a session, then asleep again once it is closed
P=$(port_of "$ipmid_addr")
t_ok 'an ipmitool session' ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -P password chassis power status
t_ok 'ipmid sleeps again after it' wait_until 20 settled "$ipmid_pid"
i0=$(wakes "$ipmid_pid")
sleep 1.5
t_is 'and stays asleep' "$(($(wakes "$ipmid_pid") - i0))" 0
# redfishd and vncd serve their first clients
t_is 'redfishd answers its first HTTPS client' \
    "$(curl -sk -o /dev/null -w '%{http_code}' -u admin:password "https://${redfishd_addr##* }/redfish/v1/Systems/srv1")" 200
t_ok 'stop all' stop_all
done_testing
