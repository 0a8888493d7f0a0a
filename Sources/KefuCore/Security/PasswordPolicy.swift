import Foundation

/// What a new password must be: long enough, not too long for bcrypt (which reads 72 bytes), and not one of the
/// passwords guessers try first — a common one, a common word with digits or symbols around it, one character over
/// and over, a run of digits or letters, or the user's own e-mail name.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 10
    public static let maximumBytes = 72

    /// Lower-cased common passwords and the words they are built from.
    public let common: Set<String>

    public init(common: Set<String>) {
        self.common = common
    }

    /// Reads a list of one password per line; `#` starts a comment.
    public init(list: String) {
        common = Set(list.split(whereSeparator: \.isNewline).compactMap { line in
            let word = line.trimmingCharacters(in: .whitespaces).lowercased()
            return word.isEmpty || word.hasPrefix("#") ? nil : word
        })
    }

    public enum Problem: String, Sendable, Equatable {
        case tooShort
        case tooLong
        case common
        case pattern
        case containsEmail
    }

    /// What is wrong with `password` for the user with `email`; `nil` when it will do.
    public func problem(with password: String, email: String) -> Problem? {
        if password.count < Self.minimumLength { return .tooShort }
        if password.utf8.count > Self.maximumBytes { return .tooLong }
        let lowered = password.lowercased()
        if common.contains(lowered) || common.contains(Self.core(of: lowered)) { return .common }
        if Self.isPattern(lowered) { return .pattern }
        let name = email.lowercased().prefix { $0 != "@" }
        if name.count >= 4, lowered.contains(name) { return .containsEmail }
        return nil
    }

    /// What a user reads when `problem` turned their password down.
    public static func message(for problem: Problem) -> String {
        switch problem {
        case .tooShort: "A password has at least \(minimumLength) characters."
        case .tooLong: "A password has at most \(maximumBytes) bytes (about 24 Chinese characters)."
        case .common: "This password is one of the first that guessers try; choose another."
        case .pattern: "A repeated character or a run of keys is guessed at once; choose another password."
        case .containsEmail: "A password must not contain your e-mail name."
        }
    }

    /// The password without the digits and symbols people add before and after a word ("password2024!" → "password").
    static func core(of password: String) -> String {
        let isDecoration: (Character) -> Bool = { !$0.isLetter }
        let trimmed = password.drop(while: isDecoration).reversed().drop(while: isDecoration).reversed()
        return String(trimmed)
    }

    /// One character repeated, a short unit repeated ("abcabcabc", "12121212"), or a run of consecutive characters.
    static func isPattern(_ password: String) -> Bool {
        let scalars = Array(password.unicodeScalars)
        for unit in 1...4 where scalars.count % unit == 0 && scalars.count >= unit * 2 {
            let head = Array(scalars[0..<unit])
            if stride(from: 0, to: scalars.count, by: unit).allSatisfy({ Array(scalars[$0..<$0 + unit]) == head }) {
                return true
            }
        }
        let steps = zip(scalars, scalars.dropFirst()).map { Int($1.value) - Int($0.value) }
        return steps.allSatisfy { $0 == 1 } || steps.allSatisfy { $0 == -1 }
    }
}
