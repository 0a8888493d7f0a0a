import Foundation
import KefuCore

/// How one Kefu process is set up, read from the environment so the same binary serves a laptop and a cluster.
public struct KefuConfiguration: Sendable {
    public enum DatabaseKind: String, Sendable {
        case sqlite
        case postgres
    }

    /// `DATABASE_URL`; when set, Kefu runs on PostgreSQL.
    public var databaseURL: String?
    /// `KEFU_PG_SCHEMA`: the PostgreSQL schema to use, so several deployments (or test runs) can share a database.
    public var postgresSchema: String?
    /// `KEFU_DATA_DIR`: where the embedded SQLite database lives.
    public var dataDirectory: String
    /// `KEFU_SQLITE_PATH`: overrides the SQLite file inside the data directory.
    public var sqlitePath: String?
    /// `KEFU_BCRYPT_COST`: the work factor of password hashes (tests lower it).
    public var bcryptCost: Int
    /// `KEFU_SESSION_DAYS`: how long a bearer token or session cookie stays valid.
    public var tokenLifetimeDays: Int
    /// `KEFU_PUBLIC_URL`: the address people open Kefu at; when it is https the session cookie is marked Secure.
    public var publicURL: String?
    /// `KEFU_SECURE_COOKIES=1` marks the session cookie Secure even without an https `KEFU_PUBLIC_URL`.
    public var forceSecureCookies: Bool = false
    /// `KEFU_METRICS_TOKEN`: turns on `GET /metrics` for a Prometheus scraper that sends it as a bearer token.
    public var metricsToken: String?
    /// `KEFU_TRUST_PROXY=1`: Kefu runs behind a reverse proxy whose `X-Forwarded-For` names the client.
    public var trustProxy: Bool = false
    /// `KEFU_POLICIES_DIR`: the folder of platform policy packs; `policies/` in the working directory by default.
    public var policiesDirectory: String?
    /// `KEFU_SLA_WEBHOOK_URL`: where breach warnings are POSTed as JSON, besides the live stream.
    public var slaWebhookURL: String?
    /// `KEFU_SLA_INTERVAL`: seconds between SLA re-evaluations; 0 turns the monitor off (tests drive it by hand).
    public var slaMonitorInterval: Int = 15
    /// `KEFU_RELOAD_TEMPLATES=1`: read the Leaf pages from disk on every request, for editing them; otherwise they are
    /// parsed once (reading and parsing them each time cost more than the rest of a page).
    public var reloadTemplates: Bool = false
    /// `KEFU_SECRET_KEY`: the base64 key (32 bytes) that seals channels' passwords and tokens; several, separated by
    /// commas, while rotating (the first seals). Without it the key lives in `secret.key` in the data directory.
    public var secretKeys: String?
    /// `KEFU_MAIL_CA_FILE`: a PEM file of certificate authorities to trust besides the system's, for a company's own
    /// mail server.
    public var mailCAFile: String?
    /// `KEFU_CHANNEL_INTERVAL`: seconds between looks for channels to start or stop; 0 runs no channels (tests run
    /// them by hand).
    public var channelInterval: Int = 5
    /// `KEFU_DEMO_LIVE` (or `kefu serve --demo-live`): seconds between new buyer messages in each demo store, whatever
    /// its channel's setting; `on` for `DemoChannelRunner.liveDefault`.
    public var demoLiveSeconds: Int?
    /// `KEFU_PG_POOL`: PostgreSQL connections per event loop (one per CPU core). More than one, so a request never
    /// queues behind a channel import's or the SLA monitor's transaction on its loop.
    public var postgresConnectionsPerLoop: Int = 4

    public init(
        databaseURL: String? = nil, postgresSchema: String? = nil, dataDirectory: String = "kefu-data",
        sqlitePath: String? = nil, bcryptCost: Int = 12, tokenLifetimeDays: Int = 30
    ) {
        self.databaseURL = databaseURL
        self.postgresSchema = postgresSchema
        self.dataDirectory = dataDirectory
        self.sqlitePath = sqlitePath
        self.bcryptCost = bcryptCost
        self.tokenLifetimeDays = tokenLifetimeDays
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        func value(_ key: String) -> String? {
            guard let raw = environment[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        var configuration = KefuConfiguration(
            databaseURL: value("DATABASE_URL"),
            postgresSchema: value("KEFU_PG_SCHEMA"),
            dataDirectory: value("KEFU_DATA_DIR") ?? "kefu-data",
            sqlitePath: value("KEFU_SQLITE_PATH"),
            bcryptCost: value("KEFU_BCRYPT_COST").flatMap(Int.init).map { min(max($0, 4), 16) } ?? 12,
            tokenLifetimeDays: value("KEFU_SESSION_DAYS").flatMap(Int.init) ?? 30
        )
        configuration.publicURL = value("KEFU_PUBLIC_URL")
        configuration.forceSecureCookies = value("KEFU_SECURE_COOKIES") == "1"
        configuration.trustProxy = value("KEFU_TRUST_PROXY") == "1"
        configuration.metricsToken = value("KEFU_METRICS_TOKEN")
        configuration.policiesDirectory = value("KEFU_POLICIES_DIR")
        configuration.slaWebhookURL = value("KEFU_SLA_WEBHOOK_URL")
        configuration.reloadTemplates = value("KEFU_RELOAD_TEMPLATES") == "1"
        configuration.secretKeys = value("KEFU_SECRET_KEY")
        configuration.mailCAFile = value("KEFU_MAIL_CA_FILE")
        configuration.channelInterval = value("KEFU_CHANNEL_INTERVAL").flatMap(Int.init).map { max(0, $0) } ?? 5
        configuration.slaMonitorInterval = value("KEFU_SLA_INTERVAL").flatMap(Int.init).map { max(0, $0) } ?? 15
        configuration.demoLiveSeconds = value("KEFU_DEMO_LIVE").flatMap { text in
            if let seconds = Int(text) { return seconds > 0 ? min(max(seconds, DemoChannelRunner.liveRange.lowerBound), DemoChannelRunner.liveRange.upperBound) : nil }
            return ["on", "true", "yes"].contains(text.lowercased()) ? DemoChannelRunner.liveDefault : nil
        }
        configuration.postgresConnectionsPerLoop = value("KEFU_PG_POOL").flatMap(Int.init).map { min(max($0, 1), 64) } ?? 4
        return configuration
    }

    /// Whether the session cookie is sent over HTTPS only.
    public var secureCookies: Bool {
        forceSecureCookies || publicURL?.lowercased().hasPrefix("https://") == true
    }

    public var databaseKind: DatabaseKind { databaseURL == nil ? .sqlite : .postgres }

    /// The SQLite file Kefu opens when no `DATABASE_URL` is set.
    public var resolvedSQLitePath: String {
        sqlitePath ?? URL(fileURLWithPath: dataDirectory).appendingPathComponent("kefu.sqlite").path
    }
}
