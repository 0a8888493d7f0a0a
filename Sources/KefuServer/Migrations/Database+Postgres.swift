import Fluent
import SQLKit

extension Database {
    /// Migrations write the schema for the database they run on (FTS5 or `pg_trgm`/GIN); services never ask this,
    /// they are given the implementation for their database at start.
    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}
