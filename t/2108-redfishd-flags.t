#!/bin/sh
# 2108-redfishd-flags.t: usage and config errors (100), -n, readiness line, given and generated certificates
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
. "$TOP/t/helper/rflib.sh"
need curl openssl

redfishd -x >"$T/o" 2>&1
t_is 'unknown flag exits 100' $? 100
t_like 'usage line' "$(cat "$T/o")" '^usage: redfishd \[-Ansv\] \[-C socket\] \[-c certfile\] \[-E name=port,\.\.\.\] \[-f file\] \[-i server\] \[-k keyfile\] \[-l addr:port\] \[-L tls-addr:port\] \[-N fd\] \[-S socket\] \[-u user\]$'
redfishd extra >/dev/null 2>&1
t_is 'stray argument exits 100' $? 100
printf 'listen 127.0.0.1:0\nsession-timeout 60\n' >"$T/ok.conf"
t_ok '-n on a good file' redfishd -n -f "$T/ok.conf"
t_like 'configuration OK' "$(cat "$T/out")" 'configuration OK'
printf 'listen 127.0.0.1:0\nfrobnicate yes\n' >"$T/bad.conf"
redfishd -n -f "$T/bad.conf" >"$T/o" 2>&1
t_is 'unknown key exits 100' $? 100
t_like 'names file and line' "$(cat "$T/o")" 'bad.conf:2: unknown key "frobnicate"'
printf 'session-timeout 0\n' >"$T/bad2.conf"
redfishd -n -f "$T/bad2.conf" >/dev/null 2>&1
t_is 'bad number exits 100' $? 100
printf 'threads 7\n' >"$T/bad3.conf"
redfishd -n -f "$T/bad3.conf" >"$T/o" 2>&1
t_is 'too few threads exits 100' $? 100
t_like 'threads range named' "$(cat "$T/o")" 'threads: "7" is too small \(8\.\.4096\)'
redfishd -n -f "$T/nonexistent.conf" >/dev/null 2>&1
t_is 'missing file exits 100' $? 100
redfishd -k "$T/key.pem" -n >/dev/null 2>&1
t_is '-k without -c exits 100' $? 100

lab_sim 1
start_powerd
# a port in use: runtime failure, 111
python3 -c 'import socket,sys,time
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(30)' >"$T/port" &
hog=$!
wait_until 10 test -s "$T/port"
redfishd -l "127.0.0.1:$(cat "$T/port")" -S "$T/powerd.sock" >/dev/null 2>&1
t_is 'port in use exits 111' $? 111
kill $hog 2>/dev/null; wait $hog 2>/dev/null
# Debian's civetweb has no IPv6: refused at start, by name, not at a client
redfishd -l '[::1]:0' -S "$T/powerd.sock" -i srv1 >"$T/out" 2>&1
t_is 'HTTP on IPv6: exit 111 at start' $? 111
t_like 'HTTP on IPv6: says why' "$(cat "$T/out")" 'http \[::1\]:0: this civetweb has no IPv6'
redfishd -l 127.0.0.1:0 -L '[::1]:0' -S "$T/powerd.sock" -i srv1 >"$T/out" 2>&1
t_is 'HTTPS on IPv6: exit 111 at start' $? 111
t_like 'HTTPS on IPv6: says why' "$(cat "$T/out")" 'https \[::1\]:0: this civetweb has no IPv6'

# generated certificate: readiness line says http first, then https
start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1
t_like 'readiness: http then https' "$redfishd_addr" '^127\.0\.0\.1:[0-9]+ 127\.0\.0\.1:[0-9]+$'
echo | openssl s_client -connect "${redfishd_addr##* }" 2>/dev/null | openssl x509 -noout -subject -ext subjectAltName >"$T/cert" 2>&1
t_like 'self-signed certificate for srv1' "$(cat "$T/cert")" 'CN ?= ?srv1'
t_like 'SAN has 127.0.0.1' "$(cat "$T/cert")" 'IP Address:127.0.0.1'
echo | openssl s_client -connect "${redfishd_addr##* }" 2>/dev/null | openssl x509 >"$T/served.pem"
t_ok 'https verifies against the served cert' curl -s -f --cacert "$T/served.pem" "https://${redfishd_addr##* }/redfish/v1/"
stop redfishd
t_is 'SIGTERM: exit 0' $? 0

# given certificate and key in separate files
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
    -days 2 -subj /CN=given.example -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
start_as rfc redfishd -L 127.0.0.1:0 -S "$T/powerd.sock" -c "$T/cert.pem" -k "$T/key.pem"
t_like 'readiness: https only' "$rfc_addr" '^127\.0\.0\.1:[0-9]+$'
t_ok 'given certificate served and verified' curl -s -f --cacert "$T/cert.pem" "https://$rfc_addr/redfish/v1/"
# the certificate is checked at start, though HTTPS starts at its first client
printf 'not a certificate\n' >"$T/junk.pem"
redfishd -L 127.0.0.1:0 -S "$T/powerd.sock" -c "$T/junk.pem" >"$T/o" 2>&1
t_is 'a file without a certificate: exit 111 at start' $? 111
t_like 'it says why' "$(cat "$T/o")" 'junk\.pem: no certificate'
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key2.pem" -out "$T/cert2.pem" \
    -days 2 -subj /CN=other.example >/dev/null 2>&1
