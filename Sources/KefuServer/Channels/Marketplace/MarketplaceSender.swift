import Foundation
import Logging

/// The outbox side every marketplace channel shares: take the store's due replies, hand each to the platform, and
/// sort what went wrong. The platform's refusal fails the reply with its words (the thread shows them and a Retry);
/// an outage or a refused key leaves every reply queued, none failed or counted.
struct MarketplaceSender: Sendable {
    let channel: UUID
    /// The platform's name, at the start of a failed reply's reason.
    let platform: String
    let store: IngestingStore
    let scope: OutboxScope
    let outbox: OutboxService
    let live: LiveEvents
    let clock: KefuClock
    let logger: Logger

    /// How often the outbox is looked at when nothing rang.
    static let interval: Duration = .seconds(5)

    /// `beforeLook` runs on every look (telling the platform what was read); `deliver` sends one reply and records
    /// it; `unsure` runs when a reply may or may not have reached the platform (a timeout), to look for it there.
    func run(
        beforeLook: @escaping @Sendable () async throws -> Void,
        deliver: @escaping @Sendable (OutboxService.ClaimedDelivery) async throws -> Void,
        unsure: @escaping @Sendable (OutboxService.ClaimedDelivery) async throws -> Void
    ) async throws {
        let bell = OutboxBell(live: live, store: store.storeID)
        var outage = Backoff(base: .seconds(1), cap: .seconds(60))
        while !Task.isCancelled {
            try await beforeLook()
            let due = try await outbox.claim(for: store, scope: scope, limit: 20)
            if due.isEmpty {
                try await bell.wait(upTo: Self.interval)
                continue
            }
            for (index, delivery) in due.enumerated() {
                do {
                    try await deliver(delivery)
                    outage.reset()
                } catch let error as MarketplaceError where error.kind == .rejected {
                    _ = try await outbox.report(
                        delivery.messageID, state: .failed, error: "\(platform): \(error.message)", externalID: nil, for: store)
                } catch {
                    let reason = MarketplaceHTTP.describe(error)
                    try await outbox.postpone(
                        delivery.messageID, error: reason,
                        retryAt: clock.now().addingTimeInterval(Backoff.delay(attempt: delivery.attempts + 1, base: 2, cap: 300)))
                    for waiting in due[(index + 1)...] {
                        try await outbox.postpone(waiting.messageID, error: reason, retryAt: clock.now())
                    }
                    try await unsure(delivery)
                    if let error = error as? MarketplaceError, error.kind == .authentication { throw error }
                    logger.warning("\(platform) unavailable: \(reason)", metadata: ["channel": "\(channel)"])
                    try await Task.sleep(for: outage.next())
                    break
                }
            }
        }
    }
}
