/// Checks a text against one platform's rules before it is sent: every lexicon term in every disguise, contact
/// details, links outside the platform, the buyer's own data and the required language.
///
/// Built once per platform (and per workspace with its own terms) and then shared: checking allocates only for what
/// it finds. One pass folds each character (`TextFolding`), steps the term automaton and notes whether a detector has
/// anything to look at; the detectors run only on texts with digits, `@` or a dotted name in them.
public struct ComplianceGuard: Sendable {
    struct CompiledRule: Sendable {
        let id: String
        let category: ComplianceCategory
        let severity: Severity
        let message: LocalizedText
        let capturesID: Bool
    }

    /// What a lexicon pattern means: a term of a rule, a phrase that excuses the rule's terms inside it, or a word
    /// that excuses them close by (`TermRule.unless`).
    struct PatternEntry: Sendable {
        enum Kind: UInt8 {
            case term
            case allow
            /// Excuses the rule's terms starting up to `window` characters after it ends.
            case unlessBefore
            /// Excuses the rule's terms ending up to `window` characters before it starts.
            case unlessAfter
            /// Anywhere in the text: the rule's findings warn instead of blocking.
            case soften
        }

        /// Index into `rules`; -1 for a workspace's allowed phrase, which excuses every rule.
        let rule: Int32
        let kind: Kind
        let window: UInt8
        /// Bit 0: must start at a word boundary; bit 1: must end at one. Only alphabetic ends need one, and a term
        /// written with `*` at an end (`*whatsapp*`) may be glued to other letters there (`mywhatsapp123`). Declared
        /// before `suggestion` so it fills padding: 24 bytes an entry, as before it existed (64,000 terms load).
        let boundary: UInt8
        let suggestion: String?
    }

    let rules: [CompiledRule]
    let automaton: TermAutomaton
    let entryStart: [Int32]
    let entries: [PatternEntry]
    let detectors: DetectorSettings
    let ownDomains: [String]
    let replyLanguage: LanguageRequirement?
    /// Outbound links are `externalLink`; inbound ones are `suspiciousLink`, for the agent not to open.
    let linkCategory: ComplianceCategory
    let folding = TextFolding.standard
    /// Per BMP code point: the folding flags (high bits) and the automaton symbol of the folded form (low 16 bits).
    /// One lookup per character instead of two: the two tables were a cache miss each on Chinese text.
    let fused: [UInt32]

    public var termCount: Int { automaton.patternCount }

