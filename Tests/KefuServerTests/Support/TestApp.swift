import Foundation
import KefuCore
import Testing
import VaporTesting

@testable import KefuServer

/// Runs `test` against a Kefu application wired exactly as in production, on a database of its own: a fresh SQLite
/// file, or a fresh PostgreSQL schema when `DATABASE_URL` is set (so the same suite runs on both).
func withKefu<T>(
    now: Date? = nil, settings: (inout KefuConfiguration) -> Void = { _ in },
    _ test: (Application, Fixtures) async throws -> T
) async throws -> T {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    var configuration = KefuConfiguration.fromEnvironment()
    configuration.bcryptCost = 4
    // Tests run channels by hand (`ChannelSupervisor.tick`), and seal secrets with a key of their own.
    configuration.channelInterval = 0
    configuration.secretKeys = configuration.secretKeys ?? testSecretKey
    if configuration.databaseURL != nil {
        configuration.postgresSchema = String(name)
    } else {
        configuration.sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("kefu-\(name).sqlite").path
    }
    settings(&configuration)
    // A pinned "now" can be moved forward by the test (`fx.setNow`).
    let hand = now.map(ClockHand.init)
    do {
        let deps = try await wire(app, configuration, clock: hand.map(KefuClock.manual) ?? KefuClock())
        let result = try await test(app, Fixtures(app: app, deps: deps, hand: hand))
        try await tearDown(app, configuration)
        return result
    } catch {
        try? await tearDown(app, configuration)
        throw error
    }
}

private func tearDown(_ app: Application, _ configuration: KefuConfiguration) async throws {
    var dropError: (any Error)?
    if let schema = configuration.postgresSchema {
        do {
            try await app.db.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        } catch {
            dropError = error
        }
    }
    try await app.asyncShutdown()
    if let dropError { throw dropError }
    if let path = configuration.sqlitePath {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

let testSecretKey = Data(repeating: 7, count: 32).base64EncodedString()

/// Fixed instants for tests, written the way people read them.
func iso(_ text: String) -> Date {
    guard let date = ISO8601.parse(text) else {
        Issue.record("bad test date \(text)")
        return Date(timeIntervalSince1970: 0)
    }
    return date
}
