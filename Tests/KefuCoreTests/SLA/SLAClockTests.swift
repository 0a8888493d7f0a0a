import Foundation
import Testing

@testable import KefuCore

@Suite("SLA clock")
struct SLAClockTests {
    @Test("Pinduoduo counts only 08:00–23:00 Beijing time", arguments: [
        ("2026-11-20T10:00:00+08:00", "2026-11-20T10:03:00+08:00"),  // inside the window
        ("2026-11-20T22:58:00+08:00", "2026-11-21T08:01:00+08:00"),  // two minutes before 23:00, one after 08:00
        ("2026-11-21T03:00:00+08:00", "2026-11-21T08:03:00+08:00"),  // at night: the clock starts at 08:00
        ("2026-11-21T07:59:30+08:00", "2026-11-21T08:03:00+08:00"),  // just before 08:00
        ("2026-11-20T23:00:00+08:00", "2026-11-21T08:03:00+08:00"),  // exactly at 23:00 nothing is left that day
        ("2026-11-20T22:57:00+08:00", "2026-11-20T23:00:00+08:00"),  // the allowance ends exactly at closing
        ("2026-11-20T23:59:59+08:00", "2026-11-21T08:03:00+08:00"),  // across midnight
    ])
    func pinduoduoWindow(received: String, due: String) {
        #expect(Policies.clock(Policies.pinduoduo).dueDate(forMessageReceivedAt: iso(received)) == iso(due))
    }

    @Test("Walmart counts 48 hours around the clock, weekends included")
    func walmartCalendar() {
        let clock = Policies.clock(Policies.walmart)
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-11-20T18:30:00Z")) == iso("2026-11-22T18:30:00Z"))
        #expect(clock.countedSeconds(from: iso("2026-11-21T00:00:00Z"), to: iso("2026-11-23T00:00:00Z")) == 172_800)
    }

    @Test("Office hours skip the weekend")
    func weekend() {
        let clock = Policies.clock(Policies.newYorkOffice)
        // Friday 15:00 EST: two hours on Friday, six on Monday.
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-11-20T15:00:00-05:00")) == iso("2026-11-23T15:00:00-05:00"))
        // Saturday: the clock starts on Monday at 09:00.
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-11-21T12:00:00-05:00")) == iso("2026-11-23T17:00:00-05:00"))
    }

    @Test("A holiday does not count")
    func holiday() {
        let clock = Policies.clock(Policies.newYorkOffice)
        // Wednesday 13:00: four hours on Wednesday, Thanksgiving Thursday off, four hours on Friday.
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-11-25T13:00:00-05:00")) == iso("2026-11-27T13:00:00-05:00"))
        #expect(clock.countedSeconds(from: iso("2026-11-26T00:00:00-05:00"), to: iso("2026-11-27T00:00:00-05:00")) == 0)
    }

    @Test("Windows are kept in local time across a daylight-saving change")
    func daylightSaving() {
        let clock = Policies.clock(Policies.newYorkOffice)
        // Friday 30 October 2026, 13:00 EDT (UTC−4): four hours on Friday; New York falls back on Sunday 1 November;
        // Monday's window opens at 09:00 EST (UTC−5).
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-10-30T13:00:00-04:00")) == iso("2026-11-02T13:00:00-05:00"))
        // Spring forward: Friday 6 March 2026 13:00 EST → Monday 9 March 13:00 EDT.
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-03-06T13:00:00-05:00")) == iso("2026-03-09T13:00:00-04:00"))
    }

    @Test("A 24-hour calendar clock spans the 25-hour day of a fall-back change")
    func calendarAcrossDST() {
        let policy = ResponsePolicy(
            platform: "amazon-us", name: "Amazon", timeZone: "America/New_York",
            firstResponse: FirstResponseRule(seconds: 86_400, clock: .calendar))
        let clock = Policies.clock(policy)
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-10-31T12:00:00-04:00")) == iso("2026-11-01T11:00:00-05:00"))
    }

    @Test("A window past midnight belongs to the day it starts")
    func nightShift() {
        let clock = Policies.clock(Policies.nightShift)
        // Friday 23:30: 2.5 hours left in the shift; the hour is used by 00:30 Saturday.
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-11-20T23:30:00+08:00")) == iso("2026-11-21T00:30:00+08:00"))
        // Saturday 01:30, still in Friday's shift: 30 minutes there, 30 more at 09:00.
        #expect(clock.dueDate(forMessageReceivedAt: iso("2026-11-21T01:30:00+08:00")) == iso("2026-11-21T09:30:00+08:00"))
        #expect(clock.countedSeconds(from: iso("2026-11-20T21:00:00+08:00"), to: iso("2026-11-21T03:00:00+08:00")) == 4 * 3_600)
    }

    @Test("Counted time between instants skips the night")
    func countedSeconds() {
        let clock = Policies.clock(Policies.pinduoduo)
        #expect(clock.countedSeconds(from: iso("2026-11-20T22:00:00+08:00"), to: iso("2026-11-21T09:00:00+08:00")) == 2 * 3_600)
        #expect(clock.countedSeconds(from: iso("2026-11-21T09:00:00+08:00"), to: iso("2026-11-20T22:00:00+08:00")) == 0)
        #expect(clock.isCounting(at: iso("2026-11-20T12:00:00+08:00")))
        #expect(!clock.isCounting(at: iso("2026-11-20T23:30:00+08:00")))
    }

    @Test("Local dates follow the policy's zone")
    func localDates() {
        let clock = Policies.clock(Policies.pinduoduo)
        #expect(clock.localDate(of: iso("2026-11-20T17:00:00Z")).text == "2026-11-21")
        #expect(LocalDate("2026-11-22")?.weekdayIndex == 6)
        #expect(LocalDate("2026-02-30") == nil)
    }
}

@Suite("Local time cursor")
struct LocalTimeCursorTests {
    @Test("Walking forward day by day gives the same instants as the exact conversion, across DST changes",
        arguments: ["America/New_York", "Europe/Moscow", "Asia/Shanghai", "Australia/Sydney", "America/Sao_Paulo"])
    func agreesWithExactConversion(zone identifier: String) throws {
        let zone = ZoneOffsets(try #require(TimeZone(identifier: identifier)))
        var cursor = LocalTimeCursor(zone)
        // Every 30 minutes of wall time through 2026, so every change and its skipped or repeated hour is crossed.
        var local = 1_767_225_600.0
        var mismatches: [Double] = []
        while local < 1_798_761_600 {
            if cursor.instant(ofLocal: local) != zone.instant(ofLocal: local) { mismatches.append(local) }
            local += 1_800
        }
        #expect(mismatches.isEmpty, "\(identifier): first mismatch at local \(mismatches.first ?? 0)")
    }
}
