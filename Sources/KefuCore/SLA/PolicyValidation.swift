import Foundation

extension ResponsePolicy {
    /// Reads a policy document, naming the field at fault when it is malformed.
    public static func decode(_ data: Data) throws(KefuError) -> ResponsePolicy {
        let policy = try decodeDocument(ResponsePolicy.self, from: data, invalid: Self.invalid, notJSON: "the document is not JSON")
        try policy.validate()
        return policy
    }

    /// Checks the values a decoder cannot: ranges, times, zones, dates and that every window leaves time to count.
    public func validate() throws(KefuError) {
        guard Platform(rawValue: platform) != nil else {
            throw Self.invalid("platform: \"\(platform)\" is not one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw Self.invalid("name: must not be empty") }
        guard version >= 1 else { throw Self.invalid("version: must be 1 or more") }
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw Self.invalid("timeZone: \"\(timeZone)\" is not an IANA time zone such as Asia/Shanghai")
        }
        if let limits = replyLimits {
            if let characters = limits.maxCharacters, !(1...100_000).contains(characters) {
                throw Self.invalid("replyLimits.maxCharacters: must be from 1 to 100000")
            }
            if let seconds = limits.windowSeconds, !(60...(365 * 86_400)).contains(seconds) {
                throw Self.invalid("replyLimits.windowSeconds: must be from 60 to 31536000 (a year)")
            }
        }
        let rule = firstResponse
        guard rule.seconds > 0, rule.seconds <= 90 * 86_400 else {
            throw Self.invalid("firstResponse.seconds: must be from 1 to 7776000 (90 days)")
        }
        guard rule.atRiskShare > 0, rule.atRiskShare < 1 else {
            throw Self.invalid("firstResponse.atRiskShare: must be between 0 and 1, such as 0.75")
        }
        for (index, window) in rule.windows.enumerated() {
            let path = "firstResponse.windows[\(index)]"
            guard !window.days.isEmpty else { throw Self.invalid("\(path).days: name at least one weekday") }
            guard let start = Self.secondsOfDay(window.start) else {
                throw Self.invalid("\(path).start: \"\(window.start)\" is not a time such as 08:00")
            }
            guard let end = Self.secondsOfDay(window.end, allowMidnight: true) else {
                throw Self.invalid("\(path).end: \"\(window.end)\" is not a time such as 23:00 or 24:00")
            }
            guard start != end || window.end == "24:00" else {
                throw Self.invalid("\(path).end: equals start; a whole day is 00:00 to 24:00")
            }
        }
        if rule.clock == .window {
            guard !rule.windows.isEmpty else {
                throw Self.invalid("firstResponse.windows: a window clock needs at least one service window")
            }
            do {
                _ = try WeeklySchedule(rule.windows)
            } catch {
                throw Self.invalid("firstResponse.windows: \(error.message)")
            }
        }
        for (index, holiday) in rule.holidays.enumerated() where LocalDate(holiday) == nil {
            throw Self.invalid("firstResponse.holidays[\(index)]: \"\(holiday)\" is not a date such as 2026-10-01")
        }
        if let rate = responseRate {
            guard rate.threshold >= 0, rate.threshold <= 1 else {
                throw Self.invalid("responseRate.threshold: must be a share from 0 to 1, such as 0.9")
            }
            if let within = rate.withinSeconds, within <= 0 {
                throw Self.invalid("responseRate.withinSeconds: must be 1 or more")
            }
            if let days = rate.windowDays, !(1...365).contains(days) {
                throw Self.invalid("responseRate.windowDays: must be from 1 to 365")
            }
            if rate.kind == .answeredWithin, rate.windowDays == nil {
                throw Self.invalid("responseRate.windowDays: answeredWithin needs the rolling window in days")
            }
            if let penalty = rate.penalty, (penalty.amount ?? 0) < 0 || penalty.currency.count != 3 {
                throw Self.invalid("responseRate.penalty: needs a 3-letter currency and, where given, an amount of 0 or more such as CNY")
            }
        }
        for (index, source) in sources.enumerated() where source.field.isEmpty || source.source.isEmpty {
            throw Self.invalid("sources[\(index)]: needs the field it cites and the source")
        }
    }

    /// Seconds since local midnight of `HH:mm`; `24:00` only where a window may end at midnight.
    static func secondsOfDay(_ text: String, allowMidnight: Bool = false) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...59).contains(minutes)
        else { return nil }
        if allowMidnight, hours == 24, minutes == 0 { return 86_400 }
        guard (0...23).contains(hours) else { return nil }
        return hours * 3_600 + minutes * 60
    }

    private static func invalid(_ detail: String) -> KefuError {
        .unprocessable("invalid_policy", "The policy is malformed at \(detail).")
    }
}
