import Foundation
import KefuCore

/// Turns one eBay conversation's messages into messages for the one ingest path: the other member's as the buyer's,
/// the seller's own (written on eBay) as agent history; Kefu's own replies, already known by the id eBay gave them,
/// are not imported again.
struct EbayInbound {
    let store: IngestingStore
    let outbox: OutboxService
    let sellerUsername: String

    static let prefix = "ebay:"

    static func conversationID(_ conversation: String) -> String { prefix + conversation }

    /// `replied`: the conversations holding Kefu's replies (`OutboxService.conversationsWithReplies`).
    func messages(in conversation: EbayAPI.Conversation, _ messages: [EbayAPI.Message], replied: Set<String>, now: Date)
        async throws -> [IncomingMessage]
    {
        let conversationID = Self.conversationID(conversation.conversationId)
        let buyer = messages.lazy.compactMap { message -> String? in
            if let sender = message.senderUsername, !self.isSeller(sender) { return sender }
            if let recipient = message.recipientUsername, !self.isSeller(recipient) { return recipient }
            return nil
        }.first ?? "conversation \(conversation.conversationId)"
        let customer = IncomingMessage.Customer(
            externalID: Self.prefix + String(buyer.prefix(150)), name: String(buyer.prefix(IngestLimits.maxNameCharacters)))
        let order = conversation.referenceType.flatMap { $0.caseInsensitiveCompare("ORDER") == .orderedSame ? conversation.referenceId : nil }
        let listing = conversation.referenceType.flatMap { $0.caseInsensitiveCompare("LISTING") == .orderedSame ? conversation.referenceId : nil }
        let subject = conversation.conversationTitle.flatMap { $0.isEmpty ? nil : $0 } ?? listing.map { "eBay item \($0)" }
        var incoming: [IncomingMessage] = []
        for message in messages {
            let externalID = Self.prefix + message.messageId
            let fromSeller = message.senderUsername.map(isSeller) ?? false
            let body = Self.body(of: message)
            if fromSeller, replied.contains(conversationID), try await outbox.linkSent(
                conversation: conversationID, body: body, platformID: externalID, for: store)
            {
                continue
            }
            incoming.append(IncomingMessage(
                externalID: String(externalID.prefix(IngestLimits.maxIdentifierCharacters)),
                conversationExternalID: String(conversationID.prefix(IngestLimits.maxIdentifierCharacters)),
                customer: customer, orderNumber: order.map { String($0.prefix(100)) },
                subject: subject.map { String($0.prefix(IngestLimits.maxSubjectCharacters)) },
                body: body, sentAt: min(message.createdDate.flatMap(ISO8601.parse) ?? now, now),
                author: fromSeller ? .agent : .customer))
        }
        return incoming
    }

    private func isSeller(_ username: String) -> Bool {
        username.caseInsensitiveCompare(sellerUsername) == .orderedSame
    }

    static func body(of message: EbayAPI.Message) -> String {
        var text = (message.messageBody ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let media = (message.messageMedia ?? []).compactMap { $0.mediaUrl ?? $0.mediaName }
        if !media.isEmpty { text += (text.isEmpty ? "" : "\n\n") + media.map { "[\($0)]" }.joined(separator: "\n") }
        if text.isEmpty { text = "(no text)" }
        if text.count > IngestLimits.maxBodyCharacters { text = String(text.prefix(IngestLimits.maxBodyCharacters)) }
        return text
    }
}
