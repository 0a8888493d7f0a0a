import Foundation
import KefuCore
import SQLKit

/// One page of the message center.
struct ConversationListPage: Sendable {
    var items: [ConversationRecord]
    var labels: [UUID: [String]]
    /// The opaque token of the next page: a `ConversationCursor` for lists, a `SearchCursor` for full-text search.
    var nextCursor: String?
    var counts: [Folder: Int]
}

/// Reads the message center: folders, filters, search, counts. Everything here is scoped to what the viewer may see.
struct ConversationQueryService {
    let db: any SQLDatabase
    let search: any SearchIndex

    static let defaultPageSize = 50
    static let maxPageSize = 200

    /// The page a list query asks for: the one search box, full-text search when it has text, else the folder in
    /// its order.
    /// Without `counting`, the folders are not counted (`counts` stays empty): a bulk export pages through a list
    /// and needs no counts.
    func page(_ query: ConversationListQuery, for viewer: Viewer, counting: Bool = true) async throws -> ConversationListPage {
        if let typed = query.filter.find {
            return try await find(
                query.filter, typed: typed, cursor: query.findCursor, limit: query.limit, for: viewer, counting: counting)
        }
        if let text = query.filter.text {
            return try await search(
                query.filter, text: text, cursor: query.searchCursor, limit: query.limit, for: viewer, counting: counting)
        }
        return try await page(query.filter, cursor: query.cursor, limit: query.limit, for: viewer, counting: counting)
    }

    /// The one search box: conversations whose order number, customer name or subject match come first, in the list's
    /// own order (most urgent or newest), then those whose messages contain the words, newest matching message first
    /// (or the most urgent of them, `search`). A text too short for the message index finds identifiers only.
    func find(
        _ filter: ConversationFilter, typed: String, cursor: FindCursor?, limit: Int, for viewer: Viewer, counting: Bool = true
    ) async throws -> ConversationListPage {
        var filter = filter
        filter.find = nil
        let narrowing = filter.narrowing(for: viewer)
        async let counted = counting ? counts(filter, narrowing: narrowing, for: viewer) : [:]
        let text = try? SearchTerms.query(typed)
        var items: [ConversationRecord] = []
        var labels: [UUID: [String]] = [:]
        var searchCursor: SearchCursor?
        // One key lookup for both halves: the identifiers list those it found, the message half leaves them out.
        let found = try await ConversationKeysIndex.candidates(
            ConversationKeys.query(typed), workspace: viewer.workspaceID, on: db)
        switch cursor {
        case .messages(let position): searchCursor = position
        case .identifiers, nil:
            var byIdentifiers = filter
            if let found {
                byIdentifiers.ids = filter.ids.map { wanted in wanted.filter(Set(found).contains) } ?? found
            } else {
                byIdentifiers.identifiers = typed
            }
            let first = try await page(byIdentifiers, cursor: cursor.flatMap(\.identifiersCursor), limit: limit, for: viewer, counting: false)
            if let next = first.nextCursor {
                return ConversationListPage(
                    items: first.items, labels: first.labels, nextCursor: FindCursor.identifiers(try ConversationCursor(token: next)).token,
                    counts: try await counted)
            }
            items = first.items
            labels = first.labels
            guard text != nil else {
                return ConversationListPage(items: items, labels: labels, nextCursor: nil, counts: try await counted)
            }
            if items.count == limit {
                return ConversationListPage(
                    items: items, labels: labels, nextCursor: FindCursor.messages(nil).token, counts: try await counted)
            }
        }
        guard let text else {
            return ConversationListPage(items: [], labels: [:], nextCursor: nil, counts: try await counted)
        }
        var byMessages = filter
        if let found {
            byMessages.excludedIDs = (filter.excludedIDs ?? []) + found
        } else {
            byMessages.identifiers = typed
            byMessages.identifiersExcluded = true
        }
        let rest = try await search(
            byMessages, text: text, cursor: searchCursor, limit: limit - items.count, for: viewer, counting: false)
        labels.merge(rest.labels) { first, _ in first }
        return ConversationListPage(
            items: items + rest.items, labels: labels,
            nextCursor: try rest.nextCursor.map { FindCursor.messages(try SearchCursor(token: $0)).token },
            counts: try await counted)
    }

