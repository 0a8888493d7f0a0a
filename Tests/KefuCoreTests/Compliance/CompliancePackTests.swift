import Foundation
import KefuCore
import Testing

@Suite("Compliance rule packs")
struct RulePackTests {
    @Test("Every shipped pack and library loads, and every pack cites its sources", arguments: Platform.allCases)
    func shipped(platform: Platform) throws {
        let pack = try #require(ShippedRules.rules.packs[platform])
        #expect(!pack.sources.isEmpty)
        #expect(!ShippedRules.rules.outboundRules(for: platform).isEmpty)
        #expect(ShippedRules.rules.libraries.values.allSatisfy { !$0.sources.isEmpty })
    }

    @Test("A malformed pack is rejected naming the field", arguments: [
        (#"{"platform":"pinduoduo","version":1}"#, "ownFamilies"),
        (#"{"platform":"myspace","version":1,"ownFamilies":[],"ownDomains":[],"libraries":[],"rules":[],"detectors":{},"inboundLibraries":[],"sources":[]}"#, "platform"),
        (#"{"platform":"jd","version":1,"ownFamilies":[],"ownDomains":["jd com"],"libraries":[],"rules":[],"detectors":{},"inboundLibraries":[],"sources":[]}"#, "ownDomains[0]"),
        (#"{"platform":"jd","version":1,"ownFamilies":[],"ownDomains":[],"libraries":[],"rules":[{"id":"x","category":"abuse","severity":"block","message":{"zh":"x","en":"x"},"terms":["!!"]}],"detectors":{},"inboundLibraries":[],"sources":[]}"#, "rules[0].terms[0]"),
        (#"{"platform":"jd","version":1,"ownFamilies":[],"ownDomains":[],"libraries":[],"rules":[{"id":"x","category":"abuse","severity":"block","message":{"zh":"x","en":"x"},"terms":["ok","*ass*"]}],"detectors":{},"inboundLibraries":[],"sources":[]}"#, "rules[0].terms[1]"),
        (#"{"platform":"jd","version":1,"ownFamilies":[],"ownDomains":[],"libraries":[],"rules":[{"id":"x","category":"abuse","severity":"block","message":{"zh":"x","en":"x"},"terms":["what*sapp"]}],"detectors":{},"inboundLibraries":[],"sources":[]}"#, "rules[0].terms[0]"),
        (#"{"platform":"jd","version":1,"ownFamilies":[],"ownDomains":[],"libraries":[],"rules":[{"id":"x","category":"rudeness","severity":"block","message":{"zh":"x","en":"x"},"terms":["x"]}],"detectors":{},"inboundLibraries":[],"sources":[]}"#, "rules[0].category"),
        (#"{"platform":"tmall","version":1,"ownFamilies":[],"ownDomains":["tmall.com"],"libraries":[],"rules":[],"detectors":{"otherShopLink":{"domains":["tmall.hk"],"platformHosts":[],"severity":"block","message":{"zh":"x","en":"x"}}},"inboundLibraries":[],"sources":[]}"#, "detectors.otherShopLink.domains[0]"),
        (#"{"platform":"jd","version":1,"ownFamilies":[],"ownDomains":[],"libraries":[],"rules":[],"detectors":{"phone":"maybe"},"inboundLibraries":[],"sources":[]}"#, "detectors.phone"),
    ])
    func malformed(json: String, field: String) {
        #expect {
            _ = try CompliancePack.decode(Data(json.utf8))
        } throws: { error in
            (error as? KefuError)?.message.contains("at \(field)") == true
        }
    }

    @Test("A pack naming a library that does not exist is refused")
    func missingLibrary() throws {
        let pack = CompliancePack(platform: "jd", libraries: ["no-such-library"])
        #expect(throws: KefuError.self) { try CompliancePacks(libraries: [], packs: [pack]) }
    }
}
