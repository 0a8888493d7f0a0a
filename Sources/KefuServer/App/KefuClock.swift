import Foundation
import NIOConcurrencyHelpers

/// The source of the current time for every service, so tests can fix it. An action reads it once and passes the
/// instant on (`WriteContext.now`), so its save, its message and its audit event agree.
public struct KefuClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date = { Date() }) {
        self.read = read
    }

    public func now() -> Date { read() }

    /// A clock that always answers `date`.
    public static func fixed(_ date: Date) -> KefuClock { KefuClock { date } }

    /// A clock that answers what `hand` was last set to: tests move time forward with it.
    public static func manual(_ hand: ClockHand) -> KefuClock { KefuClock { hand.now } }
}

/// The time a `KefuClock.manual` clock answers, set by a test.
public final class ClockHand: Sendable {
    private let instant: NIOLockedValueBox<Date>

    public init(_ start: Date) {
        instant = NIOLockedValueBox(start)
    }

    public var now: Date { instant.withLockedValue { $0 } }

    public func set(_ date: Date) {
        instant.withLockedValue { $0 = date }
    }
}
