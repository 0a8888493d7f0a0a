import Foundation

/// The messages of an mbox file, as mail programs export a mailbox: each starts at a line `From sender date`, and a
/// body line that began with `From ` was written as `>From ` (mboxrd: any number of `>`), which is undone here.
public enum Mbox {
    /// Each message's bytes, in file order, with CRLF or LF line ends as they were.
    public static func messages(in bytes: some Collection<UInt8>) -> [[UInt8]] {
        let data = Array(bytes)
        var messages: [[UInt8]] = []
        var current: [UInt8]?
        var lineStart = 0
        let from = Array("From ".utf8)
        while lineStart < data.count {
            var lineEnd = lineStart
            while lineEnd < data.count, data[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = min(lineEnd + 1, data.count)
            let line = data[lineStart..<next]
            // A separator is a "From " line at the start of the file or after an empty line.
            let afterBlank = lineStart == 0 || current.map(endsWithBlankLine) ?? true
            if line.starts(with: from), afterBlank {
                if let finished = current { messages.append(trimmingSeparatorBlank(finished)) }
                current = []
            } else if current != nil {
                current?.append(contentsOf: unquoted(line))
            }
            lineStart = next
        }
        if let finished = current { messages.append(trimmingSeparatorBlank(finished)) }
        return messages.filter { !$0.isEmpty }
    }

    /// `>From `, `>>From ` … lose one `>`.
    static func unquoted(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let quotes = line.prefix { $0 == UInt8(ascii: ">") }.count
        guard quotes > 0, line.dropFirst(quotes).starts(with: Array("From ".utf8)) else { return line }
        return line.dropFirst()
    }

    private static func endsWithBlankLine(_ bytes: [UInt8]) -> Bool {
        bytes.isEmpty || bytes.suffix(2) == [10, 10] || bytes.suffix(4) == [13, 10, 13, 10]
    }

    /// The blank line that precedes the next separator belongs to the file's format, not to the message.
    private static func trimmingSeparatorBlank(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.suffix(4) == [13, 10, 13, 10] { return Array(bytes.dropLast(2)) }
        if bytes.suffix(2) == [10, 10] { return Array(bytes.dropLast()) }
        return bytes
    }
}
