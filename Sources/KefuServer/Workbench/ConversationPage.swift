import Foundation
import KefuCore
import Vapor

/// What `conversation.leaf` renders: the conversation's messages, its order and buyer, and what the viewer may do.
struct ConversationPage: Encodable {
    struct Header: Encodable {
        let id: UUID
        let platform: String
        let platformName: String
        let store: String
        let customer: String
        let subject: String?
        let orderNumber: String?
        let kind: String
        let status: String
        let statusText: String
        let assignee: String?
        let assignedToMe: Bool
        let labels: [InboxRow.Chip]
        let customLabels: [String]
        let sla: SLAIndicator?
        let isSpam: Bool
        let spamReason: String?
        let resolved: Bool
        /// Marketplaces let a shop flag only unanswered pre-sale questions.
        let mayFlagSpam: Bool
    }

    struct Message: Encodable {
        let id: UUID
        /// `customer`, `platformCare`, `agent`, `bot`, `note`: the CSS modifier.
        let role: String
        let author: String
        let outbound: Bool
        let body: String
        let language: String?
        /// `rtl` for Arabic, Hebrew, Persian and Urdu text; `auto` lets the browser decide the rest.
        let dir: String
        let at: Date
        let sentAt: String
        let sentAtText: String
        let delivery: String?
        let deliveryText: String?
        let failed: Bool
        let deliveryError: String?
        let risks: [String]
        let acknowledged: Bool
        let attachments: [Attachment]
    }

    /// A customer's file under their message: a download link, or the name and size when it was too large to keep.
    struct Attachment: Encodable {
        let name: String
        let size: String
        let href: String?
    }

    static func fileSize(_ bytes: Int) -> String {
        bytes < 1_024 ? "\(bytes) B" : bytes < 1_048_576 ? "\(bytes / 1_024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    struct Order: Encodable {
        struct Item: Encodable {
            let title: String
            let quantity: Int
            let price: String?
        }

        let number: String
        let status: String
        let total: String
        let items: [Item]
        let carrier: String?
        let trackingNumber: String?
        let placed: String?
        let shipped: String?
        let delivered: String?
    }

    let chrome: PageChrome
    let back: String
    let exportCSV: String
    let conversation: Header
    /// `MessageListHTML` of the messages and activity lines, oldest first.
    let messagesHTML: String
    let order: Order?
    let customerName: String
    let customerExternalID: String
    let customerLanguage: String?
    /// "19 个会话 · 7 个订单" across the merchant's stores, and the link to the buyer's page.
    let customerHistory: String
    let customerHref: String
    let assignees: [PageOption]
    let spamReasons: [PageOption]
    let replyPlaceholder: String
    /// "Ozon takes replies here for 5 h more", or that it no longer does.
    let replyWindow: String?
    let replyWindowClosed: Bool
}

extension ConversationPage {
    static let rightToLeft: Set<String> = ["ar", "he", "fa", "ur"]

