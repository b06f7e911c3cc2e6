#!/usr/bin/env bash
# Fuzzes every parser of untrusted input for a few seconds each (scripts/test
# runs it): flow log lines (the engine's counts must match a slow reference
# implementation), plan YAML (never a panic; every problem positioned), the
# lease tag value and journal.jsonl (what recover reads after a crash), and
# the gzip decoder (its output and errors must match compress/flate's and
# compress/gzip's on any input), and Route 53 Resolver query logs (never a
# panic; every entry handed out has its required values).
# Inputs that ever failed are kept under each package's testdata/fuzz and
# run as regular test cases by `go test`.
#
#   ./scripts/fuzz.sh          # about 5 to 10 seconds per target on 2 cores
#   FUZZTIME=2m ./scripts/fuzz.sh
#
# The budgets are execution counts (-fuzztime Nx), not durations: with a
# duration, Go's fuzz coordinator can fail a target that found nothing with
# "context deadline exceeded" when a worker is still busy as the deadline
# fires (golang/go#75804, reported fixed in Go 1.27; it failed FuzzRead in CI on Go
# 1.26). A count has no deadline to race. Each count is about 5 seconds of
# that target's speed here (FuzzParse of analysis: 10). FUZZTIME, if set,
# replaces every budget (a duration or a count).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz() { # package, target, default budget, extra flags
  go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZTIME:-$3}" "${@:4}"
}
fuzz ./analysis FuzzParse 10000x
# group keys: a canonical IPv4 address is stored as 4 bytes; values must
# still decode, compare and order as their text
fuzz ./analysis FuzzGroupKey 50000x
fuzz ./plan FuzzParse 36000x -fuzzminimizetime 3s
fuzz ./acl FuzzParseLease 150000x
fuzz ./acl FuzzReadJournal 120000x
fuzz ./analysis/gunzip FuzzInflate 150000x
fuzz ./analysis/gunzip FuzzGunzip 70000x
fuzz ./analysis/dnslog FuzzRead 60000x
# the compare JSON report --compare reads: never a panic; bars drawable
fuzz ./run/report FuzzParseCompare 50000x
