import Foundation
import KefuCore

/// What an admin sends to add or change a channel, in the shape of its kind.
enum ChannelInput: Sendable {
    case email(EmailChannelInput)
    case ozon(OzonChannelInput)
    case ebay(EbayChannelInput)
    case demo(DemoChannelInput)

    var kind: ChannelKind {
        switch self {
        case .email: .email
        case .ozon: .ozon
        case .ebay: .ebay
        case .demo: .demo
        }
    }

    /// Reads `settings` in the shape `kind` names.
    static func decode<Key: CodingKey>(_ kind: ChannelKind, from container: KeyedDecodingContainer<Key>, key: Key)
        throws -> ChannelInput?
    {
        switch kind {
        case .email: try container.decodeIfPresent(EmailChannelInput.self, forKey: key).map(ChannelInput.email)
        case .ozon: try container.decodeIfPresent(OzonChannelInput.self, forKey: key).map(ChannelInput.ozon)
        case .ebay: try container.decodeIfPresent(EbayChannelInput.self, forKey: key).map(ChannelInput.ebay)
        case .demo: try container.decodeIfPresent(DemoChannelInput.self, forKey: key).map(ChannelInput.demo)
        }
    }

    /// Checks the input and splits it into what is stored in the open and what is sealed. `current` fills in what a
    /// PATCH leaves out; its kind must be the input's.
    func resolve(over current: (settings: ChannelSettings, secrets: [String: String])? = nil) throws
        -> (settings: ChannelSettings, secrets: [String: String])
    {
        switch self {
        case .email(let input):
            let resolved = try input.resolve(over: current.flatMap { c in c.settings.email.map { ($0, c.secrets) } })
            return (.email(resolved.settings), resolved.secrets)
        case .ozon(let input):
            var previous: (OzonChannelSettings, [String: String])?
            if let current, case .ozon(let settings) = current.settings { previous = (settings, current.secrets) }
            let resolved = try input.resolve(over: previous)
            return (.ozon(resolved.settings), resolved.secrets)
        case .ebay(let input):
            var previous: (EbayChannelSettings, [String: String])?
            if let current, case .ebay(let settings) = current.settings { previous = (settings, current.secrets) }
            let resolved = try input.resolve(over: previous)
            return (.ebay(resolved.settings), resolved.secrets)
        case .demo(let input):
            var previous: DemoChannelSettings?
            if let current, case .demo(let settings) = current.settings { previous = settings }
            return (.demo(try input.resolve(over: previous)), [:])
        }
    }
}

/// Checks shared by the marketplace channels' settings.
enum ChannelInputCheck {
    static func baseURL(_ text: String?, current: String?, default fallback: String, field: String = "baseURL") throws(KefuError)
        -> String
    {
        guard let text else { return current ?? fallback }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host != nil
        else {
            throw .invalid("invalid_field", "settings.\(field) must be an http:// or https:// address, e.g. \(fallback).")
        }
        return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    static func range(_ value: Int?, current: Int?, default fallback: Int, _ range: ClosedRange<Int>, field: String)
        throws(KefuError) -> Int
    {
        let chosen = value ?? current ?? fallback
        guard range.contains(chosen) else {
            throw .invalid("invalid_field", "settings.\(field) must be between \(range.lowerBound) and \(range.upperBound).")
        }
        return chosen
    }

    static func secret(_ value: String?, key: String, in secrets: inout [String: String], field: String, hint: String)
        throws(KefuError)
    {
        if let value {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .invalid("invalid_field", "settings.\(field) must not be empty.") }
            secrets[key] = trimmed
        }
        guard secrets[key] != nil else { throw .invalid("missing_field", "settings.\(field) is required: \(hint)") }
    }
}
