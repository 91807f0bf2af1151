-- POST ballots of the open round: request i goes from voter i mod V to target
-- floor(i / V) mod T, so no pair repeats while i < V * T (the run stops well before).
-- BENCH_DATA: a Lua file returning {prefix = "/vote/<round>/", targets = {…},
-- voters = {{cookie = "…", csrf = "…"}, …}, body = "q1=4&…", threads = N}.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local data = common.load()
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  n = 0
  cast = 0
  refused = 0
  exhausted = 0
end

function request()
  local i = n * data.threads + tid
  n = n + 1
  local voters, targets = #data.voters, #data.targets
  if i >= voters * targets then
    exhausted = exhausted + 1
    return wrk.format("GET", "/bench/bare/")
  end
  local voter = data.voters[(i % voters) + 1]
  local target = data.targets[(math.floor(i / voters) % targets) + 1]
  return wrk.format("POST", data.prefix .. target .. "/", {
    ["Cookie"] = voter.cookie,
    ["X-CSRFToken"] = voter.csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, data.body)
end

function response(status, headers, body)
  -- The receipt page is the only answer that means "cast"; anything else is refused.
  if status == 200 and string.find(body, 'data-testid="receipt-code"', 1, true) then
    cast = cast + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  common.summary(threads, summary, latency, {"cast", "refused", "exhausted"})
end
