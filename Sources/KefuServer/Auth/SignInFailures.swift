import Fluent
import Foundation
import KefuCore
import SQLKit

/// The failed sign-ins of the last window, shared by every instance through the database.
///
/// An attempt is written down *before* its password is checked and removed if it succeeds or is turned away: a
/// burst of parallel guesses then sees itself counted and cannot slip past the limit between a check and a write.
struct SignInFailures {
    let db: any SQLDatabase
    let throttle: SignInThrottle

    /// An attempt that may check its password, and what its failure would add up to.
    struct Attempt {
        let id: UUID
        let email: String
        let address: String
        /// The account's failures within the window, this attempt included.
        let accountFailures: Int
    }

    /// Counts the attempt in, or turns it away (and out) with the throttle's decision.
    func begin(email: String, address: String, at now: Date) async throws -> Result<Attempt, SignInThrottled> {
        let id = UUID()
        try await db.insert(into: "sign_in_failures").columns("id", "email", "address", "failed_at")
            .values(id, email, address, now).run()
        let since = now.addingTimeInterval(-throttle.window)
        let account = try await failures(where: "email", is: email, since: since, except: id)
        let fromAddress = try await failures(where: "address", is: address, since: since, except: id)
        let decision = throttle.decide(account: account, address: fromAddress, now: now)
        guard decision == .allowed else {
            try await forget(id)
            return .failure(SignInThrottled(decision: decision, now: now))
        }
        return .success(Attempt(id: id, email: email, address: address, accountFailures: account.count + 1))
    }

    func forget(_ id: UUID) async throws {
        try await db.delete(from: "sign_in_failures").where("id", .equal, id).run()
    }

    /// The right password: the account starts afresh. The address keeps its count, or a guesser could clear it by
    /// signing in to an account of their own between guesses.
    func succeeded(_ attempt: Attempt) async throws {
        try await db.delete(from: "sign_in_failures").where("email", .equal, attempt.email).run()
    }

    /// An admin lifts an account's lock.
    func unlock(email: String) async throws {
        try await db.delete(from: "sign_in_failures").where("email", .equal, email).run()
    }

    /// When the account is locked, if it is.
    func lockedUntil(email: String, at now: Date) async throws -> Date? {
        let account = try await failures(where: "email", is: email, since: now.addingTimeInterval(-throttle.window), except: nil)
        guard case .locked(.account, let until) = throttle.decide(account: account, address: .none, now: now) else { return nil }
        return until
    }

    /// Failures older than a day count for nothing; they go when a lock is set, so a guessing attack cleans up after
    /// itself.
    func prune(before date: Date) async throws {
        try await db.delete(from: "sign_in_failures").where("failed_at", .lessThan, date).run()
    }

    private func failures(where column: String, is value: String, since: Date, except id: UUID?) async throws
        -> SignInThrottle.Failures
    {
        let row = try await db.raw("""
            SELECT COUNT(*) AS n, MIN(failed_at) AS earliest, MAX(failed_at) AS latest FROM sign_in_failures
            WHERE \(ident: column) = \(bind: value) AND failed_at > \(bind: since) AND id <> \(bind: id ?? UUID())
            """).first()
        guard let row else { return .none }
        return SignInThrottle.Failures(
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
