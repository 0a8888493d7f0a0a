import Foundation
import KefuCore
import Vapor

/// What `performance.leaf` renders: each store's standing on its platform's own response metric, worst first.
struct PerformancePage: Encodable {
    struct Row: Encodable {
        let store: String
        let platform: String
        let platformName: String
        let metric: String
        /// `84.2 %`, or `—` when nothing was scored yet.
        let rate: String
        let threshold: String?
        /// `ok`, `below`, `none`: the CSS modifier.
        let standing: String
        let inquiries: Int
        let answeredInTime: Int
        let answeredLate: Int
        let unansweredLate: Int
        let pending: Int
        let breaches: Int
        let medianFirstResponse: String
        let exposure: String?
        let consequence: String?
        let inboxHref: String
    }

    let chrome: PageChrome
    let rows: [Row]
    let empty: Bool
}

extension PerformancePage.Row {
    init(_ board: StorePerformance, strings: PageStrings, language: UILanguage) {
        func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
        store = board.storeName
        platform = board.platform
        platformName = Platform(rawValue: board.platform).map { strings.platformName($0, language) } ?? board.platform
        let translated = board.translations?[language.rawValue]
        metric = translated?.name ?? board.metric.name
        rate = board.metric.rate.map(percent) ?? "—"
        threshold = board.metric.threshold.map(percent)
        standing = board.metric.meetsThreshold.map { $0 ? "ok" : "below" } ?? "none"
        inquiries = board.metric.inquiries
        answeredInTime = board.metric.answeredInTime
        answeredLate = board.metric.answeredLate
        unansweredLate = board.metric.unansweredLate
        pending = board.metric.pending
        breaches = board.breaches
        medianFirstResponse = board.firstResponse.medianSeconds
            .map { SLAIndicator.duration(Int($0), strings: strings, language: language) } ?? "—"
        exposure = board.penaltyExposure.map { ConversationPage.currencyMark($0.currency) + String(format: " %.2f", $0.amount) }
        consequence = translated?.consequence ?? board.consequence
        inboxHref = SitePath.inbox([("storeID", board.storeID.uuidString), ("folder", "responseNeeded")])
    }
}
