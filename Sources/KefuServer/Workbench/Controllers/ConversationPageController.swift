import Foundation
import KefuCore
import Vapor

/// The conversation page: one conversation to read and answer. Opening it marks it read, as the API's `read` does.
struct ConversationPageController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.conversation, use: show)
        // The export link is followed by the browser, which sends the session cookie but no API header.
        routes.get(.conversationExport, use: ConversationController(deps: deps).export)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let viewer = try req.viewer
        let id = try req.parameters.requireUUID("conversationID")
        async let directory = WorkspaceDirectory.load(for: viewer, on: req.db.sql)
        var detail = try await deps.conversationDetails(for: viewer, on: req.db).detail(id)
        if detail.record.state.unread, viewer.role.may(.triage) {
            _ = try await deps.conversationService(for: viewer, on: req.db).markRead(id)
            detail.record.state.unread = false
        }
        let history = try await deps.customers(on: req.db).summary(detail.customer.id, for: viewer)
        let page = ConversationPage(
            ConversationDetailDTO(detail), history: history, req: req, strings: deps.pageStrings,
            chrome: try await PageChrome.load(req, viewer: viewer, strings: deps.pageStrings), viewer: viewer,
            directory: try await directory, clock: req.readerClock(now: deps.clock.now()))
        return try await req.view.render("conversation", page).encodeResponse(for: req)
    }
}
