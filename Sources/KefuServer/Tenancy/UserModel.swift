import Fluent
import Foundation
import KefuCore

/// A person who signs in to a workspace.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var roleID: String
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "locale") var locale: String?

    init() {}

    init(id: UUID? = nil, workspaceID: UUID, email: String, name: String, role: Role, passwordHash: String) {
        self.id = id
        self.workspaceID = workspaceID
        self.email = email
        self.name = name
        self.roleID = role.rawValue
        self.passwordHash = passwordHash
    }

    var role: Role { Role(rawValue: roleID) ?? .merchantViewer }
}

extension UserModel {
    /// The signed-in viewer's own row; a user removed since their session began is signed out.
    static func of(_ viewer: Viewer, on db: any Database) async throws -> UserModel {
        guard let user = try await find(viewer.userID, on: db) else { throw KefuError.unauthorized }
        return user
    }
}
