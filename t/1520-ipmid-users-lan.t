#!/bin/sh
# 1520-ipmid-users-lan.t: user management with enforced privileges, channel, LAN and SOL parameters
. "${0%/*}/lib.sh"
need ipmitool powerctl
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
# as U (admin, operator, readonly) at privilege L
as() { _u=$1; _l=$2; shift 2
	timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U "$_u" \
	    -f "$T/pw.$_u" -C 3 -L "$_l" "$@"; }
it() { as admin ADMINISTRATOR "$@"; }
bob() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U bob \
    -P "$1" -C 3 -L OPERATOR -R 1 -N 2 chassis power status; }
acct() { pctl -j accounts srv1 list; }
out() { cat "$T/out"; }

t_ok 'user list' it user list
t_like 'admin ADMINISTRATOR' "$(out)" '^2 +admin +true +true +true +ADMINISTRATOR'
t_like 'operator OPERATOR' "$(out)" '^3 +operator +true +true +true +OPERATOR'
t_like 'readonly USER' "$(out)" '^4 +readonly +true +true +true +USER'
t_like 'free slot: no access' "$(out)" '^5 +true +false +false +NO ACCESS'
t_ok 'user summary' it user summary
t_like '15 ids' "$(out)" 'Maximum IDs[[:space:]]+: 15'
t_like '3 enabled' "$(out)" 'Enabled User Count +: 3'
t_ok 'operator may list users' as operator OPERATOR user list

# refusals, each with its positive control
t_fail 'operator: user set name refused' as operator OPERATOR user set name 5 eve
t_like 'insufficient privilege' "$(out)" 'Insufficient privilege'
t_unlike 'no eve in powerd' "$(acct)" '"name":"eve"'
t_fail 'readonly: power off refused' as readonly USER chassis power off
t_like 'insufficient privilege' "$(out)" 'Insufficient privilege'
t_ok 'readonly: power status allowed' as readonly USER chassis power status
t_fail 'readonly: cannot ask for OPERATOR' as readonly OPERATOR chassis power status
t_ok 'operator: power on allowed' as operator OPERATOR chassis power on
t_ok 'on in powerd' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"
t_fail 'operator: set password refused' as operator OPERATOR user set password 3 x
t_fail 'operator: user disable refused' as operator OPERATOR user disable 2
t_fail 'operator: lan set refused' as operator OPERATOR lan set 1 ipaddr 10.9.9.9

# admin: a new user from nothing, as ipmitool users do it
t_ok 'user set name 5 bob' it user set name 5 bob
t_like 'bob is account 5 in powerd' "$(acct)" '"id":5,"name":"bob","role":"no-access"'
t_ok 'user set password 5' it user set password 5 secret123
t_ok 'user priv 5 3 (OPERATOR)' it user priv 5 3 1
t_like 'powerd role operator' "$(acct)" '"id":5,"name":"bob","role":"operator"'
t_ok 'user enable 5' it user enable 5
t_like 'powerd enabled' "$(acct)" '"id":5,"name":"bob","role":"operator","enabled":true'
t_ok 'bob logs in' wait_until 10 bob secret123
t_fail 'bob with a wrong password is refused' bob wrong
t_ok 'user test 5 16 secret123' it user test 5 16 secret123
t_like 'success' "$(out)" 'Success'
t_fail 'user test 5 16 wrong' it user test 5 16 wrongpass
t_ok 'user list shows bob' it user list
t_like 'bob OPERATOR' "$(out)" '^5 +bob +true +true +true +OPERATOR'
t_ok 'user summary' it user summary
t_like '4 enabled' "$(out)" 'Enabled User Count +: 4'
t_ok 'channel getaccess 1 5' it channel getaccess 1 5
t_like 'bob enabled' "$(out)" 'Enable Status +: enabled'
t_ok '20-byte password' it user set password 5 twentybytepassword20 20
t_ok 'bob logs in with it' wait_until 10 bob twentybytepassword20
t_ok 'user test 5 20' it user test 5 20 twentybytepassword20
t_ok 'user disable 5' it user disable 5
t_like 'powerd disabled' "$(acct)" '"id":5,"name":"bob","role":"operator","enabled":false'
t_ok 'bob is locked out' wait_until 10 sh -c \
    "! ipmitool -I lanplus -H 127.0.0.1 -p $P -U bob -P twentybytepassword20 -C 3 -L OPERATOR -R 1 -N 1 chassis power status"
t_ok 'user set name 5 robert' it user set name 5 robert
t_like 'renamed in powerd' "$(acct)" '"id":5,"name":"robert"'
t_ok 'raw Set User Name with zeros frees the slot' it raw 0x06 0x45 0x05 \
    0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
