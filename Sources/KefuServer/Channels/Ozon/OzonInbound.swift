import Foundation
import KefuCore
import SQLKit

/// Turns one Ozon chat's history into messages for the one ingest path: the buyer's messages, the seller's own
/// messages written in Ozon's back office (agent history, which stops the clock), and Ozon's support, CRM and courier
/// messages with their author kind. The store's replies sent through Kefu come back in the history too; they are
/// matched to the reply instead of being imported twice.
struct OzonInbound {
    let store: IngestingStore
    let outbox: OutboxService

    static let prefix = "ozon:"

    static func conversationID(chat: String) -> String { prefix + chat }

    /// `replied`: the conversations holding Kefu's replies (`OutboxService.conversationsWithReplies`).
    func messages(
        chat: String, history: [OzonAPI.History.Message], replied: Set<String>, now: Date, on db: any SQLDatabase
    ) async throws -> [IncomingMessage] {
        let conversation = Self.conversationID(chat: chat)
        let customer = try await customer(of: chat, in: history, on: db)
        var messages: [IncomingMessage] = []
        for message in history {
            let author = Self.author(message.user?.type)
            let body = Self.body(of: message)
            let externalID = Self.prefix + message.message_id.value
            if author == .agent, replied.contains(conversation), try await outbox.linkSent(
                conversation: conversation, body: body, platformID: externalID, for: store)
            {
                continue
            }
            let sku = message.context?.sku.flatMap { $0.isEmpty ? nil : $0 }
            messages.append(IncomingMessage(
                externalID: externalID, conversationExternalID: conversation, customer: customer,
                orderNumber: message.context?.order_number.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) },
                subject: sku.map { "SKU \(String($0.prefix(80)))" },
                body: body, sentAt: min(message.created_at.flatMap(ISO8601.parse) ?? now, now), author: author))
        }
        return messages
    }

    /// The buyer: the customer who wrote in this page, else the one the conversation already has, else the chat
    /// itself (a chat the seller opened that the buyer has not answered yet).
    private func customer(of chat: String, in history: [OzonAPI.History.Message], on db: any SQLDatabase) async throws
        -> IncomingMessage.Customer
    {
        if let id = history.first(where: { Self.author($0.user?.type) == .customer })?.user?.id, !id.isEmpty {
            return .init(externalID: Self.prefix + String(id.prefix(150)), name: Self.buyerName(id))
        }
        let row = try await db.raw("""
            SELECT cu.external_id, cu.name FROM conversations c JOIN customers cu ON cu.id = c.customer_id
            WHERE c.store_id = \(bind: store.storeID) AND c.external_id = \(bind: Self.conversationID(chat: chat))
            """).first()
        if let row {
            return .init(externalID: try row.decode(column: "external_id", as: String.self),
                         name: try row.decode(column: "name", as: String.self))
        }
        return .init(externalID: "ozon-chat:" + String(chat.prefix(150)), name: "Ozon buyer")
    }

    /// Ozon shows no buyer names to sellers; the end of the id tells buyers apart.
    static func buyerName(_ id: String) -> String { "Ozon buyer \(id.suffix(6))" }

    static func author(_ type: String?) -> MessageAuthor {
        guard let type else { return .platformNotice }
        if type.isOzon("customer") { return .customer }
        if type.isOzon("seller") { return .agent }
        if type.isOzon("support") { return .platformCare }
        if type.isOzon("courier") { return .courier }
        return .platformNotice
    }

    /// The message's text as Ozon sends it (Markdown lines), images as their addresses, within ingest's limits.
    static func body(of message: OzonAPI.History.Message) -> String {
        var text = (message.data ?? []).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if message.is_image == true { text = text.isEmpty ? "[image]" : "[image] \(text)" }
        if text.isEmpty { text = "(no text)" }
        if text.count > IngestLimits.maxBodyCharacters { text = String(text.prefix(IngestLimits.maxBodyCharacters)) }
        return text
    }

    /// Only conversations between a buyer and the seller are buyers' conversations; the support chat and notices are
    /// not.
    static func isBuyerChat(_ type: String?) -> Bool {
        guard let type else { return false }
        return type.isOzon("Buyer_Seller") || type.isOzon("BuyerSeller")
    }
}
