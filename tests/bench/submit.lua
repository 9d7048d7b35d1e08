-- wrk script for tests/bench/intake_bench.sh: every request POSTs the same valid answers with a
-- distinct personal-link token, and every response status is counted.
--
-- Environment: BENCH_TOKENS (file, one token per line), BENCH_BODY (file holding the JSON body),
-- BENCH_THREADS (wrk -t), BENCH_PATH (optional: a fixed path to GET instead, e.g. /healthz).
-- BENCH_RECEIPTS (optional): file to write every 201's receipt code to, one a line.
-- BENCH_DRAFT (optional): when "1", every request PUTs the body as the link's draft instead.
-- done() prints one line: "RESULT requests=N p50_ms=X p99_ms=Y statuses=201:N,429:N,...".

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local tokens = {}
local position = 0
local body = nil
local headers = { ["Content-Type"] = "application/json" }
local fixed_path = nil
local draft = false
statuses = {}
exhausted = 0

function init(args)
  fixed_path = os.getenv("BENCH_PATH")
  if fixed_path and fixed_path ~= "" then return end
  fixed_path = nil
  draft = os.getenv("BENCH_DRAFT") == "1"
  local count = tonumber(os.getenv("BENCH_THREADS"))
  local index = 0
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    -- Thread k takes lines k, k + count, k + 2*count, ...: no token is sent twice.
    if index % count == thread_id then table.insert(tokens, line) end
    index = index + 1
  end
  local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
  body = f:read("*a")
  f:close()
end

function request()
  if fixed_path then return wrk.format("GET", fixed_path) end
  position = position + 1
  local token = tokens[position]
  if token == nil then
    exhausted = exhausted + 1
    token = "out-of-tokens"  -- answered 404; counted so the run can be flagged
  end
  if draft then
    return wrk.format("PUT", "/api/v1/surveys/" .. token .. "/draft", headers, body)
  end
  return wrk.format("POST", "/api/v1/surveys/" .. token .. "/responses", headers, body)
end

receipts = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    receipts[#receipts + 1] = body:match('"receipt":"([^"]+)"') or "unparsed"
  end
end

function done(summary, latency, requests)
  local total = {}
  local out_of_tokens = 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
    out_of_tokens = out_of_tokens + thread:get("exhausted")
  end
  local out = os.getenv("BENCH_RECEIPTS")
  if out and out ~= "" then
    -- Every acknowledged receipt, so the caller can check each one is in the database.
    local f = assert(io.open(out, "w"))
    for _, thread in ipairs(threads) do
      for _, receipt in ipairs(thread:get("receipts")) do f:write(receipt, "\n") end
    end
    f:close()
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, status .. ":" .. n) end
  table.sort(parts)
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "socket_errors=%d out_of_tokens=%d statuses=%s\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    out_of_tokens, table.concat(parts, ",")))
end
