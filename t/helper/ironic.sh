# ironic.sh: Debian's OpenStack Ironic, all in one process, for the tests
# that drive bmcsim the way a provisioning system does; source after lib.sh.
# Ironic runs with sqlite, no Keystone (auth_strategy noauth), no message
# bus (rpc_transport none), no Neutron, Glance or DHCP, on 127.0.0.1.
# SPDX-License-Identifier: ISC

# sushyfix DIR: a sitecustomize.py in DIR for the clients' Python.
# Debian's python3-sushy 4.3.3 ships without its standard_registries
# directory, so every registry lookup raises FileNotFoundError: the BIOS
# attribute registry is never read and each firmware-update poll fails
# before it reads the task monitor (doc/clients.md).  The BMC is not at
# fault; this lets the standard registries be an empty set instead.
sushyfix() {
	mkdir -p "$1"
	cat >"$1/sitecustomize.py" <<'EOP'
# patched when sushy.main is first imported (after Ironic's eventlet
# monkey-patching, which an import here would precede)
import importlib.abc, importlib.machinery, sys


def _patch(m):
    orig = m.Sushy._get_standard_message_registry_collection

    def standard(self):
        try:
            return orig(self)
        except FileNotFoundError:
            return []
    m.Sushy._get_standard_message_registry_collection = standard


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "sushy.main":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            _patch(module)
        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Finder())
EOP
}

