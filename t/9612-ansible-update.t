#!/bin/sh
# 9612-ansible-update.t: Debian's Ansible (community.general) updates
# firmware as fleet automation does: redfish_command SimpleUpdate from a
# loopback image server, then redfish_info GetUpdateStatus on the task
# handle until the task completes; powerd has the version staged and
# current after a reset.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
. "$TOP/t/helper/anslib.sh"
need ansible jq /usr/bin/python3
rf_setup
HP=${RFS#https://}
mkdir -p "$T/www"
head -c 20000 /dev/urandom >"$T/www/BIOS-1.1.0.bin"
start_as www "$TOP/t/helper/rfhttpd.py" -d "$T/www"

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
