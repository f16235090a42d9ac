#!/bin/sh
# 9100-systemd-units.t: the template units (one process per server) and the
# aggregated ones (-M, one per protocol) install with `make install` and
# pass `systemd-analyze verify` (no warnings) against the installed tree.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need systemd-analyze make
plan 4

R=$T/root
t_ok 'make install PREFIX=/usr DESTDIR=…' make -s -C "$TOP" install PREFIX=/usr DESTDIR="$R"
U=$R/usr/lib/systemd/system
t_ok 'units installed' test -f "$U/powerd.service" -a -f "$U/ipmid@.service" \
    -a -f "$U/redfishd@.service" -a -f "$U/sold@.service" -a -f "$U/vncd@.service" \
    -a -f "$U/ipmid.service" -a -f "$U/redfishd.service" -a -f "$U/sold.service" -a -f "$U/vncd.service"
# the targets the units hang off come from the host's systemd
for u in sysinit basic shutdown network multi-user sockets paths timers slices local-fs swap; do
	[ -f /lib/systemd/system/$u.target ] && cp /lib/systemd/system/$u.target "$U/"
done
out=$(cd "$U" && systemd-analyze verify --man=no --root="$R" powerd.service \
    ipmid@srv1.service redfishd@srv1.service sold@srv1.service vncd@srv1.service \
    ipmid.service redfishd.service sold.service vncd.service 2>&1)
t_is 'systemd-analyze verify: clean' "$out" ''
t_like 'every unit is Type=notify with RestartPreventExitStatus=100' \
    "$(grep -l 'Type=notify' "$U"/*.service | wc -l) $(grep -l 'RestartPreventExitStatus=100' "$U"/*.service | wc -l)" '^9 9$'
