-- Shared by pages.lua and cast.lua: the data file and the JSON summary line.
local M = {}

function M.load()
  local file = os.getenv("BENCH_DATA")
  if not file then
    error("BENCH_DATA names no data file")
  end
  return dofile(file)
end

function M.summary(threads, summary, latency, counters)
  local extra = {}
  for _, name in ipairs(counters) do
    local total = 0
    for _, t in ipairs(threads) do
      total = total + (t:get(name) or 0)
    end
    extra[#extra + 1] = string.format('"%s": %d', name, total)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, %s, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "p50": %d, "p90": %d, "p95": %d, ' ..
    '"p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, table.concat(extra, ", "),
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max))
end

return M
