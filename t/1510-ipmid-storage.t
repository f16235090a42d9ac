#!/bin/sh
# 1510-ipmid-storage.t: SEL, SDR, sensors and FRU through ipmitool and FreeIPMI, against powerd's model
. "${0%/*}/lib.sh"
need ipmitool powerctl ipmi-sensors ipmi-sel ipmi-fru
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" -C 3 "$@"; }
ro() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U readonly -f "$T/pw.readonly" -C 3 -L USER "$@"; }
fi_() { _c=$1; shift; timeout 60 "$_c" -h "127.0.0.1:$P" -u admin -p password \
    --sdr-cache-directory="$T/sdr" "$@"; }
out() { cat "$T/out"; }
mkdir -p "$T/sdr"

# FreeIPMI caches the SDR while the host is off (fans and rails without
# thresholds); powering on must not make that cache "out of date"
t_ok 'ipmi-sensors while off' fi_ ipmi-sensors
# powered on so that every sensor reads and has its thresholds
t_ok 'power on' it chassis power on
wait_until 10 sh -c "powerctl -S '$T/powerd.sock' -j status srv1 | grep -q '\"power\":\"on\"'"

# --- SEL ---
t_ok 'sel info' it sel info
t_like 'version 1.5' "$(out)" 'Version +: 1.5'
t_like 'reserve and alloc info supported' "$(out)" "'Reserve' 'Get Alloc Info'"
n0=$(sed -n 's/^Entries *: *//p' "$T/out")
t_is 'entry count is powerd'"'"'s' "$n0" \
    "$(pctl -j sel srv1 info | grep -o '"count":[0-9]*' | cut -d: -f2)"
t_ok 'sel elist' it sel elist
t_like 'power on logged with real time (not pre-init)' "$(out)" \
    '\| [0-9]{2}/[0-9]{2}/[0-9]{2} \| [0-9:]{8} [A-Z]+ \| Power Unit'
t_unlike 'no pre-init timestamps' "$(out)" 'Pre-Init'
printf '0x04 0x01 0x01 0x01 0x09 0xff 0xff # CPU1 Temp upper non-critical\n' \
    >"$T/ev"
t_ok 'sel add' it sel add "$T/ev"
t_ok 'sel elist' it sel elist
t_like 'added entry listed' "$(out)" \
    'Temperature #0x01 +\| Upper Critical going high \| Asserted'
n1=$(it sel info | sed -n 's/^Entries *: *//p')
t_is 'one more entry' "$n1" "$((n0 + 1))"
last=$(tail -n 1 "$T/out" | cut -d'|' -f1 | tr -d ' ')
t_ok "sel get 0x$last" it sel get "0x$last"
t_like 'the added record' "$(out)" 'Sensor Type +: Temperature'
t_ok 'powerd sees the entry' sh -c \
    "powerctl -S '$T/powerd.sock' -j sel srv1 list | grep -q '\"origin\":\"ipmi\"'"
t_ok 'raw get SEL entry 0 (first)' it raw 0x0a 0x43 0 0 0 0 0 0xff
t_ok 'raw get SEL entry ffff (last)' it raw 0x0a 0x43 0 0 0xff 0xff 0 0xff
t_like 'last entry: next id is ffff' "$(out)" '^ ff ff'
t_fail 'get a missing SEL entry' it raw 0x0a 0x43 0 0 0xfe 0xff 0 0xff
t_like 'not present (cbh)' "$(out)" 'rsp=0xcb'
t_ok 'sel time get' it sel time get
t0=$(date -u -d "$(out)" +%s 2>/dev/null || echo 0)
now=$(date -u +%s)
t_ok 'SEL clock is real time' test $((now - t0)) -lt 120 -a $((t0 - now)) -lt 120
# ipmitool parses "%x %X": the C locale's 2-digit year
t_ok 'sel time set' env LC_ALL=C TZ=UTC ipmitool -I lanplus -H 127.0.0.1 -p "$P" \
    -U admin -f "$T/pw.admin" -C 3 sel time set "01/01/30 00:00:00"
t_ok 'sel time get' it sel time get
t_like 'clock moved' "$(out)" '01/01/30 00:0'
t_like 'powerd clock moved' "$(pctl -j sel srv1 time)" \
    '"time":189[0-9]{7}'
