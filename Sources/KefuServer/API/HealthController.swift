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
        /// `ok`; `degraded` when a channel is failing (Kefu serves, some store's messages do not arrive or leave);
        /// `unavailable` with 503 when the database does not answer.
        let status: String
        let database: String
        let version: String
        let checks: Checks
    }

    struct Checks: Content {
        /// `ok` or `unavailable`.
        let database: String
        /// Channels by status (`connected`, `syncing`, `error` …); counts only, since anyone may ask.
        let channels: [String: Int]
    }

    @Sendable func health(req: Request) async throws -> Response {
        var channels: [String: Int] = [:]
        do {
            for row in try await req.db.sql.raw("SELECT status, COUNT(*) AS n FROM channels GROUP BY status").all() {
                channels[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
        } catch {
            req.logger.error("health: the database did not answer: \(String(reflecting: error))")
            return try await Health(
                status: "unavailable", database: database.rawValue, version: KefuVersion.current,
                checks: Checks(database: "unavailable", channels: [:])
            ).encodeResponse(status: .serviceUnavailable, for: req)
        }
        let failing = channels[ChannelStatus.error.rawValue, default: 0] > 0
        return try await Health(
            status: failing ? "degraded" : "ok", database: database.rawValue, version: KefuVersion.current,
            checks: Checks(database: "ok", channels: channels)
        ).encodeResponse(for: req)
    }

    @Sendable func description(req: Request) async throws -> Response {
        let response = try await req.fileio.asyncStreamFile(at: openAPI)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return response
    }
}
