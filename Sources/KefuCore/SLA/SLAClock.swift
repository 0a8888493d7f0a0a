import Foundation

/// When a platform expects the next reply, counted on the platform's own clock: every second (Walmart's 48 hours
/// include nights, weekends and holidays), or only the service windows in the platform's zone (Pinduoduo counts
/// 08:00–23:00 Beijing time), skipping holidays.
///
/// All arithmetic is on seconds since 1970 with a precomputed offset table, so one due-time evaluation costs tens of
/// nanoseconds; the inbox re-times every waiting conversation with it.
public struct SLAClock: Sendable {
    public let allowance: Int
    public let kind: ClockKind
    public let zone: ZoneOffsets
    let schedule: WeeklySchedule?
    let holidays: HolidayDays

    /// How far ahead the clock looks for counted time before giving up (a schedule made only of holidays).
    static let horizonDays = 3 * 366

    public init(_ policy: ResponsePolicy, storeTimeZone: TimeZone) throws(KefuError) {
        try policy.validate()
        let zone = policy.timeZone.flatMap(TimeZone.init(identifier:)) ?? storeTimeZone
        try self.init(policy.firstResponse, zone: ZoneOffsets(zone))
    }

    public init(_ rule: FirstResponseRule, zone: ZoneOffsets) throws(KefuError) {
        allowance = rule.seconds
        kind = rule.clock
        self.zone = zone
        schedule = rule.clock == .window ? try WeeklySchedule(rule.windows) : nil
        holidays = HolidayDays(rule.holidays.compactMap { LocalDate($0)?.dayNumber })
    }

    /// The instant by which a message received at `received` must be answered. A message that arrives outside the
    /// service windows starts its clock when the next window opens.
    public func dueDate(forMessageReceivedAt received: Date) -> Date {
        dueDate(after: received, counting: Double(allowance))
    }

    /// The instant at which `seconds` of counted time have passed since `start`; `Date.distantFuture` if the
    /// schedule has no counted time within three years.
    public func dueDate(after start: Date, counting seconds: Double) -> Date {
        let begin = start.timeIntervalSince1970
        guard let schedule else { return Date(timeIntervalSince1970: begin + max(0, seconds)) }
        var remaining = max(0, seconds)
        var day = Self.dayNumber(zone.local(begin) - Double(schedule.spill))
        let lastDay = day + Self.horizonDays
        var cursor = LocalTimeCursor(zone, near: begin)
        while day <= lastDay {
            if !holidays.contains(day) {
                let midnight = Double(day * 86_400)
                for interval in schedule.intervals[Self.weekday(day)] {
                    let end = cursor.instant(ofLocal: midnight + Double(interval.end))
                    if end <= begin { continue }
                    let from = max(begin, cursor.instant(ofLocal: midnight + Double(interval.start)))
                    let available = end - from
                    if available >= remaining { return Date(timeIntervalSince1970: from + remaining) }
                    remaining -= available
                }
            }
            day += 1
        }
        return .distantFuture
    }

    /// Counted seconds between two instants: on a window clock, only the time inside service windows; zero when
    /// `end` is not after `start`.
    public func countedSeconds(from start: Date, to end: Date) -> Double {
        let begin = start.timeIntervalSince1970
        let finish = end.timeIntervalSince1970
        guard finish > begin else { return 0 }
        guard let schedule else { return finish - begin }
        var total = 0.0
        var day = Self.dayNumber(zone.local(begin) - Double(schedule.spill))
        let lastDay = min(Self.dayNumber(zone.local(finish)), day + 40 * 366)
        var cursor = LocalTimeCursor(zone, near: begin)
        while day <= lastDay {
            if !holidays.contains(day) {
                let midnight = Double(day * 86_400)
                for interval in schedule.intervals[Self.weekday(day)] {
                    let from = max(begin, cursor.instant(ofLocal: midnight + Double(interval.start)))
                    let to = min(finish, cursor.instant(ofLocal: midnight + Double(interval.end)))
                    if to > from { total += to - from }
                }
            }
            day += 1
        }
        return total
    }

    /// Whether `instant` falls inside a service window (always, on a calendar clock).
    public func isCounting(at instant: Date) -> Bool {
        guard schedule != nil else { return true }
        return dueDate(after: instant, counting: 0) == instant
    }

    /// The local calendar day of an instant in the clock's zone.
    public func localDate(of instant: Date) -> LocalDate {
        LocalDate(dayNumber: Self.dayNumber(zone.local(instant.timeIntervalSince1970)))
    }

    @inline(__always)
    static func dayNumber(_ localSeconds: Double) -> Int { Int((localSeconds / 86_400).rounded(.down)) }

    @inline(__always)
    static func weekday(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }
}
