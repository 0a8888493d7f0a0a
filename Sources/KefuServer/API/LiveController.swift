import Foundation
import Vapor

/// The live stream: a WebSocket that carries the events the signed-in viewer may see, as JSON text frames.
struct LiveController: RouteCollection {
    let events: LiveEvents

    func boot(routes: any RoutesBuilder) throws {
        routes.webSocket("live", onUpgrade: stream)
    }

    @Sendable func stream(req: Request, socket: WebSocket) async {
        guard let viewer = try? req.viewer else {
            try? await socket.close(code: .policyViolation)
            return
        }
        let events = events.subscribe(viewer)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let task = Task {
            for await event in events {
                guard let data = try? encoder.encode(event) else { continue }
                try? await socket.send(String(decoding: data, as: UTF8.self))
            }
        }
        socket.onClose.whenComplete { _ in task.cancel() }
    }
}
