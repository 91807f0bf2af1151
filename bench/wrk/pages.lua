-- GET one page, each request with the next of the page's signed-in sessions.
-- BENCH_DATA: a Lua file returning {path = "/…", cookies = {"sessionid=…", …}}.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local data = common.load()
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  n = tid or 0
  ok = 0
  unexpected = 0
end

function request()
  n = n + 1
  local headers = {}
  if #data.cookies > 0 then
    headers["Cookie"] = data.cookies[(n % #data.cookies) + 1]
  end
  return wrk.format("GET", data.path, headers)
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
