import Vapor

/// Serves `Public/` (styles, scripts, images) for the paths that can be there, and lets everything else pass without
/// asking the file system: `FileMiddleware` looks every request's path up on disk, an API POST included, and each look
/// is a hop to the thread pool and back.
struct PublicFiles: Middleware {
    static let prefixes = ["/css/", "/js/", "/images/", "/favicon.ico", "/robots.txt"]

    let files: FileMiddleware

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // The method first: reading `url.path` parses and percent-decodes the URL each time.
        guard request.method == .GET || request.method == .HEAD else { return next.respond(to: request) }
        let path = request.url.path
        guard Self.prefixes.contains(where: { path.hasPrefix($0) }) else { return next.respond(to: request) }
        return files.respond(to: request, chainingTo: next)
    }
}
