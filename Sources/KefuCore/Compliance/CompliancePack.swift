/// A list of terms that break one rule, with the explanation an agent reads and the safe wording to use instead.
public struct TermRule: Codable, Sendable, Hashable {
    public var id: String
    public var category: ComplianceCategory
    public var severity: Severity
    public var message: LocalizedText
    public var terms: [String]
    /// Safe wording per term (最好的 → 很受欢迎的); `suggestion` serves the terms without their own.
    public var rewrites: [String: String]?
    public var suggestion: String?
    /// Phrases that contain a term but break nothing (第一次 and 第一时间 are not absolute claims).
    public var allow: [String]?
    /// Words near a term that show it means something else (快递员 before 电话联系: the courier calls, not the shop):
    /// a term with one of them close by, in the same clause, breaks nothing.
    public var unless: [ContextCondition]?
    /// Words anywhere in the reply that show it quotes the buyer or warns them against the very thing (您是说…,
    /// 请不要相信, 谨防诈骗): the rule's findings warn instead of blocking, so the agent still sees them.
    public var softenedBy: [String]?
    /// For third-party names: the platform family named (`taobao`), so that family's own stores may say it.
    public var family: String?
    /// A chat app whose account ID may follow the name (微信号 abc123): the ID is reported too.
    public var capturesID: Bool?
    /// Where the terms come from.
    public var source: String?

    public init(
        id: String, category: ComplianceCategory, severity: Severity, message: LocalizedText, terms: [String],
        rewrites: [String: String]? = nil, suggestion: String? = nil, allow: [String]? = nil,
        unless: [ContextCondition]? = nil, softenedBy: [String]? = nil, family: String? = nil, capturesID: Bool? = nil, source: String? = nil
    ) {
        self.id = id
        self.category = category
        self.severity = severity
        self.message = message
        self.terms = terms
        self.rewrites = rewrites
        self.suggestion = suggestion
        self.allow = allow
        self.unless = unless
        self.softenedBy = softenedBy
        self.family = family
        self.capturesID = capturesID
        self.source = source
    }
}

/// Words that, close to a rule's term and in the same clause, show the term means something the rule is not about.
/// `before`: the words end at most `within` characters before the term starts; `after`: they start at most `within`
/// characters after it ends. Characters count as the guard compares them (spaces and punctuation skipped); a sentence
/// or clause break (，。！？；, a line break) between them and the term ends the clause.
public struct ContextCondition: Codable, Sendable, Hashable {
    public var before: [String]?
    public var after: [String]?
    public var within: Int
    /// Why the words excuse the term, for whoever edits the pack.
    public var reason: String?

    public init(before: [String]? = nil, after: [String]? = nil, within: Int, reason: String? = nil) {
        self.before = before
        self.after = after
        self.within = within
        self.reason = reason
    }
}

/// Rules shared by several platforms (`policies/compliance/library/<id>.json`): third-party names, contact apps,
/// the Advertising Law's absolute terms, review inducement, abuse…
public struct TermLibrary: Codable, Sendable, Equatable {
    public var id: String
    public var description: String
    public var rules: [TermRule]
    public var sources: [PolicySource]

    public init(id: String, description: String, rules: [TermRule], sources: [PolicySource] = []) {
        self.id = id
        self.description = description
        self.rules = rules
        self.sources = sources
    }
}

/// Which detectors run for a platform, and how hard each stops a reply (absent: off).
public struct DetectorSettings: Codable, Sendable, Hashable {
    /// Phone numbers: mainland mobiles and landlines, international numbers with `+`, North American numbers.
    public var phone: Severity?
    public var email: Severity?
    /// URLs and bare domains outside the platform's own domains.
    public var externalLink: Severity?
    /// The buyer's own full phone number or address, copied from the order.
    public var buyerData: Severity?
    /// Links to shops on the platform other than the store's own (Tmall); runs with `externalLink`.
    public var otherShopLink: ShopLinkRule?

    public init(
        phone: Severity? = nil, email: Severity? = nil, externalLink: Severity? = nil, buyerData: Severity? = nil,
        otherShopLink: ShopLinkRule? = nil
    ) {
        self.phone = phone
        self.email = email
        self.externalLink = externalLink
        self.buyerData = buyerData
        self.otherShopLink = otherShopLink
    }
}

/// The language every reply must be written in (Walmart US: English).
public struct LanguageRequirement: Codable, Sendable, Hashable {
    /// `en` is the only language checked today: the rule flags Chinese, Japanese, Korean, Cyrillic and Arabic text.
    public var language: String
    public var severity: Severity
    public var message: LocalizedText

    public init(language: String, severity: Severity, message: LocalizedText) {
        self.language = language
        self.severity = severity
        self.message = message
    }
}

/// One platform's compliance rules (`policies/compliance/<platform>.json`): which shared libraries apply and how hard,
/// the platform's own rules, detectors, required language, and which names and domains are its own.
public struct CompliancePack: Codable, Sendable, Equatable {
    public var platform: String
    public var version: Int
    /// Third-party families that are this platform's own (a Tmall store may name 淘宝 and 支付宝).
    public var ownFamilies: [String]
    /// Domains a reply may link to (jd.com on a JD store).
    public var ownDomains: [String]
    /// Shared libraries checked on every reply.
    public var libraries: [String]
    /// Severity overrides by rule id or by category (`"promise": "warn"`).
    public var severity: [String: Severity]?
    /// The platform's own rules (宝贝 on Pinduoduo, 缺货 on Tmall).
    public var rules: [TermRule]
    public var detectors: DetectorSettings
    public var replyLanguage: LanguageRequirement?
    /// Libraries checked on buyers' messages (links, payment requests, phishing).
    public var inboundLibraries: [String]
    public var sources: [PolicySource]

    public init(
        platform: String, version: Int = 1, ownFamilies: [String] = [], ownDomains: [String] = [], libraries: [String] = [],
        severity: [String: Severity]? = nil, rules: [TermRule] = [], detectors: DetectorSettings = DetectorSettings(),
        replyLanguage: LanguageRequirement? = nil, inboundLibraries: [String] = [], sources: [PolicySource] = []
    ) {
        self.platform = platform
        self.version = version
        self.ownFamilies = ownFamilies
        self.ownDomains = ownDomains
        self.libraries = libraries
        self.severity = severity
        self.rules = rules
        self.detectors = detectors
        self.replyLanguage = replyLanguage
        self.inboundLibraries = inboundLibraries
        self.sources = sources
    }
}
