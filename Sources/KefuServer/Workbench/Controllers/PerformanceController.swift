import Foundation
import KefuCore
import Vapor

/// `GET /performance`: every visible store on its platform's response metric over the metric's own window, stores
/// below their platform's threshold first. For supervisors, admins, QA and merchants; agents work the inbox.
struct PerformanceController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.performance, use: performance)
    }

    @Sendable func performance(req: Request) async throws -> Response {
        let viewer = try req.viewer
        guard viewer.role.seesPerformance else { throw KefuError.forbidden("Your role (\(viewer.role.rawValue)) works the inbox.") }
        let boards = try await deps.performance(for: try req.viewer, on: req.db)
            .scoreboards(merchantID: nil, platform: nil, from: nil, to: nil)
        let strings = deps.pageStrings
        let language = req.uiLanguage
        let order: [String: Int] = ["below": 0, "none": 1, "ok": 2]
        let rows = boards.map { PerformancePage.Row($0, strings: strings, language: language) }
            .sorted { (order[$0.standing] ?? 1, $1.breaches) < (order[$1.standing] ?? 1, $0.breaches) }
        let page = PerformancePage(chrome: try await PageChrome.load(req, viewer: viewer, strings: strings), rows: rows, empty: rows.isEmpty)
        return try await req.view.render("performance", page).encodeResponse(for: req)
    }
}
