import Crypto
import Foundation
import KefuCore
import SQLKit

/// Counts what a database holds and checksums its messages: the manifest a backup is written with and a restore is
/// checked against.
enum BackupInventory {
    /// The tables whose rows a merchant would miss; the rest (counters, leases, caches) are rebuilt or short-lived.
    static let tables = [
        "workspaces", "merchants", "stores", "users", "customers", "orders", "conversations", "messages", "attachments",
        "audit_events", "reply_templates", "compliance_terms", "channels",
    ]

    static func manifest(of db: any SQLDatabase, kind: KefuConfiguration.DatabaseKind, at date: Date) async throws
        -> BackupManifest
    {
        var counts: [String: Int] = [:]
        for table in tables {
            let row = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
            counts[table] = try row?.decode(column: "n", as: Int.self) ?? 0
        }
        return BackupManifest(
            kefuVersion: KefuVersion.current, database: kind.rawValue, createdAt: date, counts: counts,
            messagesSHA256: try await messagesChecksum(of: db))
    }

    /// SHA-256 over `id \t conversation \t text \n` of every message in id order, read a page at a time.
    static func messagesChecksum(of db: any SQLDatabase) async throws -> String {
        var hasher = SHA256()
        var after: UUID?
        while true {
            let condition: SQLQueryString = after.map { "WHERE id > \(bind: $0)" } ?? ""
            let rows = try await db.raw("SELECT id, conversation_id, body FROM messages \(condition) ORDER BY id LIMIT 20000")
                .all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let conversation = try row.decode(column: "conversation_id", as: UUID.self)
                let body = try row.decode(column: "body", as: String.self)
                hasher.update(data: Data("\(id.uuidString)\t\(conversation.uuidString)\t\(body)\n".utf8))
                after = id
            }
            if rows.count < 20000 { break }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
