import Foundation
import NIOConcurrencyHelpers

/// Wakes a channel's sender when its store's conversations change (a reply queued here, or on another instance
/// through PostgreSQL's NOTIFY), so a reply leaves at once and an idle channel does not ask the database twice a
/// second. A missed ring costs only the fallback wait.
final class OutboxBell: Sendable {
    private let rung = NIOLockedValueBox(true)
    private let listener: Task<Void, Never>

    init(live: LiveEvents, store: UUID) {
        let events = live.subscribe { $0.storeID == store }
        let rung = rung
        listener = Task {
            for await _ in events { rung.withLockedValue { $0 = true } }
        }
    }

    deinit {
        listener.cancel()
    }

    /// Returns when the bell rang since the last call, or after `limit`.
    func wait(upTo limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if rung.withLockedValue({ ring in defer { ring = false }; return ring }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
