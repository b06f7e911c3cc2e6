#!/usr/bin/env bash
# Bounded memory at scale (issue 17), on ../shared/bench's data:
#
# 1. The 4-tuple grouping (--by srcaddr,srcport,dstaddr,dstport --top 10,
#    7.5M groups on the 16-file reference set) against DuckDB (duckref
#    -sql), interleaved: aclprobe at --memory 128MiB, 256MiB and 512MiB,
#    then duckref, ROUNDS times. Prints median wall time and peak RSS of
#    each, and whether each top 10 is DuckDB's (exit 1 when one is not).
# 2. Growth: the NAT reference query and the 4-tuple grouping (default
#    --memory) on 1x, 2x and 4x the reference set (flowgen -files 16, 32,
#    64), interleaved: median wall time, peak RSS and records per second.
#
# Builds aclprobe, flowgen and duckref in $BENCH_TMP (default /tmp; the
# first duckref build takes minutes) and generates the data sets there when
# absent (about 2, 4 and 8 minutes; 140, 275 and 550 MB).
#
#   ./scripts/bench-scale.sh                 # 3 rounds of each
#   ROUNDS=5 PARTS=tuple ./scripts/bench-scale.sh
#   PARTS=growth ./scripts/bench-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared/bench}
TMP=${BENCH_TMP:-/tmp}
ROUNDS=${ROUNDS:-3}
PARTS=${PARTS:-tuple growth}
OUT=$(mktemp -d -t aclprobe-bench-scale.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

command -v /usr/bin/time >/dev/null || { echo "bench-scale: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
echo "building aclprobe, flowgen, duckref (in $TMP)" >&2
go build -o "$TMP/aclprobe-bench" ./cmd/aclprobe
[ -x "$TMP/flowgen" ] || go build -C "$SHARED/flowgen" -o "$TMP/flowgen" .
[ -x "$TMP/duckref" ] || go build -C "$SHARED/duckref" -o "$TMP/duckref" .

data() { # files -> directory of that many flowgen files (generated when absent)
  local dir=$TMP/flowlogs
  [ "$1" -ne 16 ] && dir=$TMP/flowlogs-$1
  if [ "$(ls "$dir"/*.log.gz 2>/dev/null | wc -l)" -ne "$1" ]; then
    echo "generating $dir ($1 files x 500000 lines)" >&2
    rm -rf "$dir"
    "$TMP/flowgen" -files "$1" -lines 500000 -out "$dir" >&2
  fi
  echo "$dir"
}

run() { # name command... : one timed run, output in $OUT/name.csv, "wall rss" appended to $OUT/name.times
  local name=$1; shift
  /usr/bin/time -v "$@" >"$OUT/$name.csv" 2>"$OUT/$name.err" || { cat "$OUT/$name.err" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/$name.err")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.err")
  echo "$wall $rss" >>"$OUT/$name.times"
  printf '  %-24s %7.2f s %6d MiB\n' "$name" "$wall" $((rss / 1024)) >&2
}
median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
summary() { # name [records]: "median-wall peak-rss-MiB"
  local w r
  w=$(cut -d' ' -f1 "$OUT/$1.times" | median)
  r=$(cut -d' ' -f2 "$OUT/$1.times" | sort -n | tail -1)
  echo "$w $((r / 1024))"
}

A="$TMP/aclprobe-bench"
TUPLE=(--by srcaddr,srcport,dstaddr,dstport --top 10 --format csv)
NAT=(--src-cidr 10.0.0.0/16 --nat-ip 10.0.100.10,10.0.101.10 --top 20 --format csv)
SQL="SELECT srcaddr, srcport, dstaddr, dstport, count(*) AS flows, sum(packets) AS packets, sum(bytes) AS bytes
FROM FLOWS WHERE \"log-status\" = 'OK' GROUP BY ALL ORDER BY flows DESC, bytes DESC, 1, 2, 3, 4 LIMIT 10"
status=0

if [[ " $PARTS " == *" tuple "* ]]; then
  D=$(data 16)
  echo "4-tuple grouping on $D, $ROUNDS rounds, interleaved" >&2
  for r in $(seq 1 "$ROUNDS"); do
    for m in 128 256 512; do run "aclprobe-$m" "$A" analyze "${TUPLE[@]}" --memory "${m}MiB" "$D"; done
    run duckref "$TMP/duckref" -glob "$D/*.log.gz" -sql "$SQL"
  done
  echo
  echo "## 4-tuple grouping, top 10 (7.5M groups), median of $ROUNDS"
  echo "| tool | median wall s | peak RSS MiB | top 10 = DuckDB's |"
  echo "|---|---:|---:|---|"
  for m in 128 256 512; do
    same=yes; cmp -s "$OUT/aclprobe-$m.csv" "$OUT/duckref.csv" || { same=no; status=1; }
    read -r w rss < <(summary "aclprobe-$m")
    echo "| aclprobe --memory ${m}MiB | $w | $rss | $same |"
  done
  read -r w rss < <(summary duckref)
  echo "| duckref (DuckDB) | $w | $rss | |"
fi

if [[ " $PARTS " == *" growth "* ]]; then
  for n in 16 32 64; do data "$n" >/dev/null; done
  echo "growth: 16, 32, 64 files, $ROUNDS rounds, interleaved" >&2
  for r in $(seq 1 "$ROUNDS"); do
    for n in 16 32 64; do
      D=$(data "$n")
      run "nat-$n" "$A" analyze "${NAT[@]}" "$D"
      run "tuple-$n" "$A" analyze "${TUPLE[@]}" "$D"
    done
  done
  echo
  echo "## growth, median of $ROUNDS (default --memory 512MiB)"
  echo "| data | records | NAT query s | NAT peak MiB | 4-tuple s | 4-tuple peak MiB | 4-tuple M records/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for n in 16 32 64; do
    recs=$((n * 500000))
    read -r nw nr < <(summary "nat-$n")
    read -r tw tr < <(summary "tuple-$n")
    rate=$(awk -v r="$recs" -v w="$tw" 'BEGIN {printf "%.2f", r/w/1e6}')
    echo "| $((n / 16))x ($n files) | $recs | $nw | $nr | $tw | $tr | $rate |"
  done
fi
exit $status
