#!/bin/sh
# 2103-redfishd-sushy.t: python3-sushy doing what Ironic does: sessions, power, boot, virtual media
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl /usr/bin/python3
"$PY" -c 'import sushy' 2>/dev/null || need python3-sushy-module
rf_setup
mkdir -p "$T/www"
head -c 1048576 /dev/urandom >"$T/www/boot.iso"
start_as www "$TOP/t/helper/rfhttpd.py" -d "$T/www"
ISO=http://$www_addr/boot.iso

for base in "$RF" "$RFS"; do
	# requests lets these override verify=False (requests#3829)
	env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE \
	    "$PY" "$TOP/t/helper/rfsushy.py" "$base" admin password "$ISO" >"$T/sushy" 2>&1
	t_is "sushy ran ($base)" "$(tail -n 1 "$T/sushy")" done
	o=$(cat "$T/sushy")
	t_like 'session auth' "$o" '^session: yes$'
	t_like 'system found' "$o" '^system: srv1 (On|Off)$'
	t_like 'seven resets allowed' "$o" '^allowed resets: 7$'
	t_like 'power off' "$o" '^after off: Off$'
	t_like 'power on' "$o" '^after on: On$'
	t_like 'boot once' "$o" '^boot once: Pxe Once UEFI$'
	t_like 'boot continuous' "$o" '^boot continuous: Hdd Continuous$'
	t_like 'continuous survives restart' "$o" '^after restart: On Continuous$'
	t_like 'vmedia Cd found' "$o" '^vmedia: Cd$'
	t_like 'inserted' "$o" "^inserted: True $ISO\$"
	t_like 'ejected' "$o" '^ejected: False$'
	grep -v '^[a-z ]*:' "$T/sushy" | head -n 20 | sed 's/^/# /'
done
t_like 'media ejected in powerd' "$(pctl status srv1)" 'media: +none'

t_ok 'clean exit' stop_all
done_testing