env LC_ALL=C TZ=UTC ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin \
    -f "$T/pw.admin" -C 3 sel time set "$(date -u +'%m/%d/%y %H:%M:%S')" \
    >/dev/null 2>&1
t_fail 'readonly (USER) cannot clear the SEL' ro sel clear
t_like 'insufficient privilege' "$(out)" 'Insufficient privilege'
t_ok 'readonly can read it' ro sel list
t_ok 'sel clear' it sel clear
t_ok 'cleared in powerd' wait_until 10 sh -c \
    "powerctl -S '$T/powerd.sock' -j sel srv1 info | grep -q '\"count\":1[,}]'"
t_ok 'sel list' it sel list
t_like 'only the clear record left' "$(out)" 'Log area reset/cleared'
t_is 'one line' "$(wc -l <"$T/out" | tr -d ' ')" 1
t_fail 'clear with a stale reservation' it raw 0x0a 0x47 0x00 0x00 0x43 0x4c 0x52 0xaa
t_like 'reservation cancelled (c5h)' "$(out)" 'rsp=0xc5'
t_ok 'ipmi-sel' fi_ ipmi-sel
t_like 'FreeIPMI sees the clear record' "$(out)" 'Log Area Reset/Cleared'
t_ok 'ipmi-sel --info' fi_ ipmi-sel --info
t_like 'FreeIPMI: entries' "$(out)" 'Number of log entries +: 1'
t_ok 'ipmi-sel --clear' fi_ ipmi-sel --clear
t_ok 'ipmi-sel after its clear' fi_ ipmi-sel

# --- SDR and sensors ---
t_ok 'sdr info' it sdr info
nsens=$(pctl -j sensors srv1 | grep -o '"num":' | wc -l)
t_like 'record count: sensors + 7 discrete + MC locator' "$(out)" \
    "Record Count +: $((nsens + 8))"
t_ok 'sdr list' it sdr list
t_like 'CPU1 Temp in degrees C' "$(out)" 'CPU1 Temp +\| [0-9]+ degrees C +\| ok'
t_like 'fans in RPM' "$(out)" 'Fan1 +\| [0-9]+ RPM +\| ok'
t_like '12V' "$(out)" '12V +\| 1[12](\.[0-9]+)? Volts +\| ok'
t_like 'power in Watts' "$(out)" 'System Power +\| [0-9]+ Watts +\| ok'
t_ok 'sdr elist' it sdr elist
t_like 'sensor numbers and entities' "$(out)" 'CPU1 Temp +\| 01h \| ok +\|  3\.1 \|'
t_like 'MC locator not listed as a sensor' "$(out)" 'Watchdog +\| 70h'
t_ok 'sdr type Temperature' it sdr type Temperature
t_unlike 'only temperatures' "$(out)" 'RPM|Volts|Watts'
t_ok 'sdr type Fan' it sdr type Fan
t_like 'fans' "$(out)" 'Fan4'
t_ok 'sensor list' it sensor list
t_like 'CPU1 thresholds 0/5/10/80/90/100' "$(out)" \
    'CPU1 Temp +\| [0-9.]+ +\| degrees C +\| ok +\| 0\.000 +\| 5\.000 +\| 10\.000 +\| 80\.000 +\| 90\.000 +\| 100\.000'
# the reading agrees with powerd's within one conversion step (1 C)
r_ipmi=$(sed -n 's/^CPU1 Temp *| *\([0-9.]*\).*/\1/p' "$T/out" | cut -d. -f1)
r_pd=$(pctl -j sensors srv1 | grep -o '"name":"CPU1 Temp"[^}]*"reading":[0-9.]*' |
    sed 's/.*"reading"://' | cut -d. -f1)
t_ok "CPU1 Temp $r_ipmi C matches powerd's $r_pd C" \
    test $((r_ipmi - r_pd)) -le 2 -a $((r_pd - r_ipmi)) -le 2
