import KefuCore
import SQLKit
import Vapor

/// The page at `/`: tells whoever opened Kefu that it runs, on which database, and what to do next.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("api", "v1", "openapi.yaml", use: openAPI)
    }

    /// What `home.leaf` renders.
    struct HomePage: Encodable {
        let version: String
        let database: String
        let workspaces: Int
        let conversations: Int
        let messages: Int
    }

    /// Signed in, `/` is the inbox; signed out, it says what this Kefu holds and how to start.
    @Sendable func home(req: Request) async throws -> Response {
        if req.auth.has(Viewer.self) { return req.redirect(to: "/inbox") }
        func count(_ table: String) async throws -> Int {
            try await req.db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let page = HomePage(
            version: KefuVersion.current, database: req.application.kefu.databaseKind.rawValue,
            workspaces: try await count("workspaces"), conversations: try await count("conversations"),
            messages: try await count("messages"))
        return try await req.view.render("home", page).encodeResponse(for: req)
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        let path = req.application.directory.workingDirectory + "docs/openapi.yaml"
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return response
    }
}
