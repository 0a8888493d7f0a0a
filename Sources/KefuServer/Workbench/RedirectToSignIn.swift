import Foundation
import KefuCore
import Vapor

/// Guards the workbench's pages: a browser that is not signed in is sent to the sign-in page, which brings it back
/// afterwards. (The pages' scripts see the redirect to `/login` and follow it with the whole page.) An admin who must
/// set up two-factor sign-in is sent to the security page.
struct RedirectToSignIn: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if let viewer = request.auth.get(Viewer.self) {
            // An admin the workspace requires two factors of sets them up before anything else.
            guard viewer.mustSetUpTwoFactor, request.url.path != SitePage.security.path() else { return next.respond(to: request) }
            guard request.method == .GET else { return request.eventLoop.makeFailedFuture(KefuError.twoFactorSetUpRequired) }
            return request.eventLoop.makeSucceededFuture(request.redirect(to: SitePage.security.path()))
        }
        guard request.method == .GET else {
            return request.eventLoop.makeFailedFuture(KefuError.unauthorized)
        }
        let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
        return request.eventLoop.makeSucceededFuture(
            request.redirect(to: SitePath.signIn(next: target == "/" ? nil : target)))
    }
}
