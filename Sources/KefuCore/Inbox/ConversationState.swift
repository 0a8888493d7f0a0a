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
    /// When the platform's reply clock started: the first buyer-side message after the last reply the platform counts
    /// (a bot's reply does not stop Walmart's clock, so it can run while `awaitingSince` is clear).
    public var clockStartedAt: Date?
    /// The first reply the platform counts, ever.
    public var firstResponseAt: Date?
    /// The latest reply the platform counts.
    public var lastReplyAt: Date?
    /// The deadline of the current or last wait; set by `retime`.
    public var sla: SLATrack?
    /// Waits that began, ended or were withdrawn by the changes applied since this state was loaded, in order, for
    /// the response-rate record. Not persisted.
    public var waitEvents: [WaitEvent] = []

    /// A change to the buyer inquiries the platforms score.
    public enum WaitEvent: Sendable, Equatable {
        case started(Date)
        case answered(startedAt: Date, at: Date)
        /// The inquiry no longer needs an answer (flagged as spam).
        case withdrawn(startedAt: Date)
    }

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
        clockStartedAt = nil
        firstResponseAt = nil
        lastReplyAt = nil
        sla = nil
    }

    /// Applies a message that arrived from the marketplace: a buyer's or the care team's, or a reply written on the
    /// platform itself and imported as history.
    public mutating func receive(
        author: MessageAuthor, sentAt: Date, body: String, orderNumber newOrder: String?, subject newSubject: String?,
        counting qualifying: QualifyingReplies = .humanOnly
    ) {
        messageCount += 1
        if orderNumber == nil, let newOrder {
            orderNumber = newOrder
            kind = .afterSale
        }
        if subject == nil, let newSubject { subject = newSubject }
        if author == .platformCare { customerCare = true }
        if author.isThirdParty {
            // A courier's note or a platform notice is shown, and changes nothing about who waits for whom.
            if sentAt >= lastMessageAt { preview = Self.preview(of: body) }
            return
        }
        // History can arrive out of order; only the newest message decides whether the buyer is waiting.
        guard sentAt >= lastMessageAt || messageCount == 1 else {
            if !author.isCustomerSide { answered = true }
            if qualifying.stopsClock(author), firstResponseAt.map({ sentAt < $0 }) ?? true { firstResponseAt = sentAt }
            return
        }
        lastMessageAt = sentAt
        preview = Self.preview(of: body)
        if author.isCustomerSide {
            if !responseNeeded { awaitingSince = sentAt }
            if clockStartedAt == nil {
                clockStartedAt = sentAt
                if status != .spam { waitEvents.append(.started(sentAt)) }
            }
            responseNeeded = true
            unread = true
            if status == .resolved || status == .pending { status = .open }
        } else {
            answered = true
            // A person answered on the platform itself (its back office, imported as history): the store has read it.
            // A robot's answer says nothing about whether anyone read it.
            if author == .agent { unread = false }
            if qualifying.stopsClock(author) {
                responseNeeded = false
                awaitingSince = nil
                stopClock(at: sentAt)
            }
        }
    }

    private mutating func stopClock(at sentAt: Date) {
        if let started = clockStartedAt, status != .spam { waitEvents.append(.answered(startedAt: started, at: sentAt)) }
        clockStartedAt = nil
        lastReplyAt = sentAt
        if firstResponseAt == nil { firstResponseAt = sentAt }
    }

    /// Times the current wait on the store's policy: the deadline, and the state at `now`. A spam-flagged
    /// conversation owes no answer; without a policy there is no deadline.
    public mutating func retime(with timer: SLATimer?, at now: Date) {
        guard let timer, status != .spam else {
            sla = nil
            return
        }
        if let started = clockStartedAt {
            let (dueAt, atRiskAt) = timer.deadlines(forWaitStartedAt: started)
            sla = SLATrack(
                policy: timer.policy, startedAt: started, dueAt: dueAt, atRiskAt: atRiskAt,
                state: SLATrack.waitingState(dueAt: dueAt, atRiskAt: atRiskAt, at: now), breached: now >= dueAt)
        } else if case .answered(let started, let reply)? = waitEvents.last(where: { if case .answered = $0 { true } else { false } }) {
            let (dueAt, atRiskAt) = timer.deadlines(forWaitStartedAt: started)
            sla = SLATrack(
                policy: timer.policy, startedAt: started, dueAt: dueAt, atRiskAt: atRiskAt, state: .met,
                breached: reply > dueAt, respondedAt: reply)
        } else if var track = sla, track.respondedAt == nil, let reply = lastReplyAt, reply >= track.startedAt {
            track.state = .met
            track.respondedAt = reply
            track.breached = reply > track.dueAt
            sla = track
        }
    }

    /// Applies a reply or proactive message written in Kefu.
    public mutating func reply(at sentAt: Date, body: String) {
        messageCount += 1
        answered = true
        responseNeeded = false
        awaitingSince = nil
        if status == .spam {
            status = .open
            spamReason = nil
            clockStartedAt = nil
        }
        stopClock(at: sentAt)
        unread = false
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
        if let started = clockStartedAt, status != .spam { waitEvents.append(.withdrawn(startedAt: started)) }
        status = .spam
        spamReason = reason
        unread = false
    }

    public mutating func unflag() {
        guard status == .spam else { return }
        status = .open
        spamReason = nil
        if let started = clockStartedAt { waitEvents.append(.started(started)) }
    }

    /// Moves the conversation between open, pending and resolved. Spam is entered only through `flag`.
    public mutating func setStatus(_ newStatus: ConversationStatus) throws(KefuError) {
        guard newStatus != .spam else {
            throw .invalid("invalid_status", "Use the spam action with a reason (spam, fraud or inappropriate) to flag a conversation.")
        }
        if status == .spam, let started = clockStartedAt { waitEvents.append(.started(started)) }
        status = newStatus
        spamReason = nil
    }

    public mutating func recordDeliveryFailure() { hasFailedDelivery = true }

    public mutating func clearDeliveryFailure() { hasFailedDelivery = false }

    /// The system labels the message center shows for this state; none on spam, which needs no answer.
    public var systemLabels: [SystemLabel] {
        var labels: [SystemLabel] = []
        guard status != .spam else { return labels }
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
        case .atRisk: status != .spam && sla?.state == .atRisk
        case .overdue: status != .spam && sla?.state == .overdue
        case .failed: hasFailedDelivery
        case .spam: status == .spam
        }
    }

    static func preview(of body: String) -> String {
        let flat = body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 140 ? flat : String(flat.prefix(139)) + "…"
    }
}
