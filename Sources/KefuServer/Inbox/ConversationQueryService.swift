import Foundation
import KefuCore
import SQLKit

/// One page of the message center.
struct ConversationPage: Sendable {
    var items: [ConversationRecord]
    var labels: [UUID: [String]]
    var nextCursor: ConversationCursor?
    var counts: [Folder: Int]
}

/// Reads the message center: folders, filters, search, counts. Everything here is scoped to what the viewer may see.
struct ConversationQueryService {
    let db: any SQLDatabase

    static let defaultPageSize = 50
    static let maxPageSize = 200

    func page(
        _ filter: ConversationFilter, cursor: ConversationCursor?, limit: Int, for viewer: Viewer
    ) async throws -> ConversationPage {
        let narrowing = filter.narrowing(for: viewer)
        var query: SQLQueryString =
            "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE " + narrowing + " AND "
            + ConversationFilter.folderCondition(filter.folder) + filter.searching(on: db)
        if let cursor {
            query = query
                + " AND (c.last_message_at < \(bind: cursor.lastMessageAt) OR (c.last_message_at = \(bind: cursor.lastMessageAt) AND c.id < \(bind: cursor.id)))"
        }
        query = query + " ORDER BY c.last_message_at DESC, c.id DESC LIMIT \(unsafeRaw: String(limit + 1))"

        async let counted = counts(filter, narrowing: narrowing, for: viewer)
        var items = try await db.raw(query).all().map(ConversationRecord.init(row:))
        var next: ConversationCursor?
        if items.count > limit {
            items.removeLast()
            next = items.last.map { ConversationCursor(lastMessageAt: $0.state.lastMessageAt, id: $0.id) }
        }
        let labels = try await customLabels(of: items.map(\.id))
        return ConversationPage(items: items, labels: labels, nextCursor: next, counts: try await counted)
    }

    /// How many conversations each folder holds under the narrowing filters: from the per-store counters when the
    /// filters are per-store ones, else by counting.
    func counts(_ filter: ConversationFilter, narrowing: SQLQueryString, for viewer: Viewer) async throws -> [Folder: Int] {
        if filter.kind == nil, filter.status == nil, filter.assigneeID == nil, filter.label == nil {
            return try await FolderCounts.read(
                for: viewer, merchantID: filter.merchantID, storeID: filter.storeID, platform: filter.platform, on: db)
        }
        return try await countByScanning(narrowing)
    }

    func countByScanning(_ narrowing: SQLQueryString) async throws -> [Folder: Int] {
        let sums = Folder.allCases.map { folder -> SQLQueryString in
            "SUM(CASE WHEN " + ConversationFilter.folderCondition(folder) + " THEN 1 ELSE 0 END) AS \(ident: folder.rawValue)"
        }
        var select: SQLQueryString = "SELECT "
        for (index, sum) in sums.enumerated() {
            select = select + (index == 0 ? "" : ", ") + sum
        }
        let row = try await db.raw(select + " FROM conversations c WHERE " + narrowing).first()
        var counts: [Folder: Int] = [:]
        for folder in Folder.allCases {
            counts[folder] = try row?.decode(column: folder.rawValue, as: Int?.self) ?? 0
        }
        return counts
    }

    func customLabels(of ids: [UUID]) async throws -> [UUID: [String]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw(
            "SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (\(binds: ids)) ORDER BY label"
        ).all()
        var labels: [UUID: [String]] = [:]
        for row in rows {
            labels[try row.decode(column: "conversation_id", as: UUID.self), default: []]
                .append(try row.decode(column: "label", as: String.self))
        }
        return labels
    }
}
