import Foundation

/// What a backup holds, written beside it (`FILE.manifest.json`) and checked again on restore: how many rows each
/// table had, and one checksum over every message, so a restore proves it brought back exactly what was saved.
public struct BackupManifest: Codable, Equatable, Sendable {
    public static let currentFormat = 1

    public var format: Int
    public var kefuVersion: String
    /// `sqlite` or `postgres`: a backup restores into the kind of database it came from.
    public var database: String
    public var createdAt: Date
    /// Rows per table.
    public var counts: [String: Int]
    /// SHA-256 over every message's id, conversation and text, in id order.
    public var messagesSHA256: String

    public init(kefuVersion: String, database: String, createdAt: Date, counts: [String: Int], messagesSHA256: String) {
        format = Self.currentFormat
        self.kefuVersion = kefuVersion
        self.database = database
        self.createdAt = createdAt
        self.counts = counts
        self.messagesSHA256 = messagesSHA256
    }

    /// How `found` (what a backup or restored database holds now) differs from this manifest; empty when it does not.
    public func differences(from found: BackupManifest) -> [String] {
        var differences: [String] = []
        for table in Set(counts.keys).union(found.counts.keys).sorted() where counts[table] != found.counts[table] {
            differences.append("\(table): \(counts[table].map(String.init) ?? "none") saved, \(found.counts[table].map(String.init) ?? "none") found")
        }
        if messagesSHA256 != found.messagesSHA256 {
            differences.append("the messages' checksum differs: their text or ids changed")
        }
        return differences
    }

    public static func decode(_ data: Data) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(BackupManifest.self, from: data)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
