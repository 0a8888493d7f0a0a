import Foundation

/// How hard password guessing is made: failed sign-ins are counted per account and per client address over a
/// window; after a few free mistakes each further attempt waits twice as long as the one before, and at the limit
/// the account (or address) is locked until the window has passed.
///
/// A lock starts at the last counted failure and lasts one window, so no window of that length ever holds more than
/// `lockAfter` failures of one account or address.
public struct SignInThrottle: Sendable, Equatable {
    public struct Limits: Sendable, Equatable {
        /// Mistakes that cost nothing; the next attempt waits `firstDelay`, then twice as long each time.
        public var freeFailures: Int
        /// Failures within the window that lock.
        public var lockAfter: Int
        public var maxDelay: TimeInterval

        public init(freeFailures: Int, lockAfter: Int, maxDelay: TimeInterval) {
            self.freeFailures = freeFailures
            self.lockAfter = lockAfter
            self.maxDelay = maxDelay
        }
    }

    /// The failures of one account or address within the window.
    public struct Failures: Sendable, Equatable {
        public var count: Int
        public var earliest: Date?
        public var latest: Date?

        public init(count: Int, earliest: Date?, latest: Date?) {
            self.count = count
            self.earliest = earliest
            self.latest = latest
        }

        public static let none = Failures(count: 0, earliest: nil, latest: nil)
    }

    public enum Subject: String, Sendable {
        case account
        case address
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Too soon after the last failure; try again at `until`.
        case wait(Subject, until: Date)
        /// Locked until `until`, whatever the password.
        case locked(Subject, until: Date)
    }

    public var window: TimeInterval
    public var firstDelay: TimeInterval
    public var account: Limits
    public var address: Limits

    /// At most 10 attempts per account and 100 per client address in 15 minutes. An office behind one address gets
    /// 20 free mistakes before anyone there waits.
    public static let standard = SignInThrottle(
        window: 15 * 60, firstDelay: 1,
        account: Limits(freeFailures: 3, lockAfter: 10, maxDelay: 120),
        address: Limits(freeFailures: 20, lockAfter: 100, maxDelay: 60))

    public init(window: TimeInterval, firstDelay: TimeInterval, account: Limits, address: Limits) {
        self.window = window
        self.firstDelay = firstDelay
        self.account = account
        self.address = address
    }

    /// Whether an attempt may check its password now, given the failures within the window before it.
    public func decide(account accountFailures: Failures, address addressFailures: Failures, now: Date) -> Decision {
        // A lock outranks a wait, and the account's lock outranks the address's: it is the one an admin can lift.
        if let until = lockedUntil(accountFailures, account, keyedBy: \.latest), until > now { return .locked(.account, until: until) }
        if let until = lockedUntil(addressFailures, address, keyedBy: \.earliest), until > now { return .locked(.address, until: until) }
        let waits = [(Subject.account, waitUntil(accountFailures, account)), (.address, waitUntil(addressFailures, address))]
            .compactMap { subject, until in until.flatMap { $0 > now ? (subject, $0) : nil } }
        guard let longest = waits.max(by: { $0.1 < $1.1 }) else { return .allowed }
        return .wait(longest.0, until: longest.1)
    }

    /// How long to wait after the `count`-th failure in a row.
    public func delay(after count: Int, _ limits: Limits) -> TimeInterval {
        guard count >= limits.freeFailures else { return 0 }
        let doublings = min(count - limits.freeFailures, 30)
        return min(limits.maxDelay, firstDelay * pow(2, Double(doublings)))
    }

    /// Whether the failure that brings the count to `count` is the one that locks.
    public func locks(afterFailure count: Int, _ subject: Subject) -> Bool {
        count == (subject == .account ? account : address).lockAfter
    }

    /// An account locks from its last failure (none are counted while locked); an address from its earliest in the
    /// window, since its failures keep arriving from many accounts and the oldest is the first to age out.
    private func lockedUntil(_ failures: Failures, _ limits: Limits, keyedBy key: KeyPath<Failures, Date?>) -> Date? {
        guard failures.count >= limits.lockAfter, let start = failures[keyPath: key] else { return nil }
        return start.addingTimeInterval(window)
    }

    private func waitUntil(_ failures: Failures, _ limits: Limits) -> Date? {
        guard let latest = failures.latest else { return nil }
        let delay = delay(after: failures.count, limits)
        return delay > 0 ? latest.addingTimeInterval(delay) : nil
    }
}
