import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Keeps the orders connectors report, and starts conversations about them.
struct OrderService {
    let db: any Database
    let transactions: WriteTransactions
    let conversations: ConversationStore

    static let maxOrdersPerRequest = 1_000

    /// Inserts new orders and updates known ones (status, tracking) by (store, number).
    func upsert(_ orders: [OrderInput], for store: IngestingStore) async throws -> Int {
        guard orders.count <= Self.maxOrdersPerRequest else {
            throw KefuError.invalid("too_many_orders", "Send at most \(Self.maxOrdersPerRequest) orders per request.")
        }
        for (index, order) in orders.enumerated() { try order.validate(at: "orders[\(index)]") }
        return try await transactions.run(on: db) { tx in
            let db = tx.db
            let now = tx.now
            for order in orders {
                let existing = try await OrderModel.query(on: db)
                    .filter(\.$storeID == store.storeID).filter(\.$number == order.number).first()
                let model = existing ?? OrderModel()
                if existing == nil {
                    model.workspaceID = store.workspaceID
                    model.storeID = store.storeID
                    model.number = order.number
                }
                model.status = order.status
                model.currency = order.currency.uppercased()
                model.totalMinor = order.totalMinor
                model.itemsJSON = String(decoding: try JSONEncoder().encode(order.items ?? []), as: UTF8.self)
                model.customerExternalID = order.customer?.externalID ?? model.customerExternalID
                model.customerName = order.customer?.name ?? model.customerName
                model.carrier = order.carrier
                model.trackingNumber = order.trackingNumber
                model.placedAt = order.placedAt
                model.shippedAt = order.shippedAt
                model.deliveredAt = order.deliveredAt
                model.buyerPhone = order.buyerPhone ?? model.buyerPhone
                model.shippingAddress = order.shippingAddress ?? model.shippingAddress
                model.updatedAt = now
                try await model.save(on: db)
            }
            return orders.count
        }
    }

    /// Writes to an order's buyer: continues the newest conversation about the order, or starts one. Starting the
    /// conversation and storing the message are one transaction, so a text the guard refuses leaves nothing behind.
    func message(
        orderNumber: String, storeID: UUID?, body: String, acknowledgeWarnings: Bool = false,
        by replying: ConversationService
    ) async throws -> (ConversationRecord, MessageRecord) {
        let viewer = replying.viewer
        try viewer.require(.reply)
        // Checked here to fail before anything is looked up; `reply` trims again and keeps the typed offsets.
        _ = try ConversationService.checkedBody(body)
        var storeCondition = viewer.scopeCondition("c")
        if let storeID { storeCondition = storeCondition + " AND c.store_id = \(bind: storeID)" }
        let existing = try await db.sql.raw(
            "SELECT c.id FROM conversations c WHERE c.order_number = \(bind: orderNumber) AND " + storeCondition
                + " ORDER BY c.last_message_at DESC LIMIT 1"
        ).first()
        if let existing {
            let id = try existing.decode(column: "id", as: UUID.self)
            return try await replying.reply(id, body: body, acknowledgeWarnings: acknowledgeWarnings)
        }
        let order = try await orderToStart(orderNumber: orderNumber, storeID: storeID, by: viewer)
        let conversations = conversations
        return try await transactions.run(on: db) { tx in
            let conversationID = try await Self.startConversation(
                about: order, orderNumber: orderNumber, by: viewer, conversations: conversations, in: tx)
            return try await replying.reply(conversationID, body: body, acknowledgeWarnings: acknowledgeWarnings, in: tx)
        }
    }

    /// What a new conversation about an order needs to know of it.
    struct StartingOrder: Sendable {
        let storeID: UUID
        let workspaceID: UUID
        let merchantID: UUID
        let platform: Platform
        let customerExternalID: String
        let customerName: String
    }

    private func orderToStart(orderNumber: String, storeID: UUID?, by viewer: Viewer) async throws -> StartingOrder {
        var query = OrderModel.query(on: db)
            .filter(\.$workspaceID == viewer.workspaceID).filter(\.$number == orderNumber)
        if let storeID { query = query.filter(\.$storeID == storeID) }
        let candidates = try await query.all().filter { viewer.canSee(storeID: $0.storeID) }
        guard let order = candidates.first else { throw KefuError.notFound("order") }
        guard candidates.count == 1 else {
            throw KefuError.conflict("ambiguous_order", "Several stores have order \(orderNumber); send storeID to choose one.")
        }
        guard let customerExternalID = order.customerExternalID, let store = try await StoreModel.find(order.storeID, on: db) else {
            throw KefuError.conflict("order_without_buyer", "The marketplace has not reported who bought order \(orderNumber).")
        }
        return StartingOrder(
            storeID: order.storeID, workspaceID: order.workspaceID, merchantID: store.merchantID,
            platform: try store.platform, customerExternalID: customerExternalID, customerName: order.customerName ?? customerExternalID)
    }

    private static func startConversation(
        about order: StartingOrder, orderNumber: String, by viewer: Viewer, conversations: ConversationStore,
        in tx: WriteContext
    ) async throws -> UUID {
        let sql = tx.sql
        let customer: UUID
        if let row = try await sql.raw(
            "SELECT id FROM customers WHERE store_id = \(bind: order.storeID) AND external_id = \(bind: order.customerExternalID)"
        ).first() {
            customer = try row.decode(column: "id", as: UUID.self)
        } else {
            customer = UUID()
            let person = try await CustomerService.persons(
                of: [order.customerExternalID], merchant: order.merchantID, platform: order.platform, on: sql)
            try await sql.insert(into: "customers")
                .columns("id", "workspace_id", "store_id", "external_id", "name", "language", "created_at", "person_id")
                .values(customer, order.workspaceID, order.storeID, order.customerExternalID, order.customerName, nil as String?,
                        tx.now, person[order.customerExternalID])
                .run()
        }
        let record = ConversationRecord(
            id: UUID(), workspaceID: order.workspaceID, merchantID: order.merchantID, storeID: order.storeID,
            platform: order.platform, externalID: "kefu-order:\(orderNumber)", customerID: customer,
            customerName: order.customerName, createdAt: tx.now,
            state: ConversationState(createdAt: tx.now, orderNumber: orderNumber))
        try await conversations.save([record], before: [:], in: tx)
        try await AuditLog.record(
            "started", conversation: record.id, workspace: record.workspaceID, by: viewer,
            detail: ["order": orderNumber], at: tx.now, on: sql)
        return record.id
    }
}
