import Fluent
import Foundation

/// One entry of the permanent record of who did what.
final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?

    @Field(key: "workspace_id") var workspaceID: UUID
    @OptionalField(key: "conversation_id") var conversationID: UUID?
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    /// A small JSON object with what changed.
    @Field(key: "detail") var detail: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        workspaceID: UUID, conversationID: UUID?, userID: UUID?, actor: String, action: String, detail: String,
        createdAt: Date
    ) {
        self.workspaceID = workspaceID
        self.conversationID = conversationID
        self.userID = userID
        self.actor = actor
        self.action = action
        self.detail = detail
        self.createdAt = createdAt
    }
}
