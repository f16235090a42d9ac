#!/bin/sh
# 2116-redfishd-msgreg.t: the message registries are served locally (Base,
# Task, ResourceEvent beside the BIOS attribute registry), each holding
# the messages this service sends, and python3-sushy finds them there
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl /usr/bin/python3
"$PY" -c 'import sushy' 2>/dev/null || need python3-sushy-module
rf_setup

rf_req readonly GET /redfish/v1/Registries
t_status 'Registries' 200
t_is 'four registry files' "$(jv 'sorted(m["@odata.id"].rsplit("/", 1)[1] for m in d["Members"])')" \
    '["Base", "BiosAttributeRegistry", "ResourceEvent", "Task"]'
t_is 'count' "$(jv 'd["Members@odata.count"]')" 4

for r in Base:1.16.0 Task:1.0.3 ResourceEvent:1.3.0; do
	p=${r%%:*} v=${r#*:}
	rf_req readonly GET "/redfish/v1/Registries/$p"
	t_status "$p: MessageRegistryFile" 200
	t_is "$p: Registry and the local Location" \
	    "$(jv '[d["Registry"], d["Location"][0]["Uri"], d["Location"][0]["PublicationUri"]]')" \
	    "[\"$p.$v\", \"/redfish/v1/Registries/$p/$p.$v\", \"https://redfish.dmtf.org/registries/$p.$v.json\"]"
	rf_req readonly GET "/redfish/v1/Registries/$p/$p.$v"
	t_status "$p: the registry itself" 200
	t_is "$p: prefix, version, a Messages object" \
	    "$(jv '[d["RegistryPrefix"], d["RegistryVersion"], len(d["Messages"]) > 0]')" "[\"$p\", \"$v\", true]"
done
rf_req readonly GET /redfish/v1/Registries/Base/Base.1.16.0
t_is 'ResourceNotFound: two string arguments, the DMTF text' \
    "$(jv '[d["Messages"]["ResourceNotFound"][k] for k in ("NumberOfArgs", "ParamTypes", "Message")]')" \
    '[2, ["string", "string"], "The requested resource of type %1 named '"'"'%2'"'"' was not found."]'
t_is 'every Message has the properties a registry needs' \
    "$(jv 'sorted({k for m in d["Messages"].values() for k in m})')" \
    '["Description", "Message", "MessageSeverity", "NumberOfArgs", "ParamTypes", "Resolution", "Severity"]'
rf_req readonly GET /redfish/v1/Registries/Task/Task.1.0.3
t_is 'Task: the messages TaskService sends' "$(jv 'sorted(d["Messages"])')" '["TaskAborted", "TaskCompletedOK", "TaskStarted"]'
rf_req readonly GET /redfish/v1/Registries/ResourceEvent/ResourceEvent.1.3.0
t_is 'ResourceEvent: the messages events carry' "$(jv 'sorted(d["Messages"])')" '["ResourceChanged", "ResourceCreated"]'

# an error's MessageId is in the served Base registry
rf_req readonly GET /redfish/v1/Systems/nosuch
id=$(jv 'd["error"]["@Message.ExtendedInfo"][0]["MessageId"]')
t_is 'a 404 says Base.1.16.0.ResourceNotFound' "$id" Base.1.16.0.ResourceNotFound
rf_req readonly GET /redfish/v1/Registries/Base/Base.1.16.0
t_is 'which the registry defines' "$(jv "'${id##*.}' in d['Messages']")" true

rf_req readonly GET /redfish/v1/Registries/Nope
t_status 'an unknown registry file: 404' 404
rf_req readonly GET /redfish/v1/Registries/Base/Base.1.0.0
t_status 'another version: 404' 404
rf_req none GET /redfish/v1/Registries/Base
t_status 'registries need a login like the rest' 401

# python3-sushy: the registry files and the messages, from this service
# (Debian's sushy 4.3.3 lacks its own standard registries: sushyfix)
. "$TOP/t/helper/ironic.sh"
sushyfix "$T/sf"
out=$(PYTHONPATH="$T/sf" "$PY" - "$RF" <<'PYEOF' 2>&1
import sys, sushy
root = sushy.Sushy(sys.argv[1] + "/redfish/v1",
                   auth=sushy.auth.BasicAuth("readonly", "readonly"))
regs = root.registries        # the service's, keyed by prefix.major.minor
for k in sorted(regs):
    r = regs[k]
    if hasattr(r, "messages"):
        print(k, r.registry_prefix, r.registry_version, len(r.messages))
# an error's extended info is resolved against them
try:
    root.get_system("/redfish/v1/Systems/nosuch")
except sushy.exceptions.ResourceNotFoundError as e:
    print("error:", e.code, e.detail)
PYEOF
)
t_like 'sushy: Base from the service' "$out" 'Base\.1\.16\.0 Base 1\.16\.0 [0-9]+'
t_like 'sushy: ResourceEvent' "$out" 'ResourceEvent\.1\.3\.0 ResourceEvent 1\.3\.0 2'
t_like 'sushy: Task' "$out" 'Task\.1\.0\.3 Task 1\.0\.3 3'
t_like 'sushy: a 404 is ResourceNotFound' "$out" 'error: Base\.1\.16\.0\.ResourceNotFound'
stop_all
done_testing
