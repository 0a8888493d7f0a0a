import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// A buyer's requests about their data: everything Kefu holds about them, exported; and their personal data redacted
/// from every record while what was said stays (marketplaces require sellers to keep the conversation). Admins only;
/// both are audited, without the data itself.
struct CustomerPrivacy {
    let db: any Database
    let transactions: WriteTransactions
    let search: any SearchIndex

    struct Export: Content {
        struct Conversation: Content {
            let id: UUID
            let storeID: UUID
            let platform: String
            let subject: String?
            let orderNumber: String?
            let messages: [Message]
        }

        struct Message: Content {
            let id: UUID
            let direction: String
            let author: String
            let body: String
            let sentAt: Date
            let attachments: [Attachment]
        }

        struct Attachment: Content {
            let id: UUID
            let filename: String
            let contentType: String
            let size: Int
        }

        struct Order: Content {
            let storeID: UUID
            let number: String
            let status: String
            let customerName: String?
            let buyerPhone: String?
            let shippingAddress: String?
            let placedAt: Date?
        }

        let person: UUID
        let exportedAt: Date
        let records: [CustomerService.Record]
        let orders: [Order]
        let conversations: [Conversation]
    }

    struct Redaction: Content {
        let records: Int
        let conversations: Int
        let messages: Int
        let orders: Int
        let attachments: Int
        /// How many pieces of personal data were masked in messages, subjects and previews.
        let replaced: Int
    }

    private var sql: any SQLDatabase { db.sql }

    func export(_ customerID: UUID, by viewer: Viewer) async throws -> Export {
        try viewer.require(.administer)
        let (person, records) = try await person(of: customerID, for: viewer)
        let orders = try await orderRows(of: records, on: sql)
        let conversations = try await conversationRows(of: records, on: sql)
        let messages = try await messageRows(in: conversations.map(\.id), on: sql)
        let attachments = try await attachmentRows(of: messages.map(\.id), on: sql)
        let export = Export(
            person: person, exportedAt: transactions.clock.now(), records: records,
            orders: orders.map {
                Export.Order(
                    storeID: $0.storeID, number: $0.number, status: $0.status, customerName: $0.customerName,
                    buyerPhone: $0.buyerPhone, shippingAddress: $0.shippingAddress, placedAt: $0.placedAt)
            },
            conversations: conversations.map { conversation in
                Export.Conversation(
                    id: conversation.id, storeID: conversation.storeID, platform: conversation.platform,
                    subject: conversation.subject, orderNumber: conversation.orderNumber,
                    messages: messages.filter { $0.conversationID == conversation.id }.map { message in
                        Export.Message(
                            id: message.id, direction: message.direction, author: message.author, body: message.body,
                            sentAt: message.sentAt, attachments: attachments[message.id] ?? [])
                    })
            })
        let detail = [
            "person": person.uuidString, "records": "\(records.count)", "conversations": "\(conversations.count)",
            "messages": "\(messages.count)", "orders": "\(orders.count)",
        ]
        try await transactions.run(on: db) { tx in
            try await AuditLog.record(
                "customer_data_exported", conversation: nil, workspace: viewer.workspaceID, by: viewer, detail: detail,
                at: tx.now, on: tx.sql)
        }
        return export
    }

