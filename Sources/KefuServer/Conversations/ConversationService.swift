import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Everything an agent does to a conversation. Each action runs in one transaction that changes the state, appends
/// what was written to the record and logs who did it.
struct ConversationService {
    let viewer: Viewer
    let db: any Database
    let transactions: WriteTransactions
    let conversations: ConversationStore
    let compliance: ComplianceService
    let policies: PolicyBook

    func markRead(_ id: UUID) async throws -> ConversationRecord {
        try viewer.require(.triage)
        return try await change(id, action: "read") { record, _ in record.state.markRead(); return .init() }.0
    }

    func markUnread(_ id: UUID) async throws -> ConversationRecord {
        try viewer.require(.triage)
        return try await change(id, action: "unread") { record, _ in record.state.markUnread(); return .init() }.0
    }

    func flag(_ id: UUID, reason: SpamReason) async throws -> ConversationRecord {
        try viewer.require(.triage)
        return try await change(id, action: "flagged") { record, _ in
            try record.state.flag(reason)
            return .init(detail: ["reason": reason.rawValue])
        }.0
    }

    func unflag(_ id: UUID) async throws -> ConversationRecord {
        try viewer.require(.triage)
        return try await change(id, action: "unflagged") { record, _ in record.state.unflag(); return .init() }.0
    }

    func setStatus(_ id: UUID, to status: ConversationStatus) async throws -> ConversationRecord {
        try viewer.require(.triage)
        return try await change(id, action: "status") { record, _ in
            let before = record.state.status
            try record.state.setStatus(status)
            return .init(detail: ["from": before.rawValue, "to": status.rawValue])
        }.0
    }

    func assign(_ id: UUID, to assignee: UUID?) async throws -> ConversationRecord {
        try viewer.require(assignee == viewer.userID ? .triage : .assignOthers)
        if let assignee {
            let row = try await db.sql.raw(
                "SELECT id FROM users WHERE id = \(bind: assignee) AND workspace_id = \(bind: viewer.workspaceID)"
            ).first()
            guard row != nil else { throw KefuError.notFound("user") }
        }
        return try await change(id, action: "assigned") { record, _ in
            record.assigneeID = assignee
            return .init(detail: ["assignee": assignee?.uuidString ?? "none"])
        }.0
    }

    func label(_ id: UUID, add: [String], remove: [String]) async throws -> ConversationRecord {
        try viewer.require(.triage)
        for label in add + remove {
            guard !label.isEmpty, label.count <= 60, SystemLabel(rawValue: label) == nil else {
                throw KefuError.invalid(
                    "invalid_label", "Labels are 1–60 characters and cannot be a system label (\(label)).")
            }
        }
        let conversations = conversations
        return try await change(id, action: "labeled") { record, tx in
            try await conversations.relabel(record.id, add: add, remove: remove, in: tx)
            return .init(detail: ["added": add.joined(separator: ","), "removed": remove.joined(separator: ",")])
        }.0
    }

    /// Stores a reply for delivery (queued in the outbox until a connector sends it), once the compliance guard of the
    /// store's platform lets it pass: a block is refused, warnings need `acknowledgeWarnings`.
    func reply(_ id: UUID, body: String, acknowledgeWarnings: Bool = false) async throws -> (ConversationRecord, MessageRecord) {
        try viewer.require(.reply)
        _ = try Self.checkedBody(body)
        let service = self
        return try await transactions.run(on: db) { tx in
            try await service.reply(id, body: body, acknowledgeWarnings: acknowledgeWarnings, in: tx)
        }
    }

