import Foundation

/// What a conversation is found by in the one search box besides its messages: its customer's name, its subject and
/// its order number, as the keys of a plain inverted index (`conversation_keys`) that both databases answer from a
/// B-tree, so a name, a subject or part of an order number is found without reading every conversation.
///
/// - `n<term>`: the name's and the subject's terms as `SearchTerms` makes them (words; CJK bigrams), plus each CJK
///   character of the name on its own, since a buyer is often looked up by the one character of a surname (王).
/// - `o<order number>`: the whole order number, folded and lower-cased: found exactly or by its start.
/// - `r<digits>`: every tail of four or more digits of each run of digits in the order number (`9012345`, `012345`,
///   `12345`, `2345`), so any run of four or more digits a person types (the last digits a buyer quotes) is the start
///   of one of them: one B-tree range, exact, however common the digits (order numbers share long beginnings).
public enum ConversationKeys {
    public static let shortestRun = 4
    /// Longest key kept: a longer word is still found by its start.
    static let maxKeyLength = 64
    /// Most name and subject terms kept per conversation.
    static let maxTerms = 48

    public static func keys(customerName: String, subject: String?, orderNumber: String?) -> Set<String> {
        var keys = Set<String>()
        var terms = SearchTerms.termList(customerName)
        if let subject { terms += SearchTerms.termList(subject) }
        for term in terms.prefix(maxTerms) { keys.insert(key("n", term)) }
        for scalar in customerName.unicodeScalars where SearchTerms.isCJK(scalar) {
            keys.insert("n" + String(Character(scalar)))
        }
        if let order = normalizedOrder(orderNumber ?? ""), !order.isEmpty {
            keys.insert(key("o", order))
            for run in OrderNumberQuery(order).digitRuns {
                for tail in tails(of: run) { keys.insert(key("r", tail)) }
            }
        }
        return keys
    }

    /// What the typed text looks up. A conversation matches when its order number starts with the text, when it holds
    /// one of the text's digit runs, or when its name and subject hold every word (the last one by its start).
    public struct Query: Sendable, Equatable {
        /// `o…`: the key range an order number starting with the text falls in.
        public let orderPrefix: String?
        /// `r…`: for each run of four or more digits in the text, the key range of order numbers holding it.
        public let digitRuns: [String]
        /// `n…` keys every match holds exactly.
        public let words: [String]
        /// The `n…` key the last word's keys start with.
        public let lastWordPrefix: String?

        public var isEmpty: Bool { orderPrefix == nil && digitRuns.isEmpty && lastWordPrefix == nil }

        /// The same lookup for order numbers only (the inbox's order-number field).
        public var orderNumbersOnly: Query {
            Query(orderPrefix: orderPrefix, digitRuns: digitRuns, words: [], lastWordPrefix: nil)
        }
    }

    public static func query(_ typed: String) -> Query {
        let order = normalizedOrder(typed) ?? ""
        let runs = OrderNumberQuery(typed).digitRuns.map { key("r", $0) }
        var words: [String] = []
        for term in SearchTerms.termList(typed) where !words.contains(key("n", term)) { words.append(key("n", term)) }
        let last = words.popLast()
        return Query(
            orderPrefix: order.count >= SearchTerms.minimumQueryLength ? key("o", order) : nil, digitRuns: runs,
            words: words, lastWordPrefix: last)
    }

    /// The order number as keys hold it: full-width folded, lower-cased, trimmed.
    static func normalizedOrder(_ text: String) -> String? {
        let folded = SearchTerms.normalize(text).trimmingCharacters(in: .whitespaces)
        return folded.isEmpty ? nil : folded
    }

    static func key(_ kind: String, _ text: String) -> String {
        kind + String(text.prefix(maxKeyLength))
    }

    /// Every tail of `run` at least `shortestRun` long, longest first.
    static func tails(of run: String) -> [String] {
        let characters = Array(run)
        guard characters.count >= shortestRun else { return [] }
        return (0...(characters.count - shortestRun)).map { String(characters[$0...]) }
    }
}
