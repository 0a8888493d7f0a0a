import Foundation
import KefuCore
import NIOConcurrencyHelpers

/// The refusals this instance gave in the last few seconds, by account and by address, so a guesser who keeps
/// hammering a locked account or a waiting address is turned away from memory, without a query.
///
/// An entry lasts until its refusal ends and at most `lifetime`: an unlock on another instance takes effect here within
/// that time (this instance's own unlock clears it at once).
final class SignInRefusals: Sendable {
    static let lifetime: TimeInterval = 10
    static let capacity = 50_000

    private struct Entry {
        let decision: SignInThrottle.Decision
        let until: Date
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let metrics: KefuMetrics?

    init(metrics: KefuMetrics? = nil) {
        self.metrics = metrics
    }

    /// Addresses whose password is being checked right now.
    private let checking = NIOLockedValueBox<Set<String>>([])

    /// The error for a refusal, counted for `/metrics` by its code.
    func refuse(_ decision: SignInThrottle.Decision, at now: Date) -> SignInThrottled {
        let refusal = SignInThrottled(decision: decision, now: now)
        metrics?.signInRefused(refusal.error.code)
        return refusal
    }

    /// Claims the one password check an address may have running on this instance; `false` when one already runs.
    ///
    /// Checking a password takes a bcrypt on the few hashing threads (a quarter of a second at cost 12). Without this
    /// an address firing guesses in parallel would hold every thread and queue everyone else's sign-in behind them.
    func startCheck(address: String) -> Bool {
        checking.withLockedValue { $0.insert(address).inserted }
    }

    func endCheck(address: String) {
        _ = checking.withLockedValue { $0.remove(address) }
    }

    /// A refusal still standing for the account or the address.
    func refusal(email: String, address: String, at now: Date) -> SignInThrottle.Decision? {
        entries.withLockedValue { entries in
            for key in [Self.key(email: email), Self.key(address: address)] {
                guard let entry = entries[key] else { continue }
                if entry.until > now { return entry.decision }
                entries[key] = nil
            }
            return nil
        }
    }

    func remember(_ decision: SignInThrottle.Decision, email: String, address: String, at now: Date) {
        let subject: SignInThrottle.Subject
        let ends: Date
        switch decision {
        case .allowed: return
        case .wait(let who, let until), .locked(let who, let until): (subject, ends) = (who, until)
        }
        let key = subject == .account ? Self.key(email: email) : Self.key(address: address)
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(decision: decision, until: min(ends, now.addingTimeInterval(Self.lifetime)))
        }
    }

    func forget(email: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: Self.key(email: email)) }
    }

    private static func key(email: String) -> String { "e " + email }
    private static func key(address: String) -> String { "a " + address }
}
