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

    struct NewChannel: Decodable {
        let kind: String?
        let settings: EmailChannelInput?
    }

    struct ChannelChanges: Decodable {
        let enabled: Bool?
        let settings: EmailChannelInput?
    }

    struct ChannelsResponse: Content {
        let items: [ChannelDTO]
    }

    @Sendable func add(req: Request) async throws -> Response {
        let body = try req.content.decode(NewChannel.self)
        guard let rawKind = body.kind else { throw KefuError.invalid("missing_field", "kind is required (email).") }
        guard let kind = ChannelKind(rawValue: rawKind) else {
            throw KefuError.invalid("invalid_field", "kind must be one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let settings = body.settings else { throw KefuError.invalid("missing_field", "settings is required.") }
        let channel = try await service(req).add(
            to: try req.parameters.requireUUID("storeID"), kind: kind, input: settings, by: .viewer(try req.viewer))
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
        let changes = try req.content.decode(ChannelChanges.self)
        guard changes.enabled != nil || changes.settings != nil else {
            throw KefuError.invalid("missing_field", "Send what to change: {\"enabled\": false} or {\"settings\": {…}}.")
        }
        return ChannelDTO(try await service(req).update(
            try req.parameters.requireUUID("channelID"), enabled: changes.enabled, input: changes.settings,
            by: .viewer(try req.viewer)))
    }

    @Sendable func remove(req: Request) async throws -> HTTPStatus {
        try await service(req).remove(try req.parameters.requireUUID("channelID"), by: .viewer(try req.viewer))
        return .noContent
    }

    @Sendable func test(req: Request) async throws -> ChannelTestReport {
        let service = service(req)
        let channel = try await service.get(try req.parameters.requireUUID("channelID"), by: .viewer(try req.viewer))
        return await EmailProbe.run(channel.settings, secrets: try service.openSecrets(of: channel), tls: deps.mailTLS)
    }

    private func service(_ req: Request) -> ChannelService {
        deps.channels(on: req.db)
    }
}

extension ChannelTestReport: Content {}
