import KefuCore
import Testing

@Suite("Text folding")
struct TextFoldingTests {
    let folding = TextFolding.standard

    func folded(_ text: String) -> String {
        String(String.UnicodeScalarView(folding.fold(text).compactMap(Unicode.Scalar.init)))
    }

    @Test("Disguised spellings fold onto one form", arguments: [
        ("ＷｅＣｈａｔ", "wechat"),  // full-width
        ("w e-c.h_a*t", "wechat"),  // separators
        ("𝐰𝐞𝐜𝐡𝐚𝐭", "wechat"),  // mathematical bold
        ("ⓦⓔⓒⓗⓐⓣ", "wechat"),  // circled
        ("whаtsаpp", "whatsapp"),  // Cyrillic а
        ("V❤信", "v信"),  // emoji between
        ("微\u{200B}信", "微信"),  // zero-width space
        ("淘寶", "淘宝"),  // traditional
        ("e\u{301}", "e"),  // combining accent
        ("wéçhàt", "wechat"),  // precomposed accents
        ("😀👍🏽", ""),  // emoji and skin tone
    ])
    func disguises(text: String, expected: String) {
        #expect(folded(text) == expected)
    }

    @Test("Chinese numerals stay Chinese for terms; styled digits become digits")
    func digits() {
        #expect(folded("第一") == "第一")
        #expect(folded("①③⑧") == "138")
        #expect(folded("١٣٨") == "138")
    }
}
