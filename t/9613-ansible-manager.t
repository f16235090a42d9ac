#!/bin/sh
# 9613-ansible-manager.t: Ansible (community.general) reads and sets the
# BMC's own network: redfish_info GetManagerNicInventory and
# GetNetworkProtocols show the real address and ports; redfish_config
# SetNetworkProtocols and SetManagerNic accept the current values and a
# HostName, and fail on what a simulated BMC cannot do.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
. "$TOP/t/helper/anslib.sh"
need ansible jq /usr/bin/python3
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
PI=$(port_of "$ipmid_addr")
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1 \
    -E "ipmi=$PI"
RF=http://${redfishd_addr%% *}
HP=${redfishd_addr##* }
PH=$(port_of "${redfishd_addr%% *}")
PS=$(port_of "$HP")

A='"baseuri":"'$HP'","username":"admin","password":"password"'

# --- redfish_info
t_ok 'redfish_info GetManagerNicInventory' \
    ans redfish_info '{"category":"Manager","command":"GetManagerNicInventory",'"$A"'}'
t_is 'the NIC has the address redfishd listens on' \
    "$(aj '[.redfish_facts.manager_nics.entries[][1][].IPv4Addresses[].Address] | join(" ")')" \
    127.0.0.1
t_is 'the NIC has the BMC MAC' \
    "$(aj '[.redfish_facts.manager_nics.entries[][1][].MACAddress] | join(" ")')" \
    52:54:00:00:00:01
t_ok 'redfish_info GetNetworkProtocols' \
    ans redfish_info '{"category":"Manager","command":"GetNetworkProtocols",'"$A"'}'
t_is 'IPMI on the port ipmid runs on' \
    "$(aj '.redfish_facts.network_protocols.entries.IPMI | "\(.ProtocolEnabled) \(.Port)"')" \
    "true $PI"
t_is 'HTTP and HTTPS ports' \
    "$(aj '.redfish_facts.network_protocols.entries | "\(.HTTP.Port) \(.HTTPS.Port)"')" \
    "$PH $PS"
t_is 'SSH disabled' \
    "$(aj '.redfish_facts.network_protocols.entries.SSH.ProtocolEnabled')" false

# --- redfish_config SetNetworkProtocols
t_ok 'SetNetworkProtocols with the current values' \
    ans redfish_config '{"category":"Manager","command":"SetNetworkProtocols",'"$A"',"network_protocols":{"IPMI":{"ProtocolEnabled":true,"Port":'"$PI"'},"SSH":{"ProtocolEnabled":false}}}'
t_is 'nothing to change' "$(aj '.changed')" false
t_fail 'SetNetworkProtocols moving IPMI to 623 fails' \
    ans redfish_config '{"category":"Manager","command":"SetNetworkProtocols",'"$A"',"network_protocols":{"IPMI":{"Port":623}}}'
t_like 'a 400 naming IPMI/Port' "$(aj '.msg')" \
    "Error 400 .*'623' for the property IPMI/Port is not in the list"
t_fail 'SetNetworkProtocols enabling SSH fails' \
    ans redfish_config '{"category":"Manager","command":"SetNetworkProtocols",'"$A"',"network_protocols":{"SSH":{"ProtocolEnabled":"on"}}}'
rf_req readonly GET /redfish/v1/Managers/bmc/NetworkProtocol
t_is 'IPMI still reported where it runs' "$(jv 'd["IPMI"]["Port"]')" "$PI"

# --- redfish_config SetManagerNic (the NIC of the baseuri's address)
t_ok 'SetManagerNic with the current address' \
    ans redfish_config '{"category":"Manager","command":"SetManagerNic",'"$A"',"nic_config":{"DHCPv4":{"DHCPEnabled":false},"IPv4StaticAddresses":{"Address":"127.0.0.1","SubnetMask":"255.0.0.0","Gateway":"0.0.0.0"}}}'
t_is 'nothing to change' "$(aj '.changed')" false
t_ok 'SetManagerNic with the current address and a new HostName' \
    ans redfish_config '{"category":"Manager","command":"SetManagerNic",'"$A"',"nic_config":{"HostName":"rack7-bmc","IPv4StaticAddresses":{"Address":"127.0.0.1","SubnetMask":"255.0.0.0"}}}'
t_is 'changed' "$(aj '.changed')" true
rf_req readonly GET /redfish/v1/Managers/bmc/NetworkProtocol
t_is 'the HostName is the BMC'"'"'s' "$(jv 'd["HostName"]')" rack7-bmc
t_fail 'SetManagerNic to another address fails' \
    ans redfish_config '{"category":"Manager","command":"SetManagerNic",'"$A"',"nic_config":{"IPv4StaticAddresses":{"Address":"127.0.0.9","SubnetMask":"255.0.0.0"}}}'
t_like 'a 400 naming IPv4StaticAddresses' "$(aj '.msg')" \
    'Error 400 .*127\.0\.0\.9.*for the property IPv4StaticAddresses is not in the list'
t_fail 'SetManagerNic turning DHCP on fails' \
    ans redfish_config '{"category":"Manager","command":"SetManagerNic",'"$A"',"nic_config":{"DHCPv4":{"DHCPEnabled":true}}}'
rf_req readonly GET /redfish/v1/Managers/bmc/EthernetInterfaces/eth0
t_is 'the address is unchanged' "$(jv 'd["IPv4Addresses"][0]["Address"]')" 127.0.0.1
t_ok 'all daemons exit 0' stop_all
done_testing
