#!/bin/sh
# 9612-ansible-update.t: Debian's Ansible (community.general) updates
# firmware as fleet automation does: redfish_command SimpleUpdate from a
# loopback image server, then redfish_info GetUpdateStatus on the task
# handle until the task completes; powerd has the version staged and
# current after a reset.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need ansible jq /usr/bin/python3
rf_setup
HP=${RFS#https://}
mkdir -p "$T/www"
head -c 20000 /dev/urandom >"$T/www/BIOS-1.1.0.bin"
start_as www "$TOP/t/helper/rfhttpd.py" -d "$T/www"

# ans MODULE ARGS...: as in t/9610
ans() {
	_m=$1; shift
	env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE \
	    ANSIBLE_LOAD_CALLBACK_PLUGINS=1 ANSIBLE_STDOUT_CALLBACK=json \
	    ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0 \
	    ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 \
	    ANSIBLE_HOME="$T/ansible" ANSIBLE_NOCOLOR=1 \
	    timeout 120 ansible localhost -c local -i localhost, \
	    -m "community.general.$_m" -a "$*" >"$T/ans.out" 2>"$T/ans.err"
	_rc=$?
	jq '.plays[0].tasks[0].hosts.localhost' "$T/ans.out" >"$T/ans.json" \
	    2>/dev/null || : >"$T/ans.json"
	[ $_rc -eq 0 ] || { diag "ansible $_m $*: exit $_rc"; head -c 2000 \
	    "$T/ans.json" "$T/ans.err" | sed 's/^/# /'; }
	return $_rc
}
aj() { jq -r "$1" "$T/ans.json"; }
RFA="baseuri=$HP username=admin password=password"
bios() { pctl -j inventory srv1 | jq -r ".inventory.hw.firmware[] | select(.id==\"BIOS\") | .$1"; }

t_ok 'redfish_command SimpleUpdate' ans redfish_command category=Update \
    command=SimpleUpdate update_protocol=HTTP \
    "update_image_uri=http://$www_addr/BIOS-1.1.0.bin" $RFA
H=$(aj '.return_values.update_status.handle')
t_like 'the update status has a task handle' "$H" \
    '^/redfish/v1/TaskService/TaskMonitors/[0-9]+$'
# done: GetUpdateStatus says Completed (the handle is cleared then)
done_() {
	ans redfish_info category=Update command=GetUpdateStatus \
	    "update_handle=$H" $RFA && [ "$(aj '.redfish_facts.update_status.status')" = Completed ]
}
t_ok 'GetUpdateStatus: Completed (bounded)' wait_until 60 done_
t_like 'its messages: TaskCompletedOK' \
    "$(aj '[.redfish_facts.update_status.messages[].MessageId] | join(" ")')" \
    'TaskCompletedOK'
t_is 'powerd staged BIOS 1.1.0' "$(bios pending)" 1.1.0
t_ok 'power cycle' pctl power srv1 cycle
t_is 'current after the reset' "$(bios version)" 1.1.0

t_ok 'SimpleUpdate of a missing image is accepted' ans redfish_command \
    category=Update command=SimpleUpdate \
    "update_image_uri=http://$www_addr/BIOS-2.0.0.bin" $RFA
H=$(aj '.return_values.update_status.handle')
ex_() {
	ans redfish_info category=Update command=GetUpdateStatus \
	    "update_handle=$H" $RFA && [ "$(aj '.redfish_facts.update_status.status')" = Exception ]
}
t_ok 'GetUpdateStatus: Exception' wait_until 60 ex_
t_like 'TaskAborted with the HTTP status' \
    "$(aj '[.redfish_facts.update_status.messages[].Message] | join(" ")')" \
    'HTTP status 404'

t_ok 'clean exit' stop_all
done_testing
