import Foundation
import KefuCore

func iso(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    guard let date = formatter.date(from: text) else { fatalError("not an ISO 8601 date: \(text)") }
    return date
}

enum Policies {
    static let everyDay = Weekday.everyDay

    static let pinduoduo = ResponsePolicy(
        platform: "pinduoduo", name: "Pinduoduo", timeZone: "Asia/Shanghai",
        firstResponse: FirstResponseRule(
            seconds: 180, clock: .window, windows: [ServiceWindow(days: everyDay, start: "08:00", end: "23:00")]))

    static let walmart = ResponsePolicy(
        platform: "walmart-us", name: "Walmart US", firstResponse: FirstResponseRule(seconds: 48 * 3_600, clock: .calendar))

    /// Business days in New York, 09:00–17:00, with Thanksgiving off: crosses the November DST change.
    static let newYorkOffice = ResponsePolicy(
        platform: "ebay", name: "eBay office hours", timeZone: "America/New_York",
        firstResponse: FirstResponseRule(
            seconds: 8 * 3_600, clock: .window,
            windows: [ServiceWindow(days: Weekday.workdays, start: "09:00", end: "17:00")],
            holidays: ["2026-11-26"]))

    /// A night shift that crosses midnight, plus a short morning window.
    static let nightShift = ResponsePolicy(
        platform: "jd", name: "Night shift", timeZone: "Asia/Shanghai",
        firstResponse: FirstResponseRule(
            seconds: 3_600, clock: .window,
            windows: [
                ServiceWindow(days: [.fri], start: "22:00", end: "02:00"),
                ServiceWindow(days: everyDay, start: "09:00", end: "10:00"),
            ]))

    static func clock(_ policy: ResponsePolicy) -> SLAClock {
        do {
            return try SLAClock(policy, storeTimeZone: TimeZone(identifier: "UTC")!)
        } catch {
            fatalError("fixture policy is invalid: \(error)")
        }
    }
}
