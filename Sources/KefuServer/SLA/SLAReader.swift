import Foundation
import KefuCore
import SQLKit
import Vapor

/// A conversation's deadline as the API shows it, read at one instant.
struct SLAReading: Content {
    let policy: String
    let state: SLAState
    let startedAt: Date
    let dueAt: Date
    let atRiskAt: Date
    /// Counted (business) seconds left before the deadline; negative once it has passed.
    let remainingSeconds: Int
    let breached: Bool
    let respondedAt: Date?
    let firstResponseAt: Date?
    /// While the platform's clock is paused (outside its service window): when it counts again.
    let resumesAt: Date?
}

/// Reads SLA state at `now` with each store's clock, so the time left is counted the platform's way and the state is
/// exact even between two runs of the monitor.
struct SLAReader: Sendable {
    let clocks: [UUID: SLAClock]
    let now: Date

    static func load(
        for storeIDs: some Sequence<UUID>, policies book: PolicyBook, at now: Date, on db: any SQLDatabase
    ) async throws -> SLAReader {
        let policies = try await book.policies(for: Array(Set(storeIDs)), on: db)
        return SLAReader(clocks: policies.mapValues(\.timer.clock), now: now)
    }

    func read(_ record: ConversationRecord) -> SLAReading? {
        guard var track = record.state.sla, let clock = clocks[record.storeID] else { return nil }
        var resumesAt: Date?
        if track.state != .met {
            track.state = SLATrack.waitingState(dueAt: track.dueAt, atRiskAt: track.atRiskAt, at: now)
            track.breached = now >= track.dueAt
            // Only a window clock pauses; the round trip through seconds since 1970 can move an instant by a hair.
            if clock.kind == .window, !track.breached {
                let counting = clock.dueDate(after: now, counting: 0)
                if counting.timeIntervalSince(now) >= 1 { resumesAt = counting }
            }
        }
        return SLAReading(
            policy: track.policy, state: track.state, startedAt: track.startedAt, dueAt: track.dueAt,
            atRiskAt: track.atRiskAt, remainingSeconds: Int(track.remainingSeconds(at: now, on: clock).rounded()),
            breached: track.breached, respondedAt: track.respondedAt, firstResponseAt: record.state.firstResponseAt,
            resumesAt: resumesAt)
    }
}
