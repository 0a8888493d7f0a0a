import Foundation
import NIOConcurrencyHelpers

/// Rings a running marketplace channel when a push for it arrived on this instance, so the chat is read at once; a
/// channel run by another instance finds the push in `channel_threads` on its next look (about a second). The
/// supervisor has a bell too: a channel added or changed here starts without waiting for the next look.
final class ChannelBells: Sendable {
    static let supervisor = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    private let rung = NIOLockedValueBox<Set<UUID>>([])

    func ring(_ channel: UUID) {
        _ = rung.withLockedValue { $0.insert(channel) }
    }

    /// Returns when the channel's bell rang since the last call (true), or after `limit` (false).
    func wait(_ channel: UUID, upTo limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if rung.withLockedValue({ $0.remove(channel) != nil }) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
