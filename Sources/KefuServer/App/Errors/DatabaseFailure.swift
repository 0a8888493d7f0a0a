import FluentPostgresDriver
import FluentSQLiteDriver
import KefuCore
import PostgresNIO

/// The database failures a client should hear about as such, rather than as a server error: the disk is full (507:
/// nothing was stored, reads still work) or the database cannot be reached (503: try again shortly). Both say that the
/// request changed nothing, so a connector can send it again.
enum DatabaseFailure {
    static let storageFull = KefuError(
        code: "storage_full", status: 507,
        message: "The server's disk is full, so nothing was stored. Reading still works; try again when space is freed.")

    static let unavailable = KefuError(
        code: "database_unavailable", status: 503,
        message: "The database cannot be reached right now, so nothing was stored. Try again in a few seconds.")

    static func kefuError(for error: any Error) -> KefuError? {
        if let sqlite = error as? SQLiteError {
            return sqlite.reason == .full ? storageFull : nil
        }
        if let postgres = error as? PSQLError {
            let state = postgres.serverInfo?[.sqlState] ?? ""
            if state == PostgresError.Code.diskFull.raw { return storageFull }
            // 57P01–57P03: the server is shutting down or starting up (a restart); 08…: the connection broke.
            if state.hasPrefix("57P") || state.hasPrefix("08") { return unavailable }
            switch postgres.code {
            case .connectionError, .serverClosedConnection, .poolClosed, .uncleanShutdown: return unavailable
            default: return nil
            }
        }
        return nil
    }
}
