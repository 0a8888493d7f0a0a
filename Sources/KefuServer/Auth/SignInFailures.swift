import Fluent
import Foundation
import KefuCore
import SQLKit

/// The failed sign-ins of the last window, shared by every instance through the database.
///
/// An attempt the limits allow is written down *before* its password is checked and removed if it succeeds or is
/// turned away on a second look: a burst of parallel guesses then sees itself counted and cannot slip past the limit
/// between a check and a write.
struct SignInFailures {
    let database: any Database
    /// Writes pass SQLite's one-writer gate like every other write: beside it, two connections writing at once wait
    /// in SQLite's busy handler, which sleeps in steps of up to 100 ms.
    let transactions: WriteTransactions
    let throttle: SignInThrottle
    let refusals: SignInRefusals

    private var db: any SQLDatabase { database.sql }

    private func write(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await transactions.run(on: database) { tx in try await body(tx.sql) }
    }

    /// An attempt that may check its password, and what its failure would add up to.
    struct Attempt {
        let id: UUID
        let email: String
        let address: String
        /// The account's failures within the window, this attempt included.
        let accountFailures: Int
        /// The address's failures within the window, before this attempt.
        let addressFailures: Int

        /// Whether the attempt comes after mistakes of its own: its password is checked apart from everyone else's.
        var isSuspect: Bool { accountFailures > 1 || addressFailures >= 3 }
    }

    /// Counts the attempt in, or turns it away (and out) by throwing `SignInThrottled` with the throttle's decision.
    func begin(email: String, address: String, at now: Date) async throws -> Attempt {
        // Most attempts of a guessing attack are turned away from memory or by reading alone: under attack the
        // database does not take two writes per guess.
        if let refused = refusals.refusal(email: email, address: address, at: now) {
            throw refusals.refuse(refused, at: now)
        }
        let before = try await decide(email: email, address: address, at: now, except: nil)
        guard before.decision == .allowed else {
            refusals.remember(before.decision, email: email, address: address, at: now)
            throw refusals.refuse(before.decision, at: now)
        }
        let id = UUID()
        try await write { db in
            try await db.insert(into: "sign_in_failures").columns("id", "email", "address", "failed_at")
                .values(id, email, address, now).run()
        }
        let after = try await decide(email: email, address: address, at: now, except: id)
        guard after.decision == .allowed else {
            try await forget(id)
            throw refusals.refuse(after.decision, at: now)
        }
        return Attempt(
            id: id, email: email, address: address, accountFailures: after.accountFailures + 1,
            addressFailures: after.addressFailures)
    }

    private func decide(email: String, address: String, at now: Date, except id: UUID?) async throws
        -> (decision: SignInThrottle.Decision, accountFailures: Int, addressFailures: Int)
    {
        let since = now.addingTimeInterval(-throttle.window)
        let account = try await failures(where: "email", is: email, since: since, except: id)
        let fromAddress = try await failures(where: "address", is: address, since: since, except: id)
        return (throttle.decide(account: account, address: fromAddress, now: now), account.count, fromAddress.count)
    }

    func forget(_ id: UUID) async throws {
        try await write { db in try await db.delete(from: "sign_in_failures").where("id", .equal, id).run() }
    }

    /// The right password: the account starts afresh. The address keeps its count, or a guesser could clear it by
    /// signing in to an account of their own between guesses.
    func succeeded(_ attempt: Attempt) async throws {
        let email = attempt.email
        try await write { db in try await db.delete(from: "sign_in_failures").where("email", .equal, email).run() }
    }

    /// An admin (`by`) or the command line (`by: nil`, `via`) lifts a user's lock; the lifting is audited with it.
    func unlock(_ user: UserModel, by viewer: Viewer?, via: String? = nil) async throws {
        let email = user.email
        let workspace = user.workspaceID
        var detail = ["user": try user.requireID().uuidString, "email": email]
        if let via { detail["by"] = via }
        try await transactions.run(on: database) { [detail] tx in
            try await tx.sql.delete(from: "sign_in_failures").where("email", .equal, email).run()
            try await AuditLog.record(
                "user_unlocked", conversation: nil, workspace: workspace, by: viewer, detail: detail, at: tx.now, on: tx.sql)
        }
        refusals.forget(email: email)
    }

    /// The accounts among `emails` that are locked now, and until when: one query for a whole list of users.
    func lockedUntil(emails: [String], at now: Date) async throws -> [String: Date] {
        guard !emails.isEmpty else { return [:] }
        let rows = try await db.raw("""
            SELECT email, COUNT(*) AS n, MIN(failed_at) AS earliest, MAX(failed_at) AS latest FROM sign_in_failures
            WHERE email IN (\(binds: emails)) AND failed_at > \(bind: now.addingTimeInterval(-throttle.window))
            GROUP BY email
            """).all()
        var locked: [String: Date] = [:]
        for row in rows {
            let account = try Self.failures(from: row)
            if case .locked(.account, let until) = throttle.decide(account: account, address: .none, now: now) {
                locked[try row.decode(column: "email", as: String.self)] = until
            }
        }
        return locked
    }

    /// Failures older than a day count for nothing; they go when a lock is set, so a guessing attack cleans up after
    /// itself.
    func prune(before date: Date) async throws {
        try await write { db in try await db.delete(from: "sign_in_failures").where("failed_at", .lessThan, date).run() }
    }

    private func failures(where column: String, is value: String, since: Date, except id: UUID?) async throws
        -> SignInThrottle.Failures
    {
        let other: SQLQueryString = id.map { "AND id <> \(bind: $0)" } ?? ""
        let row = try await db.raw("""
            SELECT COUNT(*) AS n, MIN(failed_at) AS earliest, MAX(failed_at) AS latest FROM sign_in_failures
            WHERE \(ident: column) = \(bind: value) AND failed_at > \(bind: since) \(other)
            """).first()
        return try row.map(Self.failures(from:)) ?? .none
    }

    private static func failures(from row: any SQLRow) throws -> SignInThrottle.Failures {
        SignInThrottle.Failures(
            count: try row.decode(column: "n", as: Int.self), earliest: try row.decode(column: "earliest", as: Date?.self),
            latest: try row.decode(column: "latest", as: Date?.self))
    }
}

/// A sign-in turned away before its password was checked: too soon after the last failure, or locked.
struct SignInThrottled: Error {
    let decision: SignInThrottle.Decision
    let now: Date

    /// Whole seconds until another attempt is worth making.
    var retryAfter: Int {
        switch decision {
        case .allowed: 0
        case .wait(_, let until), .locked(_, let until): max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        }
    }

    var error: KefuError {
        switch decision {
        case .allowed, .wait:
            return KefuError(
                code: "sign_in_delayed", status: 429,
                message: "Too many wrong passwords: wait \(retryAfter) seconds before trying again.")
        case .locked(.account, _):
            return KefuError(
                code: "account_locked", status: 429,
                message: "This account is locked after too many wrong passwords. Try again in \(minutes) minutes or ask an admin to unlock it.")
        case .locked(.address, _):
            return KefuError(
                code: "address_locked", status: 429,
                message: "Too many wrong passwords from your network. Try again in \(minutes) minutes.")
        }
    }

    var minutes: Int { (retryAfter + 59) / 60 }
}
