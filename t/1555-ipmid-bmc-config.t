#!/bin/sh
# 1555-ipmid-bmc-config.t: FreeIPMI and pyghmi the way MAAS and fleet tools use them: bmc-config checkout of every section, a serial channel, LAN address and ports, K_G, user commits, DCMI MC identifier
. "${0%/*}/lib.sh"
need bmc-config ipmi-dcmi ipmitool python3
need_py pyghmi
lab_sim 1
start_powerd
start ipmid -l 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
P=$(port_of "$ipmid_addr")
fi_() { _c=$1; shift; timeout 60 "$_c" -h "127.0.0.1:$P" -u admin -p password "$@"; }
out() { cat "$T/out"; }

# --- checkout of every section, no error line
t_ok 'bmc-config --checkout (all sections)' sh -c \
    "timeout 120 bmc-config -h 127.0.0.1:$P -u admin -p password --checkout >'$T/co' 2>'$T/co.err'; [ ! -s '$T/co.err' ]"
diag "stderr: $(head -c 500 "$T/co.err")"
fi_ bmc-config --checkout -vv >"$T/covv" 2>&1
# Serial_Channel and Serial_Conf are checked out with -v only
for s in User1 User2 User15 Lan_Channel Lan_Conf Lan6_Conf Lan_Conf_Auth \
    Lan_Conf_Security_Keys Lan_Conf_User_Security Lan_Conf_Misc \
    Rmcpplus_Conf_Privilege Serial_Channel Serial_Conf SOL_Conf; do
	t_like "section $s checked out with keys" \
	    "$(sed -n "/^Section $s\$/,/^EndSection/p" "$T/covv" | grep -v '^	## [A-Z][a-z]* [a-z]' | sed -n 2p)" \
	    '^	[#]* ?[A-Z]'
done
# FreeIPMI asks for every cipher suite id 0-14 and, by design, cannot
# check out those the BMC does not offer: those are not errors
t_is 'checkout -vv: no "Unable to checkout" beyond suites not offered' \
    "$(grep 'Unable to checkout' "$T/covv" | grep -v 'Maximum_Privilege_Cipher_Suite_Id_\(0\|[4-9]\|1[0-4]\)$')" ''
t_unlike 'checkout -vv: nothing on stderr about a failed command' \
    "$(cat "$T/covv")" '^ipmi_cmd|internal IPMI error|[Ff]ailed'
t_ok 'bmc-config --checkout --section=Misc' sh -c \
    "timeout 60 bmc-config -h 127.0.0.1:$P -u admin -p password --checkout --section=Misc >'$T/out' 2>&1"
t_like 'Misc: power restore policy' "$(out)" 'Power_Restore_Policy +[A-Z]'
t_unlike 'Misc: no error' "$(out)" '[Uu]nable|[Ee]rror|[Ff]ail'
t_ok 'ipmi-config --checkout (core, all sections)' sh -c \
    "timeout 120 ipmi-config -h 127.0.0.1:$P -u admin -p password --checkout >/dev/null 2>'$T/co2.err'; [ ! -s '$T/co2.err' ]"
sec() { sed -n "/^Section $1\$/,/^EndSection/p" "$T/covv"; }
t_like 'Lan_Conf: IP address is the one ipmid listens on' "$(sec Lan_Conf)" 'IP_Address +127\.0\.0\.1$'
t_like 'Lan_Conf: loopback netmask' "$(sec Lan_Conf)" 'Subnet_Mask +255\.0\.0\.0$'
t_like 'Lan_Conf: MAC is the inventory bmc_mac' "$(sec Lan_Conf)" 'MAC_Address +52:54:00:00:00:01$'
t_like 'Lan_Conf_Security_Keys: K_G zero' "$(sec Lan_Conf_Security_Keys)" 'K_G +0x0{40}$'
t_like 'Lan6_Conf: IPv4 only' "$(sec Lan6_Conf)" 'IPv6_IPv4_Addressing_Enables +IPv6_Disabled'
t_like 'Serial_Conf: basic mode, direct, 115200, RTS/CTS' "$(sec Serial_Conf | tr -s ' \t' ' ' | tr '\n' '|')" \
    'Enable_Basic_Mode Yes.*Connect_Mode Direct_Connect.*Enable_DTR_Hangup No.*Flow_Control RTS_CTS.*Bit_Rate 115200'
t_like 'Serial_Channel: always available' "$(sec Serial_Channel)" 'Volatile_Access_Mode +Always_Available'

