import Foundation
import KefuCore
import Testing

@Suite("Backup manifest: what differs is named, and it reads back what it wrote")
struct BackupManifestTests {
    let saved = BackupManifest(
        kefuVersion: "0.1.0", database: "sqlite", createdAt: Date(timeIntervalSince1970: 1_800_000_000),
        counts: ["messages": 3, "conversations": 2], messagesSHA256: "abc")

    @Test("Counts and the checksum are compared table by table")
    func differences() {
        #expect(saved.differences(from: saved).isEmpty)
        var found = saved
        found.counts["messages"] = 2
        found.counts["orders"] = 1
        found.messagesSHA256 = "abd"
        #expect(saved.differences(from: found) == [
            "messages: 3 saved, 2 found", "orders: none saved, 1 found",
            "the messages' checksum differs: their text or ids changed",
        ])
    }

    @Test("A manifest survives its JSON")
    func roundTrip() throws {
        #expect(try BackupManifest.decode(saved.encoded()) == saved)
    }
}
