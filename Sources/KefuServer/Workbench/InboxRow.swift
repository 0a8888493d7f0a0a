import Foundation
import KefuCore

/// One line of the inbox list, with every text already in the page's language.
struct InboxRow: Encodable, Sendable {
    struct Chip: Encodable, Sendable {
        let text: String
        /// `system` for Kefu's own labels, `custom` for the workspace's.
        let kind: String

        /// Kefu's labels in the page's language, the workspace's as they were written.
        static func chips(_ labels: [String], strings: PageStrings, language: UILanguage) -> [Chip] {
            labels.map { label in
                SystemLabel(rawValue: label) != nil
                    ? Chip(text: strings.text("label.\(label)", language), kind: "system") : Chip(text: label, kind: "custom")
            }
        }
    }

    /// Lower case, as the page script compares ids.
    let id: String
    let href: String
    let platform: String
    let platformName: String
    let store: String
    let customer: String
    let title: String
    let preview: String
    let orderNumber: String?
    let labels: [Chip]
    let sla: SLAIndicator?
    /// A risk flag of the buyer's messages: a short name and the advice (站外链接 / 站外链接：请勿打开).
    struct Risk: Encodable, Sendable {
        let name: String
        let advice: String
    }

    let risks: [Risk]
    let unread: Bool
    let failed: Bool
    let kind: String
    let assignee: String?
    let lastMessageAt: String
    let lastMessageText: String
    /// Orders rows for live insertion: ascending `sortKey` is the list's order under `sort`.
    let sortKey: String

    init(
        _ dto: ConversationDTO, order: ConversationFilter.ListOrder, directory: WorkspaceDirectory, clock: ReaderClock,
        strings: PageStrings, language: UILanguage
    ) {
        id = dto.id.uuidString.lowercased()
        href = SitePath.conversation(dto.id)
        platform = dto.platform.rawValue
        platformName = strings.platformName(dto.platform, language)
        store = directory.store(dto.storeID)?.name ?? ""
        customer = dto.customer.name
        title = dto.subject ?? dto.preview
        preview = dto.subject == nil ? "" : dto.preview
        orderNumber = dto.orderNumber
        labels = Chip.chips(dto.labels, strings: strings, language: language)
        // Spam needs no answer: no clock.
        sla = SLAIndicator(dto.sla, status: dto.status, clock: clock, strings: strings, language: language)
        risks = (dto.riskFlags ?? []).map {
            Risk(name: strings.text("risk.short.\($0.rawValue)", language), advice: strings.text("risk.\($0.rawValue)", language))
        }
        unread = dto.unread
        failed = dto.hasFailedDelivery
        kind = strings.text("kind.\(dto.kind.rawValue)", language)
        assignee = directory.userName(dto.assigneeID)
        lastMessageAt = PageTime.iso(dto.lastMessageAt)
        lastMessageText = PageTime.text(dto.lastMessageAt)
        // Waiting rows by deadline first (longest waiting first on a tie), then the rest newest first: "0<deadline>
        // <start>" sorts before "1<time reversed>".
        func padded(_ value: Int) -> String {
            let digits = String(max(0, value))
            return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
        }
        if order == .urgency, let sla = dto.sla, sla.state != .met {
            sortKey = "0" + padded(Int(sla.dueAt.timeIntervalSince1970)) + padded(Int(sla.startedAt.timeIntervalSince1970))
        } else {
            sortKey = "1" + padded(99_999_999_999 - Int(dto.lastMessageAt.timeIntervalSince1970))
        }
    }
}

/// Times as pages print them: UTC on the server, turned into the reader's local time by the page script.
enum PageTime {
    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    static func text(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
        return String(date.formatted(style).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
