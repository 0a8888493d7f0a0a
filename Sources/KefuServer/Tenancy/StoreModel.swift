import Fluent
import Foundation
import KefuCore

/// One shop on one marketplace and region.
final class StoreModel: Model, @unchecked Sendable {
    static let schema = "stores"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "merchant_id") var merchantID: UUID
    @Field(key: "platform") var platformID: String
    @OptionalField(key: "region") var region: String?
    @Field(key: "name") var name: String
    @Field(key: "timezone") var timeZone: String
    /// The store's own shop on its marketplace (`https://acme.tmall.com`), for the guard's other-shop-link rule.
    @OptionalField(key: "shop_address") var shopAddress: String?
    /// SHA-256 of the store's ingestion key; the key itself is shown once, when the store is created.
    @Field(key: "ingestion_key_hash") var ingestionKeyHash: String

    init() {}

    init(
        id: UUID? = nil, workspaceID: UUID, merchantID: UUID, platform: Platform, region: String?, name: String,
        timeZone: String, ingestionKeyHash: String, shopAddress: String? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.merchantID = merchantID
        self.platformID = platform.rawValue
        self.region = region
        self.name = name
        self.timeZone = timeZone
        self.ingestionKeyHash = ingestionKeyHash
        self.shopAddress = shopAddress
    }

    var platform: Platform {
        get throws(KefuError) { try Platform.stored(platformID, in: "stores.platform") }
    }
}