    /// The filter with its search-key conditions (order-number field, one-box identifiers) replaced by the ids they
    /// match, when there are few.
    func resolvingKeys(_ filter: ConversationFilter, for viewer: Viewer) async throws -> ConversationFilter {
        var filter = filter
        func narrow(to found: [UUID]) {
            filter.ids = filter.ids.map { wanted in wanted.filter(Set(found).contains) } ?? found
        }
        if let typed = filter.orderNumberMatch, let found = try await ConversationKeysIndex.candidates(
            ConversationKeys.query(typed).orderNumbersOnly, workspace: viewer.workspaceID, on: db)
        {
            narrow(to: found)
            filter.orderNumberMatch = nil
        }
        if let typed = filter.identifiers, let found = try await ConversationKeysIndex.candidates(
            ConversationKeys.query(typed), workspace: viewer.workspaceID, on: db)
        {
            if filter.identifiersExcluded {
                filter.excludedIDs = (filter.excludedIDs ?? []) + found
            } else {
                narrow(to: found)
            }
            filter.identifiers = nil
        }
        return filter
    }

    func page(
        _ filter: ConversationFilter, cursor: ConversationCursor?, limit: Int, for viewer: Viewer, counting: Bool = true
    ) async throws -> ConversationListPage {
        let filter = try await resolvingKeys(filter, for: viewer)
        let narrowing = filter.narrowing(for: viewer)
        let base: SQLQueryString =
            "SELECT \(ConversationRecord.selectList) FROM " + filter.source + " WHERE " + narrowing + " AND "
            + ConversationFilter.folderCondition(filter.folder) + filter.searching(workspace: viewer.workspaceID)
        async let counted = counting ? counts(filter, narrowing: narrowing, for: viewer) : [:]
        var items: [ConversationRecord] = []
        var recencyCursor = cursor
        if filter.order == .urgency, cursor == nil || cursor?.dueAt != nil {
            var query = base + " AND c.sla_urgent_at IS NOT NULL"
            if let cursor, let dueAt = cursor.dueAt, let started = cursor.waitStartedAt {
                query = query
                    + " AND (c.sla_urgent_at > \(bind: dueAt) OR (c.sla_urgent_at = \(bind: dueAt) AND (c.sla_started_at > \(bind: started)"
                    + " OR (c.sla_started_at = \(bind: started) AND c.id > \(bind: cursor.id)))))"
            }
            // Conversations sharing a deadline: the longest waiting first, then by id, so the order never depends on
            // which row the database happens to read first.
            query = query + " ORDER BY c.sla_urgent_at ASC, c.sla_started_at ASC, c.id ASC LIMIT \(unsafeRaw: String(limit + 1))"
            items = try await db.raw(query).all().map(ConversationRecord.init(row:))
            recencyCursor = nil
        }
        // Every conversation in the At-risk folder waits, so has an urgency: the recency query would find nothing
        // there, after reading the whole workspace to be sure.
        let urgencyCoversFolder = filter.order == .urgency && (filter.folder == .atRisk || filter.folder == .overdue)
        if items.count <= limit, !urgencyCoversFolder {
            var query = base
            if filter.order == .urgency { query = query + " AND c.sla_urgent_at IS NULL" }
            if let cursor = recencyCursor {
                query = query
                    + " AND (c.last_message_at < \(bind: cursor.lastMessageAt) OR (c.last_message_at = \(bind: cursor.lastMessageAt) AND c.id < \(bind: cursor.id)))"
            }
            query = query + " ORDER BY c.last_message_at DESC, c.id DESC LIMIT \(unsafeRaw: String(limit + 1 - items.count))"
            items += try await db.raw(query).all().map(ConversationRecord.init(row:))
        }
        var next: String?
        if items.count > limit {
            items.removeLast()
            next = items.last.map { last in
                if filter.order == .urgency, let sla = last.state.sla, sla.state != .met {
                    return ConversationCursor(dueAt: sla.dueAt, waitStartedAt: sla.startedAt, id: last.id).token
                }
                return ConversationCursor(lastMessageAt: last.state.lastMessageAt, id: last.id).token
            }
        }
        let labels = try await customLabels(of: items.map(\.id))
        return ConversationListPage(items: items, labels: labels, nextCursor: next, counts: try await counted)
    }

