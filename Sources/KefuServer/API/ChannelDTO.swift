import Foundation
import Vapor

/// A channel as the API shows it: settings without secrets, and what its connector last reported.
struct ChannelDTO: Content {
    /// The kind's settings; fields of other kinds are absent.
    struct Settings: Content {
        var imapURL: String?
        var smtpURL: String?
        var address: String?
        var pollSeconds: Int?
        var clientID: String?
        var sellerUsername: String?
        var baseURL: String?
        var requestsPerSecond: Int?
        var store: String?
        var liveEverySeconds: Int?
        var maxWaiting: Int?

        init(_ settings: ChannelSettings) {
            switch settings {
            case .email(let email):
                imapURL = email.imapURL
                smtpURL = email.smtpURL
                address = email.address
                pollSeconds = email.pollSeconds
            case .ozon(let ozon):
                clientID = ozon.clientID
                baseURL = ozon.baseURL
                pollSeconds = ozon.pollSeconds
                requestsPerSecond = ozon.requestsPerSecond
            case .ebay(let ebay):
                clientID = ebay.clientID
                sellerUsername = ebay.sellerUsername
                baseURL = ebay.baseURL
                pollSeconds = ebay.pollSeconds
                requestsPerSecond = ebay.requestsPerSecond
            case .demo(let demo):
                store = demo.store
                liveEverySeconds = demo.liveEverySeconds
                maxWaiting = demo.maxWaiting
            }
        }
    }

    let id: UUID
    let storeID: UUID
    let kind: String
    let enabled: Bool
    let status: String
    let settings: Settings
    /// Where the platform pushes news (Ozon): the path on Kefu's public address to enter in the seller's account.
    let pushPath: String?
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
        settings = Settings(channel.settings)
        pushPath = channel.pushPath
        lastSyncAt = channel.lastSyncAt
        lastError = channel.lastError
        backlog = channel.backlog
        synced = channel.synced
        createdAt = channel.createdAt
    }
}
