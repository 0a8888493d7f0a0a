import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Reads and edits the policy a store is timed by. An edit is audited and re-times the store's waiting conversations
/// in the same transaction, so the inbox never shows deadlines from two versions of the rules.
struct StorePolicyService {
    let viewer: Viewer
    let db: any Database
    let policies: PolicyBook
    let transactions: WriteTransactions
    let conversations: ConversationStore

    func policy(of storeID: UUID) async throws -> StorePolicy {
        try await visibleStore(storeID)
        return try await policies.policy(for: storeID, on: db.sql)
    }

    /// Replaces the store's policy with `document`, raising its version.
    func update(_ storeID: UUID, document: Data) async throws -> StorePolicy {
        try viewer.require(.administer)
        let platform = try await visibleStore(storeID)
        var policy = try ResponsePolicy.decode(document)
        guard policy.platform == platform.rawValue else {
            throw KefuError.unprocessable(
                "invalid_policy", "The policy is malformed at platform: this store sells on \(platform.rawValue), not \(policy.platform).")
        }
        let current = try await policies.policy(for: storeID, on: db.sql)
        policy.version = current.policy.version + 1
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(policy), as: UTF8.self)
        let version = policy.version
        let viewer = viewer
        return try await save(storeID, from: current.policy.version, to: version) { db, now in
            try await db.raw("DELETE FROM store_policies WHERE store_id = \(bind: storeID)").run()
            try await db.insert(into: "store_policies")
                .columns("store_id", "workspace_id", "document", "version", "updated_by", "updated_at")
                .values(storeID, viewer.workspaceID, json, version, viewer.userID, now).run()
        }
    }

    /// Returns the store to its platform's shipped pack.
    func reset(_ storeID: UUID) async throws -> StorePolicy {
        try viewer.require(.administer)
        try await visibleStore(storeID)
        let current = try await policies.policy(for: storeID, on: db.sql)
        return try await save(storeID, from: current.policy.version, to: nil) { db, _ in
            try await db.raw("DELETE FROM store_policies WHERE store_id = \(bind: storeID)").run()
        }
    }

    private func save(
        _ storeID: UUID, from oldVersion: Int, to newVersion: Int?,
        _ write: @escaping @Sendable (any SQLDatabase, Date) async throws -> Void
    ) async throws -> StorePolicy {
        let viewer = viewer
        let book = policies
        let conversations = conversations
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            try await write(sql, now)
            let policy = try await book.policy(for: storeID, on: sql)
            let outcome = try await conversations.retime(stores: [storeID], in: tx)
            try await AuditLog.record(
                newVersion == nil ? "policyReset" : "policyChanged", conversation: nil, workspace: viewer.workspaceID,
                by: viewer,
                detail: [
                    "store": storeID.uuidString, "from": String(oldVersion), "to": policy.policy.reference,
                    "retimed": String(outcome.conversations),
                ], at: now, on: sql)
            return policy
        }
    }

    @discardableResult
    private func visibleStore(_ storeID: UUID) async throws -> Platform {
        try await db.sql.store(storeID, visibleTo: viewer).platform
    }
}