redfishd -L 127.0.0.1:0 -S "$T/powerd.sock" -c "$T/cert.pem" -k "$T/key2.pem" >"$T/o" 2>&1
t_is 'a key of another certificate: exit 111 at start' $? 111
t_like 'it says which' "$(cat "$T/o")" "key2\.pem: the key is not the certificate's"
redfishd -L 127.0.0.1:0 -S "$T/powerd.sock" -c "$T/cert.pem" -k "$T/nonexistent.pem" >"$T/o" 2>&1
t_is 'a missing key file: exit 111 at start' $? 111
# -G: one lab certificate written once, served by any redfishd given it
redfishd -G "$T/lab.pem" 2>"$T/g.err"
t_is '-G writes the certificate and exits 0' $? 0
t_like '-G: mode 0600' "$(stat -c %a "$T/lab.pem")" '^600$'
redfishd -G "$T/lab.pem" 2>"$T/g.err"
t_is '-G over an existing file exits 111' $? 111
t_like '-G: says why' "$(cat "$T/g.err")" 'lab\.pem: File exists'
redfishd -G "$T/lab2.pem" -l 127.0.0.1:0 >/dev/null 2>&1
t_is '-G with other flags exits 100' $? 100
start_as rfg redfishd -L 127.0.0.1:0 -S "$T/powerd.sock" -c "$T/lab.pem"
t_ok 'lab certificate served and verified' curl -s -f --cacert "$T/lab.pem" "https://$rfg_addr/redfish/v1/"
# -u: bind as root, then serve as nobody for good
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	start_as rfu redfishd -l 127.0.0.1:0 -S "$T/powerd.sock" -u nobody
	t_like 'runs as nobody' "$(sed -n 's/^Uid:[[:space:]]*//p' "/proc/$rfu_pid/status")" "^$(id -u nobody)[[:space:]]+$(id -u nobody)[[:space:]]+$(id -u nobody)"
	t_is 'still serves' "$(curl -s -o /dev/null -w '%{http_code}' "http://$rfu_addr/redfish")" 200
	# the lab certificate is root's alone (0600): read before -u
	start_as rfv redfishd -L 127.0.0.1:0 -S "$T/powerd.sock" -c "$T/lab.pem" -u nobody
	t_ok 'https after -u with a certificate only root reads' \
	    curl -s -f --cacert "$T/lab.pem" "https://$rfv_addr/redfish/v1/"
fi
# threads: a small fleet host asks for fewer civetweb workers
printf 'threads 8\n' >"$T/thr.conf"
start_as rft redfishd -l 127.0.0.1:0 -S "$T/powerd.sock" -f "$T/thr.conf"
t_is 'no worker before the first client' "$(ls "/proc/$rft_pid/task" | wc -l)" 1
t_is 'and it serves' "$(curl -s -o /dev/null -w '%{http_code}' "http://$rft_addr/redfish")" 200
n=$(ls "/proc/$rft_pid/task" | wc -l)
t_ok "threads 8: $n threads in all (1100 workers by default)" test "$n" -gt 8 -a "$n" -lt 20

# HTTP and HTTPS start at their first clients: OpenSSL is loaded then, and
# clients that come together while it starts are all answered
start_as rfl redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1 -f "$T/thr.conf"
t_ok 'no TLS library before the first HTTPS client' sh -c "! grep -q libssl /proc/$rfl_pid/maps"
i=0
while [ $i -lt 24 ]; do
	printf 'url = "http://%s/redfish/v1/Systems/srv1"\noutput = "/dev/null"\n' "${rfl_addr%% *}"
	printf 'url = "https://%s/redfish/v1/Systems/srv1"\noutput = "/dev/null"\n' "${rfl_addr##* }"
	i=$((i + 1))
done >"$T/urls"
curl -Z --parallel-immediate --parallel-max 48 -sk -u admin:password -m 20 \
    -w '%{http_code}\n' -K "$T/urls" >"$T/codes" 2>&1
t_is '48 first clients at once, HTTP and HTTPS: all answered' "$(grep -c '^200$' "$T/codes")" 48
t_ok 'OpenSSL loaded for them' grep -q libssl "/proc/$rfl_pid/maps"
# HTTPS that cannot start (no directory for civetweb's certificate file):
# its clients are closed, not kept waiting, HTTP is served, and a client
# a second after the cause is gone gets HTTPS
otmp=${TMPDIR:-}
TMPDIR=$T/later; export TMPDIR
start_as rfz redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" -i srv1 -f "$T/thr.conf"
if [ -n "$otmp" ]; then TMPDIR=$otmp; else unset TMPDIR; fi
curl -sk -m 10 -o /dev/null "https://${rfz_addr##* }/redfish/v1/"
t_ok 'HTTPS that cannot start: the client is closed, not timed out' test $? -ne 28 -a $? -ne 0
t_like 'it is logged' "$(cat "$T/rfz.log")" 'https: cannot write the certificate for civetweb'
t_is 'HTTP still served' "$(curl -s -o /dev/null -w '%{http_code}' "http://${rfz_addr%% *}/redfish")" 200
mkdir "$T/later"
https_up() { curl -sk -m 5 -f -o /dev/null "https://${rfz_addr##* }/redfish/v1/"; }
t_ok 'HTTPS starts once it can' wait_until 10 https_up
t_like 'the readiness ports are the ones served' \
    "$(curl -sk -u admin:password "https://${rfl_addr##* }/redfish/v1/Managers/bmc/NetworkProtocol")" \
    "\"HTTPS\": *\\{[^}]*\"Port\": *${rfl_addr##*:}"
t_ok 'clean exit' stop_all
done_testing
