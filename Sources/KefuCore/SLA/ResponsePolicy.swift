import Foundation

/// A platform's rules for answering buyers, as data: how long a reply may take, on which clock, and how the platform
/// scores a shop's replies. Shipped as defaults in `policies/<platform>.json` and editable per store.
public struct ResponsePolicy: Codable, Sendable, Equatable {
    /// The platform identifier this policy was written for (`walmart-us`, `pinduoduo`, …).
    public var platform: String
    public var name: String
    /// Raised on every edit, so a conversation's SLA snapshot names the exact rules it was timed by.
    public var version: Int
    /// The zone the platform counts its windows in (Pinduoduo: Asia/Shanghai); nil means the store's own zone.
    public var timeZone: String?
    public var firstResponse: FirstResponseRule
    public var responseRate: ResponseRateRule?
    /// A language every reply must be in (Walmart US and Amazon US: English), checked by the compliance guard.
    public var replyLanguage: String?
    /// What the platform's chat accepts from the store: how long one message may be and how long after the buyer's
    /// last message it may be sent (Ozon: 1,000 characters, 48 hours).
    public var replyLimits: ReplyLimits?
    /// Where each value comes from: one entry per field, with the date it was read.
    public var sources: [PolicySource]

    public init(
        platform: String, name: String, version: Int = 1, timeZone: String? = nil, firstResponse: FirstResponseRule,
        responseRate: ResponseRateRule? = nil, replyLanguage: String? = nil, replyLimits: ReplyLimits? = nil,
        sources: [PolicySource] = []
    ) {
        self.platform = platform
        self.name = name
        self.version = version
        self.timeZone = timeZone
        self.firstResponse = firstResponse
        self.responseRate = responseRate
        self.replyLanguage = replyLanguage
        self.replyLimits = replyLimits
        self.sources = sources
    }

    /// `pinduoduo@3`: how a conversation's SLA snapshot names the rules it was timed by.
    public var reference: String { "\(platform)@\(version)" }
}

/// How long the shop has to answer a buyer, and which time counts.
public struct FirstResponseRule: Codable, Sendable, Equatable {
    /// The allowance, in seconds of counted time.
    public var seconds: Int
    public var clock: ClockKind
    /// For a `window` clock: the hours that count, in the policy's zone.
    public var windows: [ServiceWindow]
    /// Local dates (`2026-10-01`) on which no window counts.
    public var holidays: [String]
    /// The share of the allowance after which a waiting conversation is `atRisk`.
    public var atRiskShare: Double
    /// Which replies stop the clock.
    public var qualifyingReplies: QualifyingReplies

    public init(
        seconds: Int, clock: ClockKind, windows: [ServiceWindow] = [], holidays: [String] = [],
        atRiskShare: Double = 0.75, qualifyingReplies: QualifyingReplies = .humanOnly
    ) {
        self.seconds = seconds
        self.clock = clock
        self.windows = windows
        self.holidays = holidays
        self.atRiskShare = atRiskShare
        self.qualifyingReplies = qualifyingReplies
    }

    enum CodingKeys: String, CodingKey {
        case seconds, clock, windows, holidays, atRiskShare, qualifyingReplies
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seconds = try container.decode(Int.self, forKey: .seconds)
        clock = try container.decode(ClockKind.self, forKey: .clock)
        windows = try container.decodeIfPresent([ServiceWindow].self, forKey: .windows) ?? []
        holidays = try container.decodeIfPresent([String].self, forKey: .holidays) ?? []
        atRiskShare = try container.decodeIfPresent(Double.self, forKey: .atRiskShare) ?? 0.75
        qualifyingReplies = try container.decodeIfPresent(QualifyingReplies.self, forKey: .qualifyingReplies) ?? .humanOnly
    }
}

/// The limits a platform's chat puts on the store's messages.
public struct ReplyLimits: Codable, Sendable, Equatable {
    /// The longest message the platform takes, in characters.
    public var maxCharacters: Int?
    /// How long after the buyer's last message the store may still write.
    public var windowSeconds: Int?

    public init(maxCharacters: Int? = nil, windowSeconds: Int? = nil) {
        self.maxCharacters = maxCharacters
        self.windowSeconds = windowSeconds
    }

    /// When the store can no longer write, for a buyer whose last message was at `lastCustomerMessage`.
    public func windowCloses(after lastCustomerMessage: Date) -> Date? {
        windowSeconds.map { lastCustomerMessage.addingTimeInterval(TimeInterval($0)) }
    }
}

/// `calendar` counts every second (Walmart: 48 h including weekends and holidays); `window` counts only the service
/// windows (Pinduoduo: 08:00–23:00).
public enum ClockKind: String, Codable, Sendable, CaseIterable {
    case calendar
    case window
}

/// Whether an automatic reply answers the buyer in the platform's eyes (Walmart and Amazon: it does not).
public enum QualifyingReplies: String, Codable, Sendable, CaseIterable {
    case humanOnly
    case botsCount

    public func stopsClock(_ author: MessageAuthor) -> Bool {
        switch author {
        case .agent: true
        case .bot: self == .botsCount
        case .customer, .platformCare, .courier, .platformNotice: false
        }
    }
}

/// Hours of service on some weekdays, `start` to `end` in local time; an `end` at or before `start` runs past
/// midnight into the next day (a night shift 22:00–02:00 belongs to the day it starts).
public struct ServiceWindow: Codable, Sendable, Equatable {
    public var days: [Weekday]
    public var start: String
    public var end: String

    public init(days: [Weekday], start: String, end: String) {
        self.days = days
        self.start = start
        self.end = end
    }
}

public enum Weekday: String, Codable, Sendable, CaseIterable {
    case mon, tue, wed, thu, fri, sat, sun

    /// Monday is 0.
    public var index: Int { Weekday.allCases.firstIndex(of: self) ?? 0 }

    public static let everyDay: [Weekday] = allCases
    public static let workdays: [Weekday] = [.mon, .tue, .wed, .thu, .fri]
}

/// Where one value of a policy comes from.
public struct PolicySource: Codable, Sendable, Equatable {
    /// The policy field this cites, as a path (`firstResponse.seconds`).
    public var field: String
    public var source: String
    public var url: String?
    /// The date the source was read (`2026-11-20`).
    public var retrieved: String
    public var confidence: Confidence
    public var note: String?

    public init(field: String, source: String, url: String? = nil, retrieved: String, confidence: Confidence, note: String? = nil) {
        self.field = field
        self.source = source
        self.url = url
        self.retrieved = retrieved
        self.confidence = confidence
        self.note = note
    }

    /// How far a value can be trusted: the platform's own page, a third party's copy, the seller documents Kefu was
    /// specified from, or Kefu's own inference where nothing was published.
    public enum Confidence: String, Codable, Sendable, CaseIterable {
        case official, thirdParty, sellerBrief, inferred
    }
}
