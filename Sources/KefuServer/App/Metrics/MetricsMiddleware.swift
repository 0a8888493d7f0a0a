import Vapor

/// Times every request by its route pattern (`/api/v1/conversations/:conversationID`, never the ids themselves, so
/// the number of series stays small); requests no route matched count as `unmatched`.
struct MetricsMiddleware: Middleware {
    let metrics: KefuMetrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = ContinuousClock.now
        return next.respond(to: request).always { result in
            let status: UInt = switch result {
            case .success(let response): response.status.code
            case .failure(let error): (error as? any AbortError)?.status.code ?? 500
            }
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
            metrics.request(
                route: route, method: request.method.rawValue, status: status, duration: ContinuousClock.now - started)
        }
    }
}
