/// Turning what the scan saw into findings: lexicon hits at their word boundaries and not excused by an allowed
/// phrase, the reply-language rule, and one finding where several of a category overlap.
extension ComplianceGuard {
    /// The findings of lexicon hits that are at word boundaries where they must be and not excused by an allowed
    /// phrase, and where chat-app names end (an account ID may follow them).
    func lexiconFindings(
        _ hits: [(pattern: Int32, last: Int)], positions: UnsafeMutableBufferPointer<Position>, text: String
    ) -> ([Finding], [(end: Int, severity: Severity)]) {
        // Allowed phrases first (rare), so the findings can be made in one go without a list of candidates.
        var allowed: [(rule: Int32, first: Int, last: Int)] = []
        for (pattern, last) in hits {
            let range = Int(entryStart[Int(pattern)])..<Int(entryStart[Int(pattern) + 1])
            guard entries[range].contains(where: \.isAllow) else { continue }
            let (first, bounded) = span(pattern, last: last, positions: positions)
            for entry in entries[range] where entry.isAllow && entry.boundary & ~bounded == 0 {
                allowed.append((entry.rule, first, last))
            }
        }
        var findings: [Finding] = []
        var chatApps: [(end: Int, severity: Severity)] = []
        for (pattern, last) in hits {
            let (first, bounded) = span(pattern, last: last, positions: positions)
            for index in Int(entryStart[Int(pattern)])..<Int(entryStart[Int(pattern) + 1]) {
                let entry = entries[index]
                if entry.isAllow || entry.boundary & ~bounded != 0 { continue }
                let excused = allowed.contains { allow in
                    (allow.rule == -1 || allow.rule == entry.rule) && allow.first <= first && allow.last >= last
                }
                if excused { continue }
                let rule = rules[Int(entry.rule)]
                let start = Int(positions[first].start)
                let end = Int(positions[last].end)
                findings.append(Finding(
                    rule: rule.id, category: rule.category, severity: rule.severity, start: start, end: end,
                    matched: text.utf16Slice(start, end), message: rule.message, suggestion: entry.suggestion))
                if rule.capturesID { chatApps.append((end, rule.severity)) }
            }
        }
        return (findings, chatApps)
    }

    /// Where a hit starts among the folded characters, and which of its ends are word boundaries (bit 0 the start,
    /// bit 1 the end): a skipped character (space, punctuation) or a non-word character next to it, or the text's edge.
    @inline(__always)
    func span(_ pattern: Int32, last: Int, positions: UnsafeMutableBufferPointer<Position>) -> (first: Int, bounded: UInt8) {
        let first = last - Int(automaton.lengths[Int(pattern)]) + 1
        let startBounded = first == 0 || positions[first].afterSkip || !positions[first - 1].isWord
        let endBounded = last + 1 >= positions.count || positions[last + 1].afterSkip || !positions[last + 1].isWord
        return (first, (startBounded ? 1 : 0) | (endBounded ? 2 : 0))
    }

    func languageFinding(_ requirement: LanguageRequirement, signals: Signals, text: String) -> Finding? {
        // A buyer's Chinese name in an English reply is fine; a reply written in another script is not.
        let letters = signals.foreignLetters + signals.latinLetters
        guard signals.foreignLetters >= 2, letters > 0, Double(signals.foreignLetters) / Double(letters) >= 0.2 else { return nil }
        return Finding(
            rule: "language.\(requirement.language)", category: .language, severity: requirement.severity,
            start: signals.foreignStart, end: signals.foreignEnd,
            matched: text.utf16Slice(signals.foreignStart, signals.foreignEnd), message: requirement.message)
    }

    /// Drops a finding that another of the same category already covers (最好 inside 最好的), keeping the more severe.
    static func removingRepeats(_ sorted: [Finding]) -> [Finding] {
        guard sorted.count > 1 else { return sorted }
        var kept: [Finding] = []
        for finding in sorted {
            let covered = kept.contains { other in
                other.category == finding.category && other.start <= finding.start && other.end >= finding.end
                    && other.severity >= finding.severity
            }
            if !covered { kept.append(finding) }
        }
        return kept
    }
}

extension String {
    /// The characters between two UTF-16 offsets, as a browser would slice them.
    func utf16Slice(_ start: Int, _ end: Int) -> String {
        let view = utf16
        let lower = view.index(view.startIndex, offsetBy: start, limitedBy: view.endIndex) ?? view.endIndex
        let upper = view.index(lower, offsetBy: end - start, limitedBy: view.endIndex) ?? view.endIndex
        return String(self[lower..<upper])
    }
}
