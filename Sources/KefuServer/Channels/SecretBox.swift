import Crypto
import Foundation

/// Seals channels' passwords, API keys and tokens before they reach the database (AES-256-GCM), and opens them for
/// the connector that uses them. Each sealed value names the key it was sealed with, so a rotation can be interrupted
/// at any point and every value still opens.
///
/// The keys come from `KEFU_SECRET_KEY` (base64 keys separated by commas, the first one sealing) or, without it, from
/// `secret.key` in the data directory, created with mode 0600 on first start. Several instances sharing one
/// PostgreSQL must share the key: set `KEFU_SECRET_KEY` on all of them.
struct SecretBox: Sendable {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// The key new values are sealed with, then older ones still accepted for opening.
    let keys: [SymmetricKey]
    /// Where the keys came from, for messages (never the keys themselves).
    let source: String

    init(keys: [SymmetricKey], source: String) {
        precondition(!keys.isEmpty)
        self.keys = keys
        self.source = source
    }

    static func keyID(_ key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: Data($0)) }
        return digest.prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    func seal(_ values: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plain = try encoder.encode(values)
        let box = try AES.GCM.seal(plain, using: keys[0])
        guard let combined = box.combined else { throw Problem(description: "AES-GCM produced no sealed box.") }
        return "v1:\(Self.keyID(keys[0])):\(combined.base64EncodedString())"
    }

    func open(_ sealed: String) throws -> [String: String] {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "v1", let combined = Data(base64Encoded: parts[2]) else {
            throw Problem(description: "A stored secret is not in Kefu's sealed form.")
        }
        // Another process may have rotated the key file since this one read it.
        let candidates = keys.contains(where: { Self.keyID($0) == parts[1] }) ? keys
            : (try? Self.parse(String(contentsOfFile: source, encoding: .utf8), from: source)) ?? keys
        guard let key = candidates.first(where: { Self.keyID($0) == parts[1] }) else {
            throw Problem(description: "A stored secret was sealed with key \(parts[1]), which \(source) does not hold.")
        }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key)
        return try JSONDecoder().decode([String: String].self, from: plain)
    }

    /// Whether `sealed` was sealed with the current key.
    func isCurrent(_ sealed: String) -> Bool {
        sealed.hasPrefix("v1:\(Self.keyID(keys[0])):")
    }

    /// For a process that opens no database (`kefu lint`): a key no secret was sealed with.
    static var unused: SecretBox { SecretBox(keys: [SymmetricKey(size: .bits256)], source: "no database") }

    // MARK: - Where the keys live

    static func fileURL(dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("secret.key")
    }

    /// The keys of this instance, creating the key file on first start.
    static func load(environmentKeys: String?, dataDirectory: String) throws -> SecretBox {
        if let environmentKeys {
            return SecretBox(keys: try parse(environmentKeys, from: "KEFU_SECRET_KEY"), source: "KEFU_SECRET_KEY")
        }
        let url = fileURL(dataDirectory: dataDirectory)
        if !FileManager.default.fileExists(atPath: url.path) {
            try writeKeyFile([SymmetricKey(size: .bits256)], to: url)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return SecretBox(keys: try parse(text, from: url.path), source: url.path)
    }

    static func parse(_ text: String, from source: String) throws -> [SymmetricKey] {
        let entries = text.split(whereSeparator: { $0 == "," || $0.isNewline }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let keys = try entries.map { entry -> SymmetricKey in
            guard let bytes = Data(base64Encoded: entry), bytes.count == 32 else {
                throw Problem(description: "\(source) must hold base64 keys of 32 bytes (make one with: openssl rand -base64 32).")
            }
            return SymmetricKey(data: bytes)
        }
        guard !keys.isEmpty else { throw Problem(description: "\(source) holds no key.") }
        return keys
    }

    /// Writes the keys, first one sealing, to a new file with mode 0600 that then replaces the old one.
    static func writeKeyFile(_ keys: [SymmetricKey], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text = keys.map { key in key.withUnsafeBytes { Data($0).base64EncodedString() } }.joined(separator: "\n") + "\n"
        let temporary = url.appendingPathExtension("new")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Problem(description: "Cannot create \(temporary.path).")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else {
            throw Problem(description: "Cannot write \(url.path): \(String(cString: strerror(errno))).")
        }
    }
}