    /// The same inside a transaction the caller runs.
    func reply(
        _ id: UUID, body: String, acknowledgeWarnings: Bool, in tx: WriteContext
    ) async throws -> (ConversationRecord, MessageRecord) {
        try viewer.require(.reply)
        let text = try Self.checkedBody(body)
        let typedOffset = Self.leadingTrim(body)
        let viewer = viewer
        let compliance = compliance
        let conversations = conversations
        let policies = policies
        let (record, outcome) = try await Self.change(
            id, action: "replied", by: viewer, conversations: conversations, in: tx
        ) { record, tx in
            let limits = try await policies.policy(for: record.storeID, on: tx.sql).policy.replyLimits
            if let most = limits?.maxCharacters, text.count > most {
                throw KefuError.invalid(
                    "reply_too_long",
                    "\(record.platform.displayName) takes at most \(most) characters in one message; this reply has \(text.count). Shorten it, or send it as two replies.")
            }
            let verdict = try await compliance.vet(
                text, in: record, acknowledgeWarnings: acknowledgeWarnings, typedOffset: typedOffset, on: tx.sql)
            // A reply never sorts before the message it answers, even when a connector's clock ran ahead.
            let sentAt = max(record.state.lastMessageAt, tx.now)
            record.state.reply(at: sentAt, body: text)
            let outbound = MessageRecord(
                workspaceID: record.workspaceID, storeID: record.storeID, conversationID: record.id, externalID: nil,
                direction: .outbound, author: .agent, authorUserID: viewer.userID, body: text,
                language: ScriptLanguage.guess(text), sentAt: sentAt, createdAt: sentAt, compliance: verdict)
            try await conversations.append([outbound], in: tx)
            try await Outbox.enqueue(outbound, at: sentAt, on: tx.sql)
            var detail = ["message": outbound.id.uuidString]
            if verdict != nil { detail["complianceWarningsAcknowledged"] = "true" }
            return .init(detail: detail, message: outbound)
        }
        guard let message = outcome.message else { throw KefuError.notFound("message") }
        return (record, message)
    }

    /// Stores an internal note that buyers never see.
    func note(_ id: UUID, body: String) async throws -> (ConversationRecord, MessageRecord) {
        try viewer.require(.writeNote)
        let text = try Self.checkedBody(body)
        let viewer = viewer
        let conversations = conversations
        let (record, outcome) = try await change(id, action: "noted") { record, tx in
            record.state.note()
            let note = MessageRecord(
                workspaceID: record.workspaceID, storeID: record.storeID, conversationID: record.id, externalID: nil,
                direction: .note, author: .agent, authorUserID: viewer.userID, body: text,
                language: ScriptLanguage.guess(text), sentAt: tx.now, createdAt: tx.now)
            try await conversations.append([note], in: tx)
            return .init(detail: ["message": note.id.uuidString], message: note)
        }
        guard let message = outcome.message else { throw KefuError.notFound("message") }
        return (record, message)
    }

    /// The text of a message to store: trimmed, not blank, not too long. `field` names it in the error.
    static func checkedBody(_ body: String, field: String = "body") throws(KefuError) -> String {
        let text = body.trimmedOfWhitespace
        guard !text.isEmpty else { throw .invalid("missing_field", "\(field) is required and must not be blank.") }
        guard !text.hasMoreCharacters(than: IngestLimits.maxBodyCharacters) else {
            throw .invalid("field_too_long", "\(field) is longer than \(IngestLimits.maxBodyCharacters) characters.")
        }
        return text
    }

    /// How many UTF-16 code units trimming removes from the front, so findings on the stored text can be pointed
    /// back at the text the sender typed.
    static func leadingTrim(_ body: String) -> Int {
        body.unicodeScalars.prefix { CharacterSet.whitespacesAndNewlines.contains($0) }.reduce(0) { $0 + $1.utf16.count }
    }

    /// What an action did, for the audit record and the caller.
    struct Outcome: Sendable {
        var detail: [String: String] = [:]
        var message: MessageRecord?
    }

    /// One action in one transaction: load the conversation locked, let `mutate` change it (and write what goes with
    /// it), save it through the one writer, and log who did it.
    private func change(
        _ id: UUID, action: String,
        _ mutate: @escaping @Sendable (inout ConversationRecord, WriteContext) async throws -> Outcome
    ) async throws -> (ConversationRecord, Outcome) {
        let viewer = viewer
        let conversations = conversations
        return try await transactions.run(on: db) { tx in
            try await Self.change(id, action: action, by: viewer, conversations: conversations, in: tx, mutate)
        }
    }

    /// The same inside a transaction the caller runs, so a larger action (a proactive message that starts its
    /// conversation) commits or rolls back as one.
    static func change(
        _ id: UUID, action: String, by viewer: Viewer, conversations: ConversationStore, in tx: WriteContext,
        _ mutate: @Sendable (inout ConversationRecord, WriteContext) async throws -> Outcome
    ) async throws -> (ConversationRecord, Outcome) {
        var record = try await conversations.load(id, visibleTo: viewer, in: tx)
        let before = record.state
        let outcome = try await mutate(&record, tx)
        record = try await conversations.save([record], before: [record.id: before], in: tx)[0]
        try await AuditLog.record(
            action, conversation: record.id, workspace: record.workspaceID, by: viewer, detail: outcome.detail,
            at: tx.now, on: tx.sql)
        return (record, outcome)
    }
}
