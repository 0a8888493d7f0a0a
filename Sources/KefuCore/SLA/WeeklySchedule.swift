/// Service windows per weekday as second offsets from local midnight, sorted and checked for overlaps, so the clock
/// can walk them without parsing or sorting.
struct WeeklySchedule: Sendable {
    /// Index 0 is Monday. An interval's end may pass 86,400 when the window runs past midnight.
    let intervals: [[(start: Int, end: Int)]]
    /// The latest end past midnight of any window, so the clock knows how far back a window can reach.
    let spill: Int

    init(_ windows: [ServiceWindow]) throws(KefuError) {
        var days = [[(start: Int, end: Int)]](repeating: [], count: 7)
        for window in windows {
            guard let start = ResponsePolicy.secondsOfDay(window.start),
                var end = ResponsePolicy.secondsOfDay(window.end, allowMidnight: true)
            else { throw .unprocessable("invalid_policy", "a window has a time that is not HH:mm") }
            if end <= start { end += 86_400 }
            for day in Set(window.days) { days[day.index].append((start, end)) }
        }
        for index in days.indices {
            days[index].sort { $0.start < $1.start }
        }
        for (index, day) in days.enumerated() {
            let name = Weekday.allCases[index].rawValue
            for (earlier, later) in zip(day, day.dropFirst()) where earlier.end > later.start {
                throw .unprocessable("invalid_policy", "two windows on \(name) overlap")
            }
            let next = days[(index + 1) % 7]
            if let last = day.last, let first = next.first, last.end - 86_400 > first.start {
                throw .unprocessable("invalid_policy", "a window on \(name) runs into the next day's first window")
            }
        }
        intervals = days
        spill = days.flatMap { $0 }.map { max(0, $0.end - 86_400) }.max() ?? 0
    }
}
