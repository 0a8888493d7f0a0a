/// Every platform's compliance pack with the shared libraries they draw on: builds the guard a store's replies pass
/// and the one its buyers' messages are screened with.
public struct CompliancePacks: Sendable {
    public let libraries: [String: TermLibrary]
    public let packs: [Platform: CompliancePack]

    /// Checks that every library a pack names exists.
    public init(libraries: [TermLibrary], packs: [CompliancePack]) throws(KefuError) {
        var byID: [String: TermLibrary] = [:]
        for library in libraries { byID[library.id] = library }
        var byPlatform: [Platform: CompliancePack] = [:]
        for pack in packs {
            guard let platform = Platform(rawValue: pack.platform) else {
                throw RuleValidation.invalid("platform: \"\(pack.platform)\" is not a platform")
            }
            for (index, id) in (pack.libraries + pack.inboundLibraries).enumerated() where byID[id] == nil {
                throw RuleValidation.invalid("\(pack.platform) libraries[\(index)]: no library \"\(id)\"")
            }
            byPlatform[platform] = pack
        }
        self.libraries = byID
        self.packs = byPlatform
    }

    /// The rules a platform's replies are checked against, with the pack's severity overrides applied and its own
    /// names taken out of the third-party lists.
    public func outboundRules(for platform: Platform) -> [TermRule] {
        guard let pack = packs[platform] else { return [] }
        let own = Set(pack.ownFamilies)
        var rules: [TermRule] = []
        for id in pack.libraries {
            for rule in libraries[id]?.rules ?? [] where rule.family.map({ !own.contains($0) }) ?? true {
                rules.append(rule)
            }
        }
        rules += pack.rules
        return rules.map { rule in
            var rule = rule
            if let severity = pack.severity?[rule.id] ?? pack.severity?[rule.category.rawValue] { rule.severity = severity }
            return rule
        }
    }

    /// The guard for a store's replies; a workspace's own terms are added, and its allowed phrases excuse matches.
    public func outboundGuard(for platform: Platform, custom: [CustomTerm] = []) -> ComplianceGuard {
        let pack = packs[platform] ?? CompliancePack(platform: platform.rawValue)
        var rules = outboundRules(for: platform)
        let denied = custom.filter { $0.action == .deny }
        for (category, terms) in Dictionary(grouping: denied, by: { "\($0.category.rawValue).\($0.severity.rawValue)" }) {
            guard let first = terms.first else { continue }
            rules.append(TermRule(
                id: "workspace.\(category)", category: first.category, severity: first.severity,
                message: LocalizedText(zh: "本工作区不允许在回复中使用这个词。", en: "Your workspace does not allow this term in replies."),
                terms: terms.map(\.term)))
        }
        return ComplianceGuard(
            rules: rules, detectors: pack.detectors, ownDomains: pack.ownDomains, replyLanguage: pack.replyLanguage,
            allowedPhrases: custom.filter { $0.action == .allow }.map(\.term))
    }

    /// The guard buyers' messages are screened with: links off the platform, payment requests, phishing.
    public func inboundGuard(for platform: Platform) -> ComplianceGuard {
        let pack = packs[platform] ?? CompliancePack(platform: platform.rawValue)
        let rules = pack.inboundLibraries.flatMap { libraries[$0]?.rules ?? [] }
        return ComplianceGuard(
            rules: rules, detectors: DetectorSettings(externalLink: .warn), ownDomains: pack.ownDomains,
            linkCategory: .suspiciousLink)
    }
}