    /// A guard for `rules` with the given detectors. `ownDomains` are the platform's, where links are fine.
    public init(
        rules lexiconRules: [TermRule], detectors: DetectorSettings = DetectorSettings(), ownDomains: [String] = [],
        replyLanguage: LanguageRequirement? = nil, allowedPhrases: [String] = [], removedTerms: Set<String> = [],
        linkCategory: ComplianceCategory = .externalLink
    ) {
        let folding = TextFolding.standard
        var compiled: [CompiledRule] = []
        // Every term and allowed phrase with what it means, then sorted by folded form: equal forms become one
        // pattern with several entries. A flat sort keeps 64,000 terms to a few allocations each.
        var items: [(folded: [UInt32], entry: PatternEntry)] = []
        func isWord(_ codePoint: UInt32?) -> Bool {
            guard let codePoint, let scalar = Unicode.Scalar(codePoint) else { return false }
            return folding.entry(for: scalar).isWordCharacter
        }
        func boundary(_ term: String, folded: [UInt32]) -> UInt8 {
            (isWord(folded.first) && !term.hasPrefix("*") ? 1 : 0) | (isWord(folded.last) && !term.hasSuffix("*") ? 2 : 0)
        }
        func allow(_ phrase: String, rule: Int32, kind: PatternEntry.Kind = .allow, window: Int = 0) {
            let folded = folding.fold(phrase)
            guard !folded.isEmpty else { return }
            items.append((folded, PatternEntry(
                rule: rule, kind: kind, window: UInt8(clamping: window), boundary: boundary(phrase, folded: folded),
                suggestion: nil)))
        }
        let removed = Set(removedTerms.map { folding.fold($0) })
        for rule in lexiconRules {
            let index = Int32(compiled.count)
            compiled.append(CompiledRule(
                id: rule.id, category: rule.category, severity: rule.severity, message: rule.message,
                capturesID: rule.capturesID ?? false))
            items.reserveCapacity(items.count + rule.terms.count)
            for term in rule.terms {
                let folded = folding.fold(term)
                guard !folded.isEmpty, !removed.contains(folded) else { continue }
                items.append((folded, PatternEntry(
                    rule: index, kind: .term, window: 0, boundary: boundary(term, folded: folded),
                    suggestion: rule.rewrites?[term] ?? rule.suggestion)))
            }
            for phrase in rule.allow ?? [] { allow(phrase, rule: index) }
            for condition in rule.unless ?? [] {
                for word in condition.before ?? [] { allow(word, rule: index, kind: .unlessBefore, window: condition.within) }
                for word in condition.after ?? [] { allow(word, rule: index, kind: .unlessAfter, window: condition.within) }
            }
            for word in rule.softenedBy ?? [] { allow(word, rule: index, kind: .soften) }
        }
        for phrase in allowedPhrases { allow(phrase, rule: -1) }
        // Stable, so a term's entries keep the order of the rules that list it.
        let order = items.indices.sorted { a, b in
            items[a].folded == items[b].folded ? a < b : items[a].folded.lexicographicallyPrecedes(items[b].folded)
        }
        var patterns: [[UInt32]] = []
        var entryStart: [Int32] = [0]
        var entries: [PatternEntry] = []
        entries.reserveCapacity(items.count)
        for index in order {
            if patterns.last != items[index].folded {
                if !patterns.isEmpty { entryStart.append(Int32(entries.count)) }
                patterns.append(items[index].folded)
            }
            entries.append(items[index].entry)
        }
        entryStart.append(Int32(entries.count))
        items = []
        rules = compiled
        let automaton = TermAutomaton(patterns: patterns)
        self.automaton = automaton
        fused = folding.plane.map { raw in
            let entry = TextFolding.Entry(raw: raw)
            return (raw & 0xF000_0000) | (entry.isSkipped ? 0 : UInt32(automaton.symbol(entry.codePoint)))
        }
        self.entryStart = entryStart
        self.entries = entries
        self.detectors = detectors
        self.ownDomains = ownDomains.map { $0.lowercased() }
        self.replyLanguage = replyLanguage
        self.linkCategory = linkCategory
    }

    /// One folded character of the text being checked, and where it stands in the original.
    struct Position {
        var start: Int32
        var end: Int32
        /// The original scalar (folded again where a detector compares it).
        var codePoint: UInt32
        /// A skipped character (space, punctuation, emoji) stands between this one and the one before.
        var afterSkip: Bool
        /// What stands between this one and the one before ends a clause (，。！？；, a line break) or is more than an
        /// obfuscation would put inside a word (a space beside punctuation, three or more skipped characters): no
        /// term runs across it, and no context reaches over it.
        var afterBreak: Bool
        var isWord: Bool
    }

    /// What the scan saw that a detector may care about.
    struct Signals {
        /// The longest run of digits (any script, Chinese numerals too) with only skipped characters between them:
        /// fewer than seven cannot be a phone number, so ordinary Chinese (一下, 七天) costs no phone scan.
        var digits = 0
        var digitRun = 0
        var sawAt = false
        var sawDottedName = false
        var lastDotEnd = -1
        var foreignLetters = 0
        var latinLetters = 0
        var foreignStart = -1
        var foreignEnd = -1
    }

    /// The verdict and findings for `text`, in reading order.
    ///
    /// Most texts match no term: the scan only folds, steps the automaton and notes signals. Where a term matched
    /// (or the buyer's address must be looked for), a second, lighter walk records where each folded character stands
    /// in the original — only up to the last hit, without the automaton — which the findings' offsets and word
    /// boundaries need.
    public func check(_ text: String, context: ComplianceContext = .none) -> ComplianceReport {
        let capacity = text.utf8.count
        guard capacity > 0 else { return ComplianceReport(findings: []) }
        var contiguous = text
        return contiguous.withUTF8 { utf8 in fused.withUnsafeBufferPointer { table in
            var signals = Signals()
            var hits: [(pattern: Int32, last: Int)] = []
            let none = UnsafeMutableBufferPointer<Position>(start: nil, count: 0)
            _ = automaton.withTables { scan(utf8, table: table, automaton: $0, signals: &signals, hits: &hits) }
            let needsAddress = context.customerAddress != nil && detectors.buyerData != nil
            guard !hits.isEmpty || needsAddress else {
                return report(text, positions: none, hits: hits, signals: signals, context: context)
            }
            // The end-boundary check of the last hit looks one character further.
            let through = needsAddress ? Int.max : (hits.map(\.last).max() ?? 0) + 1
            return withUnsafeTemporaryAllocation(of: Position.self, capacity: capacity) { buffer in
                let count = mapPositions(utf8, table: table, through: through, into: buffer)
                let positions = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
                return report(text, positions: positions, hits: hits, signals: signals, context: context)
            }
        } }
    }

