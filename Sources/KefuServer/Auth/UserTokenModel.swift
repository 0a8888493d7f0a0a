import Fluent
import Foundation

/// A signed-in session: the bearer token's SHA-256, when it stops working, and where it came from.
final class UserTokenModel: Model, @unchecked Sendable {
    static let schema = "user_tokens"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Field(key: "user_id") var userID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    /// `SessionService.SessionKind`; absent on tokens made before sessions had kinds (they are API tokens).
    @OptionalField(key: "kind") var kind: String?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "user_agent") var userAgent: String?
    @OptionalField(key: "address") var address: String?

    init() {}

    init(userID: UUID, tokenHash: String, expiresAt: Date) {
        self.userID = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
