import Foundation
import KefuCore

/// A policy in words, each value followed by where it comes from: what `kefu sla explain` prints.
struct PolicyExplanation {
    let policy: ResponsePolicy

    init(_ policy: ResponsePolicy) { self.policy = policy }

    var text: String {
        var lines = ["\(policy.name) (\(policy.reference))"]
        let rule = policy.firstResponse
        lines.append("  First response: \(Self.duration(rule.seconds)) on a \(rule.clock.rawValue) clock" + (policy.timeZone.map { " in \($0)" } ?? " in the store's zone"))
        cite("firstResponse.seconds", &lines)
        for window in rule.windows {
            lines.append("  Counts \(window.days.map(\.rawValue).joined(separator: ",")) \(window.start)–\(window.end)")
        }
        cite("firstResponse.windows", &lines)
        cite("firstResponse.clock", &lines)
        if !rule.holidays.isEmpty { lines.append("  Holidays: \(rule.holidays.joined(separator: ", "))") }
        lines.append("  At risk after \(Int(rule.atRiskShare * 100)) % of the allowance")
        lines.append("  Replies that stop the clock: \(rule.qualifyingReplies == .humanOnly ? "a person's only (auto replies do not count)" : "a person's or an approved bot's")")
        cite("firstResponse.qualifyingReplies", &lines)
        if let rate = policy.responseRate {
            var text = "  \(rate.name): ≥ \(Int((rate.threshold * 100).rounded())) %"
            if let within = rate.withinSeconds { text += " answered within \(Self.duration(within))" }
            if let days = rate.windowDays { text += " over \(days) days" }
            if let minimum = rate.minimumBuyers { text += " per day, on days with more than \(minimum) buyers" }
            lines.append(text)
            cite("responseRate.threshold", &lines)
            cite("responseRate.windowDays", &lines)
            cite("responseRate.minimumBuyers", &lines)
            if let penalty = rate.penalty {
                let amount = penalty.amount.map { "\(penalty.currency) \(Self.number($0)) — " } ?? ""
                lines.append("  Penalty: \(amount)\(penalty.consequence ?? "")")
                cite("responseRate.penalty", &lines)
            }
        } else {
            lines.append("  Response rate: none published")
            cite("responseRate", &lines)
        }
        if let language = policy.replyLanguage {
            lines.append("  Replies must be in: \(language)")
            cite("replyLanguage", &lines)
        }
        cite("timeZone", &lines)
        return lines.joined(separator: "\n")
    }

    private func cite(_ field: String, _ lines: inout [String]) {
        for source in policy.sources where source.field == field {
            var line = "      source (\(source.confidence.rawValue), read \(source.retrieved)): \(source.source)"
            if let url = source.url { line += " <\(url)>" }
            if let note = source.note { line += "\n      note: \(note)" }
            lines.append(line)
        }
    }

    static func duration(_ seconds: Int) -> String {
        if seconds % 3_600 == 0 { return "\(seconds / 3_600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
