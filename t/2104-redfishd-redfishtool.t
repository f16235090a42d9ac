#!/bin/sh
# 2104-redfishd-redfishtool.t: Debian's redfishtool against redfishd over https, Basic and session auth
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl jq redfishtool
rf_setup
# requests lets the environment's CA bundle override verify=False
rft() {
	env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE redfishtool \
	    -r "${redfishd_addr##* }" -S Always -u admin -p password "$@"
}
rft_j() { rft "$@" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$EXPR"; }

t_ok 'service root' rft root
t_like 'root lists Systems' "$(cat "$T/out")" '"/redfish/v1/Systems"'
EXPR='d["Members@odata.count"]'
t_is 'Systems collection' "$(rft_j Systems)" 1
EXPR='d["PowerState"]'
t_ok 'reset On (session auth)' rft -A Session Systems reset On
t_is 'power On' "$(rft_j Systems get)" On
t_ok 'reset ForceOff (Basic)' rft -A Basic Systems reset ForceOff
t_is 'power Off' "$(rft_j Systems get)" Off
t_like 'powerd agrees' "$(pctl status srv1)" 'power: +off'
t_ok 'setBootOverride Once Pxe' rft Systems setBootOverride Once Pxe
EXPR='d["Boot"]["BootSourceOverrideEnabled"] + " " + d["Boot"]["BootSourceOverrideTarget"]'
t_is 'boot override set' "$(rft_j Systems get)" 'Once Pxe'
t_ok 'Systems setIndicatorLed Lit' rft Systems setIndicatorLed Lit
EXPR='d["IndicatorLED"]'
t_is 'LED Lit' "$(rft_j Systems get)" Lit
t_ok 'Chassis Thermal' rft Chassis Thermal
t_like 'temperatures' "$(cat "$T/out")" 'ReadingCelsius'
t_ok 'Chassis Power' rft Chassis Power
t_like 'power control' "$(cat "$T/out")" 'PowerConsumedWatts'
t_ok 'Managers' rft Managers get
t_like 'manager SerialConsole' "$(cat "$T/out")" 'SerialConsole'
t_ok 'AccountService adduser' rft AccountService adduser alice alicepw1 Operator
t_like 'powerd has alice' "$(pctl accounts srv1 list)" 'alice +operator'
t_ok 'AccountService accounts' rft AccountService Accounts
t_like 'alice listed' "$(rft AccountService Accounts -l 2>/dev/null; rft raw GET /redfish/v1/AccountService/Accounts/5)" 'alice'
t_ok 'AccountService deleteuser' rft AccountService deleteuser alice
t_unlike 'alice gone' "$(pctl accounts srv1 list)" alice
t_ok 'SessionService' rft SessionService
t_ok 'raw GET' rft raw GET /redfish/v1/EventService
t_like 'EventService SSE URI' "$(cat "$T/out")" 'ServerSentEventUri'

# the hardware model through redfishtool's collections, against powerd's
hw() { pctl -j inventory srv1 | jq -r ".inventory.hw | $1"; }
EXPR='len(d["Members"])'
t_is 'Systems Processors: one member per processor of the model' \
    "$(rft_j Systems Processors)" "$(hw '.processors | length')"
t_is 'Systems EthernetInterfaces: one per NIC port' \
    "$(rft_j Systems EthernetInterfaces)" "$(hw '[.nics[].ports[]] | length')"
t_is 'Systems SimpleStorage: one per controller' \
    "$(rft_j Systems SimpleStorage)" "$(hw '.storage | length')"
EXPR='d["Members"][0]["@odata.id"]'
t_like 'Systems Logs: the system event log' "$(rft_j Systems Logs)" \
    '/LogServices/SEL$'
t_like 'Managers EthernetInterfaces: the BMC interface' \
    "$(rft_j Managers EthernetInterfaces)" '/Managers/bmc/EthernetInterfaces/'

t_ok 'clean exit' stop_all
done_testing
