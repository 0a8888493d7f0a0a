import Foundation
import Vapor

/// Proactive messages to an order's buyer.
struct OrderController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.post("orders", ":orderNumber", "messages", use: message)
    }

    struct MessageInput: Content {
        let body: String
        /// Needed only when several stores have an order with this number.
        let storeID: UUID?
        let acknowledgeWarnings: Bool?
    }

    @Sendable func message(req: Request) async throws -> Response {
        let input = try req.content.decode(MessageInput.self)
        let orderNumber = try req.parameters.require("orderNumber")
        let (record, message) = try await deps.orders(on: req.db)
            .message(
                orderNumber: orderNumber, storeID: input.storeID, body: input.body,
                acknowledgeWarnings: input.acknowledgeWarnings ?? false,
                by: deps.conversationService(for: try req.viewer, on: req.db))
        return try await PostedMessageDTO(conversation: deps.conversationDTO(record, on: req.db), message: MessageDTO(message))
            .encodeResponse(status: .created, for: req)
    }
}
