#!/bin/sh
# 2114-redfishd-manager-net.t: NetworkProtocol and Managers/bmc/EthernetInterfaces report the ports and address that run; PATCH takes current values and HostName, refuses what cannot be
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl ipmitool

# -E and the endpoints key: bad input is a usage error
redfishd -n -E ipmi=x >"$T/o" 2>&1
t_is '-E with a bad port exits 100' $? 100
t_like 'the bad port is named' "$(cat "$T/o")" 'ipmi: port "x" not 0\.\.65535'
redfishd -n -E ssh=22 >"$T/o" 2>&1
t_is '-E with an unknown name exits 100' $? 100
redfishd -n -E ipmi=70000 >/dev/null 2>&1
t_is '-E with a port out of range exits 100' $? 100
printf 'endpoints ipmi=623,vnc=5900\n' >"$T/ok.conf"
t_ok 'endpoints key accepted' redfishd -n -f "$T/ok.conf"
printf 'endpoints ipmi\n' >"$T/bad.conf"
redfishd -n -f "$T/bad.conf" >"$T/o" 2>&1
t_is 'bad endpoints key exits 100' $? 100
t_like 'names file and line' "$(cat "$T/o")" 'bad.conf:1: endpoint "ipmi": want name=port'

# the real front ends on ephemeral ports, and redfishd told where they are
lab_sim 1
start_powerd
start sold -i srv1 -l 127.0.0.1:0 -S "$T/powerd.sock" -U "$T/sold.sock"
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
start vncd -i srv1 -S "$T/powerd.sock" -l 127.0.0.1:0 -w 127.0.0.1:0 \
    -U "$T/sold.sock"
pc=$(port_of "$sold_addr")
pi=$(port_of "$ipmid_addr")
pv=$(port_of "${vncd_addr%% *}")
pw=$(port_of "${vncd_addr##* }")
diag "sold $pc ipmid $pi vnc $pv novnc $pw"
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1 \
    -E "ipmi=$pi,vnc=$pv,novnc=$pw,telnet=$pc"
RF=http://${redfishd_addr%% *}
ph=$(port_of "${redfishd_addr%% *}")
ps=$(port_of "${redfishd_addr##* }")
M=/redfish/v1/Managers/bmc
N=$M/NetworkProtocol
E=$M/EthernetInterfaces

rf_req readonly GET "$M"
t_is 'Manager links EthernetInterfaces' "$(jv 'd["EthernetInterfaces"]["@odata.id"]')" "$E"
rf_req readonly GET "$N"
t_status 'NetworkProtocol' 200
t_is 'HTTP port is the bound one' "$(jv '[d["HTTP"]["ProtocolEnabled"], d["HTTP"]["Port"]]')" "[true, $ph]"
t_is 'HTTPS port is the bound one' "$(jv '[d["HTTPS"]["ProtocolEnabled"], d["HTTPS"]["Port"]]')" "[true, $ps]"
t_is 'IPMI port is ipmid'"'"'s' "$(jv '[d["IPMI"]["ProtocolEnabled"], d["IPMI"]["Port"]]')" "[true, $pi]"
t_is 'KVMIP port is vncd'"'"'s RFB' "$(jv '[d["KVMIP"]["ProtocolEnabled"], d["KVMIP"]["Port"]]')" "[true, $pv]"
t_is 'RFB port' "$(jv 'd["RFB"]["Port"]')" "$pv"
t_is 'Telnet port is sold'"'"'s' "$(jv '[d["Telnet"]["ProtocolEnabled"], d["Telnet"]["Port"]]')" "[true, $pc]"
t_is 'noVNC port in Oem' "$(jv 'd["Oem"]["bmcsim"]["NoVNCPort"]')" "$pw"
t_is 'SSH disabled' "$(jv 'd["SSH"]["ProtocolEnabled"]')" false
t_is 'HostName' "$(jv 'd["HostName"]')" bmc-srv1
t_is 'FQDN' "$(jv 'd["FQDN"]')" bmc-srv1.localdomain
# the IPMI port reported is the one that answers
t_ok 'ipmitool answers on the reported IPMI port' ipmitool -I lanplus \
    -H 127.0.0.1 -p "$pi" -U admin -P "$(cat "$T/pw.admin")" mc info

rf_req readonly GET "$E"
t_is 'EthernetInterfaces: one member' "$(jv '[m["@odata.id"] for m in d["Members"]]')" "[\"$E/eth0\"]"
rf_req readonly GET "$E/eth0"
t_status 'EthernetInterface eth0' 200
# lab_sim gives srv1 bmc-mac 52:54:00:00:00:01
t_is 'MACAddress is powerd'"'"'s bmc_mac' "$(jv 'd["MACAddress"]')" 52:54:00:00:00:01
t_is 'IPv4 address is the listener'"'"'s' "$(jv '[(a["Address"], a["SubnetMask"], a["AddressOrigin"]) for a in d["IPv4Addresses"]]')" '[["127.0.0.1", "255.0.0.0", "Static"]]'
t_is 'DHCPv4 disabled' "$(jv 'd["DHCPv4"]["DHCPEnabled"]')" false
t_is 'link up, enabled' "$(jv '[d["InterfaceEnabled"], d["LinkStatus"], d["SpeedMbps"]]')" '[true, "LinkUp", 1000]'
t_is 'no IPv6 addresses' "$(jv 'd["IPv6Addresses"]')" '[]'
rf_req readonly GET "$E/eth1"
t_status 'another interface is 404' 404

