import Foundation
import SQLKit

/// A named lease in `job_leases`: whoever holds an unexpired lease runs the job, so two Kefu instances sharing one
/// database never run it at once. Taking it is one upsert whose condition is checked on the locked row.
enum JobLease {
    /// Takes or renews `name` for `holder` until `now + duration`; false when another holder's lease is still valid.
    static func acquire(_ name: String, holder: String, for duration: TimeInterval, at now: Date, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: name), \(bind: holder), \(bind: now.addingTimeInterval(duration)))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE job_leases.expires_at < \(bind: now) OR job_leases.holder = excluded.holder
            """).run()
        let row = try await db.raw("SELECT holder FROM job_leases WHERE name = \(bind: name)").first()
        return try row?.decode(column: "holder", as: String.self) == holder
    }

    /// Gives the lease up; with no holder, whoever holds it (the thing it guarded is gone).
    static func release(_ name: String, holder: String?, on db: any SQLDatabase) async throws {
        if let holder {
            try await db.raw("DELETE FROM job_leases WHERE name = \(bind: name) AND holder = \(bind: holder)").run()
        } else {
            try await db.raw("DELETE FROM job_leases WHERE name = \(bind: name)").run()
        }
    }
}
