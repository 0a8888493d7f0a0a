import Foundation
import KefuCore
import Vapor

/// The inbox page, the rows a page asks for again when a live event says they changed, and the download of a bulk
/// export asked for from its filter bar (a link, which carries the session cookie but no script's header).
struct InboxController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.inbox, use: inbox)
        routes.get(.inboxRows, use: rows)
        routes.get(.exportDownload, use: ExportController(deps: deps).download)
    }

    @Sendable func inbox(req: Request) async throws -> Response {
        let viewer = try req.viewer
        let query = try InboxQuery(req, viewer: viewer)
        async let directory = WorkspaceDirectory.load(for: viewer, on: req.db.sql)
        let page = try await deps.queries(on: req.db).page(query.list, for: viewer)
        let dtos = try await deps.conversationDTOs(page.items, labels: page.labels, on: req.db)
        let model = try await InboxPageBuilder(
            req: req, strings: deps.pageStrings, viewer: viewer, query: query, directory: directory,
            clock: req.readerClock(now: deps.clock.now())
        ).page(dtos, counts: page.counts, nextCursor: page.nextCursor)
        return try await req.view.render("inbox", model).encodeResponse(for: req)
    }

    /// `GET /inbox/rows?ids=…&<the list's query>`: the rows among `ids` that still belong in that list, rendered as
    /// the page renders them; an id left out should leave the list.
    @Sendable func rows(req: Request) async throws -> Response {
        let viewer = try req.viewer
        var query = try InboxQuery(req, viewer: viewer)
        let ids = (req.query[String.self, at: "ids"] ?? "").split(separator: ",").prefix(50).compactMap { UUID(uuidString: String($0)) }
        query.list.filter.ids = ids
        query.list.filter.text = nil
        async let directory = WorkspaceDirectory.load(for: viewer, on: req.db.sql)
        let page = try await deps.queries(on: req.db)
            .page(query.list.filter, cursor: nil, limit: max(ids.count, 1), for: viewer)
        let dtos = try await deps.conversationDTOs(page.items, labels: page.labels, on: req.db)
        let html = try await InboxPageBuilder(
            req: req, strings: deps.pageStrings, viewer: viewer, query: query, directory: directory,
            clock: req.readerClock(now: deps.clock.now())
        ).rowsHTML(dtos)
        let response = Response(status: .ok, body: .init(string: html))
        response.headers.contentType = .html
        return response
    }
}
