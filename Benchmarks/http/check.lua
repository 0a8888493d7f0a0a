-- POST /api/v1/compliance/check with a rotating set of chat messages (clean ones and violations) as a signed-in user.
-- Environment: TOKEN (bearer token).
package.path = package.path .. ";" .. os.getenv("BENCH_DIR") .. "/?.lua"
require "report"

local token = os.getenv("TOKEN")
local texts = {
  '{"platform":"pinduoduo","text":"亲，您的订单已经发货了，快递单号可以在订单详情里查看哦"}',
  '{"platform":"pinduoduo","text":"加我V❤信发你实拍图，电话13800138000"}',
  '{"platform":"pinduoduo","text":"这是全网最好的面霜，好评返现5元"}',
  '{"platform":"walmart-us","text":"Hi Sarah, thanks for reaching out. Your order shipped today and should arrive by Friday."}',
  '{"platform":"walmart-us","text":"Email me at support@lumihome.com or visit www.lumi-home.shop for a coupon code"}',
  '{"platform":"tmall","text":"不好意思，这款缺货了，我们这边不开发票"}',
  '{"platform":"ozon","text":"Здравствуйте! Ваш заказ уже в пути и прибудет в пункт выдачи завтра."}',
  '{"platform":"jd","text":"京东物流已经揽收，预计明天送达，我们会第一时间为您处理"}',
}
local index = 0
-- Formatted once: on this two-core machine the load generator's own work takes CPU from the server it measures.
local requests = {}

init = function(args)
  for i, text in ipairs(texts) do
    requests[i] = wrk.format("POST", "/api/v1/compliance/check",
      { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, text)
  end
end

request = function()
  index = index + 1
  return requests[index % #requests + 1]
end

done = function(summary, latency, requests)
  report(summary, latency, requests, os.getenv("LABEL") or "compliance check")
end
