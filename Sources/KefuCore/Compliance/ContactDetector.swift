/// Finds contact details no lexicon can list: phone numbers (also spaced out, in full-width digits or Chinese
/// numerals), e-mail addresses, links and bare domains outside the platform, chat-app IDs, and the buyer's own
/// phone number or address copied from the order.
///
/// Runs only on texts the scan found digits, `@` or a dotted name in, so it may work on an array of the text's scalars.
struct ContactDetector {
    let text: String
    let scalars: [Unicode.Scalar]
    /// The UTF-16 offset of each scalar, and the text's length at the end.
    let offsets: [Int]
    let ownDomains: [String]
    let context: ComplianceContext
    let folding = TextFolding.standard

    init(text: String, ownDomains: [String], context: ComplianceContext) {
        self.text = text
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var offset = 0
        for scalar in text.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += scalar.value > 0xFFFF ? 2 : 1
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
        self.ownDomains = ownDomains
        self.context = context
    }

    // MARK: Phone numbers

    enum PhoneKind {
        case mainlandMobile, landline, international, northAmerican, russianMobile
    }

    func phoneFindings(phone: Severity?, buyerData: Severity?) -> [Finding] {
        let buyer = context.customerPhones.map(Self.digits(of:)).filter { $0.count >= 7 }
        let customerOrders = context.customerOrders.map(Self.digits(of:)).filter { $0.count >= Self.shortestOrderNumber }
        let orders = (context.orderNumbers.map(Self.digits(of:)) + customerOrders).filter { $0.count >= 7 }
        let orderLengths = Set(customerOrders.map(\.count))
        var findings: [Finding] = []
        var index = 0
        while index < scalars.count {
            guard let firstDigit = digit(at: index) else {
                index += 1
                continue
            }
            var digits = [firstDigit]
            var last = index
            var gap = 0
            var masks = 0
            var next = index + 1
            while next < scalars.count {
                if let value = digit(at: next) {
                    digits.append(value)
                    last = next
                    gap = 0
                    masks = 0
                } else if folding.entry(for: scalars[next]).isSkipped, scalars[next] != "+", scalars[next] != "@" {
                    gap += 1
                    if scalars[next] == "*" || scalars[next] == "＊" { masks += 1 }
                    // A masked number (138****5678) is two short runs, not one long one.
                    if gap > 3 || masks >= 2 { break }
                } else {
                    break
                }
                next += 1
            }
            let first = index
            index = last + 1
            // Digits glued to Latin letters are a code (a tracking number, a model), not a phone number.
            if first > 0, isASCIILetter(first - 1) { continue }
            if last + 1 < scalars.count, isASCIILetter(last + 1) { continue }
            let number = String(digits.map { Character(Unicode.Scalar(UInt8(48) + $0)) })
            if orders.contains(where: { $0.contains(number) }) { continue }
            let start = offsets[first]
            let end = offsets[last + 1]
            if let severity = buyerData, buyer.contains(where: { number == $0 || (number.count > $0.count && number.hasSuffix($0)) }) {
                findings.append(Finding(
                    rule: "detector.buyerPhone", category: .personalData, severity: severity, start: start, end: end,
                    matched: text.utf16Slice(start, end), message: Messages.buyerPhone, suggestion: Self.masked(number)))
                continue
            }
            if let severity = phone, let kind = Self.kind(digits, plus: plusBefore(first)) {
                findings.append(Finding(
                    rule: "detector.phone", category: .contactInfo, severity: severity, start: start, end: end,
                    matched: text.utf16Slice(start, end), message: Messages.phone,
                    suggestion: kind == .mainlandMobile ? Self.masked(number) : nil))
            } else if buyerData != nil, orderLengths.contains(number.count) {
                // A warning: the buyer's order list may be incomplete, and a reshipment has a number of its own.
                findings.append(Finding(
                    rule: "detector.otherOrder", category: .personalData, severity: .warn, start: start, end: end,
                    matched: text.utf16Slice(start, end), message: Messages.otherOrder))
            }
        }
        return findings
    }

    /// Order numbers shorter than this are not told apart from other numbers by their length alone.
    static let shortestOrderNumber = 10

    static func kind(_ d: [UInt8], plus: Bool) -> PhoneKind? {
        let count = d.count
        if count == 11, d[0] == 1, (3...9).contains(d[1]) { return .mainlandMobile }
        if count == 13, d[0] == 8, d[1] == 6, d[2] == 1, (3...9).contains(d[3]) { return .mainlandMobile }
        if count == 15, d[0] == 0, d[1] == 0, d[2] == 8, d[3] == 6, d[4] == 1 { return .mainlandMobile }
        if plus, (8...15).contains(count) { return .international }
        if (10...12).contains(count), d[0] == 0, d[1] != 0 { return .landline }
        if count == 10, (2...9).contains(d[0]), (2...9).contains(d[3]) { return .northAmerican }
        if count == 11, d[0] == 1, (2...9).contains(d[1]), (2...9).contains(d[4]) { return .northAmerican }
        if count == 11, d[0] == 7 || d[0] == 8, d[1] == 9 { return .russianMobile }
        return nil
    }

