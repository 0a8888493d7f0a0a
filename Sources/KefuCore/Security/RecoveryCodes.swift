/// One-use codes that stand in for an authenticator app that was lost: `xxxx-xxxx`, 40 random bits each.
public enum RecoveryCodes {
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".utf8)

    public static func generate(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let characters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(decoding: characters[0..<4], as: UTF8.self) + "-" + String(decoding: characters[4...], as: UTF8.self)
        }
    }

    /// The form codes are stored and compared in: lower case, without spaces or hyphens.
    public static func normalized(_ typed: String) -> String {
        String(typed.lowercased().filter { $0 != "-" && !$0.isWhitespace })
    }

    /// Whether `typed` looks like a recovery code rather than a six-digit one-time code.
    public static func looksLikeOne(_ typed: String) -> Bool {
        let code = normalized(typed)
        return code.count == 8 && code.utf8.allSatisfy { alphabet.contains($0) }
    }
}
