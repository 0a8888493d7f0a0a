import Fluent
import Foundation
import KefuCore
import SQLKit

/// Backs up Kefu's PostgreSQL schema with `pg_dump` while Kefu serves, and restores it with `pg_restore`.
///
/// The manifest and the dump must describe one moment: a repeatable-read transaction exports its snapshot, `pg_dump`
/// reads through that snapshot (`--snapshot`), and the manifest is counted inside the same transaction.
struct PostgresBackup {
    let databaseURL: String
    /// `KEFU_PG_SCHEMA`, or `public`.
    let schema: String

    func backUp(_ database: any Database, to file: URL, at date: Date) async throws -> BackupManifest {
        let pgDump = try Self.tool("pg_dump")
        let partial = file.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        let manifest = try await database.transaction { tx in
            let sql = tx.sql
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS snapshot").first()?
                .decode(column: "snapshot", as: String.self) ?? ""
            try await Self.run(pgDump, [
                "--format=custom", "--no-owner", "--no-privileges", "--schema=\(schema)", "--snapshot=\(snapshot)",
                "--file=\(partial.path)", "--dbname=\(connection.url)",
            ], password: connection.password)
            return try await BackupInventory.manifest(of: sql, kind: .postgres, at: date)
        }
        try FileManager.default.moveItem(at: partial, to: file)
        return manifest
    }

    /// Restores into a schema that holds no Kefu tables, then checks what arrived against the manifest.
    func restore(from file: URL, expecting manifest: BackupManifest, into database: any Database) async throws
        -> BackupManifest
    {
        let pgRestore = try Self.tool("pg_restore")
        let sql = database.sql
        let tables = try await sql.raw("""
            SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = \(bind: schema)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        guard tables == 0 else { throw BackupProblem.notEmpty("schema \(schema)") }
        // The dump creates its schema; an empty one left by an earlier start goes first (never one with anything in it).
        if schema != "public" { try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) RESTRICT").run() }
        try await Self.run(pgRestore, [
            "--no-owner", "--no-privileges", "--exit-on-error", "--dbname=\(connection.url)", file.path,
        ], password: connection.password)
        let found = try await BackupInventory.manifest(of: sql, kind: .postgres, at: manifest.createdAt)
        try BackupProblem.requireMatch(manifest, found)
        return found
    }

    /// The URL without its password, which goes to the tool in `PGPASSWORD`: a command line is visible to every user
    /// of the machine.
    private var connection: (url: String, password: String?) {
        guard var components = URLComponents(string: databaseURL), let password = components.password else {
            return (databaseURL, nil)
        }
        components.password = nil
        return (components.string ?? databaseURL, password)
    }

    static func tool(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw BackupProblem.toolMissing(name)
    }

    /// Runs a tool to its end without blocking a thread Kefu needs, and throws with what it printed when it fails.
    static func run(_ tool: URL, _ arguments: [String], password: String? = nil) async throws {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password { environment["PGPASSWORD"] = password }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let finished = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in finished.continuation.finish() }
        try process.run()
        // Read while it runs, so a chatty tool never blocks on a full pipe.
        let printed = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        for await _ in finished.stream {}
        let text = String(decoding: await printed.value, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BackupProblem.toolFailed(tool.lastPathComponent, text)
        }
    }
}
