import Fluent
import KefuCore
import KefuMail
import Foundation
import Leaf
import NIOConcurrencyHelpers
import Vapor

/// Wires a Kefu application: database, migrations, middleware, routes, commands and background work.
public func configure(_ app: Application, _ configuration: KefuConfiguration = .fromEnvironment()) async throws {
    _ = try await wire(app, configuration)
}

/// What `configure` does, returning the dependencies it built: tests call this, so they run the real wiring.
func wire(
    _ app: Application, _ configuration: KefuConfiguration, resources: KefuResources? = nil, clock: KefuClock = KefuClock()
) async throws -> Dependencies {
    let resources = try resources ?? KefuResources.locate()
    // Leaf's views and the static files are found from here, whatever folder the binary was started in.
    app.directory = DirectoryConfiguration(workingDirectory: resources.rootPath)
    app.routes.defaultMaxBodySize = "1mb"
    let policyFolder = configuration.policiesDirectory.map { URL(fileURLWithPath: $0) } ?? resources.policies
    let policies = try PolicyBook.load(from: policyFolder)
    let compliance = try ComplianceBook.load(from: policyFolder.appendingPathComponent("compliance"))
    let postgres = configuration.databaseKind == .postgres
    let opensDatabase = !LintCommand.needsNoDatabase(app.environment.arguments)
    let restoring = RestoreCommand.isRestore(app.environment.arguments)
    if restoring {
        try DatabaseSetup.connect(app, configuration)
    } else if opensDatabase {
        try await DatabaseSetup.run(app, configuration)
    }
    let live = LiveEvents()
    let transactions = WriteTransactions(
        gate: postgres ? nil : WriteGate(), live: live,
        fanOutChannel: postgres ? LiveFanOut.channel(schema: configuration.postgresSchema) : nil, clock: clock)
    let search = SearchIndexes.for(postgres: postgres)
    let conversations = ConversationStore(policies: policies, locking: ConversationLocking(postgres: postgres), search: search)
    let database = DatabaseAccess(databases: app.databases, logger: app.logger)
    let passwords = PasswordHashing(cost: configuration.bcryptCost)
    let metrics = KefuMetrics()
    app.lifecycle.use(passwords)
    let dependencies = Dependencies(
        settings: configuration, resources: resources, clock: clock, database: database, policies: policies,
        compliance: compliance, transactions: transactions, conversations: conversations, search: search, live: live,
        ingest: IngestCoalescer(
            writer: IngestWriter(conversations: conversations, policies: policies, screening: compliance),
            transactions: transactions, database: database),
        viewers: ViewerCache(), signInRefusals: SignInRefusals(metrics: metrics), storeKeys: NIOLockedValueBox([:]), passwords: passwords,
        passwordPolicy: PasswordPolicy(list: try String(contentsOf: resources.commonPasswords, encoding: .utf8)),
        pageStrings: try PageStrings.load(from: resources),
        // A command without a database has no secrets to open, and leaves the data directory alone.
        secrets: opensDatabase && !restoring
            ? try SecretBox.load(environmentKeys: configuration.secretKeys, dataDirectory: configuration.dataDirectory)
            : SecretBox.unused,
        mailTLS: MailTLS(extraCAFile: configuration.mailCAFile), http: app.http.client.shared, channelBells: ChannelBells(),
        metrics: metrics)

    // Vapor's own per-request timers go to swift-metrics, which Kefu does not bootstrap: `MetricsMiddleware` times
    // requests for `/metrics` itself, and only when it is turned on.
    app.http.server.configuration.reportMetrics = false
    NULRejection.install()
    app.middleware = Middlewares()
    // Outermost, so error pages and static files carry the headers too.
    app.middleware.use(SecurityHeaders())
    if configuration.metricsToken != nil { app.middleware.use(MetricsMiddleware(metrics: dependencies.metrics)) }
    app.middleware.use(KefuErrorMiddleware(strings: dependencies.pageStrings))
    app.middleware.use(NULRejection.QueryCheck())
    app.middleware.use(PublicFiles(directory: app.directory.publicDirectory))
    app.views.use(.leaf)
    if !configuration.reloadTemplates { app.leaf.cache = ParsedViews() }

    app.asyncCommands.use(WorkspaceCommand(dependencies), as: "workspace")
    app.asyncCommands.use(StoreCommand(dependencies), as: "store")
    app.asyncCommands.use(UserCommand(dependencies), as: "user")
    app.asyncCommands.use(DemoCommand(dependencies), as: "demo")
    app.asyncCommands.use(SeedCommand(dependencies), as: "seed")
    app.asyncCommands.use(SLACommand(dependencies), as: "sla")
    app.asyncCommands.use(LintCommand(dependencies), as: "lint")
    app.asyncCommands.use(ChannelCommand(dependencies), as: "channel")
    app.asyncCommands.use(SecretsCommand(dependencies), as: "secrets")
    app.asyncCommands.use(ImportCommand(dependencies), as: "import")
    app.asyncCommands.use(BackupCommand(dependencies), as: "backup")
    app.asyncCommands.use(RestoreCommand(dependencies), as: "restore")

    if runsServer(app.environment.arguments) {
        app.lifecycle.use(SLAMonitorLifecycle(dependencies))
        app.lifecycle.use(ChannelRuntimeLifecycle(dependencies))
        app.lifecycle.use(BulkExportRunnerLifecycle(dependencies))
        if postgres { app.lifecycle.use(LiveListenerLifecycle(dependencies)) }
    }
    try routes(app, dependencies)
    return dependencies
}

/// Whether this process is `kefu serve` (or the default command, which serves), not a one-off command such as
/// `kefu lint`: background work (the SLA monitor, listening for other instances' events) runs only then.
func runsServer(_ arguments: [String]) -> Bool {
    let command = arguments.dropFirst().first { !$0.hasPrefix("-") }
    return command == nil || command == "serve"
}