    /// Full-text search: conversations in the order of their newest matching message, read from the index newest
    /// first in windows, so a common term (发货 in a million messages) costs a few windows, not every match.
    ///
    /// A page can hold fewer than `limit` items while `nextCursor` is set, when the filters leave little of what
    /// ten windows matched; following the cursor continues further back.
    ///
    /// In the urgency order the newest `SearchCursor.urgencyRanked` matching conversations are ranked by deadline
    /// (longest waiting first on a shared one, then newest match) and paged by offset; after them the search goes on
    /// newest first, so nothing that matches is left out.
    func search(
        _ filter: ConversationFilter, text: SearchTerms.Query, cursor: SearchCursor?, limit: Int, for viewer: Viewer,
        counting: Bool = true
    ) async throws -> ConversationListPage {
        let filter = try await resolvingKeys(filter, for: viewer)
        let narrowing = filter.narrowing(for: viewer)
        async let counted = counting ? counts(filter, narrowing: narrowing, for: viewer) : [:]
        let byUrgency = filter.order == .urgency && cursor?.before == nil
        var before = cursor?.before
        // Conversations ranked on earlier pages: any with a match at or after the cursor.
        var ranked = Set<UUID>()
        if let boundary = cursor?.before {
            var newer: Int64? = nil
            while true {
                let window = try await search.window(
                    text, workspace: viewer.workspaceID, before: newer, limit: SearchIndexes.maxWindow, on: db)
                ranked.formUnion(window.hits.filter { $0.position >= boundary }.map(\.conversationID))
                guard !window.reachedEnd, let last = window.lastPosition, last >= boundary else { break }
                newer = last
            }
        }
        let wanted = byUrgency ? SearchCursor.urgencyRanked : limit + 1
        var found: [(ConversationRecord, Int64)] = []
        var exhausted = false
        var size = SearchIndexes.firstWindow
        for _ in 0..<(byUrgency ? 20 : 10) where found.count < wanted {
            let window = try await search.window(
                text, workspace: viewer.workspaceID, before: before, limit: size, on: db)
            var candidates: [(UUID, Int64)] = []
            for hit in window.hits where ranked.insert(hit.conversationID).inserted {
                candidates.append((hit.conversationID, hit.position))
            }
            // Candidates are in rank order; load them a chunk at a time and stop once the page is full.
            for chunk in candidates.chunked(by: limit + 1) where found.count < wanted {
                let rows = try await db.raw(
                    "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.id IN (\(binds: chunk.map(\.0))) AND "
                        + narrowing + " AND " + ConversationFilter.folderCondition(filter.folder)
                        + filter.searching(workspace: viewer.workspaceID)
                ).all()
                let records = Dictionary(uniqueKeysWithValues: try rows.map { row in
                    let record = try ConversationRecord(row: row)
                    return (record.id, record)
                })
                for (id, position) in chunk {
                    if let record = records[id] { found.append((record, position)) }
                }
            }
            before = window.lastPosition ?? before
            if window.reachedEnd {
                exhausted = true
                break
            }
            size = min(size * 4, SearchIndexes.maxWindow)
        }
        var next: String?
        if byUrgency {
            let offset = cursor?.offset ?? 0
            let ordered = Self.byUrgency(Array(found.prefix(SearchCursor.urgencyRanked)))
            let more = !exhausted || found.count > ordered.count
            found = Array(ordered.dropFirst(offset).prefix(limit))
            if offset + limit < ordered.count {
                next = SearchCursor(offset: offset + limit).token
            } else if more, let oldest = ordered.map(\.1).min() {
                // Past the ranked ones, on newest first from the oldest match they reached.
                next = SearchCursor(before: oldest).token
            }
        } else if found.count > limit {
            found.removeLast(found.count - limit)
            next = found.last.map { SearchCursor(before: $0.1).token }
        } else if !exhausted, let before {
            next = SearchCursor(before: before).token
        }
        let items = found.map(\.0)
        return ConversationListPage(
            items: items, labels: try await customLabels(of: items.map(\.id)), nextCursor: next,
            counts: try await counted)
    }

    /// Waiting conversations by deadline, longest waiting first on a shared one, then the rest as found.
    static func byUrgency(_ found: [(ConversationRecord, Int64)]) -> [(ConversationRecord, Int64)] {
        func key(_ record: ConversationRecord) -> (Date, Date)? {
            guard let sla = record.state.sla, sla.state != .met else { return nil }
            return (sla.dueAt, sla.startedAt)
        }
        return found.enumerated().sorted { a, b in
            switch (key(a.element.0), key(b.element.0)) {
            case let (x?, y?): x != y ? x < y : a.offset < b.offset
            case (_?, nil): true
            case (nil, _?): false
            case (nil, nil): a.offset < b.offset
            }
        }.map(\.element)
    }

    /// How many conversations each folder holds under the narrowing filters: from the per-store counters when the
    /// filters are per-store ones, else by counting.
    func counts(_ filter: ConversationFilter, narrowing: SQLQueryString, for viewer: Viewer) async throws -> [Folder: Int] {
        if filter.kind == nil, filter.status == nil, filter.assigneeID == nil, filter.label == nil, filter.activeFrom == nil,
           filter.activeBefore == nil {
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
