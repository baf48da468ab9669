#!/usr/bin/env bash
# Whole-process throughput of `chancery parse --json cables.csv > /dev/null`
# with --threads 1 and --threads 2 in the same run: MB/s of input, the
# 2-vs-1 ratio and peak RSS. What a user waits for, start-up and output
# included, where chancery_bench times the readers alone.
#
# Usage: bash bench/whole_process.sh [cables.csv]
#   input:   the argument, else $CHANCERY_BENCH_CSV, else ../shared/corpus/cables-dev.csv.zst
#            decompressed once to build/bench/cables.csv ($CHANCERY_BENCH_WORK)
#   binary:  $CHANCERY_BIN, else build/release/src/cli/chancery (bash scripts/run.sh builds it)
#   RUNS=n   timed runs per thread count (default 5), after one warm-up run
# Uses hyperfine when installed (apt-get install hyperfine), else a loop timed
# with bash's clock; peak RSS always comes from /usr/bin/time -v.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-5}
bin=${CHANCERY_BIN:-$root/build/release/src/cli/chancery}
work=${CHANCERY_BENCH_WORK:-$root/build/bench}
mkdir -p "$work"

csv=${1:-${CHANCERY_BENCH_CSV:-}}
if [[ -z $csv ]]; then
  csv=$work/cables.csv
  if [[ ! -s $csv ]]; then
    zst=$root/../shared/corpus/cables-dev.csv.zst
    [[ -f $zst ]] || { echo "no input: pass a cables.csv or set CHANCERY_BENCH_CSV" >&2; exit 2; }
    zstd -q -dc "$zst" >"$csv"
  fi
fi
[[ -x $bin ]] || { echo "no chancery binary at $bin (bash scripts/run.sh builds it)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing: bash scripts/deps.sh" >&2; exit 2; }

bytes=$(stat -c %s "$csv")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "input: $csv ($mb MB), binary: $bin, $runs runs per thread count, $(nproc) cores"

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run <threads>: one parse; exit 1 (some records had errors) still counts as a run.
run() { "$bin" parse --json --threads "$1" "$csv" >/dev/null || (($? == 1)); }

# seconds <threads>: median wall-clock seconds of the runs
seconds() {
  local t=$1
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --style basic --ignore-failure --warmup 1 --runs "$runs" --export-csv "$work/hyperfine-$t.csv" \
      "'$bin' parse --json --threads $t '$csv' > /dev/null" >&2
    # command,mean,stddev,median,user,system,min,max
    awk -F, 'NR == 2 { print $4 }' "$work/hyperfine-$t.csv"
  else
    run "$t"  # warm-up: page cache
    for ((i = 0; i < runs; i++)); do
      local start=$EPOCHREALTIME
      run "$t"
      awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }'
    done | median
  fi
}

# peak_rss_mb <threads>: "Maximum resident set size" of one run, in MB
peak_rss_mb() {
  /usr/bin/time -v "$bin" parse --json --threads "$1" "$csv" 2>&1 >/dev/null |
    awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' || true
}

declare -A secs rss
for t in 1 2; do
  secs[$t]=$(seconds "$t")
  rss[$t]=$(peak_rss_mb "$t")
done

printf '\n%-10s %10s %10s %14s\n' threads seconds MB/s "peak RSS MB"
for t in 1 2; do
  awk -v t="$t" -v s="${secs[$t]}" -v b="$bytes" -v r="${rss[$t]}" \
    'BEGIN { printf "%-10s %10.3f %10.1f %14s\n", t, s, b / 1e6 / s, r }'
done
awk -v a="${secs[1]}" -v b="${secs[2]}" 'BEGIN { printf "2-vs-1 ratio: %.2fx\n", a / b }'
