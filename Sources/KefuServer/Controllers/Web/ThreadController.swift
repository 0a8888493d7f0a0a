import Foundation
import KefuCore
import Vapor

/// The thread page: one conversation to read and answer. Opening it marks it read, as the API's `read` does.
struct ThreadController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("conversations", ":conversationID", use: thread)
        // The export link is followed by the browser, which sends the session cookie but no API header.
        routes.grouped(RequireViewer()).get("conversations", ":conversationID", "export", use: ConversationController().export)
    }

    @Sendable func thread(req: Request) async throws -> Response {
        guard let viewer = req.auth.get(Viewer.self) else { return req.redirect(to: "/login") }
        let id = try req.parameters.requireUUID("conversationID")
        async let directory = WorkspaceDirectory.load(for: viewer, on: req.db.sql)
        var thread = try await ThreadService(app: req.application, viewer: viewer).thread(id)
        if thread.conversation.unread, viewer.role.may(.triage) {
            _ = try await ConversationService(app: req.application, viewer: viewer).markRead(id)
            thread.conversation.unread = false
        }
        let page = ThreadPage(
            thread, req: req, chrome: try await PageChrome.load(req, viewer: viewer), viewer: viewer, directory: try await directory)
        return try await req.view.render("thread", page).encodeResponse(for: req)
    }
}
