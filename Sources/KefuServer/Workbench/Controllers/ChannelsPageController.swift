import Fluent
import Foundation
import KefuCore
import Vapor

/// `GET /channels`: the workspace's mailboxes and marketplace accounts for admins, with what each last reported. The page's script adds,
/// tests, switches and removes them through the API and keeps the status fresh.
struct ChannelsPageController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.channels, use: channels)
    }

    /// What `channels.leaf` renders.
    struct ChannelsPage: Encodable {
        struct Row: Encodable {
            let id: UUID
            let store: String
            let kind: String
            /// The mailbox's address or the seller account.
            let label: String
            /// Where it connects: the IMAP server or the API's address.
            let detail: String
            /// Where the platform pushes news, for channels whose platform pushes.
            let pushPath: String?
            let enabled: Bool
            let status: String
            let statusLabel: String
            let lastSyncAt: String?
            let lastError: String?
            let progress: String
        }

        let chrome: PageChrome
        let rows: [Row]
        let stores: [PageOption]
    }

    @Sendable func channels(req: Request) async throws -> Response {
        let viewer = try req.viewer
        try viewer.require(.administer)
        let strings = deps.pageStrings
        let language = req.uiLanguage
        let stores = try await StoreModel.query(on: req.db).filter(\.$workspaceID == viewer.workspaceID).sort(\.$name).all()
            .filter { $0.id.map(viewer.canSee(storeID:)) ?? false }
        let names = Dictionary(uniqueKeysWithValues: stores.compactMap { store in
            store.id.map { ($0, "\(store.name) · \(Platform(rawValue: store.platformID).map { strings.platformName($0, language) } ?? store.platformID)") }
        })
        let channels = try await deps.channels(on: req.db).list(for: viewer)
        let page = ChannelsPage(
            chrome: try await PageChrome.load(req, viewer: viewer, strings: strings),
            rows: channels.map { channel in
                .init(
                    id: channel.id, store: names[channel.storeID] ?? "", kind: channel.kind.rawValue,
                    label: channel.settings.label, detail: Self.detail(of: channel.settings), pushPath: channel.pushPath,
                    enabled: channel.enabled, status: channel.status.rawValue,
                    statusLabel: strings.text("channels.status.\(channel.status.rawValue)", language),
                    lastSyncAt: channel.lastSyncAt.map(PageTime.iso),
                    lastError: channel.lastError,
                    progress: strings.text("channels.progressValue", language, ["synced": "\(channel.synced)", "backlog": "\(channel.backlog)"]))
            },
            stores: stores.compactMap { store in store.id.map { PageOption(value: $0.uuidString, label: names[$0] ?? "", selected: false) } })
        return try await req.view.render("channels", page).encodeResponse(for: req)
    }

    static func detail(of settings: ChannelSettings) -> String {
        switch settings {
        case .email(let email): email.imapURL
        case .ozon(let ozon): ozon.baseURL
        case .ebay(let ebay): ebay.baseURL
        case .demo(let demo): demo.store
        }
    }
}
