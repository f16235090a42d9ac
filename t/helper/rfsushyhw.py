#!/usr/bin/python3
# rfsushyhw.py BASE USER PASS: python3-sushy reads the hardware model the
# way Ironic's inspection and RAID/BIOS steps do; one "key: value" line
# each, "done" last.
# SPDX-License-Identifier: ISC
import sys
import warnings

import sushy

warnings.simplefilter('ignore')
base, user, pw = sys.argv[1:4]
root = sushy.Sushy(base + '/redfish/v1', username=user, password=pw,
                   verify=False)
# Debian's python3-sushy 4.3.3 lacks its packaged standard_registries/;
# the service's own registries are what this test reads
root._get_standard_message_registry_collection = lambda: []
s = root.get_system('/redfish/v1/Systems/srv1')
cpus = s.processors
print('processors: %d %s' % cpus.summary)
p = cpus.get_members()[0]
print('cpu0: %s %s %s cores=%s threads=%s max=%s' % (
    p.processor_type, p.processor_architecture, p.instruction_set,
    p.total_cores, p.total_threads, p.max_speed_mhz))
print('memory summary GiB: %s' % s.memory_summary.size_gib)
print('macs: %s' % ' '.join(sorted(s.ethernet_interfaces.summary)))
print('simple disks: %s' % sorted(s.simple_storage.disks_sizes_bytes))
st = s.storage
print('storage drives: %s' % sorted(st.drives_sizes_bytes))
print('storage volumes: %s' % sorted(st.volumes_sizes_bytes))
ctrl = st.get_members()[0]
drives = ctrl.drives
print('raid types: %s' % ' '.join(
    str(t) for t in ctrl.storage_controllers[0].raid_types))
# what Ironic's RAID steps do: free the drives, then build a volume
used = set()
for vol in ctrl.volumes.get_members():
    body = root._conn.get(vol.path).json()
    used.update(d['@odata.id'] for d in body['Links']['Drives'])
free = [d for d in drives if d.path not in used]
if not free:
    for vol in ctrl.volumes.get_members():
        vol.delete(apply_time=sushy.ApplyTime.IMMEDIATE)
    # a fresh System: refreshing the collection would re-read the
    # deleted members sushy keeps
    ctrl = root.get_system(s.path).storage.get_members()[0]
    free = drives
print('volumes after delete: %d' % len(ctrl.volumes.get_members()))
raid = 'RAID1' if len(free) >= 2 else 'RAID0'
free = free[:2] if raid == 'RAID1' else free[:1]
v = ctrl.volumes.create({
    'RAIDType': raid, 'CapacityBytes': min(d.capacity_bytes for d in free),
    'Links': {'Drives': [{'@odata.id': d.path} for d in free]}},
    apply_time=sushy.ApplyTime.IMMEDIATE)
print('created: %s %s' % (v.identity, v.raid_type))
b = s.bios
print('bios BootMode: %s' % b.attributes.get('BootMode'))
b.set_attributes({'NumLock': False}, apply_time=sushy.ApplyTime.ON_RESET)
b.refresh()
print('bios pending NumLock: %s' % b.pending_attributes.get('NumLock'))
reg = b.get_attribute_registry()
print('registry: %s %d' % (reg.identity, len(reg.registry_entries.attributes)))
sb = s.secure_boot
print('secure boot: %s %s' % (sb.enabled, sb.mode))
sb.set_enabled(True)
sb.refresh()
print('secure boot asked: %s' % sb.enabled)
# log out now, not from __del__ at interpreter exit (it warns there)
root._auth.close()
root._auth = None
print('done')
