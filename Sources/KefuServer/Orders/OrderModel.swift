import Fluent
import Foundation

/// An order as the marketplace reports it, shown beside its conversation.
final class OrderModel: Model, @unchecked Sendable {
    static let schema = "orders"

    @ID(key: .id) var id: UUID?

    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "store_id") var storeID: UUID
    @Field(key: "number") var number: String
    @Field(key: "status") var status: String
    @Field(key: "currency") var currency: String
    /// The total in the currency's minor unit (cents, fen, kopecks), so sums stay exact.
    @Field(key: "total_minor") var totalMinor: Int64
    @Field(key: "items_json") var itemsJSON: String
    @OptionalField(key: "customer_external_id") var customerExternalID: String?
    @OptionalField(key: "customer_name") var customerName: String?
    @OptionalField(key: "carrier") var carrier: String?
    @OptionalField(key: "tracking_number") var trackingNumber: String?
    @OptionalField(key: "placed_at") var placedAt: Date?
    @OptionalField(key: "shipped_at") var shippedAt: Date?
    @OptionalField(key: "delivered_at") var deliveredAt: Date?
    /// Kept so the compliance guard can stop a reply that repeats them in full.
    @OptionalField(key: "buyer_phone") var buyerPhone: String?
    @OptionalField(key: "shipping_address") var shippingAddress: String?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
