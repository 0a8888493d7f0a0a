/// An agent quoting the buyer back (您说的“加微信”是什么意思？ / You wrote "call me at…") repeats a violation without
/// committing it. A block inside a quotation that a speech word introduces is only a warning: the agent still sees
/// it and acknowledges it, and a bare quotation (no one said it) is no excuse.
enum QuotedBuyerText {
    /// Words that, within a few characters before the opening quote, say the quotation is the buyer's.
    static let speech: [[UInt16]] = [
        "您说", "你说", "您问", "你问", "您提到", "你提到", "您写", "你写", "您发的", "你发的", "您的留言", "您留言",
        "买家说", "客户说", "您反映", "您咨询", "you said", "you wrote", "you asked", "you mentioned", "you say",
        "you write", "вы написали", "вы пишете", "вы сказали",
    ].map { Array($0.utf16) }

    static let pairs: [(open: UInt16, close: UInt16)] = [
        (0x201C, 0x201D), (0x300C, 0x300D), (0x300E, 0x300F), (0x22, 0x22), (0xAB, 0xBB), (0x2018, 0x2019),
    ]

    static let openings = Set(pairs.map(\.open))

    @inline(__always)
    static func isOpeningQuote(_ unit: UInt16) -> Bool { openings.contains(unit) }

    /// How far before the opening quote the speech word may end: room for `的`, `：`, a space.
    static let reach = 4

    /// `findings` with blocks inside a quotation of the buyer softened to warnings.
    static func softening(_ findings: [Finding], in text: String) -> [Finding] {
        guard findings.contains(where: { $0.severity == .block }),
            text.utf16.contains(where: isOpeningQuote)
        else { return findings }
        let quotes = quotations(in: Array(text.utf16))
        guard !quotes.isEmpty else { return findings }
        return findings.map { finding in
            guard finding.severity == .block, quotes.contains(where: { $0.contains(finding.start) && finding.end <= $0.upperBound })
            else { return finding }
            var softened = finding
            softened.severity = .warn
            return softened
        }
    }

    /// The inside of each quotation a speech word introduces, in UTF-16 offsets.
    static func quotations(in utf16: [UInt16]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < utf16.count {
            guard let pair = pairs.first(where: { $0.open == utf16[index] }),
                let close = utf16[(index + 1)...].firstIndex(of: pair.close)
            else {
                index += 1
                continue
            }
            if introduced(before: index, in: utf16) { found.append((index + 1)..<close) }
            index = close + 1
        }
        return found
    }

    private static func introduced(before quote: Int, in utf16: [UInt16]) -> Bool {
        let window = utf16[max(0, quote - reach - 8)..<quote].map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 0x20 : $0 }
        return speech.contains { word in
            guard window.count >= word.count else { return false }
            for end in stride(from: window.count, through: max(word.count, window.count - reach), by: -1)
            where Array(window[(end - word.count)..<end]) == word {
                return true
            }
            return false
        }
    }
}
