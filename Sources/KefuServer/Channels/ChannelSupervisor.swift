import Fluent
import Foundation
import KefuCore
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Runs every enabled channel, each in a task of its own on exactly one instance: a channel runs where its lease in
/// the database is held, the lease is renewed on every look, and a dead instance's lease expires so another takes the
/// channel over. A failing channel shows its error and is started again after an exponential, jittered pause; a
/// changed or disabled channel is stopped and, if still enabled, started afresh.
actor ChannelSupervisor {
    private struct Running {
        let task: Task<Void, Never>
        /// The row's `updated_at` when started: an admin's change shows as a newer one.
        let version: Date
    }

    private let deps: Dependencies
    let holder: String
    private let logger: Logger
    /// How long a lease lasts without renewal; several looks fit in it.
    private let leaseSeconds: TimeInterval
    private var running: [UUID: Running] = [:]

    init(_ deps: Dependencies, holder: String, leaseSeconds: TimeInterval, logger: Logger) {
        self.deps = deps
        self.holder = holder
        self.leaseSeconds = leaseSeconds
        self.logger = logger
    }

    /// The channels this instance runs now.
    var runningChannels: Set<UUID> { Set(running.keys) }

    /// One look: start what this instance may run, renew its leases, stop what changed or went elsewhere.
    func tick() async throws {
        let db = try deps.database.open()
        let rows = try await db.sql.raw("SELECT * FROM channels ORDER BY created_at, id").all()
        var wanted: [UUID: (ChannelRecord, Date)] = [:]
        for row in rows {
            let channel = try ChannelRecord(row: row)
            guard channel.enabled else { continue }
            wanted[channel.id] = (channel, try row.decode(column: "updated_at", as: Date.self))
        }
        for (id, current) in running where wanted[id]?.1 != current.version {
            await stop(id, on: db)
        }
        for (id, (channel, version)) in wanted {
            let name = ChannelLease.name(id)
            let holder = holder
            let seconds = leaseSeconds
            let held = try await deps.transactions.run(on: db) { tx in
                try await JobLease.acquire(name, holder: holder, for: seconds, at: tx.now, on: tx.sql)
            }
            if !held {
                if running[id] != nil { await stop(id, on: db, release: false) }
                continue
            }
            if running[id] == nil { start(channel, version: version) }
        }
    }

    /// Stops every channel and gives its lease up, so another instance takes over at once.
    func stopAll() async {
        guard let db = try? deps.database.open() else { return }
        for id in running.keys { await stop(id, on: db) }
    }

    private func stop(_ id: UUID, on db: any Database, release: Bool = true) async {
        guard let current = running.removeValue(forKey: id) else { return }
        current.task.cancel()
        await current.task.value
        if release { try? await JobLease.release(ChannelLease.name(id), holder: holder, on: db.sql) }
    }

    private func start(_ channel: ChannelRecord, version: Date) {
        let deps = deps
        let logger = logger
        let task = Task {
            var backoff = Backoff(base: .seconds(2), cap: .seconds(300))
            while !Task.isCancelled {
                let started = deps.clock.now()
                do {
                    try await Self.runOnce(channel, deps: deps, logger: logger)
                } catch where Task.isCancelled {
                    return
                } catch {
                    let message = describeMailError(error)
                    logger.warning("channel \(channel.id) stopped: \(message)")
                    if let db = try? deps.database.open() {
                        try? await ChannelProgress(db: db, transactions: deps.transactions).failed(channel.id, error: message)
                    }
                }
                // A channel that ran a good while before failing starts again quickly.
                if deps.clock.now().timeIntervalSince(started) > 300 { backoff.reset() }
                try? await Task.sleep(for: backoff.next())
            }
        }
        running[channel.id] = Running(task: task, version: version)
    }

    private static func runOnce(_ channel: ChannelRecord, deps: Dependencies, logger: Logger) async throws {
        let db = try deps.database.open()
        guard let store = try await StoreModel.find(channel.storeID, on: db) else { throw KefuError.notFound("store") }
        let ingesting = IngestingStore(
            storeID: channel.storeID, workspaceID: store.workspaceID, merchantID: store.merchantID,
            platform: try Platform.stored(store.platformID, in: "stores.platform"))
        switch channel.settings {
        case .email(let settings):
            try await EmailChannelRunner(
                channel: channel, settings: settings, secrets: try deps.secrets.open(channel.sealedSecrets), store: ingesting,
                ingest: deps.ingestService(), outbox: deps.outbox(on: db),
                progress: ChannelProgress(db: db, transactions: deps.transactions), db: db,
                transactions: deps.transactions, live: deps.live, tls: deps.mailTLS,
                clock: deps.clock, logger: logger
            ).run()
        case .ozon(let settings):
            let secrets = try deps.secrets.open(channel.sealedSecrets)
            try await OzonChannelRunner(
                channel: channel, settings: settings,
                api: OzonAPI(
                    http: MarketplaceHTTP(
                        client: deps.http, baseURL: settings.baseURL, bucket: TokenBucket(rate: settings.requestsPerSecond),
                        logger: logger),
                    clientID: settings.clientID, apiKey: secrets["apiKey"] ?? ""),
                store: ingesting, ingest: deps.ingestService(), outbox: deps.outbox(on: db),
                progress: ChannelProgress(db: db, transactions: deps.transactions),
                threads: ChannelThreads(db: db, transactions: deps.transactions, channel: channel.id),
                bells: deps.channelBells, live: deps.live, db: db, clock: deps.clock, logger: logger
            ).run()
        case .ebay(let settings):
            try await EbayChannelRunner(
                channel: channel, settings: settings,
                api: EbayAPI(
                    http: MarketplaceHTTP(
                        client: deps.http, baseURL: settings.baseURL, bucket: TokenBucket(rate: settings.requestsPerSecond),
                        logger: logger),
                    settings: settings,
                    tokens: EbayTokens(channel: channel.id, secrets: deps.secrets, db: db, transactions: deps.transactions,
                                       clock: deps.clock)),
                store: ingesting, ingest: deps.ingestService(), outbox: deps.outbox(on: db),
                progress: ChannelProgress(db: db, transactions: deps.transactions),
                threads: ChannelThreads(db: db, transactions: deps.transactions, channel: channel.id),
                live: deps.live, db: db, clock: deps.clock, logger: logger
            ).run()
        case .demo(let settings):
            try await DemoChannelRunner(
                channel: channel, settings: settings, liveOverride: deps.settings.demoLiveSeconds, store: ingesting,
                ingest: deps.ingestService(), orders: deps.orders(on: db), outbox: deps.outbox(on: db),
                progress: ChannelProgress(db: db, transactions: deps.transactions), live: deps.live,
                waiting: {
                    try await db.sql.raw("""
                        SELECT COUNT(*) AS n FROM conversations WHERE store_id = \(bind: ingesting.storeID)
                        AND response_needed = TRUE AND status <> 'spam'
                        """).first()?.decode(column: "n", as: Int.self) ?? 0
                },
                logger: logger
            ).run()
        }
    }
}

/// Starts the supervisor with `kefu serve` and looks every `KEFU_CHANNEL_INTERVAL` seconds.
struct ChannelRuntimeLifecycle: LifecycleHandler {
    let deps: Dependencies
    private let state = NIOLockedValueBox<(Task<Void, Never>, ChannelSupervisor)?>(nil)

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    func didBootAsync(_ application: Application) async throws {
        let interval = deps.settings.channelInterval
        guard interval > 0 else { return }
        let supervisor = ChannelSupervisor(
            deps, holder: "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))",
            leaseSeconds: Double(max(interval * 6, 30)), logger: application.logger)
        let logger = application.logger
        let loop = Task {
            while !Task.isCancelled {
                do {
                    try await supervisor.tick()
                } catch {
                    logger.error("channel supervisor: \(error)")
                }
                // An admin's change on this instance rings at once; other instances see it on their next look.
                _ = try? await deps.channelBells.wait(ChannelBells.supervisor, upTo: .seconds(interval))
            }
        }
        state.withLockedValue { $0 = (loop, supervisor) }
    }

    func shutdownAsync(_ application: Application) async {
        guard let (loop, supervisor) = state.withLockedValue({ $0 }) else { return }
        loop.cancel()
        await supervisor.stopAll()
    }
}
