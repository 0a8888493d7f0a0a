import Foundation
import KefuCore
import Vapor

/// Something agents should see without reloading, addressed to the store it happened in: only viewers who can see
/// that store receive it.
struct LiveEvent: Content, Equatable {
    /// `conversation.changed` (a new message, a reply, a label, an assignment, a state change), `sla.atRisk`,
    /// `sla.overdue`.
    let type: String
    let workspaceID: UUID
    let storeID: UUID
    let conversationID: UUID
    let platform: String
    let customerName: String
    let orderNumber: String?
    let dueAt: Date?
    let remainingSeconds: Int?
    let at: Date
    var merchantID: UUID? = nil
    /// The folders the conversation was in before and after the change, so a page can move its counts without asking;
    /// `foldersBefore` is nil for a new conversation.
    var foldersBefore: [Folder]? = nil
    var foldersAfter: [Folder]? = nil
    /// When the conversation's newest message was sent; a page shows it as new when this moved.
    var lastMessageAt: Date? = nil

    static func changed(_ record: ConversationRecord, before: ConversationState?, at now: Date) -> LiveEvent {
        LiveEvent(
            type: "conversation.changed", workspaceID: record.workspaceID, storeID: record.storeID,
            conversationID: record.id, platform: record.platform.rawValue, customerName: record.customerName,
            orderNumber: record.state.orderNumber, dueAt: record.state.sla?.state == .met ? nil : record.state.sla?.dueAt,
            remainingSeconds: nil, at: now, merchantID: record.merchantID,
            foldersBefore: before.map { state in Folder.allCases.filter { state.isIn($0) } },
            foldersAfter: Folder.allCases.filter { record.state.isIn($0) },
            lastMessageAt: record.state.lastMessageAt)
    }
}
