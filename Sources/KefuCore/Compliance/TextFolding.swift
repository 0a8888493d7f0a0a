import Foundation

/// How the compliance guard sees a character: the form it is compared in, and whether it counts at all.
///
/// Agents and buyers dodge word filters by spacing letters (`微 信`, `w-e-i-x-i-n`), by inserting emoji or
/// zero-width characters (`V❤信`), by full-width or styled letters (`ｗｅｃｈａｔ`, `𝐰𝐞𝐜𝐡𝐚𝐭`), by Cyrillic
/// look-alikes (`whаtsаpp`) and by traditional characters (`淘寶`). Folding maps every such spelling onto one form:
/// separators, punctuation, symbols and marks are skipped, and what remains is compared after case folding,
/// width folding, look-alike folding and traditional → simplified; a plus sign reads as 加. Lexicon terms go
/// through the same folding, so a term and its disguises meet.
///
/// One table lookup per character: the whole Basic Multilingual Plane is precomputed once per process.
public struct TextFolding: Sendable {
    /// A folded character: the code point it compares as (low 21 bits) and what it is.
    public struct Entry: Sendable, Equatable {
        public let raw: UInt32

        static let skipBit: UInt32 = 1 << 31
        static let attachedBit: UInt32 = 1 << 30
        static let wordBit: UInt32 = 1 << 29
        static let triggerBit: UInt32 = 1 << 28

        /// Not compared: a separator, punctuation, symbol, emoji or invisible character.
        public var isSkipped: Bool { raw & Self.skipBit != 0 }
        /// A mark that belongs to the character before it (combining accent, variation selector, joiner): a span
        /// that ends on that character ends after its marks, so a highlight never splits a grapheme.
        public var isAttached: Bool { raw & Self.attachedBit != 0 }
        /// A letter or digit of an alphabetic script: English, Russian or Arabic terms must start and end at word
        /// boundaries (`best` is not in `bestow`); Chinese terms need none.
        public var isWordCharacter: Bool { raw & Self.wordBit != 0 }
        /// May start a contact detail (a digit, a Chinese numeral, `@`, a dot or `:`), so the detectors are worth running.
        public var isTrigger: Bool { raw & Self.triggerBit != 0 }
        public var codePoint: UInt32 { raw & 0x1F_FFFF }
    }

    /// The table for U+0000–U+FFFF; characters above it are folded by `entry(for:)` directly.
    let plane: [UInt32]

    /// Built once: about 20 ms.
    public static let standard = TextFolding()

    init() {
        var table = [UInt32](repeating: 0, count: 0x10000)
        for value in 0..<UInt32(0x10000) {
            guard let scalar = Unicode.Scalar(value) else {
                table[Int(value)] = Entry.skipBit  // surrogate code points never reach the table
                continue
            }
            table[Int(value)] = Self.compute(scalar).raw
        }
        plane = table
    }

    /// A fresh table, for measuring what `standard` costs the first time.
    public static func makeForBenchmark() -> TextFolding { TextFolding() }

    @inline(__always)
    public func entry(for scalar: Unicode.Scalar) -> Entry {
        let value = scalar.value
        if value < 0x10000 { return Entry(raw: plane[Int(value)]) }
        return Self.compute(scalar)
    }

