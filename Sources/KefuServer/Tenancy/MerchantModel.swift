import Fluent
import Foundation

/// A brand a workspace serves; a seller's own workspace has one, an agency's has one per client.
final class MerchantModel: Model, @unchecked Sendable {
    static let schema = "merchants"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "name") var name: String

    init() {}

    init(id: UUID? = nil, workspaceID: UUID, name: String) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
    }
}
