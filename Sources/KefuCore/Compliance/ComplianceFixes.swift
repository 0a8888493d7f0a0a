/// A fix the reply box may offer for a finding: replace `start..<end` (UTF-16 code units of the original text, often
/// wider than the finding: the whole clause) with `text`.
public struct Fix: Codable, Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var text: String

    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }

    /// `original` with the fix applied.
    public func applied(to original: [UInt16]) -> String {
        String(decoding: original[..<start], as: UTF16.self) + text + String(decoding: original[end...], as: UTF16.self)
    }
}

extension ComplianceGuard {
    /// The check, with a fix on each finding where a safe one exists. A pack's rewrite of the span is tried first;
    /// otherwise (and when the rewrite leaves the clause wrong) the whole clause goes, since deleting only the
    /// offending word leaves broken text (加微信详聊 → 加详聊). Every candidate is checked again and offered only when
    /// the result has exactly the findings outside the replaced range, nothing new. Warnings about wording that needs
    /// rephrasing (a promise, the wrong language) get no clause removal: only the agent can say it better.
    ///
    /// Costs a check per candidate, so only what shows findings to a person calls it; stored and bulk checks use
    /// `check`.
    public func checkOfferingFixes(_ text: String, context: ComplianceContext = .none) -> ComplianceReport {
        var report = check(text, context: context)
        guard !report.findings.isEmpty else { return report }
        let utf16 = Array(text.utf16)
        // Findings in one clause share its removal: each candidate is checked once.
        var checked: [Fix: Bool] = [:]
        for index in report.findings.indices {
            report.findings[index].fix = safeFix(
                for: report.findings[index], in: utf16, report: report, context: context, checked: &checked)
        }
        return report
    }

    private func safeFix(
        for finding: Finding, in utf16: [UInt16], report: ComplianceReport, context: ComplianceContext,
        checked: inout [Fix: Bool]
    ) -> Fix? {
        var candidates: [Fix] = []
        if let suggestion = finding.suggestion, !suggestion.isEmpty {
            candidates.append(Fix(start: finding.start, end: finding.end, text: suggestion))
        }
        if !Self.rephraseOnly.contains(finding.category), let removal = ClauseBounds.removal(of: finding, in: utf16) {
            candidates.append(removal)
        }
        for candidate in candidates {
            let safe = checked[candidate] ?? isSafe(candidate, in: utf16, report: report, context: context)
            checked[candidate] = safe
            if safe { return candidate }
        }
        return nil
    }

    private func isSafe(_ fix: Fix, in utf16: [UInt16], report: ComplianceReport, context: ComplianceContext) -> Bool {
        let fixed = fix.applied(to: utf16)
        guard fixed.contains(where: { $0.isLetter || $0.isNumber }) else { return false }
        let untouched = report.findings.filter { $0.end <= fix.start || $0.start >= fix.end }.count
        return check(fixed, context: context).findings.count == untouched
    }

    /// Categories whose fix is better wording, never silence.
    static let rephraseOnly: Set<ComplianceCategory> = [.promise, .language]
}

/// Where a clause starts and ends, for removing one whole.
enum ClauseBounds {
    /// The clause around `finding` and the punctuation that closes it; for the last clause, the punctuation before it
    /// instead (亲，您好，加我微信。 → 亲，您好。). Nil when the clause is the whole message.
    static func removal(of finding: Finding, in utf16: [UInt16]) -> Fix? {
        var start = finding.start
        while start > 0, !isBreak(at: start - 1, in: utf16) { start -= 1 }
        var end = finding.end
        while end < utf16.count, !isBreak(at: end, in: utf16) { end += 1 }
        let hasLaterText = utf16[min(end + 1, utf16.count)...].contains { !isSpace($0) && !isBreakCharacter($0) }
        if end < utf16.count, hasLaterText {
            end += 1
            while end < utf16.count, isSpace(utf16[end]) { end += 1 }
            return Fix(start: start, end: end, text: "")
        }
        guard start > 0 else { return nil }
        // The last clause. After a sentence's end (您好。加我微信。) it goes with what follows it; after a comma
        // (亲，您好，加我微信。) the comma goes and the message keeps its closing punctuation.
        if isSentenceEnd(utf16[start - 1]) { return Fix(start: start, end: utf16.count, text: "") }
        return Fix(start: start - 1, end: end, text: "")
    }

    private static func isSentenceEnd(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x2E, 0x21, 0x3F, 0x0A, 0x3002, 0xFF01, 0xFF1F: true
        default: false
        }
    }

    /// Clause-ending punctuation. A Latin `.` or `,` breaks only before a space or the end (not in `bit.ly`, `1,000`).
    static func isBreak(at index: Int, in utf16: [UInt16]) -> Bool {
        let unit = utf16[index]
        if unit == 0x2E || unit == 0x2C {
            return index + 1 == utf16.count || isSpace(utf16[index + 1])
        }
        return isBreakCharacter(unit)
    }

    private static func isBreakCharacter(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x21, 0x3F, 0x3B, 0x0A, 0xFF0C, 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x3001, 0xFF5E: true
        default: false
        }
    }

    private static func isSpace(_ unit: UInt16) -> Bool {
        unit == 0x20 || unit == 0x09 || unit == 0x3000
    }
}
