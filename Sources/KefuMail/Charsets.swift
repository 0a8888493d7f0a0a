import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns bytes in a mail charset into text. Chinese, Japanese, Russian and Arabic mail still arrives in the charsets
/// of its region (GB18030/GBK, Big5, ISO-2022-JP, KOI8-R, windows-1251/1256); `iconv`, which every Linux has, reads
/// them all.
public enum Charsets {
    /// The charset names mail uses for each, mapped to what iconv calls them. GB2312 and GBK mail routinely contains
    /// characters only their superset GB18030 defines, so all three are read as GB18030; likewise Big5 as
    /// Big5-HKSCS and ISO-8859-1 as windows-1252 (which mail clients write under that label).
    static func iconvName(_ charset: String) -> String {
        let name = charset.trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")).lowercased()
        switch name {
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312": return "GB18030"
        case "big5", "big5-hkscs", "x-big5", "cp950": return "BIG5-HKSCS"
        case "iso-8859-1", "latin1", "us-ascii", "ascii", "ansi_x3.4-1968": return "WINDOWS-1252"
        case "ks_c_5601-1987", "euc-kr": return "EUC-KR"
        case "utf8", "unicode-1-1-utf-8": return "UTF-8"
        default: return name.uppercased()
        }
    }

    /// `bytes` decoded from `charset`; nil when the charset is unknown here. Bytes that are invalid in the charset
    /// become U+FFFD rather than losing the rest of the text.
    public static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String? {
        let input = Array(bytes)
        let name = iconvName(charset ?? "utf-8")
        if name == "UTF-8" { return String(decoding: input, as: UTF8.self) }
        if input.allSatisfy({ $0 < 0x80 }), name != "ISO-2022-JP", name != "UTF-7", !name.hasPrefix("UTF-16") {
            return String(decoding: input, as: UTF8.self)
        }
        return convert(input, from: name)
    }

    /// `bytes` decoded from `charset`, or as UTF-8 (with replacement characters) when the charset is unknown: a mail
    /// must never be lost to a label nobody supports.
    public static func decodeLeniently(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        decode(bytes, charset: charset) ?? String(decoding: Array(bytes), as: UTF8.self)
    }

    private static func convert(_ input: [UInt8], from name: String) -> String? {
        let converter = iconv_open("UTF-8", name)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var output = [UInt8]()
        output.reserveCapacity(input.count * 2)
        var scratch = [UInt8](repeating: 0, count: 4_096)
        var source = input
        var offset = 0
        while offset < source.count {
            let (read, written, failed) = source.withUnsafeMutableBufferPointer { sourceBuffer in
                scratch.withUnsafeMutableBufferPointer { targetBuffer -> (Int, Int, Int32) in
                    guard let sourceBase = sourceBuffer.baseAddress, let targetBase = targetBuffer.baseAddress else {
                        return (0, 0, EINVAL)
                    }
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(sourceBase + offset)
                        .assumingMemoryBound(to: CChar.self)
                    var inLeft = sourceBuffer.count - offset
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(targetBase)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = targetBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let read = (sourceBuffer.count - offset) - inLeft
                    let written = targetBuffer.count - outLeft
                    return (read, written, result == -1 ? errno : 0)
                }
            }
            output.append(contentsOf: scratch[0..<written])
            offset += read
            switch failed {
            case 0, E2BIG: continue
            case EINVAL:
                // A sequence cut off at the end of the text.
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                offset = source.count
            default:
                // An invalid sequence: one replacement character, then carry on after the byte.
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                offset += 1
                // Reset the converter's shift state (ISO-2022-JP) before going on.
                iconv(converter, nil, nil, nil, nil)
            }
        }
        source.removeAll()
        return String(decoding: output, as: UTF8.self)
    }
}
