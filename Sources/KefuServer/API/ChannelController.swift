import Foundation
import KefuCore
import Vapor

/// `/stores/{id}/channels` and `/channels/{id}`: a store's mailboxes and marketplace connections. Admins only.
struct ChannelController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.post("stores", ":storeID", "channels", use: add)
        routes.get("stores", ":storeID", "channels", use: list)
        routes.get("channels", ":channelID", use: show)
        routes.patch("channels", ":channelID", use: update)
        routes.delete("channels", ":channelID", use: remove)
        routes.post("channels", ":channelID", "test", use: test)
    }

    /// `{"kind", "settings"}`: the settings are read in the shape the kind names.
    struct NewChannel: Decodable {
        let kind: ChannelKind
        let settings: ChannelInput

        enum CodingKeys: String, CodingKey { case kind, settings }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let raw = try container.decodeIfPresent(String.self, forKey: .kind) else {
                throw KefuError.invalid("missing_field", "kind is required (\(ChannelController.kinds)).")
            }
            guard let kind = ChannelKind(rawValue: raw) else {
                throw KefuError.invalid("invalid_field", "kind must be one of \(ChannelController.kinds).")
            }
            guard let settings = try ChannelInput.decode(kind, from: container, key: CodingKeys.settings) else {
                throw KefuError.invalid("missing_field", "settings is required.")
            }
            self.kind = kind
            self.settings = settings
        }
    }

    /// `{"enabled"}` and/or `{"settings"}` in the shape of the channel's kind.
    struct ChannelChanges: Decodable {
        let enabled: Bool?
        let settings: ChannelInput?

        enum CodingKeys: String, CodingKey { case enabled, settings }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
            guard let kind = decoder.userInfo[ChannelController.kindKey] as? ChannelKind else {
                settings = nil
                return
            }
            settings = try ChannelInput.decode(kind, from: container, key: CodingKeys.settings)
        }
    }

    static let kinds = ChannelKind.allCases.filter { $0 != .demo }.map(\.rawValue).joined(separator: ", ")
    static let kindKey = CodingUserInfoKey(rawValue: "kefu.channelKind")!

    struct ChannelsResponse: Content {
        let items: [ChannelDTO]
    }

    @Sendable func add(req: Request) async throws -> Response {
        let body = try req.content.decode(NewChannel.self)
        let channel = try await service(req).add(
            to: try req.parameters.requireUUID("storeID"), input: body.settings, by: .viewer(try req.viewer))
        deps.channelBells.ring(ChannelBells.supervisor)
        return try await ChannelDTO(channel).encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> ChannelsResponse {
        let channels = try await service(req).list(store: try req.parameters.requireUUID("storeID"), by: .viewer(try req.viewer))
        return ChannelsResponse(items: channels.map(ChannelDTO.init))
    }

    @Sendable func show(req: Request) async throws -> ChannelDTO {
        ChannelDTO(try await service(req).get(try req.parameters.requireUUID("channelID"), by: .viewer(try req.viewer)))
    }

    @Sendable func update(req: Request) async throws -> ChannelDTO {
        let service = service(req)
        let id = try req.parameters.requireUUID("channelID")
        let channel = try await service.get(id, by: .viewer(try req.viewer))
        let decoder = JSONDecoder()
        decoder.userInfo[Self.kindKey] = channel.kind
        let changes = try req.content.decode(ChannelChanges.self, using: decoder)
        guard changes.enabled != nil || changes.settings != nil else {
            throw KefuError.invalid("missing_field", "Send what to change: {\"enabled\": false} or {\"settings\": {…}}.")
        }
        let updated = try await service.update(id, enabled: changes.enabled, input: changes.settings, by: .viewer(try req.viewer))
        deps.channelBells.ring(ChannelBells.supervisor)
        return ChannelDTO(updated)
    }

    @Sendable func remove(req: Request) async throws -> HTTPStatus {
        try await service(req).remove(try req.parameters.requireUUID("channelID"), by: .viewer(try req.viewer))
        deps.channelBells.ring(ChannelBells.supervisor)
        return .noContent
    }

    @Sendable func test(req: Request) async throws -> ChannelTestReport {
        let service = service(req)
        let channel = try await service.get(try req.parameters.requireUUID("channelID"), by: .viewer(try req.viewer))
        let secrets = try service.openSecrets(of: channel)
        switch channel.settings {
        case .email(let settings):
            return await EmailProbe.run(settings, secrets: secrets, tls: deps.mailTLS)
        case .ozon(let settings):
            return await OzonProbe.run(settings, secrets: secrets, http: deps.http, logger: req.logger)
        case .ebay(let settings):
            return await EbayProbe.run(
                settings, channel: channel.id, deps: deps, db: req.db, logger: req.logger)
        case .demo(let settings):
            return ChannelTestReport(ok: true, api: .init(ok: true, detail: "Simulated marketplace for \(settings.store)"))
        }
    }

    private func service(_ req: Request) -> ChannelService {
        deps.channels(on: req.db)
    }
}

extension ChannelTestReport: Content {}
