#!/bin/sh
# mk/bench.sh: what `make bench` runs: every mk/bench-*.sh in turn. Each
# prints its figures (name, value, unit, target); nothing is asserted.
# SPDX-License-Identifier: ISC
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
rc=0
for b in "$TOP"/mk/bench-*.sh; do
	[ -f "$b" ] || continue
	echo "=== ${b##*/}"
	sh "$b" || { echo "bench: ${b##*/} failed ($?)"; rc=1; }
done
exit $rc
