import Foundation
import KefuCore

/// A simulated marketplace channel's settings, for the demo workspace: which demo store it plays, and how often a
/// new buyer writes (never, unless set or `kefu serve --demo-live`).
struct DemoChannelSettings: Codable, Sendable, Equatable {
    /// The demo catalogue's store this channel plays (`DemoCatalog.StoreSpec.name`): its language, buyers, products.
    var store: String
    /// Seconds between new buyer messages; nil brings none, and queued replies are still delivered.
    var liveEverySeconds: Int?
    /// No new buyer writes while the store has this many conversations waiting for a reply (nil:
    /// `DemoChannelRunner.maxWaitingDefault`), so a demo left running for days stays an inbox, not a landfill.
    var maxWaiting: Int?
}

/// What an admin may change on a demo channel: how often buyers write. Only `kefu demo` adds one, so that a real
/// store never gets invented buyers.
struct DemoChannelInput: Codable, Sendable {
    var store: String?
    var liveEverySeconds: Int?
    var maxWaiting: Int?

    func resolve(over current: DemoChannelSettings?) throws(KefuError) -> DemoChannelSettings {
        let store = (store ?? current?.store)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !store.isEmpty else { throw .invalid("missing_field", "settings.store names the demo store the channel plays.") }
        var live = liveEverySeconds ?? current?.liveEverySeconds
        if live == 0 { live = nil }
        if let live, !(DemoChannelRunner.liveRange).contains(live) {
            throw .invalid(
                "invalid_field",
                "settings.liveEverySeconds must be between \(DemoChannelRunner.liveRange.lowerBound) and \(DemoChannelRunner.liveRange.upperBound), or 0 for none.")
        }
        let maxWaiting = maxWaiting ?? current?.maxWaiting
        if let maxWaiting, !(1...10_000).contains(maxWaiting) {
            throw .invalid("invalid_field", "settings.maxWaiting must be between 1 and 10000.")
        }
        return DemoChannelSettings(store: store, liveEverySeconds: live, maxWaiting: maxWaiting)
    }
}
