import Foundation
import KefuCore
import SQLKit

/// A conversation row: who and where it belongs to, plus its message-center state.
struct ConversationRecord: Sendable {
    let id: UUID
    let workspaceID: UUID
    let merchantID: UUID
    let storeID: UUID
    let platform: Platform
    let externalID: String
    let customerID: UUID
    var customerName: String
    var assigneeID: UUID?
    let createdAt: Date
    var state: ConversationState

    static let columns = [
        "id", "workspace_id", "merchant_id", "store_id", "platform", "external_id", "customer_id", "customer_name",
        "order_number", "subject", "kind", "status", "spam_reason", "response_needed", "customer_care", "unread",
        "has_failed", "answered", "assignee_id", "preview", "last_message_at", "awaiting_since", "message_count",
        "created_at", "clock_started_at", "first_response_at", "last_reply_at", "sla_policy", "sla_started_at",
        "sla_due_at", "sla_at_risk_at", "sla_state", "sla_breached", "sla_responded_at", "sla_urgent_at",
    ]

    /// The columns an upsert rewrites; identity columns never change.
    static let mutableColumns = Array(columns.dropFirst(7).filter { $0 != "created_at" })

    /// `c.id, c.workspace_id, …` for a query that aliases the table as `c`.
    static let selectList = SQLQueryString(columns.map { "c.\($0)" }.joined(separator: ", "))

    init(
        id: UUID, workspaceID: UUID, merchantID: UUID, storeID: UUID, platform: Platform, externalID: String,
        customerID: UUID, customerName: String, assigneeID: UUID? = nil, createdAt: Date, state: ConversationState
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.merchantID = merchantID
        self.storeID = storeID
        self.platform = platform
        self.externalID = externalID
        self.customerID = customerID
        self.customerName = customerName
        self.assigneeID = assigneeID
        self.createdAt = createdAt
        self.state = state
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        merchantID = try row.decode(column: "merchant_id", as: UUID.self)
        storeID = try row.decode(column: "store_id", as: UUID.self)
        platform = try row.decodeStored(column: "platform", as: Platform.self)
        externalID = try row.decode(column: "external_id", as: String.self)
        customerID = try row.decode(column: "customer_id", as: UUID.self)
        customerName = try row.decode(column: "customer_name", as: String.self)
        assigneeID = try row.decode(column: "assignee_id", as: UUID?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        var state = ConversationState(createdAt: createdAt)
        state.orderNumber = try row.decode(column: "order_number", as: String?.self)
        state.subject = try row.decode(column: "subject", as: String?.self)
        state.kind = try row.decodeStored(column: "kind", as: ConversationKind.self)
        state.status = try row.decodeStored(column: "status", as: ConversationStatus.self)
        state.spamReason = try row.decode(column: "spam_reason", as: String?.self).flatMap(SpamReason.init(rawValue:))
        state.responseNeeded = try row.decode(column: "response_needed", as: Bool.self)
        state.customerCare = try row.decode(column: "customer_care", as: Bool.self)
        state.unread = try row.decode(column: "unread", as: Bool.self)
        state.hasFailedDelivery = try row.decode(column: "has_failed", as: Bool.self)
        state.answered = try row.decode(column: "answered", as: Bool.self)
        state.preview = try row.decode(column: "preview", as: String.self)
        state.lastMessageAt = try row.decode(column: "last_message_at", as: Date.self)
        state.awaitingSince = try row.decode(column: "awaiting_since", as: Date?.self)
        state.messageCount = try row.decode(column: "message_count", as: Int.self)
        state.clockStartedAt = try row.decode(column: "clock_started_at", as: Date?.self)
        state.firstResponseAt = try row.decode(column: "first_response_at", as: Date?.self)
        state.lastReplyAt = try row.decode(column: "last_reply_at", as: Date?.self)
        if let policy = try row.decode(column: "sla_policy", as: String?.self),
            let startedAt = try row.decode(column: "sla_started_at", as: Date?.self),
            let dueAt = try row.decode(column: "sla_due_at", as: Date?.self),
            let atRiskAt = try row.decode(column: "sla_at_risk_at", as: Date?.self),
            let slaState = try row.decode(column: "sla_state", as: String?.self).flatMap(SLAState.init(rawValue:))
        {
            state.sla = SLATrack(
                policy: policy, startedAt: startedAt, dueAt: dueAt, atRiskAt: atRiskAt, state: slaState,
                breached: try row.decode(column: "sla_breached", as: Bool?.self) ?? false,
                respondedAt: try row.decode(column: "sla_responded_at", as: Date?.self))
        }
        self.state = state
    }

    /// The row's values in `columns` order.
    var values: [any Encodable & Sendable] {
        [
            id, workspaceID, merchantID, storeID, platform.rawValue, externalID, customerID, customerName,
            state.orderNumber, state.subject, state.kind.rawValue, state.status.rawValue, state.spamReason?.rawValue,
            state.responseNeeded, state.customerCare, state.unread, state.hasFailedDelivery, state.answered, assigneeID,
            state.preview, state.lastMessageAt, state.awaitingSince, state.messageCount, createdAt,
            state.clockStartedAt, state.firstResponseAt, state.lastReplyAt, state.sla?.policy, state.sla?.startedAt,
            state.sla?.dueAt, state.sla?.atRiskAt, state.sla?.state.rawValue, state.sla?.breached,
            state.sla?.respondedAt, state.sla?.state == .met ? nil : state.sla?.dueAt,
        ]
    }
}

extension SQLDatabase {
    /// Reads one conversation if the viewer may see it. Changes load it through `ConversationStore`, locked.
    func conversation(_ id: UUID, visibleTo viewer: Viewer) async throws -> ConversationRecord {
        let query: SQLQueryString =
            "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.id = \(bind: id) AND "
            + viewer.scopeCondition("c")
        guard let row = try await raw(query).first() else { throw KefuError.notFound("conversation") }
        return try ConversationRecord(row: row)
    }
}
