#!/usr/bin/env bash
# Builds and runs every test: what CI runs (.ci/run) and what a contributor
# runs before sending a change. Stages, each under a banner:
#   1. deps         install missing Debian packages (scripts/deps.sh)
#   2. release      build with -Werror (g++), run all tests: unit, corpus, CLI
#   3. asan-ubsan   build tests with ASan+UBSan (clang++), run them
#   4. fuzz         build the libFuzzer targets (clang++), seed them from real
#                   cables (fuzz/make_seeds.sh), run each for a bounded time
# A failing test stage does not stop the later ones, so one run reports every
# failure; a failing build does. Ends with `N passed, N failed` (ctest totals
# plus fuzz targets) and exits non-zero when anything failed.
#
# Environment:
#   JOBS=n                 build and ctest parallelism (default: nproc)
#   FUZZ_SECONDS=s         time per fuzz target (default 15)
#   CHANCERY_BUILD_ROOT    where build/<preset> dirs go (default: ./build)
#   SKIP_ASAN=1 SKIP_FUZZ=1  skip a stage (local iteration only; CI runs all)
#   ASAN_CTEST_ARGS        extra ctest arguments for the sanitizer run, e.g.
#                          "-E ^CorpusTest" to leave out the corpus tests
#   CI=true                set by CI; shows full ctest output on failure anyway
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_root=${CHANCERY_BUILD_ROOT:-$root/build}
jobs=${JOBS:-$(nproc)}
fuzz_seconds=${FUZZ_SECONDS:-15}

passed=0
failed=0
failures=()
timings=()
stage_name=""
stage_start=0

banner() {
  end_stage
  stage_name=$1
  stage_start=$SECONDS
  printf '\n==== %s ====\n' "$*"
}
end_stage() {
  if [[ -n $stage_name ]]; then
    timings+=("$(printf '%-46s %5ds' "$stage_name" $((SECONDS - stage_start)))")
  fi
  stage_name=""
}
summary() {
  local rc=$1
  end_stage
  printf '\n==== summary ====\n'
  printf '%s\n' "${timings[@]}"
  if ((rc != 0 && failed == 0)); then  # a build or set-up step stopped the run
    failed=1
    failures+=("stopped by a failing command (exit $rc); see the output above")
  fi
  ((${#failures[@]} == 0)) || printf 'FAILED: %s\n' "${failures[@]}"
  echo "$passed passed, $failed failed"
}
# The summary is printed however the script ends, including a failed build.
trap 'rc=$?; [[ -z $stage_name ]] || echo "test.sh: stopped in stage \"$stage_name\"" >&2
      summary $rc; exit $rc' EXIT

# configure_and_build <preset> [target...]: the preset's settings, in
# $build_root/<preset>; the targets named, or all.
configure_and_build() {
  local preset=$1
  shift
  cmake --preset "$preset" -B "$build_root/$preset" -DCHANCERY_WERROR=ON
  if (($# > 0)); then
    cmake --build "$build_root/$preset" -j "$jobs" --target "$@"
  else
    cmake --build "$build_root/$preset" -j "$jobs"
  fi
}

# run_ctest <preset> [ctest args...]: counts the totals ctest prints in its
# closing line ("100% tests passed, 0 tests failed out of 42").
run_ctest() {
  local preset=$1
  shift
  local log="$build_root/$preset/ctest.log"
  local rc=0
  ctest --test-dir "$build_root/$preset" --output-on-failure --no-tests=error -j "$jobs" \
    --timeout 900 "$@" 2>&1 | tee "$log" || rc=$?
  local line total=0 bad=0
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
  if [[ $line =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    bad=${BASH_REMATCH[1]}
    total=${BASH_REMATCH[2]}
  fi
  if ((rc != 0 && bad == 0)); then bad=1; fi  # ctest itself failed (no tests, a crash)
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  ((bad == 0)) || failures+=("$preset: $bad of $total tests failed (log: $log)")
}

banner "deps: Debian packages"
bash scripts/deps.sh

banner "release: configure + build (-Werror)"
configure_and_build release

banner "release: ctest (unit, corpus, CLI)"
run_ctest release

if [[ ${SKIP_ASAN:-0} != 1 ]]; then
  banner "asan-ubsan: configure + build tests"
  configure_and_build asan-ubsan

  banner "asan-ubsan: ctest"
  # The same ASAN/UBSAN options as the asan-ubsan test preset; ASAN_CTEST_ARGS
  # is split into words on purpose.
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest asan-ubsan ${ASAN_CTEST_ARGS:-}
fi

if [[ ${SKIP_FUZZ:-0} != 1 ]]; then
  banner "fuzz: configure + build (clang++, libFuzzer)"
  # The targets only (they link just the libraries they read with): the
  # server and the command line are not fuzzed here.
  cmake --preset fuzz -B "$build_root/fuzz" -DCHANCERY_WERROR=ON
  mapfile -t fuzz_targets < <(grep -v '^$' "$build_root/fuzz/fuzz-targets.txt")
  cmake --build "$build_root/fuzz" -j "$jobs" --target "${fuzz_targets[@]}"

  banner "fuzz: seed corpus"
  chancery_bin=$(find "$build_root/release" -maxdepth 4 -type f -name chancery -perm -u+x \
                 -print -quit 2>/dev/null || true)
  CHANCERY_BIN=$chancery_bin bash fuzz/make_seeds.sh "$build_root/fuzz-seeds"

  banner "fuzz: ${fuzz_seconds}s per target"
  fuzz_dir=$build_root/fuzz
  mapfile -t targets <"$fuzz_dir/fuzz-targets.txt"
  for t in "${targets[@]}"; do
    [[ -n $t ]] || continue
    # New inputs go to a scratch corpus, crashes to artifacts/; the seeds stay as built.
    mkdir -p "$fuzz_dir/corpus/$t" "$fuzz_dir/artifacts"
    log=$fuzz_dir/$t.log
    printf -- '-- %s ... ' "$t"
    start=$SECONDS
    # fuzz/lsan.supp: a known, bounded leak inside Xapian's query parser.
    if LSAN_OPTIONS="suppressions=$root/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
         "$fuzz_dir/fuzz/$t" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 \
         -print_final_stats=1 -artifact_prefix="$fuzz_dir/artifacts/$t-" \
         "$fuzz_dir/corpus/$t" "$build_root/fuzz-seeds/$t" >"$log" 2>&1; then
      runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
      cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 || true)
      echo "ok ($((SECONDS - start))s, $runs runs, $cov)"
      passed=$((passed + 1))
    else
      echo "FAILED ($((SECONDS - start))s), log: $log"
      grep -aE 'fuzz invariant|ERROR: |SUMMARY: |Test unit written|runtime error|terminate called|what\(\):' "$log" | head -n 20 || true
      tail -n 40 "$log"
      failed=$((failed + 1))
      failures+=("fuzz: $t (reproduce: $fuzz_dir/fuzz/$t <artifact> ; see $log)")
    fi
  done
fi
end_stage
((failed == 0))
