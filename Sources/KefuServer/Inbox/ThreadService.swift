import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Reads one conversation in full: the thread page, the API's detail view, and exports.
struct ThreadService {
    let app: Application
    let viewer: Viewer

    func thread(_ id: UUID) async throws -> ThreadDTO {
        let sql = app.db.sql
        let record = try await sql.conversation(id, visibleTo: viewer)
        let labels = try await ConversationQueryService(db: sql).customLabels(of: [id])
        let messages = try await self.messages(of: id)
        let order: OrderModel? =
            if let number = record.state.orderNumber {
                try await OrderService(app: app).order(number: number, store: record.storeID, on: app.db)
            } else { nil }
        guard let customer = try await sql.raw(
            "SELECT id, external_id, name, language FROM customers WHERE id = \(bind: record.customerID)"
        ).first() else { throw KefuError.notFound("customer") }
        let reader = try await SLAReader.load(for: [record.storeID], app: app, on: sql)
        return ThreadDTO(
            conversation: ConversationDTO(record, customLabels: labels[id] ?? [], sla: reader.read(record)),
            messages: messages,
            order: order.map(OrderDTO.init),
            customer: .init(
                id: record.customerID,
                externalID: try customer.decode(column: "external_id", as: String.self),
                name: try customer.decode(column: "name", as: String.self),
                language: try customer.decode(column: "language", as: String?.self)))
    }

    func messages(of conversation: UUID) async throws -> [MessageDTO] {
        let rows = try await app.db.sql.raw("""
            SELECT m.*, d.state AS delivery_state, d.attempts AS delivery_attempts, d.last_error AS delivery_error
            FROM messages m LEFT JOIN deliveries d ON d.message_id = m.id
            WHERE m.conversation_id = \(bind: conversation) ORDER BY m.sent_at, m.created_at
            """).all()
        return try rows.map { row in
            let delivery: MessageDTO.Delivery? =
                if let state = try row.decode(column: "delivery_state", as: String?.self).flatMap(DeliveryState.init) {
                    .init(
                        state: state, attempts: try row.decode(column: "delivery_attempts", as: Int.self),
                        error: try row.decode(column: "delivery_error", as: String?.self))
                } else { nil }
            return MessageDTO(try MessageRecord(row: row), delivery: delivery)
        }
    }
}
