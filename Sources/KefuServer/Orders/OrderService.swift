import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Keeps the orders connectors report, and starts conversations about them.
struct OrderService {
    let app: Application

    static let maxOrdersPerRequest = 1_000

    /// Inserts new orders and updates known ones (status, tracking) by (store, number).
    func upsert(_ orders: [OrderInput], for store: IngestingStore) async throws -> Int {
        guard orders.count <= Self.maxOrdersPerRequest else {
            throw KefuError.invalid("too_many_orders", "Send at most \(Self.maxOrdersPerRequest) orders per request.")
        }
        for (index, order) in orders.enumerated() { try order.validate(at: "orders[\(index)]") }
        let now = app.clock.now()
        return try await app.writeTransaction { db in
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

    /// The order a conversation is about, if the connector reported it.
    func order(number: String, store: UUID, on db: any Database) async throws -> OrderModel? {
        try await OrderModel.query(on: db).filter(\.$storeID == store).filter(\.$number == number).first()
    }

    /// Writes to an order's buyer: continues the newest conversation about the order, or starts one.
    func message(
        orderNumber: String, storeID: UUID?, body: String, acknowledgeWarnings: Bool = false, by viewer: Viewer
    ) async throws -> (ConversationRecord, MessageRecord) {
        try viewer.require(.reply)
        // Checked here to fail before a conversation is started; `reply` trims again and keeps the typed offsets.
        _ = try ConversationService.checkedBody(body)
        var storeCondition = viewer.scopeCondition("c")
        if let storeID { storeCondition = storeCondition + " AND c.store_id = \(bind: storeID)" }
        let existing = try await app.db.sql.raw(
            "SELECT c.id FROM conversations c WHERE c.order_number = \(bind: orderNumber) AND " + storeCondition
                + " ORDER BY c.last_message_at DESC LIMIT 1"
        ).first()
        if let existing {
            let id = try existing.decode(column: "id", as: UUID.self)
            return try await ConversationService(app: app, viewer: viewer).reply(id, body: body, acknowledgeWarnings: acknowledgeWarnings)
        }
        let conversationID = try await startConversation(orderNumber: orderNumber, storeID: storeID, by: viewer)
        return try await ConversationService(app: app, viewer: viewer).reply(
            conversationID, body: body, acknowledgeWarnings: acknowledgeWarnings)
    }

    private func startConversation(orderNumber: String, storeID: UUID?, by viewer: Viewer) async throws -> UUID {
        var query = OrderModel.query(on: app.db)
            .filter(\.$workspaceID == viewer.workspaceID).filter(\.$number == orderNumber)
        if let storeID { query = query.filter(\.$storeID == storeID) }
        let candidates = try await query.all().filter { viewer.canSee(storeID: $0.storeID) }
        guard let order = candidates.first else { throw KefuError.notFound("order") }
        guard candidates.count == 1 else {
            throw KefuError.conflict("ambiguous_order", "Several stores have order \(orderNumber); send storeID to choose one.")
        }
        guard let buyerID = order.customerExternalID,
            let store = try await StoreModel.find(order.storeID, on: app.db), let platform = store.platform
        else {
            throw KefuError.conflict("order_without_buyer", "The marketplace has not reported who bought order \(orderNumber).")
        }
        let now = app.clock.now()
        let buyerName = order.customerName ?? buyerID
        let ingesting = IngestingStore(
            storeID: order.storeID, workspaceID: order.workspaceID, merchantID: store.merchantID, platform: platform)
        return try await app.writeTransaction { db in
            let sql = db.sql
            let customer: UUID
            if let row = try await sql.raw(
                "SELECT id FROM customers WHERE store_id = \(bind: order.storeID) AND external_id = \(bind: buyerID)"
            ).first() {
                customer = try row.decode(column: "id", as: UUID.self)
            } else {
                customer = UUID()
                try await sql.insert(into: "customers")
                    .columns("id", "workspace_id", "store_id", "external_id", "name", "language", "created_at")
                    .values(customer, order.workspaceID, order.storeID, buyerID, buyerName, nil as String?, now).run()
            }
            let record = ConversationRecord(
                id: UUID(), workspaceID: ingesting.workspaceID, merchantID: ingesting.merchantID,
                storeID: ingesting.storeID, platform: ingesting.platform, externalID: "kefu-order:\(orderNumber)",
                customerID: customer, customerName: buyerName, createdAt: now,
                state: ConversationState(createdAt: now, orderNumber: orderNumber))
            try await sql.save([record], before: [:], policies: app.policyBook, at: now)
            try await AuditLog.record(
                "started", conversation: record.id, workspace: record.workspaceID, by: viewer,
                detail: ["order": orderNumber], at: now, on: sql)
            return record.id
        }
    }
}
