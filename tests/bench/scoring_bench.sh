#!/usr/bin/env bash
# Scoring benchmark: C++ (tests/bench/scoring_bench.cc, one core) against R (psych::alpha and
# aggregate(), tests/bench/scoring_bench.R) on the same 1,000,000 x 60 data, in one run.
#
#   tests/bench/scoring_bench.sh SCORING_BENCH_BINARY [options]
#     --respondents N   respondents (default 1000000)
#     --cpp-repeat N    timed C++ passes, half before and half after R (default 6)
#     --r-repeat N      timed R passes (default 3; about 1-3 minutes each at 1,000,000)
#     --keep DIR        keep the CSV and the JSON lines in DIR (default: a temporary directory)
#
# Build the binary in a Release tree:
#   cmake -S . -B build-stats-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DTESSERA_BUILD_BENCH=ON
#   cmake --build build-stats-rel --target scoring_bench
# Needs Rscript with psych, and python3 (standard library). Writes about 140 MB of CSV.
# Prints the machine, every run as a JSON line, and RESULT lines: C++ and R times (best and
# median, wall clock and CPU), the ratios R / C++, peak RSS against the matrix, and the largest
# difference between the C++ and R alphas (exits 1 when above 1e-9).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { sed -n 2,17p "$0"; exit 2; }
binary=$(realpath "$1"); shift
respondents=1000000 cpp_repeat=6 r_repeat=3 keep=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --respondents) respondents=$2; shift 2 ;;
    --cpp-repeat) cpp_repeat=$2; shift 2 ;;
    --r-repeat) r_repeat=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "scoring_bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -n $keep ]]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

echo "MACHINE nproc=$(nproc) cpu=\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')\"" \
     "mem=\"$(free -g | awk '/^Mem:/ {print $2 " GiB"}')\" kernel=$(uname -r)"
echo "START $(date -u +%Y-%m-%dT%H:%M:%SZ) loadavg=\"$(cut -d' ' -f1-3 /proc/loadavg)\""

# The data, once, as CSV for R (same seed, so the same matrix as every timed run).
"$binary" --respondents "$respondents" --repeat 1 --csv "$work/data.csv" > "$work/csv.jsonl"

before=$(( (cpp_repeat + 1) / 2 ))
after=$(( cpp_repeat - before ))
"$binary" --respondents "$respondents" --repeat "$before" | tee "$work/cpp_before.jsonl"
echo "R START loadavg=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
Rscript "$here/scoring_bench.R" "$work/data.csv" "$r_repeat" | tee "$work/r.jsonl"
if (( after > 0 )); then
  "$binary" --respondents "$respondents" --repeat "$after" | tee "$work/cpp_after.jsonl"
else
  : > "$work/cpp_after.jsonl"
fi
echo "END $(date -u +%Y-%m-%dT%H:%M:%SZ) loadavg=\"$(cut -d' ' -f1-3 /proc/loadavg)\""

python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
def lines(name):
    with open(f"{work}/{name}") as f:
        return [json.loads(l) for l in f if l.startswith("{")]
cpp = lines("cpp_before.jsonl") + lines("cpp_after.jsonl")
runs = [r for r in cpp if "run" in r]
summaries = [r for r in cpp if r.get("summary")]
r_lines = lines("r.jsonl")
r_runs = [r for r in r_lines if "run" in r]
r_summary = [r for r in r_lines if r.get("summary")][0]

def stats(values):
    return min(values), statistics.median(values)
cpp_wall = stats([r["total_s"] for r in runs])
cpp_cpu = stats([r["cpu_s"] for r in runs])
r_wall = stats([r["total_s"] for r in r_runs])
r_cpu = stats([r["cpu_s"] for r in r_runs])
rss = max(s["peak_rss_bytes"] for s in summaries)
matrix = summaries[0]["matrix_bytes"]
diff = max(abs(a - b) for a, b in zip(summaries[0]["raw_alpha"], r_summary["raw_alpha"]))
print(f"RESULT respondents={summaries[0]['respondents']} items={summaries[0]['scored_items']} "
      f"matrix_bytes={matrix:.0f}")
print(f"RESULT cpp_wall_s best={cpp_wall[0]:.3f} median={cpp_wall[1]:.3f} runs={len(runs)}")
print(f"RESULT cpp_cpu_s best={cpp_cpu[0]:.3f} median={cpp_cpu[1]:.3f}")
print(f"RESULT r_wall_s best={r_wall[0]:.2f} median={r_wall[1]:.2f} runs={len(r_runs)} "
      f"(read.csv, not timed: {r_summary['read_s']:.1f} s)")
print(f"RESULT r_cpu_s best={r_cpu[0]:.2f} median={r_cpu[1]:.2f}")
print(f"RESULT ratio_r_over_cpp wall_median={r_wall[1] / cpp_wall[1]:.0f}x "
      f"wall_best={r_wall[0] / cpp_wall[0]:.0f}x cpu_median={r_cpu[1] / cpp_cpu[1]:.0f}x")
print(f"RESULT peak_rss_bytes={rss:.0f} over_matrix={rss / matrix:.3f}")
print(f"RESULT max_abs_alpha_difference={diff:.3g}")
print(json.dumps({"bench": "scoring_compare", "cpp_wall_best_s": cpp_wall[0],
                  "cpp_wall_median_s": cpp_wall[1], "cpp_cpu_median_s": cpp_cpu[1],
                  "r_wall_best_s": r_wall[0], "r_wall_median_s": r_wall[1],
                  "r_cpu_median_s": r_cpu[1], "ratio_wall_median": r_wall[1] / cpp_wall[1],
                  "ratio_cpu_median": r_cpu[1] / cpp_cpu[1], "peak_rss_over_matrix": rss / matrix,
                  "max_abs_alpha_difference": diff}))
sys.exit(0 if diff <= 1e-9 else 1)
PY