    /// Masks the person's names, phone numbers, e-mail and addresses in their customer records, orders, conversations
    /// (subject, preview, search keys), every message of those conversations and the message search index, and drops
    /// their attachments' contents. One transaction; running it again masks nothing more.
    func redact(_ customerID: UUID, by viewer: Viewer) async throws -> Redaction {
        try viewer.require(.administer)
        let (person, records) = try await person(of: customerID, for: viewer)
        let search = self.search
        let redaction = try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let orders = try await orderRows(of: records, on: sql)
            let conversations = try await conversationRows(of: records, on: sql)
            let redactor = PersonalDataRedactor(
                names: records.map(\.name) + orders.compactMap(\.customerName) + conversations.map(\.customerName),
                phones: orders.compactMap(\.buyerPhone),
                emails: records.map(\.externalID).filter { $0.contains("@") },
                addresses: orders.compactMap(\.shippingAddress))
            var replaced = 0

            for record in records {
                let name = PersonalDataRedactor.maskName(record.name)
                let external = record.externalID.contains("@") ? PersonalDataRedactor.maskEmail(record.externalID) : record.externalID
                try await sql.update("customers").set("name", to: name).set("external_id", to: external)
                    .where("id", .equal, record.id).run()
            }
            for order in orders {
                try await sql.update("orders")
                    .set("customer_name", to: order.customerName.map(PersonalDataRedactor.maskName))
                    .set("buyer_phone", to: order.buyerPhone.map(PersonalDataRedactor.maskPhone))
                    .set("shipping_address", to: order.shippingAddress.map { _ in PersonalDataRedactor.maskedAddress })
                    .where("id", .equal, order.id).run()
            }

            let ids = conversations.map(\.id)
            var messageCount = 0
            for message in try await messageRows(in: ids, on: sql) {
                let body = redactor.redact(message.body, everyContact: message.direction == MessageDirection.inbound.rawValue)
                let compliance = message.compliance.map { redactor.redact($0).text }
                guard body.replaced > 0 || compliance != message.compliance else { continue }
                replaced += body.replaced
                messageCount += 1
                try await sql.update("messages").set("body", to: body.text).set("compliance", to: compliance)
                    .where("id", .equal, message.id).run()
            }
            for conversation in conversations {
                let subject = conversation.subject.map { redactor.redact($0, everyContact: true) }
                let preview = redactor.redact(conversation.preview, everyContact: true)
                replaced += (subject?.replaced ?? 0) + preview.replaced
                try await sql.update("conversations")
                    .set("customer_name", to: PersonalDataRedactor.maskName(conversation.customerName))
                    .set("subject", to: subject?.text).set("preview", to: preview.text)
                    .where("id", .equal, conversation.id).run()
            }
            // The search index and the one box's keys hold the old words: both are written again from the masked rows.
            var attachments = 0
            for chunk in ids.chunked(by: 500) where !chunk.isEmpty {
                try await sql.raw("DELETE FROM message_search WHERE conversation_id IN (\(binds: Array(chunk)))").run()
                let fresh = try await sql.raw("""
                    SELECT \(unsafeRaw: MessageRecord.columns.joined(separator: ", ")) FROM messages
                    WHERE conversation_id IN (\(binds: Array(chunk))) ORDER BY created_at, id
                    """).all().map(MessageRecord.init(row:))
                try await search.add(fresh, on: sql)
                let rekeyed = try await sql.raw(
                    "SELECT \(ConversationRecord.selectList) FROM conversations c WHERE c.id IN (\(binds: Array(chunk)))"
                ).all().map(ConversationRecord.init(row:))
                try await ConversationKeysIndex.write(rekeyed, fresh: [], on: sql)
                let dropped = try await sql.raw("""
                    UPDATE attachments SET data = NULL, filename = \(bind: PersonalDataRedactor.maskedAddress)
                    WHERE message_id IN (SELECT id FROM messages WHERE conversation_id IN (\(binds: Array(chunk))))
                    AND (data IS NOT NULL OR filename <> \(bind: PersonalDataRedactor.maskedAddress))
                    RETURNING id
                    """).all()
                attachments += dropped.count
            }
            let result = Redaction(
                records: records.count, conversations: conversations.count, messages: messageCount, orders: orders.count,
                attachments: attachments, replaced: replaced)
            try await AuditLog.record(
                "customer_redacted", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: [
                    "person": person.uuidString, "records": "\(result.records)", "conversations": "\(result.conversations)",
                    "messages": "\(result.messages)", "orders": "\(result.orders)", "attachments": "\(result.attachments)",
                    "replaced": "\(result.replaced)",
                ], at: tx.now, on: sql)
            return result
        }
        return redaction
    }
}
