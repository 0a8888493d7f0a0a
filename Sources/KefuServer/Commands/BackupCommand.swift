import Foundation
import KefuCore
import Vapor

/// `kefu backup --to FILE`: a consistent copy of Kefu's database while it serves, with `FILE.manifest.json` beside it.
struct BackupCommand: AsyncCommand {
    let deps: Dependencies

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    struct Signature: CommandSignature {
        @Option(name: "to", help: "The backup file to write; it must not exist. Its manifest goes to FILE.manifest.json.")
        var to: String?
    }

    let help = "Back up the database while Kefu serves (SQLite's VACUUM INTO, or pg_dump on PostgreSQL), with a manifest."

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.to, !path.isEmpty else { throw KefuError.invalid("missing_option", "--to FILE is required.") }
        let file = URL(fileURLWithPath: path)
        let manifestFile = BackupFiles.manifest(of: file)
        for existing in [file, manifestFile] where FileManager.default.fileExists(atPath: existing.path) {
            throw BackupProblem.exists(existing.path)
        }
        let started = ContinuousClock.now
        let database = try deps.database.open()
        let manifest: BackupManifest
        switch deps.settings.databaseKind {
        case .sqlite:
            manifest = try await SQLiteBackup(databases: deps.database.databases, logger: context.application.logger)
                .backUp(database.sql, to: file, at: deps.clock.now())
        case .postgres:
            manifest = try await BackupFiles.postgres(deps.settings).backUp(database, to: file, at: deps.clock.now())
        }
        try manifest.encoded().write(to: manifestFile, options: .withoutOverwriting)
        context.console.print(
            "Backed up \(BackupFiles.summary(manifest)) to \(file.path) in \(BackupFiles.seconds(since: started)); "
                + "manifest \(manifestFile.path).")
        if deps.settings.databaseKind == .sqlite {
            context.console.print("Keep secret.key (or KEFU_SECRET_KEY) apart from it: channels' passwords open only with it.")
        }
    }
}

/// `kefu restore --from FILE`: into an empty data directory or schema only, checked against the manifest.
struct RestoreCommand: AsyncCommand {
    let deps: Dependencies

    init(_ deps: Dependencies) {
        self.deps = deps
    }

    /// Restore connects to the database without migrating it, and creates no secret key.
    static func isRestore(_ arguments: [String]) -> Bool {
        arguments.dropFirst().first == "restore"
    }

    struct Signature: CommandSignature {
        @Option(name: "from", help: "A file written by kefu backup, with its FILE.manifest.json beside it.")
        var from: String?
    }

    let help = "Restore a backup into an empty data directory or PostgreSQL schema, verifying it against its manifest."

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.from, !path.isEmpty else {
            throw KefuError.invalid("missing_option", "--from FILE is required.")
        }
        let file = URL(fileURLWithPath: path)
        let manifestFile = BackupFiles.manifest(of: file)
        guard FileManager.default.fileExists(atPath: file.path) else { throw BackupProblem.cannotOpen(file.path) }
        guard let data = FileManager.default.contents(atPath: manifestFile.path) else {
            throw BackupProblem.missingManifest(manifestFile.path)
        }
        let manifest = try BackupManifest.decode(data)
        let kind = deps.settings.databaseKind
        guard manifest.database == kind.rawValue else { throw BackupProblem.wrongKind(saved: manifest.database, here: kind.rawValue) }
        let started = ContinuousClock.now
        let restored: BackupManifest
        switch kind {
        case .sqlite:
            let target = URL(fileURLWithPath: deps.settings.resolvedSQLitePath)
            guard !FileManager.default.fileExists(atPath: target.path) else { throw BackupProblem.notEmpty(target.path) }
            restored = try await SQLiteBackup(databases: deps.database.databases, logger: context.application.logger)
                .restore(from: file, expecting: manifest, into: target)
        case .postgres:
            restored = try await BackupFiles.postgres(deps.settings)
                .restore(from: file, expecting: manifest, into: try deps.database.open())
        }
        context.console.print(
            "Restored \(BackupFiles.summary(restored)) from \(file.path) in \(BackupFiles.seconds(since: started)); "
                + "every count and the messages' checksum match the manifest.")
    }
}

/// What backup and restore share: where the manifest goes, the PostgreSQL side, the summary line.
enum BackupFiles {
    static func manifest(of file: URL) -> URL {
        URL(fileURLWithPath: file.path + ".manifest.json")
    }

    static func postgres(_ settings: KefuConfiguration) -> PostgresBackup {
        PostgresBackup(databaseURL: settings.databaseURL ?? "", schema: settings.postgresSchema ?? "public")
    }

    static func summary(_ manifest: BackupManifest) -> String {
        let counts = manifest.counts
        return "\(counts["conversations"] ?? 0) conversations, \(counts["messages"] ?? 0) messages, "
            + "\(counts["customers"] ?? 0) customers and \(counts["audit_events"] ?? 0) audit events"
    }

    static func seconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        return String(format: "%.1f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
