import Foundation

/// The message-center state of one conversation, derived from the messages in it and the actions taken on it.
///
/// Every rule about labels, folders and spam lives here, so ingestion, replies and the demo loader cannot disagree.
public struct ConversationState: Sendable, Equatable {
    public var kind: ConversationKind
    public var status: ConversationStatus
    public var spamReason: SpamReason?
    public var responseNeeded: Bool
    public var customerCare: Bool
    public var unread: Bool
    public var hasFailedDelivery: Bool
    /// Whether anyone on the store's side has ever written to the buyer; an answered conversation is no longer spam.
    public var answered: Bool
    public var orderNumber: String?
    public var subject: String?
    public var preview: String
    public var lastMessageAt: Date
    /// The buyer-side message that started the current wait for an answer; SLA clocks run from here.
    public var awaitingSince: Date?
    public var messageCount: Int

    public init(createdAt: Date, orderNumber: String? = nil, subject: String? = nil) {
        kind = orderNumber == nil ? .preSale : .afterSale
        status = .open
        spamReason = nil
        responseNeeded = false
        customerCare = false
        unread = false
        hasFailedDelivery = false
        answered = false
        self.orderNumber = orderNumber
        self.subject = subject
        preview = ""
        lastMessageAt = createdAt
        awaitingSince = nil
        messageCount = 0
    }

    /// Applies a message that arrived from the marketplace: a buyer's or the care team's, or a reply written on the
    /// platform itself and imported as history.
    public mutating func receive(
        author: MessageAuthor, sentAt: Date, body: String, orderNumber newOrder: String?, subject newSubject: String?
    ) {
        messageCount += 1
        if orderNumber == nil, let newOrder {
            orderNumber = newOrder
            kind = .afterSale
        }
        if subject == nil, let newSubject { subject = newSubject }
        if author == .platformCare { customerCare = true }
        // History can arrive out of order; only the newest message decides whether the buyer is waiting.
        guard sentAt >= lastMessageAt || messageCount == 1 else {
            if !author.isBuyerSide { answered = true }
            return
        }
        lastMessageAt = sentAt
        preview = Self.preview(of: body)
        if author.isBuyerSide {
            if !responseNeeded { awaitingSince = sentAt }
            responseNeeded = true
            unread = true
            if status == .resolved || status == .pending { status = .open }
        } else {
            answered = true
            responseNeeded = false
            awaitingSince = nil
        }
    }

    /// Applies a reply or proactive message written in Kefu.
    public mutating func reply(at sentAt: Date, body: String) {
        messageCount += 1
        answered = true
        responseNeeded = false
        awaitingSince = nil
        unread = false
        if status == .spam {
            status = .open
            spamReason = nil
        }
        lastMessageAt = max(lastMessageAt, sentAt)
        preview = Self.preview(of: body)
    }

    /// Applies an internal note: it is part of the record but says nothing to the buyer.
    public mutating func note() {
        messageCount += 1
    }

    public mutating func markRead() { unread = false }

    public mutating func markUnread() { unread = true }

    /// Flags the conversation as spam, fraud or inappropriate, as marketplaces allow only for unanswered pre-sale
    /// questions: an order's buyer must always be answered.
    public mutating func flag(_ reason: SpamReason) throws(KefuError) {
        guard kind == .preSale else {
            throw .conflict(
                "spam_not_allowed",
                "Only pre-sale conversations can be flagged; this one is about order \(orderNumber ?? "?") and needs an answer.")
        }
        guard !answered else {
            throw .conflict(
                "spam_not_allowed", "This conversation was already answered; only unanswered pre-sale conversations can be flagged.")
        }
        status = .spam
        spamReason = reason
        unread = false
    }

    public mutating func unflag() {
        guard status == .spam else { return }
        status = .open
        spamReason = nil
    }

    /// Moves the conversation between open, pending and resolved. Spam is entered only through `flag`.
    public mutating func setStatus(_ newStatus: ConversationStatus) throws(KefuError) {
        guard newStatus != .spam else {
            throw .invalid("invalid_status", "Use the spam action with a reason (spam, fraud or inappropriate) to flag a conversation.")
        }
        status = newStatus
        spamReason = nil
    }

    public mutating func recordDeliveryFailure() { hasFailedDelivery = true }

    public mutating func clearDeliveryFailure() { hasFailedDelivery = false }

    /// The system labels the message center shows for this state.
    public var systemLabels: [SystemLabel] {
        var labels: [SystemLabel] = []
        if responseNeeded { labels.append(.responseNeeded) }
        if customerCare { labels.append(.customerCare) }
        return labels
    }

    /// Whether the conversation belongs in a folder.
    public func isIn(_ folder: Folder) -> Bool {
        switch folder {
        case .all: status != .spam
        case .unread: status != .spam && unread
        case .responseNeeded: status != .spam && responseNeeded
        case .customerCare: status != .spam && customerCare
        case .failed: hasFailedDelivery
        case .spam: status == .spam
        }
    }

    static func preview(of body: String) -> String {
        let flat = body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 140 ? flat : String(flat.prefix(139)) + "…"
    }
}
