#!/usr/bin/env bash
# Builds one libFuzzer target (or every target, one after another) with clang-14 and runs it
# for a time or a number of executions (docs/fuzzing.md).
#
#   tests/fuzz/run.sh TARGET|all DURATION [LIBFUZZER_FLAG...]
#
# DURATION: seconds (600, 600s), minutes (10m), hours (2h), or executions (10000000runs).
# Targets: instrument_loader answer_validation answer_view csv_import form_body cookie_query
# http_request.
#
# The build is its own directory, $TESSERA_FUZZ_BUILD (default build-fuzz): Clang, -O1,
# coverage instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer on every Tessera
# target, libFuzzer linked into tests/fuzz/<target>_fuzz.cc. The corpus grows in
# $TESSERA_FUZZ_WORK/<target>/corpus (default build-fuzz/work), seeded from
# tests/fuzz/corpus/<target>/, which is only read. Crashes, leaks and timeouts are written to
# the work directory and copied to tests/fuzz/crashes/<target>/, where the CTest test
# fuzz.<target> replays them from then on. The exit status is libFuzzer's (non-zero: a crash).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"
targets=(instrument_loader answer_validation answer_view csv_import form_body cookie_query http_request)

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
(($# >= 2)) || usage
target="$1"
duration="$2"
shift 2

if [[ $target == all ]]; then
  status=0
  for each in "${targets[@]}"; do "$0" "$each" "$duration" "$@" || status=$?; done
  exit "$status"
fi
known=0
for each in "${targets[@]}"; do [[ $each == "$target" ]] && known=1; done
((known)) || { echo "run.sh: unknown target '$target'" >&2; usage; }

case "$duration" in
  *runs) limit=("-runs=${duration%runs}") ;;
  *h) limit=("-max_total_time=$((${duration%h} * 3600))") ;;
  *m) limit=("-max_total_time=$((${duration%m} * 60))") ;;
  *s) limit=("-max_total_time=${duration%s}") ;;
  *[!0-9]* | '') usage ;;
  *) limit=("-max_total_time=$duration") ;;
esac

build="${TESSERA_FUZZ_BUILD:-$source_dir/build-fuzz}"
work="${TESSERA_FUZZ_WORK:-$build/work}/$target"
compiler="${TESSERA_FUZZ_CXX:-clang++-14}"
command -v "$compiler" >/dev/null || { echo "run.sh: $compiler not found (.ci/install)" >&2; exit 2; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [[ ! -f $build/CMakeCache.txt ]]; then
  # -O1 with line tables: libFuzzer's usual choice. RelWithDebInfo's flags are replaced so that
  # NDEBUG stays undefined and assertions stay on.
  cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$compiler" "${launcher[@]}" \
    -DTESSERA_FUZZ=ON -DTESSERA_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" >&2
fi
nice -n 10 cmake --build "$build" --target "${target}_fuzz" >&2

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
artifacts="$work/artifacts/$stamp"
mkdir -p "$work/corpus" "$artifacts"
flags=(-artifact_prefix="$artifacts/" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1)
[[ -f $here/dict/$target.dict ]] && flags+=(-dict="$here/dict/$target.dict")
# Catalogue instruments are 30-45 KB: let inputs grow that far for the loader.
[[ $target == instrument_loader ]] && flags+=(-max_len=65536)
# The HTTP target touches some 50,000 coverage features an input; libFuzzer's entropic schedule
# spent more than half the time updating their frequencies (2.6 times slower), so it is off.
[[ $target == http_request ]] && flags+=(-entropic=0)

log="$work/fuzz-$stamp.log"
echo "run.sh: $target for ${limit[*]}; log $log" >&2
status=0
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  nice -n 10 "$build/fuzz/${target}_fuzz" "${flags[@]}" "${limit[@]}" "$@" \
  "$work/corpus" "$here/corpus/$target" >"$log" 2>&1 || status=$?

# What to record in docs/fuzzing.md: executions, speed, coverage, corpus.
grep -E '^#[0-9]+.*(cov|DONE)' "$log" | tail -1 >&2 || true
grep -E '^(Done|stat::)' "$log" >&2 || true
echo "run.sh: corpus $(find "$work/corpus" -type f | wc -l) files" >&2

found=0
for artifact in "$artifacts"/*; do
  [[ -f $artifact ]] || continue
  mkdir -p "$source_dir/tests/fuzz/crashes/$target"
  destination="$source_dir/tests/fuzz/crashes/$target/$(basename "$artifact")"
  if [[ ! -f $destination ]]; then
    cp "$artifact" "$destination"
    echo "run.sh: new failing input $destination" >&2
    found=1
  fi
done
((found)) && echo "run.sh: see $log; minimise with $build/fuzz/${target}_fuzz -minimize_crash=1 -runs=100000 FILE" >&2
exit "$status"
