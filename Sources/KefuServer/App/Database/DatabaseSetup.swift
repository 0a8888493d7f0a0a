import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// Connects the application to its database and migrates it.
enum DatabaseSetup {
    /// Connects to SQLite (default) or PostgreSQL (`DATABASE_URL`) and brings the schema up to date.
    static func run(_ app: Application, _ configuration: KefuConfiguration) async throws {
        try connect(app, configuration)
        app.migrations.addKefuMigrations()
        try await prepare(app, configuration)
        try await app.autoMigrate()
    }

    /// Connects without creating or migrating anything: `kefu restore` needs the database as it finds it.
    static func connect(_ app: Application, _ configuration: KefuConfiguration) throws {
        switch configuration.databaseKind {
        case .sqlite:
            let path = configuration.resolvedSQLitePath
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            app.databases.use(.sqlite(.init(storage: .file(path: path)), sqlLogLevel: .trace), as: .sqlite)
        case .postgres:
            guard let url = configuration.databaseURL else { return }
            var postgres = try SQLPostgresConfiguration(url: url)
            if let schema = configuration.postgresSchema { postgres.searchPath = [schema] }
            app.databases.use(
                .postgres(configuration: postgres, maxConnectionsPerEventLoop: configuration.postgresConnectionsPerLoop,
                          sqlLogLevel: .trace),
                as: .psql)
        }
    }

    private static func prepare(_ app: Application, _ configuration: KefuConfiguration) async throws {
        switch configuration.databaseKind {
        case .sqlite:
            // WAL lets readers run beside the writer. synchronous=NORMAL keeps every committed transaction through a
            // process crash (SIGKILL); only a power loss can drop the last ones. Each event loop holds one connection.
            for eventLoop in app.eventLoopGroup.makeIterator() {
                guard let db = app.databases.database(.sqlite, logger: app.logger, on: eventLoop)?.sql else { continue }
                try await db.raw("PRAGMA journal_mode = WAL").run()
                try await db.raw("PRAGMA synchronous = NORMAL").run()
                try await db.raw("PRAGMA busy_timeout = 10000").run()
                try await db.raw("PRAGMA cache_size = -16384").run()
            }
        case .postgres:
            if let schema = configuration.postgresSchema {
                try await app.db.sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
            }
        }
    }
}
