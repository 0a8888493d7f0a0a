import Vapor

/// `/`: the inbox is every signed-in user's home. (Anonymous visitors never get here: the page group sends them to
/// sign in, and nothing about a workspace is shown before that.)
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: home)
    }

    @Sendable func home(req: Request) async throws -> Response {
        req.redirect(to: SitePath.inbox)
    }
}
