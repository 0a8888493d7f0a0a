import Foundation
import KefuCore
import Testing

@Suite("Sign-in throttle: free mistakes, doubling waits, a lock that lasts the window")
struct SignInThrottleTests {
    let throttle = SignInThrottle.standard
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func failures(_ count: Int, at latest: Date, earliest: Date? = nil) -> SignInThrottle.Failures {
        .init(count: count, earliest: earliest ?? latest, latest: latest)
    }

    @Test("Three mistakes are free; then each attempt waits twice as long as the one before")
    func doublingWaits() {
        #expect(throttle.decide(account: failures(2, at: start), address: .none, now: start) == .allowed)
        #expect(throttle.decide(account: failures(3, at: start), address: .none, now: start)
            == .wait(.account, until: start.addingTimeInterval(1)))
        #expect(throttle.decide(account: failures(3, at: start), address: .none, now: start.addingTimeInterval(1)) == .allowed)
        #expect((3...9).map { throttle.delay(after: $0, throttle.account) } == [1, 2, 4, 8, 16, 32, 64])
        #expect(throttle.delay(after: 30, throttle.address) == 60)
    }

    @Test("The tenth failure locks the account for the window, and no window holds more than ten")
    func accountLock() {
        let tenth = start.addingTimeInterval(200)
        let decision = throttle.decide(account: failures(10, at: tenth, earliest: start), address: .none, now: tenth)
        #expect(decision == .locked(.account, until: tenth.addingTimeInterval(15 * 60)))
        #expect(throttle.locks(afterFailure: 10, .account))
        #expect(!throttle.locks(afterFailure: 9, .account))
        // Simulate an attacker who tries as often as allowed for an hour; count attempts per sliding window.
        var attempts: [Date] = []
        var now = start
        while now < start.addingTimeInterval(3600) {
            let recent = attempts.filter { $0 > now.addingTimeInterval(-throttle.window) }
            let decision = throttle.decide(
                account: .init(count: recent.count, earliest: recent.first, latest: recent.last), address: .none, now: now)
            if decision == .allowed { attempts.append(now) }
            now = now.addingTimeInterval(0.5)
        }
        let busiest = attempts.map { first in attempts.filter { $0 >= first && $0 < first.addingTimeInterval(throttle.window) }.count }.max()
        #expect(busiest == 10)
        #expect(attempts.count >= 30, "the account opens again after each window: \(attempts.count)")
    }

    @Test("An address locks at 100 failures until its earliest ages out; a locked account outranks it")
    func addressLock() {
        let address = failures(100, at: start.addingTimeInterval(600), earliest: start)
        #expect(throttle.decide(account: .none, address: address, now: start.addingTimeInterval(601))
            == .locked(.address, until: start.addingTimeInterval(900)))
        #expect(throttle.decide(account: failures(10, at: start), address: address, now: start.addingTimeInterval(601))
            == .locked(.account, until: start.addingTimeInterval(900)))
        #expect(throttle.decide(account: .none, address: failures(19, at: start), now: start) == .allowed)
        #expect(throttle.decide(account: failures(4, at: start), address: failures(25, at: start), now: start)
            == .wait(.address, until: start.addingTimeInterval(32)))
    }
}
