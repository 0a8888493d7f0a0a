import Fluent
import Foundation
import NIOHTTP1
import SQLKit

/// An eBay channel's user access token: made from the seller's refresh token when missing or within five minutes of
/// expiring, kept sealed in the channel's secrets so a restart does not ask eBay again, and dropped when eBay says it
/// is no longer valid.
actor EbayTokens {
    private let channel: UUID
    private let secrets: SecretBox
    private let db: any Database
    private let transactions: WriteTransactions
    private let clock: KefuClock
    private var current: (token: String, expires: Date)?

    static let scope = "https://api.ebay.com/oauth/api_scope/commerce.message"
    static let margin: TimeInterval = 300

    init(channel: UUID, secrets: SecretBox, db: any Database, transactions: WriteTransactions, clock: KefuClock) {
        self.channel = channel
        self.secrets = secrets
        self.db = db
        self.transactions = transactions
        self.clock = clock
    }

    struct Grant: Decodable {
        let access_token: String
        let expires_in: Int?
    }

    func token(settings: EbayChannelSettings, http: MarketplaceHTTP) async throws -> String {
        let now = clock.now()
        if let current, current.expires.timeIntervalSince(now) > Self.margin { return current.token }
        var stored = try await opened()
        if let token = stored["accessToken"], let expires = stored["accessTokenExpiresAt"].flatMap(Double.init),
            Date(timeIntervalSince1970: expires).timeIntervalSince(now) > Self.margin
        {
            current = (token, Date(timeIntervalSince1970: expires))
            return token
        }
        guard let secret = stored["clientSecret"], let refresh = stored["refreshToken"] else {
            throw MarketplaceError(.authentication, "The channel has no client secret or refresh token; add them on the Channels page.")
        }
        let basic = Data("\(settings.clientID):\(secret)".utf8).base64EncodedString()
        let form = [("grant_type", "refresh_token"), ("refresh_token", refresh), ("scope", Self.scope)]
            .map { "\($0.0)=\(Self.formEncoded($0.1))" }.joined(separator: "&")
        let body: Data
        do {
            body = try await http.send(
                .POST, "/identity/v1/oauth2/token", body: .form(form), headers: ["Authorization": "Basic \(basic)"])
        } catch let error as MarketplaceError where error.kind == .rejected {
            // eBay answers a revoked or expired refresh token with 400 invalid_grant: only the seller can fix it.
            throw MarketplaceError(.authentication, status: error.status, "eBay refused the refresh token: \(error.message)")
        }
        guard let grant = try? JSONDecoder().decode(Grant.self, from: body) else {
            throw MarketplaceError(.transient, "eBay's token answer was not in the documented shape.")
        }
        let expires = now.addingTimeInterval(TimeInterval(grant.expires_in ?? 7_200))
        stored["accessToken"] = grant.access_token
        stored["accessTokenExpiresAt"] = String(expires.timeIntervalSince1970)
        let sealed = try secrets.seal(stored)
        let channel = channel
        try await transactions.run(on: db) { tx in
            // Not `updated_at`: that would tell the supervisor an admin changed the channel.
            try await tx.sql.raw("UPDATE channels SET secrets = \(bind: sealed) WHERE id = \(bind: channel)").run()
        }
        current = (grant.access_token, expires)
        return grant.access_token
    }

    /// eBay no longer takes the token: the next call makes a new one.
    func invalidate() async throws {
        current = nil
        var stored = try await opened()
        guard stored["accessToken"] != nil else { return }
        stored["accessToken"] = nil
        stored["accessTokenExpiresAt"] = nil
        let sealed = try secrets.seal(stored)
        let channel = channel
        try await transactions.run(on: db) { tx in
            try await tx.sql.raw("UPDATE channels SET secrets = \(bind: sealed) WHERE id = \(bind: channel)").run()
        }
    }

    private func opened() async throws -> [String: String] {
        guard let row = try await db.sql.raw("SELECT secrets FROM channels WHERE id = \(bind: channel)").first() else {
            throw MarketplaceError(.authentication, "The channel was removed.")
        }
        return try secrets.open(try row.decode(column: "secrets", as: String.self))
    }

    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
