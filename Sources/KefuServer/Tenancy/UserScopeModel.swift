import Fluent
import Foundation

/// Assigns a user to one merchant (all its stores) or one store.
final class UserScopeModel: Model, @unchecked Sendable {
    static let schema = "user_scopes"

    @ID(key: .id) var id: UUID?

    @Field(key: "user_id") var userID: UUID
    @OptionalField(key: "merchant_id") var merchantID: UUID?
    @OptionalField(key: "store_id") var storeID: UUID?

    init() {}

    init(userID: UUID, merchantID: UUID? = nil, storeID: UUID? = nil) {
        self.userID = userID
        self.merchantID = merchantID
        self.storeID = storeID
    }
}
