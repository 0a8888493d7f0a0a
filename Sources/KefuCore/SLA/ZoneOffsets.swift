import Foundation

/// A time zone's UTC offsets as a table of transitions, so converting between UTC and local wall time is a binary
/// search instead of a call into ICU: the clock does this several times per evaluation, millions of times a second.
public struct ZoneOffsets: Sendable {
    public let identifier: String
    /// Instants (seconds since 1970) at which the offset changes, ascending.
    private let transitions: [Double]
    /// `offsets[i]` applies before `transitions[i]`; the last entry applies after the last transition.
    private let offsets: [Int]

    /// The table covers 1990–2100; instants outside use the nearest known offset.
    public init(_ zone: TimeZone) {
        identifier = zone.identifier
        var transitions: [Double] = []
        var cursor = Date(timeIntervalSince1970: 631_152_000)  // 1990-01-01
        let limit = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        var offsets = [zone.secondsFromGMT(for: cursor)]
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < limit {
            let offset = zone.secondsFromGMT(for: next)
            if offset != offsets.last {
                transitions.append(next.timeIntervalSince1970)
                offsets.append(offset)
            }
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// The offset from UTC, in seconds, in force at `instant` (seconds since 1970).
    @inline(__always)
    public func offset(at instant: Double) -> Int {
        if transitions.isEmpty { return offsets[0] }
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) >> 1
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }

    /// The instant at which local wall time `local` (seconds since 1970 as if the zone were UTC) occurs. A wall time
    /// skipped by a spring-forward change maps to the same distance after the change; a repeated one to its first
    /// occurrence.
    @inline(__always)
    public func instant(ofLocal local: Double) -> Double {
        if transitions.isEmpty { return local - Double(offsets[0]) }
        let guess = offset(at: local - Double(offset(at: local)))
        let candidate = local - Double(guess)
        let actual = offset(at: candidate)
        if actual == guess { return candidate }
        // Repeated hour: prefer the earlier instant if it also shows this wall time.
        let earlier = local - Double(max(guess, actual))
        if Double(offset(at: earlier)) + earlier == local { return earlier }
        return local - Double(min(guess, actual))
    }

    /// Local wall time of `instant`, as seconds since 1970 as if the zone were UTC.
    @inline(__always)
    public func local(_ instant: Double) -> Double { instant + Double(offset(at: instant)) }

    /// The offset after the last change, and when it began.
    public var finalSpan: (from: Double, offset: Int) { (transitions.last ?? -.infinity, offsets[offsets.count - 1]) }

    /// The stretch of time around `instant` over which the offset stays the same: `offset` applies from `from`
    /// (inclusive) to `until` (exclusive).
    public func span(at instant: Double) -> (from: Double, until: Double, offset: Int) {
        if transitions.isEmpty { return (-.infinity, .infinity, offsets[0]) }
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) >> 1
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return (low > 0 ? transitions[low - 1] : -.infinity, low < transitions.count ? transitions[low] : .infinity, offsets[low])
    }
}

/// Converts local wall times to instants for a clock walking forward day by day: while the result stays well inside
/// one offset span it is a subtraction, and only near a change does it take `ZoneOffsets.instant(ofLocal:)` (with its
/// rules for skipped and repeated hours). Five business days across New York's zone cost a few hundred nanoseconds
/// less this way.
struct LocalTimeCursor {
    let zone: ZoneOffsets
    private var from = Double.infinity
    private var until = -Double.infinity
    private var offset = 0.0

    /// Wall times this close to an offset change may be skipped or repeated: always computed exactly.
    private static let margin = 3.0 * 3_600

    /// Starts on the zone's last span, which for zones that no longer change (Asia/Shanghai, Europe/Moscow) is
    /// every instant a clock asks about.
    init(_ zone: ZoneOffsets) {
        self.zone = zone
        (from, until, offset) = (zone.finalSpan.from, .infinity, Double(zone.finalSpan.offset))
    }

    /// Starts on the span around `instant` (where the clock starts counting): one search instead of an exact
    /// conversion on the first call.
    init(_ zone: ZoneOffsets, near instant: Double) {
        self.zone = zone
        let span = zone.span(at: instant)
        (from, until, offset) = (span.from, span.until, Double(span.offset))
    }

    @inline(__always)
    mutating func instant(ofLocal local: Double) -> Double {
        let candidate = local - offset
        if candidate >= from + Self.margin, candidate < until - Self.margin { return candidate }
        let exact = zone.instant(ofLocal: local)
        let span = zone.span(at: exact)
        (from, until, offset) = (span.from, span.until, Double(span.offset))
        return exact
    }
}

