#!/usr/bin/python3
# fake-ipa.py: stands in for Ironic's ramdisk agent (IPA) on a simulated
# server, so that Ironic's out-of-band clean steps that reboot the node
# (BIOS, RAID, firmware) can finish without a real ramdisk.  While the
# server is powered on it does what IPA does after booting: looks its node
# up by MAC (GET /v1/lookup), then heartbeats (POST /v1/heartbeat/<uuid>)
# every second with the agent token and a callback URL on which it answers
# the few agent API calls Ironic makes (command status: nothing running).
# A power-off or reset is a new boot: the token is looked up again, as
# Ironic wipes it on every power action.
# usage: fake-ipa.py IRONIC_URL MAC POWERD_SOCKET SERVER
# Prints "fake-ipa: listening on URL" once serving; logs to stderr.
# SPDX-License-Identifier: ISC
import http.server
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

API = "1.68"


def log(msg):
    sys.stderr.write("fake-ipa: %s\n" % msg)
    sys.stderr.flush()


class Agent(http.server.BaseHTTPRequestHandler):
    def reply(self, code, obj):
        b = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def do_GET(self):
        if self.path.startswith("/v1/commands"):
            self.reply(200, {"commands": []})
        elif self.path in ("/", "/v1", "/v1/"):
            self.reply(200, {"name": "fake-ipa"})
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(n) or b"{}")
        name = body.get("name", "")
        log("command %s" % name)
        res = {}
        if name.endswith("get_clean_steps") or name.endswith("get_deploy_steps"):
            k = "clean_steps" if "clean" in name else "deploy_steps"
            res = {k: {"GenericHardwareManager": []},
                   "hardware_manager_version": {"generic_hardware_manager": "1.1"}}
        elif name.endswith("collect_system_logs"):
            res = {"system_logs": ""}
        self.reply(200, {"id": "1", "command_name": name.split(".")[-1],
                         "command_status": "SUCCEEDED",
                         "command_result": res, "command_error": None})

    def log_message(self, *a):
        pass


def call(method, url, obj=None):
    data = json.dumps(obj).encode() if obj is not None else None
    rq = urllib.request.Request(url, data=data, method=method, headers={
        "X-OpenStack-Ironic-API-Version": API,
        "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(rq, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, {}
    except (urllib.error.URLError, OSError, ValueError):
        return 0, {}


def power(sock, server):
    """(on?, last_reset) from powerd, via powerctl"""
    try:
        out = subprocess.run(["powerctl", "-S", sock, "-j", "status", server],
                             capture_output=True, text=True, timeout=10).stdout
        st = json.loads(out)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return False, None
    return st.get("power") == "on", st.get("last_reset")


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: fake-ipa.py IRONIC_URL MAC POWERD_SOCKET SERVER\n")
        return 100
    ironic, mac, sock, server = sys.argv[1:]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Agent)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    cb = "http://127.0.0.1:%d" % srv.server_address[1]
    print("fake-ipa: listening on %s" % cb, flush=True)
    token = uuid = boot = None
    while True:
        on, reset = power(sock, server)
        if not on or reset != boot:
            token = None
            boot = reset if on else None
        if on and token is None:
            code, node = call("GET", "%s/v1/lookup?addresses=%s" % (ironic, mac))
            t = (node.get("config") or {}).get("agent_token")
            if code == 200 and t and t != "******":
                token, uuid = t, node["node"]["uuid"]
                log("boot %s: node %s, token taken" % (boot, uuid))
        if on and token is not None:
            code, _ = call("POST", "%s/v1/heartbeat/%s" % (ironic, uuid), {
                "callback_url": cb, "agent_version": "9.0.0",
                "agent_token": token})
            if code not in (200, 202, 204):
                log("heartbeat answered %d; looking up again" % code)
                token = None
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
