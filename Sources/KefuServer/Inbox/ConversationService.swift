import Foundation
import KefuCore
import SQLKit
import Vapor

/// Everything an agent does to a conversation. Each action runs in one transaction that changes the state, appends
/// what was written to the record and logs who did it.
struct ConversationService {
    let app: Application
    let viewer: Viewer

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
            let row = try await app.db.sql.raw(
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
        return try await change(id, action: "labeled") { record, db in
            for label in Set(add) {
                try await db.insert(into: "conversation_labels").columns("id", "conversation_id", "label")
                    .values(UUID(), record.id, label).ignoringConflicts(with: ["conversation_id", "label"]).run()
            }
            if !remove.isEmpty {
                try await db.raw(
                    "DELETE FROM conversation_labels WHERE conversation_id = \(bind: record.id) AND label IN (\(binds: remove))"
                ).run()
            }
            return .init(detail: ["added": add.joined(separator: ","), "removed": remove.joined(separator: ",")])
        }.0
    }

    /// Stores a reply for delivery (queued in the outbox until a connector sends it), once the compliance guard of the
    /// store's platform lets it pass: a block is refused, warnings need `acknowledgeWarnings`.
    func reply(_ id: UUID, body: String, acknowledgeWarnings: Bool = false) async throws -> (ConversationRecord, MessageRecord) {
        try viewer.require(.reply)
        let text = try Self.checkedBody(body)
        let typedOffset = Self.leadingTrim(body)
        let viewer = viewer
        let compliance = ComplianceService(app: app)
        let (record, outcome) = try await change(id, action: "replied") { record, db in
            let verdict = try await compliance.vet(
                text, in: record, acknowledgeWarnings: acknowledgeWarnings, typedOffset: typedOffset, on: db)
            let now = record.state.lastMessageAt > app.clock.now() ? record.state.lastMessageAt : app.clock.now()
            record.state.reply(at: now, body: text)
            let outbound = MessageRecord(
                workspaceID: record.workspaceID, storeID: record.storeID, conversationID: record.id, externalID: nil,
                direction: .outbound, author: .agent, authorUserID: viewer.userID, body: text,
                language: ScriptLanguage.guess(text), sentAt: now, createdAt: now, compliance: verdict)
            try await db.insert([outbound])
            try await Outbox.enqueue(outbound, at: now, on: db)
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
        let (record, outcome) = try await change(id, action: "noted") { record, db in
            let now = app.clock.now()
            record.state.note()
            let note = MessageRecord(
                workspaceID: record.workspaceID, storeID: record.storeID, conversationID: record.id, externalID: nil,
                direction: .note, author: .agent, authorUserID: viewer.userID, body: text,
                language: ScriptLanguage.guess(text), sentAt: now, createdAt: now)
            try await db.insert([note])
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

    private func change(
        _ id: UUID, action: String,
        _ mutate: @escaping @Sendable (inout ConversationRecord, any SQLDatabase) async throws -> Outcome
    ) async throws -> (ConversationRecord, Outcome) {
        let viewer = viewer
        let now = app.clock.now()
        return try await app.writeTransaction { db in
            var record = try await db.sql.conversation(id, visibleTo: viewer, forUpdate: true)
            let before = record.state
            let outcome = try await mutate(&record, db.sql)
            record = try await db.sql.save([record], before: [record.id: before], policies: app.policyBook, at: now)[0]
            try await AuditLog.record(
                action, conversation: record.id, workspace: record.workspaceID, by: viewer, detail: outcome.detail,
                at: now, on: db.sql)
            return (record, outcome)
        }
    }
}