    /// Where each folded (not skipped) character stands in the original, up to and including index `through`.
    /// Returns how many were recorded.
    private func mapPositions(
        _ utf8: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt32>, through: Int,
        into positions: UnsafeMutableBufferPointer<Position>
    ) -> Int {
        guard let bytes = utf8.baseAddress else { return 0 }
        var count = 0
        var utf16 = 0
        var pendingSkip = false
        var run = SkippedRun()
        var offset = 0
        let end = utf8.count
        while offset < end, count <= through {
            let value = Self.decode(bytes, at: &offset)
            let width = value > 0xFFFF ? 2 : 1
            let entry = Self.folding(value, table: table)
            if entry.isSkipped {
                if entry.isAttached, count > 0, positions[count - 1].end == Int32(utf16) {
                    positions[count - 1].end = Int32(utf16 + width)
                } else {
                    pendingSkip = true
                    run.add(value)
                }
            } else {
                positions[count] = Position(
                    start: Int32(utf16), end: Int32(utf16 + width), codePoint: value, afterSkip: pendingSkip,
                    afterBreak: run.isBreak, isWord: entry.isWordCharacter)
                pendingSkip = false
                run = SkippedRun()
                count += 1
            }
            utf16 += width
        }
        // Marks attached to the last recorded character belong to it.
        while offset < end {
            var next = offset
            let value = Self.decode(bytes, at: &next)
            let entry = Self.folding(value, table: table)
            guard entry.isSkipped, entry.isAttached, count > 0, positions[count - 1].end == Int32(utf16) else { break }
            let width = value > 0xFFFF ? 2 : 1
            positions[count - 1].end = Int32(utf16 + width)
            utf16 += width
            offset = next
        }
        return count
    }

    /// The folding flags of one scalar: from the fused table in the BMP, computed beyond it.
    @inline(__always)
    static func folding(_ value: UInt32, table: UnsafeBufferPointer<UInt32>) -> TextFolding.Entry {
        value < 0x10000
            ? TextFolding.Entry(raw: table[Int(value)] & 0xF000_0000) : TextFolding.compute(Unicode.Scalar(value) ?? "\u{FFFD}")
    }

