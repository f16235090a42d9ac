# anslib.sh: Debian's Ansible run ad hoc on localhost against a test's
# daemons; source after lib.sh.
# SPDX-License-Identifier: ISC

# ans MODULE ARGS...: one community.general module run; ARGS is key=value
# words or one JSON object.  The module's result is in $T/ans.json (see
# aj), ansible's exit status is returned.  requests lets
# REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override the modules' verify=False
# (requests#3829): they are unset.
ans() {
	_m=$1; shift
	env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE \
	    ANSIBLE_LOAD_CALLBACK_PLUGINS=1 ANSIBLE_STDOUT_CALLBACK=json \
	    ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0 \
	    ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 \
	    ANSIBLE_HOME="$T/ansible" ANSIBLE_NOCOLOR=1 \
	    timeout 120 ansible localhost -c local -i localhost, \
	    -m "community.general.$_m" -a "$*" >"$T/ans.out" 2>"$T/ans.err"
	_rc=$?
	jq '.plays[0].tasks[0].hosts.localhost' "$T/ans.out" >"$T/ans.json" \
	    2>/dev/null || : >"$T/ans.json"
	[ $_rc -eq 0 ] || { diag "ansible $_m $*: exit $_rc"; head -c 2000 \
	    "$T/ans.json" "$T/ans.err" | sed 's/^/# /'; }
	return $_rc
}
# aj FILTER: jq on the last module result
aj() { jq -r "$1" "$T/ans.json"; }
