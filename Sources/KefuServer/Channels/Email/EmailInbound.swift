import Crypto
import Foundation
import KefuCore
import KefuMail
import SQLKit

/// Turns fetched mail into messages for the one ingest path, threading each into its conversation: by
/// `In-Reply-To`/`References` first, then by the marketplace order number in subject or body, then by sender and
/// subject. Auto-replies never open a conversation; a bounce of one of our replies marks that reply failed.
struct EmailInbound {
    let store: IngestingStore
    /// The store's own address: its mail in the inbox is skipped, in an imported history it is the store's replies.
    let ownAddress: String?
    var ownMessagesAreReplies = false

    enum Outcome {
        case message(IncomingMessage, files: [Attachments.File])
        /// A delivery report about one of our replies: the reply's Message-ID and the reason.
        case bounce(originalMessageID: String?, reason: String)
        case skipped(String)
    }

    /// A batch sorted for storing: the messages with their files, the bounced replies, what was left out and why.
    struct Batch: Sendable {
        var messages: [IncomingMessage] = []
        var files: [String: [Attachments.File]] = [:]
        var bounces: [(originalMessageID: String, reason: String)] = []
        var skipped: [String: Int] = [:]

        init(_ outcomes: [Outcome]) {
            for outcome in outcomes {
                switch outcome {
                case .message(let message, let attached):
                    messages.append(message)
                    files[message.externalID] = attached
                case .bounce(let original, let reason):
                    skipped["delivery report", default: 0] += 1
                    if let original { bounces.append((original, reason)) }
                case .skipped(let why): skipped[why, default: 0] += 1
                }
            }
        }
    }

    /// Reads a batch in order; a message answering an earlier one of the same batch joins its conversation.
    func read(_ sources: [[UInt8]], receivedAt now: Date, on db: any SQLDatabase) async throws -> [Outcome] {
        var threadOf: [String: String] = [:]
        var outcomes: [Outcome] = []
        for source in sources {
            let mail = MailMessage(bytes: source)
            switch mail.kind {
            case .autoReply:
                outcomes.append(.skipped("auto-reply"))
                continue
            case .bounce(let failure):
                outcomes.append(.bounce(originalMessageID: failure.originalMessageID, reason: failure.reason))
                continue
            case .personal:
                break
            }
            guard let sender = mail.from else {
                outcomes.append(.skipped("no sender"))
                continue
            }
            let own = sender.address == ownAddress?.lowercased()
            if own, !ownMessagesAreReplies {
                outcomes.append(.skipped("sent from the channel's own address"))
                continue
            }
            let messageID = Self.identifier(mail.messageID, source: source)
            let relay = MailRelay.recognise(sender)
            let order = Self.orderNumber(in: mail, preferring: relay?.platform ?? store.platform.rawValue)
            let references = Array((mail.inReplyTo + mail.references.reversed()).prefix(50))
            var conversation = references.lazy.compactMap { threadOf[$0] }.first
            if conversation == nil {
                conversation = try await Self.conversation(referencedBy: references, store: store.storeID, on: db)
            }
            if conversation == nil, let order {
                conversation = try await Self.conversation(forOrder: order, store: store.storeID, on: db) ?? "order:\(order)"
            }
            // The store's own message belongs to the customer it was sent to.
            let customer = own ? (mail.to.first ?? sender) : sender
            let thread = conversation ?? Self.clipped("mail:\(customer.address)|\(MailComposer.baseSubject(mail.subject).lowercased())")
            threadOf[messageID] = thread
            if let raw = mail.messageID { threadOf[raw] = thread }
            let name = own ? (customer.name ?? customer.address) : relay?.customerName ?? sender.name ?? sender.address
            outcomes.append(.message(
                IncomingMessage(
                    externalID: messageID, conversationExternalID: thread,
                    customer: .init(externalID: customer.address, name: String(name.prefix(IngestLimits.maxNameCharacters))),
                    orderNumber: order,
                    subject: mail.subject.isEmpty ? nil : String(mail.subject.prefix(IngestLimits.maxSubjectCharacters)),
                    body: Self.body(of: mail), sentAt: min(mail.date ?? now, now), author: own ? .agent : .customer),
                files: mail.attachments.map { .init(filename: $0.filename, contentType: $0.contentType, bytes: $0.bytes) }))
        }
        return outcomes
    }

    /// The text Kefu stores: what the buyer wrote, without quoted history, within ingest's limits.
    static func body(of mail: MailMessage) -> String {
        var text = mail.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { text = mail.fullText.trimmingCharacters(in: .whitespacesAndNewlines) }
        let files = mail.attachments.map { "[\($0.filename), \($0.bytes.count) bytes]" }
        if !files.isEmpty { text += (text.isEmpty ? "" : "\n\n") + files.joined(separator: "\n") }
        if text.isEmpty { text = "(no text)" }
        if text.count > IngestLimits.maxBodyCharacters {
            text = String(text.prefix(IngestLimits.maxBodyCharacters - 40)) + "\n[… cut: the message was longer]"
        }
        return text
    }

    static func orderNumber(in mail: MailMessage, preferring platform: String) -> String? {
        let found = MarketplaceOrderNumbers.find(in: mail.subject + "\n" + mail.text)
        return (found.first { $0.platform == platform } ?? found.first)?.number
    }

    /// The Message-ID, or for mail without one (or with an absurd one) a hash of its bytes, so it is still stored once.
    static func identifier(_ messageID: String?, source: [UInt8]) -> String {
        if let messageID, !messageID.isEmpty, messageID.count <= IngestLimits.maxIdentifierCharacters,
            messageID.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 })
        {
            return messageID
        }
        return "sha256:" + SHA256.hash(data: source).map { String(format: "%02x", $0) }.joined()
    }

    static func clipped(_ key: String) -> String {
        guard key.count > IngestLimits.maxIdentifierCharacters else { return key }
        return "mail:sha256:" + SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The conversation a buyer's mail answers: one holding a message or a sent reply with a referenced id.
    static func conversation(referencedBy ids: [String], store: UUID, on db: any SQLDatabase) async throws -> String? {
        guard !ids.isEmpty else { return nil }
        let row = try await db.raw("""
            SELECT c.external_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.store_id = \(bind: store) AND m.external_id IN (\(binds: ids))
            UNION ALL
            SELECT c.external_id FROM deliveries d JOIN conversations c ON c.id = d.conversation_id
            WHERE d.store_id = \(bind: store) AND d.external_id IN (\(binds: ids))
            LIMIT 1
            """).first()
        return try row?.decode(column: "external_id", as: String.self)
    }

    static func conversation(forOrder order: String, store: UUID, on db: any SQLDatabase) async throws -> String? {
        let row = try await db.raw("""
            SELECT external_id FROM conversations WHERE store_id = \(bind: store) AND order_number = \(bind: order)
            ORDER BY created_at DESC LIMIT 1
            """).first()
        return try row?.decode(column: "external_id", as: String.self)
    }
}
