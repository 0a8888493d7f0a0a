import Fluent
import Foundation

/// A tenant: a seller company, or an agency answering buyers for many merchants.
final class WorkspaceModel: Model, @unchecked Sendable {
    static let schema = "workspaces"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Field(key: "name") var name: String

    init() {}

    init(id: UUID? = nil, name: String) {
        self.id = id
        self.name = name
    }
}

extension WorkspaceModel {
    static func named(_ name: String, on db: any Database) async throws -> WorkspaceModel? {
        try await query(on: db).filter(\.$name == name).first()
    }
}
