#!/usr/bin/env bash
# Survey intake benchmark: POST /api/v1/surveys/{token}/responses with wrk over keep-alive,
# compared with GET /healthz on the same server and with raw batched SQLite inserts.
#
#   tests/bench/intake_bench.sh TESSERA_BINARY [options]
#     --links N          personal links to create (default 300000; at most 100000 per
#                        `tessera links create`, so several files are made)
#     --duration S       seconds per wrk run (default 10)
#     --connections "C…" connection counts (default "64 256")
#     --wrk-threads N    wrk threads (default 2)
#     --server-threads N tessera serve --threads (default 2)
#     --spread-sources   give every wrk connection its own loopback source address (127.0.x.y)
#                        through an LD_PRELOAD shim (compiled here with cc from
#                        spread_sources.c); only matters when the server runs with
#                        `--rate-limit N` (per-address limit, off by default); without it every
#                        connection comes from 127.0.0.1, as from one NAT or proxy
#     --keep DIR         keep the database and logs in DIR
#     --drafts           before each POST run, a run of the same length that PUTs the same
#                        answers as the draft of the links that POST run will submit, in the
#                        same order (`draft` lines); the POST run then submits links holding
#                        a draft first, and each of those submissions deletes it
#
# Needs: Debian's wrk (`apt-get install wrk`), /usr/bin/python3 (standard library), and for
# --spread-sources a C compiler. Builds nothing else and installs nothing: pass a Release build
# of tessera (cmake -DCMAKE_BUILD_TYPE=Release). Uses 127.0.0.1 only.
# Prints RESULT lines and a summary; exits 1 if any 201 is missing from the database.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { sed -n 2,21p "$0"; exit 2; }
binary=$(realpath "$1"); shift
links=300000 duration=10 connections="64 256" wrk_threads=2 server_threads=2 spread=0 keep="" drafts=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --links) links=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --wrk-threads) wrk_threads=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --spread-sources) spread=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    --drafts) drafts=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
py=/usr/bin/python3

if [[ -n $keep ]]; then work=$keep; mkdir -p "$work"; else work=$(mktemp -d); fi
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  [[ -n $keep ]] || rm -rf "$work"
}
trap cleanup EXIT

db=$work/bench.db
export TESSERA_DB=$db
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
     "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(date -u +%FT%TZ) binary $binary"

"$binary" org create --name "Bench Org" >/dev/null
"$binary" teams add --org "Bench Org" youth "Youth" >/dev/null
"$binary" campaign create --org "Bench Org" --instrument staff-attitudes@1.1.0 --title Bench >/dev/null
"$binary" campaign open 1 >/dev/null
start=$(date +%s.%N)
left=$links i=0 csvs=()
while (( left > 0 )); do
  n=$(( left > 100000 ? 100000 : left ))
  "$binary" links create --campaign 1 --count "$n" --csv "$work/links$i.csv" >/dev/null 2>&1
  csvs+=("$work/links$i.csv"); left=$(( left - n )); i=$(( i + 1 ))
done
echo "== created $links links in $(echo "$(date +%s.%N) - $start" | bc) s"
$py "$here/bench_helper.py" tokens "${csvs[@]}" "$work/all_tokens"
# The first token fetches the survey document; the rest are split between the runs.
probe=$(head -1 "$work/all_tokens")
tail -n +2 "$work/all_tokens" > "$work/tokens"

"$binary" serve --port 0 --threads "$server_threads" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\).*#\1#p' "$work/serve.out")
  [[ -n $port ]] && break; sleep 0.1
done
[[ -n $port ]] || { echo "server did not start" >&2; cat "$work/serve.err" >&2; exit 2; }
echo "== server pid $server_pid port $port threads $server_threads"
$py "$here/bench_helper.py" body "$port" "$probe" "$work/body.json"

preload=""
if (( spread )); then
  cc -shared -fPIC -O2 -o "$work/spread_sources.so" "$here/spread_sources.c" -ldl
  preload=$work/spread_sources.so
fi

