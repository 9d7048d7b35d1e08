#!/usr/bin/env bash
# Dashboard and export benchmark (issue 6): with N stored responses in one closed
# staff-attitudes@1.1.0 campaign (and an earlier closed wave of 1.0.0 for the trend), measures
#   - every dashboard view's JSON API and page with wrk over keep-alive, signed in as a manager:
#     p50/p95/p99 latency (target: p95 <= 20 ms at 1,000,000 responses), after one warm-up
#     request (statistics are built once, then kept incrementally: no rescans);
#   - the CSV export of all responses, `tessera export responses` and the HTTP download, against
#     the sqlite3 shell's `.mode csv` dump of the same rows, best of 3 runs each, in the same run.
#
#   tests/bench/dashboard_bench.sh TESSERA_BINARY [--responses N] [--duration S]
#                                  [--connections C] [--keep DIR] [--views-only]
# With --keep DIR the database is kept and reused by the next run (no reload).
#
# Needs wrk, sqlite3, curl and /usr/bin/python3 with numpy (python3-pandas brings it). Pass a
# Release build (cmake -DCMAKE_BUILD_TYPE=Release). Uses 127.0.0.1 only. Prints RESULT lines.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[[ $# -ge 1 ]] || { sed -n 2,16p "$0"; exit 2; }
binary=$(realpath "$1"); shift
responses=1000000 duration=5 connections=8 keep="" views_only=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --responses) responses=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --views-only) views_only=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in wrk sqlite3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }
done

work=${keep:-$(mktemp -d)}
mkdir -p "$work"
db=$work/bench.db
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then
    pkill -f -- "serve --port 0 --db $db" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [[ -z $keep ]] && rm -rf "$work"
}
trap cleanup EXIT
export TESSERA_CATALOGUE=
t() { "$binary" "$@" --db "$db"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ! -f $db ]]; then
  t org create --name "Bench organisation" >/dev/null
  teams=""
  for slug in family youth housing health advice outreach; do
    t teams add --org "Bench organisation" "$slug" "Team $slug" >/dev/null
    teams+="${teams:+,}$slug"
  done
  # Wave 1: 1.0.0, 20,000 responses; wave 2: 1.1.0, N responses.
  t campaign create --org "Bench organisation" --instrument staff-attitudes@1.0.0 \
    --title "Wave 1" --opens 2025-03-01 --closes 2025-03-31 >/dev/null
  t campaign create --org "Bench organisation" --instrument staff-attitudes@1.1.0 \
    --title "Wave 2" --opens 2026-03-01 --closes 2026-03-31 >/dev/null
  /usr/bin/python3 "$here/make_responses.py" "$root/instruments/catalogue/staff-attitudes/1.0.0.json" \
    20000 "$work/wave1" --teams "$teams" --seed 1
  /usr/bin/python3 "$here/make_responses.py" "$root/instruments/catalogue/staff-attitudes/1.1.0.json" \
    "$responses" "$work/wave2" --teams "$teams" --seed 2
  start=$(date +%s.%N)
  for c in 1 2; do
    t campaign open $c >/dev/null
    for f in "$work"/wave$c-*.csv; do t import responses --campaign $c "$f" >/dev/null; rm -f "$f"; done
    t campaign close $c >/dev/null
  done
  echo "loaded $(t campaign list --json | /usr/bin/python3 -c 'import json,sys; print(sum(c.get("responses") or 0 for c in json.load(sys.stdin)))') responses in $(echo "$(date +%s.%N) - $start" | bc) s"
  printf 'bench-manager-password\n' | t users add --org "Bench organisation" --role manager manager@bench.example >/dev/null
fi

t serve --port 0 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$' || true)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { cat "$work/serve.log"; exit 1; }
base=http://127.0.0.1:$port
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"email":"manager@bench.example","password":"bench-manager-password"}' \
  "$base/api/v1/session" | grep -i '^set-cookie: tessera_session=' | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
[[ -n $cookie ]] || { echo "sign-in failed" >&2; exit 1; }

cat >"$work/report.lua" <<LUA
wrk.headers["Cookie"] = "$cookie"
done = function(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f requests=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
LUA

views=(
  "/api/v1/campaigns"
  "/api/v1/campaigns/2"
  "/api/v1/campaigns/2/scores"
  "/api/v1/campaigns/2/scores?by=team"
  "/api/v1/campaigns/2/scores?by=role"
  "/api/v1/campaigns/2/scores?by=minority-ethnic"
  "/api/v1/campaigns/2/reliability"
  "/api/v1/campaigns/2/comments"
  "/api/v1/campaigns/2/compare?with=1"
  "/dashboard"
  "/campaigns/2/attitudes"
  "/campaigns/2/trends"
  "/campaigns/2/evaluator"
)
# Warm-up: the first request for each campaign builds its statistics by one scan.
start=$(date +%s.%N)
curl -s -o /dev/null -H "Cookie: $cookie" "$base/api/v1/campaigns/2/scores"
echo "RESULT first_request_with_scan_s=$(echo "$(date +%s.%N) - $start" | bc)"
fail=0
for view in "${views[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$view")
  line=$(wrk -t1 -c"$connections" -d"${duration}s" -s "$work/report.lua" "$base$view" | tail -1)
  p95=$(echo "$line" | sed 's/.*p95_ms=\([0-9.]*\).*/\1/')
  verdict=$(echo "$p95 <= 20" | bc)
  [[ $verdict == 1 && $status == 200 ]] || fail=1
  echo "RESULT view=$view status=$status $line target_p95_ms=20 met=$verdict"
done

if [[ $views_only == 1 ]]; then
  echo "server RSS: $(ps -o rss= -p "$(pgrep -f -- "serve --port 0 --db $db" | head -1)") KiB"
  exit $fail
fi

best() {  # best wall time in seconds of 3 runs of "$@"
  local best_time=""
  for _ in 1 2 3; do
    local s e d
    s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
    d=$(echo "$e - $s" | bc)
    if [[ -z $best_time ]] || (( $(echo "$d < $best_time" | bc) )); then best_time=$d; fi
  done
  echo "$best_time"
}
sqlite_s=$(best sh -c "sqlite3 -readonly '$db' '.mode csv' '.headers on' 'select * from responses where campaign_id = 2' > '$work/sqlite.csv'")
cli_s=$(best sh -c "'$binary' export responses --campaign 2 --out '$work/export.csv' --db '$db'")
http_s=$(best sh -c "curl -s -o '$work/http.csv' -H 'Cookie: $cookie' '$base/api/v1/campaigns/2/exports/responses'")
rows_sqlite=$(($(wc -l <"$work/sqlite.csv") - 1))
rows_cli=$(/usr/bin/python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig'))) - 1)" "$work/export.csv")
echo "RESULT export sqlite3_csv_s=$sqlite_s ($rows_sqlite rows, $(stat -c %s "$work/sqlite.csv") bytes) tessera_export_s=$cli_s ($rows_cli rows, $(stat -c %s "$work/export.csv") bytes) http_download_s=$http_s ($(stat -c %s "$work/http.csv") bytes)"
echo "RESULT export_ratio sqlite3/tessera_cli=$(echo "scale=2; $sqlite_s / $cli_s" | bc) sqlite3/http=$(echo "scale=2; $sqlite_s / $http_s" | bc) (>= 1 means Tessera is at least as fast)"
(( $(echo "$cli_s <= $sqlite_s" | bc) )) || fail=1
echo "server RSS: $(ps -o rss= -p "$(pgrep -f -- "serve --port 0 --db $db" | head -1)") KiB"
exit $fail
