import Foundation
import KefuCore
import Logging

/// The demo's marketplace, on the same runtime as the real ones: it takes the store's queued replies and reports them
/// sent a second or two later, as a platform would, and, when live, a new buyer writes every few seconds in the
/// store's language about its products, so clocks start, turn at risk and run out while someone watches.
struct DemoChannelRunner: Sendable {
    /// What `liveEverySeconds` may be; `kefu serve --demo-live` uses `liveDefault`.
    static let liveRange = 2...3_600
    static let liveDefault = 30
    /// A store's waiting conversations beyond which no new buyer writes (`DemoChannelSettings.maxWaiting`).
    static let maxWaitingDefault = 60

    let channel: ChannelRecord
    let settings: DemoChannelSettings
    /// `kefu serve --demo-live` (`KEFU_DEMO_LIVE`): buyers write in every demo store, whatever its setting.
    let liveOverride: Int?
    let store: IngestingStore
    let ingest: IngestService
    let orders: OrderService
    let outbox: OutboxService
    let progress: ChannelProgress
    let live: LiveEvents
    /// How many of the store's conversations wait for a reply now.
    let waiting: @Sendable () async throws -> Int
    let logger: Logger

    var liveEvery: Int? { liveOverride ?? settings.liveEverySeconds }

    func run() async throws {
        try await progress.connected(channel.id)
        try await runChannelSides(receive: { try await buyersWrite() }, send: { try await deliverReplies() })
    }

    /// A new buyer conversation every `liveEvery` seconds (give or take a third, so stores do not write in step), while
    /// fewer than `maxWaiting` wait for a reply: once agents fall that far behind, buyers wait for them.
    func buyersWrite() async throws {
        guard let every = liveEvery else {
            while !Task.isCancelled { try await Task.sleep(for: .seconds(3_600)) }
            return
        }
        let spec = DemoCatalog.spec(named: settings.store, platform: store.platform)
        var random = SeededGenerator(seed: UInt64.random(in: 1...UInt64.max))
        while !Task.isCancelled {
            let seconds = Double(every) * Double.random(in: 0.67...1.33, using: &random)
            try await Task.sleep(for: .milliseconds(Int(seconds * 1_000)))
            guard try await waiting() < settings.maxWaiting ?? Self.maxWaitingDefault else { continue }
            let (order, messages) = DemoLoader.liveConversation(for: spec, now: Date(), using: &random)
            if let order { _ = try await orders.upsert([order], for: store) }
            _ = try await ingest.ingest(messages, into: store)
        }
    }

    /// Reports each queued reply sent after a second or two; rings wake it at once.
    func deliverReplies() async throws {
        let bell = OutboxBell(live: live, store: store.storeID)
        while !Task.isCancelled {
            let due = try await outbox.claim(for: store, scope: OutboxScope.of(.demo), limit: 20)
            if due.isEmpty {
                try await bell.wait(upTo: .seconds(5))
                continue
            }
            for delivery in due {
                try await Task.sleep(for: .milliseconds(Int.random(in: 800...2_000)))
                _ = try await outbox.report(
                    delivery.messageID, state: .sent, error: nil, externalID: "demo-\(UUID().uuidString.prefix(8))",
                    for: store)
            }
        }
    }
}
