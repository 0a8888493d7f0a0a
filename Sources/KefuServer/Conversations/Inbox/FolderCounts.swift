import Foundation
import KefuCore
import SQLKit

/// Keeps `folder_counts` in step with conversation changes, and reads it.
///
/// Every write path that changes a conversation's folders calls `apply` in the same transaction, with the state
/// before and after; `ConversationState.isIn` is the one definition of folder membership, so the counters and the
/// lists cannot disagree.
enum FolderCounts {
    static let columns: [(Folder, String)] = [
        (.all, "all_count"), (.unread, "unread_count"), (.responseNeeded, "response_needed_count"),
        (.customerCare, "customer_care_count"), (.atRisk, "at_risk_count"), (.overdue, "overdue_count"),
        (.failed, "failed_count"),
        (.spam, "spam_count"),
    ]

    /// A change of one conversation's state; `before` is nil for a new conversation.
    struct Change: Sendable {
        let storeID: UUID
        let before: ConversationState?
        let after: ConversationState
    }

    /// Creates the zeroed counter row of a new store.
    static func addStore(
        _ storeID: UUID, workspace: UUID, merchant: UUID, platform: Platform, on db: any SQLDatabase
    ) async throws {
        try await db.insert(into: "folder_counts")
            .columns(["store_id", "workspace_id", "merchant_id", "platform"] + columns.map(\.1))
            .values([storeID, workspace, merchant, platform.rawValue] + columns.map { _ in 0 as Int })
            .run()
    }

    static func apply(_ changes: [Change], on db: any SQLDatabase) async throws {
        var deltas: [UUID: [Folder: Int]] = [:]
        for change in changes {
            for (folder, _) in columns {
                let delta = (change.after.isIn(folder) ? 1 : 0) - (change.before?.isIn(folder) == true ? 1 : 0)
                if delta != 0 { deltas[change.storeID, default: [:]][folder, default: 0] += delta }
            }
        }
        for (storeID, delta) in deltas.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            var assignments: [SQLQueryString] = []
            for (folder, column) in columns {
                guard let amount = delta[folder], amount != 0 else { continue }
                assignments.append("\(ident: column) = \(ident: column) + \(bind: amount)")
            }
            guard !assignments.isEmpty else { continue }
            var update: SQLQueryString = "UPDATE folder_counts SET "
            for (index, assignment) in assignments.enumerated() {
                update = update + (index == 0 ? "" : ", ") + assignment
            }
            try await db.raw(update + " WHERE store_id = \(bind: storeID)").run()
        }
    }

    /// The counts of the stores the viewer sees, narrowed to a merchant, store or platform.
    static func read(
        for viewer: Viewer, merchantID: UUID?, storeID: UUID?, platform: Platform?, on db: any SQLDatabase
    ) async throws -> [Folder: Int] {
        var query: SQLQueryString = "SELECT "
        for (index, (folder, column)) in columns.enumerated() {
            query = query + (index == 0 ? "" : ", ") + "CAST(SUM(\(ident: column)) AS BIGINT) AS \(ident: folder.rawValue)"
        }
        query = query + " FROM folder_counts c WHERE " + viewer.scopeCondition("c")
        if let merchantID { query = query + " AND c.merchant_id = \(bind: merchantID)" }
        if let storeID { query = query + " AND c.store_id = \(bind: storeID)" }
        if let platform { query = query + " AND c.platform = \(bind: platform.rawValue)" }
        let row = try await db.raw(query).first()
        var counts: [Folder: Int] = [:]
        for (folder, _) in columns {
            counts[folder] = try row?.decode(column: folder.rawValue, as: Int?.self) ?? 0
        }
        return counts
    }
}
