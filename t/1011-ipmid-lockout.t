#!/bin/sh
# 1011-ipmid-lockout.t: wrong IPMI passwords count against powerd's account lockout; a locked account is refused over IPMI and Redfish; LAN parameter 26 is the lockout policy
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need ipmitool ipmi-config curl
lab_sim 1 'lockout-threshold 3
lockout-duration 600
lockout-reset-after 600'
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
start redfishd -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
RF=http://${redfishd_addr%% *}
S='"server":"srv1"'
printf 'wrong\n' >"$T/pw.wrong"
# login USER PWFILE [IPMITOOL ARGS]: one lanplus session, Get Device ID
login() { _u=$1; _f=$2; shift 2
	timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" \
	    -U "$_u" -f "$_f" "$@" raw 0x06 0x01 >/dev/null 2>&1; }
login15() { _u=$1; _f=$2; shift 2
	timeout 30 ipmitool -I lan -A MD5 -N 1 -R 1 -H 127.0.0.1 -p "$P" \
	    -U "$_u" -f "$_f" "$@" raw 0x06 0x01 >/dev/null 2>&1; }
acct() { pctl raw "{\"op\":\"accounts\",$S,\"action\":\"get\",\"name\":\"$1\"}"; }
nfail() { pctl raw "{\"op\":\"sel\",$S,\"action\":\"list\"}" |
	grep -o "Login failed for [^(]*$1[^(]*(by ipmi)" | wc -l; }
lockout() { pctl raw "{\"op\":\"accounts\",$S,\"action\":\"lockout\"}"; }
rf_basic() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 \
	-u "$1" "$RF/redfish/v1/Systems/srv1"; }

t_ok 'operator logs in (lanplus)' login operator "$T/pw.operator" -L OPERATOR
t_is 'Redfish Basic as operator: 200' "$(rf_basic operator:operator)" 200

# RMCP+: ipmitool checks our RAKP 2 against its password and gives up
# without a RAKP 3; ipmid counts the abandoned handshake after its 1 s grace
t_fail 'wrong password 1 refused' login operator "$T/pw.wrong" -L OPERATOR
t_ok 'reported to powerd: SEL "Login failed ... (by ipmi)"' \
    wait_until 10 sh -c "[ \$(powerctl -S '$T/powerd.sock' raw '{\"op\":\"sel\",$S,\"action\":\"list\"}' | grep -o 'Login failed for [^(]*operator[^(]*(by ipmi)' | wc -l) -ge 1 ]"
t_like 'not locked after one' "$(acct operator)" '"locked":false'
t_like 'powerd logs it with by ipmi' "$(cat "$T/powerd.log")" 'srv1: failed login as "operator" \(by ipmi\)'
t_fail 'wrong password 2 refused' login operator "$T/pw.wrong" -L OPERATOR
t_fail 'wrong password 3 refused' login operator "$T/pw.wrong" -L OPERATOR
t_ok 'the account locks after 3 failures' \
    wait_until 10 sh -c "powerctl -S '$T/powerd.sock' raw '{\"op\":\"accounts\",$S,\"action\":\"get\",\"name\":\"operator\"}' | grep -q '\"locked\":true'"
t_is 'three failures in the SEL' "$(nfail operator)" 3
t_fail 'the right password is refused over IPMI while locked' login operator "$T/pw.operator" -L OPERATOR
t_like 'RAKP 2 says unauthorized name (0x0D)' \
    "$(timeout 30 ipmitool -v -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" -U operator -f "$T/pw.operator" -L OPERATOR raw 6 1 2>&1)" \
    'unauthorized name'
