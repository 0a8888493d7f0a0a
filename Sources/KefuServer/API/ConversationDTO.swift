import Foundation
import KefuCore
import Vapor

/// A conversation as the message center lists it.
struct ConversationDTO: Content {
    struct CustomerRef: Content {
        let id: UUID
        let name: String
    }

    let id: UUID
    let storeID: UUID
    let merchantID: UUID
    let platform: Platform
    let kind: ConversationKind
    let status: ConversationStatus
    let spamReason: SpamReason?
    let labels: [String]
    let orderNumber: String?
    let subject: String?
    let customer: CustomerRef
    var unread: Bool
    let hasFailedDelivery: Bool
    let preview: String
    let lastMessageAt: Date
    let awaitingSince: Date?
    let assigneeID: UUID?
    let messageCount: Int
    let createdAt: Date
    /// The platform's reply deadline; nil when the store's policy has never timed a wait here.
    let sla: SLAReading?
    /// What the buyer's messages here were flagged for (a link not to open, a payment request, phishing); absent
    /// when none was.
    let riskFlags: [ComplianceCategory]?

    init(_ record: ConversationRecord, customLabels: [String], sla: SLAReading?, riskFlags: [ComplianceCategory] = []) {
        self.riskFlags = riskFlags.isEmpty ? nil : riskFlags
        id = record.id
        storeID = record.storeID
        merchantID = record.merchantID
        platform = record.platform
        kind = record.state.kind
        status = record.state.status
        spamReason = record.state.spamReason
        labels = record.state.systemLabels.map(\.rawValue) + customLabels
        orderNumber = record.state.orderNumber
        subject = record.state.subject
        customer = CustomerRef(id: record.customerID, name: record.customerName)
        unread = record.state.unread
        hasFailedDelivery = record.state.hasFailedDelivery
        preview = record.state.preview
        lastMessageAt = record.state.lastMessageAt
        awaitingSince = record.state.awaitingSince
        assigneeID = record.assigneeID
        messageCount = record.state.messageCount
        createdAt = record.createdAt
        self.sla = sla
    }
}

/// A page of the message center, with the folder counts the header shows.
struct ConversationListDTO: Content {
    let items: [ConversationDTO]
    let nextCursor: String?
    let counts: [String: Int]
    let unread: Int

    init(_ page: ConversationListPage, items: [ConversationDTO]) {
        self.items = items
        nextCursor = page.nextCursor
        counts = Dictionary(uniqueKeysWithValues: page.counts.map { ($0.key.rawValue, $0.value) })
        unread = page.counts[.unread] ?? 0
    }
}

/// One message of a conversation.
struct MessageDTO: Content {
    struct Delivery: Content {
        let state: DeliveryState
        let attempts: Int
        let error: String?
    }

    let id: UUID
    let conversationID: UUID
    let externalID: String?
    let direction: MessageDirection
    let author: MessageAuthor
    let authorUserID: UUID?
    let body: String
    let language: String?
    let sentAt: Date
    let delivery: Delivery?
    /// Outbound: the guard's verdict it was sent with (absent for a clean pass).
    let compliance: MessageCompliance?
    /// Inbound: what the buyer's message carries that the agent should not act on (links not to open…).
    let riskFlags: [ComplianceCategory]?
    /// Inbound: the files the customer sent (absent when none).
    let attachments: [AttachmentDTO]?

    init(_ record: MessageRecord, delivery: Delivery? = nil, attachments: [Attachments.Info] = []) {
        id = record.id
        conversationID = record.conversationID
        externalID = record.externalID
        direction = record.direction
        author = record.author
        authorUserID = record.authorUserID
        body = record.body
        language = record.language
        sentAt = record.sentAt
        compliance = record.compliance.flatMap { try? JSONDecoder().decode(MessageCompliance.self, from: Data($0.utf8)) }
        riskFlags = record.riskFlags.map { $0.split(separator: ",").compactMap { ComplianceCategory(rawValue: String($0)) } }
        self.delivery = delivery ?? (record.direction == .outbound && record.externalID == nil
            ? Delivery(state: .queued, attempts: 0, error: nil) : nil)
        self.attachments = attachments.isEmpty ? nil : attachments.map(AttachmentDTO.init)
    }
}

/// A customer's file: download it from `url` (always as a file, never shown inline).
struct AttachmentDTO: Content {
    let id: UUID
    let filename: String
    let contentType: String
    let size: Int
    /// False when the file was over the size limit: name and size only.
    let kept: Bool
    let url: String

    init(_ info: Attachments.Info) {
        id = info.id
        filename = info.filename
        contentType = info.contentType
        size = info.size
        kept = info.kept
        url = "/api/v1" + SitePath.attachment(info.id)
    }
}

/// A conversation with its messages, order and buyer.
struct ConversationDetailDTO: Content {
    struct Customer: Content {
        let id: UUID
        let externalID: String
        let name: String
        let language: String?
    }

    /// When the platform stops taking the store's messages here, for platforms with a reply window (Ozon).
    struct ReplyWindow: Content {
        let closesAt: Date
        let open: Bool
        let remainingSeconds: Int
    }

    /// A line of the conversation's history besides its messages (`ConversationActivity`), as the audit record
    /// names it.
    struct Activity: Content {
        let at: Date
        let action: String
        /// Who did it; absent when Kefu did.
        let userID: UUID?
        let detail: [String: String]
    }

    var conversation: ConversationDTO
    let messages: [MessageDTO]
    let order: OrderDTO?
    let customer: Customer
    let replyWindow: ReplyWindow?
    let activity: [Activity]

    init(_ detail: ConversationDetail) {
        conversation = ConversationDTO(detail.record, customLabels: detail.labels, sla: detail.sla)
        messages = detail.messages.map { message in
            MessageDTO(
                message.record,
                delivery: message.delivery.map { .init(state: $0.state, attempts: $0.attempts, error: $0.error) },
                attachments: message.attachments)
        }
        order = detail.order.map(OrderDTO.init)
        customer = Customer(
            id: detail.customer.id, externalID: detail.customer.externalID, name: detail.customer.name,
            language: detail.customer.language)
        replyWindow = detail.replyWindow.map { ReplyWindow(closesAt: $0.closesAt, open: $0.open, remainingSeconds: $0.remainingSeconds) }
        activity = detail.activity.map { Activity(at: $0.at, action: $0.action, userID: $0.userID, detail: $0.detail) }
    }
}

/// The answer to a reply, a note or a proactive message.
struct PostedMessageDTO: Content {
    let conversation: ConversationDTO
    let message: MessageDTO
}
