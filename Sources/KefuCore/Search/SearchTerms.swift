/// Turns message text into the terms Kefu's full-text index stores, and a buyer's or agent's query into the terms to
/// look up.
///
/// Chinese, Japanese and Korean have no spaces between words and the words people search most are two characters
/// long (发货, 退款, 快递), which trigram indexes cannot answer. So runs of CJK characters are indexed as overlapping
/// bigrams (`没有发货` → `没有 有发 发货`) and a query of n ≥ 2 CJK characters becomes the phrase of its n − 1 bigrams:
/// a phrase of consecutive bigrams matches exactly the texts containing the query as a substring. Other scripts
/// (Latin, Cyrillic, Arabic, digits) are indexed as lower-cased words.
public enum SearchTerms {
    /// The shortest query Kefu answers, in characters. One character would match most of the corpus.
    public static let minimumQueryLength = 2

    /// The space-separated terms to index for `text`, in text order.
    public static func indexed(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count * 2)
        forEachTerm(in: text) { term in
            if !out.isEmpty { out.append(" ") }
            out.append(term)
        }
        return out
    }

    /// The terms of `text` as an array (PostgreSQL stores them as `text[]`).
    public static func termList(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { terms.append($0) }
        return terms
    }

    /// A parsed query: each whitespace-separated part of the query is a phrase of consecutive index terms; a message
    /// matches when it contains every phrase.
    public struct Query: Sendable, Equatable {
        public let phrases: [[String]]
        /// The query's parts as typed (after normalization), to confirm matches with a substring check.
        public let parts: [String]

        /// Every distinct term of every phrase.
        public var allTerms: [String] {
            var seen = Set<String>()
            return phrases.flatMap { $0 }.filter { seen.insert($0).inserted }
        }

        /// The query in SQLite FTS5 syntax: `"没有 有发 发货" "refund"`. Terms hold only letters and digits, so no
        /// escaping is needed.
        public var fts5: String {
            phrases.map { "\"" + $0.joined(separator: " ") + "\"" }.joined(separator: " ")
        }
    }

    /// Parses a query, or throws `query_too_short` when nothing searchable remains.
    public static func query(_ raw: String) throws(KefuError) -> Query {
        var phrases: [[String]] = []
        var parts: [String] = []
        for part in raw.split(whereSeparator: { $0.isWhitespace }) {
            let normalized = normalize(String(part))
            let terms = termList(normalized)
            let searchable = terms.filter { $0.count >= minimumQueryLength || isCJKTerm($0) }
            guard !terms.isEmpty, normalized.count >= minimumQueryLength, searchable.count == terms.count else { continue }
            phrases.append(terms)
            parts.append(normalized)
        }
        guard !phrases.isEmpty else {
            throw .invalid(
                "query_too_short",
                "Search for at least \(minimumQueryLength) characters (for example 发货 or refund).")
        }
        return Query(phrases: phrases, parts: parts)
    }

    /// Folds full-width forms to ASCII and lower-cases, as the index does.
    public static func normalize(_ text: String) -> String {
        foldWidth(text).lowercased()
    }

    /// Full-width forms (１２３, ＡＢＣ, the ideographic space) as their ASCII twins.
    public static func foldWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value), let folded = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalars.append(folded)
            } else if scalar.value == 0x3000 {
                scalars.append(" ")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    private static func isCJKTerm(_ term: String) -> Bool {
        term.unicodeScalars.first.map(isCJK) ?? false
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF,  // Hiragana, Katakana
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xAC00...0xD7AF,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0x20000...0x2FA1F:  // extensions B–F
            true
        default: false
        }
    }

    private static func forEachTerm(in text: String, _ emit: (String) -> Void) {
        var word = String.UnicodeScalarView()
        var previousCJK: Unicode.Scalar?
        var cjkRunLength = 0

        func flushWord() {
            if !word.isEmpty {
                emit(String(word).lowercased())
                word.removeAll(keepingCapacity: true)
            }
        }
        func endCJKRun() {
            // A lone CJK character is indexed on its own so that it is still found inside a longer query's phrase.
            if cjkRunLength == 1, let lone = previousCJK { emit(String(Character(lone))) }
            previousCJK = nil
            cjkRunLength = 0
        }

        for raw in text.unicodeScalars {
            let scalar = (0xFF01...0xFF5E).contains(raw.value) ? Unicode.Scalar(raw.value - 0xFEE0) ?? raw : raw
            if isCJK(scalar) {
                flushWord()
                if let previous = previousCJK {
                    var pair = String.UnicodeScalarView()
                    pair.append(previous)
                    pair.append(scalar)
                    emit(String(pair))
                }
                previousCJK = scalar
                cjkRunLength += 1
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                endCJKRun()
                word.append(scalar)
            } else {
                endCJKRun()
                flushWord()
            }
        }
        endCJKRun()
        flushWord()
    }
}
