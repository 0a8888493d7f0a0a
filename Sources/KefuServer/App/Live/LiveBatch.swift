import Foundation
import NIOConcurrencyHelpers

/// The live events one write transaction produced (`WriteContext.live`). They leave only once it commits: published
/// in this process after the commit, and on PostgreSQL also sent with `pg_notify` inside the transaction, which
/// delivers them to every instance at commit and never for a rollback.
final class LiveBatch: Sendable {
    private let pending = NIOLockedValueBox<[LiveEvent]>([])

    func append(_ events: [LiveEvent]) {
        pending.withLockedValue { $0 += events }
    }

    var events: [LiveEvent] { pending.withLockedValue { $0 } }
}
