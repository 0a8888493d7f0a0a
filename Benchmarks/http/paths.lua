-- GET a rotating list of paths (one per line in the file named by PATHS) as a signed-in user (TOKEN): by bearer
-- token, or as a browser does, by session cookie when COOKIE=1.
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/?.lua"
require "report"

local token = os.getenv("TOKEN")
local headers = { ["Authorization"] = "Bearer " .. token }
if os.getenv("COOKIE") == "1" then headers = { ["Cookie"] = "kefu_session=" .. token, ["Accept-Language"] = "zh-CN" } end
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local index = 0
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count * 7)
end

request = function()
  index = index + 1
  local path = paths[(index + (offset or 0)) % #paths + 1]
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  report(summary, latency, requests, os.getenv("LABEL") or "read")
end