    /// 138****5678: what a reply may show of a mainland mobile number.
    static func masked(_ number: String) -> String? {
        guard number.count >= 11 else { return nil }
        let mobile = Array(number.suffix(11))
        return String(mobile[0..<3]) + "****" + String(mobile[7..<11])
    }

    static func digits(of text: String) -> String {
        String(text.unicodeScalars.compactMap { scalar -> Character? in
            let folded = TextFolding.standard.entry(for: scalar).codePoint
            return (0x30...0x39).contains(folded) ? Character(Unicode.Scalar(folded)!) : nil
        })
    }

    private func digit(at index: Int) -> UInt8? {
        let scalar = scalars[index]
        let folded = folding.entry(for: scalar)
        if !folded.isSkipped, (0x30...0x39).contains(folded.codePoint) { return UInt8(folded.codePoint - 0x30) }
        return ChineseNumerals.digit(scalar.value).map { UInt8($0) }
    }

    private func isASCIILetter(_ index: Int) -> Bool {
        let folded = folding.entry(for: scalars[index]).codePoint
        return (0x61...0x7A).contains(folded)
    }

    private func plusBefore(_ index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, scalars[cursor] == " " { cursor -= 1 }
        return cursor >= 0 && (scalars[cursor] == "+" || scalars[cursor] == "＋")
    }

    // MARK: E-mail, links and chat IDs

