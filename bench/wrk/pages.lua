-- GET pages in rotation: request n is requests[n mod #requests] (each its own path and
-- the session cookie of its user), so consecutive requests come from different users.
-- BENCH_DATA: a Lua file returning {requests = {{path = "/…", cookie = "sessionid=…"}, …}}
-- (an empty cookie for an anonymous request).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local data = common.load()
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  n = (tid or 0) * 7
  ok = 0
  unexpected = 0
end

function request()
  n = n + 1
  local r = data.requests[(n % #data.requests) + 1]
  local headers = {}
  if r.cookie ~= "" then
    headers["Cookie"] = r.cookie
  end
  return wrk.format("GET", r.path, headers)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  common.summary(threads, summary, latency, {"ok", "unexpected"})
end
