import Foundation
import KefuCore

/// An eBay channel's settings as stored: the app's client id, the seller's user name (its messages are the store's
/// replies) and where to reach the API. The client secret, the refresh token and the current access token are sealed.
struct EbayChannelSettings: Codable, Sendable, Equatable {
    var clientID: String
    var sellerUsername: String
    /// `https://api.ebay.com`, `https://api.sandbox.ebay.com`, or a test server.
    var baseURL: String
    var pollSeconds: Int
    var requestsPerSecond: Int
}

/// The settings an admin sends for an eBay seller account: a user token's refresh token, made once with eBay's
/// consent flow for the `commerce.message` scope.
struct EbayChannelInput: Codable, Sendable {
    var clientID: String?
    var clientSecret: String?
    var refreshToken: String?
    var sellerUsername: String?
    var baseURL: String?
    var pollSeconds: Int?
    var requestsPerSecond: Int?

    static let defaultBaseURL = "https://api.ebay.com"

    func resolve(over current: (settings: EbayChannelSettings, secrets: [String: String])?) throws(KefuError)
        -> (settings: EbayChannelSettings, secrets: [String: String])
    {
        var secrets = current?.secrets ?? [:]
        let client = (clientID ?? current?.settings.clientID)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !client.isEmpty, client.count <= 200 else {
            throw .invalid("missing_field", "settings.clientID is the App ID (Client ID) of your eBay developer keyset.")
        }
        let seller = (sellerUsername ?? current?.settings.sellerUsername)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !seller.isEmpty, seller.count <= 64 else {
            throw .invalid("missing_field", "settings.sellerUsername is the seller's eBay user name; its messages are the store's replies.")
        }
        try ChannelInputCheck.secret(
            clientSecret, key: "clientSecret", in: &secrets, field: "clientSecret",
            hint: "the Cert ID (Client Secret) of your eBay developer keyset.")
        if let refreshToken, refreshToken != current?.secrets["refreshToken"] {
            // A new refresh token makes the stored access token someone else's.
            secrets["accessToken"] = nil
            secrets["accessTokenExpiresAt"] = nil
        }
        try ChannelInputCheck.secret(
            refreshToken, key: "refreshToken", in: &secrets, field: "refreshToken",
            hint: "the seller's refresh token from eBay's consent flow, for the commerce.message scope.")
        let settings = EbayChannelSettings(
            clientID: client, sellerUsername: seller,
            baseURL: try ChannelInputCheck.baseURL(baseURL, current: current?.settings.baseURL, default: Self.defaultBaseURL),
            pollSeconds: try ChannelInputCheck.range(
                pollSeconds, current: current?.settings.pollSeconds, default: 60, 1...3_600, field: "pollSeconds"),
            requestsPerSecond: try ChannelInputCheck.range(
                requestsPerSecond, current: current?.settings.requestsPerSecond, default: 5, 1...1_000,
                field: "requestsPerSecond"))
        return (settings, secrets)
    }
}