    /// The ASCII character a scalar reads as (full-width folded, lower case), or nil.
    private func ascii(_ index: Int) -> UInt8? {
        guard index >= 0, index < scalars.count else { return nil }
        let value = scalars[index].value
        if value < 0x80 { return UInt8(value) | (value >= 0x41 && value <= 0x5A ? 0x20 : 0) }
        if (0xFF01...0xFF5E).contains(value) {
            let folded = value - 0xFEE0
            return UInt8(folded) | (folded >= 0x41 && folded <= 0x5A ? 0x20 : 0)
        }
        if value == 0x3002 || value == 0xFF0E { return UInt8(ascii: ".") }
        return nil
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    func emailFindings(_ severity: Severity) -> [Finding] {
        var findings: [Finding] = []
        for index in scalars.indices where scalars[index] == "@" || scalars[index] == "＠" {
            var first = index
            while let byte = ascii(first - 1), Self.isAlnum(byte) || "._%+-".utf8.contains(byte) { first -= 1 }
            var last = index
            var dots = 0
            while let byte = ascii(last + 1), Self.isAlnum(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") {
                if byte == UInt8(ascii: ".") { dots += 1 }
                last += 1
            }
            while last > index, ascii(last) == UInt8(ascii: ".") {
                last -= 1
                dots -= 1
            }
            guard first < index, dots > 0, let tail = ascii(last), (0x61...0x7A).contains(tail) else { continue }
            let start = offsets[first]
            let end = offsets[last + 1]
            findings.append(Finding(
                rule: "detector.email", category: .contactInfo, severity: severity, start: start, end: end,
                matched: text.utf16Slice(start, end), message: Messages.email))
        }
        return findings
    }

    /// URLs (`https://…`, `www.…`) and bare domains with a known top-level domain (`shop-abc.com`, `taobao点com`),
    /// unless the host is one of the platform's own domains; there, links to shops other than the store's own when
    /// `shops` says the platform forbids them.
    func linkFindings(_ severity: Severity, category: ComplianceCategory, shops: ShopLinkRule? = nil) -> [Finding] {
        var findings: [Finding] = []
        var index = 0
        while index < scalars.count {
            guard isLinkCharacter(index) else {
                index += 1
                continue
            }
            var last = index
            while last + 1 < scalars.count, isLinkCharacter(last + 1) { last += 1 }
            var first = index
            index = last + 1
            // A link starts at a letter or digit: `下载：https://…` and `(www.…` must not keep the colon or bracket.
            while first < last, ascii(first).map(Self.isAlnum) != true { first += 1 }
            // Every link has a dot followed by a letter or digit in its host; most runs are plain words (`today.`).
            guard (first..<last).contains(where: { isDot($0) && ascii($0 + 1).map(Self.isAlnum) == true }) else { continue }
            var token = ""
            for position in first...last {
                if scalars[position] == "点" { token += "." } else if let byte = ascii(position) { token.append(Character(Unicode.Scalar(byte))) }
            }
            while let tail = token.last, ".,:;!?)/".contains(tail), token.count > 1 {
                token.removeLast()
                last -= 1
            }
            guard let host = Self.host(of: token) else { continue }
            let start = offsets[first]
            let end = offsets[last + 1]
            if isOwn(host) {
                if let shops, let finding = otherShopFinding(host, rule: shops, start: start, end: end) { findings.append(finding) }
                continue
            }
            let message = category == .suspiciousLink ? Messages.suspiciousLink : Messages.externalLink
            findings.append(Finding(
                rule: category == .suspiciousLink ? "detector.suspiciousLink" : "detector.externalLink", category: category,
                severity: severity, start: start, end: end, matched: text.utf16Slice(start, end), message: message))
        }
        return findings
    }

    /// A link to a shop that is not the store's own; a warning when the store's own shop is not known.
    private func otherShopFinding(_ host: String, rule: ShopLinkRule, start: Int, end: Int) -> Finding? {
        guard let shop = rule.shopHost(host), !context.shopHosts.contains(shop) else { return nil }
        let known = !context.shopHosts.isEmpty
        return Finding(
            rule: "detector.otherShopLink", category: .externalLink, severity: known ? rule.severity : .warn,
            start: start, end: end, matched: text.utf16Slice(start, end),
            message: known ? rule.message : Messages.unknownShopLink(rule.message))
    }

    /// `.`, its full-width and ideographic forms, or 点 written for a dot.
    private func isDot(_ index: Int) -> Bool {
        scalars[index] == "点" || ascii(index) == UInt8(ascii: ".")
    }

    private func isLinkCharacter(_ index: Int) -> Bool {
        if scalars[index] == "点" {
            // 点 stands for a dot only between Latin letters or digits: taobao点com.
            guard let before = ascii(index - 1), let after = ascii(index + 1) else { return false }
            return Self.isAlnum(before) && Self.isAlnum(after)
        }
        guard let byte = ascii(index) else { return false }
        return Self.isAlnum(byte) || "-._~:/?#[]@!$&'()*+,;=%".utf8.contains(byte)
    }

    /// The host a token links to, if it is a link: a scheme, `www.`, or a dotted name ending in a known top-level domain.
    static func host(of token: String) -> String? {
        var rest = Substring(token)
        var explicit = false
        for scheme in ["https://", "http://"] where rest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            explicit = true
        }
        if rest.hasPrefix("www.") { explicit = true }
        if let at = rest.lastIndex(of: "@"), explicit { rest = rest[rest.index(after: at)...] }
        let host = rest.prefix { !"/?#:".contains($0) }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }) else {
            return nil
        }
        guard let top = labels.last, explicit || topLevelDomains.contains(String(top)) else { return nil }
        // A bare name needs a real label before the top-level domain: `1.5.com` is no link, `e.g.` has no TLD.
        if !explicit, labels.dropLast().last?.contains(where: \.isLetter) != true { return nil }
        return String(host)
    }

    private func isOwn(_ host: String) -> Bool {
        ShopLinkRule.host(host, isUnder: ownDomains)
    }

    static let topLevelDomains: Set<String> = [
        "com", "net", "org", "cn", "info", "biz", "top", "xyz", "shop", "store", "site", "online", "vip", "club", "cc", "co",
        "io", "me", "ru", "ae", "sa", "uk", "us", "de", "jp", "hk", "tw", "app", "link", "ly", "gl", "to", "tk", "ml", "ga",
        "cf", "gq", "live", "work", "ink", "fun", "icu", "wang", "ltd", "tech", "page", "su", "by", "kz", "ua", "eg", "in",
        "fr", "it", "es", "ca", "au", "sg", "my", "kr",
    ]

    /// An account ID written after a chat app's name (`微信号：abc_123`, `QQ 12345678`).
    func chatID(after end: Int, severity: Severity) -> Finding? {
        guard var index = offsets.firstIndex(of: end), index < scalars.count else { return nil }
        var skipped = 0
        while index < scalars.count, skipped < 4, " :：号是为=＝-".unicodeScalars.contains(scalars[index]) {
            index += 1
            skipped += 1
        }
        let first = index
        while let byte = ascii(index), Self.isAlnum(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") { index += 1 }
        guard (5...20).contains(index - first) else { return nil }
        let start = offsets[first]
        let stop = offsets[index]
        return Finding(
            rule: "detector.chatID", category: .contactInfo, severity: severity, start: start, end: stop,
            matched: text.utf16Slice(start, stop), message: Messages.chatID)
    }

    // MARK: The buyer's address

    /// The longest stretch of the buyer's address that the text repeats, if it is long enough to identify them.
    func addressFindings(_ address: String, severity: Severity, positions: UnsafeMutableBufferPointer<ComplianceGuard.Position>) -> [Finding] {
        let target = folding.fold(address)
        let needed = min(10, target.count)
        guard needed >= 6, positions.count >= needed else { return [] }
        let folded = positions.map { Unicode.Scalar($0.codePoint).map { folding.entry(for: $0).codePoint } ?? 0 }
        var previous = [Int](repeating: 0, count: target.count + 1)
        var current = previous
        var best = (length: 0, last: 0)
        for row in 0..<positions.count {
            for column in 0..<target.count {
                current[column + 1] = folded[row] == target[column] ? previous[column] + 1 : 0
                if current[column + 1] > best.length { best = (current[column + 1], row) }
            }
            swap(&previous, &current)
        }
        guard best.length >= needed else { return [] }
        let start = Int(positions[best.last - best.length + 1].start)
        let end = Int(positions[best.last].end)
        return [Finding(
            rule: "detector.customerAddress", category: .personalData, severity: severity, start: start, end: end,
            matched: text.utf16Slice(start, end), message: Messages.customerAddress)]
    }
}