t_is 'and over Redfish Basic: 401' "$(rf_basic operator:operator)" 401
t_is 'a refusal while locked is not counted' "$(nfail operator)" 3
t_ok 'other accounts still log in' login admin "$T/pw.admin"
sel=$(timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" sel list 2>&1)
diag "$(printf '%s\n' "$sel" | grep -i session | head -5)"
# ipmitool 1.8.19 names no Session Audit offset: the offsets (02h invalid
# user name or password, 03h invalid password disable) from powerd's records
t_is 'ipmitool sel list: four Session Audit entries (3 failures, 1 lockout)' \
    "$(printf '%s\n' "$sel" | grep -c 'Session Audit .*Asserted')" 4
rec=$(pctl raw "{\"op\":\"sel\",$S,\"action\":\"list\"}")
t_is 'three 2Ah/02h (origin ipmi)' "$(printf '%s\n' "$rec" | grep -o '"record":"[0-9a-f]\{20\}2a666f02[0-9a-f]\{4\}","message":"Login failed for \\"operator\\" (by ipmi)","severity":"Warning","origin":"ipmi"' | wc -l)" 3
t_like 'one 2Ah/03h: the lockout' "$rec" '"record":"[0-9a-f]{20}2a666f03[0-9a-f]{4}","message":"Account \\"operator\\" locked for 600 s after 3 failed logins","severity":"Critical","origin":"ipmi"'

t_like 'powerctl unlocks it' \
    "$(pctl raw "{\"op\":\"accounts\",$S,\"action\":\"set\",\"name\":\"operator\",\"locked\":false}")" '"locked":false'
t_ok 'the right password works again over IPMI (accounts event)' \
    wait_until 10 login operator "$T/pw.operator" -L OPERATOR
t_is 'and over Redfish' "$(rf_basic operator:operator)" 200

# IPMI 1.5: a bad MD5 auth code on Activate Session
t_fail 'IPMI 1.5 MD5 with a wrong password refused' login15 readonly "$T/pw.wrong" -L USER
t_ok 'counted at once' wait_until 10 sh -c "[ \$(powerctl -S '$T/powerd.sock' raw '{\"op\":\"sel\",$S,\"action\":\"list\"}' | grep -o 'Login failed for [^(]*readonly[^(]*(by ipmi)' | wc -l) -eq 1 ]"
t_ok 'the right MD5 password still works' login15 readonly "$T/pw.readonly" -L USER
login15 readonly "$T/pw.wrong" -L USER
login15 readonly "$T/pw.wrong" -L USER
t_ok 'readonly locked after 3 MD5 failures' \
    wait_until 10 sh -c "powerctl -S '$T/powerd.sock' raw '{\"op\":\"accounts\",$S,\"action\":\"get\",\"name\":\"readonly\"}' | grep -q '\"locked\":true'"
t_fail 'the right MD5 password refused while locked' login15 readonly "$T/pw.readonly" -L USER
t_fail 'and over RMCP+' login readonly "$T/pw.readonly" -L USER

# a lock made over Redfish reaches ipmid (accounts event)
for i in 1 2 3; do rf_basic admin:bad >/dev/null; done
t_like 'admin locked by Redfish failures' "$(acct admin)" '"locked":true'
t_ok 'IPMI refuses admin too' wait_until 10 sh -c "! timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p $P -U admin -f $T/pw.admin raw 6 1 >/dev/null 2>&1"
pctl raw "{\"op\":\"accounts\",$S,\"action\":\"set\",\"name\":\"admin\",\"locked\":false}" >/dev/null
t_ok 'admin unlocked' wait_until 10 login admin "$T/pw.admin"

# LAN configuration parameter 26, Bad Password Threshold
ic() { timeout 60 ipmi-config -h "127.0.0.1:$P" -u admin -p password "$@"; }
co=$(ic --checkout -S Lan_Conf_User_Security 2>&1)
diag "$co"
t_like 'ipmi-config: Bad_Password_Threshold 3' "$co" 'Bad_Password_Threshold[[:space:]]+3'
t_like 'Attempt_Count_Reset_Interval 60 (600 s)' "$co" 'Attempt_Count_Reset_Interval[[:space:]]+60'
t_like 'User_Lockout_Interval 60 (600 s)' "$co" 'User_Lockout_Interval[[:space:]]+60'
t_ok 'ipmi-config --commit threshold 5, reset 3 (30 s), lockout 0 (until unlocked)' \
    ic --commit -e Lan_Conf_User_Security:Bad_Password_Threshold=5 \
    -e Lan_Conf_User_Security:Attempt_Count_Reset_Interval=3 \
    -e Lan_Conf_User_Security:User_Lockout_Interval=0
t_like "powerd's lockout changed" "$(lockout)" '"lockout":\{"threshold":5,"duration":0,"reset_after":30\}'
t_like 'the change is logged by ipmi' "$(cat "$T/powerd.log")" 'lockout threshold 5, duration 0 s, reset after 30 s \(by ipmi\)'
t_like 'ipmitool lan print reads it back' \
    "$(timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" lan print 1 2>&1)" \
    'Bad Password Threshold *: 5'
t_fail 'a user lockout interval above 86400 s is refused' \
    timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" raw 0x0c 0x01 0x01 26 0x01 5 0x01 0x00 0xff 0xff
t_fail 'a short parameter is refused' \
    timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" raw 0x0c 0x01 0x01 26 0x01 5
t_like 'the policy is unchanged' "$(lockout)" '"threshold":5,"duration":0,"reset_after":30'
t_fail 'an operator cannot set it' \
    timeout 30 ipmitool -I lanplus -C 3 -N 1 -R 1 -H 127.0.0.1 -p "$P" -U operator -f "$T/pw.operator" -L OPERATOR raw 0x0c 0x01 0x01 26 0x01 0 0 0 0 0
t_like 'still 5' "$(lockout)" '"threshold":5'
t_ok 'clean exit' stop_all
done_testing
