import Fluent
import Foundation
import KefuCore
import SQLKit

/// One conversation in full, as read at one instant: what the conversation page, the API's detail view and exports
/// show.
struct ConversationDetail: Sendable {
    /// A message with the state of its delivery, for outbound ones.
    struct Message: Sendable {
        let record: MessageRecord
        let delivery: DeliveryStatus?
        var attachments: [Attachments.Info] = []
    }

    struct DeliveryStatus: Sendable {
        let state: DeliveryState
        let attempts: Int
        let error: String?
    }

    /// The buyer as the platform identifies them.
    struct Customer: Sendable {
        let id: UUID
        let externalID: String
        let name: String
        let language: String?
    }

    /// How long the platform still takes the store's messages in this conversation (Ozon: 48 h after the buyer's
    /// last message).
    struct ReplyWindow: Sendable {
        let closesAt: Date
        let open: Bool
        /// Seconds left when read; 0 once closed.
        let remainingSeconds: Int
    }

    var record: ConversationRecord
    let labels: [String]
    let sla: SLAReading?
    let messages: [Message]
    let order: OrderModel?
    let customer: Customer
    var replyWindow: ReplyWindow? = nil
    var activity: [ConversationActivity] = []
}

/// Reads one conversation in full.
struct ConversationDetailService {
    let viewer: Viewer
    let db: any Database
    let queries: ConversationQueryService
    let policies: PolicyBook
    let clock: KefuClock

    func detail(_ id: UUID) async throws -> ConversationDetail {
        let sql = db.sql
        let record = try await sql.conversation(id, visibleTo: viewer)
        let labels = try await queries.customLabels(of: [id])
        let messages = try await self.messages(of: id)
        let order: OrderModel? =
            if let number = record.state.orderNumber {
                try await OrderModel.query(on: db).filter(\.$storeID == record.storeID).filter(\.$number == number).first()
            } else { nil }
        guard let customer = try await sql.raw(
            "SELECT id, external_id, name, language FROM customers WHERE id = \(bind: record.customerID)"
        ).first() else { throw KefuError.notFound("customer") }
        let now = clock.now()
        let reader = try await SLAReader.load(for: [record.storeID], policies: policies, at: now, on: sql)
        let limits = try await policies.policy(for: record.storeID, on: sql).policy.replyLimits
        let window = messages.last { $0.record.author == .customer }
            .flatMap { limits?.windowCloses(after: $0.record.sentAt) }
            .map { ConversationDetail.ReplyWindow(closesAt: $0, open: $0 > now, remainingSeconds: max(Int($0.timeIntervalSince(now)), 0)) }
        return ConversationDetail(
            record: record, labels: labels[id] ?? [], sla: reader.read(record), messages: messages, order: order,
            customer: .init(
                id: record.customerID,
                externalID: try customer.decode(column: "external_id", as: String.self),
                name: try customer.decode(column: "name", as: String.self),
                language: try customer.decode(column: "language", as: String?.self)),
            replyWindow: window, activity: try await ConversationActivity.of(id, on: sql))
    }

    func messages(of conversation: UUID) async throws -> [ConversationDetail.Message] {
        let rows = try await db.sql.raw("""
            SELECT m.*, d.state AS delivery_state, d.attempts AS delivery_attempts, d.last_error AS delivery_error
            FROM messages m LEFT JOIN deliveries d ON d.message_id = m.id
            WHERE m.conversation_id = \(bind: conversation) ORDER BY m.sent_at, m.created_at
            """).all()
        var messages = try rows.map { row in
            let delivery: ConversationDetail.DeliveryStatus? =
                if let state = try row.decode(column: "delivery_state", as: String?.self).flatMap(DeliveryState.init) {
                    .init(
                        state: state, attempts: try row.decode(column: "delivery_attempts", as: Int.self),
                        error: try row.decode(column: "delivery_error", as: String?.self))
                } else { nil }
            return ConversationDetail.Message(record: try MessageRecord(row: row), delivery: delivery)
        }
        let files = try await Attachments.list(
            for: messages.filter { $0.record.direction == .inbound }.map(\.record.id), on: db.sql)
        for index in messages.indices { messages[index].attachments = files[messages[index].record.id] ?? [] }
        return messages
    }
}
