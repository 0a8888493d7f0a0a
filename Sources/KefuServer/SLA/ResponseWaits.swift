import Foundation
import KefuCore
import SQLKit

/// Keeps `response_waits` in step with the inquiries conversations open and answer (`ConversationState.waitEvents`).
enum ResponseWaits {
    private struct NewWait {
        let id: UUID
        let record: ConversationRecord
        let startedAt: Date
        var answeredAt: Date?
    }

    static func record(_ records: [ConversationRecord], policies: [UUID: StorePolicy], on db: any SQLDatabase) async throws {
        var inserts: [NewWait] = []
        var answered: [(conversation: UUID, startedAt: Date, at: Date, clock: SLAClock)] = []
        var withdrawn: [(conversation: UUID, startedAt: Date)] = []
        for record in records where !record.state.waitEvents.isEmpty {
            guard let policy = policies[record.storeID] else { continue }
            for event in record.state.waitEvents {
                switch event {
                case .started(let start):
                    inserts.append(NewWait(id: UUID(), record: record, startedAt: start))
                case .answered(let start, let at):
                    if let index = inserts.lastIndex(where: { $0.record.id == record.id && $0.startedAt == start }) {
                        inserts[index].answeredAt = at
                    } else {
                        answered.append((record.id, start, at, policy.timer.clock))
                    }
                case .withdrawn(let start):
                    if let index = inserts.lastIndex(where: { $0.record.id == record.id && $0.startedAt == start }) {
                        inserts.remove(at: index)
                    } else {
                        withdrawn.append((record.id, start))
                    }
                }
            }
        }
        for chunk in inserts.chunked(by: 400) {
            var insert = db.insert(into: "response_waits").columns(
                "id", "workspace_id", "store_id", "conversation_id", "customer_id", "policy", "started_at", "local_day",
                "due_at", "answered_at", "response_seconds")
            for wait in chunk {
                guard let policy = policies[wait.record.storeID] else { continue }
                let clock = policy.timer.clock
                insert = insert.values(
                    wait.id, wait.record.workspaceID, wait.record.storeID, wait.record.id, wait.record.customerID,
                    policy.timer.policy, wait.startedAt, clock.localDate(of: wait.startedAt).dayNumber,
                    clock.dueDate(forMessageReceivedAt: wait.startedAt), wait.answeredAt,
                    wait.answeredAt.map { clock.countedSeconds(from: wait.startedAt, to: $0) })
            }
            try await insert.run()
        }
        for wait in answered {
            try await db.raw("""
                UPDATE response_waits SET answered_at = \(bind: wait.at),
                    response_seconds = \(bind: wait.clock.countedSeconds(from: wait.startedAt, to: wait.at))
                WHERE conversation_id = \(bind: wait.conversation) AND answered_at IS NULL
                """).run()
        }
        for wait in withdrawn {
            try await db.raw(
                "DELETE FROM response_waits WHERE conversation_id = \(bind: wait.conversation) AND answered_at IS NULL"
            ).run()
        }
    }
}
