import Foundation
import KefuCore
import Vapor

/// The message center's conversations: list, one conversation in full, export.
struct ConversationController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        let conversations = routes.grouped("conversations")
        conversations.get(use: list)
        conversations.get(":conversationID", use: show)
        conversations.get(":conversationID", "export", use: export)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let viewer = try req.viewer
        let values = QueryValues(req)
        let query = try ConversationListQuery({ values[$0] }, viewer: viewer)
        let page = try await deps.queries(on: req.db).page(query, for: viewer)
        return ConversationListDTO(page, items: try await deps.conversationDTOs(page.items, labels: page.labels, on: req.db))
            .json().response()
    }

    @Sendable func show(req: Request) async throws -> ConversationDetailDTO {
        ConversationDetailDTO(
            try await deps.conversationDetails(for: try req.viewer, on: req.db)
                .detail(try req.parameters.requireUUID("conversationID")))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let service = deps.exports(for: try req.viewer, on: req.db)
        let id = try req.parameters.requireUUID("conversationID")
        let export = try await service.export(id)
        switch req.query[String.self, at: "format"] ?? "json" {
        case "json":
            let response = try await export.encodeResponse(for: req)
            response.headers.contentDisposition = .init(.attachment, filename: "conversation-\(id).json")
            return response
        case "csv":
            // The byte-order mark tells Excel the file is UTF-8; without it Chinese comes out garbled.
            let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + service.csv(export)))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.headers.contentDisposition = .init(.attachment, filename: "conversation-\(id).csv")
            return response
        default:
            throw KefuError.invalid("invalid_query", "format must be json or csv.")
        }
    }
}
