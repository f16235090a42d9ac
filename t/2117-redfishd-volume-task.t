#!/bin/sh
# 2117-redfishd-volume-task.t: a volume change applied OnReset answers 202
# with a Task (Location its monitor) that runs until the reset applies the
# change and then completes, as a RAID controller's job does; sushy's
# TaskMonitor follows it
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl /usr/bin/python3
"$PY" -c 'import sushy' 2>/dev/null || need python3-sushy-module
rf_setup
V=/redfish/v1/Systems/srv1/Storage/RAID0/Volumes
pc() { powerctl -S "$T/powerd.sock" "$@"; }

rf_json admin DELETE "$V/Volume0" '{"@Redfish.OperationApplyTime":"OnReset"}'
t_status 'delete OnReset: 202' 202
mon=$(hdr Location)
t_like 'Location: a task monitor' "$mon" '^/redfish/v1/TaskService/TaskMonitors/[0-9]+$'
t_is 'the body is the Task, running' "$(jv '[d["TaskState"], d["Name"], d["Messages"][0]["MessageId"]]')" \
    '["Running", "Volume delete", "Task.1.0.3.TaskStarted"]'
rf_req readonly GET "$mon"
t_status 'the monitor: 202 while the reset is pending' 202
rf_req readonly GET "$V"
t_is 'the volume is still there' "$(jv 'd["Members@odata.count"]')" 1
rf_req readonly GET /redfish/v1/TaskService/Tasks
t_is 'the Tasks collection lists it' "$(jv 'd["Members@odata.count"]')" 1
t_ok 'power on: the boot applies the pending change' pc power srv1 on
rf_req readonly GET "$mon"
t_status 'after the boot the monitor answers 200' 200
t_is 'Completed, TaskCompletedOK' "$(jv '[d["TaskState"], d["TaskStatus"], d["PercentComplete"], d["Messages"][-1]["MessageId"]]')" \
    '["Completed", "OK", 100, "Task.1.0.3.TaskCompletedOK"]'
rf_req readonly GET "$V"
t_is 'and the volume is gone' "$(jv 'd["Members@odata.count"]')" 0

# create OnReset, followed by sushy's TaskMonitor as Ironic does
out=$(env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$PY" - "$RF" powerctl -S "$T/powerd.sock" power srv1 reset <<'PYEOF' 2>&1
import sys, sushy
from sushy import taskmonitor
root = sushy.Sushy(sys.argv[1] + "/redfish/v1",
                   auth=sushy.auth.BasicAuth("admin", "password"))
st = root.get_system("/redfish/v1/Systems/srv1").storage.get_members()[0]
r = st.volumes.create({"RAIDType": "RAID1", "Links": {"Drives": [
    {"@odata.id": d.path} for d in st.drives]}}, apply_time="OnReset")
print("created:", type(r).__name__)
tm = r if isinstance(r, taskmonitor.TaskMonitor) else None
print("processing:", tm.is_processing if tm else None)
sys.stdout.flush()
import subprocess
subprocess.run(sys.argv[2:], check=True)
tm.refresh()
print("after reset processing:", tm.is_processing, tm.task_monitor_uri)
st.volumes.refresh()
print("volumes:", [v.raid_type for v in st.volumes.get_members()])
PYEOF
)
t_like 'sushy: create OnReset gives a TaskMonitor' "$out" 'created: TaskMonitor'
t_like 'sushy: processing before the reset' "$out" 'processing: True'
t_like 'sushy: done after the reset' "$out" 'after reset processing: False /redfish/v1/TaskService/Task(Monitor)?s/[0-9]+'
t_like 'sushy: the RAID1 volume exists' "$out" "volumes: \\[<RAIDType.RAID1: 'RAID1'>\\]"

stop_all
done_testing
