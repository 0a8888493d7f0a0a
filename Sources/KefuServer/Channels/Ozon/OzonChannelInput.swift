import Foundation
import KefuCore

/// An Ozon channel's settings as stored: the seller's Client-Id (Ozon's seller id) and where to reach the API. The
/// Api-Key is sealed apart.
struct OzonChannelSettings: Codable, Sendable, Equatable {
    var clientID: String
    /// `https://api-seller.ozon.ru`, or a proxy or test server.
    var baseURL: String
    /// How often to ask for unread chats; Ozon's push makes new messages appear sooner.
    var pollSeconds: Int
    /// Ozon allows about 50 requests a second per seller; the channel never asks faster than this.
    var requestsPerSecond: Int
}

/// The settings an admin sends for an Ozon seller account.
struct OzonChannelInput: Codable, Sendable {
    var clientID: String?
    var apiKey: String?
    var baseURL: String?
    var pollSeconds: Int?
    var requestsPerSecond: Int?

    static let defaultBaseURL = "https://api-seller.ozon.ru"

    func resolve(over current: (settings: OzonChannelSettings, secrets: [String: String])?) throws(KefuError)
        -> (settings: OzonChannelSettings, secrets: [String: String])
    {
        var secrets = current?.secrets ?? [:]
        let client = (clientID ?? current?.settings.clientID)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !client.isEmpty, client.count <= 32, client.allSatisfy(\.isASCII), client.allSatisfy({ $0.isNumber }) else {
            throw .invalid(client.isEmpty ? "missing_field" : "invalid_field",
                           "settings.clientID is the seller's Client-Id from Ozon Seller → Settings → API keys (digits).")
        }
        try ChannelInputCheck.secret(
            apiKey, key: "apiKey", in: &secrets, field: "apiKey",
            hint: "the Api-Key made in Ozon Seller → Settings → API keys, with chat access.")
        let settings = OzonChannelSettings(
            clientID: client,
            baseURL: try ChannelInputCheck.baseURL(baseURL, current: current?.settings.baseURL, default: Self.defaultBaseURL),
            pollSeconds: try ChannelInputCheck.range(
                pollSeconds, current: current?.settings.pollSeconds, default: 60, 1...3_600, field: "pollSeconds"),
            requestsPerSecond: try ChannelInputCheck.range(
                requestsPerSecond, current: current?.settings.requestsPerSecond, default: 50, 1...1_000,
                field: "requestsPerSecond"))
        return (settings, secrets)
    }
}
