import Foundation
import KefuCore
import Fluent
import SQLKit
import Vapor

/// A bulk export as the API shows it: what was asked, how far the background job got, and where to fetch the file.
struct BulkExport: Content {
    enum State: String, Codable, CaseIterable {
        case queued, running, done, failed
    }

    let id: UUID
    let state: State
    let format: BulkExports.Format
    /// The list parameters it exports, as `GET /conversations` reads them (`storeID`, `from`, `to`, `folder`, …).
    let parameters: [String: String]
    /// How many conversations it holds; known once the job has listed them.
    let total: Int?
    let done: Int
    let bytes: Int64
    let error: String?
    let requestedBy: UUID
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?
    /// When the file is removed.
    let expiresAt: Date
    /// Set when the file is ready.
    let download: String?
}

/// Exports of a whole filtered list (a store's conversations for a month): asked for here, written by
/// `BulkExportRunner` in the background, fetched when done. Those who answer to merchants for the records may ask
/// (`Permission.exportInBulk`); each sees their own exports, admins every one of the workspace. The job reads with the
/// requester's current scope, so a store taken away meanwhile is not exported.
struct BulkExports {
    let db: any Database
    let transactions: WriteTransactions

    enum Format: String, Codable, CaseIterable {
        /// One row per message and event, with the conversation's columns first; Excel reads it (byte-order mark).
        case csv
        /// One line per conversation: its complete record, as the single-conversation JSON export.
        case jsonl

        var contentType: HTTPMediaType {
            switch self {
            case .csv: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            case .jsonl: HTTPMediaType(type: "application", subType: "x-ndjson", parameters: ["charset": "utf-8"])
            }
        }
    }

    /// How long a finished export's file is kept.
    static let keptFor: TimeInterval = 7 * 86_400
    /// Exports one person may have waiting or running at once.
    static let openPerUser = 3

    /// Queues an export of the list that `parameters` describe (checked now, as the list endpoint checks them).
    func request(format rawFormat: String?, parameters: [String: String], by viewer: Viewer) async throws -> BulkExport {
        try viewer.require(.exportInBulk)
        let format = try rawFormat.map { raw throws(KefuError) in
            guard let format = Format(rawValue: raw) else { throw .invalid("invalid_field", "format must be csv or jsonl.") }
            return format
        } ?? .csv
        let unknown = Set(parameters.keys).subtracting(Self.listParameters)
        if let name = unknown.sorted().first {
            throw KefuError.invalid("invalid_field", "\(name) is not a list parameter; use \(Self.listParameters.sorted().joined(separator: ", ")).")
        }
        _ = try ConversationListQuery({ parameters[$0] }, viewer: viewer)
        let encoded = String(decoding: try JSONEncoder.sorted.encode(parameters), as: UTF8.self)
        return try await transactions.run(on: db) { tx in
            let open = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM bulk_exports WHERE requested_by = \(bind: viewer.userID)
                AND state IN ('queued', 'running')
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard open < Self.openPerUser else {
                throw KefuError.conflict(
                    "exports_busy", "You have \(open) exports waiting or running; wait for one to finish or remove one.")
            }
            let id = UUID()
            try await tx.sql.insert(into: "bulk_exports")
                .columns("id", "workspace_id", "requested_by", "format", "parameters", "state", "done", "bytes", "created_at", "expires_at")
                .values(id, viewer.workspaceID, viewer.userID, format.rawValue, encoded, BulkExport.State.queued.rawValue, 0,
                        Int64(0), tx.now, tx.now.addingTimeInterval(Self.keptFor))
                .run()
            try await AuditLog.record(
                "export_requested", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: parameters.merging(["format": format.rawValue, "export": id.uuidString]) { a, _ in a }, at: tx.now, on: tx.sql)
            return try await Self.load(id, on: tx.sql)
        }
    }

    /// The parameters a bulk export takes: the conversation list's filters, not its position.
    static let listParameters: Set<String> = [
        "folder", "merchantID", "storeID", "platform", "kind", "status", "assignee", "label", "from", "to", "orderNumber",
        "subject", "customerName", "risk", "q", "find", "sort",
    ]