    /// Decodes one scalar of valid UTF-8 (a Swift string's) by hand: ASCII takes the short path.
    @inline(__always)
    static func decode(_ bytes: UnsafePointer<UInt8>, at offset: inout Int) -> UInt32 {
        let lead = UInt32(bytes[offset])
        if lead < 0x80 {
            offset += 1
            return lead
        } else if lead < 0xE0 {
            defer { offset += 2 }
            return (lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F)
        } else if lead < 0xF0 {
            defer { offset += 3 }
            return (lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F)
        }
        defer { offset += 4 }
        return (lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12 | UInt32(bytes[offset + 2] & 0x3F) << 6
            | UInt32(bytes[offset + 3] & 0x3F)
    }

    /// The one full pass: folds, steps the automaton, collects hits and signals. Returns how many characters were
    /// compared (not skipped).
    @inline(__always)
    private func scan(
        _ utf8: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt32>, automaton tables: TermAutomaton.Tables,
        signals: inout Signals, hits: inout [(pattern: Int32, last: Int)]
    ) -> Int {
        var count = 0
        var utf16 = 0
        var state: Int32 = 0
        let checkLanguage = replyLanguage != nil
        guard let bytes = utf8.baseAddress else { return 0 }
        var offset = 0
        let end = utf8.count
        while offset < end {
            let value = Self.decode(bytes, at: &offset)
            let width = value > 0xFFFF ? 2 : 1
            let symbol: Int
            let entry: TextFolding.Entry
            if value < 0x10000 {
                let raw = table[Int(value)]
                entry = TextFolding.Entry(raw: raw & 0xF000_0000)
                symbol = Int(raw & 0xFFFF)
            } else {
                entry = TextFolding.compute(Unicode.Scalar(value) ?? "\u{FFFD}")
                symbol = entry.isSkipped ? 0 : automaton.symbol(entry.codePoint)
            }
            if entry.isTrigger {
                note(value, at: utf16, width: width, in: &signals)
            } else if !entry.isSkipped {
                signals.digitRun = 0
            }
            if entry.isSkipped {
                utf16 += width
                continue
            }
            if signals.lastDotEnd == utf16, entry.isWordCharacter, value < 0x80 || (0xFF10...0xFF5A).contains(value) {
                signals.sawDottedName = true
            }
            if checkLanguage { countScript(value, isWord: entry.isWordCharacter, at: utf16, width: width, in: &signals) }
            state = tables.next(state, symbol)
            if state & TermAutomaton.matchFlag != 0 {
                var pattern = automaton.output[Int(state & TermAutomaton.stateMask)]
                while pattern >= 0 {
                    hits.append((pattern, count))
                    pattern = automaton.nextOutput[Int(pattern)]
                }
            }
            count += 1
            utf16 += width
        }
        return count
    }

    private func report(
        _ text: String, positions folded: UnsafeMutableBufferPointer<Position>, hits: [(pattern: Int32, last: Int)],
        signals: Signals, context: ComplianceContext
    ) -> ComplianceReport {
        var (findings, chatApps) = hits.isEmpty ? ([], []) : lexiconFindings(hits, positions: folded, text: text)
        if signals.digits >= 7 || signals.sawAt || signals.sawDottedName || !chatApps.isEmpty || !context.isEmpty {
            let detector = ContactDetector(text: text, ownDomains: ownDomains, context: context)
            if signals.digits >= 7 || !context.customerPhones.isEmpty {
                findings += detector.phoneFindings(phone: detectors.phone, buyerData: detectors.buyerData)
            }
            if signals.sawAt, let severity = detectors.email { findings += detector.emailFindings(severity) }
            if signals.sawDottedName, let severity = detectors.externalLink {
                findings += detector.linkFindings(severity, category: linkCategory, shops: detectors.otherShopLink)
            }
            for mention in chatApps {
                if let id = detector.chatID(after: mention.end, severity: mention.severity) { findings.append(id) }
            }
            if let address = context.customerAddress, let severity = detectors.buyerData {
                findings += detector.addressFindings(address, severity: severity, positions: folded)
            }
        }
        if let requirement = replyLanguage, let finding = languageFinding(requirement, signals: signals, text: text) {
            findings.append(finding)
        }
        findings.sort { ($0.start, $1.end) < ($1.start, $0.end) }
        return ComplianceReport(findings: QuotedBuyerText.softening(Self.removingRepeats(findings), in: text))
    }

    @inline(__always)
    private func note(_ value: UInt32, at utf16: Int, width: Int, in signals: inout Signals) {
        switch value {
        case 0x40, 0xFF20: signals.sawAt = true
        case 0x2E, 0xFF0E, 0x3002: signals.lastDotEnd = utf16 + width
        case 0x70B9:  // 点: a dot in taobao点com, and a word that ends a digit run
            signals.lastDotEnd = utf16 + width
            signals.digitRun = 0
        case 0x3A, 0xFF1A, 0x2B, 0xFF0B: break
        default:
            signals.digitRun += 1
            signals.digits = max(signals.digits, signals.digitRun)
        }
    }

    @inline(__always)
    /// Counts letters by the script they were written in (before look-alike folding: Cyrillic stays Cyrillic).
    private func countScript(_ codePoint: UInt32, isWord: Bool, at utf16: Int, width: Int, in signals: inout Signals) {
        let foreign = (0x0400...0x06FF).contains(codePoint) || (0x2E80...0x9FFF).contains(codePoint)
            || (0xAC00...0xD7AF).contains(codePoint) || (0xF900...0xFAFF).contains(codePoint)
            || (0x20000...0x3FFFF).contains(codePoint)
        if foreign {
            signals.foreignLetters += 1
            if signals.foreignStart < 0 { signals.foreignStart = utf16 }
            signals.foreignEnd = utf16 + width
        } else if isWord, codePoint < 0x250 {
            signals.latinLetters += 1
        }
    }
}
