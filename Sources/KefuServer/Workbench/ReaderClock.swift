import Foundation
import Vapor

/// The instant a page is drawn at and the reader's time zone, so deadlines read as the reader's wall clock: the zone
/// the page script reports in the `kefu_tz` cookie, else a guess from the page's language until it has.
struct ReaderClock: Sendable {
    static let cookieName = "kefu_tz"

    let now: Date
    let zone: TimeZone
    /// Gregorian in the reader's zone, built once per page rather than per date drawn.
    let calendar: Calendar

    init(now: Date, zone: TimeZone) {
        self.now = now
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// "今天 08:03", "08:03 tomorrow", "11月27日 08:03", "11/27 08:03": a day relative to today, then the time, in the reader's zone.
    func moment(_ date: Date, strings: PageStrings, language: UILanguage) -> String {
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        let hm = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: date)).day ?? 0
        switch days {
        case 0: return strings.text("time.today", language, ["hm": hm])
        case 1: return strings.text("time.tomorrow", language, ["hm": hm])
        case -1: return strings.text("time.yesterday", language, ["hm": hm])
        default:
            return strings.text("time.date", language, ["m": "\(parts.month ?? 1)", "d": "\(parts.day ?? 1)", "hm": hm])
        }
    }
}

extension ReaderClock {
    /// "2026-11-20 20:05" in the reader's zone, for dates that are not deadlines (an order's).
    func dateTime(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
    }
}

extension Request {
    /// The reader's clock for this page.
    func readerClock(now: Date) -> ReaderClock {
        if let name = cookies[ReaderClock.cookieName]?.string.removingPercentEncoding, let zone = TimeZone(identifier: name) {
            return ReaderClock(now: now, zone: zone)
        }
        let guess = uiLanguage == .zh ? TimeZone(identifier: "Asia/Shanghai") : nil
        return ReaderClock(now: now, zone: guess ?? .gmt)
    }
}
