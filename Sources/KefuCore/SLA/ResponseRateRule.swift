/// How a platform scores a shop's replies, and what it does when the score is too low.
public struct ResponseRateRule: Codable, Sendable, Equatable {
    public var kind: Kind
    /// The metric's name as the platform's seller centre shows it ("Seller Response Rate", "有效回复率").
    public var name: String
    /// A reply within this many counted seconds is a good one; nil means the first-response allowance.
    public var withinSeconds: Int?
    /// The lowest acceptable share of good replies, 0…1.
    public var threshold: Double
    /// For `answeredWithin`: the rolling window the platform scores over.
    public var windowDays: Int?
    /// For `dailyEffectiveReply`: the rule only applies on days with more buyers than this.
    public var minimumBuyers: Int?
    /// What a breach of the threshold costs, where the platform states an amount.
    public var penalty: Penalty?
    /// The metric's name and the penalty's consequence in an interface language (`zh-CN`, `en`), where the base texts
    /// (as the platform's seller centre words them, often bilingual) are not that language's.
    public var translations: [String: Text]?

    public struct Text: Codable, Sendable, Equatable {
        public var name: String?
        public var consequence: String?
    }

    /// The metric's name in `language`, else as the platform words it.
    public func name(in language: String) -> String { translations?[language]?.name ?? name }

    /// The penalty's consequence in `language`, else as the policy words it.
    public func consequence(in language: String) -> String? {
        translations?[language]?.consequence ?? penalty?.consequence
    }

    public init(
        kind: Kind, name: String, withinSeconds: Int? = nil, threshold: Double, windowDays: Int? = nil,
        minimumBuyers: Int? = nil, penalty: Penalty? = nil
    ) {
        self.kind = kind
        self.name = name
        self.withinSeconds = withinSeconds
        self.threshold = threshold
        self.windowDays = windowDays
        self.minimumBuyers = minimumBuyers
        self.penalty = penalty
    }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Share of buyer inquiries answered within the allowance over a rolling window (Walmart, Amazon, Taobao, JD).
        case answeredWithin
        /// Per day, the share of buyers whose every message got a reply in time (Pinduoduo's 有效回复率).
        case dailyEffectiveReply
    }

    public struct Penalty: Codable, Sendable, Equatable {
        /// In the currency's main unit (yuan, dollars); nil where the platform states no amount.
        public var amount: Double?
        public var currency: String
        /// What the platform does beyond the money ("order cancelled", "suspension review").
        public var consequence: String?

        public init(amount: Double? = nil, currency: String, consequence: String? = nil) {
            self.amount = amount
            self.currency = currency
            self.consequence = consequence
        }
    }
}
