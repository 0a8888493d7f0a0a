import Foundation
import Vapor

/// A channel as the API shows it: settings without secrets, and what its connector last reported.
struct ChannelDTO: Content {
    struct Settings: Content {
        let imapURL: String
        let smtpURL: String
        let address: String
        let pollSeconds: Int
    }

    let id: UUID
    let storeID: UUID
    let kind: String
    let enabled: Bool
    let status: String
    let settings: Settings
    let lastSyncAt: Date?
    let lastError: String?
    /// Messages found on the server and not yet imported.
    let backlog: Int
    /// Messages imported since the channel was added.
    let synced: Int
    let createdAt: Date

    init(_ channel: ChannelRecord) {
        id = channel.id
        storeID = channel.storeID
        kind = channel.kind.rawValue
        enabled = channel.enabled
        status = channel.status.rawValue
        settings = Settings(
            imapURL: channel.settings.imapURL, smtpURL: channel.settings.smtpURL, address: channel.settings.address,
            pollSeconds: channel.settings.pollSeconds)
        lastSyncAt = channel.lastSyncAt
        lastError = channel.lastError
        backlog = channel.backlog
        synced = channel.synced
        createdAt = channel.createdAt
    }
}
