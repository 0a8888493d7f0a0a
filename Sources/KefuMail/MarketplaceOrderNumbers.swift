import Foundation

/// Order numbers of the marketplaces whose mail reaches sellers, as they appear in subjects and bodies: a relayed
/// message names its order, which threads it and gives the conversation the order's deadline.
public enum MarketplaceOrderNumbers {
    public struct Match: Sendable, Equatable {
        /// The platform's identifier (`amazon-us`, `ebay`), as Kefu's policies name it.
        public let platform: String
        public let number: String
    }

    /// The shapes with a documented, unmistakable form: Amazon `112-1234567-1234567`, eBay `12-34567-89012`.
    static let shapes: [(platform: String, groups: [Int])] = [("amazon-us", [3, 7, 7]), ("ebay", [2, 5, 5])]

    /// Every order number in `text`, first to last; a number inside a longer run of digits and dashes is not one.
    public static func find(in text: String) -> [Match] {
        var matches: [Match] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]), index == 0 || !(isDigit(scalars[index - 1]) || scalars[index - 1] == "-") else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isDigit(scalars[end]) || scalars[end] == "-" { end += 1 }
            let run = String(String.UnicodeScalarView(scalars[index..<end]))
            let groups = run.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            if let shape = shapes.first(where: { $0.groups == groups }) {
                matches.append(Match(platform: shape.platform, number: run))
            }
            index = end
        }
        return matches
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
