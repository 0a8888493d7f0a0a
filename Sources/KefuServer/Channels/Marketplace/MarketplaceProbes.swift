import AsyncHTTPClient
import Fluent
import Foundation
import Logging

/// The connection test of an Ozon account: lists one page of chats with the stored key.
enum OzonProbe {
    static func run(_ settings: OzonChannelSettings, secrets: [String: String], http: HTTPClient, logger: Logger) async
        -> ChannelTestReport
    {
        let api = OzonAPI(
            http: MarketplaceHTTP(client: http, baseURL: settings.baseURL, bucket: TokenBucket(rate: 5), logger: logger,
                                  timeout: .seconds(15), attempts: 1, rateLimitPatience: 1),
            clientID: settings.clientID, apiKey: secrets["apiKey"] ?? "")
        do {
            let page = try await api.chats(unreadOnly: false, cursor: nil)
            let buyers = page.chats.filter { OzonInbound.isBuyerChat($0.chat.chat_type) }.count
            let more = page.has_next == true ? " and more" : ""
            return .init(ok: true, api: .init(ok: true, detail: "Signed in as seller \(settings.clientID): \(buyers) buyer chats\(more)."))
        } catch {
            return .init(ok: false, api: .init(ok: false, detail: MarketplaceHTTP.describe(error)))
        }
    }
}

/// The connection test of an eBay account: makes an access token and lists one page of conversations.
enum EbayProbe {
    static func run(_ settings: EbayChannelSettings, channel: UUID, deps: Dependencies, db: any Database, logger: Logger)
        async -> ChannelTestReport
    {
        let api = EbayAPI(
            http: MarketplaceHTTP(client: deps.http, baseURL: settings.baseURL, bucket: TokenBucket(rate: 5), logger: logger,
                                  timeout: .seconds(15), attempts: 1, rateLimitPatience: 1),
            settings: settings,
            tokens: EbayTokens(channel: channel, secrets: deps.secrets, db: db, transactions: deps.transactions, clock: deps.clock))
        do {
            let page = try await api.conversations(offset: 0, since: nil)
            let count = page.total ?? page.conversations?.count ?? 0
            return .init(ok: true, api: .init(ok: true, detail: "Signed in as \(settings.sellerUsername): \(count) conversations with members."))
        } catch {
            return .init(ok: false, api: .init(ok: false, detail: MarketplaceHTTP.describe(error)))
        }
    }
}