    /// `history`: the buyer's conversations and orders across the merchant's stores (`CustomerService.summary`).
    init(
        _ detail: ConversationDetailDTO, history: (conversations: Int, orders: Int), req: Request, strings: PageStrings,
        chrome: PageChrome, viewer: Viewer, directory: WorkspaceDirectory, clock: ReaderClock
    ) {
        let language = req.uiLanguage
        func t(_ key: String) -> String { strings.text(key, language) }
        let dto = detail.conversation
        let custom = dto.labels.filter { SystemLabel(rawValue: $0) == nil }
        self.chrome = chrome
        back = SitePath.inbox
        exportCSV = SitePath.conversationExport(dto.id) + "?format=csv"
        conversation = Header(
            id: dto.id, platform: dto.platform.rawValue, platformName: strings.platformName(dto.platform, language),
            store: directory.store(dto.storeID)?.name ?? "", customer: dto.customer.name, subject: dto.subject,
            orderNumber: dto.orderNumber, kind: t("kind.\(dto.kind.rawValue)"), status: dto.status.rawValue,
            statusText: t("status.\(dto.status.rawValue)"), assignee: directory.userName(dto.assigneeID),
            assignedToMe: dto.assigneeID == viewer.userID,
            labels: InboxRow.Chip.chips(dto.labels, strings: strings, language: language),
            customLabels: custom,
            sla: SLAIndicator(dto.sla, status: dto.status, clock: clock, strings: strings, language: language),
            isSpam: dto.status == .spam, spamReason: dto.spamReason.map { t("spam.\($0.rawValue)") },
            resolved: dto.status == .resolved,
            mayFlagSpam: dto.kind == .preSale && dto.status != .spam
                && !detail.messages.contains { $0.direction == .outbound })
        let messages = detail.messages.map { message in
            let role = message.direction == .note ? "note" : message.author.rawValue
            let base = message.language.map { String($0.prefix { $0 != "-" && $0 != "_" }).lowercased() }
            return Message(
                id: message.id, role: role,
                // Who on the team wrote it, beside what kind of author it is.
                author: ([t("author.\(role)")] + [directory.userName(message.authorUserID)].compactMap { $0 }).joined(separator: " · "),
                outbound: message.direction != .inbound,
                body: message.body, language: message.language,
                dir: base.map { Self.rightToLeft.contains($0) } == true ? "rtl" : "auto",
                at: message.sentAt, sentAt: PageTime.iso(message.sentAt), sentAtText: PageTime.text(message.sentAt),
                delivery: message.delivery?.state.rawValue, deliveryText: message.delivery.map { t("delivery.\($0.state.rawValue)") },
                failed: message.delivery?.state == .failed, deliveryError: message.delivery?.error,
                risks: (message.riskFlags ?? []).map { t("risk.\($0.rawValue)") },
                acknowledged: message.compliance?.acknowledged == true,
                attachments: (message.attachments ?? []).map { file in
                    Attachment(
                        name: file.filename, size: Self.fileSize(file.size),
                        href: file.kept ? SitePath.attachment(file.id) : nil)
                })
        }
        let activity = detail.activity.map { ActivityLine($0, strings: strings, language: language, directory: directory) }
        messagesHTML = MessageListHTML.render(
            messages, activity: activity, labels: .init(retry: t("delivery.retry"), acknowledged: t("compliance.acknowledged")))
        order = detail.order.map { order in
            Order(
                number: order.number, status: Self.orderStatus(order.status, t), total: Self.money(order.totalMinor, order.currency),
                items: order.items.map { .init(title: $0.title, quantity: $0.quantity, price: $0.priceMinor.map { Self.money($0, order.currency) }) },
                carrier: order.carrier, trackingNumber: order.trackingNumber,
                placed: order.placedAt.map(clock.dateTime), shipped: order.shippedAt.map(clock.dateTime),
                delivered: order.deliveredAt.map(clock.dateTime))
        }
        customerName = detail.customer.name
        customerExternalID = detail.customer.externalID
        customerLanguage = detail.customer.language
        customerHistory = strings.text(
            "customer.summary", language, ["c": "\(history.conversations)", "o": "\(history.orders)"])
        customerHref = SitePath.customer(detail.customer.id)
        assignees = directory.users.map { PageOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == dto.assigneeID) }
        spamReasons = SpamReason.allCases.map { PageOption(value: $0.rawValue, label: t("spam.\($0.rawValue)"), selected: false) }
        replyPlaceholder = t("reply.placeholder")
        if let window = detail.replyWindow {
            let name = ["platform": strings.platformName(dto.platform, language)]
            replyWindow = window.open
                ? strings.text("reply.windowOpen", language, name.merging([
                    "t": SLAIndicator.duration(window.remainingSeconds, strings: strings, language: language),
                ]) { $1 })
                : strings.text("reply.windowClosed", language, name)
            replyWindowClosed = !window.open
        } else {
            replyWindow = nil
            replyWindowClosed = false
        }
    }

    /// `USD 25.00`; currencies without minor units (JPY, KRW) have none.
    /// Order statuses are the platform's or the connector's words; the common ones read in the page's language.
    static let knownOrderStatuses: Set<String> = [
        "pending", "paid", "processing", "shipped", "intransit", "delivered", "cancelled", "refunded", "returned", "completed",
    ]

    static func orderStatus(_ status: String, _ t: (String) -> String) -> String {
        var key = status.lowercased().filter { $0.isLetter }
        if key == "canceled" { key = "cancelled" }
        return knownOrderStatuses.contains(key) ? t("orderStatus.\(key)") : status
    }

    static func money(_ minor: Int64, _ currency: String) -> String {
        let zeroDecimal: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK"]
        if zeroDecimal.contains(currency.uppercased()) { return "\(currencyMark(currency)) \(minor)" }
        let sign = minor < 0 ? "-" : ""
        let value = abs(minor)
        return "\(currencyMark(currency)) \(sign)\(value / 100).\(String(format: "%02d", value % 100))"
    }

    /// `¥` for yuan and `US$` for dollars, the marks the workbench's readers know; other currencies by their code.
    static func currencyMark(_ currency: String) -> String {
        switch currency.uppercased() {
        case "CNY", "RMB": "¥"
        case "USD": "US$"
        default: currency
        }
    }
}
