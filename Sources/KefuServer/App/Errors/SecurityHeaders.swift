import NIOCore
import Vapor

/// Headers every answer carries: pages run only Kefu's own scripts and styles and cannot be framed by another site;
/// browsers do not guess content types; links to other sites do not learn the page they came from. An answer that
/// set its own policy keeps it (an attachment's `sandbox`).
struct SecurityHeaders: Middleware {
    /// No inline script or style anywhere in Kefu's pages: the views and scripts keep it that way (a test reads them).
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "font-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            Self.apply(to: &response.headers)
            return response
        }
    }

    static func apply(to headers: inout HTTPHeaders) {
        if !headers.contains(name: "Content-Security-Policy") {
            headers.add(name: "Content-Security-Policy", value: contentSecurityPolicy)
        }
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
    }
}
