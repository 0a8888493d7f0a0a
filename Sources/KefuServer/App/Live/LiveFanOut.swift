import Foundation
import Logging
import FluentPostgresDriver
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit
import Vapor

/// Carries live events between Kefu instances that share one PostgreSQL: `pg_notify` in the writing transaction, and
/// on every instance one connection that `LISTEN`s and hands what other instances sent to its own browsers. The
/// writing instance publishes to its own browsers directly after the commit, without the round trip.
enum LiveFanOut {
    /// What one NOTIFY carries: the sending instance, so it can skip its own, and the events.
    struct Envelope: Codable {
        let from: UUID
        let events: [LiveEvent]
    }

    /// NOTIFY payloads must stay under 8,000 bytes; events are grouped into payloads below this.
    static let payloadLimit = 7_000

    /// One channel per schema, so installations (and test runs) sharing a database server do not hear each other.
    static func channel(schema: String?) -> String {
        let suffix = (schema ?? "public").lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
        return "kefu_live_" + suffix
    }

    static func notify(_ events: [LiveEvent], from origin: UUID, channel: String, on db: any SQLDatabase) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var payloads: [String] = []
        var current: [String] = []
        let head = "{\"from\":\"\(origin.uuidString)\",\"events\":["
        var size = head.utf8.count + 2
        for event in events {
            let json = String(decoding: try encoder.encode(event), as: UTF8.self)
            if size + json.utf8.count + 1 > payloadLimit, !current.isEmpty {
                payloads.append(head + current.joined(separator: ",") + "]}")
                current = []
                size = head.utf8.count + 2
            }
            current.append(json)
            size += json.utf8.count + 1
        }
        if !current.isEmpty { payloads.append(head + current.joined(separator: ",") + "]}") }
        for payload in payloads {
            try await db.raw("SELECT pg_notify(\(bind: channel), \(bind: payload))").run()
        }
    }

    static func decode(_ payload: String) -> Envelope? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(Envelope.self, from: Data(payload.utf8))
    }
}

/// Listens for other instances' events while the server runs (its own it published itself), reconnecting after a lost
/// connection.
struct LiveListenerLifecycle: LifecycleHandler {
    final class Box: Sendable {
        let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    }

    let box = Box()
    let deps: Dependencies

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    func didBootAsync(_ app: Application) async throws {
        guard let url = deps.settings.databaseURL else { return }
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        let channel = LiveFanOut.channel(schema: deps.settings.postgresSchema)
        let events = deps.live
        let logger = app.logger
        box.task.withLockedValue {
            $0 = Task {
                var attempt = 0
                while !Task.isCancelled {
                    do {
                        let connection = try await PostgresConnection.connect(
                            configuration: configuration, id: 1, logger: logger)
                        defer { Task { try? await connection.close() } }
                        attempt = 0
                        try await connection.listen(on: channel) { notifications in
                            for try await notification in notifications {
                                guard let envelope = LiveFanOut.decode(notification.payload), envelope.from != events.instanceID
                                else { continue }
                                events.publish(envelope.events)
                            }
                        }
                    } catch {
                        if Task.isCancelled { break }
                        logger.warning("Live updates from other instances paused: \(error)")
                    }
                    attempt += 1
                    try? await Task.sleep(for: .milliseconds(min(5_000, 200 * attempt)))
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        box.task.withLockedValue { $0?.cancel() }
    }
}