t_ok 'sensor get 12V' it sensor get 12V
t_like 'Voltage, threshold sensor' "$(out)" 'Sensor Type \(Threshold\) +: Voltage'
t_like '12 V reading' "$(out)" 'Sensor Reading +: 1[12](\.[0-9]+)? \(\+/- 0\) Volts'
t_like 'upper critical 13.8 V' "$(out)" 'Upper Critical +: 13\.8'
t_fail 'reading of a missing sensor' it raw 0x04 0x2d 0xfe
t_like 'not present' "$(out)" 'rsp=0xcb'
t_ok 'ipmi-sensors after power on (cache still valid)' fi_ ipmi-sensors
t_unlike 'no out-of-date cache' "$(out)" 'out of date'
t_like 'FreeIPMI: CPU1 Temp' "$(out)" 'CPU1 Temp +\| Temperature +\| [0-9.]+ +\| C +\| .OK.'
t_like 'FreeIPMI: 12V' "$(out)" '12V +\| Voltage +\| 1[12]\.[0-9]+ +\| V'
t_like 'FreeIPMI: watchdog sensor' "$(out)" 'Watchdog +\| Watchdog 2'
t_ok 'ipmi-sensors --output-sensor-thresholds (fresh cache)' fi_ ipmi-sensors \
    --output-sensor-thresholds --flush-cache
t_ok 'ipmi-sensors --output-sensor-thresholds' fi_ ipmi-sensors --output-sensor-thresholds
t_like 'FreeIPMI thresholds' "$(out)" 'CPU1 Temp .*\| 0\.00 +\| 5\.00 +\| 10\.00 +\| 80\.00 +\| 90\.00 +\| 100\.00'
t_like 'FreeIPMI: 12V thresholds learned after power on' "$(out)" \
    '12V .*\| 9\.[0-9]+ +\| 10\.[0-9]+ +\| 10\.[0-9]+ +\| 13\.[0-9]+ +\| 13\.[0-9]+ +\| 14\.[0-9]+'
t_ok 'readonly reads sensors' ro sdr list
# reservations: an older one stays good for partial reads (read-only repository)
it raw 0x0a 0x22 >"$T/out" 2>&1
r1=$(cat "$T/out")
t_ok 'a second reservation' it raw 0x0a 0x22
t_ok 'partial read with the first' it raw 0x0a 0x23 $(printf '0x%s 0x%s' $r1) 0x01 0x00 0x05 0x08
t_fail 'partial read with a never-issued reservation' \
    it raw 0x0a 0x23 0x00 0x00 0x01 0x00 0x05 0x08
t_like 'reservation cancelled (c5h)' "$(out)" 'rsp=0xc5'
# four `sdr list` at once do not cancel each other (ipmitool sleeps after C5h)
s=$(date +%s)
pp=
for i in 1 2 3 4; do it sdr list >"$T/par$i" 2>&1 & pp="$pp $!"; done
wait $pp
e=$(date +%s)
t_ok "4 parallel sdr list in $((e - s)) s" test $((e - s)) -lt 8
t_is 'all complete' "$(cat "$T"/par[1-4] | grep -c 'CPU1 Temp')" 4

# --- FRU ---
t_ok 'fru print' it fru print
inv=$(pctl -j inventory srv1)
for k in serial manufacturer model part; do
	v=$(printf '%s' "$inv" | grep -o "\"$k\":\"[^\"]*\"" | cut -d'"' -f4)
	t_like "FRU shows the inventory $k ($v)" "$(out)" "$v"
done
t_like 'chassis type' "$(out)" 'Chassis Type +: Rack Mount Chassis'
t_like 'board serial' "$(out)" 'Board Serial +: BMCSIM0001'
t_like 'product name' "$(out)" 'Product Name +: Simulated Server'
t_ok 'ipmi-fru' fi_ ipmi-fru
t_like 'FreeIPMI: product' "$(out)" 'FRU Product Name: Simulated Server'
t_like 'FreeIPMI: chassis serial' "$(out)" 'FRU Chassis Serial Number: BMCSIM0001'
t_unlike 'FreeIPMI: no checksum errors' "$(out)" '[Cc]hecksum|[Ee]rror'
t_fail 'FRU device 1 does not exist' it raw 0x0a 0x10 0x01
t_like 'not present' "$(out)" 'rsp=0xcb'
t_ok 'clean exit' stop_all
done_testing
