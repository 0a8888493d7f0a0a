import Vapor

/// Serves `Public/` (styles, scripts, images) for the paths that can be there, and lets everything else pass without
/// asking the file system: `FileMiddleware` looks every request's path up on disk, an API POST included, and each look
/// is a hop to the thread pool and back.
struct PublicFiles: AsyncMiddleware {
    static let prefixes = ["/css/", "/js/", "/images/", "/favicon.ico", "/robots.txt"]

    let files: FileMiddleware

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, Self.prefixes.contains(where: { path.hasPrefix($0) }) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
