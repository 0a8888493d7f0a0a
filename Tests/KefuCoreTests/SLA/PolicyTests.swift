import Foundation
import KefuCore
import Testing

@Suite("Response policies")
struct PolicyTests {
    @Test("A shipped policy pack decodes and validates", arguments: Platform.allCases)
    func shippedPacks(platform: Platform) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../policies/\(platform.rawValue).json").standardizedFileURL
        let policy = try ResponsePolicy.decode(try Data(contentsOf: url))
        #expect(policy.platform == platform.rawValue)
        #expect(policy.sources.contains { $0.field == "firstResponse.seconds" })
    }

    @Test("A malformed policy is rejected naming the field", arguments: [
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[]}"#, "firstResponse"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[],"firstResponse":{"seconds":"180","clock":"window"}}"#, "firstResponse.seconds"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"sometimes"}}"#, "firstResponse.clock"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"window"}}"#, "firstResponse.windows"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"window","windows":[{"days":["mon"],"start":"8:00","end":"23:00"}]}}"#, "firstResponse.windows[0].start"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"calendar","holidays":["2026-13-01"]}}"#, "firstResponse.holidays[0]"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"timeZone":"Mars/Olympus","sources":[],"firstResponse":{"seconds":180,"clock":"calendar"}}"#, "timeZone"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"calendar"},"responseRate":{"kind":"answeredWithin","name":"r","threshold":1.5,"windowDays":14}}"#, "responseRate.threshold"),
        (#"{"platform":"pinduoduo","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"window","windows":[{"days":["mon"],"start":"08:00","end":"12:00"},{"days":["mon"],"start":"11:00","end":"13:00"}]}}"#, "firstResponse.windows"),
        (#"{"platform":"myspace","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"calendar"}}"#, "platform"),
        (#"{"platform":"ozon","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"calendar"},"replyLimits":{"maxCharacters":0}}"#, "replyLimits.maxCharacters"),
        (#"{"platform":"ozon","name":"x","version":1,"sources":[],"firstResponse":{"seconds":180,"clock":"calendar"},"replyLimits":{"windowSeconds":5}}"#, "replyLimits.windowSeconds"),
    ])
    func malformed(json: String, field: String) {
        #expect {
            _ = try ResponsePolicy.decode(Data(json.utf8))
        } throws: { error in
            guard let error = error as? KefuError else { return false }
            return error.code == "invalid_policy" && error.message.contains("at \(field):")
        }
    }
}
