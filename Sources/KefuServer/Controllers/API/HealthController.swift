import KefuCore
import Vapor

/// Liveness for load balancers and the README's first check.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
    }

    struct Health: Content {
        let status: String
        let database: String
        let version: String
    }

    @Sendable func health(req: Request) async throws -> Health {
        _ = try await req.db.sql.raw("SELECT 1 AS ok").first()
        return Health(status: "ok", database: req.application.kefu.databaseKind.rawValue, version: KefuVersion.current)
    }
}
