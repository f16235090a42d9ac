#!/bin/sh
# 1530-ipmid-dcmi-watchdog.t: DCMI power reading and limit from powerd; the watchdog's expiry acts on power
. "${0%/*}/lib.sh"
need ipmitool powerctl
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" -C 3 "$@"; }
op() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U operator -f "$T/pw.operator" -C 3 -L OPERATOR "$@"; }
js() { pctl -j status srv1; }
out() { cat "$T/out"; }
power_is() { wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"$1\"'"; }

t_ok 'power on' it chassis power on
t_ok 'on' power_is on

# --- DCMI ---
t_ok 'dcmi discover' it dcmi discover
t_like 'power management' "$(out)" 'Power management available'
t_like 'primary LAN' "$(out)" 'Primary LAN channel number: 1 is available'
t_like 'SEL entries' "$(out)" '1024 SEL entries'
t_ok 'dcmi power reading' it dcmi power reading
w=$(sed -n 's/.*Instantaneous power reading: *\([0-9]*\) Watts.*/\1/p' "$T/out")
pw=$(pctl -j sensors srv1 | grep -o '"name":"System Power"[^}]*"reading":[0-9.]*' |
    sed 's/.*"reading"://' | cut -d. -f1)
t_like 'active' "$(out)" 'Power reading state is: +activated'
t_ok "reading $w W is powerd's System Power ($pw W, noise aside)" \
    test "${w:-0}" -gt 0 -a $((w - pw)) -le 40 -a $((pw - w)) -le 40
t_ok 'dcmi power get_limit' it dcmi power get_limit
t_like 'no active limit' "$(out)" 'No Active Power Limit'
t_like 'limit from powerd' "$(out)" 'Power Limit: +400 Watts'
t_ok 'set_limit limit 300' it dcmi power set_limit limit 300
t_ok 'set_limit correction 2000' it dcmi power set_limit correction 2000
t_ok 'set_limit sample 5' it dcmi power set_limit sample 5
t_ok 'set_limit action sel_logging' it dcmi power set_limit action sel_logging
t_like 'powerd limit' "$(js)" \
    '"power_limit":\{"active":false,"limit_w":300,"correction_ms":2000,"sampling_s":5,"exception":"log"\}'
t_ok 'dcmi power activate' it dcmi power activate
t_like 'powerd active' "$(js)" '"power_limit":\{"active":true'
t_ok 'dcmi power get_limit' it dcmi power get_limit
t_like 'active' "$(out)" 'Power Limit Active'
t_like '300 W' "$(out)" 'Power Limit: +300 Watts'
t_like '2000 ms' "$(out)" 'Correction time: +2000 milliseconds'
t_like '5 s' "$(out)" 'Sampling period: +5 seconds'
t_like 'log only' "$(out)" 'Exception actions: +Log Event to SEL'
t_ok 'dcmi power deactivate' it dcmi power deactivate
t_like 'powerd inactive' "$(js)" '"power_limit":\{"active":false'
t_fail 'operator cannot set the limit' op dcmi power set_limit limit 200
t_ok 'operator can read it' op dcmi power get_limit
t_fail 'set limit with a bad action' it raw 0x2c 0x04 0xdc 0 0 0 0x05 0x2c 0x01 0 0 0 0 0 0 1 0
t_like 'invalid data field' "$(out)" 'rsp=0xcc'

# --- watchdog ---
t_ok 'mc watchdog get' it mc watchdog get
t_like 'stopped' "$(out)" 'Watchdog Timer Is: +Stopped'
t_fail 'mc watchdog reset before set' it mc watchdog reset
# Set Watchdog Timer: SMS/OS, hard reset, no pre-timeout, clear SMS/OS flag, 1.5 s
t_ok 'set watchdog (reset action, 1.5 s)' it raw 0x06 0x24 0x04 0x01 0x00 0x10 0x0f 0x00
t_ok 'mc watchdog get' it mc watchdog get
t_like 'SMS/OS' "$(out)" 'Watchdog Timer Use: +SMS/OS'
t_like 'hard reset' "$(out)" 'Watchdog Timer Action: +Hard Reset'
t_like 'initial countdown' "$(out)" 'Initial Countdown: +1.5 sec'
t_ok 'mc watchdog reset (start)' it mc watchdog reset
it mc watchdog get >"$T/out" 2>&1
t_like 'running' "$(out)" 'Watchdog Timer Is: +Started/Running'
t_ok 'expiry resets the host (restart cause watchdog)' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"restart_cause\":\"watchdog\"'"
t_ok 'chassis restart_cause' it chassis restart_cause
t_like 'watchdog' "$(out)" 'watchdog'
t_ok 'mc watchdog get' it mc watchdog get
t_like 'stopped after expiry' "$(out)" 'Watchdog Timer Is: +Stopped'
t_like 'SMS/OS expiration flag' "$(out)" '\* SMS/OS'
t_ok 'sel elist' it sel elist
t_like 'watchdog event in the SEL' "$(out)" 'Watchdog +\| Hard reset'
# power down action
t_ok 'set watchdog (power down, 1 s)' it raw 0x06 0x24 0x04 0x02 0x00 0x10 0x0a 0x00
t_ok 'start' it mc watchdog reset
t_ok 'expiry powers off' power_is off
t_ok 'sel elist' it sel elist
t_like 'power down event' "$(out)" 'Watchdog +\| Power down'
# don't log
it chassis power on >/dev/null 2>&1
power_is on
n=$(it sel elist | grep -c Watchdog)
t_ok 'set watchdog (no action, don'"'"'t log, 0.5 s)' it raw 0x06 0x24 0x84 0x00 0x00 0x10 0x05 0x00
t_ok 'start' it mc watchdog reset
t_ok 'expires' wait_until 10 sh -c \
    "ipmitool -I lanplus -H 127.0.0.1 -p $P -U admin -f $T/pw.admin -C 3 mc watchdog get | grep -q '\\* SMS/OS'"
t_is 'nothing logged' "$(it sel elist | grep -c Watchdog)" "$n"
t_ok 'still on' power_is on
t_ok 'mc watchdog off' it mc watchdog off
t_ok 'mc watchdog get' it mc watchdog get
t_like 'no action' "$(out)" 'Watchdog Timer Action: +No action'
t_like 'stopped' "$(out)" 'Watchdog Timer Is: +Stopped'
t_fail 'readonly cannot set the watchdog' timeout 60 ipmitool -I lanplus \
    -H 127.0.0.1 -p "$P" -U readonly -f "$T/pw.readonly" -C 3 -L USER \
    raw 0x06 0x24 0x04 0x02 0x00 0x10 0x0a 0x00
t_like 'insufficient privilege' "$(out)" 'rsp=0xd4'
t_ok 'clean exit' stop_all
done_testing
