-- wrk script for bench/run.py: sets the request and prints one machine-readable line.
--
-- Environment (set by run.py):
--   BENCH_METHOD     HTTP method (default GET)
--   BENCH_BODY_FILE  file whose content is the request body (optional)
--   BENCH_VARIANTS_FILE  lines "Header-Name: value<TAB>body"; each request takes a random
--                    line (optional: many people, each sending something different)
-- Extra headers come from wrk's -H options.
--
-- At the end wrk calls done() once; it writes a single line
--   BENCH_JSON {...}
-- with the request count, the duration, the error counts and the latency percentiles
-- (microseconds). run.py reads that line and ignores wrk's human-readable output.

wrk.method = os.getenv("BENCH_METHOD") or "GET"

local body_file = os.getenv("BENCH_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end

local variants = {}
local variants_file = os.getenv("BENCH_VARIANTS_FILE")
if variants_file and variants_file ~= "" then
  for line in io.lines(variants_file) do
    local header, body = line:match("^([^\t]*)\t(.*)$")
    if header then
      local name, value = header:match("^([^:]+):%s*(.*)$")
      table.insert(variants, { name = name, value = value, body = body })
    end
  end
end

local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

init = function(args)
  math.randomseed(os.time() * 100 + (thread_number or 0))
end

if #variants > 0 then
  request = function()
    local v = variants[math.random(#variants)]
    -- wrk.format does not merge with wrk.headers (the -H options): copy them first.
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    if v.name then headers[v.name] = v.value end
    return wrk.format(nil, nil, headers, v.body)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local parts = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_us":%d', summary.duration),
    string.format('"bytes":%d', summary.bytes),
    string.format(
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}',
      e.connect, e.read, e.write, e.status, e.timeout
    ),
    string.format(
      '"latency_us":{"min":%d,"mean":%.1f,"stdev":%.1f,"max":%d,'
        .. '"p50":%d,"p90":%d,"p95":%d,"p99":%d}',
      latency.min, latency.mean, latency.stdev, latency.max,
      latency:percentile(50), latency:percentile(90),
      latency:percentile(95), latency:percentile(99)
    ),
  }
  io.write("BENCH_JSON {" .. table.concat(parts, ",") .. "}\n")
end
