#!/usr/bin/python3
# rfsushy.py BASE USER PASS ISO_URL: what Ironic's redfish driver does,
# through python3-sushy; prints "step: value" lines for the test to check.
# SPDX-License-Identifier: ISC
import sys
import requests
import sushy
import urllib3
from sushy import auth

base, user, pw, iso = sys.argv[1:5]


def v(x):
    return getattr(x, 'value', x)


a = auth.SessionAuth(username=user, password=pw)
urllib3.disable_warnings()
pub = requests.Session()        # the unauthenticated root fetch
pub.verify = False              # self-signed: as Ironic with verify=False
s = sushy.Sushy(base + '/redfish/v1', auth=a, verify=False,
                public_connector=pub)
print('session:', 'yes' if a.get_session_key() else 'no')
sysid = s.get_system_collection().members_identities[0]
node = s.get_system(sysid)
print('system:', node.identity, v(node.power_state))
print('allowed resets:', len(node.get_allowed_reset_system_values()))
node.reset_system(sushy.RESET_FORCE_OFF)
node.refresh()
print('after off:', v(node.power_state))
node.reset_system(sushy.RESET_ON)
node.refresh()
print('after on:', v(node.power_state))
node.set_system_boot_options(sushy.BOOT_SOURCE_TARGET_PXE,
                             enabled=sushy.BOOT_SOURCE_ENABLED_ONCE,
                             mode=sushy.BOOT_SOURCE_MODE_UEFI)
node.refresh()
print('boot once:', v(node.boot.target), v(node.boot.enabled),
      v(node.boot.mode))
node.set_system_boot_options(sushy.BOOT_SOURCE_TARGET_HDD,
                             enabled=sushy.BOOT_SOURCE_ENABLED_CONTINUOUS)
node.refresh()
print('boot continuous:', v(node.boot.target), v(node.boot.enabled))
node.reset_system(sushy.RESET_FORCE_RESTART)
node.refresh()
print('after restart:', v(node.power_state), v(node.boot.enabled))
mgr = node.managers[0]
vm = None
for m in mgr.virtual_media.get_members():
    if 'cd' in [str(t).lower().split('.')[-1] for t in m.media_types]:
        vm = m
print('vmedia:', vm.identity if vm else None)
vm.insert_media(iso, inserted=True, write_protected=True)
vm.refresh()
print('inserted:', vm.inserted, vm.image)
vm.eject_media()
vm.refresh()
print('ejected:', vm.inserted)
s.get_session_service().close_session(a._session_resource_id) \
    if hasattr(a, '_session_resource_id') and a._session_resource_id else None
print('done')