# ironic_start: write $T/ironic/ironic.conf, create the schema, start the
# single-process Ironic (API + conductor) and wait for its API; sets
# OS_ENDPOINT for the `baremetal` client.  Ironic takes its port from the
# config file, so a free one is picked first (and tried again if taken).
# Ironic publishes the images it builds or copies (the virtual media ISO)
# under $T/ironic/http and hands the BMC URLs under IRONIC_HTTP_URL: set it
# to the loopback server that serves that directory (Ironic serves none
# itself); unset, the URLs point at a closed port (the discard port 9).
# No ISO cache (iso_master_path empty): Ironic 21.4 publishes an ISO by
# hard link when it can (from its cache, or from a file: image on the same
# file system), and publishing it again in the same clean (the reboot after
# an out-of-band step) then fails with shutil.SameFileError; for the same
# reason a test hands Ironic its deploy ISO by http, not file:.
# No Swift either ([redfish] use_swift): images go to the HTTP root.
ironic_start() {
	_id=$T/ironic
	mkdir -p "$_id/http" "$_id/tftp" "$_id/lock"
	_try=0
	while [ $_try -lt 5 ]; do
		_try=$((_try + 1))
		_port=$("$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		cat >"$_id/ironic.conf" <<EOC
[DEFAULT]
auth_strategy = noauth
rpc_transport = none
host = localhost
my_ip = 127.0.0.1
enabled_hardware_types = redfish,ipmi
enabled_boot_interfaces = redfish-virtual-media,pxe,ipxe
enabled_deploy_interfaces = ramdisk,direct
enabled_inspect_interfaces = redfish,no-inspect
enabled_management_interfaces = redfish,ipmitool
enabled_power_interfaces = redfish,ipmitool
enabled_bios_interfaces = redfish,no-bios
enabled_raid_interfaces = redfish,no-raid,agent
enabled_vendor_interfaces = redfish,ipmitool,no-vendor
enabled_network_interfaces = noop
default_network_interface = noop
enabled_console_interfaces = no-console
log_file = $_id/ironic.log
use_stderr = false
debug = true
[api]
host_ip = 127.0.0.1
port = $_port
[database]
connection = sqlite:///$_id/ironic.sqlite
[service_catalog]
endpoint_override = http://127.0.0.1:$_port
[dhcp]
dhcp_provider = none
[conductor]
automated_clean = false
file_url_allowed_paths = $_id
sync_power_state_interval = -1
power_state_change_timeout = 30
[deploy]
http_root = $_id/http
http_url = ${IRONIC_HTTP_URL:-http://127.0.0.1:9}
iso_master_path =
[pxe]
tftp_root = $_id/tftp
tftp_master_path = $_id/tftp/master
[redfish]
firmware_update_status_interval = 1
use_swift = false
connection_attempts = 3
connection_retry_interval = 1
[ipmi]
min_command_interval = 1
command_retry_timeout = 20
[oslo_concurrency]
lock_path = $_id/lock
EOC
		rm -f "$_id/ironic.sqlite"
		"$PY" -c 'import sys
from ironic.cmd.dbsync import main
sys.argv = ["ironic-dbsync", "--config-file", sys.argv[1], "create_schema"]
sys.exit(main())' "$_id/ironic.conf" >"$T/ironic-dbsync.log" 2>&1 || {
			echo "Bail out! ironic-dbsync failed"
			sed 's/^/# /' "$T/ironic-dbsync.log"; exit 1; }
		# requests lets these override verify=False (requests#3829);
		# $_id/pyfix: the Debian sushy workaround (sushyfix above)
		sushyfix "$_id/pyfix"
		env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE \
		    PYTHONPATH="$_id/pyfix${PYTHONPATH:+:$PYTHONPATH}" \
		    "$PY" -c 'import sys
from ironic.cmd.singleprocess import main
sys.argv = ["ironic", "--config-file", sys.argv[1]]
sys.exit(main())' "$_id/ironic.conf" >"$T/ironic-out.log" 2>&1 </dev/null &
		ironic_pid=$!
		_pids="$_pids ironic:$ironic_pid"
		OS_ENDPOINT=http://127.0.0.1:$_port
		export OS_ENDPOINT OS_AUTH_TYPE=none OS_BAREMETAL_API_VERSION=1.78
		# readiness: the API answers (Ironic has no readiness fd)
		if wait_until 60 curl -sf "$OS_ENDPOINT/v1"; then
			return 0
		fi
		kill9 ironic
	done
	echo "Bail out! Ironic did not start"
	tail -n 30 "$_id/ironic.log" | sed 's/^/# /'
	exit 1
}

# bm_enroll_redfish NODE URL SERVER: a node of the redfish hardware type on
# that Redfish service (HTTPS, the lab's self-signed certificate), with the
# redfish-virtual-media boot, ramdisk deploy and redfish inspect, BIOS and
# RAID interfaces
bm_enroll_redfish() {
	baremetal node create --driver redfish --name "$1" \
	    --driver-info redfish_address="$2" \
	    --driver-info redfish_system_id="/redfish/v1/Systems/$3" \
	    --driver-info redfish_username=admin \
	    --driver-info redfish_password=password \
	    --driver-info redfish_verify_ca=False \
	    --boot-interface redfish-virtual-media --deploy-interface ramdisk \
	    --inspect-interface redfish --bios-interface redfish \
	    --raid-interface redfish
}
# bm ARGS: the baremetal client against this test's Ironic
bm() { baremetal "$@"; }
# bm_field NODE FIELD: one field of `baremetal node show`
bm_field() { baremetal node show "$1" -f value -c "$2"; }
# bm_power NODE on|off|reboot: the power call returns once Ironic accepted
# it (202); wait, bounded, until Ironic has finished (target_power_state
# empty) and print the power_state Ironic then reports
bm_power() {
	case $2 in
	reboot) baremetal node reboot "$1" || return 1 ;;
	*) baremetal node power "$2" "$1" || return 1 ;;
	esac
	wait_until 90 sh -c '[ "$(baremetal node show "$1" -f value -c target_power_state)" = None ]' sh "$1"
	bm_field "$1" power_state
}

# bm_clean NODE STEPS_JSON: manual cleaning with the given steps; Ironic
# boots the node into its ramdisk (t/helper/fake-ipa.py stands in for the
# agent); waits, bounded, for the end and prints the provision state
# (manageable on success, "clean failed" otherwise)
bm_clean() {
	_u=$(bm_field "$1" uuid)
	_c=$(curl -s -o "$T/bm_clean.out" -w '%{http_code}' -X PUT \
	    -H 'Content-Type: application/json' \
	    -H 'X-OpenStack-Ironic-API-Version: 1.78' \
	    -d "{\"target\":\"clean\",\"clean_steps\":$2}" \
	    "$OS_ENDPOINT/v1/nodes/$_u/states/provision")
	[ "$_c" = 202 ] || { echo "clean refused: $_c $(cat "$T/bm_clean.out")"; return 1; }
	wait_until 240 sh -c 'case "$(baremetal node show "$1" -f value -c provision_state)" in
	    manageable|"clean failed") exit 0 ;; esac; exit 1' sh "$1"
	bm_field "$1" provision_state
}
