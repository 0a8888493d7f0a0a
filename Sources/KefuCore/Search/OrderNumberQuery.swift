import Foundation

/// How a typed text finds order numbers, as sellers search them in 千牛 or Zendesk: the whole text exactly or as the
/// start of an order number, and any run of at least four digits anywhere in one (the last digits a buyer quotes,
/// "尾号 5678", or a number pasted with a stray prefix).
public struct OrderNumberQuery: Sendable, Equatable {
    /// Runs of `minimumRun` or more ASCII digits in the text (full-width digits folded: １２３ → 123), longest first.
    public let digitRuns: [String]

    public static let minimumRun = 4

    public init(_ typed: String) {
        let folded = SearchTerms.foldWidth(typed)
        var runs: [String] = []
        var current = ""
        for character in folded + " " {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else {
                if current.count >= Self.minimumRun, !runs.contains(current) { runs.append(current) }
                current = ""
            }
        }
        digitRuns = runs.sorted { $0.count > $1.count }
    }
}
