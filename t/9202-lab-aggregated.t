#!/bin/sh
# 9202-lab-aggregated.t: mk/lab.sh -A: groups of servers, each with its own
# powerd and one process per protocol serving the group's servers file;
# every server answers IPMI on its own address, Redfish lists the group's
# servers (the sushy-tools shape), the console and KVM are the server's;
# a daemon that exits is restarted, SIGTERM stops everything
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need curl nc ipmitool

# below t/9201's offsets' ports and under the ephemeral range (32768)
off=$(( 24000 + $$ % 300 ))
sh "$TOP/mk/lab.sh" -A -a -g 2 -n 5 -d "$T/lab" -o $off >"$T/lab.out" 2>&1 &
lab=$!
if wait_until 60 grep -q 'Ctrl-C stops the lab' "$T/lab.out"; then
	pass 'an aggregated lab of 5 servers in groups of 2 is up'
else
	fail 'an aggregated lab of 5 servers in groups of 2 is up' "$(cat "$T/lab.out")"
fi
t_like 'the table says so' "$(cat "$T/lab.out")" 'aggregated: 3 group\(s\) of up to 2 servers'
t_is 'three powerd and four front ends per group' \
    "$(for d in powerd sold ipmid redfishd vncd; do printf '%s=%s ' $d "$(pgrep -f "$TOP/$d/$d -N 3 .*$T/lab/" | wc -l)"; done)" \
    'powerd=3 sold=3 ipmid=3 redfishd=3 vncd=3 '
t_is 'one servers file per group' "$(cat "$T/lab/run/servers-g"*.conf | grep -c '^server ')" 5
t_like 'srv5 is in group 3, on 127.0.1.5' "$(cat "$T/lab/run/servers-g3.conf")" "^server srv5 ipmi=127\\.0\\.1\\.5:$((623 + off)) "

ipmi_s() { _h=$1; shift; ipmitool -I lanplus -H "127.0.1.$_h" -p $((623 + off)) -U admin -P password "$@" 2>&1; }
for i in 1 2 3 4 5; do
	t_like "srv$i answers IPMI on 127.0.1.$i" "$(ipmi_s $i chassis power status)" 'Chassis Power is off'
done
t_like 'power on srv4 over IPMI' "$(ipmi_s 4 chassis power on)" 'Chassis Power Control: Up/On'
t_like 'srv4 is on' "$(ipmi_s 4 chassis power status)" 'is on'
t_like 'srv3, in the same group, is not' "$(ipmi_s 3 chassis power status)" 'is off'
t_like "srv4's own powerd says so" "$("$TOP/powerd/powerctl" -S "$T/lab/run/powerd-g2.sock" status srv4)" 'power: +on'

rf() { curl -s -u admin:password "http://127.0.0.1:$((8000 + off + $1 - 1))/redfish/v1$2"; }
members() { rf "$1" "$2" | /usr/bin/python3 -c 'import json,sys; print(" ".join(m["@odata.id"].rsplit("/",1)[1] for m in json.load(sys.stdin)["Members"]))'; }
t_is 'group 1: one Redfish service, its Systems srv1 srv2' "$(members 1 /Systems)" 'srv1 srv2'
t_is 'group 2: srv3 srv4' "$(members 2 /Systems)" 'srv3 srv4'
t_is 'group 3: srv5' "$(members 3 /Systems)" 'srv5'
t_like "group 2's service: srv4 On" "$(rf 2 /Systems/srv4)" '"PowerState":"On"'
t_like 'srv3 Off' "$(rf 2 /Systems/srv3)" '"PowerState":"Off"'
t_like "group 1's service does not have srv4" "$(rf 1 /Systems/srv4)" 'ResourceNotFound'

t_ok "srv4's raw console answers on 127.0.1.4" nc -z 127.0.1.4 $((2300 + off))
t_ok "srv4's VNC greets on 127.0.1.4" sh -c "nc -w 2 127.0.1.4 $((5900 + off)) </dev/null | head -c 12 | grep -q '^RFB 003'"
t_like "srv4's noVNC page on 127.0.1.4" "$(curl -s "http://127.0.1.4:$((6080 + off))/")" 'noVNC|vnc'

# a group's daemon that exits comes back; the other groups do not notice
victim=$(pgrep -f "$TOP/ipmid/ipmid -N 3 -M $T/lab/run/servers-g2.conf")
kill -KILL "$victim"
t_ok 'ipmid of group 2 is restarted and srv3 answers again' wait_until 20 sh -c \
    "grep -q 'lab: ipmid-g2 restarted' '$T/lab.out' && ipmitool -I lanplus -H 127.0.1.3 -p $((623 + off)) -U admin -P password chassis power status >/dev/null 2>&1"
t_like 'the exit is logged' "$(cat "$T/lab.out")" 'lab: ipmid-g2 killed by signal 9 \(KILL\); restarting in 0\.5 s'

kill -TERM $lab
wait $lab
t_is 'SIGTERM stops the lab: exit 0' $? 0
t_is 'no daemon left running' "$(pgrep -f "$T/lab/" | wc -l)" 0

t_fail '-g 0 is refused' sh "$TOP/mk/lab.sh" -A -g 0 -n 2 -d "$T/x"
t_fail '-R other is refused' sh "$TOP/mk/lab.sh" -A -R other -n 2 -d "$T/x"
t_fail 'without -a at most 180 servers' sh "$TOP/mk/lab.sh" -A -n 181 -d "$T/x"
done_testing
