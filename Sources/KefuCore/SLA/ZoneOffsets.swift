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
}
