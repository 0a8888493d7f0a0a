import Foundation
import KefuCore

/// The SLA cell of a row or conversation page: time left in the platform's business time, or "Overdue".
struct SLAIndicator: Encodable, Sendable {
    /// `ok`, `atRisk`, `overdue`: the CSS modifier.
    let state: String
    let text: String

    /// Nothing to show once the wait is answered or the store's policy never timed it.
    init?(_ sla: SLAReading?, strings: PageStrings, language: UILanguage) {
        guard let sla, sla.state != .met else { return nil }
        if sla.state == .overdue || sla.remainingSeconds <= 0 {
            state = "overdue"
            text = strings.text("sla.overdue", language)
        } else {
            state = sla.state == .atRisk ? "atRisk" : "ok"
            text = strings.text("sla.left", language, ["t": Self.duration(sla.remainingSeconds, strings: strings, language: language)])
        }
    }

    static func duration(_ seconds: Int, strings: PageStrings, language: UILanguage) -> String {
        let minutes = seconds / 60
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        if days > 0 { return strings.text("duration.days", language, ["d": "\(days)", "h": "\(hours)"]) }
        if hours > 0 { return strings.text("duration.hours", language, ["h": "\(hours)", "m": "\(rest)"]) }
        if minutes > 0 { return strings.text("duration.minutes", language, ["m": "\(minutes)"]) }
        return strings.text("duration.underMinute", language)
    }
}
