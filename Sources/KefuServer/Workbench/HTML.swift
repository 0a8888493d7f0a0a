/// Builds HTML for the lists pages repeat hundreds of times (inbox rows, a conversation's messages). Leaf's interpreter spent
/// half of a 200-message conversation page on its loop; these lists are written here once and placed with `#unsafeHTML`.
struct HTML {
    private(set) var text = ""

    init(reservingCapacity capacity: Int = 0) {
        text.reserveCapacity(capacity)
    }

    /// Markup written by us, taken as it is.
    mutating func raw(_ markup: String) {
        text += markup
    }

    /// Text from data: escaped for element content and attribute values alike.
    mutating func text(_ value: String) {
        text += Self.escaped(value)
    }

    mutating func text(_ value: String?) {
        if let value { text(value) }
    }

    /// `<tag class="…">text</tag>`, the class and text escaped.
    mutating func element(_ tag: String, class name: String, _ content: String) {
        raw("<\(tag) class=\"")
        text(name)
        raw("\">")
        text(content)
        raw("</\(tag)>")
    }

    /// ` name="value"`, the value escaped.
    mutating func attribute(_ name: String, _ value: String) {
        raw(" \(name)=\"")
        text(value)
        raw("\"")
    }

    /// `&`, `<`, `>`, `"` and `'` as entities; the rest as it is. Works on the UTF-8 bytes, copying runs unchanged.
    static func escaped(_ value: String) -> String {
        var utf8 = value.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return value
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        utf8 = value.utf8
        for byte in utf8 {
            switch byte {
            case 0x26: out += [0x26, 0x61, 0x6D, 0x70, 0x3B]  // &amp;
            case 0x3C: out += [0x26, 0x6C, 0x74, 0x3B]  // &lt;
            case 0x3E: out += [0x26, 0x67, 0x74, 0x3B]  // &gt;
            case 0x22: out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]  // &quot;
            case 0x27: out += [0x26, 0x23, 0x33, 0x39, 0x3B]  // &#39;
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
