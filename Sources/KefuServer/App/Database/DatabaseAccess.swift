import Fluent
import Foundation
import KefuCore
import Logging

/// Opens a handle on Kefu's database for work that has no request to borrow one from (the ingest coalescer, the SLA
/// monitor, commands). Each call picks an event loop, as `Application.db` does, so background work spreads over them.
struct DatabaseAccess: Sendable {
    let databases: Databases
    let logger: Logger

    func open() throws -> any Database {
        guard let database = databases.database(logger: logger, on: databases.eventLoopGroup.any()) else {
            throw KefuError(code: "no_database", status: 500, message: "Kefu has no database configured.")
        }
        return database
    }
}
