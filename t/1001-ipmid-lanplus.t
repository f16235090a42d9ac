#!/bin/sh
# 1001-ipmid-lanplus.t: ipmitool over RMCP+ with every enabled suite, without -C, and suite 0 refused
. "${0%/*}/lib.sh"
need ipmitool
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }

for c in 3 17; do
	t_ok "-C $c: session info active" it -C $c session info active
	t_like "-C $c: RMCP+ session at ADMINISTRATOR" "$(cat "$T/out")" \
	    'privilege level +: ADMINISTRATOR'
	t_ok "-C $c: chassis power status" it -C $c chassis power status
	t_like "-C $c: power state read" "$(cat "$T/out")" 'Chassis Power is (on|off)'
	t_ok "-C $c: raw Get Device ID" it -C $c raw 0x06 0x01
	t_like "-C $c: Get Device ID answered" "$(cat "$T/out")" '^ [0-9a-f]{2} [0-9a-f]{2} '
	t_ok "-C $c: mc info" it -C $c mc info
	t_like "-C $c: IPMI version 2.0" "$(cat "$T/out")" 'IPMI Version +: 2.0'
done
for c in 1 2 15 16; do
	t_ok "-C $c: raw Get Device ID" it -C $c raw 0x06 0x01
	t_like "-C $c: Get Device ID answered" "$(cat "$T/out")" '^ [0-9a-f]{2} [0-9a-f]{2} '
done

# no -C: sessionless Get Channel Cipher Suites in RMCP+ framing, no 10 s stall
s=$(date +%s)
t_ok 'no -C: negotiates' it session info active
e=$(date +%s)
t_ok 'no -C: within 5 s (no cipher-suite stall)' test $((e - s)) -lt 5

t_ok 'channel getciphers ipmi' it channel getciphers ipmi
out=$(cat "$T/out")
for c in 1 2 3 15 16 17; do
	t_like "suite $c listed" "$out" "^$c +N/A"
done
t_unlike 'suite 0 not listed' "$out" '^0 +N/A'
t_like 'suite 17 is SHA-256 + AES' "$out" '^17 +N/A +hmac_sha256 +sha256_128 +aes_cbc_128'

t_fail 'suite 0 refused by default' it -C 0 raw 0x06 0x01
t_like 'no matching cipher suite' "$(cat "$T/out")" 'no matching cipher suite|Unable to establish'

t_ok 'channel authcap 1 4' it channel authcap 1 4
out=$(cat "$T/out")
t_like 'v1.5 auth type MD5 only (no NONE, no PASSWORD by default)' "$out" 'auth types +: MD5 *$'
t_like 'supports IPMI v2.0' "$out" 'Channel supports IPMI v2.0 +: yes'
t_ok 'authcap for channel 0x0E (this channel)' it raw 0x06 0x38 0x8e 0x04
t_ok 'Get Channel Payload Support for 0x0E' it raw 0x06 0x4e 0x0e
t_ok 'mc guid' it mc guid
t_like 'GUID from powerd inventory' "$(cat "$T/out")" 'System GUID +: [0-9a-f]{8}-'
t_ok 'ipmid exits 0 on SIGTERM' stop_all
