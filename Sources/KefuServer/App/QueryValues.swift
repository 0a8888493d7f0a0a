import Foundation
import Vapor

/// A request's query string read once into a dictionary. `req.query[String.self, at: key]` decodes the whole query
/// string again on each call; a conversation list asks for some twenty parameters, which was 7 % of a list's CPU.
struct QueryValues: Sendable {
    private let values: [String: String]

    /// The first value of each name, decoded as a form decodes it (`+` is a space); a value with a broken escape is
    /// kept as written.
    init(_ query: String?) {
        var values: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decoded(parts[0])
            guard !key.isEmpty, values[key] == nil else { continue }
            values[key] = parts.count > 1 ? Self.decoded(parts[1]) : ""
        }
        self.values = values
    }

    init(_ req: Request) {
        self.init(req.url.query)
    }

    subscript(_ name: String) -> String? { values[name] }

    private static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
