import Foundation
import KefuCore
import Vapor

/// An order as a connector reports it.
struct OrderInput: Content, Sendable {
    struct Item: Content, Sendable {
        let sku: String?
        let title: String
        let quantity: Int
        /// Unit price in minor units.
        let priceMinor: Int64?
    }

    struct Buyer: Content, Sendable {
        let externalID: String
        let name: String?
    }

    let number: String
    let status: String
    let currency: String
    let totalMinor: Int64
    let items: [Item]?
    let customer: Buyer?
    let carrier: String?
    let trackingNumber: String?
    let placedAt: Date?
    let shippedAt: Date?
    let deliveredAt: Date?
    /// The buyer's phone number and shipping address, when the platform shares them.
    let buyerPhone: String?
    let shippingAddress: String?

    func validate(at path: String) throws(KefuError) {
        try IngestLimits.requireIdentifier(number, "\(path).number")
        try IngestLimits.requireIdentifier(status, "\(path).status")
        guard currency.count == 3, currency.allSatisfy(\.isLetter) else {
            throw .invalid("invalid_field", "\(path).currency must be a three-letter ISO 4217 code such as USD or CNY.")
        }
        guard totalMinor >= 0 else { throw .invalid("invalid_field", "\(path).totalMinor must not be negative.") }
        for (index, item) in (items ?? []).enumerated() where item.quantity <= 0 || item.title.isEmpty {
            throw .invalid("invalid_field", "\(path).items[\(index)] needs a title and a positive quantity.")
        }
    }
}
