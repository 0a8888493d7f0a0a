/// A CSV document (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled.
///
/// Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) are prefixed with `'`, because exports
/// carry text that buyers wrote.
public struct CSVTable: Sendable {
    public private(set) var text: String

    public init(header: [String]) {
        text = ""
        append(header)
    }

    public mutating func append(_ row: [String]) {
        text += Self.row(row)
    }

    /// One row as a line, for writing a table in pieces.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    static func field(_ raw: String) -> String {
        var value = raw
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
