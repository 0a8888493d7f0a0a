import KefuCore
import Vapor

/// `GET /metrics` for Prometheus, only when `KEFU_METRICS_TOKEN` is set and the scraper sends it as a bearer token;
/// otherwise the path does not exist. What it shows (stores' platforms, volumes) is the operator's, not the public's.
struct MetricsController: RouteCollection {
    let metrics: KefuMetrics
    let token: String

    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: scrape)
    }

    @Sendable func scrape(req: Request) async throws -> Response {
        guard let sent = req.headers.bearerAuthorization?.token, Secrets.hash(sent) == Secrets.hash(token) else {
            throw KefuError.unauthorized
        }
        let body = try await metrics.scrape(req.db.sql)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
