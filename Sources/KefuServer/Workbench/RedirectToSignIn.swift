import Foundation
import KefuCore
import Vapor

/// Guards the workbench's pages: a browser that is not signed in is sent to the sign-in page, which brings it back
/// afterwards. (The pages' scripts see the redirect to `/login` and follow it with the whole page.)
struct RedirectToSignIn: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard !request.auth.has(Viewer.self) else { return next.respond(to: request) }
        guard request.method == .GET else {
            return request.eventLoop.makeFailedFuture(KefuError.unauthorized)
        }
        let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
        return request.eventLoop.makeSucceededFuture(
            request.redirect(to: SitePath.signIn(next: target == "/" ? nil : target)))
    }
}
