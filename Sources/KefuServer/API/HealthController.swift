import KefuCore
import Vapor

/// Liveness for load balancers and the README's first check, and the API's own description: the two answers anyone
/// may have without signing in.
struct HealthController: RouteCollection {
    let database: KefuConfiguration.DatabaseKind
    /// `docs/openapi.yaml` among the resources.
    let openAPI: String

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("openapi.yaml", use: description)
    }

    struct Health: Content {
        let status: String
        let database: String
        let version: String
    }

    @Sendable func health(req: Request) async throws -> Health {
        _ = try await req.db.sql.raw("SELECT 1 AS ok").first()
        return Health(status: "ok", database: database.rawValue, version: KefuVersion.current)
    }

    @Sendable func description(req: Request) async throws -> Response {
        let response = try await req.fileio.asyncStreamFile(at: openAPI)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return response
    }
}
