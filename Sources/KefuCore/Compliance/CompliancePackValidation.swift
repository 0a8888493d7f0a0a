import Foundation

extension CompliancePack {
    /// Reads a platform's pack, naming the field at fault when it is malformed.
    public static func decode(_ data: Data) throws(KefuError) -> CompliancePack {
        let pack = try decodeDocument(CompliancePack.self, from: data, invalid: RuleValidation.invalid)
        try pack.validate()
        return pack
    }

    public func validate() throws(KefuError) {
        guard Platform(rawValue: platform) != nil else {
            throw RuleValidation.invalid("platform: \"\(platform)\" is not one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard version >= 1 else { throw RuleValidation.invalid("version: must be 1 or more") }
        for (index, domain) in ownDomains.enumerated() where !domain.contains(".") || domain.contains("/") {
            throw RuleValidation.invalid("ownDomains[\(index)]: \"\(domain)\" is not a domain such as jd.com")
        }
        try RuleValidation.check(rules, at: "rules")
        if let shops = detectors.otherShopLink {
            // Links elsewhere are external links already: a shop domain outside ownDomains would never be looked at.
            for (index, domain) in shops.domains.enumerated() where !ownDomains.contains(domain) {
                throw RuleValidation.invalid("detectors.otherShopLink.domains[\(index)]: \"\(domain)\" is not one of ownDomains")
            }
            guard !shops.message.zh.isEmpty, !shops.message.en.isEmpty else {
                throw RuleValidation.invalid("detectors.otherShopLink.message: needs zh and en")
            }
        }
        if let language = replyLanguage, language.language != "en" {
            throw RuleValidation.invalid("replyLanguage.language: only \"en\" can be required today")
        }
    }
}

extension TermLibrary {
    /// Reads a shared library, naming the field at fault when it is malformed.
    public static func decode(_ data: Data) throws(KefuError) -> TermLibrary {
        let library = try decodeDocument(TermLibrary.self, from: data, invalid: RuleValidation.invalid)
        guard !library.id.isEmpty else { throw RuleValidation.invalid("id: must not be empty") }
        try RuleValidation.check(library.rules, at: "rules")
        return library
    }
}

enum RuleValidation {
    static func invalid(_ detail: String) -> KefuError {
        .unprocessable("invalid_rule_pack", "The compliance pack is malformed at \(detail).")
    }

    /// Every rule needs an id, an explanation in both languages and terms `TermSyntax` accepts (a term of only
    /// punctuation would match nothing, or everything).
    static func check(_ rules: [TermRule], at path: String) throws(KefuError) {
        var seen: Set<String> = []
        for (index, rule) in rules.enumerated() {
            let place = "\(path)[\(index)]"
            guard !rule.id.isEmpty else { throw invalid("\(place).id: must not be empty") }
            guard seen.insert(rule.id).inserted else { throw invalid("\(place).id: \"\(rule.id)\" is used twice") }
            guard !rule.message.zh.isEmpty, !rule.message.en.isEmpty else {
                throw invalid("\(place).message: needs zh and en")
            }
            guard !rule.terms.isEmpty else { throw invalid("\(place).terms: name at least one term") }
            for (termIndex, term) in rule.terms.enumerated() {
                if let problem = TermSyntax.problem(with: term) { throw invalid("\(place).terms[\(termIndex)]: \(problem)") }
            }
            for (term, _) in rule.rewrites ?? [:] where !rule.terms.contains(term) {
                throw invalid("\(place).rewrites: \"\(term)\" is not one of the rule's terms")
            }
            for (wordIndex, word) in (rule.softenedBy ?? []).enumerated() {
                if let problem = TermSyntax.problem(with: word) { throw invalid("\(place).softenedBy[\(wordIndex)]: \(problem)") }
            }
            for (conditionIndex, condition) in (rule.unless ?? []).enumerated() {
                let at = "\(place).unless[\(conditionIndex)]"
                guard (1...40).contains(condition.within) else { throw invalid("\(at).within: must be from 1 to 40 characters") }
                let words = (condition.before ?? []) + (condition.after ?? [])
                guard !words.isEmpty else { throw invalid("\(at): name words before or after the term") }
                for word in words {
                    if let problem = TermSyntax.problem(with: word) { throw invalid("\(at): \"\(word)\": \(problem)") }
                }
            }
        }
    }
}
