import Foundation

/// Cuts the quoted history from a reply: the earlier messages mail clients append under a marker. The conversation
/// already holds them, so the stored body keeps only what the customer wrote now; the raw source keeps everything.
public enum QuotedHistory {
    /// Lines that start a quoted message in the clients sellers' customers use.
    static let markerPrefixes = [
        "-----original message-----", "----- original message -----", "-------- original message --------",
        "-----原始邮件-----", "------------------ 原始邮件 ------------------", "------------------ original ------------------",
        "-------- исходное сообщение --------", "-------- пересылаемое сообщение --------",
        "-----ursprüngliche nachricht-----", "---- on ", "________________________________",
    ]

    /// The text before the quoted history (the whole text when there is none), trimmed.
    public static func cut(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0[...] }
        var end = lines.count
        for index in lines.indices where startsHistory(lines, at: index) {
            end = index
            break
        }
        // A block of "> " lines that runs to the end is quoted history too (Gmail's and Apple Mail's plain text).
        var quotedFrom = end
        while quotedFrom > 0 {
            let line = lines[quotedFrom - 1].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix(">") || line.isEmpty { quotedFrom -= 1 } else { break }
        }
        if quotedFrom < end, lines[quotedFrom..<end].contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(">") }) {
            end = quotedFrom
            // The attribution line right above the quote ("On … wrote:", Yandex's "24.11.2026, 10:00, Shop <…>:").
            if end > 0 {
                let above = lines[end - 1].trimmingCharacters(in: .whitespaces)
                if attribution(above) || above.hasSuffix(">:") { end -= 1 }
            }
        }
        let kept = lines[..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return kept.isEmpty ? text.trimmingCharacters(in: .whitespacesAndNewlines) : kept
    }

    static func startsHistory(_ lines: [Substring], at index: Int) -> Bool {
        let line = lines[index].trimmingCharacters(in: .whitespaces)
        let lowered = line.lowercased()
        if markerPrefixes.contains(where: { lowered.hasPrefix($0) }) { return true }
        if attribution(line) { return true }
        // "On Tue, 3 Nov 2026 at 10:00, Ann <ann@example.com>" then "wrote:" on the next line (Gmail wraps it).
        if lowered.hasPrefix("on "), index + 1 < lines.count,
            lines[index + 1].trimmingCharacters(in: .whitespaces).lowercased().hasSuffix("wrote:")
        {
            return true
        }
        // Outlook's header block: From: … then Sent:/Date: … within the next lines; likewise 发件人/发送时间 and От/Отправлено.
        for (from, sent) in [("from:", ["sent:", "date:"]), ("发件人:", ["发送时间:", "时间:", "日期:"]), ("发件人：", ["发送时间：", "时间：", "日期："]),
                             ("от:", ["отправлено:", "дата:"]), ("de :", ["envoyé :"])]
        where lowered.hasPrefix(from) {
            let next = lines[(index + 1)..<min(lines.count, index + 4)].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if next.contains(where: { candidate in sent.contains { candidate.hasPrefix($0) } }) { return true }
        }
        return false
    }

    /// "On … wrote:", "在 … 写道：", "… пишет:", "… написал(а):", "Le … a écrit :".
    static func attribution(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("on "), lowered.hasSuffix("wrote:") { return true }
        if trimmed.hasPrefix("在"), trimmed.hasSuffix("写道：") || trimmed.hasSuffix("写道:") { return true }
        if trimmed.hasSuffix("wrote:") && trimmed.contains("@") { return true }
        for ending in ["пишет:", "написал:", "написала:", "написал(а):", "a écrit :", "schrieb:"] where lowered.hasSuffix(ending) {
            return true
        }
        return false
    }
}
