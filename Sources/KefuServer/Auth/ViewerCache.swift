import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Signed-in users by token hash for a few seconds, so a request does not pay three queries to learn who sent it.
///
/// Signing out on this instance removes the entry at once; a sign-out, a role or a store assignment changed on another
/// instance takes effect here within `lifetime`. Expiry of the token itself is checked on every hit.
final class ViewerCache: Sendable {
    static let lifetime: Duration = .seconds(10)
    static let capacity = 10_000

    private struct Entry {
        let viewer: Viewer
        let tokenExpiresAt: Date
        let cachedAt: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    func viewer(forHash hash: String, at now: Date) -> Viewer? {
        let current = ContinuousClock.now
        return entries.withLockedValue { entries in
            guard let entry = entries[hash] else { return nil }
            guard current - entry.cachedAt < Self.lifetime, entry.tokenExpiresAt > now else {
                entries[hash] = nil
                return nil
            }
            return entry.viewer
        }
    }

    func store(_ viewer: Viewer, forHash hash: String, tokenExpiresAt: Date) {
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(viewer: viewer, tokenExpiresAt: tokenExpiresAt, cachedAt: .now)
        }
    }

    func forget(hash: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: hash) }
    }

    /// Empties the cache, so the next request of every token asks the database (tests that move the clock by days).
    func forgetAll() {
        entries.withLockedValue { $0.removeAll() }
    }
}
