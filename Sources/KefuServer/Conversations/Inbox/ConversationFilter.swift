import Foundation
import KefuCore
import SQLKit

/// What the message center is asked to list: a folder, narrowing filters and search fields.
struct ConversationFilter: Sendable {
    var folder: Folder = .all
    var merchantID: UUID?
    var storeID: UUID?
    var platform: Platform?
    var kind: ConversationKind?
    var status: ConversationStatus?
    /// `.some(nil)` asks for unassigned conversations.
    var assigneeID: UUID??
    var label: String?
    /// Conversations active in a period (`from`, `to`): a message at or after `activeFrom` and begun before
    /// `activeBefore`, as a store's export for a month asks.
    var activeFrom: Date?
    var activeBefore: Date?
    /// The exact order number (the API's `orderNumber`).
    var orderNumber: String?
    /// An order number as a person types it: exact, its start, or a run of digits in it (`ConversationKeys`).
    var orderNumberMatch: String?
    /// Conversations whose order number, customer name or subject match what was typed; with `identifiersExcluded`
    /// the one-box search reads the message matches that it has not already listed.
    var identifiers: String?
    var identifiersExcluded = false
    /// The one search box (`?find=`): identifiers and message text at once (`ConversationQueryService.find`).
    var find: String?
    var subject: String?
    var customerName: String?
    /// Conversations with a buyer message the guard flagged: any flag (`nil` category) or one kind.
    var risk: RiskFilter?
    var text: SearchTerms.Query?
    /// Only these conversations: how a page asks whether changed rows still belong in its list, and how a search
    /// key lookup that found few conversations narrows the list (`ConversationQueryService.resolvingKeys`).
    var ids: [UUID]?
    /// Not these conversations (the one box's message half, without the identifier matches already listed).
    var excludedIDs: [UUID]?
    var order: ListOrder = .recent

    /// `recent`: newest activity first. `urgency`: waiting conversations by the deadline nearest a platform penalty,
    /// across platforms (a JD chat with 20 s left before a Walmart e-mail with 30 h left), then the rest by recency.
    enum ListOrder: String, CaseIterable {
        case recent
        case urgency
    }

    /// What a list reads from, as `c`: the conversations, or only those in `ids` looked up first. Given the ids as a
    /// condition, SQLite walked the workspace's recency index for the few it wanted (62 ms at 100,000 conversations
    /// for 70 ids; 6 ms read this way). The inner `LIMIT` keeps the databases from merging the two queries.
    var source: SQLQueryString {
        guard let ids, !ids.isEmpty else { return "conversations c" }
        return "(SELECT * FROM conversations WHERE id IN (\(binds: ids)) LIMIT \(unsafeRaw: String(ids.count))) c"
    }

    /// Conditions from the narrowing filters, which folder counts respect too.
    func narrowing(for viewer: Viewer) -> SQLQueryString {
        var sql = viewer.scopeCondition("c")
        if let merchantID { sql = sql + " AND c.merchant_id = \(bind: merchantID)" }
        if let storeID { sql = sql + " AND c.store_id = \(bind: storeID)" }
        if let platform { sql = sql + " AND c.platform = \(bind: platform.rawValue)" }
        if let kind { sql = sql + " AND c.kind = \(bind: kind.rawValue)" }
        if let status { sql = sql + " AND c.status = \(bind: status.rawValue)" }
        if let assigneeID {
            if let assigneeID {
                sql = sql + " AND c.assignee_id = \(bind: assigneeID)"
            } else {
                sql = sql + " AND c.assignee_id IS NULL"
            }
        }
        if let activeFrom { sql = sql + " AND c.last_message_at >= \(bind: activeFrom)" }
        if let activeBefore { sql = sql + " AND c.created_at < \(bind: activeBefore)" }
        if let label {
            if let system = SystemLabel(rawValue: label) {
                sql = sql + (system == .responseNeeded ? " AND c.response_needed = TRUE" : " AND c.customer_care = TRUE")
            } else {
                sql = sql
                    + " AND EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = \(bind: label))"
            }
        }
        return sql
    }

    struct RiskFilter: Sendable {
        let category: ComplianceCategory?
    }

    /// Conditions from the search fields other than full text, which `ConversationQueryService.search` answers.
    func searching(workspace: UUID) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let ids { sql = sql + (ids.isEmpty ? " AND 1 = 0" : " AND c.id IN (\(binds: ids))") }
        if let excludedIDs, !excludedIDs.isEmpty { sql = sql + " AND c.id NOT IN (\(binds: excludedIDs))" }
        if let orderNumber { sql = sql + " AND c.order_number = \(bind: orderNumber)" }
        if let orderNumberMatch {
            sql = sql + " AND " + ConversationKeysIndex.condition(ConversationKeys.query(orderNumberMatch).orderNumbersOnly, workspace: workspace)
        }
        if let identifiers {
            sql = sql + (identifiersExcluded ? " AND NOT " : " AND ")
                + ConversationKeysIndex.condition(ConversationKeys.query(identifiers), workspace: workspace)
        }
        if let risk {
            sql = sql + " AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.risk_flags IS NOT NULL"
            if let category = risk.category {
                sql = sql + " AND (',' || m.risk_flags || ',') LIKE \(bind: "%,\(category.rawValue),%")"
            }
            sql = sql + ")"
        }
        if let subject {
            sql = sql + " AND " + Self.contains("c.subject", subject)
        }
        if let customerName {
            sql = sql + " AND " + Self.contains("c.customer_name", customerName)
        }
        return sql
    }

    /// Case-insensitive "contains", written the same for both databases (PostgreSQL's `ILIKE` is its own): both
    /// lower-case what their `LOWER` knows, and neither has an index these searches could use.
    static func contains(_ column: String, _ text: String) -> SQLQueryString {
        "LOWER(\(unsafeRaw: column)) LIKE LOWER(\(bind: containsPattern(text))) ESCAPE '\\'"
    }

    static func folderCondition(_ folder: Folder) -> SQLQueryString {
        switch folder {
        case .all: "c.status <> 'spam'"
        case .unread: "c.status <> 'spam' AND c.unread = TRUE"
        case .responseNeeded: "c.status <> 'spam' AND c.response_needed = TRUE"
        case .customerCare: "c.status <> 'spam' AND c.customer_care = TRUE"
        case .atRisk: "c.status <> 'spam' AND c.sla_state = 'atRisk'"
        case .overdue: "c.status <> 'spam' AND c.sla_state = 'overdue'"
        case .failed: "c.has_failed = TRUE"
        case .spam: "c.status = 'spam'"
        }
    }

    /// A LIKE pattern for "contains", with the user's `%`, `_` and `\` taken literally.
    static func containsPattern(_ text: String) -> String {
        let escaped = text
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }
}

extension SQLQueryString {
    static func + (lhs: SQLQueryString, rhs: SQLQueryString) -> SQLQueryString {
        var result = lhs
        result.appendInterpolation(rhs)
        return result
    }
}
