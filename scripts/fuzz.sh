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
#   ./scripts/fuzz.sh          # 10 seconds for the flow log parser, 5 for the others
#   FUZZTIME=2m ./scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./analysis -run '^$' -fuzz '^FuzzParse$' -fuzztime "${FUZZTIME:-10s}"
go test ./plan -run '^$' -fuzz '^FuzzParse$' -fuzztime "${FUZZTIME:-5s}" -fuzzminimizetime 3s
go test ./acl -run '^$' -fuzz '^FuzzParseLease$' -fuzztime "${FUZZTIME:-5s}"
go test ./acl -run '^$' -fuzz '^FuzzReadJournal$' -fuzztime "${FUZZTIME:-5s}"
go test ./analysis/gunzip -run '^$' -fuzz '^FuzzInflate$' -fuzztime "${FUZZTIME:-5s}"
go test ./analysis/gunzip -run '^$' -fuzz '^FuzzGunzip$' -fuzztime "${FUZZTIME:-5s}"
go test ./analysis/dnslog -run '^$' -fuzz '^FuzzRead$' -fuzztime "${FUZZTIME:-5s}"
# the compare JSON report --compare reads: never a panic; bars drawable
go test ./run/report -run '^$' -fuzz '^FuzzParseCompare$' -fuzztime "${FUZZTIME:-5s}"
