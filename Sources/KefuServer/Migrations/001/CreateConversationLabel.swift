import Fluent
import SQLKit

/// Labels a workspace puts on conversations beside the ones Kefu maintains.
struct CreateConversationLabel: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("conversation_labels")
            .id()
            .field("conversation_id", .uuid, .required, .references("conversations", "id"))
            .field("label", .string, .required)
            .unique(on: "conversation_id", "label")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("conversation_labels").delete()
    }
}
