import Benchmark
import Foundation
import KefuCore

/// Buyer messages of real length: English customer-support utterances from ../shared/data when this checkout sits
/// beside it (CDLA-Sharing, not copied into the repo), and Chinese messages built from common after-sale phrases.
let corpus: [String] = {
    var texts: [String] = []
    let bitext = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../../shared/data/utterances/bitext/bitext_customer_support_20k_utterances.csv")
        .standardizedFileURL
    if let csv = try? String(contentsOf: bitext, encoding: .utf8) {
        for line in csv.split(separator: "\n").dropFirst().prefix(2_000) {
            if let text = line.split(separator: ",").dropFirst().first { texts.append(String(text)) }
        }
    }
    let phrases = ["亲，请问什么时候发货", "我的快递三天没更新了", "收到的东西有破损，要退款", "能不能开发票", "颜色发错了帮我换一下",
                   "赠品没有收到", "退货地址是哪里", "尺码偏大还是偏小", "好的谢谢客服", "订单号 241120-55512345 麻烦查一下"]
    var random = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
        texts.append((0..<Int.random(in: 1...4, using: &random)).map { _ in phrases.randomElement(using: &random)! }.joined(separator: "，"))
    }
    return texts
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("SearchTerms.indexed (one message)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(SearchTerms.indexed(corpus[index % corpus.count]))
        }
    }

    Benchmark("SearchTerms.query (2–4 character terms)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let terms = ["发货", "退款", "什么时候", "refund", "没有发货", "Где заказ"]
        for index in benchmark.scaledIterations {
            blackHole(try? SearchTerms.query(terms[index % terms.count]))
        }
    }

    Benchmark("ConversationState: buyer message then reply", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let start = Date(timeIntervalSince1970: 1_763_600_000)
        for index in benchmark.scaledIterations {
            var state = ConversationState(createdAt: start)
            state.receive(author: .customer, sentAt: start, body: corpus[index % corpus.count], orderNumber: "W-1", subject: nil)
            state.reply(at: start + 60, body: "On its way")
            blackHole(state)
        }
    }
}
