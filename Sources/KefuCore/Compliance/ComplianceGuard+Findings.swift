/// Turning what the scan saw into findings: lexicon hits at their word boundaries and not excused by an allowed
/// phrase, the reply-language rule, and one finding where several of a category overlap.
extension ComplianceGuard {
    /// The findings of lexicon hits that are at word boundaries where they must be and not excused by an allowed
    /// phrase, and where chat-app names end (an account ID may follow them).
    func lexiconFindings(
        _ hits: [(pattern: Int32, last: Int)], positions: UnsafeMutableBufferPointer<Position>, text: String
    ) -> ([Finding], [(end: Int, severity: Severity)]) {
        // Allowed phrases and context words first (rare), so the findings can be made in one go without a list of
        // candidates.
        var excusing: [(rule: Int32, kind: PatternEntry.Kind, window: Int, first: Int, last: Int)] = []
        for (pattern, last) in hits {
            let range = Int(entryStart[Int(pattern)])..<Int(entryStart[Int(pattern) + 1])
            guard entries[range].contains(where: { $0.kind != .term }) else { continue }
            let (first, bounded) = span(pattern, last: last, positions: positions)
            guard !Self.bridgesBreak(first, last, positions) else { continue }
            for entry in entries[range] where entry.kind != .term && entry.boundary & ~bounded == 0 {
                excusing.append((entry.rule, entry.kind, Int(entry.window), first, last))
            }
        }
        var findings: [Finding] = []
        var chatApps: [(end: Int, severity: Severity)] = []
        for (pattern, last) in hits {
            let (first, bounded) = span(pattern, last: last, positions: positions)
            // `快~ (手机` is not 快手: a term never runs across a clause break.
            if Self.bridgesBreak(first, last, positions) { continue }
            for index in Int(entryStart[Int(pattern)])..<Int(entryStart[Int(pattern) + 1]) {
                let entry = entries[index]
                if entry.kind != .term || entry.boundary & ~bounded != 0 { continue }
                let excused = excusing.contains { other in
                    guard other.rule == -1 || other.rule == entry.rule else { return false }
                    switch other.kind {
                    case .allow: return other.first <= first && other.last >= last
                    case .unlessBefore:
                        return other.last < first && first - other.last - 1 <= other.window
                            && !Self.bridgesBreak(other.last, first, positions)
                    case .unlessAfter:
                        return other.first > last && other.first - last - 1 <= other.window
                            && !Self.bridgesBreak(last, other.first, positions)
                    case .term, .soften: return false
                    }
                }
                if excused { continue }
                let rule = rules[Int(entry.rule)]
                let softened = rule.severity == .block
                    && excusing.contains { $0.kind == .soften && ($0.rule == -1 || $0.rule == entry.rule) }
                let start = Int(positions[first].start)
                let end = Int(positions[last].end)
                findings.append(Finding(
                    rule: rule.id, category: rule.category, severity: softened ? .warn : rule.severity, start: start, end: end,
                    matched: text.utf16Slice(start, end), message: rule.message, suggestion: entry.suggestion))
                if rule.capturesID { chatApps.append((end, rule.severity)) }
            }
        }
        return (findings, chatApps)
    }

    /// Whether a clause break stands anywhere after folded character `from` up to and including `through`.
    @inline(__always)
    static func bridgesBreak(_ from: Int, _ through: Int, _ positions: UnsafeMutableBufferPointer<Position>) -> Bool {
        guard from < through else { return false }
        for index in (from + 1)...through where positions[index].afterBreak { return true }
        return false
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