# CPU ticks of each server thread (utime + stime), to charge CPU time to each run: on a shared
# machine wall-clock rates understate what the server could do, CPU per request does not.
# threads_cpu_s lists TID:seconds in TID order: the main thread, then the group-commit writer
# (started by SubmissionQueue before the HTTP server), then the I/O threads.
thread_ticks() {
  for stat in /proc/"$server_pid"/task/*/stat; do
    sed 's/^.*) //' "$stat" | awk -v t="${stat%/stat}" '{print t, $12 + $13}'
  done | sort
}
cpu_report() {  # before-file after-file requests -> "server_cpu_s=.. busiest_thread_cpu_s=.. cpu_us_per_req=.."
  join "$1" "$2" | awk -v hz="$(getconf CLK_TCK)" -v n="$3" \
    '{d = ($3 - $2) / hz; total += d; if (d > max) max = d}
     {sub(".*/", "", $1); per = per sep $1 ":" sprintf("%.2f", d); sep = ","}
     END {printf "server_cpu_s=%.2f busiest_thread_cpu_s=%.2f cpu_us_per_req=%.1f threads_cpu_s=%s", total, max, (n ? total / n * 1e6 : 0), per}'
}
total_201=0
declare -A post_result health_result draft_result
run_wrk() {  # label connections path-or-empty
  local label=$1 c=$2 path=$3
  local tokens_file=$work/tokens.$label.$c receipts_file="" draft=0
  [[ -n $path || $label == draft ]] || receipts_file=$work/receipts.$label.$c
  if [[ $label == draft ]]; then tokens_file=$work/tokens.post.$c draft=1; fi
  thread_ticks > "$work/ticks.before"
  BENCH_TOKENS=$tokens_file BENCH_BODY=$work/body.json BENCH_THREADS=$wrk_threads \
  BENCH_PATH=$path BENCH_RECEIPTS=$receipts_file BENCH_DRAFT=$draft LD_PRELOAD=$preload \
    wrk -t"$wrk_threads" -c"$c" -d"${duration}s" --timeout 10s -s "$here/submit.lua" \
      "http://127.0.0.1:$port" > "$work/wrk.$label.$c.txt" 2>&1 || true
  thread_ticks > "$work/ticks.after"
  local line requests
  line=$(grep RESULT "$work/wrk.$label.$c.txt")
  requests=$(echo "$line" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')
  echo "$line $(cpu_report "$work/ticks.before" "$work/ticks.after" "${requests:-0}")" |
    sed "s/^RESULT/RESULT $label c=$c load=$(cut -d' ' -f1 /proc/loadavg)/"
}
# The tokens are split evenly between the POST runs, each run getting its own file (wrk
# reports a run that runs out as out_of_tokens, answered 404).
runs=$(echo $connections | wc -w)
split -n "l/$runs" -d -a 3 "$work/tokens" "$work/tokens.part."
run_index=0
for c in $connections; do
  mv "$work/tokens.part.$(printf %03d $run_index)" "$work/tokens.post.$c"
  run_index=$(( run_index + 1 ))
done
for c in $connections; do
  if (( drafts )); then
    draft_result[$c]=$(run_wrk draft "$c" "")
    echo "${draft_result[$c]}"
  fi
  post_result[$c]=$(run_wrk post "$c" "")
  echo "${post_result[$c]}"
  n201=$(echo "${post_result[$c]}" | sed -n 's/.*statuses=.*201:\([0-9]*\).*/\1/p')
  total_201=$(( total_201 + ${n201:-0} ))
  health_result[$c]=$(run_wrk healthz "$c" /healthz)
  echo "${health_result[$c]}"
done

kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
read -r acked missing responses receipts used < <($py "$here/bench_helper.py" verify "$db" "$work"/receipts.post.*)
echo "== stored: responses $responses receipts $receipts links used $used; wrk counted 201 x $total_201," \
     "receipts recorded $acked, of which missing from the database: $missing"
# wrk stops with requests in flight: those may be committed without wrk reading the 201, so the
# database may hold up to one extra response per connection per run, never fewer.
max_extra=0; for c in $connections; do max_extra=$(( max_extra + c )); done
status=0
if (( missing != 0 || acked != total_201 || responses != receipts || used != responses ||
      responses < total_201 || responses > total_201 + max_extra )); then
  echo "FAIL: the database does not hold exactly the acknowledged submissions" >&2; status=1
else
  echo "== every 201 is stored ($(( responses - total_201 )) more were committed as wrk stopped mid-request)"
fi

$py "$here/bench_helper.py" baseline "$db" 50000 512

rate() { echo "$1" | sed -n "s/.*requests=\([0-9]*\) duration_s=\([0-9.]*\).*/\1 \2/p" | awk '{printf "%.0f", $1/$2}'; }
field() { echo "$1" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }
for c in $connections; do
  p=${post_result[$c]} h=${health_result[$c]}
  n201=$(echo "$p" | sed -n 's/.*statuses=.*201:\([0-9]*\).*/\1/p')
  dur=$(field "$p" duration_s)
  echo "SUMMARY c=$c submissions_201_per_s=$(awk -v a="${n201:-0}" -v d="$dur" 'BEGIN{printf "%.0f", a/d}')" \
       "all_post_per_s=$(rate "$p") p50_ms=$(field "$p" p50_ms) p99_ms=$(field "$p" p99_ms)" \
       "healthz_per_s=$(rate "$h") healthz_p99_ms=$(field "$h" p99_ms)"
  if (( drafts )); then
    d=${draft_result[$c]}
    n200=$(echo "$d" | sed -n 's/.*statuses=.*200:\([0-9]*\).*/\1/p')
    echo "SUMMARY c=$c drafts_200_per_s=$(awk -v a="${n200:-0}" -v t="$(field "$d" duration_s)" 'BEGIN{printf "%.0f", a/t}')" \
         "draft_p50_ms=$(field "$d" p50_ms) draft_p99_ms=$(field "$d" p99_ms)"
  fi
done
exit $status
