/// A first guess at a message's language from the script it is written in, for display (right-to-left Arabic) and
/// for the reply-language rules of marketplaces. A connector that knows the buyer's language overrides it.
public enum ScriptLanguage {
    public static func guess(_ text: String) -> String? {
        var han = 0, kana = 0, hangul = 0, arabic = 0, cyrillic = 0, latin = 0
        for scalar in text.unicodeScalars.prefix(400) {
            switch scalar.value {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
            case 0x3040...0x30FF: kana += 1
            case 0xAC00...0xD7AF: hangul += 1
            case 0x0600...0x06FF, 0x0750...0x077F: arabic += 1
            case 0x0400...0x04FF: cyrillic += 1
            case 0x41...0x5A, 0x61...0x7A: latin += 1
            default: break
            }
        }
        let counts = [("zh", han), ("ja", kana * 3), ("ko", hangul), ("ar", arabic), ("ru", cyrillic), ("en", latin)]
        guard let best = counts.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }
}
