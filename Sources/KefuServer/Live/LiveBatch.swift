import Foundation
import NIOConcurrencyHelpers

/// The live events one write transaction produced. They leave only once it commits: published in this process after
/// the commit on SQLite, or sent with `pg_notify` inside the transaction on PostgreSQL, which delivers them to every
/// instance at commit and never for a rollback.
final class LiveBatch: Sendable {
    /// The batch of the write transaction the current task runs in, if any.
    @TaskLocal static var current: LiveBatch?

    private let pending = NIOLockedValueBox<[LiveEvent]>([])

    func append(_ events: [LiveEvent]) {
        pending.withLockedValue { $0 += events }
    }

    var events: [LiveEvent] { pending.withLockedValue { $0 } }
}
