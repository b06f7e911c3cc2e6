#!/usr/bin/env bash
# Compares aclprobe analyze with DuckDB (duckref) on the benchmark data set
# of ../shared/bench: 16 gzip files, ~8M NAT gateway records. Builds
# aclprobe, flowgen and duckref in $BENCH_TMP (default /tmp; duckref's
# first build takes minutes), generates the data when absent, runs both
# interleaved (A B A B ...) under /usr/bin/time -v and prints the median
# wall times, their ratio, the peak RSS of each and whether the outputs are
# identical. Exit status 1 when the outputs differ.
#
#   ./scripts/bench.sh            # 5 rounds
#   ROUNDS=9 ./scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared/bench}
TMP=${BENCH_TMP:-/tmp}
DATA=${BENCH_DATA:-$TMP/flowlogs}
ROUNDS=${ROUNDS:-5}
OUT=$(mktemp -d -t aclprobe-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
echo "building aclprobe, flowgen, duckref (in $TMP)"
go build -o "$TMP/aclprobe-bench" ./cmd/aclprobe
[ -x "$TMP/flowgen" ] || go build -C "$SHARED/flowgen" -o "$TMP/flowgen" .
[ -x "$TMP/duckref" ] || go build -C "$SHARED/duckref" -o "$TMP/duckref" .
if [ "$(ls "$DATA"/*.log.gz 2>/dev/null | wc -l)" -ne 16 ]; then
  echo "generating $DATA (16 files x 500000 lines, about a minute)"
  "$TMP/flowgen" -files 16 -lines 500000 -out "$DATA"
fi

A=("$TMP/aclprobe-bench" analyze --src-cidr 10.0.0.0/16 --nat-ip 10.0.100.10,10.0.101.10 --top 20 --format csv "$DATA")
B=("$TMP/duckref" -glob "$DATA/*.log.gz" -src-like '10.0.%' -nat 10.0.100.10,10.0.101.10 -top 20)

run() { # name round command...
  local name=$1 round=$2; shift 2
  /usr/bin/time -v "$@" >"$OUT/$name.$round.csv" 2>"$OUT/$name.$round.err"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/$name.$round.err")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.$round.err")
  echo "$wall $rss" >>"$OUT/$name.times"
  printf '  round %d %-8s %6.2f s %7d MiB\n' "$round" "$name" "$wall" $((rss / 1024))
}
echo "running $ROUNDS rounds, interleaved"
for r in $(seq 1 "$ROUNDS"); do
  run aclprobe "$r" "${A[@]}"
  run duckref "$r" "${B[@]}"
done

median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
a=$(cut -d' ' -f1 "$OUT/aclprobe.times" | median)
b=$(cut -d' ' -f1 "$OUT/duckref.times" | median)
arss=$(cut -d' ' -f2 "$OUT/aclprobe.times" | sort -n | tail -1)
brss=$(cut -d' ' -f2 "$OUT/duckref.times" | sort -n | tail -1)
same=yes
for r in $(seq 1 "$ROUNDS"); do
  cmp -s "$OUT/aclprobe.$r.csv" "$OUT/duckref.1.csv" || same=no
done
echo
printf 'aclprobe median %.2f s, peak RSS %d MiB\n' "$a" $((arss / 1024))
printf 'duckref  median %.2f s, peak RSS %d MiB\n' "$b" $((brss / 1024))
awk -v a="$a" -v b="$b" 'BEGIN {printf "ratio    %.2fx faster than duckref (target 3x)\n", b/a}'
echo "outputs identical: $same"
[ "$same" = yes ] || { diff "$OUT/aclprobe.1.csv" "$OUT/duckref.1.csv" | head -20; exit 1; }
