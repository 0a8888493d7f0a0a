import Vapor

/// The languages the workbench is written in. Buyers' messages can be in any language; this is the agent's.
enum UILanguage: String, CaseIterable, Sendable, Codable {
    case zh = "zh-CN"
    case en

    static let cookieName = "kefu_lang"

    /// Reads a stored preference or a tag such as `zh-Hans-CN`, `zh-TW` or `en-GB`.
    init?(tag: String) {
        let lower = tag.trimmingCharacters(in: .whitespaces).lowercased()
        if lower == "zh" || lower.hasPrefix("zh-") || lower.hasPrefix("zh_") {
            self = .zh
        } else if lower == "en" || lower.hasPrefix("en-") || lower.hasPrefix("en_") {
            self = .en
        } else {
            return nil
        }
    }

    /// The first of the browser's languages Kefu speaks, by the `q` weights of `Accept-Language`; English otherwise.
    static func preferred(acceptLanguage header: String?) -> UILanguage {
        guard let header else { return .en }
        let ranked = header.split(separator: ",").enumerated().compactMap { index, part -> (Double, Int, UILanguage)? in
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first, let language = UILanguage(tag: String(tag)) else { return nil }
            let weight = pieces.dropFirst().lazy.compactMap { piece -> Double? in
                let trimmed = piece.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("q=") ? Double(trimmed.dropFirst(2)) : nil
            }.first ?? 1
            return (weight, index, language)
        }
        return ranked.filter { $0.0 > 0 }.min { ($0.0, -$0.1) > ($1.0, -$1.1) }?.2 ?? .en
    }
}

extension Request {
    /// The language pages are rendered in: the signed-in user's choice, else this browser's last choice, else the
    /// browser's languages.
    var uiLanguage: UILanguage {
        if let saved = auth.get(Viewer.self)?.locale, let language = UILanguage(tag: saved) { return language }
        if let cookie = cookies[UILanguage.cookieName]?.string, let language = UILanguage(tag: cookie) { return language }
        return UILanguage.preferred(acceptLanguage: headers.first(name: .acceptLanguage))
    }
}
