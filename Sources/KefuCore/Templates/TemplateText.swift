/// A canned reply's text with `{buyerName}`-style placeholders, filled from the conversation it answers.
public struct TemplateText: Sendable, Equatable {
    /// The placeholders a template may use; anything else in braces is left as typed.
    public enum Variable: String, CaseIterable, Sendable {
        case buyerName
        case orderNumber
        case storeName
        case agentName
    }

    public let body: String

    public init(_ body: String) {
        self.body = body
    }

    /// The placeholders the text uses, in order of first use.
    public var variables: [Variable] {
        var seen: [Variable] = []
        for variable in Variable.allCases where body.contains("{\(variable.rawValue)}") { seen.append(variable) }
        return seen.sorted { body.range(of: "{\($0.rawValue)}")!.lowerBound < body.range(of: "{\($1.rawValue)}")!.lowerBound }
    }

    /// The text with the known values in; a placeholder without a value stays visible, so the agent fills it in.
    public func filled(_ values: [Variable: String]) -> String {
        var text = body
        for (variable, value) in values where !value.isEmpty {
            text = text.replacingOccurrences(of: "{\(variable.rawValue)}", with: value)
        }
        return text
    }
}
