import Foundation
import KefuCore
import SQLKit

/// The rows of one person that a privacy request reads: every order, conversation, message and attachment of theirs.
extension CustomerPrivacy {
    func person(of customerID: UUID, for viewer: Viewer) async throws -> (UUID, [CustomerService.Record]) {
        let service = CustomerService(db: db, transactions: transactions)
        let records = try await service.personRecords(of: customerID, for: viewer)
        guard let person = records.first?.person else { throw KefuError.notFound("customer") }
        return (person, records)
    }

    struct OrderRow {
        let id: UUID
        let storeID: UUID
        let number: String
        let status: String
        let customerName: String?
        let buyerPhone: String?
        let shippingAddress: String?
        let placedAt: Date?
    }

    func orderRows(of records: [CustomerService.Record], on sql: any SQLDatabase) async throws -> [OrderRow] {
        var rows: [OrderRow] = []
        for record in records {
            rows += try await sql.raw("""
                SELECT id, store_id, number, status, customer_name, buyer_phone, shipping_address, placed_at FROM orders
                WHERE store_id = \(bind: record.storeID) AND customer_external_id = \(bind: record.externalID)
                ORDER BY placed_at, id
                """).all().map { row in
                OrderRow(
                    id: try row.decode(column: "id", as: UUID.self), storeID: try row.decode(column: "store_id", as: UUID.self),
                    number: try row.decode(column: "number", as: String.self),
                    status: try row.decode(column: "status", as: String.self),
                    customerName: try row.decode(column: "customer_name", as: String?.self),
                    buyerPhone: try row.decode(column: "buyer_phone", as: String?.self),
                    shippingAddress: try row.decode(column: "shipping_address", as: String?.self),
                    placedAt: try row.decode(column: "placed_at", as: Date?.self))
            }
        }
        return rows
    }

    struct ConversationRow {
        let id: UUID
        let storeID: UUID
        let platform: String
        let customerName: String
        let subject: String?
        let orderNumber: String?
        let preview: String
    }

    func conversationRows(of records: [CustomerService.Record], on sql: any SQLDatabase) async throws -> [ConversationRow] {
        try await sql.raw("""
            SELECT id, store_id, platform, customer_name, subject, order_number, preview FROM conversations
            WHERE customer_id IN (\(binds: records.map(\.id))) ORDER BY created_at, id
            """).all().map { row in
            ConversationRow(
                id: try row.decode(column: "id", as: UUID.self), storeID: try row.decode(column: "store_id", as: UUID.self),
                platform: try row.decode(column: "platform", as: String.self),
                customerName: try row.decode(column: "customer_name", as: String.self),
                subject: try row.decode(column: "subject", as: String?.self),
                orderNumber: try row.decode(column: "order_number", as: String?.self),
                preview: try row.decode(column: "preview", as: String.self))
        }
    }

    struct MessageRow {
        let id: UUID
        let conversationID: UUID
        let direction: String
        let author: String
        let body: String
        let compliance: String?
        let sentAt: Date
    }

    func messageRows(in conversations: [UUID], on sql: any SQLDatabase) async throws -> [MessageRow] {
        var rows: [MessageRow] = []
        for chunk in conversations.chunked(by: 500) where !chunk.isEmpty {
            rows += try await sql.raw("""
                SELECT id, conversation_id, direction, author, body, compliance, sent_at FROM messages
                WHERE conversation_id IN (\(binds: Array(chunk))) ORDER BY sent_at, created_at, id
                """).all().map { row in
                MessageRow(
                    id: try row.decode(column: "id", as: UUID.self),
                    conversationID: try row.decode(column: "conversation_id", as: UUID.self),
                    direction: try row.decode(column: "direction", as: String.self),
                    author: try row.decode(column: "author", as: String.self),
                    body: try row.decode(column: "body", as: String.self),
                    compliance: try row.decode(column: "compliance", as: String?.self),
                    sentAt: try row.decode(column: "sent_at", as: Date.self))
            }
        }
        return rows
    }

    func attachmentRows(of messages: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [Export.Attachment]] {
        var byMessage: [UUID: [Export.Attachment]] = [:]
        for chunk in messages.chunked(by: 500) where !chunk.isEmpty {
            for row in try await sql.raw("""
                SELECT id, message_id, filename, content_type, size FROM attachments
                WHERE message_id IN (\(binds: Array(chunk))) ORDER BY position
                """).all()
            {
                byMessage[try row.decode(column: "message_id", as: UUID.self), default: []].append(Export.Attachment(
                    id: try row.decode(column: "id", as: UUID.self), filename: try row.decode(column: "filename", as: String.self),
                    contentType: try row.decode(column: "content_type", as: String.self),
                    size: try row.decode(column: "size", as: Int.self)))
            }
        }
        return byMessage
    }
}
