import Foundation
import KefuCore

/// How a bulk export's file reads: CSV (a byte-order mark so Excel reads Chinese, then one row per message and event
/// with the conversation's columns first) or JSON Lines (one conversation's complete record per line).
struct BulkExportFile {
    let format: BulkExports.Format
    /// Store names by id, for the CSV's `store` column.
    let stores: [UUID: String]

    static let conversationColumns = [
        "conversation_id", "store", "platform", "kind", "status", "order_number", "customer", "customer_id", "subject",
        "labels", "assignee_id",
    ]

    /// What the file starts with.
    func start() -> Data {
        switch format {
        case .csv: Data(("\u{FEFF}" + CSVTable(header: Self.conversationColumns + ExportService.csvHeader).text).utf8)
        case .jsonl: Data()
        }
    }

    /// One conversation's record.
    func record(_ export: ExportService.ExportDTO) throws -> Data {
        switch format {
        case .csv:
            let c = export.thread.conversation
            let leading = [
                c.id.uuidString, stores[c.storeID] ?? c.storeID.uuidString, c.platform.rawValue, c.kind.rawValue,
                c.status.rawValue, c.orderNumber ?? "", c.customer.name, export.thread.customer.externalID, c.subject ?? "",
                c.labels.joined(separator: "; "), c.assigneeID?.uuidString ?? "",
            ]
            var text = ""
            for row in ExportService.csvRows(export) { text += CSVTable.row(leading + row) }
            return Data(text.utf8)
        case .jsonl:
            var line = try Self.encoder.encode(export)
            line.append(0x0A)
            return line
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
