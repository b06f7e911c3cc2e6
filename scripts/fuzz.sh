#!/usr/bin/env bash
# Fuzzes the flow log line parser for a few seconds (scripts/test runs it):
# arbitrary text after a header line must never fail or panic, and the
# engine's counts must match a slow reference implementation.
#
#   ./scripts/fuzz.sh          # 10 seconds
#   FUZZTIME=2m ./scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./analysis -run '^$' -fuzz '^FuzzParse$' -fuzztime "${FUZZTIME:-10s}"
