# rflib.sh: helpers shared by the redfishd tests (t/2*.t); source after lib.sh.
# SPDX-License-Identifier: ISC

PY=/usr/bin/python3		# Debian's python: sushy and websocket live there
export PY

# rf_setup [REDFISHD ARGS]: a one-server sim lab, powerd, and redfishd on
# http and https; $RF and $RFS are the base URLs.
rf_setup() {
	[ -f "$T/lab.conf" ] || lab_sim 1
	start_powerd
	start redfishd -l 127.0.0.1:0 -L 127.0.0.1:0 -S "$T/powerd.sock" \
	    -i srv1 "$@"
	RF=http://${redfishd_addr%% *}
	RFS=https://${redfishd_addr##* }
}

# rf_req WHO METHOD PATH [CURL ARGS]: WHO is admin, operator, readonly
# (the lab's accounts), none, tok:TOKEN or user:pass.  Sets $RC; body in
# $T/body, headers in $T/hdr.
rf_req() {
	_who=$1; _m=$2; _p=$3; shift 3
	case $_who in
	none) ;;
	tok:*) set -- "$@" -H "X-Auth-Token: ${_who#tok:}" ;;
	*:*) set -- "$@" -u "$_who" ;;
	*) set -- "$@" -u "$_who:$(cat "$T/pw.$_who")" ;;
	esac
	[ "$_m" = HEAD ] && set -- "$@" -I
	[ "$_m" = HEAD ] || set -- "$@" -X "$_m"
	RC=$(curl -s -k -o "$T/body" -D "$T/hdr" -w '%{http_code}' \
	    --max-time 30 "$@" "${RF_BASE:-$RF}$_p")
}
# rf_json WHO METHOD PATH JSON: as rf_req with a JSON body
rf_json() {
	_jw=$1; _jm=$2; _jp=$3; _jb=$4; shift 4
	rf_req "$_jw" "$_jm" "$_jp" -H 'Content-Type: application/json' \
	    --data-binary "$_jb" "$@"
}
# jv EXPR: a Python expression over d, the JSON body of the last request
jv() {
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(json.dumps(v) if isinstance(v, (dict, list, bool)) or v is None else v)' \
	    "$T/body" "$1" 2>/dev/null
}
# hdr NAME: a response header's value
hdr() {
	tr -d '\r' <"$T/hdr" | sed -n "s/^$1: //Ip" | tail -n 1
}
# t_status DESC WANT: the last request's status
t_status() {
	if [ "$RC" = "$2" ]; then pass "$1"; else
		fail "$1" "status $RC, want $2" "$(head -c 600 "$T/body")"; fi
}
# t_msgid DESC ID: the error body names Base.x.MessageId ID
t_msgid() {
	t_like "$1" "$(jv '[m["MessageId"] for m in d["error"]["@Message.ExtendedInfo"]]')" "Base\.[0-9.]+\.$2"
}
