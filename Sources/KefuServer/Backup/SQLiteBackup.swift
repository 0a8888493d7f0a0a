import Fluent
import FluentSQLiteDriver
import Foundation
import KefuCore
import SQLKit
import Vapor

/// Backs up the embedded database while Kefu serves, and restores it into an empty data directory.
///
/// `VACUUM INTO` writes a consistent copy from one read transaction: in WAL mode writers carry on beside it, and the
/// copy is compact and holds no WAL of its own. The manifest is counted from the copy, so it describes exactly what
/// the file holds.
struct SQLiteBackup {
    let databases: Databases
    let logger: Logger

    func backUp(_ live: any SQLDatabase, to file: URL, at date: Date) async throws -> BackupManifest {
        let partial = file.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        try await live.raw("VACUUM INTO \(literal: partial.path)").run()
        let manifest = try await withDatabase(at: partial) { copy in
            try await BackupInventory.manifest(of: copy, kind: .sqlite, at: date)
        }
        try FileManager.default.moveItem(at: partial, to: file)
        return manifest
    }

    /// Checks the backup against its manifest, then copies it into place; the target must not exist.
    func restore(from file: URL, expecting manifest: BackupManifest, into target: URL) async throws -> BackupManifest {
        let found = try await withDatabase(at: file) { backup in
            try await BackupInventory.manifest(of: backup, kind: .sqlite, at: manifest.createdAt)
        }
        try BackupProblem.requireMatch(manifest, found)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        try FileManager.default.copyItem(at: file, to: partial)
        try FileManager.default.moveItem(at: partial, to: target)
        return found
    }

    /// Opens a SQLite file beside the application's own database for the length of `body`, and closes it (without
    /// blocking an event loop, which `Databases.reinitialize` would).
    private func withDatabase<T>(at file: URL, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let configuration = DatabaseConfigurationFactory.sqlite(.init(storage: .file(path: file.path))).make()
        let driver = configuration.makeDriver(for: databases)
        let database = driver.makeDatabase(with: DatabaseContext(
            configuration: configuration, logger: logger, eventLoop: databases.eventLoopGroup.any()))
        do {
            let result = try await body(database.sql)
            await driver.shutdownAsync()
            return result
        } catch {
            await driver.shutdownAsync()
            throw error
        }
    }
}

/// Why a backup or restore stopped; each says what to do.
enum BackupProblem: Error, CustomStringConvertible {
    case exists(String)
    case notEmpty(String)
    case cannotOpen(String)
    case missingManifest(String)
    case wrongKind(saved: String, here: String)
    case mismatch([String])
    case toolMissing(String)
    case toolFailed(String, String)

    /// Throws `mismatch` naming every difference when `found` is not what `saved` describes.
    static func requireMatch(_ saved: BackupManifest, _ found: BackupManifest) throws {
        let differences = saved.differences(from: found)
        guard differences.isEmpty else { throw mismatch(differences) }
    }

    var description: String {
        switch self {
        case .exists(let path): "\(path) already exists; Kefu never overwrites a file or database. Choose another name or move it away."
        case .notEmpty(let target): "\(target) already holds a Kefu database; restore only into an empty data directory or schema."
        case .cannotOpen(let path): "Could not open \(path) as a Kefu database."
        case .missingManifest(let path): "\(path) is missing; a backup is the file and its manifest together."
        case .wrongKind(let saved, let here):
            "This backup is of a \(saved) database and Kefu is set up for \(here) here; restore it where it came from."
        case .mismatch(let differences):
            "The backup does not match its manifest, so it was not restored:\n  " + differences.joined(separator: "\n  ")
        case .toolMissing(let tool):
            "\(tool) was not found on PATH. Install PostgreSQL's client tools (Debian: apt-get install postgresql-client) in the version of the server or newer."
        case .toolFailed(let tool, let output): "\(tool) failed:\n\(output)"
        }
    }
}
