import Foundation
import KefuCore
import SQLKit

/// Customers' files, kept beside their messages. Stored after the message itself (the message's ingest path knows no
/// files) and before a channel moves its cursor, so a crash in between stores them on the next reading. Downloads are
/// always `attachment`, never shown inline: a customer's file is never run in the workbench's origin.
enum Attachments {
    /// The largest file kept; a larger one keeps its name and size, and says so.
    static let maxBytes = 10 << 20

    struct File: Sendable {
        let filename: String
        let contentType: String
        let bytes: [UInt8]
    }

    /// What a thread shows of a file.
    struct Info: Sendable {
        let id: UUID
        let messageID: UUID
        let filename: String
        let contentType: String
        let size: Int
        let kept: Bool
    }

    /// Stores the files of messages already stored, found by their external id; a message that has its files already
    /// is left alone, so storing again is harmless.
    static func store(_ files: [String: [File]], store: IngestingStore, at now: Date, on db: any SQLDatabase) async throws {
        let wanted = files.filter { !$0.value.isEmpty }
        guard !wanted.isEmpty else { return }
        let rows = try await db.raw("""
            SELECT m.id, m.external_id, (SELECT COUNT(*) FROM attachments a WHERE a.message_id = m.id) AS kept
            FROM messages m WHERE m.store_id = \(bind: store.storeID) AND m.external_id IN (\(binds: Array(wanted.keys)))
            """).all()
        for row in rows where try row.decode(column: "kept", as: Int.self) == 0 {
            let messageID = try row.decode(column: "id", as: UUID.self)
            guard let list = wanted[try row.decode(column: "external_id", as: String.self)] else { continue }
            for (position, file) in list.enumerated() {
                let kept = file.bytes.count <= maxBytes
                try await db.insert(into: "attachments")
                    .columns("id", "workspace_id", "store_id", "message_id", "position", "filename", "content_type", "size", "data", "created_at")
                    .values(UUID(), store.workspaceID, store.storeID, messageID, position,
                            String(file.filename.prefix(255)), String(file.contentType.prefix(100)), file.bytes.count,
                            kept ? Data(file.bytes) : nil, now)
                    .run()
            }
        }
    }

    static func list(for messages: [UUID], on db: any SQLDatabase) async throws -> [UUID: [Info]] {
        guard !messages.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT id, message_id, filename, content_type, size, data IS NOT NULL AS kept FROM attachments
            WHERE message_id IN (\(binds: messages)) ORDER BY message_id, position
            """).all()
        var result: [UUID: [Info]] = [:]
        for row in rows {
            let info = Info(
                id: try row.decode(column: "id", as: UUID.self), messageID: try row.decode(column: "message_id", as: UUID.self),
                filename: try row.decode(column: "filename", as: String.self),
                contentType: try row.decode(column: "content_type", as: String.self),
                size: try row.decode(column: "size", as: Int.self), kept: try row.decode(column: "kept", as: Bool.self))
            result[info.messageID, default: []].append(info)
        }
        return result
    }

    /// One file for a viewer who may see its store.
    static func download(_ id: UUID, for viewer: Viewer, on db: any SQLDatabase) async throws -> (info: Info, bytes: Data) {
        guard let row = try await db.raw("""
            SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.data FROM attachments a
            WHERE a.id = \(bind: id) AND \(viewer.scopeCondition("a"))
            """).first()
        else { throw KefuError.notFound("attachment") }
        guard let bytes = try row.decode(column: "data", as: Data?.self) else {
            throw KefuError.conflict("attachment_not_kept", "This file was larger than \(maxBytes >> 20) MB and was not kept; ask the customer to send it another way.")
        }
        let info = Info(
            id: id, messageID: try row.decode(column: "message_id", as: UUID.self),
            filename: try row.decode(column: "filename", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self), size: bytes.count, kept: true)
        return (info, bytes)
    }
}
