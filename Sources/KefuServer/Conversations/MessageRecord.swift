import Foundation
import KefuCore
import SQLKit

/// A message row. Inserted once and never updated, but for the personal data a buyer's redaction masks
/// (`CustomerPrivacy.redact`).
struct MessageRecord: Sendable {
    let id: UUID
    let workspaceID: UUID
    let storeID: UUID
    let conversationID: UUID
    let externalID: String?
    let direction: MessageDirection
    let author: MessageAuthor
    let authorUserID: UUID?
    let body: String
    let language: String?
    let sentAt: Date
    let createdAt: Date
    /// The guard's verdict for an outbound message, as JSON (`MessageCompliance`).
    var compliance: String?
    /// An inbound message's risk flags, comma-separated (`suspiciousLink,phishing`).
    var riskFlags: String?

    static let columns = [
        "id", "workspace_id", "store_id", "conversation_id", "external_id", "direction", "author", "author_user_id",
        "body", "language", "sent_at", "created_at", "compliance", "risk_flags",
    ]

    init(
        id: UUID = UUID(), workspaceID: UUID, storeID: UUID, conversationID: UUID, externalID: String?,
        direction: MessageDirection, author: MessageAuthor, authorUserID: UUID?, body: String, language: String?,
        sentAt: Date, createdAt: Date, compliance: String? = nil, riskFlags: String? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.storeID = storeID
        self.conversationID = conversationID
        self.externalID = externalID
        self.direction = direction
        self.author = author
        self.authorUserID = authorUserID
        self.body = body
        self.language = language
        self.sentAt = sentAt
        self.createdAt = createdAt
        self.compliance = compliance
        self.riskFlags = riskFlags
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        storeID = try row.decode(column: "store_id", as: UUID.self)
        conversationID = try row.decode(column: "conversation_id", as: UUID.self)
        externalID = try row.decode(column: "external_id", as: String?.self)
        direction = try row.decodeStored(column: "direction", as: MessageDirection.self)
        author = try row.decodeStored(column: "author", as: MessageAuthor.self)
        authorUserID = try row.decode(column: "author_user_id", as: UUID?.self)
        body = try row.decode(column: "body", as: String.self)
        language = try row.decode(column: "language", as: String?.self)
        sentAt = try row.decode(column: "sent_at", as: Date.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        compliance = try row.decode(column: "compliance", as: String?.self)
        riskFlags = try row.decode(column: "risk_flags", as: String?.self)
    }

    var values: [any Encodable & Sendable] {
        [
            id, workspaceID, storeID, conversationID, externalID, direction.rawValue, author.rawValue, authorUserID,
            body, language, sentAt, createdAt, compliance, riskFlags,
        ]
    }
}