    /// One export, when the viewer may see it.
    func get(_ id: UUID, by viewer: Viewer) async throws -> BulkExport {
        try viewer.require(.exportInBulk)
        guard let row = try await db.sql.raw(
            "SELECT \(Self.columns) FROM bulk_exports WHERE id = \(bind: id) AND workspace_id = \(bind: viewer.workspaceID)"
        ).first() else { throw KefuError.notFound("export") }
        let export = try Self.export(row)
        guard export.requestedBy == viewer.userID || viewer.role == .admin else { throw KefuError.notFound("export") }
        return export
    }

    /// The viewer's exports (every one of the workspace for an admin), newest first.
    func list(by viewer: Viewer) async throws -> [BulkExport] {
        try viewer.require(.exportInBulk)
        var query: SQLQueryString = "SELECT \(Self.columns) FROM bulk_exports WHERE workspace_id = \(bind: viewer.workspaceID)"
        if viewer.role != .admin { query = query + " AND requested_by = \(bind: viewer.userID)" }
        return try await db.sql.raw(query + " ORDER BY created_at DESC LIMIT 50").all().map(Self.export)
    }

    /// Removes an export and its file; a running one stops at its next part.
    func remove(_ id: UUID, by viewer: Viewer) async throws {
        let export = try await get(id, by: viewer)
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("DELETE FROM bulk_export_parts WHERE export_id = \(bind: id)").run()
            try await tx.sql.raw("DELETE FROM bulk_exports WHERE id = \(bind: id)").run()
            try await AuditLog.record(
                "export_removed", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["export": id.uuidString, "state": export.state.rawValue], at: tx.now, on: tx.sql)
        }
    }

    /// The finished file, part by part, for streaming: each part is read when the previous one has been sent.
    func download(_ id: UUID, by viewer: Viewer) async throws -> (export: BulkExport, parts: Int) {
        let export = try await get(id, by: viewer)
        guard export.state == .done else {
            throw KefuError.conflict("export_not_ready", "The export is \(export.state.rawValue); fetch it when it is done.")
        }
        let parts = try await db.sql.raw("SELECT COUNT(*) AS n FROM bulk_export_parts WHERE export_id = \(bind: id)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        return (export, parts)
    }

    func part(_ seq: Int, of id: UUID) async throws -> Data {
        guard let row = try await db.sql.raw(
            "SELECT data FROM bulk_export_parts WHERE export_id = \(bind: id) AND seq = \(bind: seq)"
        ).first() else { throw KefuError.notFound("export part") }
        return try row.decode(column: "data", as: Data.self)
    }

    static let columns: SQLQueryString = """
        id, format, parameters, state, total, done, bytes, error, requested_by, created_at, started_at, finished_at, expires_at
        """

    static func load(_ id: UUID, on db: any SQLDatabase) async throws -> BulkExport {
        guard let row = try await db.raw("SELECT \(columns) FROM bulk_exports WHERE id = \(bind: id)").first() else {
            throw KefuError.notFound("export")
        }
        return try export(row)
    }

    static func export(_ row: any SQLRow) throws -> BulkExport {
        let id = try row.decode(column: "id", as: UUID.self)
        let state = BulkExport.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed
        let parameters = try row.decode(column: "parameters", as: String.self)
        return BulkExport(
            id: id, state: state, format: Format(rawValue: try row.decode(column: "format", as: String.self)) ?? .csv,
            parameters: (try? JSONDecoder().decode([String: String].self, from: Data(parameters.utf8))) ?? [:],
            total: try row.decode(column: "total", as: Int?.self), done: try row.decode(column: "done", as: Int.self),
            bytes: try row.decode(column: "bytes", as: Int64.self), error: try row.decode(column: "error", as: String?.self),
            requestedBy: try row.decode(column: "requested_by", as: UUID.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            startedAt: try row.decode(column: "started_at", as: Date?.self),
            finishedAt: try row.decode(column: "finished_at", as: Date?.self),
            expiresAt: try row.decode(column: "expires_at", as: Date.self),
            download: state == .done ? "/api/v1/exports/\(id)/download" : nil)
    }
}

extension JSONEncoder {
    /// Keys in order, so the same parameters always read the same.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
