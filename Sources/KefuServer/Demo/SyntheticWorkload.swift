import Foundation
import KefuCore

/// Generates large, plausible message streams for benchmarks: Chinese and English buyer messages whose words
/// (发货, 退款, refund …) occur about as often as in real inboxes, so search measures something realistic.
struct SyntheticWorkload {
    let conversations: Int
    let messages: Int
    let start: Date
    let span: TimeInterval

    private static let chinese = [
        "亲，请问什么时候发货", "我的快递怎么还没到", "能不能便宜一点", "收到的东西有破损，要退款", "这个有现货吗",
        "物流三天没更新了", "可以开发票吗", "尺码偏大还是偏小", "退货地址是哪里", "好评了，谢谢客服",
        "颜色发错了，帮我换一下", "赠品没有收到", "什么时候能退款到账", "能改一下收货地址吗", "质量怎么样，会掉色吗",
    ]
    private static let english = [
        "Where is my order", "When will it ship", "I want a refund please", "The item arrived damaged",
        "Is this in stock", "Can I change the shipping address", "Tracking has not updated", "Wrong size received",
        "How do I return this", "Does it come with a warranty", "Please cancel my order", "Thanks for the quick help",
    ]

    /// Calls `body` with consecutive slices of at most `batchSize` messages, conversation by conversation.
    func forEachBatch(
        storeCount: Int, batchSize: Int = 1_000, _ body: (Int, [IncomingMessage]) async throws -> Void
    ) async throws {
        var random = SeededGenerator(seed: 42)
        let perConversation = max(1, messages / max(conversations, 1))
        var remainder = max(0, messages - perConversation * conversations)
        var batches = Array(repeating: [IncomingMessage](), count: storeCount)
        let step = span / Double(max(conversations, 1))
        for index in 0..<conversations {
            let store = index % storeCount
            let count = perConversation + (remainder > 0 ? 1 : 0)
            if remainder > 0 { remainder -= 1 }
            let useChinese = index % 2 == 0
            let afterSale = Int.random(in: 0..<10, using: &random) < 6
            let order = afterSale ? "S\(store)-\(100_000_000 + index)" : nil
            let buyer = "buyer-\(index % max(conversations / 3, 1))"
            let opened = start.addingTimeInterval(Double(index) * step)
            for turn in 0..<count {
                let pool = useChinese ? Self.chinese : Self.english
                let sentence = pool[Int.random(in: 0..<pool.count, using: &random)]
                let author: MessageAuthor =
                    turn % 2 == 1 ? .agent : (Int.random(in: 0..<40, using: &random) == 0 ? .platformCare : .customer)
                batches[store].append(
                    IncomingMessage(
                        externalID: "syn-\(index)-\(turn)", conversationExternalID: "syn-conv-\(index)",
                        customer: .init(externalID: buyer, name: useChinese ? "买家\(index % 997)" : "Buyer \(index % 997)"),
                        orderNumber: order, subject: useChinese ? nil : "Order question \(index % 50)",
                        body: "\(sentence) #\(index)", sentAt: opened.addingTimeInterval(Double(turn) * 90),
                        author: author))
                if batches[store].count == batchSize {
                    try await body(store, batches[store])
                    batches[store].removeAll(keepingCapacity: true)
                }
            }
        }
        for (store, batch) in batches.enumerated() where !batch.isEmpty { try await body(store, batch) }
    }
}
