/// Reads CSV (RFC 4180) as spreadsheets and chat tools export it: quoted fields with commas, doubled quotes and line
/// breaks, CRLF or LF rows, a UTF-8 byte-order mark, and the `'` Kefu's own exports put before formula-like cells.
public enum CSVReader {
    /// The rows, each a list of fields; a blank line is no row.
    public static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var wasQuoted = false
        var characters = text.unicodeScalars.makeIterator()
        var pending = characters.next()
        if pending == "\u{FEFF}" { pending = characters.next() }
        func endField() {
            row.append(!wasQuoted && field.hasPrefix("'") && "=+-@".contains(field.dropFirst().first ?? " ") ? String(field.dropFirst()) : field)
            field = ""
            wasQuoted = false
        }
        func endRow() {
            endField()
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
        }
        while let scalar = pending {
            pending = characters.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = characters.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
                wasQuoted = true
            case ",": endField()
            case "\r":
                if pending == "\n" { pending = characters.next() }
                endRow()
            case "\n": endRow()
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty || wasQuoted { endRow() }
        return rows
    }
}
