#!/bin/sh
# 9000-man-lint.t: every man page exists and is clean under mandoc -Tlint.
# SPDX-License-Identifier: ISC
. "${0%/*}/lib.sh"
need mandoc
pages="powerd.8 powerctl.1 bmcsim.conf.5 ipmid.8 redfishd.8 sold.8 vncd.8"
plan 7
for p in $pages; do
	if [ ! -f "$TOP/man/$p" ]; then fail "$p exists"; continue; fi
	t_is "$p: mandoc -Tlint" "$(mandoc -Tlint -Wwarning "$TOP/man/$p" 2>&1)" ''
done
