import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import NIOConcurrencyHelpers
import Vapor

/// Wires a Kefu application: database, migrations, middleware, routes. Tests call this too, so they run the real wiring.
public func configure(_ app: Application, _ configuration: KefuConfiguration = .fromEnvironment()) async throws {
    app.kefu = configuration
    app.writeGate = WriteGate()
    app.ingestCoalescer = IngestCoalescer(app: app)
    app.knownStoreKeys = .init([:])
    app.viewerCache = ViewerCache()
    app.pageStrings = try PageStrings.load(from: app.directory.workingDirectory)
    await PasswordHashing.install(on: app, cost: configuration.bcryptCost)
    app.routes.defaultMaxBodySize = "1mb"
    let policies = URL(fileURLWithPath: configuration.policiesDirectory ?? app.directory.workingDirectory + "policies")
    app.policyBook = try PolicyBook.load(from: policies)
    app.complianceBook = try ComplianceBook.load(from: policies.appendingPathComponent("compliance"))

    if !LintCommand.needsNoDatabase(app.environment.arguments) {
        try await DatabaseSetup.run(app, configuration)
    }

    // Kefu installs no metrics backend, so Vapor's per-request timers and counters went nowhere.
    app.http.server.configuration.reportMetrics = false
    NULRejection.install()
    app.middleware = Middlewares()
    app.middleware.use(KefuErrorMiddleware())
    app.middleware.use(NULRejection.QueryCheck())
    app.middleware.use(PublicFiles(directory: app.directory.publicDirectory))
    app.views.use(.leaf)
    if !configuration.reloadTemplates { app.leaf.cache = ParsedTemplates() }

    app.asyncCommands.use(WorkspaceCommand(), as: "workspace")
    app.asyncCommands.use(StoreCommand(), as: "store")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(SeedCommand(), as: "seed")

    app.asyncCommands.use(SLACommand(), as: "sla")
    app.asyncCommands.use(LintCommand(), as: "lint")
    app.lifecycle.use(SLAMonitorLifecycle())
    app.lifecycle.use(LiveListenerLifecycle())

    try routes(app)
}
