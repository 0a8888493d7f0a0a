import Foundation
import KefuCore
import Vapor

/// Something agents should see without reloading, addressed to the store it happened in: only viewers who can see
/// that store receive it.
struct LiveEvent: Content, Equatable {
    /// `sla.atRisk`, `sla.overdue`.
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
}
