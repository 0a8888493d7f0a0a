import Foundation
import KefuCore
import SQLKit

/// Where a store's messages come from and its replies go: a mailbox, or a marketplace's chat API.
enum ChannelKind: String, Codable, Sendable, CaseIterable {
    case email
    /// Ozon Seller API chats (`/v3/chat/*`), with Ozon's push notifications.
    case ozon
    /// eBay's Message API (`commerce/message/v1`).
    case ebay
    /// The demo's simulated marketplace (`DemoChannelRunner`), made only by `kefu demo`.
    case demo
}

/// What a channel's connector last reported.
enum ChannelStatus: String, Codable, Sendable, CaseIterable {
    /// Added or re-enabled; no instance has run it yet.
    case starting
    /// Importing what was already in the mailbox (see `synced` and `backlog`).
    case syncing
    /// Up to date and waiting for new messages.
    case connected
    /// The last attempt failed (`lastError` says why); the runtime tries again with back-off.
    case error
    /// Switched off by an admin.
    case disabled
}

/// One row of `channels`, secrets still sealed.
struct ChannelRecord: Sendable {
    let id: UUID
    let workspaceID: UUID
    let storeID: UUID
    let kind: ChannelKind
    let settings: ChannelSettings
    let sealedSecrets: String
    let enabled: Bool
    let status: ChannelStatus
    let lastSyncAt: Date?
    let lastError: String?
    let backlog: Int
    let synced: Int
    let cursor: String?
    let createdAt: Date

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        storeID = try row.decode(column: "store_id", as: UUID.self)
        kind = try row.decodeStored(column: "kind", as: ChannelKind.self)
        settings = try ChannelSettings(kind: kind, json: try row.decode(column: "settings", as: String.self))
        sealedSecrets = try row.decode(column: "secrets", as: String.self)
        enabled = try row.decode(column: "enabled", as: Bool.self)
        status = try row.decodeStored(column: "status", as: ChannelStatus.self)
        lastSyncAt = try row.decode(column: "last_sync_at", as: Date?.self)
        lastError = try row.decode(column: "last_error", as: String?.self)
        backlog = try row.decode(column: "backlog", as: Int.self)
        synced = try row.decode(column: "synced", as: Int.self)
        cursor = try row.decode(column: "cursor", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
    }
}

extension ChannelRecord {
    /// Where the platform pushes news for this channel, for the channels whose platform pushes (Ozon).
    var pushPath: String? {
        kind == .ozon ? "/hooks/ozon/\(id.uuidString.lowercased())" : nil
    }
}
