/// What kind of rule a piece of text breaks, in the platforms' own terms.
public enum ComplianceCategory: String, Codable, Sendable, CaseIterable, Hashable {
    /// Naming another marketplace or payment app (淘宝 on a Pinduoduo store); a platform's own name is never one.
    case thirdPartyPlatform
    /// Phone numbers, e-mail addresses, chat-app IDs and invitations to chat elsewhere.
    case contactInfo
    /// Links and domains outside the store's platform.
    case externalLink
    /// Absolute advertising claims forbidden by China's Advertising Law art. 9 (最好, 第一, 全网…).
    case absoluteClaim
    /// Offering something for a review, or asking only for good ones (好评返现).
    case reviewInducement
    /// Moving payment or the deal off the platform (线下, 转账, 私下交易).
    case offPlatformTransaction
    /// Insults and abuse of the buyer.
    case abuse
    /// A buyer's full phone number or address, or another buyer's order.
    case personalData
    /// Promotions, coupons and advertising where the platform forbids them in messages.
    case marketing
    /// Words a platform forbids in chat (宝贝 on Pinduoduo, 缺货 and refusing an invoice on Tmall).
    case forbiddenWording
    /// A reply not in the language the platform requires (English for US orders).
    case language
    /// A commitment an agent cannot keep (保证明天到): on these platforms a promise in chat binds the shop.
    case promise
    /// Inbound only: a link to open outside the platform.
    case suspiciousLink
    /// Inbound only: a request to pay outside the platform.
    case paymentRequest
    /// Inbound only: a message posing as the platform or asking for credentials.
    case phishing

    /// What a buyer's message is flagged for (the risk flags), never a finding on a reply.
    public static let inbound: [ComplianceCategory] = [.suspiciousLink, .paymentRequest, .phishing]
}

/// How hard a finding stops a reply: `block` cannot be sent; `warn` needs the agent's acknowledgement.
public enum Severity: String, Codable, Sendable, Comparable, Hashable {
    case warn
    case block

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warn && rhs == .block }
}

/// The guard's answer for a whole text.
public enum Verdict: String, Codable, Sendable, Hashable {
    case pass
    case warn
    case block
}

/// Words an agent reads, in the languages of the workbench.
public struct LocalizedText: Codable, Sendable, Hashable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text for a language tag such as `zh-CN` or `en`; English for anything else.
    public func text(for language: String) -> String {
        language.lowercased().hasPrefix("zh") ? zh : en
    }
}

/// One thing the guard found: which rule, where in the original text (UTF-16 code units, as a browser counts), and
/// what to write instead.
public struct Finding: Codable, Sendable, Hashable {
    public var rule: String
    public var category: ComplianceCategory
    public var severity: Severity
    /// Offsets in UTF-16 code units of the original text: `start` inclusive, `end` exclusive.
    public var start: Int
    public var end: Int
    /// The original text of the span, disguises included (`V❤信`).
    public var matched: String
    public var message: LocalizedText
    /// The pack's rewrite of the span, where it has one (最好的 → 很受欢迎的; a phone number → 138****5678); empty
    /// means the span should go. Raw material for `fix`.
    public var suggestion: String?
    /// What the reply box offers, checked again before it is offered (`ComplianceGuard.checkOfferingFixes`); nil when
    /// no safe fix exists or none was asked for.
    public var fix: Fix?

    public init(
        rule: String, category: ComplianceCategory, severity: Severity, start: Int, end: Int, matched: String,
        message: LocalizedText, suggestion: String? = nil
    ) {
        self.rule = rule
        self.category = category
        self.severity = severity
        self.start = start
        self.end = end
        self.matched = matched
        self.message = message
        self.suggestion = suggestion
    }
}

/// The guard's verdict on a text and every finding behind it, in reading order.
public struct ComplianceReport: Sendable, Hashable {
    public var findings: [Finding]

    public init(findings: [Finding]) {
        self.findings = findings
    }

    public var verdict: Verdict {
        if findings.contains(where: { $0.severity == .block }) { return .block }
        return findings.isEmpty ? .pass : .warn
    }
}
