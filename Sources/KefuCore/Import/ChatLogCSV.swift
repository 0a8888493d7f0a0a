import Foundation

/// A chat log exported as CSV (from a marketplace's seller centre, a helpdesk or a spreadsheet) read as messages for
/// ingest. Columns are found by their header, in any order and case, under the names people give them:
///
/// | field | headers accepted | |
/// |---|---|---|
/// | conversation | `conversation`, `conversationId`, `thread`, `chat`, `会话`, `会话ID` | required |
/// | customer | `customer`, `customerId`, `buyer`, `buyerId`, `买家`, `买家ID` | required |
/// | body | `body`, `message`, `text`, `content`, `内容`, `消息` | required |
/// | message id | `messageId`, `id`, `消息ID` | else a hash of the row |
/// | customer name | `customerName`, `buyerName`, `name`, `买家昵称` | else the customer id |
/// | sent at | `sentAt`, `time`, `date`, `timestamp`, `时间` | ISO 8601, `2026-11-24 09:15:02` (UTC unless it says), or Unix seconds |
/// | author | `author`, `from`, `sender`, `direction`, `发送方` | `customer`/`buyer`/`买家`/`in` (default), `agent`/`seller`/`客服`/`out`, `platformCare`, `bot` |
/// | order | `orderNumber`, `order`, `订单号` | |
/// | subject | `subject`, `主题` | |
public struct ChatLogCSV: Sendable {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    enum Field: CaseIterable {
        case conversation, customer, body, messageID, customerName, sentAt, author, order, subject

        var headers: [String] {
            switch self {
            case .conversation: ["conversation", "conversationid", "conversation_id", "thread", "chat", "会话", "会话id"]
            case .customer: ["customer", "customerid", "customer_id", "buyer", "buyerid", "buyer_id", "买家", "买家id"]
            case .body: ["body", "message", "text", "content", "内容", "消息"]
            case .messageID: ["messageid", "message_id", "id", "消息id"]
            case .customerName: ["customername", "customer_name", "buyername", "buyer_name", "name", "买家昵称"]
            case .sentAt: ["sentat", "sent_at", "time", "date", "timestamp", "时间"]
            case .author: ["author", "from", "sender", "direction", "发送方"]
            case .order: ["ordernumber", "order_number", "order", "订单号"]
            case .subject: ["subject", "主题"]
            }
        }
    }

    let columns: [Field: Int]
    public let rows: [[String]]

    public init(_ text: String) throws(Problem) {
        var all = CSVReader.rows(text)
        guard !all.isEmpty else { throw Problem(description: "The file is empty.") }
        let header = all.removeFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var columns: [Field: Int] = [:]
        for field in Field.allCases {
            if let index = header.firstIndex(where: field.headers.contains) { columns[field] = index }
        }
        let missing = [Field.conversation, .customer, .body].filter { columns[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { $0.headers[0] }.joined(separator: ", ")
            throw Problem(description: "The header row needs a column for \(names) (see `kefu import --help`); it has \(header.joined(separator: ", ")).")
        }
        self.columns = columns
        rows = all
    }

    /// Row `index` (0 = the first after the header) as a message; `line` names it in errors.
    public func message(_ index: Int, receivedAt now: Date) throws(Problem) -> IncomingMessage {
        let row = rows[index]
        let line = index + 2
        func value(_ field: Field) -> String? {
            guard let column = columns[field], column < row.count else { return nil }
            let text = row[column].trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        guard let conversation = value(.conversation), let customer = value(.customer), let body = value(.body) else {
            throw Problem(description: "Line \(line) lacks a conversation, customer or body.")
        }
        var sentAt = now
        if let raw = value(.sentAt) {
            guard let parsed = Self.time(raw) else {
                throw Problem(description: "Line \(line): \(raw) is not a time (ISO 8601, 2026-11-24 09:15:02, or Unix seconds).")
            }
            sentAt = parsed
        }
        let author = try Self.author(value(.author), line: line)
        let id = value(.messageID) ?? "csv:" + Self.fingerprint(row.joined(separator: "\u{1F}"))
        return IncomingMessage(
            externalID: id, conversationExternalID: conversation,
            customer: .init(externalID: customer, name: value(.customerName) ?? customer),
            orderNumber: value(.order), subject: value(.subject), body: body, sentAt: sentAt, author: author)
    }

    static func author(_ raw: String?, line: Int) throws(Problem) -> MessageAuthor {
        guard let raw else { return .customer }
        switch raw.lowercased() {
        case "customer", "buyer", "买家", "in", "inbound": return .customer
        case "agent", "seller", "store", "客服", "卖家", "out", "outbound": return .agent
        case "platformcare", "platform", "平台": return .platformCare
        case "bot", "robot", "机器人": return .bot
        default: throw Problem(description: "Line \(line): author \(raw) is not customer, agent, platformCare or bot.")
        }
    }

    static func time(_ raw: String) -> Date? {
        if let seconds = Double(raw), seconds > 946_684_800 { return Date(timeIntervalSince1970: seconds > 1e12 ? seconds / 1000 : seconds) }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: raw) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: raw) { return date }
        let plain = DateFormatter()
        plain.locale = Locale(identifier: "en_US_POSIX")
        plain.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm"] {
            plain.dateFormat = format
            if let date = plain.date(from: raw) { return date }
        }
        return nil
    }

    /// FNV-1a, 64 bits, as hex: a stable id for a row that has none, so importing the file again stores nothing twice.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