# PATCH NetworkProtocol
rf_json readonly PATCH "$N" '{"HostName":"x"}'
t_status 'ReadOnly may not PATCH NetworkProtocol' 403
rf_json admin PATCH "$N" "{\"IPMI\":{\"ProtocolEnabled\":true,\"Port\":$pi},\"HTTP\":{\"Port\":$ph}}"
t_status 'current values: 200' 200
rf_json admin PATCH "$N" '{"IPMI":{"Port":623}}'
t_status 'moving the IPMI port: 400' 400
t_msgid 'PropertyValueNotInList' PropertyValueNotInList
t_like 'the reason is given' "$(jv 'd["error"]["message"]')" 'cannot move a listener'
t_is 'the member is named' "$(jv 'd["error"]["@Message.ExtendedInfo"][0]["MessageArgs"]')" '["623", "IPMI/Port"]'
rf_json admin PATCH "$N" '{"SSH":{"ProtocolEnabled":true}}'
t_status 'enabling SSH: 400' 400
rf_json admin PATCH "$N" '{"IPMI":{"ProtocolEnabled":false}}'
t_status 'disabling IPMI: 400' 400
rf_json admin PATCH "$N" '{"SNMP":{"ProtocolEnabled":true}}'
t_status 'SNMP is not there: 400' 400
t_msgid 'PropertyUnknown' PropertyUnknown
rf_json admin PATCH "$N" '{"HostName":"no_underscore"}'
t_status 'bad HostName: 400' 400
t_msgid 'PropertyValueFormatError' PropertyValueFormatError
rf_json admin PATCH "$N" '{"HostName":"rack7-bmc","IPMI":{"Port":1}}'
t_status 'HostName with an impossible change: 400' 400
rf_req readonly GET "$N"
t_is 'nothing applied on 400' "$(jv 'd["HostName"]')" bmc-srv1
rf_json admin PATCH "$N" '{"HostName":"rack7-bmc"}'
t_status 'HostName: 200' 200
t_is 'HostName changed' "$(jv '[d["HostName"], d["FQDN"]]')" '["rack7-bmc", "rack7-bmc.localdomain"]'
rf_req readonly GET "$E/eth0"
t_is 'HostName shared with the interface' "$(jv '[d["HostName"], d["FQDN"]]')" '["rack7-bmc", "rack7-bmc.localdomain"]'
rf_json admin PATCH "$N" '{"FQDN":"bmc.example.com"}'
t_status 'another domain: 400' 400

# PATCH EthernetInterface (as Ansible SetManagerNic sends it)
rf_json admin PATCH "$E/eth0" '{"IPv4StaticAddresses":[{"Address":"127.0.0.1","SubnetMask":"255.0.0.0","Gateway":"0.0.0.0"}],"DHCPv4":{"DHCPEnabled":false}}'
t_status 'current address: 200' 200
rf_json admin PATCH "$E/eth0" '{"IPv4StaticAddresses":[{"Address":"127.0.0.9","SubnetMask":"255.0.0.0"}]}'
t_status 'another address: 400' 400
t_msgid 'PropertyValueNotInList' PropertyValueNotInList
t_like 'the reason is given' "$(jv 'd["error"]["message"]')" 'cannot move a listener'
rf_json admin PATCH "$E/eth0" '{"IPv4StaticAddresses":[{},{"Address":"127.0.0.2"}]}'
t_status 'a second address: 400' 400
rf_json admin PATCH "$E/eth0" '{"DHCPv4":{"DHCPEnabled":true},"MTUSize":9000}'
t_status 'DHCP on, jumbo frames: 400' 400
t_is 'both named' "$(jv '[m["MessageArgs"][1] for m in d["error"]["@Message.ExtendedInfo"]]')" '["DHCPv4/DHCPEnabled", "MTUSize"]'

rf_json admin PATCH "$E/eth0" '{"InterfaceEnabled":false}'
t_status 'disabling the interface: 400' 400
rf_json admin PATCH "$E/eth0" '{"IPv4Addresses":[]}'
t_status 'IPv4Addresses is read-only' 400
t_msgid 'PropertyNotWritable' PropertyNotWritable
rf_json admin PATCH "$E/eth0" '{"FQDN":"bmc-a.localdomain"}'
t_status 'FQDN sets the HostName: 200' 200
t_is 'HostName from FQDN' "$(jv 'd["HostName"]')" bmc-a
rf_req readonly GET "$E/eth0"
et=$(hdr ETag)
rf_json admin PATCH "$E/eth0" '{"HostName":"bmc-b"}' -H 'If-Match: W/"0000000000000000"'
t_status 'stale If-Match: 412' 412
rf_json admin PATCH "$E/eth0" '{"HostName":"bmc-b"}' -H "If-Match: $et"
t_status 'matching If-Match: 200' 200
rf_req readonly GET "$N"
t_is 'NetworkProtocol shows it' "$(jv 'd["HostName"]')" bmc-b

# without -E: the other front ends are not claimed
start_as rf2 redfishd -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
RF=http://$rf2_addr
rf_req readonly GET "$N"
t_is 'no -E: IPMI not claimed' "$(jv 'd["IPMI"]["ProtocolEnabled"]')" false
t_is 'no -E: HTTPS off' "$(jv 'd["HTTPS"]["ProtocolEnabled"]')" false
t_is 'HostName is back to the default after a restart' "$(jv 'd["HostName"]')" bmc-srv1
t_ok 'all daemons exit 0' stop_all
done_testing
