import Foundation
import KefuCore
import Vapor

/// `POST /hooks/ozon/{channelID}`: Ozon's push notifications for one seller account. Ozon signs nothing, so a push
/// is believed only as far as "this chat may have news": it must name the channel's seller (`seller_id`), and it
/// makes the channel read the chat from Ozon's API; its text is never stored. Answered at once, after the chat is
/// marked in the database (so the channel's instance, wherever it runs, reads it).
struct OzonPushController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        // Ozon's pushes are small; a larger body is not from Ozon.
        routes.on(.POST, "hooks", "ozon", ":channelID", body: .collect(maxSize: "64kb"), use: push)
    }

    struct Push: Decodable {
        let message_type: String?
        let chat_id: String?
        let chat_type: String?
        let seller_id: OzonID?
    }

    struct Pong: Content {
        let version: String
        let name: String
        let time: String
    }

    struct Acknowledged: Content {
        let result: Bool
    }

    @Sendable func push(req: Request) async throws -> Response {
        guard let id = req.parameters.get("channelID").flatMap(UUID.init(uuidString:)) else {
            throw KefuError.notFound("channel")
        }
        let channel: ChannelRecord
        do {
            channel = try await ChannelService.load(id, on: req.db.sql)
        } catch {
            throw KefuError.notFound("channel")
        }
        guard case .ozon(let settings) = channel.settings else { throw KefuError.notFound("channel") }
        let push: Push
        do {
            push = try JSONDecoder().decode(Push.self, from: Data(buffer: req.body.data ?? ByteBuffer()))
        } catch {
            throw KefuError.invalid("invalid_json", "The push is not Ozon's JSON: \(error.localizedDescription)")
        }
        let type = push.message_type ?? ""
        if type.isOzon("TYPE_PING") {
            let now = ISO8601DateFormatter().string(from: deps.clock.now())
            return try await Pong(version: KefuVersion.current, name: "kefu", time: now).encodeResponse(for: req)
        }
        guard push.seller_id?.value == settings.clientID else {
            req.logger.warning("Ozon push for channel \(id) named another seller; ignored")
            throw KefuError(code: "ERROR_UNKNOWN", status: 403, message: "This address takes pushes for another seller.")
        }
        if type.isOzon("TYPE_NEW_MESSAGE") || type.isOzon("TYPE_UPDATE_MESSAGE"), channel.enabled,
            let chat = push.chat_id, !chat.isEmpty, chat.count <= 200,
            push.chat_type.map(OzonInbound.isBuyerChat) ?? true
        {
            try await ChannelThreads.markPending(chat, channel: id, transactions: deps.transactions, on: req.db)
            deps.channelBells.ring(id)
        }
        // Read marks, closed chats and the order and stock events are acknowledged and left alone.
        return try await Acknowledged(result: true).encodeResponse(for: req)
    }
}
