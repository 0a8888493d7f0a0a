import Foundation

/// Replaces one buyer's personal data in stored text by masked forms, for a redaction the buyer asked for: what was
/// said stays (the platforms require the record), who said it and how to reach them do not.
///
/// What Kefu knows of the buyer (names, phone numbers, e-mail addresses, shipping addresses) is masked wherever it
/// appears. In the buyer's own messages (`everyContact`), any e-mail address and any number shaped like a phone
/// number is masked too; order numbers, prices and dates are not phone-shaped and stay.
public struct PersonalDataRedactor: Sendable {
    public var names: [String]
    public var phones: [String]
    public var emails: [String]
    public var addresses: [String]

    public init(names: [String], phones: [String], emails: [String], addresses: [String]) {
        self.names = names.filter { $0.count >= 2 && $0 != Self.maskName($0) }
        self.phones = phones.filter { ContactDetector.digits(of: $0).count >= 7 }
        self.emails = emails.filter { $0.contains("@") }
        self.addresses = addresses.filter { $0.count >= 6 }
    }

    public struct Result: Sendable, Equatable {
        public var text: String
        /// How many pieces of personal data were masked.
        public var replaced: Int
    }

    public func redact(_ text: String, everyContact: Bool = false) -> Result {
        var result = Result(text: text, replaced: 0)
        // Longest first, so a street that contains the buyer's name is masked as a whole.
        for address in addresses.sorted(by: { $0.count > $1.count }) {
            replace(address, with: Self.maskedAddress, in: &result)
        }
        for email in emails {
            replace(email, with: Self.maskEmail(email), in: &result, caseInsensitive: true)
        }
        if everyContact { maskEveryEmail(in: &result) }
        maskPhones(in: &result, everyContact: everyContact)
        for name in names.sorted(by: { $0.count > $1.count }) {
            replace(name, with: Self.maskName(name), in: &result, caseInsensitive: true, wholeWords: name.unicodeScalars.allSatisfy(\.isASCII))
        }
        return result
    }

    // MARK: - Masked forms

    public static let maskedAddress = "***"

    /// 王** · A***: the first letter stays so an agent can still tell two redacted buyers apart in one list.
    public static func maskName(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else { return name }
        return String(first) + (first.isASCII ? "***" : "**")
    }

    /// a***@example.com
    public static func maskEmail(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@"), let first = email.first else { return "***" }
        return String(first) + "***" + email[at...]
    }

    /// *******5678: the last four digits, enough to recognise a number the buyer gives again.
    public static func maskPhone(_ phone: String) -> String {
        maskPhone(digits: ContactDetector.digits(of: phone))
    }

    static func maskPhone(digits: String) -> String {
        String(repeating: "*", count: max(0, digits.count - 4)) + digits.suffix(4)
    }

    // MARK: - Finding them

    private func replace(_ needle: String, with mask: String, in result: inout Result, caseInsensitive: Bool = false, wholeWords: Bool = false) {
        guard !needle.isEmpty, needle != mask else { return }
        var options: String.CompareOptions = caseInsensitive ? [.caseInsensitive] : []
        options.insert(.literal)
        var searchStart = result.text.startIndex
        while let range = result.text.range(of: needle, options: options, range: searchStart..<result.text.endIndex) {
            if wholeWords, !Self.isWordBoundary(result.text, range) {
                searchStart = range.upperBound
                continue
            }
            result.text.replaceSubrange(range, with: mask)
            result.replaced += 1
            searchStart = result.text.index(range.lowerBound, offsetBy: mask.count, limitedBy: result.text.endIndex) ?? result.text.endIndex
        }
    }

    private static func isWordBoundary(_ text: String, _ range: Range<String.Index>) -> Bool {
        let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
        let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
        return !(before?.isLetter ?? false) && !(after?.isLetter ?? false) && !(before?.isNumber ?? false)
            && !(after?.isNumber ?? false)
    }

    private static let emailPattern = try! NSRegularExpression(pattern: "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")

    private func maskEveryEmail(in result: inout Result) {
        let text = result.text as NSString
        let matches = Self.emailPattern.matches(in: result.text, range: NSRange(location: 0, length: text.length))
        guard !matches.isEmpty else { return }
        var output = result.text
        for match in matches.reversed() {
            guard let range = Range(match.range, in: output) else { continue }
            let email = String(output[range])
            guard !email.contains("***@") else { continue }
            output.replaceSubrange(range, with: Self.maskEmail(email))
            result.replaced += 1
        }
        result.text = output
    }

    /// Runs of digits with the separators people type between them (spaces, hyphens, dots, brackets, a leading +).
    private func maskPhones(in result: inout Result, everyContact: Bool) {
        let known = Set(phones.map { String(ContactDetector.digits(of: $0).suffix(10)) })
        guard everyContact || !known.isEmpty else { return }
        let characters = Array(result.text)
        var output: [Character] = []
        output.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            guard characters[index].isASCIIDigitOrPlus else {
                output.append(characters[index])
                index += 1
                continue
            }
            var end = index
            var digits = ""
            while end < characters.count,
                characters[end].isASCII && (characters[end].isNumber || " -.()+".contains(characters[end]))
            {
                if characters[end].isNumber { digits.append(characters[end]) }
                end += 1
            }
            // Trailing separators belong to the sentence, not the number.
            while end > index, !characters[end - 1].isNumber { end -= 1 }
            let plus = characters[index] == "+"
            let bytes = digits.utf8.map { $0 - UInt8(ascii: "0") }
            let isKnown = digits.count >= 7 && known.contains(String(digits.suffix(10)))
            let isPhone = everyContact && ContactDetector.kind(bytes, plus: plus) != nil
            if end > index, isKnown || isPhone, !(index > 0 && characters[index - 1].isLetter) {
                output.append(contentsOf: Self.maskPhone(digits: digits))
                result.replaced += 1
                index = end
            } else {
                let stop = max(end, index + 1)
                output.append(contentsOf: characters[index..<stop])
                index = stop
            }
        }
        result.text = String(output)
    }
}

extension Character {
    fileprivate var isASCIIDigitOrPlus: Bool { isASCII && (isNumber || self == "+") }
}