t_unlike 'slot 5 gone from powerd' "$(acct)" '"id":5,'
t_fail 'user 1 (anonymous) cannot be named' it user set name 1 anon
t_fail 'user id 16 does not exist' it raw 0x06 0x46 0x10
t_like 'invalid data field (cch)' "$(out)" 'rsp=0xcc'
t_fail 'Set User Password, truncated' it raw 0x06 0x47 0x05 0x02 0x41
t_like 'request data length invalid (c7h)' "$(out)" 'rsp=0xc7'

# channel
t_ok 'channel info' it channel info
t_like '802.3 LAN' "$(out)" 'Channel Medium Type +: 802.3 LAN'
t_like 'multi-session' "$(out)" 'Session Support +: multi-session'
t_like 'access mode' "$(out)" 'Access Mode +: always available'
t_ok 'channel info 1' it channel info 1
t_fail 'channel info 5: no such channel' it channel info 5
t_ok 'channel getaccess 1' it channel getaccess 1
t_like 'admin user' "$(out)" 'User Name +: admin'
t_ok 'channel authcap 1 4' it channel authcap 1 4
t_ok 'channel getciphers ipmi' it channel getciphers ipmi
t_like 'suite 17' "$(out)" '^17 +N/A +hmac_sha256'

# LAN configuration
t_ok 'lan print 1' it lan print 1
t_like 'MAC is the inventory bmc_mac' "$(out)" 'MAC Address +: 52:54:00:00:00:01'
t_like 'static' "$(out)" 'IP Address Source +: Static Address'
t_like 'cipher suites' "$(out)" 'RMCP\+ Cipher Suites +: 1,2,3,15,16,17'
t_like 'privilege per suite id (1, 2, 3; 15 is past the 15 shown)' "$(out)" \
    'Cipher Suite Priv Max +: XaaaXXXXXXXXXXX'
t_like 'auth types: MD5 (no straight password by default)' "$(out)" 'Auth Type Support +: MD5 *$'
t_like 'reaches the end' "$(out)" 'Bad Password Threshold'
t_ok 'lan set ipaddr' it lan set 1 ipaddr 10.0.0.5
t_ok 'lan set netmask' it lan set 1 netmask 255.255.255.0
t_ok 'lan set defgw ipaddr' it lan set 1 defgw ipaddr 10.0.0.1
t_ok 'lan print 1' it lan print 1
t_like 'IP read back' "$(out)" 'IP Address +: 10.0.0.5'
t_like 'mask read back' "$(out)" 'Subnet Mask +: 255.255.255.0'
t_like 'gateway read back' "$(out)" 'Default Gateway IP +: 10.0.0.1'
t_ok 'operator may read LAN parameters' as operator OPERATOR lan print 1
t_fail 'lan print 2: no such channel' it lan print 2

# SOL configuration
t_ok 'sol info' it sol info 1
t_like 'enabled' "$(out)" 'Enabled +: true'
t_like 'OPERATOR privilege (the default)' "$(out)" 'Privilege Level +: OPERATOR'
t_like '115.2 kbps' "$(out)" 'Volatile Bit Rate \(kbps\) +: 115.2'
t_like 'channel 1' "$(out)" 'Payload Channel +: 1'
t_ok 'sol set enabled false' it sol set enabled false 1
t_ok 'sol info' it sol info 1
t_like 'disabled' "$(out)" 'Enabled +: false'
t_ok 'sol set enabled true' it sol set enabled true 1
t_ok 'sol set retry-count 5' it sol set retry-count 5 1
t_ok 'sol set non-volatile-bit-rate 38.4' it sol set non-volatile-bit-rate 38.4 1
t_ok 'sol info' it sol info 1
t_like 'retry count' "$(out)" 'Retry Count +: 5'
t_like 'bit rate' "$(out)" 'Non-Volatile Bit Rate \(kbps\) +: 38.4'
t_like 'enabled again' "$(out)" 'Enabled +: true'
t_ok 'sol payload status 1 2' it sol payload status 1 2
t_like 'SOL allowed for admin' "$(out)" '[Ee]nabled'
t_ok 'sol payload disable 1 4' it sol payload disable 1 4
t_ok 'sol payload status 1 4' it sol payload status 1 4
t_like 'SOL taken from readonly' "$(out)" 'disabled'
t_ok 'sol payload enable 1 4' it sol payload enable 1 4
t_ok 'sol payload status 1 4' it sol payload status 1 4
t_unlike 'given back' "$(out)" 'disabled'
t_fail 'operator: sol payload disable refused' as operator OPERATOR sol payload disable 1 4
t_fail 'readonly: sol set refused' as readonly USER sol set enabled false 1
t_ok 'readonly: sol info allowed' as readonly USER sol info 1
t_ok 'clean exit' stop_all
done_testing
