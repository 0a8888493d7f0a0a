import Fluent
import Foundation
import KefuCore
import SQLKit
import Vapor

/// A canned reply as the API shows it.
struct ReplyTemplate: Content {
    let id: UUID
    let title: String
    let body: String
    /// nil: every platform.
    let platform: Platform?
    let language: String?
    let variables: [String]
    let createdAt: Date
}

/// The workspace's canned replies: everyone who may reply reads them; supervisors and admins write them, and a
/// template for one platform must pass that platform's rules before it is saved. Sending one is a reply like any
/// other, checked again with the conversation's context.
struct ReplyTemplates {
    let db: any Database
    let transactions: WriteTransactions
    let compliance: ComplianceBook

    struct Input: Content {
        let title: String
        let body: String
        let platform: String?
        let language: String?
    }

    func list(workspace: UUID, search: String?, platform: Platform?) async throws -> [ReplyTemplate] {
        var query: SQLQueryString = """
            SELECT id, title, body, platform, language, created_at FROM reply_templates WHERE workspace_id = \(bind: workspace)
            """
        if let platform { query = query + " AND (platform IS NULL OR platform = \(bind: platform.rawValue))" }
        if let search, !search.isEmpty {
            query = query + " AND " + ConversationFilter.contains("title", search)
        }
        return try await db.sql.raw(query + " ORDER BY title LIMIT 200").all().map { row in
            let body = try row.decode(column: "body", as: String.self)
            return ReplyTemplate(
                id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self),
                body: body, platform: try row.decode(column: "platform", as: String?.self).flatMap(Platform.init(rawValue:)),
                language: try row.decode(column: "language", as: String?.self),
                variables: TemplateText(body).variables.map(\.rawValue),
                createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    func add(_ input: Input, by viewer: Viewer) async throws -> ReplyTemplate {
        try viewer.require(.editTemplates)
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 80 else {
            throw KefuError.invalid("invalid_field", "title must be 1–80 characters.")
        }
        let body = try ConversationService.checkedBody(input.body, field: "body")
        var platform: Platform?
        if let name = input.platform {
            let found = try Platform.named(name)
            platform = found
            let report = try await ComplianceService(db: db, book: compliance).check(body, against: .platform(found.rawValue), by: viewer)
            if report.verdict == .block { throw ComplianceRejection(report: report) }
        }
        let chosen = platform
        return try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            let created = ReplyTemplate(
                id: UUID(), title: title, body: body, platform: chosen, language: input.language,
                variables: TemplateText(body).variables.map(\.rawValue), createdAt: now)
            let exists = try await sql.raw(
                "SELECT id FROM reply_templates WHERE workspace_id = \(bind: viewer.workspaceID) AND title = \(bind: title)"
            ).first()
            guard exists == nil else { throw KefuError.conflict("template_exists", "The workspace already has a template with this title.") }
            try await sql.insert(into: "reply_templates")
                .columns("id", "workspace_id", "title", "body", "platform", "language", "created_by", "created_at")
                .values(created.id, viewer.workspaceID, title, body, created.platform?.rawValue, input.language, viewer.userID, now)
                .run()
            try await AuditLog.record(
                "template_added", conversation: nil, workspace: viewer.workspaceID, by: viewer, detail: ["title": title],
                at: now, on: sql)
            return created
        }
    }

    func remove(_ id: UUID, by viewer: Viewer) async throws {
        try viewer.require(.editTemplates)
        try await transactions.run(on: db) { tx in
            let sql = tx.sql
            let now = tx.now
            guard let row = try await sql.raw(
                "SELECT title FROM reply_templates WHERE id = \(bind: id) AND workspace_id = \(bind: viewer.workspaceID)"
            ).first() else { throw KefuError.notFound("template") }
            try await sql.raw("DELETE FROM reply_templates WHERE id = \(bind: id)").run()
            try await AuditLog.record(
                "template_removed", conversation: nil, workspace: viewer.workspaceID, by: viewer,
                detail: ["title": try row.decode(column: "title", as: String.self)], at: now, on: sql)
        }
    }
}
