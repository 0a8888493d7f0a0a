import Foundation
import Vapor

/// An order as the API shows it beside a conversation.
struct OrderDTO: Content {
    let number: String
    let status: String
    let currency: String
    let totalMinor: Int64
    let items: [OrderInput.Item]
    let customerName: String?
    let carrier: String?
    let trackingNumber: String?
    let placedAt: Date?
    let shippedAt: Date?
    let deliveredAt: Date?

    init(_ model: OrderModel) {
        number = model.number
        status = model.status
        currency = model.currency
        totalMinor = model.totalMinor
        items = (try? JSONDecoder().decode([OrderInput.Item].self, from: Data(model.itemsJSON.utf8))) ?? []
        customerName = model.customerName
        carrier = model.carrier
        trackingNumber = model.trackingNumber
        placedAt = model.placedAt
        shippedAt = model.shippedAt
        deliveredAt = model.deliveredAt
    }
}
