-- POST /api/v1/ingest with BATCH fresh messages per request (BATCH=1 sends a single message, not a list).
-- Environment: KEY (ingestion key), BATCH (messages per request), RUN (a prefix that keeps ids unique across runs).
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/?.lua"
require "report"

local key = os.getenv("KEY")
local batch = tonumber(os.getenv("BATCH") or "1")
local run = os.getenv("RUN") or "r"
local counter = 0
local thread_id = 0
local bodies = {
  "请问什么时候发货？我急着用，麻烦尽快处理一下，谢谢",
  "Where is my order? Tracking has not updated for three days.",
  "收到的商品有破损，要求退款或者补发",
  "Can I change the shipping address before it ships?",
}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

local function message(i)
  local conversation = string.format("%s-%d-%d", run, tid, math.floor(i / 3))
  return string.format(
    '{"externalID":"%s-%d-%d","conversationExternalID":"%s","customer":{"externalID":"b-%s","name":"Bench Buyer"},%s"body":"%s"}',
    run, tid, i, conversation, conversation, (i % 5 < 3) and string.format('"orderNumber":"O-%s",', conversation) or "",
    bodies[i % #bodies + 1])
end

request = function()
  local parts = {}
  for _ = 1, batch do
    counter = counter + 1
    parts[#parts + 1] = message(counter)
  end
  local body = batch == 1 and parts[1] or ('{"messages":[' .. table.concat(parts, ",") .. ']}')
  return wrk.format("POST", "/api/v1/ingest",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end

done = function(summary, latency, requests)
  report(summary, latency, requests, os.getenv("LABEL") or "ingest")
end
