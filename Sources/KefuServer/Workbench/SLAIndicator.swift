import Foundation
import KefuCore

/// A deadline as a person reads it: the wall-clock time it falls due in the reader's zone and the platform's business
/// time left ("明天 08:03 到期 · 剩 3分钟"), "paused until" while the platform's clock stands outside its service
/// window, and how long ago it passed once overdue. At risk is never overdue.
struct SLAIndicator: Encodable, Sendable {
    /// `ok`, `atRisk`, `paused`, `overdue`: the CSS modifier.
    let state: String
    let text: String
    /// The deadline spelled out, for the tooltip.
    let title: String

    /// Nothing to show once the wait is answered, the store's policy never timed it, or the conversation is spam
    /// (a spammer is owed no answer, whatever the clock still holds).
    init?(_ sla: SLAReading?, status: ConversationStatus, clock: ReaderClock, strings: PageStrings, language: UILanguage) {
        guard let sla, sla.state != .met, status != .spam else { return nil }
        func duration(_ seconds: Int) -> String { Self.duration(seconds, strings: strings, language: language) }
        let due = clock.moment(sla.dueAt, strings: strings, language: language)
        title = strings.text("sla.title", language) + " · " + strings.text("sla.deadline", language, ["at": due])
        if sla.state == .overdue || sla.remainingSeconds <= 0 || clock.now >= sla.dueAt {
            state = "overdue"
            text = strings.text("sla.overdueBy", language, ["t": duration(Int(clock.now.timeIntervalSince(sla.dueAt)))])
        } else if let resumesAt = sla.resumesAt {
            state = sla.state == .atRisk ? "atRisk" : "paused"
            text = strings.text("sla.paused", language, [
                "at": clock.moment(resumesAt, strings: strings, language: language), "t": duration(sla.remainingSeconds),
            ])
        } else {
            state = sla.state == .atRisk ? "atRisk" : "ok"
            text = strings.text("sla.due", language, ["at": due, "t": duration(sla.remainingSeconds)])
        }
    }

    static func duration(_ seconds: Int, strings: PageStrings, language: UILanguage) -> String {
        let minutes = max(0, seconds) / 60
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        if days > 0 { return strings.text("duration.days", language, ["d": "\(days)", "h": "\(hours)"]) }
        if hours > 0 { return strings.text("duration.hours", language, ["h": "\(hours)", "m": "\(rest)"]) }
        if minutes > 0 { return strings.text("duration.minutes", language, ["m": "\(minutes)"]) }
        return strings.text("duration.underMinute", language)
    }
}
