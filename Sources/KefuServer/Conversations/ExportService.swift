import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// The complete, permanent record of one conversation: every message and every change, for disputes and audits.
struct ExportService {
    let details: ConversationDetailService
    let db: any Database
    let clock: KefuClock

    struct AuditEventDTO: Content {
        let id: UUID
        let action: String
        let actor: String
        let userID: UUID?
        let detail: [String: String]
        let at: Date
    }

    struct ExportDTO: Content {
        let exportedAt: Date
        /// Named `thread` since the first export format; it holds the conversation in full.
        let thread: ConversationDetailDTO
        let auditEvents: [AuditEventDTO]
    }

    func export(_ id: UUID) async throws -> ExportDTO {
        let conversation = ConversationDetailDTO(try await details.detail(id))
        let rows = try await db.sql.raw(
            "SELECT * FROM audit_events WHERE conversation_id = \(bind: id) ORDER BY created_at, id"
        ).all()
        let events = try rows.map { row in
            let detail = try row.decode(column: "detail", as: String.self)
            return AuditEventDTO(
                id: try row.decode(column: "id", as: UUID.self),
                action: try row.decode(column: "action", as: String.self),
                actor: try row.decode(column: "actor", as: String.self),
                userID: try row.decode(column: "user_id", as: UUID?.self),
                detail: (try? JSONDecoder().decode([String: String].self, from: Data(detail.utf8))) ?? [:],
                at: try row.decode(column: "created_at", as: Date.self))
        }
        return ExportDTO(exportedAt: clock.now(), thread: conversation, auditEvents: events)
    }

    /// The same record as one CSV table, messages and events in time order.
    func csv(_ export: ExportDTO) -> String {
        var table = CSVTable(header: Self.csvHeader)
        for row in Self.csvRows(export) { table.append(row) }
        return table.text
    }

    static let csvHeader = ["time", "type", "direction_or_action", "author_or_actor", "user_id", "text", "delivery", "delivery_error", "id"]

    /// The record's messages and events, in time order, as rows under `csvHeader`.
    static func csvRows(_ export: ExportDTO) -> [[String]] {
        // A format style, not an `ISO8601DateFormatter` per record: a bulk export writes hundreds of thousands of rows.
        let iso = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var rows: [(Date, [String])] = export.thread.messages.map { message in
            (message.sentAt, [
                message.sentAt.formatted(iso), "message", message.direction.rawValue, message.author.rawValue,
                message.authorUserID?.uuidString ?? "", message.body, message.delivery?.state.rawValue ?? "",
                message.delivery?.error ?? "", message.id.uuidString,
            ])
        }
        rows += export.auditEvents.map { event in
            (event.at, [
                event.at.formatted(iso), "event", event.action, event.actor, event.userID?.uuidString ?? "",
                event.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                "", "", event.id.uuidString,
            ])
        }
        // Stable, so a message and an event of the same instant keep their order.
        return rows.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }
}
