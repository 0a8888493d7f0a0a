import Foundation

/// A BCP 47 language tag as Kefu stores it on templates and messages (`zh-CN`, `en`, `ru`, `pt-BR`): checked for
/// shape, not against a registry, and compared by its base language, so a buyer's `zh-Hans` and a template's
/// `zh-CN` are one language for choosing a reply.
public enum LanguageTag {
    /// The tag trimmed, when it is 2–3 letters followed by subtags of 1–8 letters or digits, else nil.
    public static func checked(_ raw: String) -> String? {
        let tag = raw.trimmingCharacters(in: .whitespaces)
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
              parts.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return nil }
        return tag
    }

    /// `zh-CN` → `zh`, lower-cased; `_` separates too, as some platforms write `zh_CN`.
    public static func base(_ tag: String) -> String {
        String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }
}