    /// The folded form of a whole text: what a lexicon term is stored as.
    public func fold(_ text: String) -> [UInt32] {
        var folded: [UInt32] = []
        folded.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let entry = entry(for: scalar)
            if !entry.isSkipped { folded.append(entry.codePoint) }
        }
        return folded
    }

    static func compute(_ scalar: Unicode.Scalar) -> Entry {
        let value = scalar.value
        let properties = scalar.properties
        if let digit = styledDigit(value) { return make(0x30 + digit) }
        if let letter = styledLetter(value) { return make(letter) }
        // A plus is read as 加 ("add"): `+V`, `➕vx` invite to WeChat as 加V does. It stays a trigger for `+86`.
        if value == 0x2B || value == 0xFF0B { return Entry(raw: 0x52A0 | Entry.triggerBit) }
        if value == 0x2795 { return Entry(raw: 0x52A0) }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return Entry(raw: Entry.skipBit | Entry.attachedBit | value)
        case .format:
            // Zero-width joiners, variation selectors' neighbours and direction marks hide inside words.
            let attached = value == 0x200D
            return Entry(raw: Entry.skipBit | (attached ? Entry.attachedBit : 0) | value)
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
            .privateUse, .surrogate, .unassigned:
            let trigger = value == 0x40 || value == 0xFF20 || value == 0x2E || value == 0xFF0E || value == 0x3002
                || value == 0x3A || value == 0xFF1A || value == 0x2B || value == 0xFF0B
            if (0xFE00...0xFE0F).contains(value) || (0x1F3FB...0x1F3FF).contains(value) {
                return Entry(raw: Entry.skipBit | Entry.attachedBit | value)
            }
            return Entry(raw: Entry.skipBit | (trigger ? Entry.triggerBit : 0) | value)
        default:
            break
        }
        if (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value) {
            return Entry(raw: Entry.skipBit | Entry.attachedBit | value)
        }
        var folded = value
        if (0xFF01...0xFF5E).contains(folded) { folded -= 0xFEE0 }  // full-width ASCII
        if (0xC0...0x24F).contains(folded) || (0x1E00...0x1EFF).contains(folded),
            let base = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars.first
        {
            folded = base.value  // é → e: accents only disguise Latin letters
        }
        if let lower = Unicode.Scalar(folded)?.properties.lowercaseMapping.unicodeScalars.first {
            folded = lower.value
        }
        folded = lookAlikes[folded] ?? folded
        folded = TraditionalChinese.simplified[folded] ?? folded
        let isHan = Unicode.Scalar(folded)?.properties.isIdeographic ?? false
        let isWord = !isHan && (Unicode.Scalar(folded)?.properties.isAlphabetic ?? false || (0x30...0x39).contains(folded))
        let trigger = (0x30...0x39).contains(folded) || ChineseNumerals.digit(value) != nil || value == 0x70B9  // 点
        var raw = folded
        if isWord { raw |= Entry.wordBit }
        if trigger { raw |= Entry.triggerBit }
        return Entry(raw: raw)
    }

    private static func make(_ value: UInt32) -> Entry {
        Entry(raw: value | Entry.wordBit | ((0x30...0x39).contains(value) ? Entry.triggerBit : 0))
    }

    /// ①–⑨, ⑴–⑼, ⒈–⒐, superscript and mathematical digits, read as the digit they show.
    static func styledDigit(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x2460...0x2468: value - 0x2460 + 1
        case 0x2474...0x247C: value - 0x2474 + 1
        case 0x2488...0x2490: value - 0x2488 + 1
        case 0x24EA, 0x24FF: 0
        case 0x2070: 0
        case 0x00B9: 1
        case 0x00B2: 2
        case 0x00B3: 3
        case 0x2074...0x2079: value - 0x2070
        case 0x1D7CE...0x1D7FF: (value - 0x1D7CE) % 10
        case 0x0660...0x0669: value - 0x0660  // Arabic-Indic digits
        case 0x06F0...0x06F9: value - 0x06F0  // Persian digits
        case 0x1F100...0x1F10A: value == 0x1F100 ? 0 : value - 0x1F101
        default: nil
        }
    }

    /// Circled, parenthesized and mathematical letters (Ⓦ, ⓦ, 𝐖, 𝔀…), read as the plain lower-case letter.
    static func styledLetter(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x24B6...0x24CF: 0x61 + value - 0x24B6
        case 0x24D0...0x24E9: 0x61 + value - 0x24D0
        case 0x249C...0x24B5: 0x61 + value - 0x249C
        case 0x1F130...0x1F149: 0x61 + value - 0x1F130
        case 0x1F150...0x1F169: 0x61 + value - 0x1F150
        case 0x1F170...0x1F189: 0x61 + value - 0x1F170
        case 0x1F1E6...0x1F1FF: 0x61 + value - 0x1F1E6  // regional indicators 🇦–🇿
        case 0x1D400...0x1D6A3: 0x61 + (value - 0x1D400) % 26
        default: nil
        }
    }

    /// Cyrillic and Greek letters that look like Latin ones. Terms fold the same way, so Russian terms still match.
    static let lookAlikes: [UInt32: UInt32] = [
        0x0430: 0x61, 0x0435: 0x65, 0x043E: 0x6F, 0x0440: 0x70, 0x0441: 0x63, 0x0443: 0x79, 0x0445: 0x78,
        0x0456: 0x69, 0x0458: 0x6A, 0x0455: 0x73, 0x051B: 0x71, 0x051D: 0x77, 0x04BB: 0x68, 0x0501: 0x64,
        0x03BF: 0x6F, 0x03B1: 0x61, 0x03BD: 0x76, 0x03B9: 0x69, 0x03BA: 0x6B, 0x03C1: 0x70, 0x03C5: 0x75,
        0x0131: 0x69, 0x0261: 0x67,
    ]
}
