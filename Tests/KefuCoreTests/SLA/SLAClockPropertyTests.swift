import Foundation
import KefuCore
import PropertyBased
import Testing

/// Invariants that must hold for any instant and any allowance, on every kind of schedule.
@Suite("SLA clock properties")
struct SLAClockPropertyTests {
    static let clocks = [Policies.pinduoduo, Policies.walmart, Policies.newYorkOffice, Policies.nightShift].map(Policies.clock)
    /// 2025-01-01 to 2028-01-01, which covers several daylight-saving changes.
    static let instants = Gen.double(in: 1_735_689_600...1_830_297_600)

    @Test("The due time is never before the message")
    func dueNotBeforeReceived() async {
        await propertyCheck(count: 500, input: Self.instants, Gen.int(in: 0...3)) { instant, index in
            let received = Date(timeIntervalSince1970: instant)
            #expect(Self.clocks[index].dueDate(forMessageReceivedAt: received) >= received)
        }
    }

    @Test("Counted time from receipt to the due time is exactly the allowance")
    func dueSpendsAllowance() async {
        await propertyCheck(count: 500, input: Self.instants, Gen.int(in: 0...3)) { instant, index in
            let clock = Self.clocks[index]
            let received = Date(timeIntervalSince1970: instant)
            let due = clock.dueDate(forMessageReceivedAt: received)
            #expect(abs(clock.countedSeconds(from: received, to: due) - Double(clock.allowance)) < 0.001)
        }
    }

    @Test("Counted time is additive")
    func additive() async {
        await propertyCheck(
            count: 500, input: Self.instants, Gen.double(in: 0...800_000), Gen.double(in: 0...800_000), Gen.int(in: 0...3)
        ) { start, first, second, index in
            let clock = Self.clocks[index]
            let a = Date(timeIntervalSince1970: start)
            let b = a + first
            let c = b + second
            let whole = clock.countedSeconds(from: a, to: c)
            let parts = clock.countedSeconds(from: a, to: b) + clock.countedSeconds(from: b, to: c)
            #expect(abs(whole - parts) < 0.001)
        }
    }

    @Test("A reply inside a window is late by no more than its own wait")
    func replyLatenessBounded() async {
        await propertyCheck(count: 500, input: Self.instants, Gen.double(in: 0...400_000), Gen.int(in: 0...3)) {
            start, wait, index in
            let clock = Self.clocks[index]
            let received = Date(timeIntervalSince1970: start)
            let reply = received + wait
            guard clock.isCounting(at: reply) else { return }
            let due = clock.dueDate(forMessageReceivedAt: received)
            let lateness = clock.countedSeconds(from: due, to: reply)
            #expect(lateness <= clock.countedSeconds(from: received, to: reply) + 0.001)
            #expect(lateness <= wait + 0.001)
        }
    }
}