# --- the same facts through ipmitool
it() { timeout 60 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" "$@"; }
t_ok 'ipmitool channel info 2' it channel info 2
t_like 'channel 2 is RS-232' "$(out)" 'Channel Medium Type +: Serial/Modem'
t_ok 'lan print 1' it lan print 1
t_like 'lan print: IP address' "$(out)" 'IP Address +: 127\.0\.0\.1'
t_ok 'LAN parameter 8 (primary RMCP port)' it raw 0x0c 0x02 0x01 0x08 0x00 0x00
t_is 'parameter 8 is the port ipmid answers on' "$(out | tr -d ' \n')" \
    "11$(printf '%02x%02x' $((P & 255)) $((P >> 8)))"
t_ok 'LAN parameter 9 (secondary RMCP port)' it raw 0x0c 0x02 0x01 0x09 0x00 0x00
t_is 'parameter 9: the same port (one listener)' "$(out | tr -d ' \n')" \
    "11$(printf '%02x%02x' $((P & 255)) $((P >> 8)))"
t_ok 'LAN parameter 51 (IPv6/IPv4 addressing enables)' it raw 0x0c 0x02 0x01 0x33 0x00 0x00
t_is 'parameter 51: IPv4 only' "$(out | tr -d ' \n')" '1100'
t_fail 'Set Channel Security Keys with 19 key bytes refused' \
    it raw 0x06 0x56 0x01 0x01 0x00 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
t_like 'with 0x81 (insufficient key bytes)' "$(out)" 'rsp=0x81'

# --- Serial_Conf and K_G commits read back
t_ok 'commit Serial_Conf (57600, no flow control)' fi_ bmc-config --commit \
    -e Serial_Conf:Bit_Rate=57600 -e Serial_Conf:Flow_Control=No_Flow_Control
t_ok 'checkout Serial_Conf' fi_ bmc-config --checkout --section=Serial_Conf
t_like 'read back 57600' "$(out)" 'Bit_Rate +57600'
t_like 'read back no flow control' "$(out)" 'Flow_Control +No_Flow_Control'
t_ok 'commit a K_G' fi_ bmc-config --commit \
    -e Lan_Conf_Security_Keys:K_G=0x0123456789abcdef0123456789abcdef01234567
t_fail 'then a login without K_G is refused' \
    timeout 30 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U admin -f "$T/pw.admin" -N 1 -R 1 raw 0x06 0x01
t_ok 'and one with it gets in' \
    it -y 0123456789abcdef0123456789abcdef01234567 raw 0x06 0x01
t_ok 'K_G back to zero (ipmitool -y)' \
    it -y 0123456789abcdef0123456789abcdef01234567 raw 0x06 0x56 0x01 0x01 0x01 \
    0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
t_ok 'a login without K_G works again' it raw 0x06 0x01

# --- MAAS: Set User Name then Set User Password in one session, ten times
i=1; bad=0
while [ $i -le 10 ]; do
	cat >"$T/maas.conf" <<EOC
Section User$((i + 4))
	Username maas$i
	Password Secret-$i
	Enable_User Yes
	Lan_Enable_IPMI_Msgs Yes
	Lan_Privilege_Limit Administrator
	SOL_Payload_Access Yes
EndSection
EOC
	if ! fi_ bmc-config --commit --filename="$T/maas.conf" >"$T/out" 2>&1; then
		bad=$((bad + 1)); diag "commit $i: $(out)"
	fi
	printf 'Secret-%s\n' "$i" >"$T/pw.m"
	if ! timeout 30 ipmitool -I lanplus -H 127.0.0.1 -p "$P" -U "maas$i" \
	    -f "$T/pw.m" raw 0x06 0x01 >"$T/out" 2>&1; then
		bad=$((bad + 1)); diag "login $i: $(out)"
	fi
	i=$((i + 1))
done
t_is 'ten MAAS-style commits, each followed by a login as the new user' "$bad" 0
t_like 'powerd has the accounts' "$(pctl accounts srv1 list 2>&1)" 'maas10'

# --- DCMI Management Controller Identifier String
t_ok 'ipmi-dcmi get MC identifier' fi_ ipmi-dcmi --get-management-controller-identifier-string
t_is 'defaults to the server id' "$(out)" 'srv1'
t_ok 'ipmi-dcmi set MC identifier' fi_ ipmi-dcmi --set-management-controller-identifier-string=rack7-node3
t_ok 'get again' fi_ ipmi-dcmi --get-management-controller-identifier-string
t_is 'read back' "$(out)" 'rack7-node3'
long=abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0
t_ok '63 characters fit' fi_ ipmi-dcmi --set-management-controller-identifier-string=$long
t_ok 'get the long one' fi_ ipmi-dcmi --get-management-controller-identifier-string
t_is 'read back, 63 characters' "$(out)" "$long"
t_ok 'raw: 0x0A past 64 bytes refused' sh -c \
    "ipmitool -I lanplus -H 127.0.0.1 -p $P -U admin -f '$T/pw.admin' raw 0x2c 0x0a 0xdc 0x3c 0x08 1 2 3 4 5 6 7 8 2>&1 | grep -q 'rsp=0xc9'"
t_ok 'raw: a control character refused' sh -c \
    "ipmitool -I lanplus -H 127.0.0.1 -p $P -U admin -f '$T/pw.admin' raw 0x2c 0x0a 0xdc 0x00 0x02 0x41 0x07 2>&1 | grep -q 'rsp=0xcc'"
t_fail 'a USER session may not set it' timeout 30 ipmitool -I lanplus -H 127.0.0.1 -p "$P" \
    -L USER -U readonly -f "$T/pw.readonly" raw 0x2c 0x0a 0xdc 0x00 0x01 0x41

# --- pyghmi, as Ironic's and xCAT's tools use it
cat >"$T/pyg.py" <<'PY'
import sys
from pyghmi.ipmi import command
c = command.Command(bmc="127.0.0.1", port=int(sys.argv[1]), userid="admin",
                    password="password")
n = c.get_net_configuration()
print("address", n.get("ipv4_address"))
print("mac", n.get("mac_address"))
print("mci", c.get_mci().strip())
c.ipmi_session.logout()
PY
t_ok 'pyghmi get_net_configuration and get_mci' timeout 60 python3 "$T/pyg.py" "$P"
t_like 'pyghmi: the address' "$(out)" '^address 127\.0\.0\.1/8$'
t_like 'pyghmi: the MAC' "$(out)" '^mac 52:54:00:00:00:01$'
t_like 'pyghmi: the MC identifier' "$(out)" "^mci $long\$"
t_ok 'ipmid exits 0 on SIGTERM' stop_all
